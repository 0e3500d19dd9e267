/**
 * Visits, reports, alerts and the calendar feed on the one write path (ADR 0011), checked in the
 * audit itself: a report with a concern leaves the visit, the report and the alert it raised on
 * one trail about the person, free text masked; a resent report leaves nothing new; a silence
 * scan run as the job leaves one 'alert.raise' row per alert, marked as the job's; an alert note
 * leaves a real diff; opening a person's visit history, an alert, the visitor's day and a
 * calendar feed each leave their read row; the person's "qui a consulté" view shows all of them.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alerts,
  assignments,
  auditLog,
  statusChanges,
  visits,
  visitVisitors,
} from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { scanSilences } from '../../src/server/alerts/service.js';
import { systemContext } from '../../src/server/http/context.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let visitor: Client;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  visitor = await t.login(t.fixtures.usersA.visitor.email);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

type AuditRow = typeof auditLog.$inferSelect;

/** The id of the last audit row: what a request writes comes after it. */
async function mark() {
  const rows = await t.services.db.select({ id: auditLog.id }).from(auditLog);
  return Math.max(0, ...rows.map((r) => r.id));
}
const rowsSince = (since: number): Promise<AuditRow[]> =>
  t.services.db.select().from(auditLog).where(gt(auditLog.id, since)).orderBy(asc(auditLog.id));

async function visitOfP1(date: string, visitorId = t.fixtures.v1.id, startTime = '15:00') {
  const [row] = await t.services.db
    .insert(visits)
    .values({
      organisationId: t.fixtures.orgA.id,
      localServiceId: t.fixtures.ls1.id,
      personId: t.fixtures.p1.id,
      weekStart: date,
      date,
      startTime,
      durationMinutes: 60,
      crew: 'pair',
    })
    .returning();
  await t.services.db.insert(visitVisitors).values({ visitId: row!.id, visitorId });
  return row!;
}

describe('writes from the field', () => {
  it('audits a report with a concern, the visit it closes and the alert it raises, about the person, free text masked', async () => {
    const visit = await visitOfP1(addDays(serviceToday(), -1));
    const report = {
      clientId: crypto.randomUUID(),
      outcome: 'done',
      durationMinutes: 75,
      activities: ['conversation'],
      mood: 'low',
      observations: 'Elle parle de son fils parti à Lyon.',
      concern: 'Réfrigérateur vide, elle dit ne plus faire ses courses.',
      concernSeverity: 'high',
      writtenAt: new Date().toISOString(),
    };
    const since = await mark();
    const sent = await visitor.post(`/api/visits/${visit.id}/report`, report);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const rows = await rowsSince(since);
    expect(rows.map((r) => [r.action, r.entityType]).sort()).toEqual(
      [
        ['alert.raise', 'alert'],
        ['visit.report', 'visit'],
        ['visit.report', 'visit_report'],
      ].sort(),
    );
    for (const row of rows) {
      expect(row).toMatchObject({
        kind: 'write',
        subjectId: t.fixtures.p1.id,
        userId: t.fixtures.usersA.visitor.id,
        organisationId: t.fixtures.orgA.id,
      });
    }
    const reportRow = rows.find((r) => r.entityType === 'visit_report')!;
    expect(reportRow.entityId).toBe(sent.body.id);
    const reportDiff = reportRow.diff as Record<string, [unknown, unknown]>;
    expect(reportDiff.observations).toEqual([null, '[masqué]']);
    expect(reportDiff.concern).toEqual([null, '[masqué]']);
    expect(reportDiff.concernSeverity).toEqual([null, 'high']);
    const visitDiff = rows.find((r) => r.entityType === 'visit')!.diff as Record<
      string,
      [unknown, unknown]
    >;
    expect(visitDiff.status).toEqual(['planned', 'done']);
    const alertRow = rows.find((r) => r.entityType === 'alert')!;
    expect(alertRow.entityId).toBe(sent.body.alertId);
    const alertDiff = alertRow.diff as Record<string, [unknown, unknown]>;
    expect(alertDiff.kind).toEqual([null, 'concern']);
    expect(alertDiff.details).toEqual([null, '[masqué]']);
    expect(JSON.stringify(rows)).not.toMatch(/Réfrigérateur|Lyon/);

    // Sent again (a phone retrying): the same answer, and no new audit row.
    const again = await rowsSince(since).then((r) => r.length);
    const resent = await visitor.post(`/api/visits/${visit.id}/report`, report);
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: sent.body.id, duplicate: true });
    expect(await rowsSince(since)).toHaveLength(again);
  });

  it('leaves neither data nor audit when a report is refused', async () => {
    const visit = await visitOfP1(addDays(serviceToday(), -2));
    await t.services.db
      .update(visits)
      .set({ status: 'cancelled', cancelReason: 'Rendez-vous médical' })
      .where(eq(visits.id, visit.id));
    const since = await mark();
    const refused = await visitor.post(`/api/visits/${visit.id}/report`, {
      clientId: crypto.randomUUID(),
      outcome: 'no_answer',
      writtenAt: new Date().toISOString(),
    });
    expect(refused.status).toBe(409);
    expect(await rowsSince(since)).toEqual([]);
    expect(await t.services.db.select().from(alerts).where(eq(alerts.visitId, visit.id))).toEqual(
      [],
    );
  });

  it('audits a check-in once, even when sent twice', async () => {
    // At 00:30: inside the check-in window whenever the test runs.
    const visit = await visitOfP1(serviceToday(), t.fixtures.v1.id, '00:30');
    const since = await mark();
    expect((await visitor.post(`/api/visits/${visit.id}/check-in`, {})).status).toBe(200);
    expect((await visitor.post(`/api/visits/${visit.id}/check-in`, {})).status).toBe(200);
    const rows = await rowsSince(since);
    expect(rows.map((r) => [r.action, r.entityType, r.entityId, r.subjectId])).toEqual([
      ['visit.check_in', 'visit', visit.id, t.fixtures.p1.id],
    ]);
    expect(Object.keys(rows[0]!.diff as object)).toEqual(['checkedInAt']);
  });
});

