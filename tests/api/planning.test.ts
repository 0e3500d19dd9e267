/**
 * Planning, the visitor's phone and alerts through the API, on the test world: generating a week
 * (in a worker, with progress), moving a visit against every constraint, closures, an absence
 * and its repair, check-in and reports (sent twice, stored once), alerts and their protocol,
 * silences, the iCal feed read back with ical.js, and plan-change e-mails through real SMTP.
 */
import ICAL from 'ical.js';
import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alerts,
  notifications,
  visitorAbsences,
  visitReports,
  visitors,
  visits,
  visitVisitors,
} from '../../src/db/schema.js';
import { addDays, serviceInstant, serviceToday } from '../../src/domain/common/calendar.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';

let t: TestApp;
let smtp: SmtpCapture;
let coordinator: Client;
let planner: Client;
let visitor: Client;

const weekdays = Array.from({ length: 5 }, (_, i) => ({
  weekday: i + 1,
  startTime: '09:00',
  endTime: '17:30',
}));

beforeAll(async () => {
  smtp = await startSmtpCapture();
  // The queue runs: plan-change e-mails go through the outbox and the mail-send job.
  t = await createTestApp({ smtpUrl: smtp.url, planningSeconds: 1 }, {}, { jobs: true });
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
  visitor = await t.login(t.fixtures.usersA.visitor.email);
  for (const v of [t.fixtures.v1, t.fixtures.v2, t.fixtures.v3]) {
    const set = await coordinator.request('PUT', `/api/visitors/${v.id}/availability`, {
      slots: weekdays,
    });
    expect(set.status, JSON.stringify(set.body)).toBeLessThan(300);
  }
  await t.services.db
    .update(visitors)
    .set({ email: 'ines.martin@a.test' })
    .where(eq(visitors.id, t.fixtures.v1.id));
  await t.services.db
    .update(visitors)
    .set({ email: 'hugo.bernard@a.test' })
    .where(eq(visitors.id, t.fixtures.v2.id));
}, 180_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

async function generate(client: Client, weekStart = t.fixtures.nextMonday) {
  const started = await client.post('/api/planning/generate', {
    localServiceId: t.fixtures.ls1.id,
    weekStart,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const seen: number[] = [];
  for (let i = 0; i < 200; i++) {
    const run = await client.get(`/api/planning/runs/${started.body.runId}`);
    expect(run.status).toBe(200);
    seen.push(run.body.progress);
    if (run.body.status !== 'running') return { run: run.body, seen };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the generation did not finish');
}

async function weekOf(client: Client, weekStart = t.fixtures.nextMonday) {
  const week = await client.get(
    `/api/planning/week?localServiceId=${t.fixtures.ls1.id}&weekStart=${weekStart}`,
  );
  expect(week.status, JSON.stringify(week.body)).toBe(200);
  return week.body as {
    visits: {
      id: string;
      date: string;
      startTime: string;
      endTime: string;
      crew: string;
      person: { id: string };
      visitors: { id: string; role: string }[];
    }[];
    days: { date: string; closedReason: string | null }[];
  };
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

describe('generating a week', () => {
  it('refuses a week that does not start on a Monday, in French, and starts nothing', async () => {
    const answer = await planner.post('/api/planning/generate', {
      localServiceId: t.fixtures.ls1.id,
      weekStart: addDays(t.fixtures.nextMonday, 1),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/lundi/);
  });

  it('plans the pair’s visit inside every window, with progress, and e-mails the visitors', async () => {
    const { run } = await generate(planner);
    expect(run.status, JSON.stringify(run)).toBe('done');
    expect(run.progress).toBe(1);
    expect(run.summary.planned).toBe(1);
    expect(run.summary.unplanned).toEqual([]);
    const week = await weekOf(planner);
    expect(week.visits).toHaveLength(1);
    const visit = week.visits[0]!;
    expect(visit.person.id).toBe(t.fixtures.p1.id);
    expect(visit.crew).toBe('pair');
    expect(visit.visitors.map((v) => v.id).sort()).toEqual(
      [t.fixtures.v1.id, t.fixtures.v2.id].sort(),
    );
    const start = minutes(visit.startTime);
    const end = minutes(visit.endTime);
    expect(start).toBeGreaterThanOrEqual(9 * 60);
    expect(end).toBeLessThanOrEqual(17 * 60 + 30);
    expect(start % 15).toBe(0);
    // Not across the lunch break (12:00-13:30 by default).
    expect(end <= 12 * 60 || start >= 13 * 60 + 30).toBe(true);
    const mail = await smtp.waitForMessage((m) => m.envelope.to.includes('ines.martin@a.test'));
    expect(mail.subject).toBe('Votre planning de visites a changé');
    expect(mail.text).toMatch(/Hélène Lefèvre/);
    // The notification is recorded with the change; the e-mail leaves after the commit and its
    // outcome (sent or failed) follows it.
    let recorded: (typeof notifications.$inferSelect)[] = [];
    for (let i = 0; i < 50 && recorded.length === 0; i++) {
      recorded = await t.services.db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.recipient, 'ines.martin@a.test'),
            ne(notifications.status, 'pending'),
          ),
        );
      if (!recorded.length) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(recorded.length).toBeGreaterThanOrEqual(1);
    expect(recorded[0]!.subject).toBe('Votre planning de visites a changé');
    expect(recorded[0]!.status).toBe('sent');
  }, 60_000);

  it('keeps the same slot when the week is generated again (stability), and knows public holidays', async () => {
    const before = (await weekOf(planner)).visits[0]!;
    await generate(planner);
    const after = (await weekOf(planner)).visits[0]!;
    expect({ date: after.date, startTime: after.startTime }).toEqual({
      date: before.date,
      startTime: before.startTime,
    });
    // Christmas 2026 is a Friday: the week of 21 December shows it closed.
    const christmas = await planner.get(
      `/api/planning/week?localServiceId=${t.fixtures.ls1.id}&weekStart=2026-12-21`,
    );
    expect(
      christmas.body.days.find((d: { date: string }) => d.date === '2026-12-25').closedReason,
    ).toBe('Noël');
  }, 60_000);
});

describe('moving and cancelling one visit', () => {
  it('refuses a move into the lunch break, naming the constraint, and changes nothing', async () => {
    const visit = (await weekOf(planner)).visits[0]!;
    const answer = await planner.post(`/api/visits/${visit.id}/move`, {
      date: visit.date,
      startTime: '12:15',
    });
    expect(answer.status).toBe(409);
    expect(answer.body.violations.join(' ')).toMatch(/pause/i);
    const again = (await weekOf(planner)).visits[0]!;
    expect(again.startTime).toBe(visit.startTime);
  });

  it('refuses a closed day, then moves the visit and tells both visitors by e-mail', async () => {
    const visit = (await weekOf(planner)).visits[0]!;
    const tuesday = addDays(t.fixtures.nextMonday, 1);
    const closure = await coordinator.post('/api/planning/closures', {
      date: tuesday,
      reason: 'Journée d’équipe',
      localServiceId: t.fixtures.ls1.id,
    });
    expect(closure.status, JSON.stringify(closure.body)).toBe(201);
    const duplicate = await coordinator.post('/api/planning/closures', {
      date: tuesday,
      reason: 'Encore',
      localServiceId: t.fixtures.ls1.id,
    });
    expect(duplicate.status).toBe(409);
    const refused = await planner.post(`/api/visits/${visit.id}/move`, {
      date: tuesday,
      startTime: '14:00',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.violations.join(' ')).toMatch(/fermé/i);
    expect((await weekOf(planner)).days.find((d) => d.date === tuesday)!.closedReason).toBe(
      'Journée d’équipe',
    );
    const removed = await coordinator.delete(`/api/planning/closures/${closure.body.id}`);
    expect(removed.status).toBe(200);
    const moved = await planner.post(`/api/visits/${visit.id}/move`, {
      date: tuesday,
      startTime: '14:00',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const after = (await weekOf(planner)).visits[0]!;
    expect({ date: after.date, startTime: after.startTime }).toEqual({
      date: tuesday,
      startTime: '14:00',
    });
    const mail = await smtp.waitForMessage(
      (m) => m.envelope.to.includes('hugo.bernard@a.test') && (m.text ?? '').includes('14h00'),
    );
    expect(mail.text).toMatch(/→/);
  });

  it('replaces a visit: the old one stays, cancelled, and a new one takes its place', async () => {
    const visit = (await weekOf(planner)).visits[0]!;
    const replaced = await planner.post(`/api/visits/${visit.id}/move`, {
      date: visit.date,
      startTime: '15:00',
      mode: 'replace',
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.id).not.toBe(visit.id);
    const [old] = await t.services.db.select().from(visits).where(eq(visits.id, visit.id));
    expect(old!.status).toBe('cancelled');
    const [fresh] = await t.services.db
      .select()
      .from(visits)
      .where(eq(visits.id, replaced.body.id));
    expect(fresh!.replacesId).toBe(visit.id);
  });

  it('cancels only with a reason', async () => {
    const visit = (await weekOf(planner)).visits[0]!;
    const noReason = await planner.post(`/api/visits/${visit.id}/cancel`, {});
    expect(noReason.status).toBe(400);
    const cancelled = await planner.post(`/api/visits/${visit.id}/cancel`, {
      reason: 'Rendez-vous médical de la personne',
    });
    expect(cancelled.status).toBe(200);
    expect((await weekOf(planner)).visits).toHaveLength(0);
    const again = await planner.post(`/api/visits/${visit.id}/cancel`, { reason: 'Encore' });
    expect(again.status).toBe(409);
  });
});

describe('an absence and its repair', () => {
  it('proposes the other member with a substitute, lists who to tell, and applies it once accepted', async () => {
    await generate(planner);
    const visit = (await weekOf(planner)).visits[0]!;
    const absence = {
      visitorId: t.fixtures.v2.id,
      from: visit.date,
      to: visit.date,
      kind: 'training',
    };
    const preview = await planner.post('/api/planning/absences/preview', absence);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.changes).toHaveLength(1);
    const change = preview.body.changes[0];
    expect(change.visitId).toBe(visit.id);
    // Solo visits are not allowed by default: Inès keeps the visit with Jeanne, free then.
    expect(change.after.visitorIds.sort()).toEqual([t.fixtures.v1.id, t.fixtures.v3.id].sort());
    expect(change.after.crew).toBe('substitute');
    expect(preview.body.toTell.visitors.map((v: { id: string }) => v.id)).toEqual(
      expect.arrayContaining([t.fixtures.v1.id, t.fixtures.v3.id]),
    );
    // Nothing is written by the preview.
    expect(
      await t.services.db
        .select()
        .from(visitorAbsences)
        .where(eq(visitorAbsences.visitorId, t.fixtures.v2.id)),
    ).toEqual([]);

    const wrong = await planner.post('/api/planning/absences', {
      ...absence,
      changes: [{ visitId: visit.id, after: null }],
    });
    expect(wrong.status).toBe(409);
    expect(
      await t.services.db
        .select()
        .from(visitorAbsences)
        .where(eq(visitorAbsences.visitorId, t.fixtures.v2.id)),
    ).toEqual([]);

    const accepted = await planner.post('/api/planning/absences', {
      ...absence,
      changes: preview.body.changes.map(
        (c: {
          visitId: string;
          after: { date: string; startTime: string; visitorIds: string[] };
        }) => ({
          visitId: c.visitId,
          after: {
            date: c.after.date,
            startTime: c.after.startTime,
            visitorIds: c.after.visitorIds,
          },
        }),
      ),
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    const after = (await weekOf(planner)).visits[0]!;
    expect(after.crew).toBe('substitute');
    expect(after.visitors.find((v) => v.id === t.fixtures.v3.id)!.role).toBe('substitute');
    expect(
      await t.services.db
        .select()
        .from(visitorAbsences)
        .where(eq(visitorAbsences.visitorId, t.fixtures.v2.id)),
    ).toHaveLength(1);

    // The same days again: refused, in the preview and in the acceptance, and nothing written.
    const again = await planner.post('/api/planning/absences/preview', absence);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/déjà déclarée/);
    const acceptedAgain = await planner.post('/api/planning/absences', { ...absence, changes: [] });
    expect(acceptedAgain.status).toBe(409);
    expect(
      await t.services.db
        .select()
        .from(visitorAbsences)
        .where(eq(visitorAbsences.visitorId, t.fixtures.v2.id)),
    ).toHaveLength(1);
  }, 60_000);
});

describe('the visitor’s day, check-in and reports', () => {
  let todayVisitId: string;

  beforeAll(async () => {
    const today = serviceToday();
    const [row] = await t.services.db
      .insert(visits)
      .values({
        organisationId: t.fixtures.orgA.id,
        localServiceId: t.fixtures.ls1.id,
        personId: t.fixtures.p1.id,
        assignmentId: t.fixtures.assignment.id,
        weekStart: addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7)),
        rank: 2,
        date: today,
        // Early in the day: the check-in window (an hour before) is open whenever the test runs.
        startTime: '00:30',
        durationMinutes: 90,
        crew: 'pair',
      })
      .returning();
    todayVisitId = row!.id;
    await t.services.db.insert(visitVisitors).values([
      { visitId: todayVisitId, visitorId: t.fixtures.v1.id },
      { visitId: todayVisitId, visitorId: t.fixtures.v2.id },
    ]);
  });

  it('shows today’s visit with the address, phone and partner, and nothing of another organisation', async () => {
    const day = await visitor.get('/api/me/visits');
    expect(day.status).toBe(200);
    const visit = day.body.visits.find((v: { id: string }) => v.id === todayVisitId);
    expect(visit.person.name).toBe('Hélène Lefèvre');
    expect(visit.person.phones[0].number).toBe('+33612345678');
    expect(visit.partners.map((p: { name: string }) => p.name)).toEqual(['Hugo Bernard']);
    const other = await t.login(t.fixtures.usersB.visitor.email);
    expect((await other.post(`/api/visits/${todayVisitId}/check-in`, {})).status).toBe(404);
  });

  it('follows a visit moved to another day, whichever way its date changes (migration 0017)', async () => {
    const ids = async (date?: string) =>
      (await visitor.get(`/api/me/visits${date ? `?date=${date}` : ''}`)).body.visits.map(
        (v: { id: string }) => v.id,
      );
    const today = serviceToday();
    const tomorrow = addDays(today, 1);
    // A bare UPDATE, as any path that moves a visit does: the copy on visit_visitors follows.
    await t.services.db.update(visits).set({ date: tomorrow }).where(eq(visits.id, todayVisitId));
    expect(await ids()).not.toContain(todayVisitId);
    expect(await ids(tomorrow)).toContain(todayVisitId);
    const week = await visitor.get(`/api/me/visits?date=${addDays(today, -1)}`);
    expect(week.body.upcoming.map((u: { id: string }) => u.id)).toContain(todayVisitId);
    await t.services.db.update(visits).set({ date: today }).where(eq(visits.id, todayVisitId));
    expect(await ids()).toContain(todayVisitId);
    expect(await ids(tomorrow)).not.toContain(todayVisitId);
  });

  it('checks in once, and refuses a report without its duration, storing nothing', async () => {
    const first = await visitor.post(`/api/visits/${todayVisitId}/check-in`, {});
    expect(first.status).toBe(200);
    const second = await visitor.post(`/api/visits/${todayVisitId}/check-in`, {});
    expect(second.body.checkedInAt).toBe(first.body.checkedInAt);
    const bad = await visitor.post(`/api/visits/${todayVisitId}/report`, {
      clientId: crypto.randomUUID(),
      outcome: 'done',
      writtenAt: new Date().toISOString(),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/durée/);
    expect(
      await t.services.db.select().from(visitReports).where(eq(visitReports.visitId, todayVisitId)),
    ).toEqual([]);
  });

  it('stores a "nobody answered" report once even when sent twice, and opens an urgent alert with the protocol', async () => {
    const report = {
      clientId: crypto.randomUUID(),
      outcome: 'no_answer',
      observations: 'Volets fermés, pas de réponse au téléphone.',
      writtenAt: new Date().toISOString(),
    };
    const sent = await visitor.post(`/api/visits/${todayVisitId}/report`, report);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const again = await visitor.post(`/api/visits/${todayVisitId}/report`, report);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: sent.body.id, duplicate: true });
    expect(
      await t.services.db.select().from(visitReports).where(eq(visitReports.visitId, todayVisitId)),
    ).toHaveLength(1);
    const other = await visitor.post(`/api/visits/${todayVisitId}/report`, {
      ...report,
      clientId: crypto.randomUUID(),
    });
    expect(other.status).toBe(409);

    const list = await coordinator.get('/api/alerts?status=active');
    const urgent = list.body.items.find((a: { id: string }) => a.id === sent.body.alertId);
    expect(urgent).toMatchObject({ kind: 'no_answer', severity: 'urgent', status: 'open' });
    expect(list.body.items[0].severity).toBe('urgent');
    const detail = await coordinator.get(`/api/alerts/${urgent.id}`);
    expect(detail.body.checklist.map((s: { key: string }) => s.key)).toEqual([
      'call_person',
      'call_contact',
      'call_coordinator',
      'call_emergency',
    ]);

    // Another service's coordinator does not see it.
    expect(
      (await (await t.login(t.fixtures.coordinatorLs2.email)).get(`/api/alerts/${urgent.id}`))
        .status,
    ).toBe(404);

    const take = await coordinator.patch(`/api/alerts/${urgent.id}`, {
      ownerId: t.fixtures.usersA.coordinator.id,
    });
    expect(take.status).toBe(200);
    const tick = await coordinator.patch(`/api/alerts/${urgent.id}`, {
      checklist: { key: 'call_person', done: true },
    });
    expect(tick.status).toBe(200);
    const unknownStep = await coordinator.patch(`/api/alerts/${urgent.id}`, {
      checklist: { key: 'dance', done: true },
    });
    expect(unknownStep.status).toBe(400);
    const noOutcome = await coordinator.post(`/api/alerts/${urgent.id}/close`, {});
    expect(noOutcome.status).toBe(400);
    const closed = await coordinator.post(`/api/alerts/${urgent.id}/close`, {
      outcome: 'La fille de Mme Lefèvre l’a trouvée chez elle, elle va bien.',
    });
    expect(closed.status).toBe(200);
    const history = await coordinator.get(`/api/alerts/${urgent.id}`);
    expect(history.body.status).toBe('closed');
    expect(history.body.checklist[0].doneAt).not.toBeNull();
    expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'assigned',
      'checklist',
      'closed',
    ]);
    expect(
      (await coordinator.patch(`/api/alerts/${urgent.id}`, { note: 'trop tard' })).status,
    ).toBe(409);
  });

  it('turns a concern into an alert of its severity', async () => {
    const [row] = await t.services.db
      .insert(visits)
      .values({
        organisationId: t.fixtures.orgA.id,
        localServiceId: t.fixtures.ls1.id,
        personId: t.fixtures.p1.id,
        weekStart: addDays(serviceToday(), -7),
        date: addDays(serviceToday(), -1),
        startTime: '15:00',
        durationMinutes: 60,
        crew: 'pair',
      })
      .returning();
    await t.services.db
      .insert(visitVisitors)
      .values({ visitId: row!.id, visitorId: t.fixtures.v1.id });
    const sent = await visitor.post(`/api/visits/${row!.id}/report`, {
      clientId: crypto.randomUUID(),
      outcome: 'done',
      durationMinutes: 75,
      activities: ['conversation', 'games'],
      mood: 'low',
      concern: 'Réfrigérateur vide, elle dit ne plus faire ses courses.',
      concernSeverity: 'high',
      writtenAt: new Date().toISOString(),
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const [alert] = await t.services.db
      .select()
      .from(alerts)
      .where(eq(alerts.id, sent.body.alertId));
    expect(alert).toMatchObject({
      kind: 'concern',
      severity: 'high',
      status: 'open',
      personId: t.fixtures.p1.id,
    });
    const [stored] = await t.services.db.select().from(visits).where(eq(visits.id, row!.id));
    expect(stored!.status).toBe('done');
  });
});

describe('silences', () => {
  it('raises an alert for visits left unreported, once while it is open', async () => {
    const old = addDays(serviceToday(), -5);
    const [row] = await t.services.db
      .insert(visits)
      .values({
        organisationId: t.fixtures.orgA.id,
        localServiceId: t.fixtures.ls1.id,
        personId: t.fixtures.p1.id,
        weekStart: old,
        date: old,
        startTime: '10:00',
        durationMinutes: 60,
        crew: 'pair',
      })
      .returning();
    await t.services.db
      .insert(visitVisitors)
      .values({ visitId: row!.id, visitorId: t.fixtures.v2.id });
    const first = await coordinator.post('/api/alerts/scan', {});
    expect(first.status).toBe(200);
    expect(first.body.raised).toBeGreaterThanOrEqual(1);
    const raised = await t.services.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.kind, 'unreported_visits'), eq(alerts.visitorId, t.fixtures.v2.id)));
    expect(raised).toHaveLength(1);
    const second = await coordinator.post('/api/alerts/scan', {});
    expect(second.body.raised).toBe(0);
  });

  it('raises an alert for a followed person with no visit done for the set time', async () => {
    // Marcel becomes followed by the pair a month ago, with no visit since.
    const { assignments } = await import('../../src/db/schema.js');
    const { statusChanges } = await import('../../src/db/schema.js');
    await t.services.db.insert(statusChanges).values([
      {
        personId: t.fixtures.p2.id,
        fromStatus: 'referred',
        toStatus: 'evaluated',
        effectiveDate: '2025-02-01',
      },
      {
        personId: t.fixtures.p2.id,
        fromStatus: 'evaluated',
        toStatus: 'waiting',
        effectiveDate: '2025-02-02',
      },
      {
        personId: t.fixtures.p2.id,
        fromStatus: 'waiting',
        toStatus: 'active',
        effectiveDate: '2025-02-03',
      },
    ]);
    await t.services.db.insert(assignments).values({
      organisationId: t.fixtures.orgA.id,
      personId: t.fixtures.p2.id,
      pairId: t.fixtures.pair.id,
      startedOn: addDays(serviceToday(), -30),
    });
    await coordinator.post('/api/alerts/scan', {});
    const raised = await t.services.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.kind, 'silent_person'), eq(alerts.personId, t.fixtures.p2.id)));
    expect(raised).toHaveLength(1);
    expect(raised[0]!.title).toMatch(/14 jours : Marcel Durand/);
  });
});

