import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import {
  assignments,
  auditLog,
  pairs,
  visitorAbsences,
  visitorAvailability,
  visitors,
} from '../../src/db/schema.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let planner: Client;
let visitor: Client;
let coordinatorLs2: Client;

const newVisitor = (extra: Record<string, unknown> = {}) => ({
  kind: 'volunteer',
  lastName: 'Garnier',
  firstName: 'Éloïse',
  phone: '06 11 22 33 44',
  email: 'Eloise.Garnier@example.test',
  postalCode: '60000',
  communeName: 'Beauvais',
  mobility: 'bike',
  maxTripMinutes: 20,
  interests: ['Jardinage', 'lecture'],
  ...extra,
});

const ids = (items: { id: string }[]) => items.map((item) => item.id);

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
  visitor = await t.login(t.fixtures.usersA.visitor.email);
  coordinatorLs2 = await t.login(t.fixtures.coordinatorLs2.email);
});
afterAll(async () => t?.close());

describe('visitors: list and search', () => {
  it('finds a visitor by a name typed without accents, with their current pair partner', async () => {
    const response = await coordinator.get('/api/visitors?q=INES%20martin');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(ids(response.body.items)).toEqual([t.fixtures.v1.id]);
    expect(response.body.items[0].pair).toMatchObject({
      pairId: t.fixtures.pair.id,
      partner: { id: t.fixtures.v2.id, firstName: 'Hugo' },
    });
  });

  it('filters by kind and local service, paginates, and never lists the other organisation', async () => {
    const volunteers = await coordinator.get('/api/visitors?kind=volunteer');
    expect(ids(volunteers.body.items)).toEqual([t.fixtures.v3.id]);
    expect(volunteers.body.items[0].pair).toBeNull();
    const page = await coordinator.get(
      `/api/visitors?localServiceId=${t.fixtures.ls1.id}&pageSize=1&page=2`,
    );
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBe(3);
    expect(page.raw.body).not.toContain(t.fixtures.vB.id);
    const bad = await coordinator.get('/api/visitors?active=peut-etre');
    expect(bad.status).toBe(400);
  });

  it('refuses the list to a visitor (403) and a local service coordinator sees only their service', async () => {
    expect((await visitor.get('/api/visitors')).status).toBe(403);
    const ls2 = await coordinatorLs2.get('/api/visitors');
    expect(ls2.status).toBe(200);
    expect(ls2.body.items).toEqual([]);
  });
});

