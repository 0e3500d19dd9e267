/**
 * Planning's writes through the one write mechanism: what each leaves in the audit trail. A
 * generation leaves one row per visit it deletes or creates (naming the visit's person), all under
 * the plan run's batch and attributed to the user who started it; a move, a replacement, a
 * cancellation, a closure created and deleted, and an accepted absence repair each leave exactly
 * their rows (the visitors told are on the same trail, their e-mails' outcomes recorded after the
 * commit); a refused write leaves neither data nor audit.
 */
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  notifications,
  planRuns,
  serviceClosures,
  visitorAbsences,
  visitors,
  visits,
  visitVisitors,
} from '../../src/db/schema.js';
import { addDays } from '../../src/domain/common/calendar.js';
import type { Mailer, OutgoingMail } from '../../src/server/mail/mailer.js';
import { pendingRuns } from '../../src/server/planning/service.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let planner: Client;
let visitor: Client;

/** The e-mails that left, and the addresses the mail server refuses. */
const sent: OutgoingMail[] = [];
const refusedAddresses = new Set<string>();
const mailer: Mailer = {
  async send(mail) {
    if (refusedAddresses.has(mail.to)) throw new Error('550 boîte inconnue');
    sent.push(mail);
    return `<${sent.length}@test>`;
  },
};

const weekdays = Array.from({ length: 5 }, (_, i) => ({
  weekday: i + 1,
  startTime: '09:00',
  endTime: '17:30',
}));

beforeAll(async () => {
  t = await createTestApp({ planningSeconds: 1 }, { mailer });
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
  visitor = await t.login(t.fixtures.usersA.visitor.email);
  for (const v of [t.fixtures.v1, t.fixtures.v2, t.fixtures.v3]) {
    const set = await coordinator.request('PUT', `/api/visitors/${v.id}/availability`, {
      slots: weekdays,
    });
    expect(set.status, JSON.stringify(set.body)).toBeLessThan(300);
  }
  // Two of the pair's visitors have an address: they are told of changes by e-mail.
  await t.services.db
    .update(visitors)
    .set({ email: 'ines.martin@a.test' })
    .where(eq(visitors.id, t.fixtures.v1.id));
  await t.services.db
    .update(visitors)
    .set({ email: 'hugo.bernard@a.test' })
    .where(eq(visitors.id, t.fixtures.v2.id));
}, 300_000);
afterAll(async () => t?.close());

type AuditRow = typeof auditLog.$inferSelect;

/** The last audit row's id: what a step adds is what comes after it. */
async function mark() {
  const rows = await t.services.db.select({ id: auditLog.id }).from(auditLog);
  return rows.reduce((max, r) => (r.id > max ? r.id : max), 0);
}
async function writesSince(since: number): Promise<AuditRow[]> {
  return t.services.db
    .select()
    .from(auditLog)
    .where(and(gt(auditLog.id, since), eq(auditLog.kind, 'write')))
    .orderBy(asc(auditLog.id));
}
const summary = (rows: AuditRow[]) => rows.map((r) => `${r.action} ${r.entityType}`).sort();

