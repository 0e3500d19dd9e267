/**
 * Notifications to visitors (plan changes), sent after the change is committed, one e-mail per
 * visitor, and every one recorded, sent or failed: a coordinator can see who was told what.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { notifications, visitors } from '../../db/schema.js';
import { authorizeRole } from '../http/authorize.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { planChangeEmail } from '../mail/templates.js';

export interface PlanChangeNotice {
  visitorId: string;
  /** One French sentence per visit changed. */
  lines: string[];
}

export async function notifyPlanChanges(
  services: Pick<AppServices, 'db' | 'mailer' | 'config'>,
  organisationId: string,
  notices: readonly PlanChangeNotice[],
  log: { error(obj: object, msg?: string): void },
) {
  const wanted = notices.filter((n) => n.lines.length > 0);
  if (wanted.length === 0) return { sent: 0, failed: 0, skipped: 0 };
  const rows = await services.db
    .select({ id: visitors.id, email: visitors.email, firstName: visitors.firstName, lastName: visitors.lastName })
    .from(visitors)
    .where(and(eq(visitors.organisationId, organisationId), inArray(visitors.id, wanted.map((n) => n.visitorId))));
  const byId = new Map(rows.map((r) => [r.id, r]));
  let sent = 0;
  let failed = 0;
  let skipped = 0;
  for (const notice of wanted) {
    const visitor = byId.get(notice.visitorId);
    if (!visitor?.email) {
      skipped++;
      continue;
    }
    const mail = planChangeEmail({
      visitorName: `${visitor.firstName} ${visitor.lastName}`,
      lines: notice.lines,
      link: `${services.config.publicUrl}/aujourdhui`,
    });
    let status: 'sent' | 'failed' = 'sent';
    let error: string | null = null;
    try {
      await services.mailer.send({ to: visitor.email, ...mail });
      sent++;
    } catch (cause) {
      status = 'failed';
      error = cause instanceof Error ? cause.message : String(cause);
      failed++;
      log.error({ err: cause, visitorId: visitor.id }, 'plan change e-mail failed');
    }
    await services.db.insert(notifications).values({
      organisationId,
      visitorId: visitor.id,
      kind: 'plan_change',
      recipient: visitor.email,
      subject: mail.subject,
      body: mail.text,
      status,
      error,
    });
  }
  return { sent, failed, skipped };
}

export async function listNotifications(ctx: AuthenticatedContext, input: { page: number; pageSize: number }) {
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
        ctx.actor.localServiceId ? eq(visitors.localServiceId, ctx.actor.localServiceId) : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt))
    .limit(input.pageSize + 1)
    .offset((input.page - 1) * input.pageSize);
  return { items: rows.slice(0, input.pageSize), page: input.page, hasMore: rows.length > input.pageSize };
}
