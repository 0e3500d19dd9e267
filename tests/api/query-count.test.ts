/**
 * No request reads more than it returns: the main routes make a number of queries that does not
 * grow with the data. Each route is called once with a small world, then again after the world
 * has tripled (more visits in the day and the week, more visitors in the organisation, more
 * history, evaluations, consents and contacts on the person's file, more people); the number of
 * statements the application sent through the database (Drizzle's execution path, counted by the
 * test app's `onQuery` hook) must be the same, and under a fixed bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  consents,
  evaluations,
  people,
  personContacts,
  statusChanges,
  visitors,
  visits,
  visitVisitors,
} from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let counting = false;
let statements: string[] = [];
let coordinator: Client;
let planner: Client;
let visitor: Client;

beforeAll(async () => {
  t = await createTestApp(
    {},
    {},
    {
      onQuery: (query) => {
        if (counting) statements.push(query);
      },
    },
  );
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
  visitor = await t.login(t.fixtures.usersA.visitor.email);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** The statements one request sent, and its answer. */
async function measure(send: () => Promise<{ status: number; body: any }>) {
  statements = [];
  counting = true;
  try {
    const response = await send();
    return { response, count: statements.length, statements: [...statements] };
  } finally {
    counting = false;
  }
}

let grown = 0;
let reported = 0;
/**
 * Adds `n` of everything the routes read: people of local service 1, each with a visit today by
 * the visitor's pair, one in the planned week and one ahead, an emergency contact; visitors of
 * the organisation; history, evaluations, consents and contacts on p1's file.
 */
async function grow(n: number) {
  const { db } = t.services;
  const f = t.fixtures;
  const today = serviceToday();
  for (let i = 0; i < n; i++) {
    const k = grown++;
    const [person] = await db
      .insert(people)
      .values({
        organisationId: f.orgA.id,
        localServiceId: f.ls1.id,
        lastName: `Nombre${k}`,
        firstName: 'Irène',
        birthDate: '1938-05-01',
        postalCode: '60000',
        communeName: 'Beauvais',
        locationStatus: 'located',
        latitude: 49.43,
        longitude: 2.08,
        phones: [],
      })
      .returning();
    await db.insert(statusChanges).values({
      personId: person!.id,
      toStatus: 'active',
      effectiveDate: '2025-01-01',
    });
    await db.insert(personContacts).values({
      personId: person!.id,
      name: `Proche ${k}`,
      relationship: 'enfant',
      phone: '+33600000000',
      isEmergencyContact: true,
    });
    for (const [date, weekStart] of [
      [today, today],
      [addDays(today, 2), addDays(today, 2)],
      [f.nextMonday, f.nextMonday],
    ] as const) {
      const [visit] = await db
        .insert(visits)
        .values({
          organisationId: f.orgA.id,
          localServiceId: f.ls1.id,
          personId: person!.id,
          weekStart,
          date,
          startTime: `${String(8 + (k % 10)).padStart(2, '0')}:00`,
          durationMinutes: 60,
          crew: 'pair',
        })
        .returning();
      await db.insert(visitVisitors).values([
        { visitId: visit!.id, visitorId: f.v1.id },
        { visitId: visit!.id, visitorId: f.v2.id },
      ]);
    }
    await db.insert(visitors).values({
      organisationId: f.orgA.id,
      localServiceId: f.ls1.id,
      kind: 'volunteer',
      firstName: 'Paul',
      lastName: `Bénévole${k}`,
      mobility: 'car',
      maxTripMinutes: 30,
      locationStatus: 'located',
    });
    await db.insert(statusChanges).values({
      personId: f.p1.id,
      fromStatus: 'active',
      toStatus: 'active',
      effectiveDate: '2025-02-01',
      comment: `note ${k}`,
    });
    await db.insert(evaluations).values({
      personId: f.p1.id,
      evaluatedOn: '2025-01-02',
      evaluatorName: 'Évaluatrice',
      lsnsFamilySeen: 1,
      lsnsFamilyTalkPrivate: 1,
      lsnsFamilyHelp: 1,
      lsnsFriendsSeen: 1,
      lsnsFriendsTalkPrivate: 1,
      lsnsFriendsHelp: 1,
      ruleApplied: { minimumAge: 65, isolationThreshold: 12, requireIsolation: true },
      decision: 'eligible',
      decisionReasons: [],
    });
    await db.insert(consents).values({
      personId: f.p1.id,
      givenOn: '2025-01-02',
      method: 'oral',
      givenBy: 'person',
      scopeVisits: true,
      scopeDataSharing: false,
      scopeHeatwaveRegister: false,
    });
    await db.insert(personContacts).values({
      personId: f.p1.id,
      name: `Voisin ${k}`,
      relationship: 'voisin',
      isEmergencyContact: k % 2 === 0,
    });
  }
}