async function generate(client: Client, weekStart = t.fixtures.nextMonday) {
  const started = await client.post('/api/planning/generate', {
    localServiceId: t.fixtures.ls1.id,
    weekStart,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  for (let i = 0; i < 600; i++) {
    const run = await client.get(`/api/planning/runs/${started.body.runId}`);
    if (run.body.status !== 'running') {
      // The e-mails leave after the run's commit: wait for their outcomes too.
      await Promise.allSettled([...pendingRuns]);
      return run.body as { id: string; status: string };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the generation did not finish');
}

async function plannedVisits() {
  return t.services.db
    .select()
    .from(visits)
    .where(
      and(
        eq(visits.localServiceId, t.fixtures.ls1.id),
        eq(visits.weekStart, t.fixtures.nextMonday),
        eq(visits.status, 'planned'),
      ),
    );
}
async function notificationCount() {
  return (await t.services.db.select({ id: notifications.id }).from(notifications)).length;
}

describe('a generation', () => {
  it('leaves one audit row per visit deleted or created, naming its person, under the run’s batch, as the user who started it', async () => {
    const replaced = await plannedVisits();
    expect(replaced.map((v) => v.id)).toContain(t.fixtures.visitA.id);
    const since = await mark();
    const notificationsBefore = await notificationCount();
    const run = await generate(planner);
    expect(run.status).toBe('done');
    const created = await t.services.db.select().from(visits).where(eq(visits.planRunId, run.id));
    expect(created.length).toBeGreaterThanOrEqual(1);

    const batch = await t.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.batchId, run.id))
      .orderBy(asc(auditLog.id));
    const visitRows = batch.filter((r) => r.entityType === 'visit');
    for (const visit of created) {
      const rows = visitRows.filter((r) => r.entityId === visit.id);
      expect(rows, `one row for visit ${visit.id}`).toHaveLength(1);
      expect(rows[0]!.subjectId).toBe(visit.personId);
      expect(rows[0]!.diff).toMatchObject({ status: [null, 'planned'], date: [null, visit.date] });
    }
    for (const visit of replaced) {
      const rows = visitRows.filter((r) => r.entityId === visit.id);
      expect(rows, `one row for deleted visit ${visit.id}`).toHaveLength(1);
      expect(rows[0]!.subjectId).toBe(visit.personId);
      expect(rows[0]!.diff).toMatchObject({ id: [visit.id, null] });
    }
    expect(visitRows).toHaveLength(created.length + replaced.length);
    // Every row of the run: attributed to the planner, under the route's action; the writes after
    // the request say they ran in the background.
    expect(new Set(batch.map((r) => r.userId))).toEqual(new Set([t.fixtures.usersA.planner.id]));
    expect(new Set(batch.map((r) => r.action))).toEqual(new Set(['planning.generate']));
    const runRows = batch.filter((r) => r.entityType === 'plan_run');
    expect(runRows.map((r) => (r.diff as Record<string, unknown>).status)).toEqual([
      [null, 'running'],
      ['running', 'done'],
    ]);
    expect(runRows.map((r) => r.source)).toEqual([null, 'job:planning']);
    expect(visitRows.every((r) => r.source === 'job:planning')).toBe(true);
    // The visitors told are on the run's trail, their e-mails in the outbox; the mail-send job
    // records each one's outcome after the run (here sent by the job's code, no queue running).
    const recorded = (await notificationCount()) - notificationsBefore;
    expect(recorded).toBeGreaterThanOrEqual(1);
    expect(batch.filter((r) => r.entityType === 'notification')).toHaveLength(recorded);
    expect(batch).toHaveLength(2 + visitRows.length + recorded);
    expect(await t.deliverMail()).toEqual({ sent: recorded, failed: 0 });
    const after = await writesSince(since);
    const delivered = after.filter((r) => r.action === 'notification.deliver');
    expect(delivered).toHaveLength(recorded);
    expect(
      delivered.every(
        (r) =>
          r.batchId === null &&
          r.source === 'job:mail-send' &&
          (r.diff as Record<string, unknown>).status?.toString() === 'pending,sent',
      ),
    ).toBe(true);
    const mails = after.filter((r) => r.action === 'mail.deliver');
    expect(mails).toHaveLength(recorded);
    expect(mails.every((r) => r.entityType === 'outbox_mail' && r.userId === null)).toBe(true);
  }, 300_000);
});

describe('one visit', () => {
  it('a move leaves the visit’s row (its person named) and the two visitors told, and nothing else', async () => {
    const [visit] = await plannedVisits();
    // Somewhere else than where the planner put it.
    const tuesday = addDays(
      t.fixtures.nextMonday,
      visit!.date === addDays(t.fixtures.nextMonday, 1) ? 2 : 1,
    );
    const since = await mark();
    const moved = await planner.post(`/api/visits/${visit!.id}/move`, {
      date: tuesday,
      startTime: '14:00',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await t.deliverMail();
    const rows = await writesSince(since);
    expect(summary(rows)).toEqual(
      [
        'mail.deliver outbox_mail',
        'mail.deliver outbox_mail',
        'notification.deliver notification',
        'notification.deliver notification',
        'visit.move notification',
        'visit.move notification',
        'visit.move visit',
      ].sort(),
    );
    const row = rows.find((r) => r.entityType === 'visit')!;
    expect(row.entityId).toBe(visit!.id);
    expect(row.subjectId).toBe(visit!.personId);
    expect(row.userId).toBe(t.fixtures.usersA.planner.id);
    expect(row.diff).toMatchObject({
      date: [visit!.date, tuesday],
      startTime: [visit!.startTime, '14:00:00'],
    });
    expect(
      rows
        .filter((r) => r.entityType === 'notification' && r.action === 'visit.move')
        .every((r) => r.subjectId === null),
    ).toBe(true);
  });

  it('a replacement leaves the old visit cancelled and the new one created, both naming the person', async () => {
    const [visit] = await plannedVisits();
    const since = await mark();
    const replaced = await planner.post(`/api/visits/${visit!.id}/move`, {
      date: visit!.date,
      startTime: '15:00',
      mode: 'replace',
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const rows = (await writesSince(since)).filter((r) => r.entityType === 'visit');
    expect(rows.map((r) => [r.action, r.entityId, r.subjectId])).toEqual([
      ['visit.replace', visit!.id, visit!.personId],
      ['visit.replace', replaced.body.id, visit!.personId],
    ]);
    expect(rows[0]!.diff).toMatchObject({ status: ['planned', 'cancelled'] });
    expect(rows[1]!.diff).toMatchObject({
      replacesId: [null, visit!.id],
      visitors: [null, expect.any(Array)],
    });
  });

  it('a cancellation leaves the visit’s row and the visitors told; an e-mail refused is recorded as failed', async () => {
    const [visit] = await plannedVisits();
    await t.deliverMail(); // the e-mails of the tests before
    const since = await mark();
    const sentBefore = sent.length;
    refusedAddresses.add('hugo.bernard@a.test');
    const cancelled = await planner.post(`/api/visits/${visit!.id}/cancel`, {
      reason: 'Rendez-vous médical de la personne',
    });
    expect(cancelled.status).toBe(200);
    // The job's last attempt: a refusal then is recorded as failed for good.
    expect(await t.deliverMail({ finalAttempt: true })).toEqual({ sent: 1, failed: 1 });
    refusedAddresses.clear();
    expect(sent.slice(sentBefore).map((m) => m.to)).toEqual(['ines.martin@a.test']);
    const outcomes = await t.services.db
      .select()
      .from(notifications)
      .where(
        inArray(
          notifications.id,
          (await writesSince(since))
            .filter((r) => r.action === 'visit.cancel' && r.entityType === 'notification')
            .map((r) => r.entityId!),
        ),
      );
    expect(outcomes.map((n) => [n.recipient, n.status]).sort()).toEqual([
      ['hugo.bernard@a.test', 'failed'],
      ['ines.martin@a.test', 'sent'],
    ]);
    expect(outcomes.find((n) => n.status === 'failed')!.error).toMatch(/550/);
    const rows = await writesSince(since);
    expect(
      rows
        .filter((r) => r.action === 'notification.deliver')
        .map((r) => (r.diff as Record<string, unknown>).status)
        .sort(),
    ).toEqual([
      ['pending', 'failed'],
      ['pending', 'sent'],
    ]);
    expect(summary(rows)).toEqual(
      [
        'mail.deliver outbox_mail',
        'mail.deliver outbox_mail',
        'notification.deliver notification',
        'notification.deliver notification',
        'visit.cancel notification',
        'visit.cancel notification',
        'visit.cancel visit',
      ].sort(),
    );
    const row = rows.find((r) => r.entityType === 'visit')!;
    expect([row.entityId, row.subjectId]).toEqual([visit!.id, visit!.personId]);
    expect(row.diff).toMatchObject({
      status: ['planned', 'cancelled'],
      cancelReason: [null, 'Rendez-vous médical de la personne'],
    });
    // Refused by its business rule the second time: nothing more.
    const since2 = await mark();
    expect(
      (await planner.post(`/api/visits/${visit!.id}/cancel`, { reason: 'Encore' })).status,
    ).toBe(409);
    expect(await writesSince(since2)).toEqual([]);
  });

  it('a refused move (by role, by organisation, by a constraint) leaves neither data nor audit', async () => {
    await generate(planner);
    const [visit] = await plannedVisits();
    const crewBefore = await t.services.db
      .select()
      .from(visitVisitors)
      .where(eq(visitVisitors.visitId, visit!.id));
    const since = await mark();
    const notificationsBefore = await notificationCount();

    const byRole = await visitor.post(`/api/visits/${visit!.id}/move`, {
      date: visit!.date,
      startTime: '14:00',
    });
    expect(byRole.status).toBe(403);
    expect(byRole.body.message).toBe('Votre rôle ne permet pas de déplacer ou annuler une visite.');

    const foreign = await planner.post(`/api/visits/${t.fixtures.visitB.id}/move`, {
      date: t.fixtures.nextMonday,
      startTime: '14:00',
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toMatch(/Visite/);

    const lunch = await planner.post(`/api/visits/${visit!.id}/move`, {
      date: visit!.date,
      startTime: '12:15',
    });
    expect(lunch.status).toBe(409);

    expect(await writesSince(since)).toEqual([]);
    expect(await notificationCount()).toBe(notificationsBefore);
    const [after] = await t.services.db.select().from(visits).where(eq(visits.id, visit!.id));
    expect(after).toEqual(visit);
    const [foreignAfter] = await t.services.db
      .select()
      .from(visits)
      .where(eq(visits.id, t.fixtures.visitB.id));
    expect(foreignAfter).toEqual(t.fixtures.visitB);
    expect(
      await t.services.db.select().from(visitVisitors).where(eq(visitVisitors.visitId, visit!.id)),
    ).toEqual(crewBefore);
  }, 300_000);
});

describe('closures', () => {
  it('creating then deleting a closure leaves one row each, and a refused one none', async () => {
    const date = addDays(t.fixtures.nextMonday, 3);
    const since = await mark();
    const created = await coordinator.post('/api/planning/closures', {
      date,
      reason: 'Journée d’équipe',
      localServiceId: t.fixtures.ls1.id,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const rows = await writesSince(since);
    expect(rows.map((r) => [r.action, r.entityType, r.entityId, r.subjectId])).toEqual([
      ['closure.create', 'service_closure', created.body.id, null],
    ]);
    expect(rows[0]!.diff).toMatchObject({
      date: [null, date],
      reason: [null, 'Journée d’équipe'],
      localServiceId: [null, t.fixtures.ls1.id],
    });

    const since2 = await mark();
    expect(
      (
        await coordinator.post('/api/planning/closures', {
          date,
          reason: 'Encore',
          localServiceId: t.fixtures.ls1.id,
        })
      ).status,
    ).toBe(409);
    const byRole = await planner.post('/api/planning/closures', {
      date: addDays(date, 1),
      reason: 'Pont',
      localServiceId: t.fixtures.ls1.id,
    });
    expect(byRole.status).toBe(403);
    expect(byRole.body.message).toMatch(/rôle/);
    expect(await writesSince(since2)).toEqual([]);
    expect(
      await t.services.db.select().from(serviceClosures).where(eq(serviceClosures.date, date)),
    ).toHaveLength(1);

    const removed = await coordinator.delete(`/api/planning/closures/${created.body.id}`);
    expect(removed.status).toBe(200);
    const deleted = await writesSince(since2);
    expect(deleted.map((r) => [r.action, r.entityType, r.entityId])).toEqual([
      ['closure.delete', 'service_closure', created.body.id],
    ]);
    expect(deleted[0]!.diff).toMatchObject({ id: [created.body.id, null], date: [date, null] });
    expect(
      await t.services.db
        .select()
        .from(serviceClosures)
        .where(eq(serviceClosures.id, created.body.id)),
    ).toEqual([]);
  });
});

describe('an absence and its repair', () => {
  it('the preview writes nothing; the accepted repair leaves the absence, each visit changed (its person named), and the visitors told', async () => {
    const [visit] = await plannedVisits();
    const absence = {
      visitorId: t.fixtures.v2.id,
      from: visit!.date,
      to: visit!.date,
      kind: 'training',
    };
    await t.deliverMail(); // the e-mails of the tests before
    const since = await mark();
    const preview = await planner.post('/api/planning/absences/preview', absence);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.changes).toHaveLength(1);
    expect(await writesSince(since)).toEqual([]);

    const wrong = await planner.post('/api/planning/absences', {
      ...absence,
      changes: [{ visitId: visit!.id, after: null }],
    });
    expect(wrong.status).toBe(409);
    expect(await writesSince(since)).toEqual([]);
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
    await t.deliverMail();
    const rows = await writesSince(since);
    const told = rows.filter(
      (r) => r.entityType === 'notification' && r.action === 'absence.declare',
    );
    // Inès and Hugo have an address (Jeanne, the substitute, has none): both are told.
    expect(told).toHaveLength(2);
    expect(summary(rows)).toEqual(
      [
        'absence.declare visitor_absence',
        'absence.declare visit',
        'absence.declare notification',
        'absence.declare notification',
        'mail.deliver outbox_mail',
        'mail.deliver outbox_mail',
        'notification.deliver notification',
        'notification.deliver notification',
      ].sort(),
    );
    const absenceRow = rows.find((r) => r.entityType === 'visitor_absence')!;
    expect(absenceRow.entityId).toBe(accepted.body.absenceId);
    expect(absenceRow.diff).toMatchObject({
      visitorId: [null, t.fixtures.v2.id],
      kind: [null, 'training'],
    });
    const visitRow = rows.find((r) => r.entityType === 'visit')!;
    expect([visitRow.entityId, visitRow.subjectId, visitRow.userId]).toEqual([
      visit!.id,
      visit!.personId,
      t.fixtures.usersA.planner.id,
    ]);
    expect(visitRow.diff).toMatchObject({ crew: ['pair', 'substitute'] });
    const visitorsDiff = (visitRow.diff as Record<string, [string[], string[]]>).visitors!;
    expect(visitorsDiff[1]).toEqual([t.fixtures.v1.id, t.fixtures.v3.id].sort());
    // All of one write: same time, same user.
    expect(
      new Set(rows.filter((r) => r.action === 'absence.declare').map((r) => r.userId)),
    ).toEqual(new Set([t.fixtures.usersA.planner.id]));
  }, 120_000);
});

describe('a generation that fails', () => {
  it('keeps the outcome another server recorded: a run failed meanwhile writes nothing and is not failed twice', async () => {
    // The run is marked failed behind its back (as a server that took it for dead does): its
    // process stops or, when its week is ready, its write is refused; nothing of the week is
    // written and the outcome already recorded stays (ADR 0017). The audit of a failure itself is
    // checked in planning-concurrency.test.ts (a week changed while it ran, a server stopped).
    const started = await planner.post('/api/planning/generate', {
      localServiceId: t.fixtures.ls1.id,
      weekStart: addDays(t.fixtures.nextMonday, 7),
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await t.services.db
      .update(planRuns)
      .set({ status: 'failed', error: 'Arrêtée ailleurs.' })
      .where(and(eq(planRuns.id, started.body.runId), isNull(planRuns.finishedAt)));
    await Promise.allSettled([...pendingRuns]);
    const batch = await t.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.batchId, started.body.runId))
      .orderBy(asc(auditLog.id));
    expect(batch.map((r) => r.action)).toEqual(['planning.generate']);
    // No visit was written by the refused finish.
    expect(
      await t.services.db.select().from(visits).where(eq(visits.planRunId, started.body.runId)),
    ).toEqual([]);
    const [run] = await t.services.db
      .select()
      .from(planRuns)
      .where(inArray(planRuns.id, [started.body.runId]));
    expect(run!.status).toBe('failed');
    expect(run!.error).toBe('Arrêtée ailleurs.');
  }, 300_000);
});
