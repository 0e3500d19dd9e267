/**
 * The yearly "is this still right?" campaign to professionals (issue 13, ADR 0035), with a real
 * SMTP server: each professional due is e-mailed once (a second run, two instances at once: no
 * second e-mail); the link opens their details, a correction is written as theirs and staff see
 * what changed; a used or expired link is refused and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { auditLog, mailOutbox, professionals } from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { runProfessionalChecks } from '../../src/server/professionals/campaign.js';
import { fingerprint } from '../helpers/snapshot.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';

let t: TestApp;
let smtp: SmtpCapture;
let coordinator: Client;
const log = pino({ level: 'silent' });
const today = serviceToday();

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await createTestApp({ smtpUrl: smtp.url, publicUrl: 'https://convivialite.test' });
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  // The fixtures' plumbers were checked today: only this file's professionals are due.
  await t.services.db.update(professionals).set({ lastCheckedOn: today });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const details = (extra: Record<string, unknown> = {}) => ({
  trade: 'electrician',
  businessName: 'Élec Morvan',
  phone: '03 86 20 11 22',
  email: 'elec@morvan.test',
  communesServed: [{ postalCode: '58800', communeName: 'Corbigny' }],
  hours: [{ weekday: 1, start: '08:00', end: '17:00' }],
  ...extra,
});

async function addProfessional(extra: Record<string, unknown>, lastCheckedOn: string) {
  const created = await coordinator.post('/api/professionals', details(extra));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await t.services.db
    .update(professionals)
    .set({ lastCheckedOn })
    .where(eq(professionals.id, created.body.id));
  return created.body.id as string;
}

const tokenOf = (text: string) => {
  const match = /https:\/\/convivialite\.test\/pro\/verification\?jeton=([\w-]+)/.exec(text);
  expect(match, text).not.toBeNull();
  return match![1]!;
};

const publicClient = () => t.client();

describe('the yearly check', () => {
  let dueId: string;
  let token: string;

  it('e-mails each professional due once, even run twice or by two instances at once', async () => {
    dueId = await addProfessional({}, addDays(today, -400));
    await addProfessional({ businessName: 'Sans e-mail', email: null }, addDays(today, -400));
    await addProfessional({ businessName: 'Retiré', active: false }, addDays(today, -400));
    await addProfessional({ businessName: 'Vérifié récemment' }, addDays(today, -30));

    // Two instances at once, each without the day's claim: the row lock and the live link let
    // one of them ask (on PostgreSQL each instance has its own connection pool).
    const twin = await t.twin();
    const both = await Promise.all([
      runProfessionalChecks(t.services, log, today, { claim: false }),
      runProfessionalChecks(twin.services, log, today, { claim: false }),
    ]);
    expect(both.map((run) => run!.asked).sort()).toEqual([0, 1]);
    // The daily job then finds nobody left; run again the same day, the day's run is taken.
    expect(await runProfessionalChecks(t.services, log, today)).toEqual({ asked: 0 });
    expect(await runProfessionalChecks(twin.services, log, today)).toBeNull();

    const outbox = await t.services.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.kind, 'professional_check'));
    expect(outbox).toHaveLength(1);
    expect(await t.deliverMail()).toEqual({ sent: 1, failed: 0 });
    const mail = await smtp.waitForMessage((m) => m.envelope.to.includes('elec@morvan.test'));
    expect(smtp.messages).toHaveLength(1);
    expect(mail.subject).toMatch(/Vos coordonnées sont-elles toujours justes/);
    token = tokenOf(mail.text ?? '');

    const staffView = await coordinator.get(`/api/professionals/${dueId}`);
    expect(staffView.body.lastCheckRequest).toMatchObject({ answeredAt: null, answer: null });
  });

  it('opens the professional’s details by the link, without signing in', async () => {
    const opened = await publicClient().post('/api/public/professional-check', { token });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.details).toMatchObject({
      businessName: 'Élec Morvan',
      phone: '+33386201122',
    });
    expect(opened.body.organisationName).toBeTruthy();
  });

  it('refuses a bad correction in French, writing nothing, and the link still works', async () => {
    const before = await fingerprint(t.services.db);
    const bad = await publicClient().post('/api/public/professional-check/correct', {
      token,
      ...details({ communesServed: [{ postalCode: '58800', communeName: 'Atlantide' }] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/Atlantide/);
    const badHours = await publicClient().post('/api/public/professional-check/correct', {
      token,
      ...details({ hours: [{ weekday: 1, start: '17:00', end: '08:00' }] }),
    });
    expect(badHours.status).toBe(400);
    expect(badHours.body.message).toMatch(/mardi, l’heure de fin/);
    expect(await fingerprint(t.services.db)).toEqual(before);
  });

  it('takes the correction as the professional’s; staff see what changed', async () => {
    const corrected = await publicClient().post('/api/public/professional-check/correct', {
      token,
      ...details({
        phone: '06 70 80 90 10',
        communesServed: [
          { postalCode: '58800', communeName: 'Corbigny' },
          { postalCode: '58140', communeName: 'Lormes' },
        ],
      }),
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body.message).toMatch(/Merci/);
    const [row] = await t.services.db
      .select()
      .from(professionals)
      .where(eq(professionals.id, dueId));
    expect(row).toMatchObject({
      phone: '+33670809010',
      lastCheckedOn: today,
      checkedVia: 'link',
      checkedBy: null,
    });
    const [audit] = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, dueId), eq(auditLog.action, 'professional.self_correct')));
    expect(audit).toMatchObject({
      userId: null,
      source: 'web:professional-link',
      organisationId: t.fixtures.usersA.coordinator.organisationId,
    });
    const staffView = await coordinator.get(`/api/professionals/${dueId}`);
    expect(staffView.body).toMatchObject({ checkedByProfessional: true, checkDue: false });
    expect(staffView.body.lastCheckRequest).toMatchObject({ answer: 'corrected' });
    expect(staffView.body.history[0]).toMatchObject({
      action: 'professional.self_correct',
      byProfessional: true,
      byName: null,
    });
    expect(staffView.body.history[0].fields).toEqual(
      expect.arrayContaining(['phone', 'communesServed', 'lastCheckedOn']),
    );
  });

  it('refuses a used link and an expired one, changing nothing', async () => {
    const before = await fingerprint(t.services.db);
    const again = await publicClient().post('/api/public/professional-check/confirm', { token });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_token');
    expect(again.body.message).toMatch(/n’est plus valable/);
    expect(await fingerprint(t.services.db)).toEqual(before);

    // A link sent 40 days ago (it lasts 30).
    await addProfessional(
      { businessName: 'Serrurerie Lente', email: 'lente@morvan.test' },
      addDays(today, -500),
    );
    const sent = await runProfessionalChecks(t.services, log, today, {
      claim: false,
      now: new Date(Date.now() - 40 * 86_400_000),
    });
    expect(sent).toEqual({ asked: 1 });
    await t.deliverMail();
    const mail = await smtp.waitForMessage((m) => m.envelope.to.includes('lente@morvan.test'));
    const expired = tokenOf(mail.text ?? '');
    const snapshot = await fingerprint(t.services.db);
    for (const url of [
      '/api/public/professional-check',
      '/api/public/professional-check/confirm',
    ]) {
      const refused = await publicClient().post(url, { token: expired });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_token');
    }
    expect(await fingerprint(t.services.db)).toEqual(snapshot);
    // An expired link does not stop the next run from asking again.
    expect(await runProfessionalChecks(t.services, log, today, { claim: false })).toEqual({
      asked: 1,
    });
  });

  it('confirms "tout est juste" in one click', async () => {
    await t.deliverMail();
    const toLente = () => smtp.messages.filter((m) => m.envelope.to.includes('lente@morvan.test'));
    for (let i = 0; i < 50 && toLente().length < 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    const latest = toLente().at(-1)!;
    expect(toLente()).toHaveLength(2);
    const confirmed = await publicClient().post('/api/public/professional-check/confirm', {
      token: tokenOf(latest.text ?? ''),
    });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const [audit] = await t.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'professional.self_confirm'));
    expect(audit?.source).toBe('web:professional-link');
  });
});
