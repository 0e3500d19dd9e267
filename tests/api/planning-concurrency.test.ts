/**
 * Planning with several servers on one database (ADR 0017): two starts of one week give one run
 * and one set of visits, from one server or two; a run whose server stopped is failed (when read,
 * when its week is started again, by the job) and never blocks its week, while a live run keeps
 * its heartbeat; a run is computed from its id alone; a hand move made while a generation
 * computes is never lost (the run fails and asks to be started again); two moves of one week at
 * once cannot both pass the week's checks; two acceptances at once neither place a person twice
 * nor fill a unit beyond its capacity. On PostgreSQL the second server has its own connections.
 */
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignments,
  auditLog,
  people,
  planRuns,
  statusChanges,
  visitors,
  visits,
  visitVisitors,
} from '../../src/db/schema.js';
import { addDays } from '../../src/domain/common/calendar.js';
import { systemContext } from '../../src/server/http/context.js';
import { failStaleRuns, STALE_RUN_MESSAGE } from '../../src/server/planning/runs.js';
import { executeRun, WEEK_CHANGED_MESSAGE } from '../../src/server/planning/service.js';
import { createTestApp, type Client, type TestApp, type TwinApp } from '../helpers/app.js';
import { giveRequiredDocuments } from '../helpers/documents.js';

let t: TestApp;
let twin: TwinApp;
let planner: Client;
let coordinator: Client;
let plannerB: Client;
let coordinatorB: Client;

const weekdays = Array.from({ length: 5 }, (_, i) => ({
  weekday: i + 1,
  startTime: '09:00',
  endTime: '17:30',
}));
const week = (n: number) => addDays(t.fixtures.nextMonday, 7 * n);

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error('insert returned nothing');
  return row;
}

/** A person of service 1 at a status (its history written as the fixtures do). */
async function person(lastName: string, path: string[]) {
  const row = await one(
    t.services.db
      .insert(people)
      .values({
        organisationId: t.fixtures.orgA.id,
        localServiceId: t.fixtures.ls1.id,
        lastName,
        firstName: 'Test',
        birthDate: '1940-03-12',
        postalCode: '60000',
        communeName: 'Beauvais',
        latitude: 49.43,
        longitude: 2.08,
        locationStatus: 'located',
        phones: [],
      })
      .returning(),
  );
  await t.services.db.insert(statusChanges).values(
    path.map((status, index) => ({
      personId: row.id,
      fromStatus: index === 0 ? null : path[index - 1]!,
      toStatus: status,
      effectiveDate: `2025-01-0${index + 1}`,
    })),
  );
  return row;
}

async function volunteer(lastName: string, capacity: number) {
  const row = await one(
    t.services.db
      .insert(visitors)
      .values({
        organisationId: t.fixtures.orgA.id,
        localServiceId: t.fixtures.ls1.id,
        kind: 'volunteer',
        firstName: 'Bénévole',
        lastName,
        capacity,
        mobility: 'car',
        maxTripMinutes: 30,
        postalCode: '60000',
        communeName: 'Beauvais',
        latitude: 49.43,
        longitude: 2.08,
        locationStatus: 'located',
      })
      .returning(),
  );
  await giveRequiredDocuments(t.services.db, row);
  return row;
}

beforeAll(async () => {
  t = await createTestApp({ planningSeconds: 2 });
  // The second server computes longer: a hand edit can land while it works.
  twin = await t.twin({ planningSeconds: 4 });
  planner = await t.login(t.fixtures.usersA.planner.email);
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  plannerB = await twin.login(t.fixtures.usersA.planner.email);
  coordinatorB = await twin.login(t.fixtures.usersA.coordinator.email);
  for (const v of [t.fixtures.v1, t.fixtures.v2, t.fixtures.v3]) {
    const set = await coordinator.request('PUT', `/api/visitors/${v.id}/availability`, {
      slots: weekdays,
    });
    expect(set.status, JSON.stringify(set.body)).toBeLessThan(300);
  }
  // Six followed people: four with the pair, two with the volunteer.
  const active = ['referred', 'evaluated', 'waiting', 'active'];
  for (const [i, unit] of ['pair', 'pair', 'pair', 'v3', 'v3'].entries()) {
    const p = await person(`Suivie${i}`, active);
    await t.services.db.insert(assignments).values({
      organisationId: t.fixtures.orgA.id,
      personId: p.id,
      pairId: unit === 'pair' ? t.fixtures.pair.id : null,
      visitorId: unit === 'pair' ? null : t.fixtures.v3.id,
      startedOn: '2025-01-04',
    });
  }
}, 300_000);
afterAll(async () => t?.close());

