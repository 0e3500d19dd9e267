/**
 * The demo's visits: last week, this week and next week planned by the real planner for every local
 * service, this week's past visits done and reported, and — demo only — two visits today for the
 * demo visitor's pair whatever the day, so that "Aujourd'hui" can be shown on a Sunday too.
 */
import { and, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import {
  assignments,
  localServices,
  pairs,
  users,
  visitReports,
  visits,
  visitVisitors,
} from '../db/schema.js';
import { addDays, mondayOf } from '../domain/common/calendar.js';
import { planWeek } from '../domain/planning/week/index.js';
import { prepareWeek, writeWeek } from '../server/planning/service.js';
import { DEMO_ACCOUNTS } from './accounts.js';

export async function seedDemoPlanning(db: Db, today: string) {
  const started = performance.now();
  const services = await db
    .select({ id: localServices.id, organisationId: localServices.organisationId })
    .from(localServices);
  let planned = 0;
  const thisWeek = mondayOf(today);
  // Last week first: its visits are this week's stability reference, and its history keeps the
  // silence alerts of a fresh demo to the people who really have none.
  for (const weekStart of [addDays(thisWeek, -7), thisWeek, addDays(thisWeek, 7)]) {
    for (const service of services) {
      const prepared = await prepareWeek(db, {
        organisationId: service.organisationId,
        localServiceId: service.id,
        weekStart,
        fromDate: weekStart,
      });
      if (prepared.input.demands.length === 0) continue;
      // A short, fixed budget: the demo starts in seconds and is the same at every start.
      const plan = planWeek({ ...prepared.input, maxIterations: 2_000, timeLimitMs: 1_500 });
      await db.transaction(async (tx) => {
        // The demo loader writes outside the audit trail (no trail): it is not anyone's change.
        await writeWeek(tx, prepared, plan, null, null);
      });
      planned += plan.planned.length;
    }
  }

  // The visits before today were made and reported.
  const past = await db
    .select({
      id: visits.id,
      organisationId: visits.organisationId,
      durationMinutes: visits.durationMinutes,
      date: visits.date,
    })
    .from(visits)
    .where(and(lt(visits.date, today), eq(visits.status, 'planned')));
  await db.transaction(async (tx) => {
    for (const visit of past) {
      await tx.update(visits).set({ status: 'done' }).where(eq(visits.id, visit.id));
      await tx.insert(visitReports).values({
        organisationId: visit.organisationId,
        visitId: visit.id,
        clientId: crypto.randomUUID(),
        outcome: 'done',
        durationMinutes: visit.durationMinutes,
        activities: ['conversation'],
        mood: 'good',
        writtenAt: new Date(`${visit.date}T17:00:00Z`),
      });
    }
  });

  const todayVisits = await ensureVisitorHasVisitsToday(db, today);
  const firstMeetings = await planFirstMeetings(db, today);
  return {
    planned,
    firstMeetings,
    reportedPast: past.length,
    todayVisits,
    ms: Math.round(performance.now() - started),
  };
}

/**
 * The matches not yet met (accepted, announced, first visit planned) have no regular visits; the
 * ones whose first visit is planned meet in the coming days, with the demo coordinator present
 * (« À faire »: first meetings to attend). Written after the planner, which would replace them.
 */
async function planFirstMeetings(db: Db, today: string) {
  const account = DEMO_ACCOUNTS.find((a) => a.key === 'coordinator');
  if (!account) return 0;
  const [coordinator] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, account.email));
  if (!coordinator) return 0;
  const waiting = await db
    .select({
      id: assignments.id,
      organisationId: assignments.organisationId,
      personId: assignments.personId,
      pairId: assignments.pairId,
      visitorId: assignments.visitorId,
      stage: assignments.stage,
      firstVisitId: assignments.firstVisitId,
      localServiceId: sql<
        string | null
      >`(select p.local_service_id from people p where p.id = ${assignments.personId})`,
    })
    .from(assignments)
    .where(
      and(
        isNull(assignments.endedOn),
        inArray(assignments.stage, ['accepted', 'announced', 'first_visit_planned']),
      ),
    )
    .orderBy(assignments.stageSince, assignments.id);
  if (!waiting.length) return 0;
  await db.delete(visits).where(
    and(
      inArray(
        visits.assignmentId,
        waiting.map((w) => w.id),
      ),
      isNull(visits.purpose),
    ),
  );
  let made = 0;
  for (const match of waiting) {
    if (match.stage !== 'first_visit_planned' || match.firstVisitId) continue;
    let date = addDays(today, 1 + made);
    // Not on a Sunday.
    if (new Date(`${date}T00:00:00Z`).getUTCDay() === 0) date = addDays(date, 1);
    const crew = match.visitorId
      ? [match.visitorId]
      : await db
          .select({ a: pairs.visitorAId, b: pairs.visitorBId })
          .from(pairs)
          .where(eq(pairs.id, match.pairId!))
          .then((rows) => (rows[0] ? [rows[0].a, rows[0].b] : []));
    const [row] = await db
      .insert(visits)
      .values({
        organisationId: match.organisationId,
        localServiceId: match.localServiceId,
        personId: match.personId,
        assignmentId: match.id,
        weekStart: mondayOf(date),
        rank: 1,
        date,
        startTime: made % 2 ? '10:00' : '14:30',
        durationMinutes: 90,
        crew: match.visitorId ? 'volunteer' : 'pair',
        staffUserId: coordinator.id,
        purpose: 'first_meeting',
      })
      .returning({ id: visits.id });
    if (crew.length)
      await db
        .insert(visitVisitors)
        .values(crew.map((visitorId) => ({ visitId: row!.id, visitorId })));
    await db.update(assignments).set({ firstVisitId: row!.id }).where(eq(assignments.id, match.id));
    made++;
  }
  return made;
}