describe('the silence scan, as the hourly job', () => {
  it('leaves one alert.raise row per alert raised, marked job:silence-scan and about the person', async () => {
    // Marcel followed by the pair for a month with no visit done; Jeanne with a visit left unreported.
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
    await visitOfP1(addDays(serviceToday(), -6), t.fixtures.v3.id);

    const since = await mark();
    const ctx = systemContext(
      t.services,
      pino({ level: 'silent' }),
      'job:silence-scan',
      t.fixtures.orgA.id,
    );
    const result = await scanSilences(ctx);
    expect(result.raised).toBeGreaterThanOrEqual(2);
    const rows = await rowsSince(since);
    expect(rows).toHaveLength(result.raised);
    const raised = await t.services.db
      .select()
      .from(alerts)
      .where(
        inArray(
          alerts.id,
          rows.map((r) => r.entityId!),
        ),
      );
    expect(raised).toHaveLength(result.raised);
    for (const row of rows) {
      const alert = raised.find((a) => a.id === row.entityId)!;
      expect(row).toMatchObject({
        kind: 'write',
        action: 'alert.raise',
        entityType: 'alert',
        source: 'job:silence-scan',
        userId: null,
        organisationId: t.fixtures.orgA.id,
        subjectId: alert.personId,
      });
      expect(row.batchId).toBe(rows[0]!.batchId);
    }
    expect(rows[0]!.batchId).toMatch(/^silence-scan:/);
    const marcel = raised.find(
      (a) => a.kind === 'silent_person' && a.personId === t.fixtures.p2.id,
    );
    expect(marcel).toBeDefined();
    expect(rows.find((r) => r.entityId === marcel!.id)!.subjectId).toBe(t.fixtures.p2.id);
    expect(
      raised.some((a) => a.kind === 'unreported_visits' && a.visitorId === t.fixtures.v3.id),
    ).toBe(true);

    // Nothing new to raise: nothing written.
    const quiet = await mark();
    expect((await scanSilences(ctx)).raised).toBe(0);
    expect(await rowsSince(quiet)).toEqual([]);
  });

  it('run from the alerts page, records the coordinator who asked', async () => {
    await t.services.db
      .update(alerts)
      .set({ status: 'closed' })
      .where(and(eq(alerts.kind, 'silent_person'), eq(alerts.personId, t.fixtures.p2.id)));
    const since = await mark();
    const scan = await coordinator.post('/api/alerts/scan', {});
    expect(scan.status).toBe(200);
    expect(scan.body.raised).toBe(1);
    const rows = await rowsSince(since);
    expect(rows.map((r) => [r.action, r.subjectId, r.userId, r.source])).toEqual([
      ['alert.raise', t.fixtures.p2.id, t.fixtures.usersA.coordinator.id, null],
    ]);
  });
});

