import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import {
  assignments,
  auditLog,
  people,
  personContacts,
  statusChanges,
} from '../../src/db/schema.js';
import { isNull } from 'drizzle-orm';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { serviceToday } from '../../src/domain/common/calendar.js';

let t: TestApp;
let coordinator: Client;
let visitor: Client;

const answers = (value: number) => ({
  family_seen: value,
  family_talk_private: value,
  family_help: value,
  friends_seen: value,
  friends_talk_private: value,
  friends_help: value,
});
const today = serviceToday();

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  visitor = await t.login(t.fixtures.usersA.visitor.email);
});
afterAll(async () => t?.close());

describe('people accompanied', () => {
  it('finds a person by a name typed without accents', async () => {
    const response = await coordinator.get('/api/people?q=helene%20lefevre');
    expect(response.status).toBe(200);
    expect(response.body.items.map((p: { id: string }) => p.id)).toEqual([t.fixtures.p1.id]);
    expect(response.body.items[0].status).toBe('active');
  });

  it('filters by status and paginates', async () => {
    const waiting = await coordinator.get('/api/people?status=waiting');
    expect(waiting.body.items.map((p: { id: string }) => p.id)).toEqual([t.fixtures.p3.id]);
    const page = await coordinator.get('/api/people?pageSize=1&page=2');
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBe(3);
  });

  it('creates a person with a French phone stored in E.164, located offline', async () => {
    const created = await coordinator.post('/api/people', {
      lastName: 'Dubois',
      firstName: 'Éliane',
      birthDate: '1938-11-02',
      street: '3 rue de la Paix',
      postalCode: '60200',
      communeName: 'Compiègne',
      phones: [{ number: '03 44 12 34 56', label: 'fixe' }],
      contacts: [
        {
          name: 'Mme Voisine',
          relationship: 'neighbour',
          phone: '06 98 76 54 32',
          isEmergencyContact: true,
        },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const file = await coordinator.get(`/api/people/${created.body.id}`);
    expect(file.body.person.phones).toEqual([{ number: '+33344123456', label: 'fixe' }]);
    expect(file.body.person.locationStatus).toBe('located');
    expect(file.body.person.latitude).toBeCloseTo(49.4, 0);
    expect(file.body.status).toBe('referred');
    expect(file.body.contacts[0]).toMatchObject({
      relationship: 'neighbour',
      phone: '+33698765432',
      isEmergencyContact: true,
    });
  });

  it('keeps an address it cannot locate, flagged with the reason', async () => {
    const created = await coordinator.post('/api/people', {
      lastName: 'Introuvable',
      firstName: 'Adresse',
      postalCode: '60999',
      communeName: 'Commune Imaginaire',
    });
    expect(created.status).toBe(201);
    const file = await coordinator.get(`/api/people/${created.body.id}`);
    expect(file.body.person.locationStatus).toBe('to_locate');
    expect(file.body.person.locationNote).toBeTruthy();
  });

  it('refuses an invalid phone number with a French message and writes nothing', async () => {
    const before = await t.services.db.$count(people);
    const response = await coordinator.post('/api/people', {
      lastName: 'X',
      firstName: 'Y',
      phones: [{ number: '12' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/numéro|téléphone/i);
    expect(await t.services.db.$count(people)).toBe(before);
  });

  it('warns about a duplicate (same name and birth date, or same phone), then creates on confirmation', async () => {
    const body = { lastName: 'LEFEVRE', firstName: 'helene', birthDate: '1940-03-12' };
    const warned = await coordinator.post('/api/people', body);
    expect(warned.status).toBe(409);
    expect(warned.body.error).toBe('possible_duplicate');
    expect(warned.body.candidates[0].id).toBe(t.fixtures.p1.id);
    const byPhone = await coordinator.post('/api/people/duplicates', {
      lastName: 'Autre',
      firstName: 'Nom',
      phones: ['+33612345678'],
    });
    expect(byPhone.body.candidates.map((c: { id: string }) => c.id)).toContain(t.fixtures.p1.id);
    const confirmed = await coordinator.post('/api/people', { ...body, confirmNotDuplicate: true });
    expect(confirmed.status).toBe(201);
    // Merge the new record back into the original: it disappears from lists, the original stays.
    const merged = await coordinator.post(`/api/people/${t.fixtures.p1.id}/merge`, {
      duplicateId: confirmed.body.id,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const gone = await coordinator.get(`/api/people/${confirmed.body.id}`);
    expect(gone.status).toBe(404);
  });

  it('merges without doubling a shared contact nor leaving two current visit arrangements', async () => {
    const contact = { name: 'Mme Voisine', relationship: 'neighbour', phone: '06 98 76 54 32' };
    const base = {
      firstName: 'Fusion',
      birthDate: '1938-01-02',
      postalCode: '60000',
      communeName: 'Beauvais',
      confirmNotDuplicate: true,
    };
    const a = await coordinator.post('/api/people', {
      ...base,
      lastName: 'Alpha',
      contacts: [contact],
    });
    const b = await coordinator.post('/api/people', {
      ...base,
      lastName: 'Alpha',
      contacts: [
        { ...contact, name: 'MME VOISINE' },
        { name: 'Fils', relationship: 'child', phone: '06 11 11 11 11' },
      ],
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    for (const id of [a.body.id, b.body.id]) {
      const assigned = await coordinator.post(`/api/people/${id}/assignment`, {
        pairId: t.fixtures.pair.id,
        startedOn: today,
      });
      expect(assigned.status, JSON.stringify(assigned.body)).toBeLessThan(300);
    }
    const merged = await coordinator.post(`/api/people/${a.body.id}/merge`, {
      duplicateId: b.body.id,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const contacts = await t.services.db
      .select()
      .from(personContacts)
      .where(eq(personContacts.personId, a.body.id));
    expect(contacts.map((c) => c.name).sort()).toEqual(['Fils', 'Mme Voisine']);
    const current = await t.services.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.personId, a.body.id), isNull(assignments.endedOn)));
    expect(current).toHaveLength(1);
    const again = await coordinator.post(`/api/people/${a.body.id}/merge`, {
      duplicateId: b.body.id,
    });
    expect(again.status).toBe(404);
    // The fixture pair visits only Hélène in the other scenarios.
    await t.services.db
      .update(assignments)
      .set({ endedOn: today })
      .where(eq(assignments.personId, a.body.id));
  });

  it('records an LSNS-6 evaluation, gives the decision with its reasons, and moves to waiting', async () => {
    const id = t.fixtures.p2.id;
    const evaluation = await coordinator.post(`/api/people/${id}/evaluations`, {
      evaluatedOn: today,
      answers: answers(1),
      livesAlone: true,
    });
    expect(evaluation.status, JSON.stringify(evaluation.body)).toBe(201);
    expect(evaluation.body.score.total).toBe(6);
    expect(evaluation.body.score.isolated).toBe(true);
    expect(evaluation.body.decision.decision).toBe('eligible');
    expect(evaluation.body.decision.reasons.length).toBeGreaterThanOrEqual(2);
    expect(evaluation.body.statusChanged).toBe('evaluated');

    // Into "waiting" only with the consent to visits (issue 11).
    const consent = await coordinator.post(`/api/people/${id}/consents`, {
      givenOn: today,
      method: 'oral',
      givenBy: 'person',
      scopeVisits: true,
      scopeDataSharing: false,
      scopeHeatwaveRegister: false,
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    const moved = await coordinator.post(`/api/people/${id}/transitions`, {
      to: 'waiting',
      effectiveDate: today,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    const file = await coordinator.get(`/api/people/${id}`);
    expect(file.body.status).toBe('waiting');
    expect(file.body.statusHistory.map((h: { toStatus: string }) => h.toStatus)).toEqual([
      'waiting',
      'evaluated',
      'referred',
    ]);
    expect(file.body.evaluations[0].score.total).toBe(6);
  });

  it('refuses a transition the lifecycle does not allow, with the reason', async () => {
    const response = await coordinator.post(`/api/people/${t.fixtures.p3.id}/transitions`, {
      to: 'evaluated',
      effectiveDate: today,
    });
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/[a-zé]/);
    const pause = await coordinator.post(`/api/people/${t.fixtures.p1.id}/transitions`, {
      to: 'paused',
      effectiveDate: today,
    });
    expect(pause.status).toBeGreaterThanOrEqual(400);
  });

  it('records consent with its scope and withdraws it', async () => {
    const id = t.fixtures.p3.id;
    const consent = await coordinator.post(`/api/people/${id}/consents`, {
      givenOn: today,
      method: 'phone',
      givenBy: 'carer',
      givenByName: 'Sa fille',
      scopeVisits: true,
      scopeDataSharing: false,
      scopeHeatwaveRegister: true,
    });
    expect(consent.status).toBe(201);
    const withdrawn = await coordinator.post(
      `/api/people/${id}/consents/${consent.body.id}/withdraw`,
      { withdrawnOn: today },
    );
    expect(withdrawn.status).toBe(200);
    const again = await coordinator.post(`/api/people/${id}/consents/${consent.body.id}/withdraw`, {
      withdrawnOn: today,
    });
    expect(again.status).toBe(409);
  });

  it('logs who opened a file, and shows it to the coordinator', async () => {
    await visitor.get(`/api/people/${t.fixtures.p1.id}`);
    const rows = await t.services.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityId, t.fixtures.p1.id),
          eq(auditLog.kind, 'read'),
          eq(auditLog.userId, t.fixtures.usersA.visitor.id),
        ),
      );
    expect(rows.length).toBeGreaterThan(0);
    const views = await coordinator.get(`/api/people/${t.fixtures.p1.id}/views`);
    expect(
      views.body.items.some(
        (v: { kind: string; userName: string }) =>
          v.kind === 'read' && v.userName === 'visitor test',
      ),
    ).toBe(true);
  });

  it('audits every write with a diff, free text kept only as changed (ADR 0011)', async () => {
    const patch = await coordinator.patch(`/api/people/${t.fixtures.p3.id}`, {
      practicalNotes: 'Malentendante, parler fort',
      interests: ['Tricot'],
    });
    expect(patch.status).toBe(200);
    const [row] = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, t.fixtures.p3.id), eq(auditLog.action, 'person.update')))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(row?.subjectId).toBe(t.fixtures.p3.id);
    expect((row?.diff as Record<string, unknown>).practicalNotes).toEqual([null, '[masqué]']);
    expect(JSON.stringify(row?.diff)).not.toContain('Malentendante');
    const interests = (row?.diff as Record<string, unknown[]>).interests;
    expect(interests?.[1]).toEqual(['tricot']);
  });
});

describe('what a visitor sees', () => {
  it('lists only the people their pair visits', async () => {
    const response = await visitor.get('/api/people');
    expect(response.body.items.map((p: { id: string }) => p.id)).toEqual([t.fixtures.p1.id]);
  });

  it('opens only those files, without the social evaluation', async () => {
    const own = await visitor.get(`/api/people/${t.fixtures.p1.id}`);
    expect(own.status).toBe(200);
    expect(own.body.person.birthDate).toBeUndefined();
    expect(own.body.evaluations).toEqual([]);
    const other = await visitor.get(`/api/people/${t.fixtures.p2.id}`);
    expect(other.status).toBe(404);
  });

  it('a coordinator of one local service does not see the other service', async () => {
    const local = await t.login(t.fixtures.coordinatorLs2.email);
    const list = await local.get('/api/people');
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([t.fixtures.p3.id]);
    expect((await local.get(`/api/people/${t.fixtures.p1.id}`)).status).toBe(404);
  });

  it('the status lives in the history; the person carries a copy of its latest row', async () => {
    const rows = await t.services.db
      .select()
      .from(statusChanges)
      .where(eq(statusChanges.personId, t.fixtures.p1.id))
      .orderBy(statusChanges.id);
    expect(rows.at(-1)?.toStatus).toBe('active');
    const [person] = await t.services.db
      .select({ currentStatus: people.currentStatus })
      .from(people)
      .where(eq(people.id, t.fixtures.p1.id));
    expect(person?.currentStatus).toBe('active');
  });

  it('pages by cursor: nextCursor leads to the next rows, a foreign cursor is refused', async () => {
    const first = await coordinator.get('/api/people?pageSize=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(typeof first.body.nextCursor).toBe('string');
    const next = await coordinator.get(
      `/api/people?pageSize=2&after=${encodeURIComponent(first.body.nextCursor)}`,
    );
    const byPage = await coordinator.get('/api/people?pageSize=2&page=2');
    expect(next.body.items.map((p: { id: string }) => p.id)).toEqual(
      byPage.body.items.map((p: { id: string }) => p.id),
    );
    const all = await coordinator.get('/api/people?pageSize=200');
    expect(all.body.nextCursor).toBeNull();
    const refused = await coordinator.get('/api/people?after=bm90LWEtY3Vyc29y');
    expect(refused.status).toBe(400);
  });
});
