/**
 * The one write mechanism. Every change of the platform goes through `write()`:
 *
 *   1. a transaction opens;
 *   2. `load` reads the resource the write changes, with a row lock (`FOR UPDATE`), so two
 *      writes of the same record are serialised and the audit's "before" is the real one;
 *   3. the policy is asked for the route's declared action on that resource: a scope refusal
 *      answers 404 (existence does not leak), a role refusal 403 with the policy's French reason;
 *   4. `validate` checks the business rules (throws an HttpError: nothing is written);
 *   5. `apply` makes the change;
 *   6. the resource is read again and the audit diff computed from the rows before and after;
 *      every other record the change touched was recorded on the `trail`; all audit rows are
 *      written, redacted (src/domain/audit/fields.ts), in the same transaction;
 *   7. after the commit, what `apply` left on `trail.afterCommit` runs (an e-mail written to the
 *      outbox is handed to the job queue).
 *
 * The action checked is the one the route declares (`ctx.access`): a route and its write cannot
 * disagree. Work no user does (jobs, command line) runs with a system context and names its
 * action itself.
 */
import type { Tx } from '../../db/database.js';
import { can, type ResourceScope } from '../../domain/permissions/policy.js';
import type { RequestContext } from '../http/context.js';
import { forbidden, notFound, unauthenticated } from '../http/errors.js';
import { AuditTrail } from './trail.js';

export { AuditTrail } from './trail.js';

/** What `load` found: the row as the audit should see it, and what the policy needs. */
export interface Target<Row> {
  row: Row;
  scope: ResourceScope;
  /** The audited record (`person`, `visit`…) and, when it is about a person, that person. */
  entityType: string;
  entityId: string;
  subjectId?: string | null;
  /**
   * The record sits in the restricted archive (retention, ADR 0012): it exists only for those who
   * may read archived files; for anyone else a write on it answers 404, as a read does.
   */
  archived?: boolean;
}

export interface WriteSpec<Row, Result> {
  /**
   * The audit action (`consent.withdraw`); the permission checked is the route's. Defaults to the
   * route's action.
   */
  audit?: string;
  /** Only for system contexts (jobs, command line): the action the work does. */
  systemAction?: string;
  /** French noun for a 404 ("Personne introuvable."). */
  what?: string;
  /**
   * Reads and locks what the write changes, inside the transaction; null when it does not
   * exist. Called again after `apply` for the audit's "after" (null: deleted). Absent for a
   * creation, whose scope is the actor's organisation and whose rows go on the trail.
   */
  load?: (tx: Tx) => Promise<Target<Row> | null>;
  /** Extra scope check for a creation (the local service it goes to, the person it is about). */
  scope?: (tx: Tx) => Promise<ResourceScope | null>;
  /** Business rules; throw an HttpError to refuse (nothing is written). */
  validate?: (tx: Tx, row: Row) => Promise<void> | void;
  /** The change. Records on `trail` every record it creates, changes or deletes besides the target. */
  apply: (tx: Tx, row: Row, trail: AuditTrail) => Promise<Result>;
}

function checkPermission(
  ctx: RequestContext,
  scope: ResourceScope | null,
  what: string | undefined,
) {
  if (ctx.access === 'system') {
    // Trusted code working for one organisation: it may not reach into another.
    if (scope && ctx.systemOrganisationId && scope.organisationId !== ctx.systemOrganisationId)
      throw notFound(what);
    return;
  }
  if (ctx.access === 'public') {
    // Public routes (sign-in, password links) identify the user themselves.
    return;
  }
  if (!ctx.actor) throw unauthenticated();
  if (ctx.access === 'authenticated') {
    if (scope && scope.organisationId !== ctx.actor.organisationId) throw notFound(what);
    return;
  }
  const decision = can(ctx.actor, ctx.access, scope ?? undefined);
  if (decision.allowed) return;
  if (decision.kind === 'scope') {
    ctx.log.info({ action: ctx.access, reason: decision.reason }, 'write refused: out of scope');
    throw notFound(what);
  }
  throw forbidden(decision.reason);
}

/**
 * Inside a write, the same check for another record the write touches (the second visitor of a
 * pair, the person a referral is linked to): the route's action, 404 out of scope, 403 by role.
 */
export function checkAlso(ctx: RequestContext, scope: ResourceScope, what?: string) {
  checkPermission(ctx, scope, what);
}

function auditActionOf(
  ctx: RequestContext,
  spec: { audit?: string; systemAction?: string },
): string {
  if (ctx.access === 'system') {
    if (!spec.systemAction) throw new Error('a system write must name its systemAction');
    return spec.audit ?? spec.systemAction;
  }
  if (spec.systemAction)
    throw new Error(`systemAction ${spec.systemAction} on a route (${ctx.access})`);
  if (spec.audit) return spec.audit;
  if (ctx.access === 'public' || ctx.access === 'authenticated') {
    throw new Error(`a write on a ${ctx.access} route must name its audit action`);
  }
  return ctx.access;
}

/** The one way to change data; see the file's comment. */
export async function write<Row, Result>(
  ctx: RequestContext,
  spec: WriteSpec<Row, Result>,
): Promise<Result> {
  const action = auditActionOf(ctx, spec);
  const trail = new AuditTrail(ctx, action);
  const result = await ctx.db.transaction(async (tx) => {
    let target: Target<Row> | null = null;
    if (spec.load) {
      target = await spec.load(tx);
      if (!target) throw notFound(spec.what);
      checkPermission(ctx, target.scope, spec.what);
      if (target.archived && ctx.actor && !can(ctx.actor, 'person.read_archived').allowed)
        throw notFound(spec.what);
    } else {
      const scope = spec.scope ? await spec.scope(tx) : null;
      if (spec.scope && !scope) throw notFound(spec.what);
      checkPermission(
        ctx,
        scope ?? (ctx.actor ? { organisationId: ctx.actor.organisationId } : null),
        spec.what,
      );
    }
    const row = (target?.row ?? null) as Row;
    if (spec.validate) await spec.validate(tx, row);
    const result = await spec.apply(tx, row, trail);
    if (target && spec.load) {
      const after = await spec.load(tx);
      // The target unchanged (a consent recorded on a person's file): its row would say nothing
      // the trail's rows do not; a write that recorded nothing else still leaves its row.
      if (
        trail.size > 0 &&
        !trail.changes(target.row as object, (after?.row ?? null) as object | null)
      ) {
        await trail.flush(tx);
        return result;
      }
      trail.record({
        entityType: target.entityType,
        entityId: target.entityId,
        // A record linked to a person by this write (a referral accepted) is about that person.
        subjectId: after?.subjectId ?? target.subjectId ?? null,
        before: target.row as object,
        after: (after?.row ?? null) as object | null,
        first: true,
      });
    }
    await trail.flush(tx);
    return result;
  });
  await trail.runAfterCommit(ctx);
  return result;
}
