/**
 * The life of a generation's row (plan_runs) across servers (ADR 0017): the heartbeat its
 * process keeps while it computes, its failure, and the detection of runs whose server stopped.
 * A run is "running" until its process writes the week (done) or records its failure (failed);
 * a process that dies records nothing, so a run whose heartbeat is older than
 * `planningStaleSeconds` is failed by whoever notices first: a read of the run or the week, a new
 * start for that week, or the `failStaleRuns` job.
 */
import { and, eq, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import type { Tx } from '../../db/database.js';
import { planRuns } from '../../db/schema.js';
import type { IsoDate } from '../../domain/planning/week/model.js';
import { systemContext, type AppServices, type RequestContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { write, type Target } from '../write/write.js';

export const STALE_RUN_MESSAGE =
  'Génération interrompue (le serveur qui la calculait s’est arrêté). Vous pouvez la relancer.';

export async function planRunTarget(
  tx: Tx,
  runId: string,
): Promise<Target<typeof planRuns.$inferSelect> | null> {
  const [run] = await tx.select().from(planRuns).where(eq(planRuns.id, runId)).for('update');
  if (!run) return null;
  return {
    row: run,
    scope: { organisationId: run.organisationId, localServiceId: run.localServiceId },
    entityType: 'plan_run',
    entityId: run.id,
  };
}

/** Thrown inside a failure's write when there is nothing to fail any more (rolled back, ignored). */
class NothingToFail extends Error {}

/**
 * Records that a run could not finish: status, French message, audit row under the run's batch
 * (attributed to the user who started it). Only a run still running is failed (`stillFailing`
 * re-checks under the row lock): a run already failed or done keeps its outcome. Answers whether
 * it failed the run. `ctx` is a system context.
 */
export async function failRun(
  ctx: RequestContext,
  runId: string,
  message: string,
  stillFailing?: (tx: Tx) => Promise<boolean>,
): Promise<boolean> {
  try {
    await write(ctx, {
      systemAction: 'planning.fail',
      what: 'Génération',
      load: (tx) => planRunTarget(tx, runId),
      validate: async (tx, run) => {
        if (run.status !== 'running') throw new NothingToFail();
        if (stillFailing && !(await stillFailing(tx))) throw new NothingToFail();
      },
      apply: async (tx, run, trail) => {
        trail.batchId = runId;
        trail.attributedTo = run.startedBy;
        await tx
          .update(planRuns)
          .set({ status: 'failed', error: message, finishedAt: new Date() })
          .where(eq(planRuns.id, runId));
      },
    });
    return true;
  } catch (error) {
    if (error instanceof NothingToFail) return false;
    throw error;
  }
}

/**
 * A run waiting in the queue has no heartbeat yet (it starts when a process takes the job and
 * records the week's revision): it is taken for lost only after this long, so a busy Monday
 * morning's queue does not fail runs that have not begun.
 */
const QUEUE_WAIT_MINUTES = 15;

/** Stale: no heartbeat since `before`, and begun (revision recorded) or waiting for too long. */
function staleCondition(before: SQL) {
  return and(
    eq(planRuns.status, 'running'),
    lt(planRuns.heartbeatAt, before),
    or(
      isNotNull(planRuns.weekRevision),
      lt(planRuns.heartbeatAt, sql`${before} - make_interval(mins => ${QUEUE_WAIT_MINUTES})`),
    ),
  );
}

/** The instant before which a running run's heartbeat means its server stopped. */
function staleBefore(services: AppServices, now: Date | undefined) {
  const seconds = services.config.planningStaleSeconds;
  // Without an explicit instant the database's clock decides, the one heartbeats are written with.
  return now
    ? sql`${new Date(now.getTime() - seconds * 1000).toISOString()}::timestamptz`
    : sql`now() - make_interval(secs => ${seconds})`;
}

/**
 * Fails every run whose server stopped (heartbeat older than `planningStaleSeconds` at `now`),
 * or only those of one week. Exported for the job queue, which runs it every minute or so; reads
 * and starts of a week call it for their week. Answers how many runs it failed.
 */
export async function failStaleRuns(
  services: AppServices,
  now?: Date,
  options: { log?: FastifyBaseLogger; week?: { localServiceId: string; weekStart: IsoDate } } = {},
): Promise<number> {
  const before = staleBefore(services, now);
  const stale = await services.db
    .select({ id: planRuns.id, organisationId: planRuns.organisationId })
    .from(planRuns)
    .where(
      and(
        staleCondition(before),
        options.week ? eq(planRuns.localServiceId, options.week.localServiceId) : undefined,
        options.week ? eq(planRuns.weekStart, options.week.weekStart) : undefined,
      ),
    );
  const log = options.log ?? pino({ level: services.config.logLevel });
  let failed = 0;
  for (const run of stale) {
    const ctx = systemContext(services, log, 'job:planning-watchdog', run.organisationId);
    // Re-checked under the row lock: a heartbeat may have come since the list was read.
    const stillStale = async (tx: Tx) =>
      (
        await tx
          .select({ id: planRuns.id })
          .from(planRuns)
          .where(and(eq(planRuns.id, run.id), staleCondition(before)))
      ).length > 0;
    if (await failRun(ctx, run.id, STALE_RUN_MESSAGE, stillStale)) {
      log.warn({ runId: run.id }, 'week generation without heartbeat: marked failed');
      failed += 1;
    }
  }
  return failed;
}

/**
 * Keeps the run's heartbeat while its process works on it: every few seconds (a sixth of the
 * stale delay, at most 5 s). When the run is no longer running (failed by another server that
 * took this one for dead), `signal` aborts, so the work stops.
 */
export function startHeartbeat(ctx: RequestContext, runId: string) {
  const controller = new AbortController();
  const everyMs = Math.max(200, Math.min(5000, (ctx.config.planningStaleSeconds * 1000) / 6));
  const beat = async () => {
    const alive = await ctx.db
      .update(planRuns)
      .set({ heartbeatAt: sql`now()` })
      .where(and(eq(planRuns.id, runId), eq(planRuns.status, 'running')))
      .returning({ id: planRuns.id });
    if (alive.length === 0) controller.abort();
  };
  const timer = setInterval(() => {
    beat().catch((error: unknown) =>
      ctx.log.warn({ err: error, runId }, 'week generation heartbeat failed'),
    );
  }, everyMs);
  return {
    signal: controller.signal,
    beat,
    stop: () => clearInterval(timer),
  };
}

/** The French message a run fails with, from what stopped it. */
export function failureMessage(error: unknown) {
  return error instanceof HttpError
    ? error.userMessage
    : 'La génération a échoué : réessayez ou prévenez l’administrateur.';
}
