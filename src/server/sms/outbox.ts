/**
 * The SMS outbox (ADR 0032), the e-mail outbox's twin (ADR 0015). An SMS is a row of
 * `sms_outbox`, written in the transaction of the change that causes it (`queueSms`): a change
 * that rolls back sends nothing, a change that commits cannot lose its SMS. The `sms-send` job
 * sends it over SMPP (`deliverOutboxSms`), with retries and exponential backoff; the SMSC's
 * message id is kept, and its delivery receipt later recorded on the row (receive.ts).
 *
 * Sent once: a sender first claims the row (pending → sending, one UPDATE: of two senders, one
 * wins), sends, then records "sent" in one write, with the contact it makes in the contact log.
 * The one at-least-once window: the SMSC accepted it and the process died before "sent" was
 * recorded; the claim goes stale and the SMS leaves again.
 *
 * Without SMPP_URL nothing is sent, nor pretended: SMS stay pending and the worker says so.
 */
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Tx } from '../../db/database.js';
import { people, smsOutbox, visitors } from '../../db/schema.js';
import { NOTE_MAX } from '../../domain/contacts/model.js';
import { smsRecipient } from '../../domain/sms/phone.js';
import { appendContact } from '../contacts/service.js';
import { systemContext, type AppServices } from '../http/context.js';
import { badRequest } from '../http/errors.js';
import type { JobSender } from '../jobs/names.js';
import { write, type AuditTrail, type Target } from '../write/write.js';

export interface QueuedSms {
  organisationId: string;
  /** The number as written (any French form); refused when it cannot receive an SMS. */
  to: string;
  text: string;
  /** What the SMS is for: a short code of the caller (`neighbour_ask`). */
  kind: string;
  /** Who it is to: once sent, the SMS is in their contact log. The caller checked the scope. */
  subject?: { personId: string } | { visitorId: string };
  /**
   * The SMS asks a question: `<handler>:<reference>` (see `smsReplyKey`); the next SMS from that
   * number goes to that handler (replies.ts). Null or absent: no reply awaited.
   */
  replyKey?: string | null;
}

/** Longest text accepted: a few SMS (an operator bills each part; a long text is a letter). */
const SMS_TEXT_MAX = 640;
const KIND = /^[a-z][a-z0-9_]{0,39}$/;
const REPLY_KEY = /^[a-z][a-z0-9_-]{0,39}:\S{1,200}$/;

/** Longer than the `sms-send` job's expiry, so a live (slow) sender is never overtaken. */
const STALE_CLAIM_MINUTES = 10;
const MAX_ATTEMPTS = 12;
const LOST_AFTER_MINUTES = 2;
const RETRY_LOST_AFTER_HOURS = 6;

const SOURCE = 'job:sms-send';

/**
 * Writes the SMS in the caller's transaction; once the write commits, hands it to the queue (if
 * this process runs one; otherwise a worker's sweep finds it). A number that cannot receive an
 * SMS, or an empty or too long text, is refused with a French message (400) before anything is
 * written: thrown inside the caller's write, it rolls the whole change back.
 */
export async function queueSms(tx: Tx, trail: AuditTrail, sms: QueuedSms): Promise<string> {
  const recipient = smsRecipient(sms.to);
  if (!recipient.ok) throw badRequest(recipient.message, { field: 'to' });
  const text = sms.text.trim();
  if (!text) throw badRequest('Le texte du SMS est vide.', { field: 'text' });
  if (text.length > SMS_TEXT_MAX)
    throw badRequest(
      `Le texte du SMS est trop long (${text.length} caractères, ${SMS_TEXT_MAX} au plus).`,
      { field: 'text' },
    );
  if (!KIND.test(sms.kind)) throw new Error(`queueSms: kind "${sms.kind}" is not a short code`);
  if (sms.replyKey != null && !REPLY_KEY.test(sms.replyKey))
    throw new Error(`queueSms: reply key "${sms.replyKey}" is not <handler>:<reference>`);
  const personId = sms.subject && 'personId' in sms.subject ? sms.subject.personId : null;
  const visitorId = sms.subject && 'visitorId' in sms.subject ? sms.subject.visitorId : null;
  const [row] = await tx
    .insert(smsOutbox)
    .values({
      organisationId: sms.organisationId,
      kind: sms.kind,
      recipient: recipient.e164,
      text,
      personId,
      visitorId,
      replyKey: sms.replyKey ?? null,
    })
    .returning({ id: smsOutbox.id });
  const outboxId = row!.id;
  trail.afterCommit(async (ctx) => ctx.jobs?.enqueue('sms-send', { outboxId }));
  return outboxId;
}

