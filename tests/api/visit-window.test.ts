/**
 * Check-in and "nobody answers" outside the visit's window (an hour before the slot to the end of
 * its day, Paris time): 409 `outside_window` with a French message and nothing written, unless
 * the visitor confirms. The server's clock is set by hand (Date only) so that the test does not
 * depend on the time of day it runs at.
 */
import { and, eq, gt } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { alerts, auditLog, visitReports, visits, visitVisitors } from '../../src/db/schema.js';
import { addDays, serviceInstant, serviceToday } from '../../src/domain/common/calendar.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let visitor: Client;

beforeAll(async () => {
  t = await createTestApp();
  visitor = await t.login(t.fixtures.usersA.visitor.email);
}, 120_000);
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

async function visitAt(date: string, startTime: string) {
  const [row] = await t.services.db
    .insert(visits)
    .values({
      organisationId: t.fixtures.orgA.id,
      localServiceId: t.fixtures.ls1.id,
      personId: t.fixtures.p1.id,
      weekStart: date,
      date,
      startTime,
      durationMinutes: 90,
      crew: 'pair',
    })
    .returning();
  await t.services.db
    .insert(visitVisitors)
    .values({ visitId: row!.id, visitorId: t.fixtures.v1.id });
  return row!;
}

const lastAuditId = async () =>
  Math.max(0, ...(await t.services.db.select({ id: auditLog.id }).from(auditLog)).map((r) => r.id));
/** The server's clock at a Paris time of `date` (JS dates only; the database keeps its own). */
const clockAt = (date: string, hhmm: string) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(serviceInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))));
};
const noAnswer = (writtenAt: Date, extra: Record<string, unknown> = {}) => ({
  clientId: crypto.randomUUID(),
  outcome: 'no_answer',
  writtenAt: writtenAt.toISOString(),
  ...extra,
});

describe('check-in outside the window', () => {
  it('refuses an arrival eight hours before the slot, writes nothing, and accepts it confirmed', async () => {
    const today = serviceToday();
    const visit = await visitAt(today, '14:30');
    clockAt(today, '06:30');
    const since = await lastAuditId();
    const early = await visitor.post(`/api/visits/${visit.id}/check-in`, {});
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      error: 'outside_window',
      window: 'too_early',
      opensAt: '13:30',
    });
    expect(early.body.message).toBe(
      'Vous signalez votre arrivée plus d’une heure avant la visite de 14 h 30. Vérifiez qu’il s’agit de la bonne visite, puis confirmez.',
    );
    const [after] = await t.services.db.select().from(visits).where(eq(visits.id, visit.id));
    expect(after!.checkedInAt).toBeNull();
    expect(await t.services.db.select().from(auditLog).where(gt(auditLog.id, since))).toEqual([]);

    const confirmed = await visitor.post(`/api/visits/${visit.id}/check-in`, {
      confirmOutsideWindow: true,
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.checkedInAt).toBeTruthy();
  });

  it('accepts an arrival from an hour before the slot without asking', async () => {
    const today = serviceToday();
    const visit = await visitAt(today, '14:30');
    clockAt(today, '13:30');
    const arrived = await visitor.post(`/api/visits/${visit.id}/check-in`, {});
    expect(arrived.status, JSON.stringify(arrived.body)).toBe(200);
  });

  it('refuses a confirmation that is not a yes or no', async () => {
    const visit = await visitAt(serviceToday(), '14:30');
    const bad = await visitor.post(`/api/visits/${visit.id}/check-in`, {
      confirmOutsideWindow: 'oui',
    });
    expect(bad.status).toBe(400);
    const [after] = await t.services.db.select().from(visits).where(eq(visits.id, visit.id));
    expect(after!.checkedInAt).toBeNull();
  });
});

describe('"nobody answers" outside the window', () => {
  it('refuses it written at 06:30 for a 14:30 visit, with no report and no alert; confirmed, raises the alert', async () => {
    const today = serviceToday();
    const visit = await visitAt(today, '14:30');
    clockAt(today, '06:30');
    const early = await visitor.post(`/api/visits/${visit.id}/report`, noAnswer(new Date()));
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('outside_window');
    expect(early.body.message).toMatch(
      /^Vous signalez que personne ne répond plus d’une heure avant la visite de 14 h 30\./,
    );
    expect(
      await t.services.db.select().from(visitReports).where(eq(visitReports.visitId, visit.id)),
    ).toEqual([]);
    expect(await t.services.db.select().from(alerts).where(eq(alerts.visitId, visit.id))).toEqual(
      [],
    );

    const confirmed = await visitor.post(
      `/api/visits/${visit.id}/report`,
      noAnswer(new Date(), { confirmOutsideWindow: true }),
    );
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
    expect(confirmed.body.alertId).toBeTruthy();
  });

  it('judges a report by when it was written, not when it arrives (an outbox sending hours later)', async () => {
    const today = serviceToday();
    const visit = await visitAt(today, '14:30');
    clockAt(today, '18:00');
    const written = serviceInstant(today, 14 * 60 + 40);
    const late = await visitor.post(`/api/visits/${visit.id}/report`, noAnswer(written));
    expect(late.status, JSON.stringify(late.body)).toBe(201);
  });

  it('refuses it after the visit’s day unless confirmed', async () => {
    const yesterday = addDays(serviceToday(), -1);
    const visit = await visitAt(yesterday, '10:00');
    const late = await visitor.post(`/api/visits/${visit.id}/report`, noAnswer(new Date()));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'outside_window', window: 'too_late' });
    expect(late.body.message).toMatch(/après le jour de la visite/);
    const confirmed = await visitor.post(
      `/api/visits/${visit.id}/report`,
      noAnswer(new Date(), { confirmOutsideWindow: true }),
    );
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
  });

  it('does not ask for other outcomes', async () => {
    const today = serviceToday();
    const visit = await visitAt(today, '14:30');
    clockAt(today, '06:30');
    const absent = await visitor.post(`/api/visits/${visit.id}/report`, {
      clientId: crypto.randomUUID(),
      outcome: 'absent',
      writtenAt: new Date().toISOString(),
    });
    expect(absent.status, JSON.stringify(absent.body)).toBe(201);
    const stored = await t.services.db
      .select()
      .from(visitReports)
      .where(and(eq(visitReports.visitId, visit.id), eq(visitReports.outcome, 'absent')));
    expect(stored).toHaveLength(1);
  });
});