/** A visit of today by the visitor's pair, not yet reported: a report can be written for it. */
async function reportableVisit() {
  const f = t.fixtures;
  const today = serviceToday();
  const [visit] = await t.services.db
    .insert(visits)
    .values({
      organisationId: f.orgA.id,
      localServiceId: f.ls1.id,
      personId: f.p1.id,
      weekStart: today,
      date: today,
      startTime: `07:${String(reported++).padStart(2, '0')}`,
      durationMinutes: 60,
      crew: 'pair',
    })
    .returning();
  await t.services.db.insert(visitVisitors).values([
    { visitId: visit!.id, visitorId: f.v1.id },
    { visitId: visit!.id, visitorId: f.v2.id },
  ]);
  return visit!.id;
}

const report = () => ({
  clientId: randomUUID(),
  outcome: 'done',
  durationMinutes: 60,
  activities: ['conversation'],
  mood: 'good',
  observations: 'Bonne visite.',
  writtenAt: new Date().toISOString(),
});

/** Every main route once; the number of statements each sent, after checking its answer. */
async function countAll() {
  const f = t.fixtures;
  const counts: Record<string, number> = {};
  const record = async (
    name: string,
    send: () => Promise<{ status: number; body: any }>,
    expected: number,
  ) => {
    const { response, count, statements: sent } = await measure(send);
    expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBe(expected);
    counts[name] = count;
    return { response, sent };
  };
  const day = await record('visitor’s day', () => visitor.get('/api/me/visits'), 200);
  // One visit today per person grown, and the visits reported by earlier rounds.
  expect(day.response.body.visits.length).toBe(grown + reported);
  const file = await record('person’s file', () => coordinator.get(`/api/people/${f.p1.id}`), 200);
  expect(file.response.body.evaluations.length).toBe(grown);
  expect(file.response.body.assignment.visitors.map((v: { id: string }) => v.id).sort()).toEqual(
    [f.v1.id, f.v2.id].sort(),
  );
  await record(
    'person’s visits',
    () => coordinator.get(`/api/people/${f.p1.id}/visits?pageSize=20`),
    200,
  );
  const week = await record(
    'planning week',
    () => planner.get(`/api/planning/week?localServiceId=${f.ls1.id}&weekStart=${f.nextMonday}`),
    200,
  );
  // The fixture's visit, and one for each person grown.
  expect(week.response.body.visits.length).toBe(grown + 1);
  const visitId = await reportableVisit();
  await record('report write', () => visitor.post(`/api/visits/${visitId}/report`, report()), 201);
  await record('people list page', () => coordinator.get('/api/people?page=1&pageSize=20'), 200);
  return counts;
}

/**
 * Bounds per route, as counted: the session lookup, the route's reads, one statement for the
 * audit rows of the personal data read, and for the write its statements inside the transaction
 * (PostgreSQL's driver sends begin and commit as statements too; PGlite's opens transactions
 * itself).
 */
const onPostgres = !!process.env.TEST_DATABASE_URL;
const BOUNDS: Record<string, number> = {
  // session, the day's visits (person, report, partners, contacts), the week ahead, audit
  'visitor’s day': 4,
  // session, person, assignment with its visitors, contacts, history, evaluations, consents,
  // audit, eligibility rule
  'person’s file': 9,
  // session, person, assignment, visits with reports, their visitors, audit
  'person’s visits': 6,
  // session, service, last run, visits with people, crews, visitors, pairs, département, closures,
  // and the visitors left out (visitors, follow-up settings, their documents)
  'planning week': 12,
  // session, visit locked with its crew, report lookup, insert, update, visit after, audit
  'report write': onPostgres ? 9 : 7,
  'people list page': 4,
};

describe('queries per request', () => {
  it('do not grow with the data, and stay under a fixed bound', async () => {
    await grow(5);
    const small = await countAll();
    await grow(10);
    const large = await countAll();
    expect(large).toEqual(small);
    for (const [route, count] of Object.entries(large))
      expect(count, `${route}: ${count} statements`).toBeLessThanOrEqual(BOUNDS[route]!);
  });

  it('reads the person’s visitors by id, not every visitor of every organisation', async () => {
    const { statements: sent } = await measure(() =>
      coordinator.get(`/api/people/${t.fixtures.p1.id}`),
    );
    const visitorReads = sent.filter((s) => s.includes('"visitors"'));
    expect(visitorReads.length).toBeGreaterThan(0);
    for (const statement of visitorReads) expect(statement).toMatch(/ where /i);
  });
});
