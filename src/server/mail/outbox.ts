/**
 * The e-mail outbox (ADR 0015). An e-mail is a row of `mail_outbox`, written in the transaction
 * of the change that causes it (`queueMail`): a change that rolls back sends nothing, a change
 * that commits cannot lose its e-mail, whatever the SMTP server is doing. The `mail-send` job
 * sends it (`deliverOutboxMail`), with retries and exponential backoff.
 *
 * Sent once: a sender first claims the row (pending → sending, one UPDATE: of two senders, one
 * wins), sends, then records "sent" in one write. The only at-least-once window: the SMTP server
 * accepted the message and the process died (or the database failed) before "sent" was recorded;
 * the claim goes stale and the e-mail is sent again, with the same Message-ID (the row id).
 */
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Tx } from '../../db/database.js';
import { mailOutbox, notifications } from '../../db/schema.js';
import { systemContext, type AppServices } from '../http/context.js';
import type { JobSender } from '../jobs/names.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import type { OutgoingMail } from './mailer.js';

type MailKind = 'invitation' | 'password_reset' | 'plan_change' | 'professional_check';

export interface QueuedMail extends Omit<OutgoingMail, 'idempotencyKey'> {
  kind: MailKind;
  organisationId: string;
  /** The visitor notification this e-mail carries: its status follows the delivery. */
  notificationId?: string | null;
}

/**
 * A claim older than this belongs to a sender that died mid-send: the row may be taken again.
 * Longer than the `mail-send` job's expiry, so a live (slow) sender is never overtaken.
 */
const STALE_CLAIM_MINUTES = 10;
/** Attempts across every job for one e-mail; the last failure marks it failed for good. */
const MAX_ATTEMPTS = 12;
/** An e-mail never attempted this long after it was queued lost its job (sweep). */
const LOST_AFTER_MINUTES = 2;
/** An e-mail retried earlier and left pending this long lost its retry (longer than any backoff). */
const RETRY_LOST_AFTER_HOURS = 6;

const SOURCE = 'job:mail-send';

/**
 * Writes the e-mail in the caller's transaction; once the write commits, hands it to the queue
 * (if this process runs one; otherwise a worker's sweep finds it).
 */
export async function queueMail(tx: Tx, trail: AuditTrail, mail: QueuedMail): Promise<string> {
  const [row] = await tx
    .insert(mailOutbox)
    .values({
      organisationId: mail.organisationId,
      kind: mail.kind,
      recipient: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      notificationId: mail.notificationId ?? null,
    })
    .returning({ id: mailOutbox.id });
  const outboxId = row!.id;
  trail.afterCommit(async (ctx) => ctx.jobs?.enqueue('mail-send', { outboxId }));
  return outboxId;
}

type OutboxRow = typeof mailOutbox.$inferSelect;

async function outboxTarget(tx: Tx, id: string): Promise<Target<OutboxRow> | null> {
  const [row] = await tx.select().from(mailOutbox).where(eq(mailOutbox.id, id)).for('update');
  if (!row) return null;
  return {
    row,
    scope: { organisationId: row.organisationId },
    entityType: 'outbox_mail',
    entityId: id,
  };
}

