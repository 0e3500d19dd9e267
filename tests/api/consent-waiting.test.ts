/**
 * Into "waiting" only with the consent to visits recorded, or the reason it could not be
 * collected yet, kept on the file until a consent is recorded (issue 11).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { people, statusChanges } from '../../src/db/schema.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { serviceToday } from '../../src/domain/common/calendar.js';

let t: TestApp;
let coordinator: Client;
const today = serviceToday();
const answers = {
  family_seen: 1,
  family_talk_private: 1,
  family_help: 1,
  friends_seen: 1,
  friends_talk_private: 1,
  friends_help: 1,
};

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
});
afterAll(async () => t?.close());

/** A new person, evaluated eligible: ready for "waiting" but for the consent. */
async function evaluatedPerson(lastName: string) {
  const created = await coordinator.post('/api/people', {
    lastName,
    firstName: 'Rose',
    birthDate: '1938-04-02',
    phones: [{ number: '03 44 45 12 34' }],
    // Same phone as the other test people: they are different people.
    confirmNotDuplicate: true,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const evaluation = await coordinator.post(`/api/people/${id}/evaluations`, {
    evaluatedOn: today,
    answers,
    livesAlone: true,
  });
  expect(evaluation.body.statusChanged).toBe('evaluated');
  return id;
}

const changes = async (id: string) =>
  (await t.services.db.select().from(statusChanges).where(eq(statusChanges.personId, id))).length;

describe('moving a person to "waiting"', () => {
  it('is refused with 409 consent_required when no consent to visits is recorded', async () => {
    const id = await evaluatedPerson('Sansconsentement');
    const before = await changes(id);
    const refused = await coordinator.post(`/api/people/${id}/transitions`, {
      to: 'waiting',
      effectiveDate: today,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('consent_required');
    expect(refused.body.message).toMatch(/^Aucun consentement aux visites n’est enregistré/);
    expect(await changes(id)).toBe(before);

    // A consent that does not cover visits is not the consent to visits.
    const sharing = await coordinator.post(`/api/people/${id}/consents`, {
      givenOn: today,
      method: 'oral',
      givenBy: 'person',
      scopeVisits: false,
      scopeDataSharing: true,
      scopeHeatwaveRegister: false,
    });
    expect(sharing.status, JSON.stringify(sharing.body)).toBe(201);
    const still = await coordinator.post(`/api/people/${id}/transitions`, {
      to: 'waiting',
      effectiveDate: today,
    });
    expect(still.status).toBe(409);
  });

  it('is accepted with the reason the consent is pending, shown on the file until one is recorded', async () => {
    const id = await evaluatedPerson('Consentementattendu');
    const reason = 'Hospitalisée : sa fille signera à son retour';
    const moved = await coordinator.post(`/api/people/${id}/transitions`, {
      to: 'waiting',
      effectiveDate: today,
      consentPendingReason: reason,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    const file = await coordinator.get(`/api/people/${id}`);
    expect(file.body.status).toBe('waiting');
    expect(file.body.person).toMatchObject({
      consentPendingReason: reason,
      consentPendingSince: today,
    });

    const consent = await coordinator.post(`/api/people/${id}/consents`, {
      givenOn: today,
      method: 'written',
      givenBy: 'person',
      scopeVisits: true,
      scopeDataSharing: false,
      scopeHeatwaveRegister: false,
    });
    expect(consent.status).toBe(201);
    const [row] = await t.services.db.select().from(people).where(eq(people.id, id));
    expect(row).toMatchObject({ consentPendingReason: null, consentPendingSince: null });
  });

  it('is accepted once the consent to visits is recorded', async () => {
    const id = await evaluatedPerson('Consentante');
    await coordinator.post(`/api/people/${id}/consents`, {
      givenOn: today,
      method: 'oral',
      givenBy: 'person',
      scopeVisits: true,
      scopeDataSharing: false,
      scopeHeatwaveRegister: false,
    });
    const moved = await coordinator.post(`/api/people/${id}/transitions`, {
      to: 'waiting',
      effectiveDate: today,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
  });
});
