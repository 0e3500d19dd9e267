/**
 * Planning in the product: generate a local service's week (in a worker, with progress), read
 * it, move, cancel or replace one visit (every constraint checked, the broken one named), close
 * days, and declare an absence: the repair proposal first, then its acceptance. Every write goes
 * through the write mechanism (src/server/write/write.ts): one transaction, the visits it touches
 * locked, one audit row per record created, changed or deleted (a visit's row names its person),
 * the notifications to visitors recorded in it; the e-mails leave after the commit.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { formOfAddressOf } from '../../domain/common/french.js';
import type { DbOrTx, Tx } from '../../db/database.js';
import {
  assignments,
  localServices,
  pairs,
  people,
  planRuns,
  serviceClosures,
  visitorAbsences,
  visitors,
  visits,
  visitVisitors,
} from '../../db/schema.js';
import {
  addDays,
  frenchDate,
  minutesOfTime,
  mondayOf,
  serviceNow,
  serviceToday,
  timeOfMinutes,
  weekdayOf,
} from '../../domain/common/calendar.js';
import { isoDate, optionalText, shortText, timeOfDay, uuid } from '../../domain/common/schemas.js';
import { straightLineEstimator } from '../../domain/matching/travel.js';
import { plannerSettings } from '../../domain/planning/settings.js';
import type {
  IsoDate,
  PlannedVisit,
  WeekInput,
  WeekPlan,
} from '../../domain/planning/week/model.js';
import {
  checkMove,
  describeViolation,
  repairWeek,
  unplannedMessage,
} from '../../domain/planning/week/index.js';
import { listScope } from '../../domain/permissions/policy.js';
import { authorize, authorizeRole } from '../http/authorize.js';
import { systemContext, type AuthenticatedContext, type RequestContext } from '../http/context.js';
import { badRequest, conflict, HttpError, notFound } from '../http/errors.js';
import { recordPlanChanges, type PlanChangeNotice } from '../notifications/service.js';
import { checkLocalService, organisationPlanningSettings } from '../organisations/service.js';
import { refuseOverlappingAbsence } from '../visitors/service.js';
import {
  demandId,
  loadWeek,
  openDatesOf,
  serviceDepartment,
  weekDates,
  type LoadedWeek,
} from './loader.js';
import { runPlannerInWorker, type PlannerInput } from './run-planner.js';
import { failRun, failStaleRuns, failureMessage, planRunTarget, startHeartbeat } from './runs.js';
import {
  lockWeek,
  servicesOf,
  touchWeek,
  touchWeeks,
  weekKeys,
  weekRevision,
  weeksOf,
} from './week-lock.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import { weekLeftOut } from '../journey/readiness.js';

const VISIT = 'Visite';

const monday = isoDate.refine(
  (d) => weekdayOf(d) === 0,
  'La semaine commence un lundi : choisissez la date d’un lundi.',
);

export const weekQuerySchema = z.object({ localServiceId: uuid.optional(), weekStart: monday });
export const generateSchema = z.object({ localServiceId: uuid.optional(), weekStart: monday });

export const moveSchema = z.object({
  date: isoDate,
  startTime: timeOfDay,
  /** Absent: the same visitors. */
  visitorIds: z
    .array(uuid)
    .min(1, 'Au moins un visiteur.')
    .max(2, 'Deux visiteurs au plus.')
    .optional(),
  /** `move` changes this visit; `replace` cancels it and plans a new one in its place. */
  mode: z.enum(['move', 'replace']).default('move'),
});
export const cancelSchema = z.object({ reason: shortText(300) });

export const closureSchema = z.object({
  date: isoDate,
  reason: shortText(200),
  /** Absent or null: the whole organisation. */
  localServiceId: uuid.nullable().optional(),
});

const ABSENCE_KINDS = ['training', 'leave', 'sick', 'other'] as const;
const absenceFields = {
  visitorId: uuid,
  from: isoDate,
  to: isoDate,
  kind: z.enum(ABSENCE_KINDS, { message: 'Motif attendu : formation, congé, maladie ou autre.' }),
  note: optionalText(300),
};
type AbsenceShape = { from: string; to: string };
const absenceRules = <T extends z.ZodType<AbsenceShape>>(schema: T) =>
  schema
    .refine((a) => a.from <= a.to, {
      message: 'La fin de l’absence doit suivre son début.',
      path: ['to'],
    })
    .refine((a) => Date.parse(a.to) - Date.parse(a.from) <= 62 * 86_400_000, {
      message: 'Une absence de plus de deux mois se déclare en fin d’engagement.',
      path: ['to'],
    });
export const absenceSchema = absenceRules(z.object(absenceFields));
export const absenceAcceptSchema = absenceRules(
  z.object({
    ...absenceFields,
    /** The proposal as shown: each touched visit with its new slot and visitors, or dropped. */
    changes: z
      .array(
        z.object({
          visitId: uuid,
          after: z
            .object({
              date: isoDate,
              startTime: timeOfDay,
              visitorIds: z.array(uuid).min(1).max(2),
            })
            .nullable(),
        }),
        { message: 'La liste des changements acceptés est invalide.' },
      )
      .max(500),
  }),
);

// ------------------------------------------------------------------ scope and loading

async function serviceOf(ctx: AuthenticatedContext, localServiceId: string | undefined) {
  const scope = listScope(ctx.actor, 'planning.read');
  if (scope.kind !== 'organisation') throw notFound();
  const id = scope.localServiceId ?? localServiceId;
  if (!id)
    throw badRequest('Choisissez un service local.', {
      issues: [{ path: 'localServiceId', message: 'Service local requis.' }],
    });
  if (scope.localServiceId && localServiceId && localServiceId !== scope.localServiceId) {
    throw badRequest('Vous ne pouvez planifier que pour votre service local.');
  }
  await checkLocalService(ctx.db, ctx.actor.organisationId, id);
  return id;
}

async function settingsOf(db: DbOrTx, organisationId: string) {
  return plannerSettings(await organisationPlanningSettings(db, organisationId));
}

