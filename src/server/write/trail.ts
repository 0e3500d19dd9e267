/**
 * What one write changed, collected while it runs and written to the audit log at its end, in
 * its transaction. Values pass through the field classification (masked, identity, clear) before
 * they are stored.
 */
import { auditLog } from '../../db/schema.js';
import type { DbOrTx } from '../../db/database.js';
import { redactDiff, type Diff } from '../../domain/audit/fields.js';
import type { RequestContext } from '../http/context.js';

// Timestamps, and a person's stored search keys (derived from the names: no change of their own).
const IGNORED_FIELDS = new Set(['updatedAt', 'createdAt', 'searchText', 'sortLast', 'sortFirst']);
/** Audit rows per statement. */
const FLUSH_SLICE = 100;

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

export interface TrailEntry {
  entityType: string;
  entityId: string | null;
  /** The person accompanied this record is about, if any: an erasure finds the row by it. */
  subjectId?: string | null;
  /** Defaults to the write's action. */
  action?: string;
  before?: object | null;
  after?: object | null;
  /** For changes with no natural rows (a sign-in): given as it is, still redacted. */
  diff?: Diff;
  /** The user the row is about when no one is signed in yet (sign-in, password link). */
  userId?: string | null;
  organisationId?: string | null;
  /** Puts the row first (the write's own target). */
  first?: boolean;
}

type Row = typeof auditLog.$inferInsert;

/** Work that must wait for the commit (handing a queued e-mail to the job queue). */
export type AfterCommit = (ctx: RequestContext) => Promise<unknown>;

export class AuditTrail {
  private readonly rows: Row[] = [];
  private readonly committed: AfterCommit[] = [];
  /** Rows of one import, one planning run: set by the write, shared by its rows. */
  batchId: string | null = null;
  /**
   * The user a system write's rows are attributed to when it does work a user asked for (a week
   * generation run by a job): kept in `user_id`, the `source` saying it ran in the background.
   */
  attributedTo: string | null = null;

  constructor(
    private readonly ctx: Pick<RequestContext, 'actor' | 'ip' | 'source' | 'systemOrganisationId'>,
    readonly action: string,
  ) {}

  record(entry: TrailEntry) {
    const raw = entry.diff ?? diffRecords(entry.before ?? null, entry.after ?? null);
    const row: Row = {
      organisationId:
        entry.organisationId ??
        this.ctx.actor?.organisationId ??
        this.ctx.systemOrganisationId ??
        null,
      userId: entry.userId ?? this.ctx.actor?.id ?? this.attributedTo,
      kind: 'write',
      action: entry.action ?? this.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      subjectId: entry.subjectId ?? null,
      diff: redactDiff(entry.entityType, raw),
      ip: this.ctx.ip,
      source: this.ctx.source ?? null,
    };
    if (entry.first) this.rows.unshift(row);
    else this.rows.push(row);
  }

  /** Whether a record changed at all between two reads (ignoring timestamps). */
  changes(before: object | null, after: object | null) {
    return Object.keys(diffRecords(before, after)).length > 0;
  }

  get size() {
    return this.rows.length;
  }

  /**
   * Runs `hook` once the write has committed (never if it rolls back). Best effort: a failure is
   * logged, the change stands, so a hook may only speed up what something durable already ensures.
   */
  afterCommit(hook: AfterCommit) {
    this.committed.push(hook);
  }

  /** Called by write() after the commit. */
  async runAfterCommit(ctx: RequestContext) {
    for (const hook of this.committed.splice(0)) {
      await hook(ctx).catch((error: unknown) =>
        ctx.log.warn({ err: error }, 'after-commit step failed (the change is committed)'),
      );
    }
  }

  async flush(tx: DbOrTx) {
    if (!this.rows.length) return;
    const rows = this.rows
      .splice(0)
      .map((row) => ({ ...row, batchId: row.batchId ?? this.batchId }));
    // Large writes (a planning run, an import) in slices: one statement's parameters are
    // bounded, and other requests get the event loop between two slices.
    for (let i = 0; i < rows.length; i += FLUSH_SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      await tx.insert(auditLog).values(rows.slice(i, i + FLUSH_SLICE));
    }
  }
}
