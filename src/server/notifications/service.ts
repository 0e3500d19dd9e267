/**
 * Notifications to visitors (plan changes). Each one is recorded, as "pending", in the write
 * that causes it (so it is on that write's audit trail, entity `notification`), with its e-mail in
 * the outbox of the same transaction (src/server/mail/outbox.ts): the `mail-send` job sends it
 * and records its outcome (sent or failed) on the notification: a coordinator can see who was
 * told what.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { notifications, visitors } from '../../db/schema.js';
import { authorizeRole } from '../http/authorize.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import type { EmailContent } from '../mail/templates.js';
import { planChangeEmail } from '../mail/templates.js';
import { queueMail } from '../mail/outbox.js';
import type { AuditTrail } from '../write/write.js';

export interface PlanChangeNotice {
  visitorId: string;
  /** One French sentence per visit changed. */
  lines: string[];
}

/** A notification recorded by a write; its e-mail leaves once that write has committed. */
export interface PendingNotification {
  id: string;
  organisationId: string;
  to: string;
  mail: EmailContent;
}

/**
 * Records, inside the write that changed the plan, one pending notification per visitor told
 * (visitors with no e-mail address are skipped), each on the write's audit trail, and its e-mail
 * in the outbox.
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
    await queueMail(tx, trail, {
      kind: 'plan_change',
      organisationId,
      notificationId: row!.id,
      to: visitor.email,
      ...mail,
    });
    pending.push({ id: row!.id, organisationId, to: visitor.email, mail });
  }
  return pending;
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
