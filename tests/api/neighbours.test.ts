/**
 * Active neighbours (issue 13, ADR 0033): the organisation's kinds of help, the sign-up by staff
 * and by the public page (with bad input refused in French and nothing written), the neighbours
 * list and its filters, a neighbour's offer on the visitor's file, another organisation's
 * neighbour hidden, a neighbour-only volunteer out of the visit matching and the weekly planning,
 * and the validated neighbours offered to the request matching.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import {
  helpKinds,
  neighbourProfiles,
  visitorAvailability,
  visitorJourneySteps,
  visitors,
} from '../../src/db/schema.js';
import { serviceToday } from '../../src/domain/common/calendar.js';
import { neighbourCandidatesBase } from '../../src/server/neighbours/queries.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: Client;
let coordinator: Client;
let operator: Client;
let planner: Client;
let anonymous: Client;
const today = serviceToday();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login(t.fixtures.usersA.admin.email);
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  operator = await t.login(t.fixtures.usersA.operator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
  anonymous = t.client();
}, 180_000);
afterAll(async () => t?.close());

const rows = async () => {
  const db = t.services.db;
  const counts = await Promise.all(
    [visitors, neighbourProfiles, visitorAvailability, visitorJourneySteps, helpKinds].map(
      async (table) => (await db.select({ n: count() }).from(table))[0]!.n,
    ),
  );
  return counts;
};

const signUp = (extra: Record<string, unknown> = {}) => ({
  lastName: 'Lefèvre',
  firstName: 'Odile',
  phone: '06 12 34 56 78',
  street: '1 rue de la Madeleine',
  postalCode: '60000',
  communeName: 'Beauvais',
  offers: ['shopping', 'appointment'],
  maxDistanceKm: 3,
  weeklyLimit: 2,
  notifyBy: 'sms',
  periods: [
    { weekday: 2, period: 'morning' },
    { weekday: 4, period: 'afternoon' },
  ],
  ...extra,
});

describe('the kinds of help', () => {
  it('every organisation has the defaults; the administrator adds, renames and deactivates', async () => {
    const list = await coordinator.get('/api/help-kinds');
    expect(list.status).toBe(200);
    expect(list.body.items.map((k: { label: string }) => k.label)).toEqual([
      'Courses',
      'Transport ou accompagnement à un rendez-vous',
      'Compagnie',
      'Appels téléphoniques',
      'Petits travaux',
      'Jardinage',
      'Démarches administratives',
      'Aide numérique',
    ]);
    const refused = await coordinator.post('/api/help-kinds', { label: 'Lecture' });
    expect(refused.status).toBe(403);

    const added = await admin.post('/api/help-kinds', { label: 'Lecture à voix haute' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ code: 'lecture_a_voix_haute', active: true, position: 9 });
    const twice = await admin.post('/api/help-kinds', { label: 'lecture à voix haute' });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toContain('existe déjà');

    const renamed = await admin.patch(`/api/help-kinds/${added.body.id}`, {
      label: 'Lecture du journal',
    });
    expect(renamed.body).toMatchObject({
      code: 'lecture_a_voix_haute',
      label: 'Lecture du journal',
    });
    const off = await admin.patch(`/api/help-kinds/${added.body.id}`, { active: false });
    expect(off.body.active).toBe(false);
    const form = await anonymous.get(
      `/api/public/organisations/${t.fixtures.orgA.id}/neighbour-form`,
    );
    expect(form.status).toBe(200);
    expect(form.body.organisationName).toBe('Département Test');
    expect(form.body.helpKinds.map((k: { code: string }) => k.code)).not.toContain(
      'lecture_a_voix_haute',
    );
    // Another organisation's kind: 404.
    const foreign = await admin.patch(`/api/help-kinds/${t.fixtures.helpKindB.id}`, {
      label: 'Autre',
    });
    expect(foreign.status).toBe(404);
  });
});

describe('signing up a neighbour', () => {
  let staffNeighbour: string;

  it('staff sign up someone who calls: an application with the neighbour role, offer and week', async () => {
    const created = await operator.post('/api/neighbours/sign-ups', signUp());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    staffNeighbour = created.body.id;
    const [visitor] = await t.services.db
      .select()
      .from(visitors)
      .where(eq(visitors.id, staffNeighbour));
    expect(visitor).toMatchObject({
      roles: ['neighbour_help'],
      kind: 'volunteer',
      journeyStage: 'applied',
      applicationSource: 'staff',
      phone: '+33612345678',
      appliedOn: today,
    });
    const [profile] = await t.services.db
      .select()
      .from(neighbourProfiles)
      .where(eq(neighbourProfiles.visitorId, staffNeighbour));
    expect(profile).toMatchObject({
      offers: ['shopping', 'appointment'],
      maxDistanceKm: 3,
      weeklyLimit: 2,
      notifyBy: 'sms',
    });
    const view = await coordinator.get(`/api/visitors/${staffNeighbour}/neighbour`);
    expect(view.status).toBe(200);
    expect(view.body.availability).toEqual([
      { weekday: 2, startTime: '09:00', endTime: '12:00' },
      { weekday: 4, startTime: '14:00', endTime: '18:00' },
    ]);
    expect(view.body.profile.offers[1]).toEqual({
      code: 'appointment',
      label: 'Transport ou accompagnement à un rendez-vous',
    });
    // Not validated before the interview, the charter and the insurance.
    expect(view.body.validation.validated).toBe(false);
    expect(view.body.validation.reasons.join(' ')).toContain('Candidature reçue');
    const journey = await coordinator.get(`/api/visitors/${staffNeighbour}/journey`);
    expect(journey.body.steps[0].reason).toBe('Inscription comme voisin actif par téléphone');
  });

  it('refuses 500 km, an unknown kind, a phone that is not one, an SMS without phone: in French, nothing written', async () => {
    const before = await rows();
    const far = await operator.post('/api/neighbours/sign-ups', signUp({ maxDistanceKm: 500 }));
    expect(far.status).toBe(400);
    expect(far.body.message).toContain('entre 1 et 50 km');
    const unknown = await operator.post(
      '/api/neighbours/sign-ups',
      signUp({ offers: ['shopping', 'plomberie'] }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('Type d’aide inconnu (« plomberie »)');
    const deactivated = await operator.post(
      '/api/neighbours/sign-ups',
      signUp({ offers: ['lecture_a_voix_haute'] }),
    );
    expect(deactivated.status).toBe(400);
    const phone = await operator.post('/api/neighbours/sign-ups', signUp({ phone: '12 34' }));
    expect(phone.status).toBe(400);
    expect(phone.body.message).toMatch(/numéro|téléphone/i);
    const noPhone = await operator.post(
      '/api/neighbours/sign-ups',
      signUp({ phone: null, email: 'odile@example.test' }),
    );
    expect(noPhone.status).toBe(400);
    expect(noPhone.body.message).toContain('Pour être prévenu par SMS');
    const noPeriod = await operator.post('/api/neighbours/sign-ups', signUp({ periods: [] }));
    expect(noPeriod.status).toBe(400);
    const future = await operator.post(
      '/api/neighbours/sign-ups',
      signUp({ appliedOn: '2099-01-01' }),
    );
    expect(future.status).toBe(400);
    expect(await rows()).toEqual(before);
    const refused = await planner.post('/api/neighbours/sign-ups', signUp());
    expect(refused.status).toBe(403);
  });

  it('the public page signs up, with consent; a robot and bad input write nothing', async () => {
    const url = `/api/public/organisations/${t.fixtures.orgA.id}/neighbour-sign-ups`;
    const before = await rows();
    const noConsent = await anonymous.post(url, signUp());
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.message).toContain('Cochez la case');
    const far = await anonymous.post(url, signUp({ consent: true, maxDistanceKm: 500 }));
    expect(far.status).toBe(400);
    expect(far.body.message).toContain('entre 1 et 50 km');
    const robot = await anonymous.post(url, signUp({ consent: true, website: 'http://spam' }));
    expect(robot.status).toBe(201);
    expect(await rows()).toEqual(before);
    const sent = await anonymous.post(
      url,
      signUp({ consent: true, lastName: 'Web', notifyBy: 'email', email: 'web@example.test' }),
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.message).toContain('Votre inscription est bien arrivée');
    const [visitor] = await t.services.db
      .select()
      .from(visitors)
      .where(eq(visitors.lastName, 'Web'));
    expect(visitor).toMatchObject({ applicationSource: 'web', roles: ['neighbour_help'] });
    const unknownOrg = await anonymous.post(
      '/api/public/organisations/00000000-0000-4000-8000-000000000000/neighbour-sign-ups',
      signUp({ consent: true }),
    );
    expect(unknownOrg.status).toBe(404);
  });

  it('the public page is limited per address, with a French answer and Retry-After', async () => {
    const url = `/api/public/organisations/${t.fixtures.orgA.id}/neighbour-sign-ups`;
    let refused: Awaited<ReturnType<Client['post']>> | null = null;
    for (let i = 0; i < 6 && !refused; i++) {
      const answer = await anonymous.post(url, signUp({ consent: true, lastName: `Flot${i}` }));
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(201);
    }
    expect(refused?.body.message).toContain('Trop d’inscriptions');
    expect(Number(refused?.raw.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('the neighbours list', () => {
  it('filters by kind of help, commune and stage, pages, and says when nothing matches', async () => {
    const all = await coordinator.get('/api/neighbours?pageSize=2');
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(all.body.items).toHaveLength(2);
    const second = await coordinator.get('/api/neighbours?pageSize=2&page=2');
    expect(second.body.items[0].id).not.toBe(all.body.items[0].id);
    const shopping = await coordinator.get('/api/neighbours?helpKind=appointment');
    expect(shopping.body.items.length).toBeGreaterThan(0);
    for (const n of shopping.body.items)
      expect(n.offers.map((o: { code: string }) => o.code)).toContain('appointment');
    const digital = await coordinator.get('/api/neighbours?helpKind=digital_help');
    expect(digital.body).toMatchObject({ items: [], total: 0 });
    const commune = await coordinator.get('/api/neighbours?commune=beauvais');
    expect(commune.body.total).toBe(all.body.total);
    const postal = await coordinator.get('/api/neighbours?commune=60000');
    expect(postal.body.total).toBe(all.body.total);
    const elsewhere = await coordinator.get('/api/neighbours?commune=Compiègne');
    expect(elsewhere.body.total).toBe(0);
    const applied = await coordinator.get('/api/neighbours?stage=applied');
    expect(
      applied.body.items.every((n: { stageLabel: string }) => n.stageLabel === 'Candidature reçue'),
    ).toBe(true);
    const active = await coordinator.get('/api/neighbours?stage=active');
    expect(active.body.total).toBe(0);
    const bad = await coordinator.get('/api/neighbours?stage=nowhere');
    expect(bad.status).toBe(400);
  });
});

describe('a neighbour’s offer on the visitor’s file', () => {
  it('another organisation’s visitor is hidden (404), nothing written', async () => {
    const before = await rows();
    const read = await coordinator.get(`/api/visitors/${t.fixtures.vB.id}/neighbour`);
    expect(read.status).toBe(404);
    const put = await coordinator.request('PUT', `/api/visitors/${t.fixtures.vB.id}/neighbour`, {
      offers: ['shopping'],
      maxDistanceKm: 5,
      notifyBy: 'phone_call',
    });
    expect(put.status).toBe(404);
    expect(await rows()).toEqual(before);
  });

  it('a volunteer becomes a neighbour, validated by their journey; neighbour-only leaves visits', async () => {
    const jeanne = t.fixtures.v3.id;
    // Jeanne has a phone now (a call needs one), and visits on weekdays.
    await t.services.db
      .update(visitors)
      .set({ phone: '+33344000000' })
      .where(eq(visitors.id, jeanne));
    const slots = [1, 2, 3, 4, 5].map((weekday) => ({
      weekday,
      startTime: '09:00',
      endTime: '18:00',
    }));
    expect(
      (await coordinator.request('PUT', `/api/visitors/${jeanne}/availability`, { slots })).status,
    ).toBe(200);
    const empty = await coordinator.get(`/api/visitors/${jeanne}/neighbour`);
    expect(empty.body).toMatchObject({ profile: null, roles: ['visits'] });
    expect(empty.body.validation.validated).toBe(false);

    const before = await coordinator.post('/api/matching/proposals', {});
    expect(JSON.stringify(before.body.proposals)).toContain('Jeanne Petit');
    const weekUrl = `/api/planning/week?localServiceId=${t.fixtures.ls1.id}&weekStart=${t.fixtures.nextMonday}`;
    const weekBefore = await planner.get(weekUrl);
    expect(weekBefore.body.visitors.map((v: { id: string }) => v.id)).toContain(jeanne);

    const over = await coordinator.request('PUT', `/api/visitors/${jeanne}/neighbour`, {
      offers: ['company'],
      maxDistanceKm: 80,
      notifyBy: 'phone_call',
    });
    expect(over.status).toBe(400);
    expect(over.body.message).toContain('entre 1 et 50 km');

    // Both roles first: still proposed for visits.
    const both = await coordinator.request('PUT', `/api/visitors/${jeanne}/neighbour`, {
      offers: ['company', 'phone_calls'],
      maxDistanceKm: 8,
      weeklyLimit: 3,
      notifyBy: 'phone_call',
      notes: 'Préfère les après-midi',
    });
    expect(both.status, JSON.stringify(both.body)).toBe(200);
    expect(both.body.roles).toEqual(['visits', 'neighbour_help']);
    const view = await coordinator.get(`/api/visitors/${jeanne}/neighbour`);
    expect(view.body).toMatchObject({
      roles: ['visits', 'neighbour_help'],
      profile: { maxDistanceKm: 8, weeklyLimit: 3, notifyBy: 'phone_call' },
      home: { communeName: 'Beauvais', located: true },
      validation: { validated: true, reasons: [] },
    });
    expect(JSON.stringify((await coordinator.post('/api/matching/proposals', {})).body)).toContain(
      'Jeanne Petit',
    );

    // Neighbour only: neither proposed nor « left out » of the visit matching, nor planned.
    const only = await coordinator.request('PUT', `/api/visitors/${jeanne}/neighbour`, {
      offers: ['company', 'phone_calls'],
      maxDistanceKm: 8,
      weeklyLimit: 3,
      notifyBy: 'phone_call',
      alsoVisits: false,
    });
    expect(only.body.roles).toEqual(['neighbour_help']);
    const after = await coordinator.post('/api/matching/proposals', {});
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.body)).not.toContain('Jeanne Petit');
    const weekAfter = await planner.get(weekUrl);
    expect(weekAfter.body.visitors.map((v: { id: string }) => v.id)).not.toContain(jeanne);
    expect(weekAfter.body.leftOut.map((v: { visitorId: string }) => v.visitorId)).not.toContain(
      jeanne,
    );

    // The request matching's base: Jeanne (validated, located) with her offer and week; the
    // applications signed up above are not validated yet.
    const candidates = await neighbourCandidatesBase(t.services.db, t.fixtures.orgA.id, {
      today,
    });
    expect(candidates.map((c) => c.visitorId)).toEqual([jeanne]);
    expect(candidates[0]).toMatchObject({
      offers: ['company', 'phone_calls'],
      maxDistanceKm: 8,
      weeklyLimit: 3,
      notifyBy: 'phone_call',
      home: { lat: 49.43, lon: 2.08 },
    });
    expect(candidates[0]!.availability).toHaveLength(5);
    expect(
      await neighbourCandidatesBase(t.services.db, t.fixtures.orgA.id, {
        today,
        helpKind: 'shopping',
      }),
    ).toEqual([]);
    // Suspended: no longer a candidate.
    await coordinator.post(`/api/visitors/${jeanne}/journey`, {
      stage: 'suspended',
      reason: 'Plainte à examiner',
    });
    expect(await neighbourCandidatesBase(t.services.db, t.fixtures.orgA.id, { today })).toEqual([]);
  });
});