/** Takes the row for sending, or answers null: already sent, failed for good, or being sent. */
async function claim(services: AppServices, id: string) {
  const [row] = await services.db
    .update(mailOutbox)
    .set({ status: 'sending', attempts: sql`${mailOutbox.attempts} + 1`, claimedAt: new Date() })
    .where(
      and(
        eq(mailOutbox.id, id),
        or(
          eq(mailOutbox.status, 'pending'),
          and(
            eq(mailOutbox.status, 'sending'),
            lt(mailOutbox.claimedAt, sql`now() - make_interval(mins => ${STALE_CLAIM_MINUTES})`),
          ),
        ),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * The outcome, in one write: the outbox row (sent: its bodies, which hold sign-in links, are
 * emptied; failed: the last error kept) and the notification it carries, audited as the
 * system's (`mail.deliver`, `notification.deliver`).
 */
async function recordOutcome(
  services: AppServices,
  log: FastifyBaseLogger,
  row: OutboxRow,
  outcome: { status: 'sent'; messageId: string } | { status: 'failed'; error: string },
) {
  const ctx = systemContext(services, log, SOURCE, row.organisationId);
  await write(ctx, {
    systemAction: 'mail.deliver',
    load: (tx) => outboxTarget(tx, row.id),
    apply: async (tx, _row, trail) => {
      await tx
        .update(mailOutbox)
        .set(
          outcome.status === 'sent'
            ? {
                status: 'sent',
                sentAt: new Date(),
                messageId: outcome.messageId,
                lastError: null,
                textBody: '',
                htmlBody: '',
              }
            : { status: 'failed', lastError: outcome.error },
        )
        .where(eq(mailOutbox.id, row.id));
      if (!row.notificationId) return;
      const [before] = await tx
        .select()
        .from(notifications)
        .where(eq(notifications.id, row.notificationId))
        .for('update');
      if (!before) return;
      const [after] = await tx
        .update(notifications)
        .set({ status: outcome.status, error: outcome.status === 'failed' ? outcome.error : null })
        .where(eq(notifications.id, row.notificationId))
        .returning();
      trail.record({
        entityType: 'notification',
        entityId: before.id,
        action: 'notification.deliver',
        before,
        after: after!,
      });
    },
  });
}

/**
 * Sends one e-mail of the outbox (the `mail-send` job). Returns 'skipped' when there is nothing
 * to do (sent already, failed for good, another sender on it); throws when the SMTP server
 * refused, after recording the attempt, so the queue retries later. `finalAttempt`: the queue
 * will not retry, so a failure marks the e-mail failed for good.
 */
export async function deliverOutboxMail(
  services: AppServices,
  log: FastifyBaseLogger,
  outboxId: string,
  options: { finalAttempt: boolean },
): Promise<'sent' | 'skipped'> {
  const row = await claim(services, outboxId);
  if (!row) return 'skipped';
  let messageId: string;
  try {
    messageId = await services.mailer.send({
      to: row.recipient,
      subject: row.subject,
      text: row.textBody,
      html: row.htmlBody,
      idempotencyKey: row.id,
    });
  } catch (error) {
    const message = describe(error);
    if (options.finalAttempt || row.attempts >= MAX_ATTEMPTS) {
      await recordOutcome(services, log, row, { status: 'failed', error: message });
      log.error({ outboxId, attempts: row.attempts }, 'e-mail given up after its last attempt');
    } else {
      // Back to pending for the queue's next attempt: bookkeeping of the sender, not a change
      // anyone made (the audit keeps the outcome, not each attempt).
      await services.db
        .update(mailOutbox)
        .set({ status: 'pending', lastError: message })
        .where(eq(mailOutbox.id, row.id));
    }
    throw error;
  }
  await recordOutcome(services, log, row, { status: 'sent', messageId });
  return 'sent';
}

const describe = (error: unknown) => {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return (cause instanceof Error ? cause.message : String(cause)).slice(0, 500);
};

/**
 * The e-mails whose job was lost (the process stopped between the commit and the hand-over,
 * or no queue ran where they were written, or a sender died mid-send): handed to the queue
 * again. A second job for an e-mail already in the queue is harmless: the claim lets one send.
 */
export async function sweepOutbox(services: AppServices, jobs: JobSender): Promise<number> {
  const lost = await services.db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      or(
        and(
          eq(mailOutbox.status, 'pending'),
          eq(mailOutbox.attempts, 0),
          lt(mailOutbox.createdAt, sql`now() - make_interval(mins => ${LOST_AFTER_MINUTES})`),
        ),
        and(
          eq(mailOutbox.status, 'pending'),
          lt(mailOutbox.claimedAt, sql`now() - make_interval(hours => ${RETRY_LOST_AFTER_HOURS})`),
        ),
        and(
          eq(mailOutbox.status, 'sending'),
          lt(mailOutbox.claimedAt, sql`now() - make_interval(mins => ${STALE_CLAIM_MINUTES})`),
        ),
      ),
    )
    .orderBy(mailOutbox.createdAt)
    .limit(500);
  for (const { id } of lost) await jobs.enqueue('mail-send', { outboxId: id });
  return lost.length;
}

/**
 * Sends every pending e-mail now, in this process, by the same path as the job (tests that run
 * no queue). Failures stay pending for a later attempt, unless `finalAttempt`.
 */
export async function deliverPendingMail(
  services: AppServices,
  log: FastifyBaseLogger,
  options: { finalAttempt?: boolean } = {},
) {
  const pending = await services.db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(eq(mailOutbox.status, 'pending'))
    .orderBy(mailOutbox.createdAt);
  let sent = 0;
  let failed = 0;
  for (const { id } of pending) {
    try {
      const finalAttempt = options.finalAttempt ?? false;
      if ((await deliverOutboxMail(services, log, id, { finalAttempt })) === 'sent') sent++;
    } catch {
      failed++;
    }
  }
  return { sent, failed };
}
