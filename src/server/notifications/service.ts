/**
 * Notifications to visitors (plan changes). Each one is recorded, as "pending", in the write
 * that causes it (so it is on that write's audit trail, entity `notification`); the e-mails leave
 * only after that write has committed, one per visitor, and each one's outcome (sent or failed) is
 * recorded by the write mechanism too: a coordinator can see who was told what.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Tx } from '../../db/database.js';
import { notifications, visitors } from '../../db/schema.js';
import { authorizeRole } from '../http/authorize.js';
import { systemContext, type AppServices, type AuthenticatedContext } from '../http/context.js';
import type { EmailContent } from '../mail/templates.js';
import { planChangeEmail } from '../mail/templates.js';
import { write, type AuditTrail, type Target } from '../write/write.js';

export interface PlanChangeNotice {
  visitorId: string;
  /** One French sentence per visit changed. */
  lines: string[];
}

/** A notification recorded by a write, to be sent once that write has committed. */
export interface PendingNotification {
  id: string;
  organisationId: string;
  to: string;
  mail: EmailContent;
}

/**
 * Records, inside the write that changed the plan, one pending notification per visitor told
 * (visitors with no e-mail address are skipped), each on the write's audit trail.
 */
export async function recordPlanChanges(
  tx: Tx,
  trail: AuditTrail,
  config: Pick<AppServices['config'], 'publicUrl'>,
  organisationId: string,
  notices: readonly PlanChangeNotice[],
): Promise<PendingNotification[]> {
  const wanted = notices.filter((n) => n.lines.length > 0);
  if (wanted.length === 0) return [];
  const rows = await tx
    .select({
      id: visitors.id,
      email: visitors.email,
      firstName: visitors.firstName,
      lastName: visitors.lastName,
    })
    .from(visitors)
    .where(
      and(
        eq(visitors.organisationId, organisationId),
        inArray(
          visitors.id,
          wanted.map((n) => n.visitorId),
        ),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pending: PendingNotification[] = [];
  for (const notice of wanted) {
    const visitor = byId.get(notice.visitorId);
    if (!visitor?.email) continue;
    const mail = planChangeEmail({
      visitorName: `${visitor.firstName} ${visitor.lastName}`,
      lines: notice.lines,
      link: `${config.publicUrl}/aujourdhui`,
    });
    const [row] = await tx
      .insert(notifications)
      .values({
        organisationId,
        visitorId: visitor.id,
        kind: 'plan_change',
        recipient: visitor.email,
        subject: mail.subject,
        body: mail.text,
        status: 'pending',
      })
      .returning();
    trail.record({ entityType: 'notification', entityId: row!.id, after: row! });
    pending.push({ id: row!.id, organisationId, to: visitor.email, mail });
  }
  return pending;
}

type NotificationRow = typeof notifications.$inferSelect;

async function notificationTarget(tx: Tx, id: string): Promise<Target<NotificationRow> | null> {
  const [row] = await tx.select().from(notifications).where(eq(notifications.id, id)).for('update');
  if (!row) return null;
  return {
    row,
    scope: { organisationId: row.organisationId },
    entityType: 'notification',
    entityId: id,
  };
}

/**
 * After the commit of the write that recorded them: sends the e-mails, one by one, and records
 * each one's outcome. A failure is logged and recorded, never thrown: the change is already made.
 */
export async function sendNotifications(
  services: AppServices,
  log: FastifyBaseLogger,
  pending: readonly PendingNotification[],
) {
  let sent = 0;
  let failed = 0;
  for (const notification of pending) {
    let status: 'sent' | 'failed' = 'sent';
    let error: string | null = null;
    try {
      await services.mailer.send({ to: notification.to, ...notification.mail });
      sent++;
    } catch (cause) {
      status = 'failed';
      error = cause instanceof Error ? cause.message : String(cause);
      failed++;
      log.error({ err: cause, notificationId: notification.id }, 'plan change e-mail failed');
    }
    // The mail transport's report, not anyone's decision: recorded as the system's.
    const ctx = systemContext(services, log, 'mail:plan-change', notification.organisationId);
    await write(ctx, {
      systemAction: 'notification.deliver',
      load: (tx) => notificationTarget(tx, notification.id),
      apply: async (tx) => {
        await tx
          .update(notifications)
          .set({ status, error })
          .where(eq(notifications.id, notification.id));
      },
    }).catch((cause: unknown) =>
      log.error(
        { err: cause, notificationId: notification.id },
        'recording a notification outcome failed',
      ),
    );
  }
  return { sent, failed };
}

export async function listNotifications(
  ctx: AuthenticatedContext,
  input: { page: number; pageSize: number },
) {
  authorizeRole(ctx.actor, 'notification.list');
  const rows = await ctx.db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      recipient: notifications.recipient,
      subject: notifications.subject,
      body: notifications.body,
      status: notifications.status,
      error: notifications.error,
      createdAt: notifications.createdAt,
      visitorId: notifications.visitorId,
    })
    .from(notifications)
    .leftJoin(visitors, eq(visitors.id, notifications.visitorId))
    .where(
      and(
        eq(notifications.organisationId, ctx.actor.organisationId),
        // A coordinator of one local service sees what was sent to that service's visitors.
        ctx.actor.localServiceId
          ? eq(visitors.localServiceId, ctx.actor.localServiceId)
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt))
    .limit(input.pageSize + 1)
    .offset((input.page - 1) * input.pageSize);
  return {
    items: rows.slice(0, input.pageSize),
    page: input.page,
    hasMore: rows.length > input.pageSize,
  };
}