/** The visits of a service's week as the planner sees them. */
async function plannedVisitsOf(
  db: DbOrTx,
  organisationId: string,
  localServiceId: string,
  weekStart: IsoDate,
) {
  const rows = await db
    .select()
    .from(visits)
    .where(
      and(
        eq(visits.organisationId, organisationId),
        eq(visits.localServiceId, localServiceId),
        eq(visits.weekStart, weekStart),
        ne(visits.status, 'cancelled'),
      ),
    );
  const crews = rows.length
    ? await db
        .select()
        .from(visitVisitors)
        .where(
          inArray(
            visitVisitors.visitId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const crewOf = new Map<string, { visitorId: string; role: string }[]>();
  for (const c of crews)
    crewOf.set(c.visitId, [
      ...(crewOf.get(c.visitId) ?? []),
      { visitorId: c.visitorId, role: c.role },
    ]);
  return rows.map((row) => ({
    row,
    crew: crewOf.get(row.id) ?? [],
    planned: {
      demandId: demandId(row.assignmentId ?? row.id, row.rank),
      date: row.date,
      start: minutesOfTime(row.startTime),
      end: minutesOfTime(row.startTime) + row.durationMinutes,
      visitorIds: (crewOf.get(row.id) ?? []).map((c) => c.visitorId).sort(),
      crew: row.crew as PlannedVisit['crew'],
    } satisfies PlannedVisit,
  }));
}

function weekInputOf(
  loaded: LoadedWeek,
  weekStart: IsoDate,
  settings: WeekInput['settings'],
  openDates = loaded.openDates,
): WeekInput {
  return {
    weekStart,
    openDates,
    visitors: loaded.visitors,
    units: loaded.units,
    demands: loaded.demands,
    settings,
    travel: straightLineEstimator,
    seed: 1,
    timeLimitMs: 1000,
  };
}

const slotText = (date: string, start: number) =>
  `${frenchDate(date)} à ${timeOfMinutes(start).replace(':', 'h')}`;

// ------------------------------------------------------------------ what the writes lock and audit

type VisitRow = typeof visits.$inferSelect;
/** A visit as the audit sees it: the record and the visitors who make it. */
type VisitTargetRow = VisitRow & { visitors: string[] };

/** The visitors of each visit, sorted (the audit compares them as a list). */
async function visitorsOfVisits(tx: DbOrTx, visitIds: readonly string[]) {
  const crews = visitIds.length
    ? await tx
        .select({ visitId: visitVisitors.visitId, visitorId: visitVisitors.visitorId })
        .from(visitVisitors)
        .where(inArray(visitVisitors.visitId, [...visitIds]))
    : [];
  const of = new Map<string, string[]>(visitIds.map((id) => [id, []]));
  for (const c of crews) of.get(c.visitId)?.push(c.visitorId);
  for (const list of of.values()) list.sort();
  return of;
}

/**
 * A visit as the target of a write: locked (`FOR UPDATE`), with its visitors. Its scope is its
 * organisation and local service, and its visitors (for the checks a visitor is subject to).
 */
async function visitTarget(tx: Tx, visitId: string): Promise<Target<VisitTargetRow> | null> {
  const [row] = await tx.select().from(visits).where(eq(visits.id, visitId)).for('update');
  if (!row) return null;
  const visitorIds = (await visitorsOfVisits(tx, [row.id])).get(row.id) ?? [];
  return {
    row: { ...row, visitors: visitorIds },
    scope: { organisationId: row.organisationId, localServiceId: row.localServiceId, visitorIds },
    entityType: 'visit',
    entityId: row.id,
    subjectId: row.personId,
  };
}

/**
 * The target of a hand change of a visit: its week is locked first (moves, cancellations, repairs
 * and generations of one week are serialised; ADR 0017), then the visit.
 */
async function weekVisitTarget(tx: Tx, visitId: string) {
  const [where] = await tx
    .select({ localServiceId: visits.localServiceId, weekStart: visits.weekStart })
    .from(visits)
    .where(eq(visits.id, visitId));
  if (where?.localServiceId)
    await lockWeek(tx, { localServiceId: where.localServiceId, weekStart: where.weekStart });
  return visitTarget(tx, visitId);
}

/** Marks a visit's week changed by hand (its lock is held since `weekVisitTarget`). */
async function touchWeekOf(tx: Tx, row: { localServiceId: string | null; weekStart: IsoDate }) {
  if (row.localServiceId)
    await touchWeek(tx, { localServiceId: row.localServiceId, weekStart: row.weekStart });
}

/** Records on the trail a visit created by the write (read back with its visitors). */
async function recordCreatedVisit(tx: Tx, trail: AuditTrail, visitId: string) {
  const created = await visitTarget(tx, visitId);
  if (!created) throw new Error(`visit ${visitId} vanished in its own transaction`);
  trail.record({
    entityType: 'visit',
    entityId: visitId,
    subjectId: created.subjectId,
    after: created.row,
  });
}

async function closureTarget(
  tx: Tx,
  id: string,
): Promise<Target<typeof serviceClosures.$inferSelect> | null> {
  const [row] = await tx
    .select()
    .from(serviceClosures)
    .where(eq(serviceClosures.id, id))
    .for('update');
  if (!row) return null;
  return {
    row,
    scope: { organisationId: row.organisationId, localServiceId: row.localServiceId },
    entityType: 'service_closure',
    entityId: row.id,
  };
}

// ------------------------------------------------------------------ generation

/** The week starting today or later: a week already over is not re-planned. */
function planningFrom(weekStart: IsoDate) {
  const today = serviceToday();
  if (addDays(weekStart, 6) < today)
    throw badRequest('Cette semaine est passée : elle ne peut plus être planifiée.');
  // Today's visits are under way or announced: planning starts tomorrow.
  return weekStart > today ? weekStart : addDays(today, 1);
}

export const WEEK_CHANGED_MESSAGE =
  'La semaine a été modifiée pendant la génération ; relancez-la.';

export async function startWeekGeneration(
  ctx: AuthenticatedContext,
  input: z.infer<typeof generateSchema>,
) {
  const { actor } = ctx;
  const localServiceId = await serviceOf(ctx, input.localServiceId);
  planningFrom(input.weekStart);
  const week = { localServiceId, weekStart: input.weekStart };
  // A run whose server stopped never blocks its week: it is failed first.
  await failStaleRuns(ctx, undefined, { log: ctx.log, week });
  const run = await write(ctx, {
    scope: async () => ({ organisationId: actor.organisationId, localServiceId }),
    apply: async (tx, _none, trail) => {
      // One generation at a time per service and week: the partial unique index
      // plan_runs_one_running decides, whichever server the two starts reach (ADR 0017).
      const [created] = await tx
        .insert(planRuns)
        .values({
          organisationId: actor.organisationId,
          localServiceId,
          weekStart: input.weekStart,
          startedBy: actor.id,
        })
        .onConflictDoNothing({
          target: [planRuns.localServiceId, planRuns.weekStart],
          where: sql`status = 'running'`,
        })
        .returning();
      if (!created) {
        const [running] = await tx
          .select({ id: planRuns.id })
          .from(planRuns)
          .where(
            and(
              eq(planRuns.localServiceId, localServiceId),
              eq(planRuns.weekStart, input.weekStart),
              eq(planRuns.status, 'running'),
            ),
          );
        throw conflict('already_running', 'Une génération est déjà en cours pour cette semaine.', {
          runId: running?.id ?? null,
        });
      }
      trail.batchId = created.id;
      trail.record({ entityType: 'plan_run', entityId: created.id, after: created });
      // Computed by whichever process takes the job, once the run's row is committed. Should the
      // hand-over be lost, the watchdog fails the run (runs.ts) and the user can start it again.
      if (ctx.jobs)
        trail.afterCommit(async () => {
          await ctx.jobs!.enqueue('planning-generate', { runId: created.id });
        });
      return created;
    },
  });
  if (ctx.jobs) return { runId: run.id, status: 'running' as const };
  // No queue in this process (test applications): computed here, as the job would do it.
  const done = executeRun(systemContext(ctx, ctx.log, 'job:planning', actor.organisationId), run.id)
    .then(() => undefined)
    .catch((error: unknown) =>
      ctx.log.error({ err: error, runId: run.id }, 'recording a week generation failed'),
    );
  pendingRuns.add(done);
  void done.finally(() => pendingRuns.delete(done));
  return { runId: run.id, status: 'running' as const };
}

/** Generations under way (tests and shutdown wait for them). */
export const pendingRuns = new Set<Promise<void>>();

/** What a generation needs: the week loaded, the visits kept as they are, the planner's input. */
export async function prepareWeek(
  db: DbOrTx,
  scope: { organisationId: string; localServiceId: string; weekStart: IsoDate; fromDate: IsoDate },
) {
  const settings = await settingsOf(db, scope.organisationId);
  const loaded = await loadWeek(db, scope, { fromDate: scope.fromDate, settings });
  // Visits that stay: past dates, already reported, checked in, or not planned any more.
  const existing = await plannedVisitsOf(
    db,
    scope.organisationId,
    scope.localServiceId,
    scope.weekStart,
  );
  const kept = existing.filter(
    ({ row }) => row.date < scope.fromDate || row.status !== 'planned' || row.checkedInAt !== null,
  );
  const met = new Set(kept.map((k) => k.planned.demandId));
  const input = weekInputOf(
    { ...loaded, demands: loaded.demands.filter((d) => !met.has(d.id)) },
    scope.weekStart,
    settings,
  );
  return { scope, loaded, existing, kept, input };
}

/**
 * Writes a generated week in the caller's transaction: the replaceable visits go, the plan's come
 * in, each one recorded on `trail` (one row per visit deleted or created, naming its person; null
 * only for the demo loader, which is not audited). Answers the summary and, per visitor, the
 * lines of their plan that changed.
 */
export async function writeWeek(
  tx: Tx,
  prepared: Awaited<ReturnType<typeof prepareWeek>>,
  plan: WeekPlan,
  runId: string | null,
  trail: AuditTrail | null,
) {
  const { scope, loaded, existing, kept } = prepared;
  const before = new Map(existing.map((e) => [e.planned.demandId, e]));
  const notices = new Map<string, string[]>();
  const tell = (visitorId: string, line: string) =>
    notices.set(visitorId, [...(notices.get(visitorId) ?? []), line]);
  const replaced = existing.filter((e) => !kept.includes(e)).map((e) => e.row.id);
  if (replaced.length) {
    // Locked and read again: the audit's "before" is the row as it is now, not as it was loaded.
    const gone = await tx
      .select()
      .from(visits)
      .where(inArray(visits.id, replaced))
      .orderBy(asc(visits.id))
      .for('update');
    const crews = await visitorsOfVisits(tx, replaced);
    await tx.delete(visits).where(inArray(visits.id, replaced));
    for (const row of gone)
      trail?.record({
        entityType: 'visit',
        entityId: row.id,
        subjectId: row.personId,
        before: { ...row, visitors: crews.get(row.id) ?? [] },
      });
  }
  for (const visit of plan.planned) {
    const info = loaded.demandInfo.get(visit.demandId)!;
    const [row] = await tx
      .insert(visits)
      .values({
        organisationId: scope.organisationId,
        localServiceId: scope.localServiceId,
        personId: info.personId,
        assignmentId: info.assignmentId,
        weekStart: scope.weekStart,
        rank: info.rank,
        date: visit.date,
        startTime: timeOfMinutes(visit.start),
        durationMinutes: visit.end - visit.start,
        place: info.place,
        crew: visit.crew,
        planRunId: runId,
      })
      .returning();
    await tx.insert(visitVisitors).values(
      visit.visitorIds.map((visitorId) => ({
        visitId: row!.id,
        visitorId,
        role: info.unitMemberIds.includes(visitorId) ? 'member' : 'substitute',
      })),
    );
    trail?.record({
      entityType: 'visit',
      entityId: row!.id,
      subjectId: row!.personId,
      after: { ...row!, visitors: [...visit.visitorIds].sort() },
    });
    const previous = before.get(visit.demandId);
    const same =
      previous &&
      previous.planned.date === visit.date &&
      previous.planned.start === visit.start &&
      previous.planned.visitorIds.join() === [...visit.visitorIds].sort().join();
    if (!same) {
      for (const visitorId of visit.visitorIds) {
        tell(
          visitorId,
          `${slotText(visit.date, visit.start)} : visite chez ${loaded.personNames.get(info.personId) ?? ''}`,
        );
      }
    }
  }
  const summary = {
    planned: plan.planned.length,
    kept: kept.length,
    unplanned: plan.unplanned.map((u) => ({
      demandId: u.demandId,
      personId: loaded.demandInfo.get(u.demandId)?.personId ?? null,
      personName: loaded.personNames.get(loaded.demandInfo.get(u.demandId)?.personId ?? '') ?? '',
      reason: u.reason,
      message: u.message,
    })),
    notPlannable: loaded.notPlannable,
    leftOut: loaded.leftOut,
    travelMinutes: Math.round(plan.stats.travelMinutes),
    changedFromPrevious: plan.stats.changedFromPrevious,
    preferenceMisses: plan.stats.preferenceMisses,
    elapsedMs: Math.round(plan.stats.elapsedMs),
  };
  return { summary, notices: [...notices].map(([visitorId, lines]) => ({ visitorId, lines })) };
}

/**
 * Computes and writes the week of a run, from its id alone: scope, week and author are read from
 * its row, so any process can run it (this one after a start, or a job queue). `ctx` is a system
 * context. A run that is not running any more is left alone; a failure is recorded on the run
 * (status failed, French message). Answers the run's outcome.
 */
export async function executeRun(
  ctx: RequestContext,
  runId: string,
): Promise<'done' | 'failed' | 'skipped'> {
  if (ctx.access !== 'system') throw new Error('executeRun needs a system context');
  const [run] = await ctx.db.select().from(planRuns).where(eq(planRuns.id, runId));
  if (!run) throw new Error(`plan run ${runId} does not exist`);
  if (ctx.systemOrganisationId && ctx.systemOrganisationId !== run.organisationId)
    throw new Error(`plan run ${runId} belongs to another organisation`);
  if (run.status !== 'running') {
    ctx.log.warn({ runId, status: run.status }, 'week generation not running: not computed');
    return 'skipped';
  }
  const runCtx: RequestContext = {
    ...ctx,
    source: ctx.source ?? 'job:planning',
    systemOrganisationId: run.organisationId,
  };
  const heartbeat = startHeartbeat(runCtx, runId);
  try {
    await computeRun(runCtx, run, heartbeat.signal);
    return 'done';
  } catch (error) {
    if (heartbeat.signal.aborted) {
      ctx.log.warn({ runId }, 'week generation stopped: its run was failed meanwhile');
      return 'skipped';
    }
    if (!(error instanceof HttpError))
      ctx.log.error({ err: error, runId }, 'week generation failed');
    return (await failRun(runCtx, runId, failureMessage(error))) ? 'failed' : 'skipped';
  } finally {
    heartbeat.stop();
  }
}

async function computeRun(
  ctx: RequestContext,
  run: typeof planRuns.$inferSelect,
  signal: AbortSignal,
) {
  const week = { localServiceId: run.localServiceId, weekStart: run.weekStart };
  const fromDate = planningFrom(run.weekStart);
  // The revision is read before the week: a hand edit committed in between makes the run fail
  // needlessly (safe), never lost.
  const revision = await weekRevision(ctx.db, week);
  await ctx.db
    .update(planRuns)
    .set({ weekRevision: revision, heartbeatAt: sql`now()` })
    .where(eq(planRuns.id, run.id));
  const prepared = await prepareWeek(ctx.db, {
    organisationId: run.organisationId,
    ...week,
    fromDate,
  });
  let lastWrite = 0;
  const plan: WeekPlan = await runPlannerInWorker(
    {
      ...prepared.input,
      travel: undefined,
      timeLimitMs: ctx.config.planningSeconds * 1000,
    } as unknown as PlannerInput,
    (fraction) => {
      const now = Date.now();
      if (now - lastWrite < 250) return;
      lastWrite = now;
      // Progress only (a figure for the waiting screen, several a second): not a change of
      // anyone's data, so not audited; the run's start and its outcome are.
      void ctx.db
        .update(planRuns)
        .set({ progress: Math.min(0.99, fraction) })
        .where(and(eq(planRuns.id, run.id), eq(planRuns.status, 'running')))
        .catch(() => undefined);
    },
    signal,
  );
  await write(ctx, {
    systemAction: 'planning.generate',
    what: 'Génération',
    load: (tx) => planRunTarget(tx, run.id),
    validate: (_tx, row) => {
      if (row.status !== 'running')
        throw conflict('not_running', 'Cette génération est déjà terminée.');
    },
    apply: async (tx, row, trail) => {
      trail.batchId = run.id;
      trail.attributedTo = row.startedBy;
      // A hand edit (move, cancellation, repair, closure) committed since the run read the week
      // would be overwritten by a plan computed without it: the run fails and asks to be started
      // again rather than keep the edited visits as fixed, which could clash with the plan (the
      // same visitor twice at one hour) and would need a second planning pass (ADR 0017).
      if ((await lockWeek(tx, week)) !== revision)
        throw conflict('week_changed', WEEK_CHANGED_MESSAGE);
      await touchWeek(tx, week);
      const written = await writeWeek(tx, prepared, plan, run.id, trail);
      await tx
        .update(planRuns)
        .set({ status: 'done', progress: 1, summary: written.summary, finishedAt: new Date() })
        .where(eq(planRuns.id, run.id));
      return recordPlanChanges(tx, trail, ctx.config, run.organisationId, written.notices);
    },
  });
}

/** What a finished generation recorded (plan_runs.summary). */
type RunSummary = Awaited<ReturnType<typeof writeWeek>>['summary'];

export async function readRun(ctx: AuthenticatedContext, runId: string) {
  authorizeRole(ctx.actor, 'planning.read');
  const read = async () => (await ctx.db.select().from(planRuns).where(eq(planRuns.id, runId)))[0];
  let run = await read();
  if (!run) throw notFound('Génération');
  authorize(
    ctx.actor,
    'planning.read',
    { organisationId: run.organisationId, localServiceId: run.localServiceId },
    'Génération',
  );
  // The screen following a run whose server stopped learns it here, and may start it again.
  if (
    run.status === 'running' &&
    (await failStaleRuns(ctx, undefined, {
      log: ctx.log,
      week: { localServiceId: run.localServiceId, weekStart: run.weekStart },
    }))
  )
    run = (await read())!;
  return {
    id: run.id,
    localServiceId: run.localServiceId,
    weekStart: run.weekStart,
    status: run.status as 'running' | 'done' | 'failed',
    progress: run.progress,
    summary: run.summary as RunSummary | null,
    error: run.error,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

// ------------------------------------------------------------------ the week

/** Names compared as French readers sort them (one collator, built once). */
const byFrenchName = new Intl.Collator('fr').compare;

/**
 * A service's week for the grid: a bounded number of queries whatever the number of visits (the
 * visits with their person, their crews, the service's visitors and pairs, the closed days, the
 * last generation), each reading only the columns the grid shows.
 */
export async function readWeek(ctx: AuthenticatedContext, input: z.infer<typeof weekQuerySchema>) {
  authorizeRole(ctx.actor, 'planning.read');
  const localServiceId = await serviceOf(ctx, input.localServiceId);
  const orgId = ctx.actor.organisationId;
  const [lastRun] = await ctx.db
    .select({ id: planRuns.id, status: planRuns.status })
    .from(planRuns)
    .where(
      and(eq(planRuns.localServiceId, localServiceId), eq(planRuns.weekStart, input.weekStart)),
    )
    .orderBy(desc(planRuns.startedAt))
    .limit(1);
  // A generation still marked running may be one whose process died: the watchdog's check (and
  // its write, if it is stale) runs only then. Only one runs per week, and it is the latest.
  if (lastRun?.status === 'running')
    await failStaleRuns(ctx, undefined, {
      log: ctx.log,
      week: { localServiceId, weekStart: input.weekStart },
    });
  const inWeek = and(
    eq(visits.organisationId, orgId),
    eq(visits.localServiceId, localServiceId),
    eq(visits.weekStart, input.weekStart),
  );
  const rows = await ctx.db
    .select({
      id: visits.id,
      date: visits.date,
      startTime: visits.startTime,
      durationMinutes: visits.durationMinutes,
      status: visits.status,
      crew: visits.crew,
      place: visits.place,
      personId: visits.personId,
      firstName: people.firstName,
      lastName: people.lastName,
      communeName: people.communeName,
    })
    .from(visits)
    .innerJoin(people, eq(people.id, visits.personId))
    .where(inWeek)
    .orderBy(asc(visits.date), asc(visits.startTime));
  const kept = rows.filter((r) => r.status !== 'cancelled');
  // The crews of the week's visits, by a subquery on the same week (not a list of ids sent back).
  const crews = kept.length
    ? await ctx.db
        .select({
          visitId: visitVisitors.visitId,
          visitorId: visitVisitors.visitorId,
          role: visitVisitors.role,
        })
        .from(visitVisitors)
        .where(
          inArray(
            visitVisitors.visitId,
            ctx.db
              .select({ id: visits.id })
              .from(visits)
              .where(and(inWeek, ne(visits.status, 'cancelled'))),
          ),
        )
    : [];
  const crewOf = new Map<string, { visitorId: string; role: string }[]>();
  for (const c of crews) {
    const list = crewOf.get(c.visitId);
    if (list) list.push(c);
    else crewOf.set(c.visitId, [c]);
  }
  const visitorRows = await ctx.db
    .select({
      id: visitors.id,
      firstName: visitors.firstName,
      lastName: visitors.lastName,
      roles: visitors.roles,
    })
    .from(visitors)
    .where(
      and(
        eq(visitors.organisationId, orgId),
        or(eq(visitors.localServiceId, localServiceId), isNull(visitors.localServiceId)),
        isNull(visitors.endedOn),
      ),
    )
    .orderBy(asc(visitors.lastName), asc(visitors.firstName));
  const nameOf = new Map(visitorRows.map((v) => [v.id, `${v.firstName} ${v.lastName}`]));
  const pairRows = await ctx.db
    .select({ id: pairs.id, visitorAId: pairs.visitorAId, visitorBId: pairs.visitorBId })
    .from(pairs)
    .where(
      and(
        eq(pairs.organisationId, orgId),
        eq(pairs.localServiceId, localServiceId),
        isNull(pairs.dissolvedOn),
      ),
    );
  const { closed } = await openDatesOf(
    ctx.db,
    { organisationId: orgId, localServiceId, weekStart: input.weekStart },
    await serviceDepartment(ctx.db, orgId, localServiceId),
  );
  return {
    localServiceId,
    weekStart: input.weekStart,
    days: weekDates(input.weekStart).map((date) => ({
      date,
      closedReason: closed.get(date) ?? null,
    })),
    pairs: pairRows.map((p) => ({
      id: p.id,
      memberIds: [p.visitorAId, p.visitorBId],
      label: `${nameOf.get(p.visitorAId) ?? '?'} et ${nameOf.get(p.visitorBId) ?? '?'}`,
    })),
    // The week's visitors to plan; a neighbour-only volunteer (issue 13) is not one of them.
    visitors: visitorRows
      .filter((v) => v.roles.includes('visits'))
      .map((v) => ({ id: v.id, name: `${v.firstName} ${v.lastName}` })),
    // Ordered by the query (date, then start).
    visits: kept.map((row) => ({
      id: row.id,
      date: row.date,
      startTime: row.startTime.slice(0, 5),
      endTime: timeOfMinutes(minutesOfTime(row.startTime) + row.durationMinutes),
      durationMinutes: row.durationMinutes,
      status: row.status,
      crew: row.crew,
      place: row.place,
      person: {
        id: row.personId,
        name: `${row.firstName} ${row.lastName}`.trim(),
        communeName: row.communeName,
      },
      visitors: (crewOf.get(row.id) ?? [])
        .map((c) => ({ id: c.visitorId, name: nameOf.get(c.visitorId) ?? '', role: c.role }))
        .sort((a, b) => byFrenchName(a.name, b.name)),
    })),
    cancelledCount: rows.length - kept.length,
    lastRunId: lastRun?.id ?? null,
    leftOut: await weekLeftOut(
      ctx.db,
      { organisationId: orgId, localServiceId },
      weekDates(input.weekStart),
    ),
  };
}

// ------------------------------------------------------------------ one visit

/** The week around a visit, as the planner checks a move against it. */
async function weekAround(
  tx: DbOrTx,
  organisationId: string,
  localServiceId: string,
  weekStart: IsoDate,
) {
  const settings = await settingsOf(tx, organisationId);
  const loaded = await loadWeek(
    tx,
    { organisationId, localServiceId, weekStart },
    { fromDate: weekStart, settings },
  );
  const entries = await plannedVisitsOf(tx, organisationId, localServiceId, weekStart);
  return { loaded, entries, input: weekInputOf(loaded, weekStart, settings) };
}

function violationError(messages: string[]) {
  return new HttpError(
    409,
    'constraint_broken',
    `Ce changement est impossible : ${messages.join(' ')}`,
    { violations: messages },
  );
}

export async function moveVisit(
  ctx: AuthenticatedContext,
  visitId: string,
  input: z.infer<typeof moveSchema>,
) {
  const result = await write(ctx, {
    audit: input.mode === 'replace' ? 'visit.replace' : 'visit.move',
    what: VISIT,
    load: (tx) => weekVisitTarget(tx, visitId),
    validate: (_tx, row) => {
      if (row.status !== 'planned')
        throw conflict('not_planned', 'Seule une visite prévue peut être déplacée.');
      if (row.checkedInAt)
        throw conflict('started', 'Cette visite a commencé : elle ne peut plus être déplacée.');
      if (mondayOf(input.date) !== row.weekStart) {
        throw badRequest(
          'Une visite se déplace dans sa semaine : pour une autre semaine, annulez-la et générez la semaine voulue.',
        );
      }
      if (input.date < serviceToday())
        throw badRequest('Une visite ne peut pas être déplacée dans le passé.');
    },
    apply: async (tx, target, trail) => {
      const { visitors: _visitors, ...row } = target;
      await touchWeekOf(tx, row);
      const {
        loaded,
        entries,
        input: week,
      } = await weekAround(tx, row.organisationId, row.localServiceId!, row.weekStart);
      const current = entries.find((e) => e.row.id === row.id)!;
      if (!week.demands.some((d) => d.id === current.planned.demandId)) {
        throw conflict(
          'not_followed',
          'Cette visite ne correspond plus à un suivi en cours : annulez-la plutôt que de la déplacer.',
        );
      }
      const visitorIds = [...(input.visitorIds ?? current.planned.visitorIds)].sort();
      const slot = { date: input.date, start: minutesOfTime(input.startTime), visitorIds };
      const violations = checkMove(
        week,
        entries.map((e) => e.planned),
        current.planned.demandId,
        slot,
      );
      if (violations.length)
        throw violationError(
          violations.map((v) => describeViolation(v, (id) => loaded.visitorNames.get(id) ?? id)),
        );
      const unit = loaded.units.find((u) =>
        u.memberIds.some((m) => current.crew.some((c) => c.visitorId === m)),
      );
      const members =
        unit?.memberIds ?? current.crew.filter((c) => c.role === 'member').map((c) => c.visitorId);
      const crew =
        visitorIds.length === 1
          ? unit?.kind === 'volunteer'
            ? 'volunteer'
            : 'solo'
          : visitorIds.every((v) => members.includes(v))
            ? 'pair'
            : 'substitute';
      let targetId = row.id;
      if (input.mode === 'replace') {
        await tx
          .update(visits)
          .set({
            status: 'cancelled',
            cancelReason: 'Remplacée par une autre visite.',
            updatedAt: new Date(),
          })
          .where(eq(visits.id, row.id));
        const [created] = await tx
          .insert(visits)
          .values({
            ...row,
            id: undefined,
            date: input.date,
            startTime: input.startTime,
            crew,
            replacesId: row.id,
            createdAt: undefined,
            updatedAt: undefined,
          })
          .returning({ id: visits.id });
        targetId = created!.id;
      } else {
        await tx
          .update(visits)
          .set({ date: input.date, startTime: input.startTime, crew, updatedAt: new Date() })
          .where(eq(visits.id, row.id));
        await tx.delete(visitVisitors).where(eq(visitVisitors.visitId, row.id));
      }
      await tx.insert(visitVisitors).values(
        visitorIds.map((visitorId) => ({
          visitId: targetId,
          visitorId,
          role: members.includes(visitorId) ? 'member' : 'substitute',
        })),
      );
      // The visit moved is the write's target (audited by the mechanism); a replacement is new.
      if (targetId !== row.id) await recordCreatedVisit(tx, trail, targetId);
      const person = loaded.personNames.get(row.personId) ?? '';
      const line = `Visite chez ${person} : ${slotText(row.date, minutesOfTime(row.startTime))} → ${slotText(input.date, slot.start)}`;
      const told = [...new Set([...current.planned.visitorIds, ...visitorIds])];
      const pending = await recordPlanChanges(
        tx,
        trail,
        ctx.config,
        row.organisationId,
        told.map((visitorId) => ({ visitorId, lines: [line] })),
      );
      return { id: targetId, pending };
    },
  });
  return { id: result.id };
}

export async function cancelVisit(
  ctx: AuthenticatedContext,
  visitId: string,
  input: z.infer<typeof cancelSchema>,
) {
  await write(ctx, {
    audit: 'visit.cancel',
    what: VISIT,
    load: (tx) => weekVisitTarget(tx, visitId),
    validate: (_tx, row) => {
      if (row.status !== 'planned')
        throw conflict('not_planned', 'Seule une visite prévue peut être annulée.');
    },
    apply: async (tx, row, trail) => {
      await touchWeekOf(tx, row);
      await tx
        .update(visits)
        .set({ status: 'cancelled', cancelReason: input.reason, updatedAt: new Date() })
        .where(eq(visits.id, row.id));
      const [person] = await tx
        .select({ firstName: people.firstName, lastName: people.lastName })
        .from(people)
        .where(eq(people.id, row.personId));
      const line = `Visite annulée chez ${person?.firstName ?? ''} ${person?.lastName ?? ''} le ${slotText(row.date, minutesOfTime(row.startTime))} (${input.reason})`;
      return recordPlanChanges(
        tx,
        trail,
        ctx.config,
        row.organisationId,
        row.visitors.map((visitorId) => ({ visitorId, lines: [line] })),
      );
    },
  });
  return { id: visitId, status: 'cancelled' as const };
}

// ------------------------------------------------------------------ closures

export async function listClosures(ctx: AuthenticatedContext, input: { from?: string }) {
  authorizeRole(ctx.actor, 'planning.read');
  const from = input.from ?? serviceToday();
  const rows = await ctx.db
    .select({
      id: serviceClosures.id,
      date: serviceClosures.date,
      reason: serviceClosures.reason,
      localServiceId: serviceClosures.localServiceId,
      localServiceName: localServices.name,
    })
    .from(serviceClosures)
    .leftJoin(localServices, eq(localServices.id, serviceClosures.localServiceId))
    .where(
      and(
        eq(serviceClosures.organisationId, ctx.actor.organisationId),
        gte(serviceClosures.date, from),
        ctx.actor.localServiceId
          ? or(
              isNull(serviceClosures.localServiceId),
              eq(serviceClosures.localServiceId, ctx.actor.localServiceId),
            )
          : undefined,
      ),
    )
    .orderBy(asc(serviceClosures.date))
    .limit(200);
  return { items: rows };
}

export async function createClosure(
  ctx: AuthenticatedContext,
  input: z.infer<typeof closureSchema>,
) {
  const { actor } = ctx;
  const localServiceId = actor.localServiceId ?? input.localServiceId ?? null;
  if (
    actor.localServiceId &&
    input.localServiceId !== undefined &&
    input.localServiceId !== actor.localServiceId
  ) {
    throw badRequest('Vous ne pouvez fermer que votre service local.');
  }
  return write(ctx, {
    audit: 'closure.create',
    scope: async (tx) => {
      if (localServiceId) await checkLocalService(tx, actor.organisationId, localServiceId);
      return { organisationId: actor.organisationId, localServiceId };
    },
    apply: async (tx, _none, trail) => {
      // The open dates of the week change: a generation computing it must not write it.
      await touchWeeks(
        tx,
        weekKeys(await servicesOf(tx, actor.organisationId, localServiceId), [
          mondayOf(input.date),
        ]),
      );
      const [existing] = await tx
        .select({ id: serviceClosures.id })
        .from(serviceClosures)
        .where(
          and(
            eq(serviceClosures.organisationId, actor.organisationId),
            eq(serviceClosures.date, input.date),
            localServiceId
              ? eq(serviceClosures.localServiceId, localServiceId)
              : isNull(serviceClosures.localServiceId),
          ),
        );
      if (existing) throw conflict('duplicate', 'Ce jour est déjà fermé.');
      const [row] = await tx
        .insert(serviceClosures)
        .values({
          organisationId: actor.organisationId,
          localServiceId,
          date: input.date,
          reason: input.reason,
          createdBy: actor.id,
        })
        .returning();
      trail.record({ entityType: 'service_closure', entityId: row!.id, after: row! });
      return row!;
    },
  });
}

export async function deleteClosure(ctx: AuthenticatedContext, id: string) {
  const { actor } = ctx;
  return write(ctx, {
    audit: 'closure.delete',
    what: 'Fermeture',
    load: (tx) => closureTarget(tx, id),
    validate: (_tx, row) => {
      // A coordinator of one local service does not reopen a day the whole organisation closed.
      if (actor.localServiceId && row.localServiceId !== actor.localServiceId)
        throw notFound('Fermeture');
    },
    apply: async (tx, row) => {
      await touchWeeks(
        tx,
        weekKeys(await servicesOf(tx, row.organisationId, row.localServiceId), [
          mondayOf(row.date),
        ]),
      );
      await tx.delete(serviceClosures).where(eq(serviceClosures.id, id));
      return { id, deleted: true };
    },
  });
}

// ------------------------------------------------------------------ absences and repair

/** The visitor a preview is about, read with the check of the route's action on them. */
async function absentVisitor(db: DbOrTx, ctx: AuthenticatedContext, visitorId: string) {
  const [visitor] = await db.select().from(visitors).where(eq(visitors.id, visitorId));
  if (!visitor) throw notFound('Visiteur');
  authorize(
    ctx.actor,
    'absence.declare',
    { organisationId: visitor.organisationId, localServiceId: visitor.localServiceId },
    'Visiteur',
  );
  return visitor;
}

/** The repair of every week the absence touches, in the services where the visitor has visits. */
async function repairProposal(
  tx: DbOrTx,
  ctx: AuthenticatedContext,
  absence: z.infer<typeof absenceSchema>,
) {
  const now = serviceNow();
  const from = absence.from > now.date ? absence.from : now.date;
  const touched = await tx
    .selectDistinct({ localServiceId: visits.localServiceId, weekStart: visits.weekStart })
    .from(visits)
    .innerJoin(visitVisitors, eq(visitVisitors.visitId, visits.id))
    .where(
      and(
        eq(visits.organisationId, ctx.actor.organisationId),
        eq(visitVisitors.visitorId, absence.visitorId),
        eq(visits.status, 'planned'),
        gte(visits.date, from),
        lte(visits.date, absence.to),
      ),
    );
  const changes: {
    visitId: string;
    person: { id: string; name: string };
    before: { date: string; startTime: string; visitors: { id: string; name: string }[] };
    after: {
      date: string;
      startTime: string;
      visitorIds: string[];
      visitors: { id: string; name: string }[];
      crew: string;
    } | null;
    reason: string | null;
    /** A visit the absence did not touch, moved to make room for the visit of this person. */
    makesRoomFor: { id: string; name: string } | null;
  }[] = [];
  const personIds = new Set<string>();
  const visitorIds = new Set<string>();
  let elapsedMs = 0;
  for (const { localServiceId, weekStart } of touched) {
    if (!localServiceId) continue;
    const { loaded, entries, input } = await weekAround(
      tx,
      ctx.actor.organisationId,
      localServiceId,
      weekStart,
    );
    const started = performance.now();
    const result = repairWeek({
      week: input,
      current: entries.map((e) => e.planned),
      absence: { visitorId: absence.visitorId, from: absence.from, to: absence.to },
      now,
    });
    elapsedMs += performance.now() - started;
    const byDemand = new Map(entries.map((e) => [e.planned.demandId, e]));
    const name = (id: string) => ({ id, name: loaded.visitorNames.get(id) ?? id });
    for (const change of result.changes) {
      const entry = byDemand.get(change.demandId);
      if (!entry) continue;
      // The person whose visit this move makes room for.
      const roomFor = change.makesRoomFor
        ? byDemand.get(change.makesRoomFor)?.row.personId
        : undefined;
      changes.push({
        visitId: entry.row.id,
        person: { id: entry.row.personId, name: loaded.personNames.get(entry.row.personId) ?? '' },
        before: {
          date: change.before.date,
          startTime: timeOfMinutes(change.before.start),
          visitors: change.before.visitorIds.map(name),
        },
        after: change.after
          ? {
              date: change.after.date,
              startTime: timeOfMinutes(change.after.start),
              visitorIds: [...change.after.visitorIds],
              visitors: change.after.visitorIds.map(name),
              crew: change.after.crew,
            }
          : null,
        reason: change.after
          ? null
          : change.reason
            ? unplannedMessage(change.reason)
            : 'Visite retirée.',
        makesRoomFor: roomFor ? { id: roomFor, name: loaded.personNames.get(roomFor) ?? '' } : null,
      });
    }
    result.toTell.personIds.forEach((id) => personIds.add(id));
    result.toTell.visitorIds.forEach((id) => visitorIds.add(id));
  }
  const names = await tx
    .select({
      id: people.id,
      firstName: people.firstName,
      lastName: people.lastName,
      phones: people.phones,
    })
    .from(people)
    .where(
      inArray(
        people.id,
        personIds.size ? [...personIds] : ['00000000-0000-0000-0000-000000000000'],
      ),
    );
  const visitorRows = await tx
    .select({
      id: visitors.id,
      firstName: visitors.firstName,
      lastName: visitors.lastName,
      phone: visitors.phone,
      email: visitors.email,
      gender: visitors.gender,
    })
    .from(visitors)
    .where(
      inArray(
        visitors.id,
        visitorIds.size ? [...visitorIds] : ['00000000-0000-0000-0000-000000000000'],
      ),
    );
  return {
    changes: changes.sort((a, b) =>
      (a.before.date + a.before.startTime).localeCompare(b.before.date + b.before.startTime),
    ),
    toTell: {
      people: names.map((p) => ({
        id: p.id,
        name: `${p.firstName} ${p.lastName}`,
        phone: (p.phones as { number: string }[])[0]?.number ?? null,
      })),
      visitors: visitorRows.map((v) => ({
        id: v.id,
        name: `${v.firstName} ${v.lastName}`,
        phone: v.phone,
        email: v.email,
        formOfAddress: formOfAddressOf(v),
      })),
    },
    elapsedMs: Math.round(elapsedMs),
  };
}

export async function previewAbsence(
  ctx: AuthenticatedContext,
  input: z.infer<typeof absenceSchema>,
) {
  // Reads only, outside any transaction: a preview writes nothing and needs no snapshot, since
  // its acceptance (`declareAbsence`) recomputes the proposal under lock and refuses it if the
  // planning changed meanwhile.
  await absentVisitor(ctx.db, ctx, input.visitorId);
  await refuseOverlappingAbsence(ctx.db, input.visitorId, input.from, input.to);
  return repairProposal(ctx.db, ctx, input);
}

export async function declareAbsence(
  ctx: AuthenticatedContext,
  input: z.infer<typeof absenceAcceptSchema>,
) {
  const result = await write(ctx, {
    what: 'Visiteur',
    // The visitor is locked: the proposal is re-computed under that lock and must be the one the
    // planner accepted.
    scope: async (tx) => {
      const [visitor] = await tx
        .select()
        .from(visitors)
        .where(eq(visitors.id, input.visitorId))
        .for('update');
      return visitor
        ? { organisationId: visitor.organisationId, localServiceId: visitor.localServiceId }
        : null;
    },
    validate: (tx) => refuseOverlappingAbsence(tx, input.visitorId, input.from, input.to),
    apply: async (tx, _none, trail) => {
      // Every week the absence can change is locked, and marked changed, before the repair is
      // computed: the visitor's service(s) and those where they have visits, over its dates.
      const [visitor] = await tx
        .select({ localServiceId: visitors.localServiceId })
        .from(visitors)
        .where(eq(visitors.id, input.visitorId));
      const visited = await tx
        .selectDistinct({ localServiceId: visits.localServiceId })
        .from(visits)
        .innerJoin(visitVisitors, eq(visitVisitors.visitId, visits.id))
        .where(
          and(
            eq(visitVisitors.visitorId, input.visitorId),
            gte(visits.date, input.from),
            lte(visits.date, input.to),
          ),
        );
      const serviceIds = new Set(
        await servicesOf(tx, ctx.actor.organisationId, visitor?.localServiceId ?? null),
      );
      for (const v of visited) if (v.localServiceId) serviceIds.add(v.localServiceId);
      await touchWeeks(tx, weekKeys([...serviceIds], weeksOf(input.from, input.to)));
      const proposal = await repairProposal(tx, ctx, input);
      const accepted = new Map(input.changes.map((c) => [c.visitId, c.after]));
      const same =
        proposal.changes.length === accepted.size &&
        proposal.changes.every((c) => {
          if (!accepted.has(c.visitId)) return false;
          const a = accepted.get(c.visitId) ?? null;
          if (a === null || c.after === null) return a === c.after;
          return (
            a.date === c.after.date &&
            a.startTime === c.after.startTime &&
            [...a.visitorIds].sort().join() === [...c.after.visitorIds].sort().join()
          );
        });
      const changed = () =>
        conflict(
          'proposal_changed',
          'Le planning a changé depuis cette proposition : affichez la nouvelle proposition avant de l’accepter.',
        );
      if (!same) throw changed();
      const [absence] = await tx
        .insert(visitorAbsences)
        .values({
          visitorId: input.visitorId,
          kind: input.kind,
          startsOn: input.from,
          endsOn: input.to,
          note: input.note,
        })
        .returning();
      trail.record({ entityType: 'visitor_absence', entityId: absence!.id, after: absence! });
      const notices = new Map<string, string[]>();
      const tell = (visitorId: string, line: string) =>
        notices.set(visitorId, [...(notices.get(visitorId) ?? []), line]);
      // The visits changed are locked in id order (two repairs touching the same visits cannot
      // deadlock) and must still be where the proposal saw them.
      const locked = new Map<string, Target<VisitTargetRow>>();
      for (const visitId of proposal.changes.map((c) => c.visitId).sort()) {
        const target = await visitTarget(tx, visitId);
        if (!target) throw changed();
        locked.set(visitId, target);
      }
      for (const change of proposal.changes) {
        const before = locked.get(change.visitId)!;
        const row = before.row;
        if (
          row.status !== 'planned' ||
          row.date !== change.before.date ||
          row.startTime.slice(0, 5) !== change.before.startTime.slice(0, 5)
        )
          throw changed();
        const line = change.after
          ? `Visite chez ${change.person.name} : ${slotText(change.before.date, minutesOfTime(change.before.startTime))} → ${slotText(change.after.date, minutesOfTime(change.after.startTime))}, avec ${change.after.visitors.map((v) => v.name).join(' et ')}`
          : `Visite chez ${change.person.name} du ${slotText(change.before.date, minutesOfTime(change.before.startTime))} annulée : ${change.reason}`;
        for (const v of new Set([
          ...change.before.visitors.map((x) => x.id),
          ...(change.after?.visitorIds ?? []),
        ]))
          tell(v, line);
        if (change.after) {
          const unitMembers = row.assignmentId
            ? await tx
                .select({
                  pairId: assignments.pairId,
                  visitorId: assignments.visitorId,
                  a: pairs.visitorAId,
                  b: pairs.visitorBId,
                })
                .from(assignments)
                .leftJoin(pairs, eq(pairs.id, assignments.pairId))
                .where(eq(assignments.id, row.assignmentId))
            : [];
          const members = unitMembers[0]
            ? [unitMembers[0].a, unitMembers[0].b, unitMembers[0].visitorId].filter(Boolean)
            : [];
          await tx
            .update(visits)
            .set({
              date: change.after.date,
              startTime: change.after.startTime,
              crew: change.after.crew,
              updatedAt: new Date(),
            })
            .where(eq(visits.id, change.visitId));
          await tx.delete(visitVisitors).where(eq(visitVisitors.visitId, change.visitId));
          await tx.insert(visitVisitors).values(
            change.after.visitorIds.map((visitorId) => ({
              visitId: change.visitId,
              visitorId,
              role: members.includes(visitorId) ? 'member' : 'substitute',
            })),
          );
        } else {
          await tx
            .update(visits)
            .set({
              status: 'cancelled',
              cancelReason: `Absence d’un visiteur : ${change.reason}`,
              updatedAt: new Date(),
            })
            .where(eq(visits.id, change.visitId));
        }
        const after = await visitTarget(tx, change.visitId);
        trail.record({
          entityType: 'visit',
          entityId: change.visitId,
          subjectId: row.personId,
          before: row,
          after: after?.row ?? null,
        });
      }
      const pending = await recordPlanChanges(
        tx,
        trail,
        ctx.config,
        ctx.actor.organisationId,
        [...notices].map(([visitorId, lines]) => ({ visitorId, lines })) as PlanChangeNotice[],
      );
      return { absenceId: absence!.id, proposal, pending };
    },
  });
  return {
    absenceId: result.absenceId,
    changes: result.proposal.changes.length,
    toTell: result.proposal.toTell,
  };
}