async function waitForRun(client: Client, runId: string) {
  for (let i = 0; i < 1200; i++) {
    const run = await client.get(`/api/planning/runs/${runId}`);
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    if (run.body.status !== 'running') return run.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the generation did not finish');
}

const generate = (client: Client, weekStart: string) =>
  client.post('/api/planning/generate', { localServiceId: t.fixtures.ls1.id, weekStart });

/** The week's visits (not cancelled) with their visitors. */
async function visitsOf(weekStart: string) {
  const rows = await t.services.db
    .select()
    .from(visits)
    .where(
      and(
        eq(visits.localServiceId, t.fixtures.ls1.id),
        eq(visits.weekStart, weekStart),
        ne(visits.status, 'cancelled'),
      ),
    );
  const crews = rows.length
    ? await t.services.db
        .select()
        .from(visitVisitors)
        .where(
          inArray(
            visitVisitors.visitId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((row) => ({
    ...row,
    visitorIds: crews.filter((c) => c.visitId === row.id).map((c) => c.visitorId),
  }));
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** One visit per wanted visit of each match, and no visitor in two places at once. */
function expectOneSet(rows: Awaited<ReturnType<typeof visitsOf>>) {
  const demands = rows.map((r) => `${r.assignmentId}:${r.rank}`);
  expect(new Set(demands).size, 'a match planned twice').toBe(demands.length);
  for (const a of rows)
    for (const b of rows) {
      if (a.id >= b.id || a.date !== b.date) continue;
      if (!a.visitorIds.some((v) => b.visitorIds.includes(v))) continue;
      const overlap =
        minutes(a.startTime) < minutes(b.startTime) + b.durationMinutes &&
        minutes(b.startTime) < minutes(a.startTime) + a.durationMinutes;
      expect(overlap, `a visitor booked twice on ${a.date}`).toBe(false);
    }
}

const runsOf = (weekStart: string) =>
  t.services.db
    .select()
    .from(planRuns)
    .where(and(eq(planRuns.localServiceId, t.fixtures.ls1.id), eq(planRuns.weekStart, weekStart)));

describe('one generation per service and week', () => {
  it('two starts at once on one server: one run (202), the other refused in French (409), one set of visits', async () => {
    const answers = await Promise.all([generate(planner, week(1)), generate(coordinator, week(1))]);
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status === 409);
    expect(accepted, JSON.stringify(answers.map((a) => a.body))).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.body.message).toBe('Une génération est déjà en cours pour cette semaine.');
    expect(refused[0]!.body.runId).toBe(accepted[0]!.body.runId);
    const run = await waitForRun(planner, accepted[0]!.body.runId);
    expect(run.status, JSON.stringify(run)).toBe('done');
    expect(await runsOf(week(1))).toHaveLength(1);
    const rows = await visitsOf(week(1));
    expect(rows).toHaveLength(run.summary.planned);
    expect(run.summary.planned).toBeGreaterThanOrEqual(5);
    expectOneSet(rows);
  }, 300_000);

  it('two starts at once on two servers, three weeks in a row: one run and one set of visits each', async () => {
    for (const n of [2, 3, 4]) {
      const answers = await Promise.all([generate(planner, week(n)), generate(plannerB, week(n))]);
      expect(
        answers.map((a) => a.status).sort(),
        JSON.stringify(answers.map((a) => a.body)),
      ).toEqual([202, 409]);
      const runId = answers.find((a) => a.status === 202)!.body.runId;
      const run = await waitForRun(planner, runId);
      expect(run.status, JSON.stringify(run)).toBe('done');
      expect(await runsOf(week(n))).toHaveLength(1);
      const rows = await visitsOf(week(n));
      expect(rows).toHaveLength(run.summary.planned);
      expectOneSet(rows);
    }
  }, 600_000);
});

describe('a run whose server stopped', () => {
  /** A run left "running" by a server that stopped 5 minutes ago, in the middle of it. */
  async function deadRun(weekStart: string) {
    return one(
      t.services.db
        .insert(planRuns)
        .values({
          organisationId: t.fixtures.orgA.id,
          localServiceId: t.fixtures.ls1.id,
          weekStart,
          startedBy: t.fixtures.usersA.planner.id,
          startedAt: new Date(Date.now() - 6 * 60_000),
          heartbeatAt: new Date(Date.now() - 5 * 60_000),
          // It had begun: its process recorded the week's revision.
          weekRevision: 0,
        })
        .returning(),
    );
  }

  it('is failed when it is read, with a French message, on the audit trail', async () => {
    const dead = await deadRun(week(5));
    const read = await plannerB.get(`/api/planning/runs/${dead.id}`);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('failed');
    expect(read.body.error).toBe(STALE_RUN_MESSAGE);
    const rows = await t.services.db.select().from(auditLog).where(eq(auditLog.batchId, dead.id));
    expect(rows.map((r) => [r.action, r.source, r.userId])).toEqual([
      ['planning.fail', 'job:planning-watchdog', t.fixtures.usersA.planner.id],
    ]);
  });

  it('never blocks its week: starting the week again fails it and runs', async () => {
    const dead = await deadRun(week(6));
    const started = await generate(planner, week(6));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const [old] = await t.services.db.select().from(planRuns).where(eq(planRuns.id, dead.id));
    expect(old!.status).toBe('failed');
    const run = await waitForRun(planner, started.body.runId);
    expect(run.status).toBe('done');
  }, 300_000);

  it('is failed when its week is read, and by the job; a live run is left alone', async () => {
    const dead = await deadRun(week(7));
    const read = await planner.get(
      `/api/planning/week?localServiceId=${t.fixtures.ls1.id}&weekStart=${week(7)}`,
    );
    expect(read.status).toBe(200);
    expect(read.body.lastRunId).toBe(dead.id);
    const [afterRead] = await t.services.db.select().from(planRuns).where(eq(planRuns.id, dead.id));
    expect(afterRead!.status).toBe('failed');

    const dead2 = await deadRun(week(8));
    const live = await one(
      t.services.db
        .insert(planRuns)
        .values({
          organisationId: t.fixtures.orgA.id,
          localServiceId: t.fixtures.ls1.id,
          weekStart: week(9),
          startedBy: t.fixtures.usersA.planner.id,
        })
        .returning(),
    );
    expect(await failStaleRuns(t.services, new Date())).toBe(1);
    const after = await t.services.db
      .select({ id: planRuns.id, status: planRuns.status, error: planRuns.error })
      .from(planRuns)
      .where(inArray(planRuns.id, [dead2.id, live.id]))
      .orderBy(asc(planRuns.startedAt));
    expect(after).toEqual([
      { id: dead2.id, status: 'failed', error: STALE_RUN_MESSAGE },
      { id: live.id, status: 'running', error: null },
    ]);
    // Not begun (waiting in the queue): five minutes without a heartbeat are no sign of death…
    expect(await failStaleRuns(t.services, new Date(Date.now() + 5 * 60_000))).toBe(0);
    // …but a quarter of an hour without being taken means its hand-over was lost.
    expect(await failStaleRuns(t.services, new Date(Date.now() + 16 * 60_000))).toBe(1);
  });

  it('a run is computed from its id alone, by any process with a system context', async () => {
    const queued = await one(
      t.services.db
        .insert(planRuns)
        .values({
          organisationId: t.fixtures.orgA.id,
          localServiceId: t.fixtures.ls1.id,
          weekStart: week(10),
          startedBy: t.fixtures.usersA.planner.id,
        })
        .returning(),
    );
    const ctx = systemContext(twin.services, pino({ level: 'silent' }), 'job:queue');
    expect(await executeRun(ctx, queued.id)).toBe('done');
    const rows = await visitsOf(week(10));
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((r) => r.planRunId === queued.id)).toBe(true);
    const audit = await t.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.batchId, queued.id));
    expect(new Set(audit.map((r) => r.userId))).toEqual(new Set([t.fixtures.usersA.planner.id]));
    expect(new Set(audit.map((r) => r.source))).toEqual(new Set(['job:queue']));
    // Delivered twice by a queue: the second does nothing.
    expect(await executeRun(ctx, queued.id)).toBe('skipped');
    expect(await visitsOf(week(10))).toHaveLength(rows.length);
  }, 300_000);

  it('a live run keeps its heartbeat and is not taken for dead by a server with a short delay', async () => {
    const quick = await t.twin({ planningSeconds: 3, planningStaleSeconds: 1 });
    const plannerQ = await quick.login(t.fixtures.usersA.planner.email);
    const started = await generate(plannerQ, week(11));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const beats = new Set<string>();
    let run = { status: 'running' } as { status: string; error?: string };
    while (run.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Read through the server with the short delay: it would fail a silent run.
      run = (await plannerQ.get(`/api/planning/runs/${started.body.runId}`)).body;
      const [row] = await t.services.db
        .select({ heartbeatAt: planRuns.heartbeatAt })
        .from(planRuns)
        .where(eq(planRuns.id, started.body.runId));
      beats.add(row!.heartbeatAt.toISOString());
    }
    expect(run.status, JSON.stringify(run)).toBe('done');
    expect(beats.size).toBeGreaterThanOrEqual(3);
  }, 300_000);
});