describe('acting on an alert', () => {
  it('audits a note with a diff that shows a note was added, never its text', async () => {
    const since = await mark();
    const noted = await coordinator.patch(`/api/alerts/${t.fixtures.alertA.id}`, {
      note: 'Appelé sa fille, elle passe ce soir.',
    });
    expect(noted.status, JSON.stringify(noted.body)).toBe(200);
    const rows = await rowsSince(since);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'alert.update',
      entityType: 'alert',
      entityId: t.fixtures.alertA.id,
      subjectId: t.fixtures.p1.id,
    });
    expect(rows[0]!.diff).toEqual({ note: [null, '[masqué]'] });
  });

  it('audits taking and closing an alert; a closed alert refused leaves nothing', async () => {
    const since = await mark();
    expect(
      (
        await coordinator.patch(`/api/alerts/${t.fixtures.alertA.id}`, {
          ownerId: t.fixtures.usersA.coordinator.id,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await coordinator.post(`/api/alerts/${t.fixtures.alertA.id}/close`, {
          outcome: 'Sa fille l’a vue, tout va bien.',
        })
      ).status,
    ).toBe(200);
    const rows = await rowsSince(since);
    expect(rows.map((r) => r.action)).toEqual(['alert.update', 'alert.close']);
    expect(rows[0]!.diff).toMatchObject({
      ownerId: [null, t.fixtures.usersA.coordinator.id],
      status: ['open', 'in_progress'],
    });
    expect(rows[1]!.diff).toMatchObject({
      status: ['in_progress', 'closed'],
      outcome: [null, '[masqué]'],
    });
    const after = await mark();
    expect(
      (await coordinator.patch(`/api/alerts/${t.fixtures.alertA.id}`, { note: 'trop tard' }))
        .status,
    ).toBe(409);
    expect(await rowsSince(after)).toEqual([]);
  });
});

