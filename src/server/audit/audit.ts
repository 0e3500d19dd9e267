/**
 * Reads of personal data leave a trace too: opening a person's file, their visits and reports,
 * their alerts, evaluations, consents, an export, a calendar feed. Who, when, which record and
 * whom it is about; never the content. Writes are audited by the write mechanism
 * (src/server/write/write.ts), not here.
 */
import { auditLog } from '../../db/schema.js';
import type { DbOrTx } from '../../db/database.js';
import type { RequestContext } from '../http/context.js';

export interface ReadEntry {
  action: string;
  entityType: string;
  entityId: string;
  /** The person accompanied the data is about (for the "qui a consulté" view and erasure). */
  subjectId?: string | null;
  /**
   * Who read, when no one is signed in: a calendar app fetching a visitor's secret feed reads on
   * behalf of that visitor's account, of their organisation.
   */
  userId?: string | null;
  organisationId?: string | null;
  /** What was read when it is not one record: a list's export keeps its filters and row count. */
  details?: Record<string, unknown> | null;
}

export async function auditRead(
  db: DbOrTx,
  ctx: Pick<RequestContext, 'actor' | 'ip' | 'source'>,
  entry: ReadEntry | ReadEntry[],
) {
  const entries = Array.isArray(entry) ? entry : [entry];
  if (!entries.length) return;
  await db.insert(auditLog).values(
    entries.map((e) => ({
      organisationId: e.organisationId ?? ctx.actor?.organisationId ?? null,
      userId: e.userId ?? ctx.actor?.id ?? null,
      kind: 'read',
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      subjectId: e.subjectId ?? null,
      diff: e.details ?? null,
      ip: ctx.ip,
      source: ctx.source ?? null,
    })),
  );
}