describe('hand edits while a generation computes', () => {
  it('a move made between the start and the write is not lost: the run fails and asks to be started again', async () => {
    const first = await generate(planner, week(12));
    expect((await waitForRun(planner, first.body.runId)).status).toBe('done');
    const before = await visitsOf(week(12));
    const moved = before[0]!;
    // The second server computes for 4 s: the move lands once it has read the week.
    const started = await generate(plannerB, week(12));
    expect(started.status).toBe(202);
    for (let i = 0; i < 200; i++) {
      const run = await plannerB.get(`/api/planning/runs/${started.body.runId}`);
      if (run.body.progress > 0 || run.body.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    let target: { date: string; startTime: string } | null = null;
    for (const day of [1, 2, 3, 4, 0])
      for (const startTime of ['14:00', '15:30', '09:00', '10:30']) {
        if (target) break;
        const slot = { date: addDays(week(12), day), startTime };
        if (slot.date === moved.date && startTime === moved.startTime.slice(0, 5)) continue;
        const answer = await planner.post(`/api/visits/${moved.id}/move`, slot);
        if (answer.status === 200) target = slot;
        else expect(answer.status, JSON.stringify(answer.body)).toBe(409);
      }
    expect(target, 'no free slot to move the visit to').not.toBeNull();
    const run = await waitForRun(planner, started.body.runId);
    expect(run.status, 'the generation finished before the move: no race tested').toBe('failed');
    expect(run.error).toBe(WEEK_CHANGED_MESSAGE);
    const [kept] = await t.services.db.select().from(visits).where(eq(visits.id, moved.id));
    expect([kept!.date, kept!.startTime.slice(0, 5), kept!.status]).toEqual([
      target!.date,
      target!.startTime,
      'planned',
    ]);
    expect((await visitsOf(week(12))).map((v) => v.id).sort()).toEqual(
      before.map((v) => v.id).sort(),
    );
    const failure = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.batchId, started.body.runId), eq(auditLog.action, 'planning.fail')));
    expect(failure.map((r) => [r.source, r.userId])).toEqual([
      ['job:planning', t.fixtures.usersA.planner.id],
    ]);
    // Started again, it plans from the week as it is now.
    const again = await generate(planner, week(12));
    expect(again.status).toBe(202);
    expect((await waitForRun(planner, again.body.runId)).status).toBe('done');
    expectOneSet(await visitsOf(week(12)));
  }, 300_000);

  it('a cancellation made while it computes is not lost either', async () => {
    const first = await generate(planner, week(14));
    expect((await waitForRun(planner, first.body.runId)).status).toBe('done');
    const [cancelled] = await visitsOf(week(14));
    const started = await generate(plannerB, week(14));
    expect(started.status).toBe(202);
    for (let i = 0; i < 200; i++) {
      const run = await plannerB.get(`/api/planning/runs/${started.body.runId}`);
      if (run.body.progress > 0 || run.body.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const cancel = await planner.post(`/api/visits/${cancelled!.id}/cancel`, {
      reason: 'Hospitalisation',
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    const run = await waitForRun(planner, started.body.runId);
    expect(run.status, 'the generation finished before the cancellation').toBe('failed');
    expect(run.error).toBe(WEEK_CHANGED_MESSAGE);
    const [row] = await t.services.db.select().from(visits).where(eq(visits.id, cancelled!.id));
    expect([row!.status, row!.cancelReason]).toEqual(['cancelled', 'Hospitalisation']);
  }, 300_000);

  it('two moves at once cannot put one visitor at the same hour twice (one per server)', async () => {
    const generated = await generate(planner, week(13));
    expect((await waitForRun(planner, generated.body.runId)).status).toBe('done');
    const rows = await visitsOf(week(13));
    const pairVisits = rows.filter((r) => r.visitorIds.includes(t.fixtures.v1.id));
    expect(pairVisits.length).toBeGreaterThanOrEqual(2);
    const [a, b] = pairVisits as [(typeof rows)[0], (typeof rows)[0]];
    let rounds = 0;
    for (const day of [2, 3, 1, 4])
      for (const startTime of ['14:00', '15:30', '09:00', '10:30']) {
        if (rounds >= 2) break;
        const slot = { date: addDays(week(13), day), startTime };
        const home = { date: a.date, startTime: a.startTime.slice(0, 5) };
        // A slot where `a` may go on its own…
        if ((await planner.post(`/api/visits/${a.id}/move`, slot)).status !== 200) continue;
        expect((await planner.post(`/api/visits/${a.id}/move`, home)).status).toBe(200);
        const homeB = { date: b.date, startTime: b.startTime.slice(0, 5) };
        // …then both at once, through two servers: one only.
        const answers = await Promise.all([
          planner.post(`/api/visits/${a.id}/move`, slot),
          plannerB.post(`/api/visits/${b.id}/move`, slot),
        ]);
        const ok = answers.filter((x) => x.status === 200);
        expect(ok, JSON.stringify(answers.map((x) => x.body))).toHaveLength(1);
        expect(answers.find((x) => x.status !== 200)!.body.error).toBe('constraint_broken');
        expectOneSet(await visitsOf(week(13)));
        rounds++;
        // Back where they were for the next round.
        await planner.post(`/api/visits/${a.id}/move`, home);
        await planner.post(`/api/visits/${b.id}/move`, homeB);
      }
    expect(rounds).toBe(2);
  }, 300_000);
});

describe('matching acceptances at once', () => {
  it('the same person accepted by two coordinators on two servers: followed once', async () => {
    const waiting = await person('Attente', ['referred', 'evaluated', 'waiting']);
    const unit1 = await volunteer('Un', 3);
    const unit2 = await volunteer('Deux', 3);
    const answers = await Promise.all([
      coordinator.post('/api/matching/accept', {
        items: [{ personId: waiting.id, unitId: unit1.id }],
      }),
      coordinatorB.post('/api/matching/accept', {
        items: [{ personId: waiting.id, unitId: unit2.id }],
      }),
    ]);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    const open = await t.services.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.personId, waiting.id), isNull(assignments.endedOn)));
    expect(open).toHaveLength(1);
    const moves = await t.services.db
      .select()
      .from(statusChanges)
      .where(and(eq(statusChanges.personId, waiting.id), eq(statusChanges.toStatus, 'active')));
    expect(moves).toHaveLength(1);
  });

  it('two people accepted at once for the last place of a unit: one only', async () => {
    const unit = await volunteer('Dernière place', 1);
    const first = await person('Premier', ['referred', 'evaluated', 'waiting']);
    const second = await person('Second', ['referred', 'evaluated', 'waiting']);
    const answers = await Promise.all([
      coordinator.post('/api/matching/accept', {
        items: [{ personId: first.id, unitId: unit.id }],
      }),
      coordinatorB.post('/api/matching/accept', {
        items: [{ personId: second.id, unitId: unit.id }],
      }),
    ]);
    expect(answers.map((a) => a.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual(
      [200, 409],
    );
    expect(answers.find((a) => a.status === 409)!.body.error).toBe('unit_full');
    const open = await t.services.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.visitorId, unit.id), isNull(assignments.endedOn)));
    expect(open).toHaveLength(1);
  });
});
