/**
 * « À faire » (GET /api/todo) and the callbacks worklist (GET /api/contacts/callbacks): each
 * section appears and disappears as its rows change, another organisation's rows never appear,
 * a user of one local service sees only it, the people named are recorded as read, and the
 * number of statements does not grow with the rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  alerts,
  assignments,
  auditLog,
  contactLog,
  people,
  visitorDocuments,
  visitorJourneySteps,
  visitors,
  visits,
} from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let planner: Client;
let operator: Client;
let coordinatorLs2: Client;
let coordinatorB: Client;
let counting = false;
let statements = 0;
const today = serviceToday();

beforeAll(async () => {
  t = await createTestApp({}, {}, { onQuery: () => void (counting && statements++) });
  const f = t.fixtures;
  coordinator = await t.login(f.usersA.coordinator.email);
  planner = await t.login(f.usersA.planner.email);
  operator = await t.login(f.usersA.operator.email);
  coordinatorLs2 = await t.login(f.coordinatorLs2.email);
  coordinatorB = await t.login(f.usersB.coordinator.email);
}, 600_000);
afterAll(async () => {
  await t?.close();
});

type Section = {
  key: string;
  heading: string;
  total: number;
  flagged: number;
  lines: { id: string; subjectId: string; href: string; urgency: string; name: string }[];
};

async function todo(client: Client, query = '') {
  const response = await client.get(`/api/todo${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { sections: Section[]; hasMore: boolean };
}
async function section(client: Client, key: string, query = '') {
  const body = await todo(client, query);
  return body.sections.find((s) => s.key === key);
}
const ids = (s: Section | undefined) => (s?.lines ?? []).map((l) => l.id);

async function callback(values: {
  organisationId?: string;
  personId?: string | null;
  visitorId?: string | null;
  ownerId: string;
  on: string;
  localServiceId?: string | null;
}) {
  const f = t.fixtures;
  const [row] = await t.services.db
    .insert(contactLog)
    .values({
      organisationId: values.organisationId ?? f.orgA.id,
      localServiceId: values.localServiceId ?? null,
      personId: values.personId ?? null,
      visitorId: values.visitorId ?? null,
      channel: 'call_out',
      outcome: 'no_answer',
      occurredAt: new Date(Date.now() - 86_400_000),
      callbackOn: values.on,
      callbackOwnerId: values.ownerId,
    })
    .returning();
  return row!;
}

describe('À faire', () => {
  it('shows a callback due today or late to its owner, late first, and drops it once done', async () => {
    const f = t.fixtures;
    const late = await callback({
      personId: f.p1.id,
      ownerId: f.usersA.coordinator.id,
      on: addDays(today, -3),
    });
    const due = await callback({
      visitorId: f.v3.id,
      ownerId: f.usersA.coordinator.id,
      on: today,
    });
    const later = await callback({
      personId: f.p2.id,
      ownerId: f.usersA.coordinator.id,
      on: addDays(today, 2),
    });
    const planners = await callback({
      personId: f.p2.id,
      ownerId: f.usersA.planner.id,
      on: today,
    });
    const foreign = await callback({
      organisationId: f.orgB.id,
      personId: f.pB.id,
      ownerId: f.usersB.coordinator.id,
      on: today,
    });

    const mine = await section(coordinator, 'callbacks');
    expect(ids(mine)).toEqual([late.id, due.id]);
    expect(mine!.heading).toBe('2 appels à rendre, dont 1 en retard');
    expect(mine!.lines[0]).toMatchObject({
      urgency: 'overdue',
      href: `/personnes/${f.p1.id}`,
      name: 'Hélène Lefèvre',
      phone: '+33612345678',
    });
    expect(mine!.lines[0]).toHaveProperty('lastContact.channel', 'call_out');
    expect(mine!.lines[1]).toMatchObject({ href: `/visiteurs/${f.v3.id}`, urgency: 'today' });
    expect(ids(mine)).not.toContain(later.id);

    // The whole service: the planner's too; never organisation B's.
    const everyone = await section(coordinator, 'callbacks', '?all=1');
    expect(ids(everyone)).toEqual(expect.arrayContaining([late.id, due.id, planners.id]));
    expect(ids(everyone)).not.toContain(foreign.id);
    expect(ids(await section(planner, 'callbacks'))).toEqual([planners.id]);
    expect(ids(await section(coordinatorB, 'callbacks'))).toEqual([foreign.id]);

    // The person read is recorded.
    const traces = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'todo.read'), eq(auditLog.subjectId, f.p1.id)));
    expect(traces.length).toBeGreaterThan(0);

    for (const row of [late, due, later, planners, foreign])
      await t.services.db
        .update(contactLog)
        .set({ callbackDoneAt: new Date() })
        .where(eq(contactLog.id, row.id));
    const after = await section(coordinator, 'callbacks');
    expect(after!.total).toBe(0);
    expect(after!.heading).toBe('Aucun appel à rendre.');
  });

  it('keeps a user of one local service to that service', async () => {
    const f = t.fixtures;
    // A callback about a person of service 1, owned by the coordinator of service 2.
    const elsewhere = await callback({
      personId: f.p1.id,
      ownerId: f.coordinatorLs2.id,
      on: today,
    });
    const own = await callback({ personId: f.p3.id, ownerId: f.coordinatorLs2.id, on: today });
    expect(ids(await section(coordinatorLs2, 'callbacks'))).toEqual([own.id]);
    expect(ids(await section(coordinator, 'callbacks', '?all=1'))).toContain(elsewhere.id);
    await t.services.db
      .update(contactLog)
      .set({ callbackDoneAt: new Date() })
      .where(eq(contactLog.organisationId, f.orgA.id));
  });

  it('shows the first meetings the user attends, in the next two weeks', async () => {
    const f = t.fixtures;
    const [visit] = await t.services.db
      .insert(visits)
      .values({
        organisationId: f.orgA.id,
        localServiceId: f.ls1.id,
        personId: f.p2.id,
        weekStart: today,
        date: addDays(today, 3),
        startTime: '14:30',
        durationMinutes: 60,
        crew: 'pair',
        staffUserId: f.usersA.coordinator.id,
        purpose: 'first_meeting',
      })
      .returning();
    const meetings = await section(coordinator, 'firstMeetings');
    expect(ids(meetings)).toEqual([visit!.id]);
    expect(meetings!.lines[0]).toMatchObject({
      href: `/personnes/${f.p2.id}#suivi-appariement`,
      time: '14:30',
      urgency: 'soon',
    });
    expect(ids(await section(planner, 'firstMeetings'))).toEqual([]);
    expect(ids(await section(coordinatorB, 'firstMeetings'))).toEqual([]);
    await t.services.db.update(visits).set({ status: 'done' }).where(eq(visits.id, visit!.id));
    expect((await section(coordinator, 'firstMeetings'))!.total).toBe(0);
  });

  it('shows trials ending within the week and reviews due within the month', async () => {
    const f = t.fixtures;
    const db = t.services.db;
    await db
      .update(assignments)
      .set({ stage: 'trial', trialEndsOn: addDays(today, -1), nextReviewOn: null })
      .where(eq(assignments.id, f.assignment.id));
    const trials = await section(coordinator, 'trials');
    expect(ids(trials)).toEqual([f.assignment.id]);
    expect(trials!.heading).toBe('1 fin d’essai, dont 1 dépassée');
    expect(trials!.lines[0]).toMatchObject({ href: `/personnes/${f.p1.id}#suivi-appariement` });
    expect(ids(await section(coordinatorLs2, 'trials'))).toEqual([]);

    await db
      .update(assignments)
      .set({ stage: 'confirmed', trialEndsOn: null, nextReviewOn: addDays(today, 20) })
      .where(eq(assignments.id, f.assignment.id));
    expect((await section(coordinator, 'trials'))!.total).toBe(0);
    const reviews = await section(coordinator, 'reviews');
    expect(ids(reviews)).toEqual([f.assignment.id]);
    expect(reviews!.heading).toBe('1 bilan à faire');

    await db
      .update(assignments)
      .set({ nextReviewOn: addDays(today, 200) })
      .where(eq(assignments.id, f.assignment.id));
    expect((await section(coordinator, 'reviews'))!.total).toBe(0);
  });

  it('shows documents expiring or expired, the latest of each kind only', async () => {
    const f = t.fixtures;
    const db = t.services.db;
    const [old] = await db
      .insert(visitorDocuments)
      .values({
        organisationId: f.orgA.id,
        visitorId: f.v3.id,
        kind: 'insurance',
        receivedOn: addDays(today, -400),
        expiresOn: addDays(today, -5),
      })
      .returning();
    const expiring = await section(coordinator, 'documentsExpiring');
    expect(ids(expiring)).toEqual([old!.id]);
    expect(expiring!.heading).toBe('1 document à renouveler, dont 1 expiré');
    expect(expiring!.lines[0]).toMatchObject({
      href: `/visiteurs/${f.v3.id}#parcours`,
      label: 'Attestation d’assurance responsabilité civile',
    });
    // Renewed: the old one no longer counts.
    await db.insert(visitorDocuments).values({
      organisationId: f.orgA.id,
      visitorId: f.v3.id,
      kind: 'insurance',
      receivedOn: addDays(today, -1),
      expiresOn: addDays(today, 360),
    });
    expect((await section(coordinator, 'documentsExpiring'))!.total).toBe(0);
  });

  it('counts active visitors missing a required document', async () => {
    const f = t.fixtures;
    const db = t.services.db;
    // v3 has a valid insurance (the test above); the fixtures' charter is taken away.
    await db
      .delete(visitorDocuments)
      .where(and(eq(visitorDocuments.visitorId, f.v3.id), eq(visitorDocuments.kind, 'charter')));
    const missing = await section(coordinator, 'documentsMissing');
    expect(ids(missing)).toEqual(expect.arrayContaining([f.v1.id, f.v2.id]));
    const v3 = missing!.lines.find((l) => l.id === f.v3.id) as unknown as { label: string };
    expect(v3.label).toBe('Charte du bénévole signée');
    await db.insert(visitorDocuments).values({
      organisationId: f.orgA.id,
      visitorId: f.v3.id,
      kind: 'charter',
      receivedOn: addDays(today, -1),
    });
    expect(ids(await section(coordinator, 'documentsMissing'))).not.toContain(f.v3.id);
    expect(ids(await section(coordinatorB, 'documentsMissing'))).not.toContain(f.v3.id);
  });

  it('shows suspensions ending soon and applications waiting for a week', async () => {
    const f = t.fixtures;
    const db = t.services.db;
    await db
      .update(visitors)
      .set({ journeyStage: 'suspended', suspendedReason: 'Congé', suspendedUntil: today })
      .where(eq(visitors.id, f.v3.id));
    const suspensions = await section(coordinator, 'suspensionsEnding');
    expect(ids(suspensions)).toEqual([f.v3.id]);
    expect(suspensions!.lines[0]).toMatchObject({ href: `/visiteurs/${f.v3.id}#parcours` });
    await db.update(visitors).set({ journeyStage: 'active' }).where(eq(visitors.id, f.v3.id));
    expect((await section(coordinator, 'suspensionsEnding'))!.total).toBe(0);

    const [applicant] = await db
      .insert(visitors)
      .values({
        organisationId: f.orgA.id,
        localServiceId: f.ls1.id,
        kind: 'volunteer',
        firstName: 'Agathe',
        lastName: 'Candidate',
        mobility: 'car',
        maxTripMinutes: 20,
        journeyStage: 'applied',
        appliedOn: addDays(today, -10),
        applicationSource: 'web',
      })
      .returning();
    const waiting = await section(coordinator, 'applications');
    expect(ids(waiting)).toEqual([applicant!.id]);
    expect(waiting!.heading).toBe('1 candidature en attente');
    expect(ids(await section(coordinatorLs2, 'applications'))).toEqual([]);
    await db.insert(visitorJourneySteps).values({
      organisationId: f.orgA.id,
      visitorId: applicant!.id,
      toStage: 'interview',
      effectiveOn: today,
    });
    await db
      .update(visitors)
      .set({ journeyStage: 'interview' })
      .where(eq(visitors.id, applicant!.id));
    expect((await section(coordinator, 'applications'))!.total).toBe(0);
  });

  it('shows open alerts, mine or unassigned, urgent first, and drops them once closed', async () => {
    const f = t.fixtures;
    const db = t.services.db;
    const [urgent] = await db
      .insert(alerts)
      .values({
        organisationId: f.orgA.id,
        localServiceId: f.ls1.id,
        kind: 'no_answer',
        severity: 'urgent',
        title: 'Personne ne répond : Marcel Durand',
        personId: f.p2.id,
      })
      .returning();
    const [others] = await db
      .insert(alerts)
      .values({
        organisationId: f.orgA.id,
        localServiceId: f.ls1.id,
        kind: 'concern',
        severity: 'high',
        title: 'Inquiétude',
        ownerId: f.usersA.admin.id,
      })
      .returning();
    const open = await section(coordinator, 'alerts');
    expect(ids(open)[0]).toBe(urgent!.id);
    expect(ids(open)).toContain(f.alertA.id);
    expect(ids(open)).not.toContain(others!.id);
    expect(open!.lines[0]).toMatchObject({ href: `/alertes/${urgent!.id}`, urgency: 'overdue' });
    expect(open!.heading).toMatch(/, dont 1 urgente$/);
    expect(ids(await section(coordinator, 'alerts', '?all=1'))).toContain(others!.id);
    expect(ids(await section(coordinatorB, 'alerts'))).not.toContain(urgent!.id);
    await db.update(alerts).set({ status: 'closed' }).where(eq(alerts.id, urgent!.id));
    expect(ids(await section(coordinator, 'alerts'))).not.toContain(urgent!.id);
  });

  it('shows each role the sections it can act on, and the whole service only to coordinators', async () => {
    const keys = async (client: Client) => (await todo(client)).sections.map((s) => s.key);
    expect(await keys(operator)).toEqual(['callbacks']);
    expect(await keys(planner)).not.toContain('alerts');
    expect(await keys(coordinator)).toEqual([
      'callbacks',
      'alerts',
      'firstMeetings',
      'trials',
      'reviews',
      'documentsExpiring',
      'documentsMissing',
      'suspensionsEnding',
      'applications',
    ]);
    expect((await planner.get('/api/todo?all=1')).status).toBe(403);
    expect((await operator.get('/api/todo?section=alerts')).status).toBe(403);
    expect((await coordinator.get('/api/todo?section=nothing')).status).toBe(400);
    const visitor = await t.login(t.fixtures.usersA.visitor.email);
    expect((await visitor.get('/api/todo')).status).toBe(403);
  });

  it('pages one whole section', async () => {
    const f = t.fixtures;
    const rows = [];
    for (let i = 0; i < 7; i++)
      rows.push(
        await callback({
          personId: f.p1.id,
          ownerId: f.usersA.coordinator.id,
          on: addDays(today, -i),
        }),
      );
    const home = await section(coordinator, 'callbacks');
    expect(home!.total).toBe(7);
    expect(home!.lines).toHaveLength(5);
    const whole = await todo(coordinator, '?section=callbacks');
    expect(whole.sections).toHaveLength(1);
    expect(whole.sections[0]!.lines).toHaveLength(7);
    expect(whole.sections[0]!.lines[0]!.id).toBe(rows[6]!.id);
    expect(whole.hasMore).toBe(false);
  });

  it('sends the same number of statements with more rows', async () => {
    const f = t.fixtures;
    const measure = async () => {
      statements = 0;
      counting = true;
      try {
        await todo(coordinator, '?all=1');
      } finally {
        counting = false;
      }
      return statements;
    };
    const before = await measure();
    for (let i = 0; i < 10; i++) {
      await callback({ personId: f.p2.id, ownerId: f.usersA.coordinator.id, on: today });
      await t.services.db.insert(visitorDocuments).values({
        organisationId: f.orgA.id,
        visitorId: f.v1.id,
        kind: `doc${i}`,
        receivedOn: addDays(today, -30),
        expiresOn: addDays(today, i),
      });
    }
    const after = await measure();
    expect(after).toBe(before);
    // session, settings, nine sections, the audit of the people named
    expect(after).toBeLessThanOrEqual(12);
  });
});

describe('the callbacks worklist', () => {
  it('lists my callbacks, late first, paged; a coordinator may look at a colleague’s', async () => {
    const f = t.fixtures;
    const db = t.services.db;
    await db.update(contactLog).set({ callbackDoneAt: new Date() });
    const a = await callback({ personId: f.p1.id, ownerId: f.usersA.operator.id, on: today });
    const b = await callback({
      personId: f.p2.id,
      ownerId: f.usersA.operator.id,
      on: addDays(today, -2),
    });
    const c = await callback({
      personId: f.p2.id,
      ownerId: f.usersA.operator.id,
      on: addDays(today, 4),
    });
    const mine = await operator.get('/api/contacts/callbacks?pageSize=1');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      total: 2,
      overdue: 1,
      heading: '2 appels à rendre, dont 1 en retard',
    });
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([b.id]);
    const second = await operator.get('/api/contacts/callbacks?pageSize=1&page=2');
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const coming = await operator.get('/api/contacts/callbacks?when=all');
    expect(coming.body.items.map((i: { id: string }) => i.id)).toEqual([b.id, a.id, c.id]);

    const colleague = await coordinator.get(
      `/api/contacts/callbacks?ownerId=${f.usersA.operator.id}`,
    );
    expect(colleague.status).toBe(200);
    expect(colleague.body.items.map((i: { id: string }) => i.id)).toEqual([b.id, a.id]);
    expect(colleague.body.items[0]).toMatchObject({
      ownerName: f.usersA.operator.displayName,
      href: `/personnes/${f.p2.id}`,
      urgency: 'overdue',
    });
    expect(
      (await operator.get(`/api/contacts/callbacks?ownerId=${f.usersA.coordinator.id}`)).status,
    ).toBe(403);
    expect(
      (await coordinator.get(`/api/contacts/callbacks?ownerId=${f.usersB.coordinator.id}`)).status,
    ).toBe(404);
    expect(
      (await coordinatorB.get(`/api/contacts/callbacks?all=1`)).body.items.map(
        (i: { id: string }) => i.id,
      ),
    ).not.toContain(a.id);
    expect((await coordinator.get('/api/contacts/callbacks?when=soon')).status).toBe(400);
  });

  it('leaves out a callback about an erased person', async () => {
    const f = t.fixtures;
    const db = t.services.db;
    await db.update(contactLog).set({ callbackDoneAt: new Date() });
    const row = await callback({ personId: f.p2.id, ownerId: f.usersA.operator.id, on: today });
    expect((await operator.get('/api/contacts/callbacks')).body.total).toBe(1);
    await db.update(people).set({ erasedAt: new Date() }).where(eq(people.id, f.p2.id));
    const after = await operator.get('/api/contacts/callbacks');
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(row.id);
    await db.update(people).set({ erasedAt: null }).where(eq(people.id, f.p2.id));
  });
});