describe('reads of a person’s data', () => {
  const reads = async (since: number) => (await rowsSince(since)).filter((r) => r.kind === 'read');

  it('records opening the visit history, an alert, the alerts about the person and the file’s evaluations and consents', async () => {
    const p1 = t.fixtures.p1.id;
    const me = t.fixtures.usersA.coordinator.id;
    let since = await mark();
    expect((await coordinator.get(`/api/people/${p1}/visits`)).status).toBe(200);
    expect(
      (await reads(since)).map((r) => [
        r.action,
        r.entityType,
        r.entityId,
        r.subjectId,
        r.userId,
        r.diff,
      ]),
    ).toEqual([['visit.history', 'person', p1, p1, me, null]]);

    since = await mark();
    expect((await coordinator.get(`/api/alerts/${t.fixtures.alertA.id}`)).status).toBe(200);
    expect(
      (await reads(since)).map((r) => [r.action, r.entityType, r.entityId, r.subjectId, r.userId]),
    ).toEqual([['alert.read', 'alert', t.fixtures.alertA.id, p1, me]]);

    since = await mark();
    const list = await coordinator.get(`/api/alerts?personId=${p1}&status=closed`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((a: { personId: string }) => a.personId === p1)).toBe(true);
    expect((await reads(since)).map((r) => [r.action, r.subjectId])).toEqual([['alert.list', p1]]);
    // The list of all alerts is not about one person: no read row.
    since = await mark();
    expect((await coordinator.get('/api/alerts')).status).toBe(200);
    expect(await reads(since)).toEqual([]);

    const evaluation = await coordinator.post(`/api/people/${p1}/evaluations`, {
      evaluatedOn: serviceToday(),
      answers: {
        family_seen: 1,
        family_talk_private: 1,
        family_help: 1,
        friends_seen: 1,
        friends_talk_private: 1,
        friends_help: 1,
      },
      livesAlone: true,
    });
    expect(evaluation.status, JSON.stringify(evaluation.body)).toBe(201);
    const consent = await coordinator.post(`/api/people/${p1}/consents`, {
      givenOn: serviceToday(),
      method: 'oral',
      givenBy: 'person',
      scopeVisits: true,
      scopeDataSharing: false,
      scopeHeatwaveRegister: false,
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(201);
    since = await mark();
    expect((await coordinator.get(`/api/people/${p1}`)).status).toBe(200);
    expect(
      (await reads(since)).map((r) => [r.action, r.entityType, r.entityId, r.subjectId]),
    ).toEqual([
      ['person.read', 'person', p1, p1],
      ['evaluation.read', 'evaluation', evaluation.body.id, p1],
      ['consent.read', 'consent', consent.body.id, p1],
    ]);
    // A visitor's view of the file holds neither: only the opening is recorded.
    since = await mark();
    expect((await visitor.get(`/api/people/${p1}`)).status).toBe(200);
    expect((await reads(since)).map((r) => r.action)).toEqual(['person.read']);
  });

  it('records the visitor’s day, one row per person shown, in their name', async () => {
    const since = await mark();
    const day = await visitor.get(`/api/me/visits?date=${t.fixtures.nextMonday}`);
    expect(day.status).toBe(200);
    expect(day.body.visits.map((v: { person: { id: string } }) => v.person.id)).toContain(
      t.fixtures.p1.id,
    );
    const rows = await reads(since);
    expect(rows.map((r) => [r.action, r.entityType, r.entityId, r.subjectId, r.userId])).toEqual([
      ['visit.day', 'person', t.fixtures.p1.id, t.fixtures.p1.id, t.fixtures.usersA.visitor.id],
    ]);
  });

  it('records each fetch of the calendar feed by the visitor’s account, not its content; its link is audited, hash masked', async () => {
    let since = await mark();
    const created = await visitor.post('/api/me/calendar', {});
    expect(created.status).toBe(201);
    const [link] = await rowsSince(since);
    expect(link).toMatchObject({
      kind: 'write',
      action: 'calendar.create',
      entityType: 'calendar_feed',
      userId: t.fixtures.usersA.visitor.id,
    });
    expect((link!.diff as Record<string, unknown>).tokenHash).toEqual([null, '[masqué]']);

    since = await mark();
    const feed = await t.client().get(new URL(created.body.url).pathname);
    expect(feed.status).toBe(200);
    const rows = await reads(since);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({
        action: 'calendar.fetch',
        entityType: 'calendar_feed',
        entityId: link!.entityId,
        userId: t.fixtures.usersA.visitor.id,
        organisationId: t.fixtures.orgA.id,
        diff: null,
      });
    }
    expect(rows.map((r) => r.subjectId)).toContain(t.fixtures.p1.id);
    expect(new Set(rows.map((r) => r.subjectId)).size).toBe(rows.length);

    since = await mark();
    expect((await visitor.delete('/api/me/calendar')).status).toBe(200);
    const [revoked] = await rowsSince(since);
    expect(revoked).toMatchObject({
      action: 'calendar.revoke',
      entityType: 'calendar_feed',
      entityId: link!.entityId,
    });
    expect(Object.keys(revoked!.diff as object)).toEqual(['revokedAt']);
    since = await mark();
    expect((await t.client().get(new URL(created.body.url).pathname)).status).toBe(404);
    expect(await rowsSince(since)).toEqual([]);
  });
});

describe('the person’s "qui a consulté" view', () => {
  it('lists every row about the person (file, visits, reports, alerts, evaluations, consents, calendar), and nobody else’s, page by page', async () => {
    const all = await coordinator.get(`/api/people/${t.fixtures.p1.id}/views?pageSize=200`);
    expect(all.status).toBe(200);
    const items = all.body.items as {
      id: number;
      action: string;
      entityType: string;
      source: string | null;
      userName: string | null;
    }[];
    const actions = new Set(items.map((i) => i.action));
    for (const action of [
      'person.read',
      'visit.history',
      'visit.report',
      'alert.raise',
      'alert.update',
      'alert.close',
      'alert.read',
      'alert.list',
      'evaluation.read',
      'consent.read',
      'evaluation.create',
      'consent.create',
      'visit.day',
      'visit.check_in',
      'calendar.fetch',
    ]) {
      expect(actions, action).toContain(action);
    }
    expect(new Set(items.map((i) => i.entityType))).toEqual(
      new Set([
        'person',
        'visit',
        'visit_report',
        'alert',
        'evaluation',
        'consent',
        'calendar_feed',
      ]),
    );
    // Rows about Marcel are not Hélène's; his show the job that raised his alert, and who asked again.
    const marcel = await t.services.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.subjectId, t.fixtures.p2.id));
    expect(marcel.length).toBeGreaterThan(0);
    expect(items.some((i) => marcel.some((m) => m.id === i.id))).toBe(false);
    const his = (await coordinator.get(`/api/people/${t.fixtures.p2.id}/views`)).body
      .items as typeof items;
    expect(his.map((i) => [i.action, i.entityType, i.source, i.userName])).toEqual([
      ['alert.raise', 'alert', null, 'coordinator test'],
      ['alert.raise', 'alert', 'job:silence-scan', null],
    ]);

    const first = await coordinator.get(`/api/people/${t.fixtures.p1.id}/views?pageSize=3&page=1`);
    const second = await coordinator.get(`/api/people/${t.fixtures.p1.id}/views?pageSize=3&page=2`);
    expect(first.body.items.map((i: { id: number }) => i.id)).toEqual(
      items.slice(0, 3).map((i) => i.id),
    );
    expect(second.body.items.map((i: { id: number }) => i.id)).toEqual(
      items.slice(3, 6).map((i) => i.id),
    );
  });
});
