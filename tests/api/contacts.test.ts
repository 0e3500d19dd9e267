/**
 * The contact log (issue 12, ADR 0027): contacts noted about a person, one of their carers or a
 * visitor; refusals that write nothing; call backs marked done or moved; the history newest
 * first, page after page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { auditLog, contactLog, personContacts } from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let operator: Client;
let viewer: Client;
let carerOfP1: string;
let carerOfP2: string;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function contactRows() {
  const [row] = await t.services.db.select({ n: count() }).from(contactLog);
  return row!.n;
}

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  operator = await t.login(t.fixtures.usersA.operator.email);
  viewer = await t.login(t.fixtures.usersA.viewer.email);
  const carers = await t.services.db
    .insert(personContacts)
    .values([
      { personId: t.fixtures.p1.id, name: 'Marc Lefèvre', relationship: 'child' },
      { personId: t.fixtures.p2.id, name: 'Odile Voisine', relationship: 'neighbour' },
    ])
    .returning();
  carerOfP1 = carers[0]!.id;
  carerOfP2 = carers[1]!.id;
});
afterAll(async () => t?.close());

describe('POST /api/contacts', () => {
  it('notes a call with a person, audited about the person, and lists it', async () => {
    const created = await operator.post('/api/contacts', {
      personId: t.fixtures.p1.id,
      channel: 'call_out',
      outcome: 'reached',
      occurredAt: minutesAgo(10),
      note: 'Souhaite des visites le mardi.',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      personId: t.fixtures.p1.id,
      visitorId: null,
      channel: 'call_out',
      outcome: 'reached',
      note: 'Souhaite des visites le mardi.',
      callbackOn: null,
      callbackOwnerId: null,
      createdByName: t.fixtures.usersA.operator.displayName,
    });
    const [row] = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.entityId, created.body.id)));
    expect(row).toMatchObject({
      action: 'contact.create',
      kind: 'write',
      subjectId: t.fixtures.p1.id,
    });

    const list = await coordinator.get(`/api/people/${t.fixtures.p1.id}/contacts`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    const reads = await t.services.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'contact.list'),
          eq(auditLog.kind, 'read'),
          eq(auditLog.subjectId, t.fixtures.p1.id),
        ),
      );
    expect(reads.length).toBeGreaterThan(0);
  });

  it('notes a call with one of the person’s carers, and gives the call back to the author', async () => {
    const tomorrow = addDays(serviceToday(), 1);
    const created = await coordinator.post('/api/contacts', {
      personId: t.fixtures.p1.id,
      personContactId: carerOfP1,
      channel: 'call_in',
      outcome: 'reached',
      occurredAt: minutesAgo(5),
      callbackOn: tomorrow,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      personContactId: carerOfP1,
      personContactName: 'Marc Lefèvre',
      callbackOn: tomorrow,
      callbackOwnerId: t.fixtures.usersA.coordinator.id,
      callbackOwnerName: t.fixtures.usersA.coordinator.displayName,
    });
  });

  it('notes a contact with a visitor, about a match of theirs, listed on the visitor’s file', async () => {
    const created = await coordinator.post('/api/contacts', {
      visitorId: t.fixtures.v1.id,
      assignmentId: t.fixtures.assignment.id,
      purpose: 'trial_check',
      channel: 'sms',
      outcome: 'sent',
      occurredAt: minutesAgo(1),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ visitorId: t.fixtures.v1.id, personId: null });
    const list = await operator.get(`/api/visitors/${t.fixtures.v1.id}/contacts`);
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: created.body.id, purpose: 'trial_check' });
  });

  const refusals: [string, () => Record<string, unknown>, number, RegExp][] = [
    [
      'a contact in the future',
      () => ({ occurredAt: new Date(Date.now() + 3_600_000).toISOString() }),
      400,
      /dans le futur/,
    ],
    ['an unknown channel', () => ({ channel: 'pigeon' }), 400, /Canal inconnu/],
    ['an unknown outcome', () => ({ outcome: 'maybe' }), 400, /Résultat inconnu/],
    [
      'an outcome that does not fit the channel',
      () => ({ channel: 'voicemail', outcome: 'reached' }),
      400,
      /Pour « Message vocal laissé », le résultat est : Message laissé/,
    ],
    ['a carer of another person', () => ({ personContactId: carerOfP2 }), 400, /proche/],
    [
      'another organisation’s person',
      () => ({ personId: t.fixtures.pB.id }),
      404,
      /Personne introuvable/,
    ],
    [
      'another organisation’s visitor',
      () => ({ personId: null, visitorId: t.fixtures.vB.id }),
      404,
      /Visiteur introuvable/,
    ],
    [
      'a match of another visitor',
      () => ({
        personId: null,
        visitorId: t.fixtures.v3.id,
        assignmentId: t.fixtures.assignment.id,
      }),
      400,
      /ne concerne pas ce visiteur/,
    ],
    [
      'a call back owner of another organisation',
      () => ({
        callbackOn: serviceToday(),
        callbackOwnerId: t.fixtures.usersB.coordinator.id,
      }),
      400,
      /rappeler/,
    ],
    [
      'a call back owner of another local service',
      () => ({ callbackOn: serviceToday(), callbackOwnerId: t.fixtures.coordinatorLs2.id }),
      400,
      /rappeler/,
    ],
    ['a call back in the past', () => ({ callbackOn: addDays(serviceToday(), -1) }), 400, /passée/],
  ];
  for (const [what, change, status, message] of refusals) {
    it(`refuses ${what} (${status}), writing nothing`, async () => {
      const before = await contactRows();
      const answer = await coordinator.post('/api/contacts', {
        personId: t.fixtures.p1.id,
        channel: 'call_out',
        outcome: 'no_answer',
        occurredAt: minutesAgo(2),
        ...change(),
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(JSON.stringify(answer.body)).toMatch(message);
      expect(await contactRows()).toBe(before);
    });
  }

  it('answers 404 to a user of another local service, 403 to a role without the log', async () => {
    const ls2 = await t.login(t.fixtures.coordinatorLs2.email);
    const body = {
      personId: t.fixtures.p1.id,
      channel: 'call_out',
      outcome: 'no_answer',
      occurredAt: minutesAgo(2),
    };
    expect((await ls2.post('/api/contacts', body)).status).toBe(404);
    expect((await viewer.post('/api/contacts', body)).status).toBe(403);
    expect((await viewer.get(`/api/people/${t.fixtures.p1.id}/contacts`)).status).toBe(403);
    expect((await coordinator.get(`/api/people/${t.fixtures.pB.id}/contacts`)).status).toBe(404);
    expect((await coordinator.get(`/api/visitors/${t.fixtures.vB.id}/contacts`)).status).toBe(404);
  });
});

describe('call backs', () => {
  async function withCallback() {
    const created = await coordinator.post('/api/contacts', {
      personId: t.fixtures.p2.id,
      channel: 'call_out',
      outcome: 'no_answer',
      occurredAt: minutesAgo(3),
      callbackOn: serviceToday(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }

  it('marks a call back done, once', async () => {
    const id = await withCallback();
    const done = await operator.post(`/api/contacts/${id}/callback-done`, {});
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.callbackDoneAt).not.toBeNull();
    expect(done.body.callbackDoneByName).toBe(t.fixtures.usersA.operator.displayName);
    const again = await operator.post(`/api/contacts/${id}/callback-done`, {});
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/déjà fait/);
    const [audit] = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'contact.update')));
    expect(Object.keys(audit!.diff as object)).toEqual(
      expect.arrayContaining(['callbackDoneAt', 'callbackDoneBy']),
    );
  });

  it('refuses to mark done a contact without a call back', async () => {
    const created = await coordinator.post('/api/contacts', {
      personId: t.fixtures.p2.id,
      channel: 'letter',
      outcome: 'sent',
      occurredAt: minutesAgo(3),
    });
    const answer = await coordinator.post(`/api/contacts/${created.body.id}/callback-done`, {});
    expect(answer.status).toBe(409);
    expect(answer.body.message).toBe('Aucun rappel n’est prévu pour ce contact.');
  });

  it('moves a call back to another day and another owner', async () => {
    const id = await withCallback();
    const later = addDays(serviceToday(), 7);
    const moved = await coordinator.patch(`/api/contacts/${id}/callback`, {
      callbackOn: later,
      callbackOwnerId: t.fixtures.usersA.operator.id,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({
      callbackOn: later,
      callbackOwnerId: t.fixtures.usersA.operator.id,
    });
    const past = await coordinator.patch(`/api/contacts/${id}/callback`, {
      callbackOn: addDays(serviceToday(), -1),
    });
    expect(past.status).toBe(400);
    const foreignOwner = await coordinator.patch(`/api/contacts/${id}/callback`, {
      callbackOwnerId: t.fixtures.usersB.coordinator.id,
    });
    expect(foreignOwner.status).toBe(400);
    await coordinator.post(`/api/contacts/${id}/callback-done`, {});
    const afterDone = await coordinator.patch(`/api/contacts/${id}/callback`, {
      callbackOn: later,
    });
    expect(afterDone.status).toBe(409);
  });

  it('answers 404 for another organisation’s contact, changing nothing', async () => {
    const done = await coordinator.post(
      `/api/contacts/${t.fixtures.contactB.id}/callback-done`,
      {},
    );
    expect(done.status).toBe(404);
    const moved = await coordinator.patch(`/api/contacts/${t.fixtures.contactB.id}/callback`, {
      callbackOn: serviceToday(),
    });
    expect(moved.status).toBe(404);
    const [row] = await t.services.db
      .select()
      .from(contactLog)
      .where(eq(contactLog.id, t.fixtures.contactB.id));
    expect(row!.callbackDoneAt).toBeNull();
    expect(row!.callbackOn).toBe(t.fixtures.contactB.callbackOn);
  });
});

describe('GET /api/people/:id/contacts', () => {
  it('pages newest first by cursor, without repeats or gaps', async () => {
    const ids: string[] = [];
    // Two contacts at the same minute: the id orders them.
    for (const minutes of [50, 40, 30, 30, 20]) {
      const created = await coordinator.post('/api/contacts', {
        visitorId: t.fixtures.v2.id,
        channel: 'call_out',
        outcome: 'no_answer',
        occurredAt: new Date(
          Math.floor(Date.now() / 60_000) * 60_000 - minutes * 60_000,
        ).toISOString(),
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    const seen: { id: string; occurredAt: string }[] = [];
    let url = `/api/visitors/${t.fixtures.v2.id}/contacts?pageSize=2`;
    for (let pages = 0; pages < 10; pages++) {
      const page = await coordinator.get(url);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.total).toBe(5);
      seen.push(...page.body.items);
      if (!page.body.nextCursor) break;
      url = `/api/visitors/${t.fixtures.v2.id}/contacts?pageSize=2&after=${page.body.nextCursor}`;
    }
    expect(seen.map((c) => c.id).sort()).toEqual([...ids].sort());
    const times = seen.map((c) => Date.parse(c.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(seen[0]!.id).toBe(ids[4]);
  });

  it('refuses a cursor it did not make', async () => {
    const answer = await coordinator.get(
      `/api/people/${t.fixtures.p1.id}/contacts?after=bm90LWEtY3Vyc29y`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('Curseur de pagination invalide.');
  });
});

describe('merging two files', () => {
  it('moves the duplicate’s contacts to the kept file, on the trail', async () => {
    const duplicate = await coordinator.post('/api/people', {
      lastName: 'Lefèvre',
      firstName: 'Hélène',
      birthDate: '1940-03-12',
      confirmNotDuplicate: true,
    });
    expect(duplicate.status, JSON.stringify(duplicate.body)).toBe(201);
    const noted = await coordinator.post('/api/contacts', {
      personId: duplicate.body.id,
      channel: 'letter',
      outcome: 'sent',
      occurredAt: minutesAgo(4),
    });
    expect(noted.status).toBe(201);
    const merged = await coordinator.post(`/api/people/${t.fixtures.p1.id}/merge`, {
      duplicateId: duplicate.body.id,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const [row] = await t.services.db
      .select()
      .from(contactLog)
      .where(eq(contactLog.id, noted.body.id));
    expect(row!.personId).toBe(t.fixtures.p1.id);
    const moved = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, noted.body.id), eq(auditLog.action, 'person.merge')));
    expect(moved).toHaveLength(1);
    expect(moved[0]!.subjectId).toBe(t.fixtures.p1.id);
  });
});
