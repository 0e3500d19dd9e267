/** Browsing the audit trail of one organisation (administrators only), newest first. */
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { containsPattern, exactTimestampKey, type DbOrTx } from '../../db/database.js';
import { auditLog, people, users } from '../../db/schema.js';
import { isoDate, keysetPagination, uuid } from '../../domain/common/schemas.js';
import { decodeCursor, encodeCursor, isExactTimestamp } from '../../domain/common/cursor.js';
import { badRequest } from '../http/errors.js';
import { SERVICE_TIME_ZONE } from '../../domain/common/calendar.js';
import { can, type Actor } from '../../domain/permissions/policy.js';
import { authorize } from '../http/authorize.js';

export const auditListQuery = keysetPagination
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
  const after = query.after ? auditCursor(query.after) : null;
  // The log grows without end (every change, every file opened): the total is counted up to a
  // bound, which costs at most that many index entries, and said as "more than" past it.
  const [counted] = await db.select({ n: count() }).from(
    db
      .select({ one: sql`1` })
      .from(auditLog)
      .where(where)
      .limit(AUDIT_COUNT_CAP + 1)
      .as('capped'),
  );
  const matching = counted?.n ?? 0;
  const rows = await db
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
      // The exact timestamp (microseconds) for the cursor: a JavaScript Date keeps milliseconds.
      atKey: exactTimestampKey(auditLog.at),
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(
      and(
        where,
        after
          ? sql`(${auditLog.at}, ${auditLog.id}) < (${after.at}::timestamptz, ${after.id}::bigint)`
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    // One more row than asked tells whether there is a next page.
    .limit(query.pageSize + 1)
    .offset(after ? 0 : (query.page - 1) * query.pageSize);
  const more = rows.length > query.pageSize;
  const page = rows.slice(0, query.pageSize).map(({ atKey: _key, ...item }) => item);
  const names = await personNames(db, actor, page);
  const items = page.map((item) => ({
    ...item,
    entityName: item.entityType === 'person' ? (names.get(item.entityId ?? '') ?? null) : null,
  }));
  const last = rows[query.pageSize - 1];
  return {
    items,
    total: Math.min(matching, AUDIT_COUNT_CAP),
    totalIsCapped: matching > AUDIT_COUNT_CAP,
    page: query.page,
    pageSize: query.pageSize,
    nextCursor: more && last ? encodeCursor([last.atKey, last.id]) : null,
  };
}

/** Entries counted at most, for the total shown above the log. */
export const AUDIT_COUNT_CAP = 10_000;

/** The position after which the next page starts: the last entry's exact time and id. */
function auditCursor(cursor: string) {
  const [at, id] = decodeCursor(cursor, ['string', 'number']) ?? [];
  if (!isExactTimestamp(at) || !Number.isSafeInteger(id) || (id as number) < 1)
    throw badRequest('Curseur de pagination invalide.');
  return { at, id };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whose file a line is about ("A ouvert la fiche — Hélène Lefèvre"): the names of the page's
 * people, in one query by primary key, for a reader allowed to see the people list.
 */
async function personNames(
  db: DbOrTx,
  actor: Actor,
  items: readonly { entityType: string; entityId: string | null }[],
): Promise<Map<string, string>> {
  const ids = [
    ...new Set(
      items
        .filter((i) => i.entityType === 'person' && i.entityId && UUID.test(i.entityId))
        .map((i) => i.entityId!),
    ),
  ];
  if (!ids.length || !can(actor, 'person.list').allowed) return new Map();
  const rows = await db
    .select({ id: people.id, firstName: people.firstName, lastName: people.lastName })
    .from(people)
    .where(and(eq(people.organisationId, actor.organisationId), inArray(people.id, ids)));
  return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`]));
}