/** Demo only: the demo visitor's pair has two visits today (10:00 and 14:30) if the plan gave none. */
async function ensureVisitorHasVisitsToday(db: Db, today: string) {
  const account = DEMO_ACCOUNTS.find((a) => a.isVisitor);
  if (!account) return 0;
  const [user] = await db
    .select({ visitorId: users.visitorId })
    .from(users)
    .where(eq(users.email, account.email));
  if (!user?.visitorId) return 0;
  const existing = await db
    .select({ id: visits.id })
    .from(visits)
    .innerJoin(visitVisitors, eq(visitVisitors.visitId, visits.id))
    .where(
      and(
        eq(visitVisitors.visitorId, user.visitorId),
        eq(visits.date, today),
        ne(visits.status, 'cancelled'),
      ),
    );
  if (existing.length > 0) return existing.length;
  const [pair] = await db
    .select()
    .from(pairs)
    .where(
      and(
        or(eq(pairs.visitorAId, user.visitorId), eq(pairs.visitorBId, user.visitorId)),
        isNull(pairs.dissolvedOn),
      ),
    );
  if (!pair) return 0;
  const followed = await db
    .select({
      id: assignments.id,
      personId: assignments.personId,
      organisationId: assignments.organisationId,
    })
    .from(assignments)
    .where(and(eq(assignments.pairId, pair.id), isNull(assignments.endedOn)))
    .limit(2);
  const weekStart = mondayOf(today);
  // Their visit of this week moves to today, so each person still has their rhythm.
  const mine = followed.map((f) => f.id);
  if (mine.length) {
    await db
      .delete(visits)
      .where(
        and(
          inArray(visits.assignmentId, mine),
          eq(visits.weekStart, weekStart),
          eq(visits.rank, 1),
          sql`${visits.date} >= ${today}`,
        ),
      );
  }
  const times = ['10:00', '14:30'];
  for (const [i, f] of followed.entries()) {
    const [row] = await db
      .insert(visits)
      .values({
        organisationId: f.organisationId,
        localServiceId: pair.localServiceId,
        personId: f.personId,
        assignmentId: f.id,
        weekStart,
        rank: 1,
        date: today,
        startTime: times[i]!,
        durationMinutes: 90,
        crew: 'pair',
      })
      .returning({ id: visits.id });
    await db.insert(visitVisitors).values([
      { visitId: row!.id, visitorId: pair.visitorAId },
      { visitId: row!.id, visitorId: pair.visitorBId },
    ]);
  }
  return followed.length;
}