describe('visitors: record', () => {
  let createdId: string;

  it('creates a visitor: phone stored in E.164, address located, write audited', async () => {
    const response = await coordinator.post(
      '/api/visitors',
      newVisitor({ commitmentStart: '2025-01-01', commitmentEnd: '2027-12-31' }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    createdId = response.body.id;
    const file = await coordinator.get(`/api/visitors/${createdId}`);
    expect(file.status).toBe(200);
    expect(file.body.visitor).toMatchObject({
      phone: '+33611223344',
      email: 'eloise.garnier@example.test',
      locationStatus: 'located',
      mobility: 'bike',
      interests: ['jardinage', 'lecture'],
    });
    const audit = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, createdId), eq(auditLog.action, 'visitor.create')));
    expect(audit).toHaveLength(1);
  });

  it('keeps an address it cannot locate, flagged to_locate', async () => {
    const response = await coordinator.post(
      '/api/visitors',
      newVisitor({ lastName: 'Ailleurs', postalCode: '60999', communeName: 'Commune Imaginaire' }),
    );
    expect(response.status).toBe(201);
    expect(response.body.locationStatus).toBe('to_locate');
    expect(response.body.locationNote).toBeTruthy();
  });

  it.each([
    [
      'a commitment ending before it starts',
      { commitmentStart: '2025-06-01', commitmentEnd: '2025-01-01' },
      /engagement/,
    ],
    ['a trip of more than 180 minutes', { maxTripMinutes: 200 }, /trajet/i],
    ['an invalid phone number', { phone: '12' }, /numéro|téléphone/i],
    ['an unknown kind', { kind: 'robot' }, /visiteur/i],
    ['an unknown mobility', { mobility: 'helicopter' }, /déplacement/i],
  ])('refuses %s with a French message and writes nothing', async (_name, extra, message) => {
    const before = await t.services.db.$count(visitors);
    const response = await coordinator.post('/api/visitors', newVisitor(extra));
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
    expect(await t.services.db.$count(visitors)).toBe(before);
  });

  it('updates only the fields sent, and checks the commitment order against the stored dates', async () => {
    const refused = await coordinator.patch(`/api/visitors/${createdId}`, {
      commitmentEnd: '2024-12-31',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/engagement/);
    const empty = await coordinator.patch(`/api/visitors/${createdId}`, {});
    expect(empty.status).toBe(400);
    const updated = await planner.patch(`/api/visitors/${createdId}`, {
      maxTripMinutes: 45,
      charterSignedOn: '2025-02-01',
      postalCode: '60200',
      communeName: 'Compiègne',
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const file = await coordinator.get(`/api/visitors/${createdId}`);
    expect(file.body.visitor).toMatchObject({
      maxTripMinutes: 45,
      charterSignedOn: '2025-02-01',
      commitmentEnd: '2027-12-31',
      communeName: 'Compiègne',
      mobility: 'bike',
    });
    expect(file.body.visitor.latitude).toBeCloseTo(49.4, 0);
  });

  it('shows the file: availability, absences, pair history, people visited (names and status only)', async () => {
    const file = await coordinator.get(`/api/visitors/${t.fixtures.v1.id}`);
    expect(file.status).toBe(200);
    expect(file.body.pairs).toEqual([
      expect.objectContaining({
        id: t.fixtures.pair.id,
        active: true,
        partner: { id: t.fixtures.v2.id, firstName: 'Hugo', lastName: 'Bernard' },
      }),
    ]);
    expect(file.body.people).toEqual([
      {
        id: t.fixtures.p1.id,
        firstName: 'Hélène',
        lastName: 'Lefèvre',
        status: 'active',
        via: 'pair',
        since: '2025-01-04',
      },
    ]);
    expect(file.body.availability).toEqual([]);
    expect(file.body.absences).toEqual([]);
  });

  it('lets a visitor read only their own record', async () => {
    const own = await visitor.get(`/api/visitors/${t.fixtures.v1.id}`);
    expect(own.status).toBe(200);
    expect(own.body.visitor.id).toBe(t.fixtures.v1.id);
    expect((await visitor.get(`/api/visitors/${t.fixtures.v2.id}`)).status).toBe(404);
    expect(
      (await visitor.patch(`/api/visitors/${t.fixtures.v1.id}`, { maxTripMinutes: 90 })).status,
    ).toBe(403);
  });

  it('answers 404 for another organisation’s or another local service’s visitor', async () => {
    expect((await coordinator.get(`/api/visitors/${t.fixtures.vB.id}`)).status).toBe(404);
    expect(
      (await coordinator.patch(`/api/visitors/${t.fixtures.vB.id}`, { maxTripMinutes: 90 })).status,
    ).toBe(404);
    expect(
      (await coordinator.post(`/api/visitors/${t.fixtures.vB.id}/end`, { endedOn: '2025-06-01' }))
        .status,
    ).toBe(404);
    expect((await coordinatorLs2.get(`/api/visitors/${t.fixtures.v1.id}`)).status).toBe(404);
    const [row] = await t.services.db
      .select()
      .from(visitors)
      .where(eq(visitors.id, t.fixtures.vB.id));
    expect(row!.maxTripMinutes).toBe(30);
    expect(row!.endedOn).toBeNull();
  });
});

describe('visitors: availability and absences', () => {
  const url = () => `/api/visitors/${t.fixtures.v3.id}/availability`;

  it('refuses overlapping slots on the same day, and slots ending before they start, writing nothing', async () => {
    const overlapping = await planner.request('PUT', url(), {
      slots: [
        { weekday: 2, startTime: '09:00', endTime: '12:00' },
        { weekday: 2, startTime: '11:30', endTime: '14:00' },
      ],
    });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.message).toMatch(/chevauchent/);
    const reversed = await planner.request('PUT', url(), {
      slots: [{ weekday: 1, startTime: '15:00', endTime: '14:00' }],
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toMatch(/fin/);
    const badDay = await planner.request('PUT', url(), {
      slots: [{ weekday: 8, startTime: '09:00', endTime: '10:00' }],
    });
    expect(badDay.status).toBe(400);
    expect(await t.services.db.$count(visitorAvailability)).toBe(0);
  });

  it('replaces the whole weekly availability', async () => {
    const first = await planner.request('PUT', url(), {
      slots: [
        { weekday: 4, startTime: '14:00', endTime: '17:00' },
        { weekday: 2, startTime: '09:00', endTime: '12:00' },
        { weekday: 2, startTime: '12:00', endTime: '13:00' },
      ],
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await planner.request('PUT', url(), {
      slots: [{ weekday: 5, startTime: '10:00', endTime: '11:30' }],
    });
    expect(second.status).toBe(200);
    const file = await coordinator.get(`/api/visitors/${t.fixtures.v3.id}`);
    expect(file.body.availability).toEqual([
      expect.objectContaining({ weekday: 5, startTime: '10:00', endTime: '11:30' }),
    ]);
    // Each slot added or removed is on the trail: three added, then three removed and one added.
    const audit = await t.services.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityType, 'visitor_availability'),
          eq(auditLog.action, 'visitor.availability'),
        ),
      );
    const visitorIdOf = (a: (typeof audit)[number]) =>
      (a.diff as { visitorId: [unknown, unknown] }).visitorId;
    const about = audit.filter((a) => visitorIdOf(a).includes(t.fixtures.v3.id));
    expect(about.filter((a) => visitorIdOf(a)[1] === t.fixtures.v3.id)).toHaveLength(4);
    expect(about.filter((a) => visitorIdOf(a)[0] === t.fixtures.v3.id)).toHaveLength(3);
  });

  it('records and deletes a dated absence', async () => {
    const before = await t.services.db.$count(visitorAbsences);
    const reversed = await planner.post(`/api/visitors/${t.fixtures.v3.id}/absences`, {
      kind: 'leave',
      startsOn: '2025-08-10',
      endsOn: '2025-08-01',
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toMatch(/absence/);
    expect(await t.services.db.$count(visitorAbsences)).toBe(before);

    const created = await planner.post(`/api/visitors/${t.fixtures.v3.id}/absences`, {
      kind: 'training',
      startsOn: '2025-09-15',
      endsOn: '2025-09-16',
      note: 'Formation premiers secours',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const file = await coordinator.get(`/api/visitors/${t.fixtures.v3.id}`);
    expect(file.body.absences).toEqual([
      expect.objectContaining({
        id: created.body.id,
        kind: 'training',
        startsOn: '2025-09-15',
        endsOn: '2025-09-16',
      }),
    ]);

    // The absence belongs to v3: through another visitor's address it does not exist.
    expect(
      (await planner.delete(`/api/visitors/${t.fixtures.v2.id}/absences/${created.body.id}`))
        .status,
    ).toBe(404);
    const deleted = await planner.delete(
      `/api/visitors/${t.fixtures.v3.id}/absences/${created.body.id}`,
    );
    expect(deleted.status).toBe(200);
    expect(
      (await planner.delete(`/api/visitors/${t.fixtures.v3.id}/absences/${created.body.id}`))
        .status,
    ).toBe(404);
    expect(await t.services.db.$count(visitorAbsences)).toBe(before);
  });

  it('refuses an absence over days already declared, and one over planned visits (the planning repairs those)', async () => {
    const before = await t.services.db.$count(visitorAbsences);
    const first = await planner.post(`/api/visitors/${t.fixtures.v3.id}/absences`, {
      kind: 'leave',
      startsOn: '2025-10-06',
      endsOn: '2025-10-10',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const overlapping = await planner.post(`/api/visitors/${t.fixtures.v3.id}/absences`, {
      kind: 'sick',
      startsOn: '2025-10-10',
      endsOn: '2025-10-14',
    });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.message).toMatch(
      /déjà déclarée.*du lundi 6 octobre au vendredi 10 octobre/,
    );
    // v1 visits p1 next Monday (fixtures): an absence that day must go through the repair.
    const overVisits = await planner.post(`/api/visitors/${t.fixtures.v1.id}/absences`, {
      kind: 'training',
      startsOn: t.fixtures.nextMonday,
      endsOn: t.fixtures.nextMonday,
    });
    expect(overVisits.status).toBe(409);
    expect(overVisits.body.message).toMatch(/visites prévues.*Déclarer une absence/);
    expect(await t.services.db.$count(visitorAbsences)).toBe(before + 1);
    expect(
      (await planner.delete(`/api/visitors/${t.fixtures.v3.id}/absences/${first.body.id}`)).status,
    ).toBe(200);
  });
});

describe('pairs', () => {
  let otherLs1: string;
  let otherLs2: string;
  let newPairId: string;

  beforeAll(async () => {
    otherLs1 = (
      await coordinator.post(
        '/api/visitors',
        newVisitor({ lastName: 'Roux', firstName: 'Lina', localServiceId: t.fixtures.ls1.id }),
      )
    ).body.id;
    otherLs2 = (
      await coordinator.post(
        '/api/visitors',
        newVisitor({ lastName: 'Blanc', firstName: 'Noé', localServiceId: t.fixtures.ls2.id }),
      )
    ).body.id;
  });

  it('refuses a visitor already in an active pair, two identical visitors, and two local services', async () => {
    const before = await t.services.db.$count(pairs);
    const busy = await planner.post('/api/pairs', {
      visitorAId: t.fixtures.v3.id,
      visitorBId: t.fixtures.v1.id,
      formedOn: '2025-03-01',
    });
    expect(busy.status).toBe(409);
    expect(busy.body.message).toMatch(/Inès Martin fait déjà partie d’un binôme actif/);
    const same = await planner.post('/api/pairs', {
      visitorAId: t.fixtures.v3.id,
      visitorBId: t.fixtures.v3.id,
      formedOn: '2025-03-01',
    });
    expect(same.status).toBe(400);
    expect(same.body.message).toMatch(/deux visiteurs différents/);
    const services = await planner.post('/api/pairs', {
      visitorAId: t.fixtures.v3.id,
      visitorBId: otherLs2,
      formedOn: '2025-03-01',
    });
    expect(services.status).toBe(409);
    expect(services.body.message).toMatch(/même service local/);
    const foreign = await planner.post('/api/pairs', {
      visitorAId: t.fixtures.v3.id,
      visitorBId: t.fixtures.vB.id,
      formedOn: '2025-03-01',
    });
    expect(foreign.status).toBe(404);
    expect(await t.services.db.$count(pairs)).toBe(before);
  });

  it('forms a pair, and then neither member can join another one', async () => {
    const formed = await planner.post('/api/pairs', {
      visitorAId: t.fixtures.v3.id,
      visitorBId: otherLs1,
      formedOn: '2025-03-01',
    });
    expect(formed.status, JSON.stringify(formed.body)).toBe(201);
    newPairId = formed.body.id;
    const again = await planner.post('/api/pairs', {
      visitorAId: otherLs1,
      visitorBId: t.fixtures.v2.id,
      formedOn: '2025-03-02',
    });
    expect(again.status).toBe(409);
    const list = await planner.get('/api/pairs?status=active');
    expect(ids(list.body.items).sort()).toEqual([t.fixtures.pair.id, newPairId].sort());
    expect(
      list.body.items.find((p: { id: string }) => p.id === t.fixtures.pair.id).peopleCount,
    ).toBe(1);
  });

  it('refuses a visitor’s departure while they are in an active pair', async () => {
    const response = await coordinator.post(`/api/visitors/${t.fixtures.v1.id}/end`, {
      endedOn: '2025-06-30',
    });
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/binôme actif/);
    const [row] = await t.services.db
      .select()
      .from(visitors)
      .where(eq(visitors.id, t.fixtures.v1.id));
    expect(row!.endedOn).toBeNull();
  });

  it('refuses to dissolve a pair that still visits people unless told where they go', async () => {
    const url = `/api/pairs/${t.fixtures.pair.id}/dissolve`;
    const refused = await planner.post(url, {
      dissolvedOn: '2025-06-30',
      reason: 'Fin de contrat',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/Hélène Lefèvre/);
    expect(refused.body.people.map((p: { id: string }) => p.id)).toEqual([t.fixtures.p1.id]);
    const early = await planner.post(url, {
      dissolvedOn: '2024-12-31',
      reason: 'Fin de contrat',
      endAssignments: true,
    });
    expect(early.status).toBe(400);
    expect(early.body.message).toMatch(/formation du binôme/);
    const both = await planner.post(url, {
      dissolvedOn: '2025-06-30',
      reason: 'Fin',
      endAssignments: true,
      reassignTo: { pairId: newPairId },
    });
    expect(both.status).toBe(400);
    const self = await planner.post(url, {
      dissolvedOn: '2025-06-30',
      reason: 'Fin',
      reassignTo: { pairId: t.fixtures.pair.id },
    });
    expect(self.status).toBe(400);
    const [pair] = await t.services.db.select().from(pairs).where(eq(pairs.id, t.fixtures.pair.id));
    expect(pair!.dissolvedOn).toBeNull();
  });

  it('dissolves a pair, hands its people over, and keeps the history', async () => {
    const response = await planner.post(`/api/pairs/${t.fixtures.pair.id}/dissolve`, {
      dissolvedOn: '2025-06-30',
      reason: 'Fin de contrat d’Inès',
      reassignTo: { pairId: newPairId },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ dissolvedOn: '2025-06-30', movedPeople: 1 });

    const rows = await t.services.db
      .select()
      .from(assignments)
      .where(eq(assignments.personId, t.fixtures.p1.id));
    expect(rows.find((a) => a.pairId === t.fixtures.pair.id)?.endedOn).toBe('2025-06-30');
    expect(rows.find((a) => a.endedOn === null)).toMatchObject({
      pairId: newPairId,
      startedOn: '2025-06-30',
    });

    const dissolved = await planner.get('/api/pairs?status=dissolved');
    expect(dissolved.body.items).toEqual([
      expect.objectContaining({
        id: t.fixtures.pair.id,
        active: false,
        dissolutionReason: 'Fin de contrat d’Inès',
        peopleCount: 0,
      }),
    ]);
    const again = await planner.post(`/api/pairs/${t.fixtures.pair.id}/dissolve`, {
      dissolvedOn: '2025-07-01',
      reason: 'Encore',
      endAssignments: true,
    });
    expect(again.status).toBe(409);

    const file = await coordinator.get(`/api/visitors/${t.fixtures.v3.id}`);
    expect(file.body.people.map((p: { id: string }) => p.id)).toEqual([t.fixtures.p1.id]);
    const v1File = await coordinator.get(`/api/visitors/${t.fixtures.v1.id}`);
    expect(v1File.body.pairs).toEqual([
      expect.objectContaining({ id: t.fixtures.pair.id, active: false, dissolvedOn: '2025-06-30' }),
    ]);
    expect(v1File.body.people).toEqual([]);

    const audit = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, t.fixtures.pair.id), eq(auditLog.action, 'pair.dissolve')));
    expect(audit).toHaveLength(1);
  });

  it('lets the former members form a new pair, keeping both rows', async () => {
    const formed = await planner.post('/api/pairs', {
      visitorAId: t.fixtures.v2.id,
      visitorBId: t.fixtures.v1.id,
      formedOn: '2025-07-01',
    });
    expect(formed.status, JSON.stringify(formed.body)).toBe(201);
    const history = await planner.get(`/api/pairs?visitorId=${t.fixtures.v1.id}`);
    expect(history.body.items.map((p: { active: boolean }) => p.active)).toEqual([true, false]);
    const dissolve = await planner.post(`/api/pairs/${formed.body.id}/dissolve`, {
      dissolvedOn: '2025-07-15',
      reason: 'Départ d’Inès',
    });
    expect(dissolve.status, JSON.stringify(dissolve.body)).toBe(200);
    const active = await t.services.db
      .select()
      .from(pairs)
      .where(and(eq(pairs.visitorAId, t.fixtures.v2.id), isNull(pairs.dissolvedOn)));
    expect(active).toHaveLength(0);
  });

  it('records a departure once the visitor is in no pair, and refuses them in a new pair', async () => {
    const ended = await coordinator.post(`/api/visitors/${t.fixtures.v1.id}/end`, {
      endedOn: '2025-07-31',
      reason: 'Fin de contrat',
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body.endedOn).toBe('2025-07-31');
    const again = await coordinator.post(`/api/visitors/${t.fixtures.v1.id}/end`, {
      endedOn: '2025-08-01',
    });
    expect(again.status).toBe(409);
    const pair = await planner.post('/api/pairs', {
      visitorAId: t.fixtures.v1.id,
      visitorBId: t.fixtures.v2.id,
      formedOn: '2025-08-01',
    });
    expect(pair.status).toBe(409);
    expect(pair.body.message).toMatch(/quitté le service/);
    const active = await coordinator.get('/api/visitors?active=true');
    expect(ids(active.body.items)).not.toContain(t.fixtures.v1.id);
    const gone = await coordinator.get('/api/visitors?active=false');
    expect(ids(gone.body.items)).toEqual([t.fixtures.v1.id]);
  });
});