type OutboxRow = typeof smsOutbox.$inferSelect;

export async function smsOutboxTarget(tx: Tx, id: string): Promise<Target<OutboxRow> | null> {
  const [row] = await tx.select().from(smsOutbox).where(eq(smsOutbox.id, id)).for('update');
  if (!row) return null;
  return {
    row,
    scope: { organisationId: row.organisationId },
    entityType: 'outbox_sms',
    entityId: id,
    subjectId: row.personId,
  };
}

/** Takes the row for sending, or answers null: already sent, failed for good, or being sent. */
async function claim(services: AppServices, id: string) {
  const [row] = await services.db
    .update(smsOutbox)
    .set({ status: 'sending', attempts: sql`${smsOutbox.attempts} + 1`, claimedAt: new Date() })
    .where(
      and(
        eq(smsOutbox.id, id),
        or(
          eq(smsOutbox.status, 'pending'),
          and(
            eq(smsOutbox.status, 'sending'),
            lt(smsOutbox.claimedAt, sql`now() - make_interval(mins => ${STALE_CLAIM_MINUTES})`),
          ),
        ),
      ),
    )
    .returning();
  return row ?? null;
}

/** The local service of the person or visitor the SMS went to (the contact log keeps it). */
async function subjectService(tx: Tx, row: OutboxRow) {
  if (row.personId) {
    const [person] = await tx
      .select({ localServiceId: people.localServiceId })
      .from(people)
      .where(eq(people.id, row.personId))
      .for('update');
    return person ? { localServiceId: person.localServiceId } : null;
  }
  if (row.visitorId) {
    const [visitor] = await tx
      .select({ localServiceId: visitors.localServiceId })
      .from(visitors)
      .where(eq(visitors.id, row.visitorId))
      .for('update');
    return visitor ? { localServiceId: visitor.localServiceId } : null;
  }
  return null;
}

/**
 * The outcome, in one write (`sms.deliver`, audited as the system's): the row, and for an SMS
 * sent to a person or a visitor, its contact in their log (channel `sms`, outcome `sent`, the
 * text as the note).
 */
async function recordOutcome(
  services: AppServices,
  log: FastifyBaseLogger,
  row: OutboxRow,
  outcome: { status: 'sent'; messageId: string } | { status: 'failed'; error: string },
) {
  const ctx = systemContext(services, log, SOURCE, row.organisationId);
  await write(ctx, {
    systemAction: 'sms.deliver',
    load: (tx) => smsOutboxTarget(tx, row.id),
    apply: async (tx, _row, trail) => {
      const sentAt = new Date();
      await tx
        .update(smsOutbox)
        .set(
          outcome.status === 'sent'
            ? { status: 'sent', sentAt, messageId: outcome.messageId, lastError: null }
            : { status: 'failed', lastError: outcome.error },
        )
        .where(eq(smsOutbox.id, row.id));
      if (outcome.status !== 'sent') return;
      const subject = await subjectService(tx, row);
      if (!subject) return;
      await appendContact(tx, trail, {
        organisationId: row.organisationId,
        localServiceId: subject.localServiceId,
        personId: row.personId,
        visitorId: row.visitorId,
        channel: 'sms',
        outcome: 'sent',
        occurredAt: sentAt,
        note: row.text.slice(0, NOTE_MAX),
        createdBy: null,
      });
    },
  });
}

let warnedUnconfigured = false;

/** Said once per process (and at every sweep that finds SMS waiting): an operator reads it. */
function warnUnconfigured(log: FastifyBaseLogger, waiting?: number) {
  if (waiting === undefined && warnedUnconfigured) return;
  warnedUnconfigured = true;
  log.warn(
    { waiting },
    'SMS not sent: SMPP_URL is not set, so SMS stay in the outbox (sms_outbox, status pending) until it is; see docs/deployment.md',
  );
}