describe('the visitor’s calendar feed', () => {
  it('serves the visits through a secret link that a real iCalendar parser reads, until revoked', async () => {
    const created = await visitor.post('/api/me/calendar', {});
    expect(created.status).toBe(201);
    const path = new URL(created.body.url).pathname;
    const feed = await t.client().get(path);
    expect(feed.status).toBe(200);
    expect(feed.raw.headers['content-type']).toMatch(/text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(feed.raw.body));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const today = events.find(
      (e) =>
        e.summary === 'Visite chez Hélène Lefèvre' &&
        e.startDate.toJSDate().getTime() === serviceInstant(serviceToday(), 30).getTime(), // 00:30
    );
    expect(
      today,
      events.map((e) => `${e.summary} ${e.startDate.toString()}`).join('\n'),
    ).toBeDefined();
    expect(today!.endDate.toJSDate().getTime() - today!.startDate.toJSDate().getTime()).toBe(
      90 * 60_000,
    );
    expect(today!.location).toMatch(/Beauvais/);
    expect(feed.raw.body).not.toContain('+33612345678');

    const replaced = await visitor.post('/api/me/calendar', {});
    expect((await t.client().get(path)).status).toBe(404);
    const revoked = await visitor.delete('/api/me/calendar');
    expect(revoked.status).toBe(200);
    expect((await t.client().get(new URL(replaced.body.url).pathname)).status).toBe(404);
    expect((await visitor.get('/api/me/calendar')).body.active).toBe(false);
  });
});
