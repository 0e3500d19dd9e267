/**
 * The audit trail: every write stores who, when and what changed (a field-by-field diff) in the
 * same transaction as the write; every read of a person's full record is logged too.
 */
import { auditLog } from '../../db/schema.js';
import type { DbOrTx } from '../../db/database.js';
import type { RequestContext } from '../http/context.js';

export type Diff = Record<string, [unknown, unknown]>;

const IGNORED_FIELDS = new Set(['updatedAt', 'createdAt', 'passwordHash']);

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value === undefined ? null : value;
}

/** Field-by-field difference; a creation is a diff from nothing, a deletion a diff to nothing. */
export function diffRecords(before: object | null, after: object | null): Diff {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const diff: Diff = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (IGNORED_FIELDS.has(key)) continue;
    const from = normalise(b[key]);
    const to = normalise(a[key]);
    if (JSON.stringify(from) !== JSON.stringify(to)) diff[key] = [from, to];
  }
  return diff;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: object | null;
  after?: object | null;
  /** For writes without a natural before/after (merge, login…). */
  diff?: Diff;
}

export async function auditWrite(tx: DbOrTx, ctx: Pick<RequestContext, 'actor' | 'ip'>, entry: AuditEntry) {
  const diff = entry.diff ?? diffRecords(entry.before ?? null, entry.after ?? null);
  await tx.insert(auditLog).values({
    organisationId: ctx.actor?.organisationId ?? null,
    userId: ctx.actor?.id ?? null,
    kind: 'write',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    diff,
    ip: ctx.ip,
  });
}

export async function auditRead(
  db: DbOrTx,
  ctx: RequestContext,
  entry: { action: string; entityType: string; entityId: string },
) {
  await db.insert(auditLog).values({
    organisationId: ctx.actor?.organisationId ?? null,
    userId: ctx.actor?.id ?? null,
    kind: 'read',
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    diff: null,
    ip: ctx.ip,
  });
}
