/**
 * Retention with a clock (ADR 0012): at "today", a file whose last contact is 1 year old stays,
 * one 2 years + 1 day old is archived, one (2 + 5) years + 1 day old is anonymised; a second run
 * the same day does nothing; a shorter organisation setting archives more; archived files are
 * the administrators' only, each read audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import {
  alerts,
  auditLog,
  contactLog,
  evaluations,
  organisations,
  people,
  scheduledRuns,
  statusChanges,
  visits,
} from '../../src/db/schema.js';
import { addDays } from '../../src/domain/common/calendar.js';
import {
  addMonths,
  personRetention,
  retentionSettingsSchema,
} from '../../src/domain/retention/rules.js';
import { runDailyRetention, runRetention } from '../../src/server/rights/retention.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: Client;
let coordinator: Client;
const log = pino({ level: 'silent' });
const TODAY = '2026-06-15';
const ago = (months: number, days = 0) => addDays(addMonths(TODAY, -months), -days);
const ids = { recent: '', archive: '', anonymise: '', eighteenMonths: '', called: '' };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login(t.fixtures.usersA.admin.email);
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  const f = t.fixtures;
  const base = {
    organisationId: f.orgA.id,
    localServiceId: f.ls1.id,
    birthDate: '1941-02-03',
    postalCode: '60000',
    communeName: 'Beauvais',
    phones: [],
    createdAt: new Date('2015-01-01T10:00:00Z'),
  };
  const insert = async (lastName: string) =>
    (
      await t.services.db
        .insert(people)
        .values({ ...base, lastName, firstName: 'Rétention' })
        .returning()
    )[0]!.id;
  ids.recent = await insert('Récent');
  ids.archive = await insert('Archivable');
  ids.anonymise = await insert('Anonymisable');
  ids.eighteenMonths = await insert('DixHuitMois');
  ids.called = await insert('Appelée');
  // Each file's last contact comes from a different source: a visit done, an evaluation, a status change.
  const visit = (personId: string, date: string, status: string) => ({
    organisationId: f.orgA.id,
    localServiceId: f.ls1.id,
    personId,
    weekStart: date,
    date,
    startTime: '10:00',
    durationMinutes: 60,
    crew: 'volunteer',
    status,
  });
  await t.services.db.insert(statusChanges).values([
    { personId: ids.recent, toStatus: 'referred', effectiveDate: '2016-01-01' },
    { personId: ids.archive, toStatus: 'referred', effectiveDate: '2016-01-01' },
    { personId: ids.anonymise, toStatus: 'referred', effectiveDate: ago(84, 1) },
    { personId: ids.eighteenMonths, toStatus: 'referred', effectiveDate: ago(18, 1) },
    { personId: ids.called, toStatus: 'referred', effectiveDate: '2016-01-01' },
  ]);
  // The contact log (issue 12): a call that reached her is a contact; a call nobody answered is not.
  const call = (personId: string, date: string, outcome: string) => ({
    organisationId: f.orgA.id,
    localServiceId: f.ls1.id,
    personId,
    channel: 'call_out',
    outcome,
    occurredAt: new Date(`${date}T09:00:00Z`),
  });
  await t.services.db
    .insert(contactLog)
    .values([call(ids.called, ago(20), 'reached'), call(ids.archive, ago(3), 'no_answer')]);
  await t.services.db.insert(visits).values([
    visit(ids.recent, ago(12), 'done'),
    visit(ids.archive, ago(24, 1), 'done'),
    // A visit only planned, or not done, is not a contact.
    visit(ids.archive, ago(6), 'planned'),
    visit(ids.archive, ago(5), 'not_done'),
  ]);
  await t.services.db.insert(evaluations).values({
    personId: ids.archive,
    evaluatedOn: ago(30),
    evaluatorName: 'Évaluatrice',
    lsnsFamilySeen: 1,
    lsnsFamilyTalkPrivate: 1,
    lsnsFamilyHelp: 1,
    lsnsFriendsSeen: 1,
    lsnsFriendsTalkPrivate: 1,
    lsnsFriendsHelp: 1,
    ruleApplied: {},
    decision: 'eligible',
    decisionReasons: [],
  });
}, 300_000);
afterAll(async () => t?.close());

const state = async (personIds: string[]) =>
  Object.fromEntries(
    (
      await t.services.db
        .select({ id: people.id, archivedAt: people.archivedAt, erasedAt: people.erasedAt })
        .from(people)
        .where(inArray(people.id, personIds))
    ).map((p) => [p.id, p.erasedAt ? 'anonymised' : p.archivedAt ? 'archived' : 'active']),
  );

describe('retention rules (pure)', () => {
  it('archives the day after the active period, anonymises the day after the archive', () => {
    const settings = retentionSettingsSchema.parse({});
    const candidate = (personId: string, lastContact: string) => ({
      personId,
      lastContact,
      archived: false,
      erased: false,
      legalHold: false,
    });
    const plan = personRetention(
      [
        candidate('exactly', ago(24)),
        candidate('day-after', ago(24, 1)),
        candidate('end', ago(84, 1)),
        candidate('end-exactly', ago(84)),
      ],
      settings,
      TODAY,
    );
    expect(plan.archive.map((d) => d.personId)).toEqual(['day-after', 'end-exactly']);
    expect(plan.anonymise.map((d) => d.personId)).toEqual(['end']);
    const held = personRetention(
      [{ ...candidate('held', ago(100)), legalHold: true }],
      settings,
      TODAY,
    );
    expect(held).toMatchObject({
      anonymise: [],
      archive: [{ personId: 'held' }],
      held: [{ personId: 'held' }],
    });
  });

  it('refuses longer durations without a written reason, in French, and keeps the reason given', () => {
    const refused = retentionSettingsSchema.safeParse({ activeMonths: 36 });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(
      /plus longue que la référence légale.*raison/,
    );
    expect(
      retentionSettingsSchema.parse({
        activeMonths: 36,
        reason: 'Convention avec le département : suivi sur 3 ans',
      }),
    ).toMatchObject({
      activeMonths: 36,
      reason: 'Convention avec le département : suivi sur 3 ans',
    });
  });
});

describe('retention job with a clock', () => {
  it('dry run changes nothing', async () => {
    const [result] = (await runRetention(t.services, log, { today: TODAY, dryRun: true })).filter(
      (r) => r.organisationId === t.fixtures.orgA.id,
    );
    expect(result!.plan.archive.map((d) => d.personId)).toEqual([ids.archive]);
    expect(await state([ids.archive])).toEqual({ [ids.archive]: 'active' });
  });

  it('archives exactly the file past 2 years and anonymises exactly the one past the archive', async () => {
    const everyoneBefore = await t.services.db
      .select({ id: people.id, archivedAt: people.archivedAt, erasedAt: people.erasedAt })
      .from(people);
    const results = await runDailyRetention(t.services, log, TODAY);
    expect(results).not.toBeNull();
    const everyoneAfter = await t.services.db
      .select({ id: people.id, archivedAt: people.archivedAt, erasedAt: people.erasedAt })
      .from(people);
    const changed = everyoneAfter.filter((after) => {
      const before = everyoneBefore.find((b) => b.id === after.id)!;
      return (
        String(before.archivedAt) !== String(after.archivedAt) ||
        String(before.erasedAt) !== String(after.erasedAt)
      );
    });
    expect(changed.map((p) => p.id).sort()).toEqual([ids.archive, ids.anonymise].sort());
    expect(
      await state([ids.recent, ids.archive, ids.anonymise, ids.eighteenMonths, ids.called]),
    ).toEqual({
      [ids.recent]: 'active',
      [ids.archive]: 'archived',
      [ids.anonymise]: 'anonymised',
      [ids.eighteenMonths]: 'active',
      [ids.called]: 'active',
    });
    const [anonymised] = await t.services.db
      .select()
      .from(people)
      .where(eq(people.id, ids.anonymise));
    expect(anonymised).toMatchObject({
      lastName: '[effacé]',
      firstName: '[effacé]',
      birthDate: null,
      birthYearBand: 1940,
    });
    // Audited as the job's work, grouped by the day's batch.
    const rows = await t.services.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.source, 'job:retention'),
          inArray(auditLog.action, ['retention.archive', 'retention.anonymise']),
        ),
      );
    expect(
      rows.filter((r) => r.entityId === ids.archive && r.action === 'retention.archive').length,
    ).toBeGreaterThan(0);
    expect(
      rows.filter((r) => r.entityId === ids.anonymise && r.action === 'retention.anonymise').length,
    ).toBeGreaterThan(0);
    expect(rows.every((r) => r.batchId === `retention:${TODAY}` && r.userId === null)).toBe(true);
  });

  it('a second run the same day does nothing, from this or another process', async () => {
    const auditBefore = (await t.services.db.select({ id: auditLog.id }).from(auditLog)).length;
    expect(await runDailyRetention(t.services, log, TODAY)).toBeNull();
    const again = (await runRetention(t.services, log, { today: TODAY })).find(
      (r) => r.organisationId === t.fixtures.orgA.id,
    )!;
    expect(again).toMatchObject({ archived: 0, anonymised: 0 });
    expect((await t.services.db.select({ id: auditLog.id }).from(auditLog)).length).toBe(
      auditBefore,
    );
    expect(
      await t.services.db.select().from(scheduledRuns).where(eq(scheduledRuns.job, 'retention')),
    ).toHaveLength(1);
  });

  it('hides archived files from non-administrators; administrators read them, each read audited', async () => {
    expect((await coordinator.get(`/api/people/${ids.archive}`)).status).toBe(404);
    // The visits and reports of an archived file are archived with it.
    expect((await coordinator.get(`/api/people/${ids.archive}/visits`)).status).toBe(404);
    // Its alerts are archived with it: out of the list, 404 alone, and closed to notes.
    const [alert] = await t.services.db
      .insert(alerts)
      .values({
        organisationId: t.fixtures.orgA.id,
        kind: 'concern',
        severity: 'high',
        title: 'Inquiétude (archivée)',
        personId: ids.archive,
      })
      .returning();
    expect((await coordinator.get(`/api/alerts/${alert!.id}`)).status).toBe(404);
    expect(
      (await coordinator.request('PATCH', `/api/alerts/${alert!.id}`, { note: 'vu' })).status,
    ).toBe(404);
    expect(
      (await coordinator.get('/api/alerts?status=active&pageSize=100')).body.items.map(
        (a: { id: string }) => a.id,
      ),
    ).not.toContain(alert!.id);
    expect((await admin.get(`/api/alerts/${alert!.id}`)).status).toBe(200);
    // Nor can they write to it: a change to an archived file answers 404 and changes nothing.
    const edit = await coordinator.request('PATCH', `/api/people/${ids.archive}`, {
      practicalNotes: 'modifié',
    });
    expect(edit.status).toBe(404);
    const [unchanged] = await t.services.db
      .select({ practicalNotes: people.practicalNotes })
      .from(people)
      .where(eq(people.id, ids.archive));
    expect(unchanged!.practicalNotes).not.toBe('modifié');
    expect(
      (await coordinator.get('/api/people?pageSize=100')).body.items.map(
        (p: { id: string }) => p.id,
      ),
    ).not.toContain(ids.archive);
    expect(
      (await admin.get('/api/people?pageSize=100')).body.items.map((p: { id: string }) => p.id),
    ).toContain(ids.archive);
    expect((await admin.get(`/api/people/${ids.anonymise}`)).status).toBe(404);
    const read = await admin.get(`/api/people/${ids.archive}`);
    expect(read.status).toBe(200);
    const reads = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'person.read_archived'), eq(auditLog.entityId, ids.archive)));
    expect(reads).toHaveLength(1);
    expect((await admin.get(`/api/people/${ids.archive}/visits`)).status).toBe(200);
    expect(reads[0]).toMatchObject({
      kind: 'read',
      userId: t.fixtures.usersA.admin.id,
      subjectId: ids.archive,
    });
  });

  it('a shortened organisation setting archives more; a longer one needs a reason (400 in French)', async () => {
    const longer = await admin.request('PUT', '/api/organisation/retention', { activeMonths: 30 });
    expect(longer.status).toBe(400);
    expect(longer.body.message).toMatch(/plus longue que la référence légale/);
    expect(
      (await coordinator.request('PUT', '/api/organisation/retention', { activeMonths: 12 }))
        .status,
    ).toBe(403);
    const shorter = await admin.request('PUT', '/api/organisation/retention', {
      activeMonths: 12,
      archiveMonths: 60,
    });
    expect(shorter.status, JSON.stringify(shorter.body)).toBe(200);
    expect((await admin.get('/api/organisation/retention')).body.settings).toMatchObject({
      activeMonths: 12,
    });
    const [organisation] = await t.services.db
      .select({ settings: organisations.settings })
      .from(organisations)
      .where(eq(organisations.id, t.fixtures.orgA.id));
    expect((organisation!.settings as { eligibility?: unknown }).eligibility).toBeDefined();
    const result = (await runRetention(t.services, log, { today: TODAY })).find(
      (r) => r.organisationId === t.fixtures.orgA.id,
    )!;
    // 18 months without contact: archived under a 12-month setting; the 1-year-old file stays.
    expect(result.plan.archive.map((d) => d.personId)).toContain(ids.eighteenMonths);
    expect(result.plan.archive.map((d) => d.personId)).not.toContain(ids.recent);
    expect(await state([ids.recent, ids.eighteenMonths])).toEqual({
      [ids.recent]: 'active',
      [ids.eighteenMonths]: 'archived',
    });
    const withReason = await admin.request('PUT', '/api/organisation/retention', {
      activeMonths: 30,
      archiveMonths: 60,
      reason: 'Convention pluriannuelle avec le département',
    });
    expect(withReason.status).toBe(200);
    expect(withReason.body.settings.reason).toBe('Convention pluriannuelle avec le département');
  });
});
