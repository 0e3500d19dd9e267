/**
 * Neighbour-help requests (issue 13, ADR 0034): the operator's incoming call (who is calling, a
 * request on their behalf, a minimal file for a senior not in the base, the call in the contact
 * log), the public page (pending, linked by staff), dates cancelled alone, series ended, the
 * daily horizon; bad input refused in French with nothing written; another organisation's 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import {
  auditLog,
  contactLog,
  helpOccurrences,
  helpRequests,
  people,
  personContacts,
  scheduledRuns,
} from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { horizonEnd, isoWeekdayOf } from '../../src/domain/help-requests/occurrences.js';
import { extendAllHorizons } from '../../src/server/help-requests/service.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let operator: Client;
let coordinator: Client;
let viewer: Client;
let coordinatorB: Client;
let carerId: string;

const today = serviceToday();

async function rowCounts() {
  const [requests] = await t.services.db.select({ n: count() }).from(helpRequests);
  const [dates] = await t.services.db.select({ n: count() }).from(helpOccurrences);
  const [contacts] = await t.services.db.select({ n: count() }).from(contactLog);
  const [files] = await t.services.db.select({ n: count() }).from(people);
  return { requests: requests!.n, dates: dates!.n, contacts: contacts!.n, files: files!.n };
}

const weeklyShopping = (overrides: Record<string, unknown> = {}) => ({
  personId: t.fixtures.p1.id,
  channel: 'phone',
  postedBy: 'person',
  callerPhone: '+33 6 12 34 56 78',
  helpKind: 'shopping',
  urgency: 'normal',
  consentToContact: true,
  place: 'home',
  recurrence: 'weekly',
  startsOn: addDays(today, 1),
  startTime: '09:00',
  endTime: '11:00',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  operator = await t.login(t.fixtures.usersA.operator.email);
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  viewer = await t.login(t.fixtures.usersA.viewer.email);
  coordinatorB = await t.login(t.fixtures.usersB.coordinator.email);
  const [carer] = await t.services.db
    .insert(personContacts)
    .values({
      personId: t.fixtures.p2.id,
      name: 'Sophie Durand',
      relationship: 'child',
      phone: '+33687654321',
    })
    .returning();
  carerId = carer!.id;
});
afterAll(async () => t?.close());

describe('the incoming call', () => {
  it('finds the person and the carer by the number as typed, in any French format', async () => {
    for (const typed of ['06 12 34 56 78', '+33 6 12 34 56 78', '0033612345678', '6 12 34 56 78']) {
      const found = await operator.get(
        `/api/help-requests/callers?phone=${encodeURIComponent(typed)}`,
      );
      expect(found.status, JSON.stringify(found.body)).toBe(200);
      expect(found.body.phone).toBe('06 12 34 56 78');
      expect(found.body.people.map((p: { id: string }) => p.id)).toEqual([t.fixtures.p1.id]);
    }
    const carer = await operator.get(`/api/help-requests/callers?phone=06.87.65.43.21`);
    expect(carer.body.people).toEqual([]);
    expect(carer.body.carers).toMatchObject([
      { id: carerId, name: 'Sophie Durand', personId: t.fixtures.p2.id },
    ]);
    // Organisation B's coordinator finds nobody of A with A's number.
    const other = await coordinatorB.get(`/api/help-requests/callers?phone=0612345678`);
    expect(other.body.people).toEqual([]);
  });

  it('refuses a number that is not a phone, in French', async () => {
    const bad = await operator.get(
      `/api/help-requests/callers?phone=${encodeURIComponent('12 34')}`,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/trop court/);
  });

  it('posts a weekly request on the phone: dates up to the horizon, consent and call recorded', async () => {
    const before = await rowCounts();
    const created = await operator.post('/api/help-requests', weeklyShopping());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const page = await operator.get(`/api/help-requests/${created.body.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      status: 'open',
      channel: 'phone',
      helpKind: 'shopping',
      recurrence: 'weekly',
      weekday: isoWeekdayOf(addDays(today, 1)),
      personId: t.fixtures.p1.id,
      personName: 'Hélène Lefèvre',
      consentToContact: true,
      consentRecordedByName: t.fixtures.usersA.operator.displayName,
      takenByName: t.fixtures.usersA.operator.displayName,
      startTime: '09:00',
      communeName: 'Beauvais',
    });
    const dates = page.body.occurrences.map((o: { date: string }) => o.date);
    expect(dates[0]).toBe(addDays(today, 1));
    expect(dates.at(-1) <= horizonEnd(today)).toBe(true);
    expect(dates.length).toBeGreaterThanOrEqual(8);
    const after = await rowCounts();
    expect(after.requests).toBe(before.requests + 1);
    expect(after.contacts).toBe(before.contacts + 1);
    const [call] = await t.services.db
      .select()
      .from(contactLog)
      .where(eq(contactLog.personId, t.fixtures.p1.id))
      .orderBy(contactLog.createdAt);
    expect(call).toBeDefined();
    const calls = await t.services.db
      .select()
      .from(contactLog)
      .where(and(eq(contactLog.personId, t.fixtures.p1.id), eq(contactLog.channel, 'call_in')));
    expect(calls.at(-1)!.note).toMatch(/Courses, chaque semaine/);
  });

  it('creates a minimal file for a senior not in the base, with the carer who called', async () => {
    const created = await operator.post(
      '/api/help-requests',
      weeklyShopping({
        personId: null,
        newPerson: {
          lastName: 'Pommier',
          firstName: 'Yvette',
          formOfAddress: 'madame',
          communeName: 'Beauvais',
          postalCode: '60000',
          phone: '03 44 12 34 56',
        },
        postedBy: 'carer',
        carerName: 'Luc Pommier',
        carerPhone: '06 71 22 33 44',
        carerRelationship: 'child',
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const page = await operator.get(`/api/help-requests/${created.body.id}`);
    expect(page.body).toMatchObject({
      personName: 'Yvette Pommier',
      postedBy: 'carer',
      carerName: 'Luc Pommier',
      carerPhone: '06 71 22 33 44',
    });
    const [file] = await t.services.db
      .select()
      .from(people)
      .where(eq(people.id, page.body.personId));
    expect(file).toMatchObject({
      lastName: 'Pommier',
      currentStatus: 'referred',
      referralSource: 'Entraide de voisinage',
    });
  });

  it('asks for the organisation’s own kinds of help, and no longer for a deactivated one', async () => {
    const admin = await t.login(t.fixtures.usersA.admin.email);
    const added = await admin.post('/api/help-kinds', { label: 'Lecture à voix haute' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const kinds = await operator.get('/api/help-kinds');
    const reading = kinds.body.items.find((k: { id: string }) => k.id === added.body.id);
    const taken = await operator.post(
      '/api/help-requests',
      weeklyShopping({ helpKind: reading.code }),
    );
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect((await admin.patch(`/api/help-kinds/${added.body.id}`, { active: false })).status).toBe(
      200,
    );
    const before = await rowCounts();
    const refused = await operator.post(
      '/api/help-requests',
      weeklyShopping({ helpKind: reading.code }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^Type d’aide inconnu\. Types possibles : Courses, /);
    expect(refused.body.message).not.toContain('Lecture à voix haute');
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses bad input in French and writes nothing', async () => {
    const before = await rowCounts();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ helpKind: undefined }, /type d’aide/],
      // Not one of the organisation's kinds: refused, its kinds named.
      [{ helpKind: 'piano_lessons' }, /Type d’aide inconnu\. Types possibles : Courses, /],
      [{ startsOn: addDays(today, -1) }, /ne peut pas être passée/],
      [{ endsOn: today, startsOn: addDays(today, 3) }, /avant sa première date/],
      [{ endTime: '08:00' }, /après l’heure de début/],
      [{ callerPhone: 'bonjour' }, /lettres/],
      [{ consentToContact: false }, /accord de la personne/],
    ];
    for (const [change, message] of cases) {
      const refused = await operator.post('/api/help-requests', weeklyShopping(change));
      expect(refused.status, JSON.stringify(change)).toBe(400);
      expect(JSON.stringify(refused.body)).toMatch(message);
    }
    // A carer who is not on that person's file.
    const wrongCarer = await operator.post(
      '/api/help-requests',
      weeklyShopping({ postedBy: 'carer', personContactId: carerId }),
    );
    expect(wrongCarer.status).toBe(400);
    expect(wrongCarer.body.message).toMatch(/n’est pas enregistré sur la fiche/);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a role that may not, and another organisation’s person or request (404)', async () => {
    const before = await rowCounts();
    expect((await viewer.post('/api/help-requests', weeklyShopping())).status).toBe(403);
    const foreign = await operator.post(
      '/api/help-requests',
      weeklyShopping({ personId: t.fixtures.pB.id }),
    );
    expect(foreign.status).toBe(404);
    expect((await operator.get(`/api/help-requests/${t.fixtures.helpRequestB.id}`)).status).toBe(
      404,
    );
    expect(
      (
        await operator.post(`/api/help-occurrences/${t.fixtures.helpOccurrenceB.id}/cancel`, {
          reason: 'not_needed',
        })
      ).status,
    ).toBe(404);
    expect(
      (await operator.post(`/api/help-requests/${t.fixtures.helpRequestB.id}/end`, {})).status,
    ).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('dates and series', () => {
  it('cancels one date alone with its reason; the others stay', async () => {
    const created = await operator.post('/api/help-requests', weeklyShopping());
    const page = await operator.get(`/api/help-requests/${created.body.id}`);
    const [first, second] = page.body.occurrences;
    const noReason = await operator.post(`/api/help-occurrences/${second.id}/cancel`, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toMatch(/pourquoi cette date est annulée/);
    const cancelled = await operator.post(`/api/help-occurrences/${second.id}/cancel`, {
      reason: 'person_away',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const byId = new Map(cancelled.body.occurrences.map((o: { id: string }) => [o.id, o] as const));
    expect(byId.get(second.id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'person_away',
      cancelledByName: t.fixtures.usersA.operator.displayName,
    });
    expect(byId.get(first.id)).toMatchObject({ status: 'open' });
    const again = await operator.post(`/api/help-occurrences/${second.id}/cancel`, {
      reason: 'person_away',
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Cette date est déjà annulée.');
  });

  it('ends the series: later dates cancelled, the request closed', async () => {
    const created = await operator.post('/api/help-requests', weeklyShopping());
    const lastOn = addDays(today, 8);
    const ended = await coordinator.post(`/api/help-requests/${created.body.id}/end`, { lastOn });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body.status).toBe('closed');
    expect(ended.body.endsOn).toBe(lastOn);
    for (const o of ended.body.occurrences)
      expect(o.status, o.date).toBe(o.date > lastOn ? 'cancelled' : 'open');
    const again = await coordinator.post(`/api/help-requests/${created.body.id}/end`, {});
    expect(again.status).toBe(409);
  });

  it('extends the horizon once a day, across instances (scheduled_runs)', async () => {
    const created = await operator.post('/api/help-requests', weeklyShopping());
    // As if the request had been generated a week less far.
    await t.services.db
      .delete(helpOccurrences)
      .where(
        and(
          eq(helpOccurrences.requestId, created.body.id),
          eq(
            helpOccurrences.date,
            (await operator.get(`/api/help-requests/${created.body.id}`)).body.occurrences.at(-1)
              .date,
          ),
        ),
      );
    await t.services.db
      .update(helpRequests)
      .set({ generatedUntil: addDays(horizonEnd(today), -7) })
      .where(eq(helpRequests.id, created.body.id));
    const day = addDays(today, 0);
    await t.services.db.delete(scheduledRuns).where(eq(scheduledRuns.job, 'help-horizon'));
    const run = await extendAllHorizons(t.services, t.app.log, day);
    expect(run?.created).toBeGreaterThanOrEqual(1);
    expect(await extendAllHorizons(t.services, t.app.log, day)).toBeNull();
    const page = await operator.get(`/api/help-requests/${created.body.id}`);
    expect(page.body.occurrences.length).toBeGreaterThanOrEqual(8);
  });
});

describe('the public page', () => {
  const publicRequest = (overrides: Record<string, unknown> = {}) => ({
    postedBy: 'person',
    seniorName: 'Germaine Petit',
    seniorPhone: '03 44 55 66 77',
    helpKind: 'company',
    urgency: 'normal',
    consentToContact: true,
    place: 'home',
    communeName: 'Beauvais',
    recurrence: 'once',
    startsOn: addDays(today, 4),
    startTime: '14:00',
    endTime: '16:00',
    ...overrides,
  });

  it('takes a request pending review, that staff link to a file (it opens, with its date)', async () => {
    const anonymous = t.client();
    const form = await anonymous.get(
      `/api/public/organisations/${t.fixtures.orgA.id}/help-request-form`,
    );
    expect(form.body.helpKinds).toContainEqual({ code: 'shopping', label: 'Courses' });
    const sent = await anonymous.post(
      `/api/public/organisations/${t.fixtures.orgA.id}/help-requests`,
      publicRequest(),
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const list = await coordinator.get('/api/help-requests?status=pending&pageSize=50');
    const mine = list.body.items.find(
      (r: { personName: string }) => r.personName === 'Germaine Petit',
    );
    expect(mine).toMatchObject({ channel: 'web', status: 'pending', personId: null });
    const linked = await coordinator.post(`/api/help-requests/${mine.id}/person`, {
      personId: t.fixtures.p2.id,
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body).toMatchObject({ status: 'open', personId: t.fixtures.p2.id });
    expect(linked.body.occurrences.map((o: { date: string }) => o.date)).toEqual([
      addDays(today, 4),
    ]);
    const again = await coordinator.post(`/api/help-requests/${mine.id}/person`, {
      personId: t.fixtures.p2.id,
    });
    expect(again.status).toBe(409);
  });

  it('refuses a request without consent or with a date in the past; a honeypot writes nothing', async () => {
    const before = await rowCounts();
    const anonymous = t.client();
    const url = `/api/public/organisations/${t.fixtures.orgA.id}/help-requests`;
    const noConsent = await anonymous.post(url, publicRequest({ consentToContact: false }));
    expect(noConsent.status).toBe(400);
    expect(JSON.stringify(noConsent.body)).toMatch(/accord de la personne/);
    const past = await anonymous.post(url, publicRequest({ startsOn: addDays(today, -2) }));
    expect(past.status).toBe(400);
    const noPhone = await anonymous.post(url, publicRequest({ seniorPhone: null }));
    expect(noPhone.status).toBe(400);
    expect(JSON.stringify(noPhone.body)).toMatch(/votre numéro de téléphone/);
    const robot = await anonymous.post(url, publicRequest({ website: 'http://spam.example' }));
    expect(robot.status).toBe(201);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('the list', () => {
  it('filters by status, kind, urgency and commune, pages, and stays in the organisation', async () => {
    await operator.post('/api/help-requests', weeklyShopping({ urgency: 'urgent' }));
    const urgent = await operator.get('/api/help-requests?urgency=urgent&commune=beau');
    expect(urgent.status).toBe(200);
    expect(urgent.body.items.length).toBeGreaterThan(0);
    for (const item of urgent.body.items) expect(item.urgency).toBe('urgent');
    const page = await operator.get('/api/help-requests?helpKind=shopping&page=1&pageSize=2');
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);
    const none = await operator.get('/api/help-requests?helpKind=gardening');
    expect(none.body).toMatchObject({ items: [], total: 0 });
    const b = await coordinatorB.get('/api/help-requests?pageSize=100');
    expect(b.body.items.map((i: { id: string }) => i.id)).not.toContain(t.fixtures.helpRequestA.id);
    // The request page's read is audited, about the person.
    await operator.get(`/api/help-requests/${t.fixtures.helpRequestA.id}`);
    const [read] = await t.services.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'help_request.read'),
          eq(auditLog.entityId, t.fixtures.helpRequestA.id),
        ),
      );
    expect(read?.subjectId).toBe(t.fixtures.p1.id);
  });
});
