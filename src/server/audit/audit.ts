/**
 * Reads of personal data leave a trace too: opening a person's file, their visits and reports,
 * their alerts, evaluations, consents, an export, a calendar feed. Who, when, which record and
 * whom it is about; never the content. Writes are audited by the write mechanism
 * (src/server/write/write.ts), not here.
 */
import { is, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
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
  const rows = entries.map((e) => ({
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
  }));
  // Inside a write's transaction the rows commit (durably) with the write.
  if (is(db, PgTransaction)) {
    await db.insert(auditLog).values(rows);
    return;
  }
  // On its own, the read's trace commits without waiting for the disk (ADR 0025): waiting for
  // the WAL flush halved the visitor's day and the person's file, the two reads that audit on
  // every call. A PostgreSQL crash may lose the last fraction of a second of read traces, never
  // a write nor its audit; `set_config(…, true)` lasts for this statement's transaction only.
  await db.execute(sql`
    insert into ${auditLog} (organisation_id, user_id, kind, action, entity_type, entity_id,
      subject_id, diff, ip, source)
    select r.organisation_id, r.user_id, r.kind, r.action, r.entity_type, r.entity_id,
      r.subject_id, r.diff, r.ip, r.source
    from json_to_recordset(${JSON.stringify(rows.map(toColumns))}::json) as r(
      organisation_id uuid, user_id uuid, kind text, action text, entity_type text,
      entity_id text, subject_id uuid, diff jsonb, ip text, source text)
    where set_config('synchronous_commit', 'off', true) is not null`);
}

/** The row under its SQL column names, for json_to_recordset. */
function toColumns(row: typeof auditLog.$inferInsert) {
  return {
    organisation_id: row.organisationId,
    user_id: row.userId,
    kind: row.kind,
    action: row.action,
    entity_type: row.entityType,
    entity_id: row.entityId,
    subject_id: row.subjectId,
    diff: row.diff,
    ip: row.ip ?? null,
    source: row.source,
  };
}
