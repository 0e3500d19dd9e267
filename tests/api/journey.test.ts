/**
 * The volunteer's journey (issue 12): stages and their refusals, interviews, documents, readiness,
 * applications (staff and the public form), and a visitor not ready left out of matching and
 * planning with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import {
  visitorDocuments,
  visitorInterviews,
  visitorJourneySteps,
  visitors,
} from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let planner: Client;
let anonymous: Client;
const today = serviceToday();

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
  anonymous = t.client();
}, 180_000);
afterAll(async () => t?.close());

const rows = async () => {
  const db = t.services.db;
  const [v] = await db.select({ n: count() }).from(visitors);
  const [s] = await db.select({ n: count() }).from(visitorJourneySteps);
  const [d] = await db.select({ n: count() }).from(visitorDocuments);
  const [i] = await db.select({ n: count() }).from(visitorInterviews);
  return [v!.n, s!.n, d!.n, i!.n];
};

const application = (extra: Record<string, unknown> = {}) => ({
  kind: 'volunteer',
  lastName: 'Lemoine',
  firstName: 'Rose',
  phone: '06 12 34 56 78',
  postalCode: '60000',
  communeName: 'Beauvais',
  mobility: 'bike',
  wish: 'Rendre visite à une personne âgée',
  availability: 'Le mercredi après-midi',
  ...extra,
});

describe('the journey of an application', () => {
  let id: string;

  it('a staff application starts at « Candidature reçue », listed with the stage filter', async () => {
    const created = await coordinator.post('/api/visitors/applications', application());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    const journey = await coordinator.get(`/api/visitors/${id}/journey`);
    expect(journey.status).toBe(200);
    expect(journey.body).toMatchObject({
      stage: 'applied',
      stageLabel: 'Candidature reçue',
      applicationSource: 'staff',
      nextStages: [
        { stage: 'interview', label: 'Entretien' },
        { stage: 'ended', label: 'Fin d’engagement' },
      ],
    });
    expect(journey.body.readiness.ready).toBe(false);
    expect(journey.body.required.map((d: { status: string }) => d.status)).toEqual([
      'missing',
      'missing',
    ]);
    const list = await coordinator.get('/api/visitors?stage=applied');
    expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([id]);
    expect(list.body.items[0].journeyStage).toBe('applied');
    const everyone = await coordinator.get('/api/visitors?pageSize=100');
    expect(everyone.body.items.length).toBeGreaterThan(1);
  });

  it('refuses a skipped step with the allowed ones named, nothing written', async () => {
    const before = await rows();
    const refused = await coordinator.post(`/api/visitors/${id}/journey`, { stage: 'active' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('« Entretien » ou « Fin d’engagement »');
    const future = await coordinator.post(`/api/visitors/${id}/journey`, {
      stage: 'interview',
      effectiveOn: addDays(today, 2),
    });
    expect(future.status).toBe(400);
    expect(await rows()).toEqual(before);
  });

  it('a favourable interview moves to « Vérifications »; documents then make them ready', async () => {
    const future = await coordinator.post(`/api/visitors/${id}/interviews`, {
      heldOn: addDays(today, 1),
      outcome: 'favourable',
    });
    expect(future.status).toBe(400);
    const interview = await coordinator.post(`/api/visitors/${id}/interviews`, {
      heldOn: today,
      outcome: 'favourable',
      reason: 'Motivée, disponible le mercredi',
    });
    expect(interview.status, JSON.stringify(interview.body)).toBe(201);
    expect(interview.body.stage).toBe('checks');

    const unknownKind = await coordinator.post(`/api/visitors/${id}/documents`, {
      kind: 'casier',
      receivedOn: today,
    });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.message).toContain('Charte du bénévole signée');
    const badOrder = await coordinator.post(`/api/visitors/${id}/documents`, {
      kind: 'insurance',
      receivedOn: today,
      expiresOn: addDays(today, -1),
    });
    expect(badOrder.status).toBe(400);
    const futureReceipt = await coordinator.post(`/api/visitors/${id}/documents`, {
      kind: 'charter',
      receivedOn: addDays(today, 3),
    });
    expect(futureReceipt.status).toBe(400);
    const otherWithoutName = await coordinator.post(`/api/visitors/${id}/documents`, {
      kind: 'other',
      receivedOn: today,
    });
    expect(otherWithoutName.status).toBe(400);

    expect(
      (
        await coordinator.post(`/api/visitors/${id}/documents`, {
          kind: 'charter',
          receivedOn: today,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await coordinator.post(`/api/visitors/${id}/documents`, {
          kind: 'insurance',
          provider: 'MAIF',
          receivedOn: today,
          expiresOn: addDays(today, 20),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await coordinator.post(`/api/visitors/${id}/documents`, {
          kind: 'other',
          label: 'Extrait de casier judiciaire',
          receivedOn: today,
        })
      ).status,
    ).toBe(201);
    // The insurance columns of the record follow the latest insurance.
    const [row] = await t.services.db.select().from(visitors).where(eq(visitors.id, id));
    expect(row).toMatchObject({
      charterSignedOn: today,
      insuranceProvider: 'MAIF',
      insuranceValidUntil: addDays(today, 20),
    });

    expect(
      (await coordinator.post(`/api/visitors/${id}/journey`, { stage: 'active' })).status,
    ).toBe(200);
    const journey = await coordinator.get(`/api/visitors/${id}/journey`);
    expect(journey.body.readiness.ready).toBe(true);
    // Expiring within the organisation's 30 days: a warning, not a refusal.
    expect(journey.body.readiness.warnings).toHaveLength(1);
    expect(journey.body.readiness.warnings[0]).toMatch(/^assurance à renouveler : expire le /);
    expect(journey.body.required.map((d: { status: string }) => d.status)).toEqual([
      'valid',
      'expiring',
    ]);
    expect(journey.body.documents.map((d: { label: string }) => d.label)).toContain(
      'Extrait de casier judiciaire',
    );
    expect(journey.body.steps.map((s: { toStage: string }) => s.toStage)).toEqual([
      'active',
      'checks',
      'interview',
      'applied',
    ]);
  });

  it('an unfavourable interview ends the application with its reason', async () => {
    const created = await coordinator.post(
      '/api/visitors/applications',
      application({ lastName: 'Refusé' }),
    );
    const answer = await coordinator.post(`/api/visitors/${created.body.id}/interviews`, {
      heldOn: today,
      outcome: 'unfavourable',
      reason: 'Ne souhaite finalement pas d’engagement régulier',
    });
    expect(answer.body.stage).toBe('ended');
    const journey = await coordinator.get(`/api/visitors/${created.body.id}/journey`);
    expect(journey.body).toMatchObject({ stage: 'ended', endedOn: today, nextStages: [] });
    expect(journey.body.endedReason).toContain('Entretien défavorable');
    const again = await coordinator.post(`/api/visitors/${created.body.id}/journey`, {
      stage: 'active',
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('nouvelle candidature');
  });

  it('the planner reads the journey but cannot change it; another organisation’s visitor is 404', async () => {
    expect((await planner.get(`/api/visitors/${id}/journey`)).status).toBe(200);
    expect((await planner.post(`/api/visitors/${id}/journey`, { stage: 'ended' })).status).toBe(
      403,
    );
    const before = await rows();
    const foreign = await coordinator.post(`/api/visitors/${t.fixtures.vB.id}/journey`, {
      stage: 'suspended',
      reason: 'Test',
    });
    expect(foreign.status).toBe(404);
    expect((await coordinator.get(`/api/visitors/${t.fixtures.vB.id}/journey`)).status).toBe(404);
    expect(
      (
        await coordinator.post(`/api/visitors/${t.fixtures.vB.id}/documents`, {
          kind: 'charter',
          receivedOn: today,
        })
      ).status,
    ).toBe(404);
    expect(await rows()).toEqual(before);
  });
});

describe('a suspended volunteer leaves matching and planning, with the reason', () => {
  it('suspending says how many people they follow, without ending anything', async () => {
    const suspended = await coordinator.post(`/api/visitors/${t.fixtures.v1.id}/journey`, {
      stage: 'suspended',
      reason: 'en attente d’un échange avec la coordinatrice',
      until: addDays(today, 40),
    });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    expect(suspended.body.affectedMatches).toBe(1);
    expect(suspended.body.message).toContain('Une personne est suivie');
    const noReason = await coordinator.post(`/api/visitors/${t.fixtures.v3.id}/journey`, {
      stage: 'suspended',
    });
    expect(noReason.status).toBe(400);
  });

  it('the proposals and suggestions leave the suspended volunteer out, with the reason', async () => {
    const slots = [1, 2, 3, 4, 5].map((weekday) => ({
      weekday,
      startTime: '09:00',
      endTime: '18:00',
    }));
    const set = await coordinator.request('PUT', `/api/visitors/${t.fixtures.v3.id}/availability`, {
      slots,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const before = await coordinator.post('/api/matching/proposals', {});
    expect(before.status).toBe(200);
    const labelsBefore = JSON.stringify(before.body.proposals);
    expect(labelsBefore).toContain('Jeanne Petit');
    const suspended = await coordinator.post(`/api/visitors/${t.fixtures.v3.id}/journey`, {
      stage: 'suspended',
      reason: 'Plainte à examiner',
    });
    expect(suspended.status).toBe(200);
    const after = await coordinator.post('/api/matching/proposals', {});
    expect(JSON.stringify(after.body.proposals)).not.toContain('Jeanne Petit');
    expect(after.body.leftOut).toContainEqual({
      unitLabel: 'Jeanne Petit (bénévole)',
      reasons: ['suspendu : Plainte à examiner'],
    });
    // The pair of a suspended member is left out too, the member named.
    const pairOut = after.body.leftOut.find((u: { unitLabel: string }) =>
      u.unitLabel.includes('Inès Martin'),
    );
    expect(pairOut.reasons[0]).toMatch(/^Inès Martin : suspendu jusqu’au /);
    const waiting = before.body.proposals[0]?.person.id as string;
    const suggestions = await coordinator.get(`/api/matching/people/${waiting}/suggestions`);
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.leftOut.map((u: { unitLabel: string }) => u.unitLabel)).toContain(
      'Jeanne Petit (bénévole)',
    );
    // Back to active: proposed again.
    expect(
      (await coordinator.post(`/api/visitors/${t.fixtures.v3.id}/journey`, { stage: 'active' }))
        .status,
    ).toBe(200);
    const again = await coordinator.post('/api/matching/proposals', {});
    expect(again.body.leftOut.map((u: { unitLabel: string }) => u.unitLabel)).not.toContain(
      'Jeanne Petit (bénévole)',
    );
  });

  it('the next planning leaves the suspended visitor out, and the week says why', async () => {
    const week = await planner.get(
      `/api/planning/week?localServiceId=${t.fixtures.ls1.id}&weekStart=${t.fixtures.nextMonday}`,
    );
    expect(week.status).toBe(200);
    const out = week.body.leftOut.find(
      (v: { visitorId: string }) => v.visitorId === t.fixtures.v1.id,
    );
    expect(out.name).toBe('Inès Martin');
    expect(out.dates).toHaveLength(7);
    expect(out.reasons[0]).toMatch(/^suspendu jusqu’au .* : en attente d’un échange/);

    const started = await planner.post('/api/planning/generate', {
      localServiceId: t.fixtures.ls1.id,
      weekStart: t.fixtures.nextMonday,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    let status = 'running';
    let run = { body: { status, summary: null as { leftOut?: { visitorId: string }[] } | null } };
    for (let i = 0; i < 300 && status === 'running'; i++) {
      run = await planner.get(`/api/planning/runs/${started.body.runId}`);
      status = run.body.status;
      if (status === 'running') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('done');
    // The run's summary names who it left out, as the week does.
    expect(run.body.summary?.leftOut?.map((v) => v.visitorId)).toContain(t.fixtures.v1.id);
    const planned = await planner.get(
      `/api/planning/week?localServiceId=${t.fixtures.ls1.id}&weekStart=${t.fixtures.nextMonday}`,
    );
    const generated = planned.body.visits.filter((v: { status: string }) => v.status === 'planned');
    for (const visit of generated)
      expect(visit.visitors.map((v: { id: string }) => v.id)).not.toContain(t.fixtures.v1.id);
  });
});

describe('the public application form', () => {
  const url = () => `/api/public/organisations/${t.fixtures.orgA.id}/applications`;
  const form = (extra: Record<string, unknown> = {}) => ({
    lastName: 'Durand',
    firstName: 'Léa',
    email: 'lea.durand@example.test',
    postalCode: '60000',
    communeName: 'Beauvais',
    mobility: 'foot',
    wish: 'Faire la conversation, jouer aux cartes',
    availability: 'Le samedi matin',
    consent: true,
    ...extra,
  });

  it('shows the organisation’s name, and 404 for an unknown one', async () => {
    const shown = await anonymous.get(
      `/api/public/organisations/${t.fixtures.orgA.id}/application-form`,
    );
    expect(shown.status).toBe(200);
    expect(shown.body.organisationName).toBeTruthy();
    const unknown = await anonymous.post(
      '/api/public/organisations/00000000-0000-4000-8000-000000000000/applications',
      form(),
    );
    expect(unknown.status).toBe(404);
  });

  it('bad input and a robot write nothing', async () => {
    const before = await rows();
    const noConsent = await anonymous.post(url(), form({ consent: false }));
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.message).toContain('Cochez la case');
    const noContact = await anonymous.post(url(), form({ email: null }));
    expect(noContact.status).toBe(400);
    expect(noContact.body.message).toContain('e-mail ou un numéro');
    const badPhone = await anonymous.post(url(), form({ email: null, phone: '12' }));
    expect(badPhone.status).toBe(400);
    const robot = await anonymous.post(url(), form({ website: 'http://spam.example' }));
    expect(robot.status).toBe(201);
    expect(await rows()).toEqual(before);
  });

  it('creates an application from the web, then limits the same address', async () => {
    const sent = await anonymous.post(url(), form());
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.message).toContain('Merci');
    const [row] = await t.services.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.lastName, 'Durand'), eq(visitors.firstName, 'Léa')));
    expect(row).toMatchObject({
      journeyStage: 'applied',
      applicationSource: 'web',
      appliedOn: today,
      organisationId: t.fixtures.orgA.id,
      kind: 'volunteer',
    });
    expect(row!.applicationNote).toContain('Le samedi matin');
    // Four more from the same address are taken; the sixth within the hour is refused.
    for (let i = 0; i < 4; i++)
      expect((await anonymous.post(url(), form({ lastName: `Durand${i}` }))).status).toBe(201);
    const before = await rows();
    const limited = await anonymous.post(url(), form({ lastName: 'Durand-Trop' }));
    expect(limited.status).toBe(429);
    expect(limited.raw.headers['retry-after']).toBeTruthy();
    expect(limited.body.message).toContain('Réessayez dans');
    expect(await rows()).toEqual(before);
  });
});
