/** Browsing the audit trail of one organisation (administrators only), newest first. */
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { containsPattern, type DbOrTx } from '../../db/database.js';
import { auditLog, users } from '../../db/schema.js';
import { isoDate, pagination, uuid } from '../../domain/common/schemas.js';
import { SERVICE_TIME_ZONE } from '../../domain/common/calendar.js';
import type { Actor } from '../../domain/permissions/policy.js';
import { authorize } from '../http/authorize.js';

export const auditListQuery = pagination
  .extend({
    /** Part of the action name ("person.", "merge"…). */
    action: z.string().trim().max(60).optional(),
    kind: z.enum(['write', 'read'], { message: 'Type attendu : write ou read.' }).optional(),
    entityType: z
      .string()
      .trim()
      .regex(/^[a-z_]{1,40}$/, 'Type d’objet invalide.')
      .optional(),
    entityId: z.string().trim().max(60).optional(),
    userId: uuid.optional(),
    /** Calendar dates, in Paris time, both included. */
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'La date de début doit précéder la date de fin.',
    path: ['to'],
  });
export type AuditListQuery = z.infer<typeof auditListQuery>;

export async function listAudit(db: DbOrTx, actor: Actor, query: AuditListQuery) {
  authorize(actor, 'audit.read', { organisationId: actor.organisationId });
  const conditions: (SQL | undefined)[] = [eq(auditLog.organisationId, actor.organisationId)];
  if (query.action) {
    conditions.push(sql`${auditLog.action} like ${containsPattern(query.action)}`);
  }
  if (query.kind) conditions.push(eq(auditLog.kind, query.kind));
  if (query.entityType) conditions.push(eq(auditLog.entityType, query.entityType));
  if (query.entityId) conditions.push(eq(auditLog.entityId, query.entityId));
  if (query.userId) conditions.push(eq(auditLog.userId, query.userId));
  if (query.from) {
    conditions.push(
      sql`${auditLog.at} >= (${query.from}::date)::timestamp at time zone ${SERVICE_TIME_ZONE}`,
    );
  }
  if (query.to) {
    conditions.push(
      sql`${auditLog.at} < ((${query.to}::date + 1)::timestamp at time zone ${SERVICE_TIME_ZONE})`,
    );
  }
  const where = and(...conditions);
  const [total] = await db.select({ n: count() }).from(auditLog).where(where);
  const items = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      kind: auditLog.kind,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      diff: auditLog.diff,
      ip: auditLog.ip,
      userId: auditLog.userId,
      userName: users.displayName,
      userEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { items, total: total?.n ?? 0, page: query.page, pageSize: query.pageSize };
}