/**
 * Sends one SMS of the outbox (the `sms-send` job). Returns 'skipped' when there is nothing to
 * do (sent already, failed for good, another sender on it), 'not_configured' without SMPP_URL
 * (the SMS stays pending, untouched); throws when the SMSC refused or could not be reached, after
 * recording the attempt, so the queue retries later. `finalAttempt`: the queue will not retry, so
 * a failure marks the SMS failed for good.
 */
export async function deliverOutboxSms(
  services: AppServices,
  log: FastifyBaseLogger,
  outboxId: string,
  options: { finalAttempt: boolean },
): Promise<'sent' | 'skipped' | 'not_configured'> {
  const gateway = services.sms;
  if (!gateway) {
    warnUnconfigured(log);
    return 'not_configured';
  }
  const row = await claim(services, outboxId);
  if (!row) return 'skipped';
  let messageId: string;
  try {
    messageId = await gateway.send({ to: row.recipient, text: row.text });
  } catch (error) {
    const message = describe(error);
    if (options.finalAttempt || row.attempts >= MAX_ATTEMPTS) {
      await recordOutcome(services, log, row, { status: 'failed', error: message });
      log.error({ outboxId, attempts: row.attempts }, 'SMS given up after its last attempt');
    } else {
      // Back to pending for the queue's next attempt: the sender's bookkeeping, not audited.
      await services.db
        .update(smsOutbox)
        .set({ status: 'pending', lastError: message })
        .where(eq(smsOutbox.id, row.id));
    }
    throw error;
  }
  await recordOutcome(services, log, row, { status: 'sent', messageId });
  return 'sent';
}

const describe = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * The SMS whose job was lost (see `sweepOutbox` of the e-mails): handed to the queue again.
 * Without SMPP_URL there is nothing to hand over: it says how many wait.
 */
export async function sweepSmsOutbox(
  services: AppServices,
  jobs: JobSender,
  log: FastifyBaseLogger,
): Promise<number> {
  const lost = await services.db
    .select({ id: smsOutbox.id })
    .from(smsOutbox)
    .where(
      or(
        and(
          eq(smsOutbox.status, 'pending'),
          eq(smsOutbox.attempts, 0),
          lt(smsOutbox.createdAt, sql`now() - make_interval(mins => ${LOST_AFTER_MINUTES})`),
        ),
        and(
          eq(smsOutbox.status, 'pending'),
          lt(smsOutbox.claimedAt, sql`now() - make_interval(hours => ${RETRY_LOST_AFTER_HOURS})`),
        ),
        and(
          eq(smsOutbox.status, 'sending'),
          lt(smsOutbox.claimedAt, sql`now() - make_interval(mins => ${STALE_CLAIM_MINUTES})`),
        ),
      ),
    )
    .orderBy(smsOutbox.createdAt)
    .limit(500);
  if (!services.sms) {
    if (lost.length) warnUnconfigured(log, lost.length);
    return 0;
  }
  for (const { id } of lost) await jobs.enqueue('sms-send', { outboxId: id });
  return lost.length;
}

/**
 * Sends every pending SMS now, in this process, by the same path as the job (tests that run no
 * queue). Failures stay pending for a later attempt, unless `finalAttempt`.
 */
export async function deliverPendingSms(
  services: AppServices,
  log: FastifyBaseLogger,
  options: { finalAttempt?: boolean } = {},
) {
  const pending = await services.db
    .select({ id: smsOutbox.id })
    .from(smsOutbox)
    .where(eq(smsOutbox.status, 'pending'))
    .orderBy(smsOutbox.createdAt);
  let sent = 0;
  let failed = 0;
  for (const { id } of pending) {
    try {
      const finalAttempt = options.finalAttempt ?? false;
      if ((await deliverOutboxSms(services, log, id, { finalAttempt })) === 'sent') sent++;
    } catch {
      failed++;
    }
  }
  return { sent, failed };
}
