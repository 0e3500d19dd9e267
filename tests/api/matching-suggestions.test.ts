/**
 * Matching one waiting person from their file (issue 11): the best units with their explanation,
 * then accepting one through the matching acceptance; another organisation's person is 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { assignments } from '../../src/db/schema.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let planner: Client;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
});
afterAll(async () => t?.close());

const weekdays = Array.from({ length: 5 }, (_, i) => ({
  weekday: i + 1,
  startTime: '09:00',
  endTime: '18:00',
}));
const url = (id: string) => `/api/matching/people/${id}/suggestions`;

describe('GET /api/matching/people/:id/suggestions', () => {
  it('says why there is none while the pair has no common window', async () => {
    const answer = await planner.get(url(t.fixtures.p3.id));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.suggestions).toEqual([]);
    expect(answer.body.noneReason).toMatch(/^Aucun binôme ni bénévole avec une place libre/);
  });

  it('gives the best units with their explanation and their members’ homes for the map', async () => {
    for (const v of [t.fixtures.v1, t.fixtures.v2]) {
      const set = await coordinator.request('PUT', `/api/visitors/${v.id}/availability`, {
        slots: weekdays,
      });
      expect(set.status, JSON.stringify(set.body)).toBeLessThan(300);
    }
    const answer = await planner.get(url(t.fixtures.p3.id));
    expect(answer.status).toBe(200);
    expect(answer.body.person).toMatchObject({ id: t.fixtures.p3.id });
    expect(answer.body.person.location).not.toBeNull();
    expect(answer.body.suggestions[0]).toMatchObject({
      unitId: t.fixtures.pair.id,
      unitKind: 'pair',
      unitLabel: 'Inès Martin et Hugo Bernard',
    });
    expect(answer.body.suggestions[0].explanation).toMatch(
      /^\d+ min en voiture, 5 créneaux communs/,
    );
    expect(answer.body.suggestions[0].homes).toHaveLength(2);
    expect(answer.body.noneReason).toBeNull();
  });

  it('answers 404 for another organisation’s person, 409 for a person not waiting', async () => {
    expect((await coordinator.get(url(t.fixtures.pB.id))).status).toBe(404);
    const active = await coordinator.get(url(t.fixtures.p1.id));
    expect(active.status).toBe(409);
    expect(active.body.error).toBe('not_waiting');
  });

  it('accepts a suggestion through the matching acceptance: the person gets the pair', async () => {
    const answer = await coordinator.get(url(t.fixtures.p3.id));
    const unitId = answer.body.suggestions[0].unitId as string;
    const accepted = await coordinator.post('/api/matching/accept', {
      items: [{ personId: t.fixtures.p3.id, unitId }],
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const [current] = await t.services.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.personId, t.fixtures.p3.id), isNull(assignments.endedOn)));
    expect(current!.pairId).toBe(unitId);
    // No longer waiting: no suggestions any more.
    expect((await coordinator.get(url(t.fixtures.p3.id))).status).toBe(409);
  });
});
