/**
 * The life of a match through the API (ADR 0028): accept → both sides called → first visit with
 * the coordinator present → trial → confirmed → review with the LSNS-6 → end for want of
 * affinity → the person back on the waiting list with priority → the next proposals avoid the
 * unit unless asked. And every refusal, with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import {
  assignments,
  auditLog,
  contactLog,
  matchReviews,
  matchSteps,
  people,
  statusChanges,
  visitorAvailability,
  visitVisitors,
  visits,
} from '../../src/db/schema.js';
import { addDays, mondayOf, serviceToday } from '../../src/domain/common/calendar.js';
import { addMonths } from '../../src/domain/matching/match-life.js';
import { prepareWeek } from '../../src/server/planning/service.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let planner: Client;
let coordinatorB: Client;
let matchId: string;
const today = serviceToday();

const lsns6 = {
  family_seen: 2,
  family_talk_private: 1,
  family_help: 1,
  friends_seen: 3,
  friends_talk_private: 2,
  friends_help: 1,
};

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
  coordinatorB = await t.login(t.fixtures.usersB.coordinator.email);
  const f = t.fixtures;
  // The pair and the volunteer Jeanne Petit are free on weekdays: both can visit Marcelle (p3).
  await t.services.db.insert(visitorAvailability).values(
    [f.v1, f.v2, f.v3].flatMap((v) =>
      [1, 2, 3, 4, 5].map((weekday) => ({
        visitorId: v.id,
        weekday,
        startTime: '09:00',
        endTime: '18:00',
      })),
    ),
  );
});
afterAll(async () => t?.close());

/** Rows that a refused request must not add. */
const counts = async () => {
  const db = t.services.db;
  const n = async (table: typeof matchSteps | typeof contactLog | typeof matchReviews) =>
    (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  const [writes] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(eq(auditLog.kind, 'write'));
  const [visitRows] = await db.select({ n: sql<number>`count(*)::int` }).from(visits);
  const [match] = await db.select().from(assignments).where(eq(assignments.id, matchId));
  return {
    steps: await n(matchSteps),
    contacts: await n(contactLog),
    reviews: await n(matchReviews),
    writes: writes!.n,
    visits: visitRows!.n,
    match,
  };
};

async function refused(
  request: () => Promise<{ status: number; body: { message: string } }>,
  status: number,
  message: string | RegExp,
) {
  const before = await counts();
  const response = await request();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  if (typeof message === 'string') expect(response.body.message).toBe(message);
  else expect(response.body.message).toMatch(message);
  expect(await counts()).toEqual(before);
}

/** Whether next week's planning takes Marcelle's match (planned, or said not plannable and why). */
const planningTakesMarcelle = async () => {
  const week = addDays(mondayOf(today), 7);
  const prepared = await prepareWeek(t.services.db, {
    organisationId: t.fixtures.orgA.id,
    // Marcelle (p3) belongs to the second local service.
    localServiceId: t.fixtures.p3.localServiceId!,
    weekStart: week,
    fromDate: week,
  });
  return prepared.loaded.personNames.has(t.fixtures.p3.id);
};

describe('the life of a match', () => {
  it('starts at "accepted" on acceptance, dated, with its first step', async () => {
    const f = t.fixtures;
    const accepted = await coordinator.post('/api/matching/accept', {
      items: [{ personId: f.p3.id, unitId: f.pair.id }],
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const list = await planner.get(`/api/people/${f.p3.id}/matches`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      stage: 'accepted',
      stageSince: today,
      unit: { kind: 'pair', id: f.pair.id, label: 'Inès Martin et Hugo Bernard' },
    });
    matchId = list.body.items[0].id;
    const steps = await t.services.db
      .select()
      .from(matchSteps)
      .where(eq(matchSteps.assignmentId, matchId));
    expect(steps.map((s) => [s.fromStage, s.toStage, s.effectiveOn])).toEqual([
      [null, 'accepted', today],
    ]);
    // Before the trial, the planning leaves the match alone: the first visit is planned by hand.
    expect(await planningTakesMarcelle()).toBe(false);
  });

  it('refuses a step outside the graph, naming the allowed ones, and writes nothing', async () => {
    await refused(
      () => coordinator.post(`/api/matches/${matchId}/steps`, { to: 'confirmed' }),
      409,
      'Un appariement à l’étape « Appariement accepté » ne peut passer qu’à l’étape « Annoncé aux deux parties » ou « Appariement terminé ».',
    );
    await refused(
      () => coordinator.post(`/api/matches/${matchId}/steps`, { to: 'nowhere' }),
      400,
      /Étape attendue/,
    );
    await refused(
      () => coordinator.post(`/api/matches/${matchId}/steps`, { to: 'announced' }),
      409,
      'Pour annoncer l’appariement, notez un appel abouti avec : la personne (ou un de ses proches), Inès Martin, Hugo Bernard.',
    );
  });

  it('is announced once the person and both visitors were reached; each call is in the contact log', async () => {
    const f = t.fixtures;
    await refused(
      () =>
        coordinator.post(`/api/matches/${matchId}/calls`, {
          side: 'person',
          outcome: 'reached',
          occurredAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      400,
      'Un appel passé ne peut pas être daté dans le futur.',
    );
    await refused(
      () =>
        coordinator.post(`/api/matches/${matchId}/calls`, {
          side: 'visitor',
          visitorId: f.v3.id,
          outcome: 'reached',
        }),
      400,
      'Ce visiteur ne fait pas partie du binôme ou du bénévole de l’appariement.',
    );
    expect(
      (
        await planner.post(`/api/matches/${matchId}/calls`, {
          side: 'person',
          outcome: 'reached',
        })
      ).status,
    ).toBe(403);

    const person = await coordinator.post(`/api/matches/${matchId}/calls`, {
      side: 'person',
      outcome: 'reached',
      note: 'Ravie de la proposition.',
    });
    expect(person.status, JSON.stringify(person.body)).toBe(200);
    expect(person.body.stage).toBe('accepted');
    const first = await coordinator.post(`/api/matches/${matchId}/calls`, {
      side: 'visitor',
      visitorId: f.v1.id,
      outcome: 'reached',
    });
    expect(first.body.stage).toBe('accepted');
    const second = await coordinator.post(`/api/matches/${matchId}/calls`, {
      side: 'visitor',
      visitorId: f.v2.id,
      outcome: 'reached',
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toMatchObject({ stage: 'announced', stageSince: today });
    const rows = await t.services.db
      .select()
      .from(contactLog)
      .where(eq(contactLog.assignmentId, matchId));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.purpose === 'match_announcement' && r.channel === 'call_out')).toBe(
      true,
    );
    expect(rows.find((r) => r.personId)?.personId).toBe(f.p3.id);
  });

  it('plans the first visit with the coordinator present, refusing the past, the night and a busy visitor', async () => {
    const f = t.fixtures;
    const plan = (body: Record<string, unknown>) =>
      coordinator.post(`/api/matches/${matchId}/first-visit`, body);
    await refused(
      () => plan({ date: addDays(today, -1), startTime: '10:00' }),
      400,
      'La première visite ne peut pas être planifiée dans le passé.',
    );
    await refused(
      () => plan({ date: f.nextMonday, startTime: '07:30' }),
      400,
      /dans la journée de travail du service, de 09 h 00 à 18 h 00/,
    );
    // The pair already visits Hélène next Monday at 10:00.
    await refused(
      () => plan({ date: f.nextMonday, startTime: '10:30' }),
      409,
      'Inès Martin a déjà une visite à ce moment-là : choisissez une autre heure.',
    );
    await refused(
      () => plan({ date: today, startTime: '16:00', staffUserId: f.usersA.planner.id }),
      400,
      'Choisissez un coordinateur ou une coordinatrice du service.',
    );
    const planned = await plan({ date: today, startTime: '16:00', durationMinutes: 90 });
    expect(planned.status, JSON.stringify(planned.body)).toBe(200);
    expect(planned.body.stage).toBe('first_visit_planned');
    const [visit] = await t.services.db
      .select()
      .from(visits)
      .where(eq(visits.id, planned.body.visitId));
    expect(visit).toMatchObject({
      personId: f.p3.id,
      assignmentId: matchId,
      date: today,
      durationMinutes: 90,
      crew: 'pair',
      purpose: 'first_meeting',
      staffUserId: f.usersA.coordinator.id,
      status: 'planned',
    });
    const crew = await t.services.db
      .select()
      .from(visitVisitors)
      .where(eq(visitVisitors.visitId, visit!.id));
    expect(crew.map((c) => c.visitorId).sort()).toEqual([f.v1.id, f.v2.id].sort());
  });

  it('starts the trial once the first visit is done (given its day), and dates its end', async () => {
    await refused(
      () => coordinator.post(`/api/matches/${matchId}/steps`, { to: 'trial' }),
      409,
      'La période d’essai commence une fois la première visite faite : indiquez le jour où elle a eu lieu.',
    );
    await refused(
      () =>
        coordinator.post(`/api/matches/${matchId}/steps`, {
          to: 'trial',
          effectiveOn: addDays(today, 1),
          firstVisitDoneOn: today,
        }),
      400,
      'La date ne peut pas être dans le futur.',
    );
    const trial = await coordinator.post(`/api/matches/${matchId}/steps`, {
      to: 'trial',
      firstVisitDoneOn: today,
    });
    expect(trial.status, JSON.stringify(trial.body)).toBe(200);
    const [match] = await t.services.db
      .select()
      .from(assignments)
      .where(eq(assignments.id, matchId));
    expect(match).toMatchObject({ stage: 'trial', trialEndsOn: addDays(today, 42) });
    const [visit] = await t.services.db
      .select()
      .from(visits)
      .where(eq(visits.id, match!.firstVisitId!));
    expect(visit!.status).toBe('done');
    // From the trial on, the weekly planning takes the match.
    expect(await planningTakesMarcelle()).toBe(true);
  });

  it('confirms after the trial’s check-in call, and dates the first review', async () => {
    await refused(
      () => coordinator.post(`/api/matches/${matchId}/steps`, { to: 'confirmed' }),
      409,
      'Avant de confirmer l’appariement, notez l’appel de fin d’essai avec la personne (ou un de ses proches).',
    );
    const call = await coordinator.post(`/api/matches/${matchId}/calls`, {
      side: 'person',
      purpose: 'trial_check',
      outcome: 'reached',
      note: 'Contente des visites du mardi.',
    });
    expect(call.status, JSON.stringify(call.body)).toBe(200);
    const confirmed = await coordinator.post(`/api/matches/${matchId}/steps`, {
      to: 'confirmed',
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const view = await planner.get(`/api/matches/${matchId}`);
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    expect(view.body.match).toMatchObject({
      stage: 'confirmed',
      nextReviewOn: addMonths(today, 12),
      personReached: true,
      trialCheckLogged: true,
    });
    expect(view.body.steps.map((s: { toStage: string }) => s.toStage)).toEqual([
      'accepted',
      'announced',
      'first_visit_planned',
      'trial',
      'confirmed',
    ]);
    expect(view.body.contacts).toHaveLength(4);
    expect(view.body.unit.visitors.every((v: { reached: boolean }) => v.reached)).toBe(true);
    expect(view.body.next).toEqual([
      { to: 'ended', label: 'Appariement terminé', ready: true, missing: null },
    ]);
    expect(view.body).toMatchObject({ canManage: false, canReview: false });
    const [read] = await t.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'match.read'))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(read).toMatchObject({ entityId: matchId, subjectId: t.fixtures.p3.id, kind: 'read' });
  });

  it('holds a review with the LSNS-6 and dates the next one', async () => {
    await refused(
      () =>
        coordinator.post(`/api/matches/${matchId}/reviews`, {
          heldOn: addDays(today, 2),
          personSatisfaction: 4,
          visitorSatisfaction: 4,
          lsns6,
          decision: 'continue',
        }),
      400,
      'Un bilan fait ne peut pas être daté dans le futur.',
    );
    await refused(
      () =>
        coordinator.post(`/api/matches/${matchId}/reviews`, {
          personSatisfaction: 6,
          visitorSatisfaction: 4,
          lsns6,
          decision: 'continue',
        }),
      400,
      /La satisfaction de la personne est une note de 1 à 5/,
    );
    const review = await coordinator.post(`/api/matches/${matchId}/reviews`, {
      personSatisfaction: 5,
      visitorSatisfaction: 4,
      lsns6,
      decision: 'change_rhythm',
      newVisitsPerWeek: 2,
      comment: 'Souhaite une visite de plus par semaine.',
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    const view = await coordinator.get(`/api/matches/${matchId}`);
    expect(view.body.reviews).toEqual([
      expect.objectContaining({
        heldOn: today,
        personSatisfaction: 5,
        visitorSatisfaction: 4,
        lsns6Total: 10,
        decision: 'change_rhythm',
        newVisitsPerWeek: 2,
      }),
    ]);
    expect(view.body.match).toMatchObject({ visitsPerWeek: 2, nextReviewOn: addMonths(today, 12) });
    expect(view.body).toMatchObject({ canManage: true, canReview: true });
  });

  it('hides the match from another organisation (404) and writes nothing', async () => {
    await refused(
      () => coordinatorB.get(`/api/matches/${matchId}`),
      404,
      'Appariement introuvable.',
    );
    await refused(
      () => coordinatorB.post(`/api/matches/${matchId}/end`, { reason: 'no_affinity' }),
      404,
      'Appariement introuvable.',
    );
    await refused(
      () => coordinatorB.get(`/api/people/${t.fixtures.p3.id}/matches`),
      404,
      'Personne introuvable.',
    );
  });

  it('ends for want of affinity: the person goes back to the waiting list with priority', async () => {
    const f = t.fixtures;
    await refused(
      () =>
        coordinator.post(`/api/matches/${matchId}/end`, {
          reason: 'no_affinity',
          endedOn: addDays(today, 1),
        }),
      400,
      'La fin d’un appariement ne peut pas être datée dans le futur.',
    );
    await refused(
      () => coordinator.post(`/api/matches/${matchId}/end`, { reason: 'other' }),
      409,
      'Le motif « Autre motif » demande un commentaire.',
    );
    const ended = await coordinator.post(`/api/matches/${matchId}/end`, {
      reason: 'no_affinity',
      comment: 'Les échanges restent difficiles des deux côtés.',
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ stage: 'ended', personStatus: 'waiting' });
    const [match] = await t.services.db
      .select()
      .from(assignments)
      .where(eq(assignments.id, matchId));
    expect(match).toMatchObject({ endedOn: today, endReason: 'no_affinity', stage: 'ended' });
    const [person] = await t.services.db.select().from(people).where(eq(people.id, f.p3.id));
    expect(person).toMatchObject({
      currentStatus: 'waiting',
      waitingPrioritySince: today,
      waitingPriorityReason: 'no_affinity',
    });
    const history = await t.services.db
      .select()
      .from(statusChanges)
      .where(eq(statusChanges.personId, f.p3.id))
      .orderBy(sql`${statusChanges.id} desc`)
      .limit(1);
    expect(history[0]).toMatchObject({
      fromStatus: 'active',
      toStatus: 'waiting',
      comment: 'Appariement arrêté : Pas d’affinité',
    });
    // The unit's file shows the match, ended.
    const onPair = await planner.get(`/api/pairs/${f.pair.id}/matches`);
    expect(onPair.body.items.find((m: { id: string }) => m.id === matchId)).toMatchObject({
      stage: 'ended',
      endReason: 'no_affinity',
    });
    const onVisitor = await planner.get(`/api/visitors/${f.v2.id}/matches`);
    expect(onVisitor.body.items.map((m: { id: string }) => m.id)).toContain(matchId);
  });

  it('refuses a review or a step of an ended match, naming why', async () => {
    await refused(
      () =>
        coordinator.post(`/api/matches/${matchId}/reviews`, {
          personSatisfaction: 3,
          visitorSatisfaction: 3,
          lsns6,
          decision: 'continue',
        }),
      409,
      'L’appariement est terminé : on ne peut plus en faire le bilan.',
    );
    await refused(
      () => coordinator.post(`/api/matches/${matchId}/steps`, { to: 'confirmed' }),
      409,
      'L’appariement est terminé : il ne change plus d’étape.',
    );
    await refused(
      () => coordinator.post(`/api/matches/${matchId}/end`, { reason: 'moved' }),
      409,
      'L’appariement est terminé : il ne change plus d’étape.',
    );
  });

  it('proposes the person first, avoiding the old unit unless the coordinator asks', async () => {
    const f = t.fixtures;
    type Option = { unitId: string; explanation: string };
    type Proposal = {
      person: { id: string };
      choice: Option | null;
      alternatives: Option[];
      priority: boolean;
      avoided: { unitId: string; unitLabel: string; included: boolean }[];
    };
    const answer = await planner.post('/api/matching/proposals', {});
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const proposal = (answer.body.proposals as Proposal[]).find((p) => p.person.id === f.p3.id)!;
    expect(proposal.priority).toBe(true);
    expect(proposal.avoided).toEqual([
      { unitId: f.pair.id, unitLabel: 'Inès Martin et Hugo Bernard', included: false },
    ]);
    const units = [proposal.choice, ...proposal.alternatives].map((o) => o?.unitId);
    expect(units).not.toContain(f.pair.id);
    expect(proposal.choice?.unitId).toBe(f.v3.id);
    expect(proposal.choice?.explanation).toMatch(
      /^prioritaire : appariement précédent arrêté faute d’affinité ; /,
    );

    const asked = await planner.post('/api/matching/proposals', { includeAvoided: [f.p3.id] });
    const again = (asked.body.proposals as Proposal[]).find((p) => p.person.id === f.p3.id)!;
    expect(again.avoided[0]!.included).toBe(true);
    expect([again.choice, ...again.alternatives].map((o) => o?.unitId)).toContain(f.pair.id);

    const suggestions = await coordinator.get(`/api/matching/people/${f.p3.id}/suggestions`);
    expect(suggestions.status, JSON.stringify(suggestions.body)).toBe(200);
    expect(suggestions.body.avoided).toHaveLength(1);
    expect(suggestions.body.suggestions.map((s: Option) => s.unitId)).not.toContain(f.pair.id);
    const all = await coordinator.get(
      `/api/matching/people/${f.p3.id}/suggestions?includeAvoided=true`,
    );
    expect(all.body.suggestions.map((s: Option) => s.unitId)).toContain(f.pair.id);
  });

  it('spends the priority when the person is matched again', async () => {
    const f = t.fixtures;
    const accepted = await coordinator.post('/api/matching/accept', {
      items: [{ personId: f.p3.id, unitId: f.v3.id }],
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const [person] = await t.services.db.select().from(people).where(eq(people.id, f.p3.id));
    expect(person).toMatchObject({ waitingPrioritySince: null, waitingPriorityReason: null });
    const list = await planner.get(`/api/people/${f.p3.id}/matches`);
    expect(list.body.items.map((m: { stage: string }) => m.stage)).toEqual(['accepted', 'ended']);
  });
});
