/**
 * Erasure on request (ADR 0012): after it, no table of the database (the audit trail included)
 * holds the person's names, phone, street or e-mail, while their visits are still counted; a
 * legal hold refuses it and changes nothing; only an administrator of the person's organisation
 * may do it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/database.js';
import {
  assignments,
  auditLog,
  contactLog,
  mailOutbox,
  matchReviews,
  matchSteps,
  notifications,
  people,
  visits,
  visitVisitors,
} from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: Client;
let coordinator: Client;
let personId: string;

const LAST = 'Quesnoy-Vandamme';
const FIRST = 'Philomène';
const BIRTH = 'Brébeuf';
const PHONE_DIGITS = '647382910';
const STREET = '17 rue des Glycines Pourpres';
const EMAIL = 'philo.qv@exemple.test';
const CONTACT = 'Anatole Quesnoy-Vandamme';
const FORBIDDEN = [
  LAST,
  FIRST,
  BIRTH,
  PHONE_DIGITS,
  STREET,
  EMAIL,
  'Glycines',
  'philomene',
  'quesnoy',
  'brebeuf',
];

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Every row of every table of the public schema, as JSON text, by table. */
async function dumpAll(): Promise<Record<string, string>> {
  const tables = await queryRows<{ table_name: string }>(
    t.services.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const dump: Record<string, string> = {};
  for (const { table_name: name } of tables) {
    const rows = await queryRows<{ j: string }>(
      t.services.db,
      sql.raw(`select row_to_json(t)::text as j from "${name}" t`),
    );
    dump[name] = rows.map((r) => r.j).join('\n');
  }
  return dump;
}

/** Where each forbidden value still appears (table → values). */
function leaks(dump: Record<string, string>) {
  const found: Record<string, string[]> = {};
  for (const [table, text] of Object.entries(dump)) {
    const folded = fold(text);
    const hits = FORBIDDEN.filter((value) => folded.includes(fold(value)));
    if (hits.length) found[table] = hits;
  }
  return found;
}

async function fingerprint() {
  const dump = await dumpAll();
  return Object.fromEntries(
    Object.entries(dump).map(([table, text]) => [table, text.split('\n').sort().join('\n')]),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login(t.fixtures.usersA.admin.email);
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  const f = t.fixtures;

  // A partner refers them; the coordinator accepts and opens the file from the referral.
  const partner = await t.login(f.usersA.partner.email);
  const referral = await partner.post('/api/referrals', {
    lastName: LAST,
    firstName: FIRST,
    birthDate: '1938-07-14',
    street: STREET,
    postalCode: '60000',
    communeName: 'Beauvais',
    phone: `06 47 38 29 10`,
    reason: `Mme ${FIRST} ${LAST} ne sort plus depuis l’hiver`,
    contactConsent: 'person_agreed',
    partnerName: 'Mairie de Test',
  });
  expect(referral.status, JSON.stringify(referral.body)).toBe(201);
  const created = await coordinator.post('/api/people', {
    lastName: LAST,
    firstName: FIRST,
    birthName: BIRTH,
    birthDate: '1938-07-14',
    gender: 'female',
    street: STREET,
    postalCode: '60000',
    communeName: 'Beauvais',
    email: EMAIL,
    phones: [{ number: '06 47 38 29 10' }],
    livesAlone: true,
    gir: 4,
    practicalNotes: `Sonner deux fois, ${FIRST} entend mal`,
    localServiceId: f.ls1.id,
    contacts: [
      {
        name: CONTACT,
        relationship: 'child',
        phone: '06 11 22 33 99',
        email: 'anatole.qv@exemple.test',
        isEmergencyContact: true,
        notes: `Fils de ${FIRST}`,
      },
    ],
    confirmNotDuplicate: true,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  personId = created.body.id;
  const linked = await coordinator.post(`/api/referrals/${referral.body.id}/process`, {
    status: 'accepted',
    personId,
  });
  expect(linked.status, JSON.stringify(linked.body)).toBe(200);

  // A change of the file (the audit keeps the old and new names while the file lives).
  expect(
    (await coordinator.patch(`/api/people/${personId}`, { birthName: `${BIRTH} ${LAST}` })).status,
  ).toBe(200);
  const evaluation = await coordinator.post(`/api/people/${personId}/evaluations`, {
    evaluatedOn: serviceToday(),
    answers: {
      family_seen: 1,
      family_talk_private: 1,
      family_help: 0,
      friends_seen: 1,
      friends_talk_private: 0,
      friends_help: 0,
    },
    livesAlone: true,
    notes: `${FIRST} ${LAST} vit seule au ${STREET}`,
  });
  expect(evaluation.status, JSON.stringify(evaluation.body)).toBe(201);
  const consent = await coordinator.post(`/api/people/${personId}/consents`, {
    givenOn: serviceToday(),
    method: 'written',
    givenBy: 'carer',
    givenByName: CONTACT,
    scopeVisits: true,
    scopeDataSharing: false,
    scopeHeatwaveRegister: true,
    notes: `Signé par le fils de ${FIRST}`,
  });
  expect(consent.status, JSON.stringify(consent.body)).toBe(201);
  expect(
    (
      await coordinator.post(`/api/people/${personId}/transitions`, {
        to: 'waiting',
        effectiveDate: serviceToday(),
        comment: `${FIRST} attend un binôme`,
      })
    ).status,
  ).toBe(201);

  // Two visits, one reported with a concern (which raises an alert naming her), and a notice.
  const day = addDays(serviceToday(), -3);
  const [visit] = await t.services.db
    .insert(visits)
    .values({
      organisationId: f.orgA.id,
      localServiceId: f.ls1.id,
      personId,
      weekStart: day,
      date: day,
      startTime: '10:00',
      durationMinutes: 60,
      crew: 'volunteer',
    })
    .returning();
  await t.services.db.insert(visits).values({
    organisationId: f.orgA.id,
    localServiceId: f.ls1.id,
    personId,
    weekStart: day,
    date: addDays(day, 7),
    startTime: '10:00',
    durationMinutes: 60,
    crew: 'volunteer',
  });
  await t.services.db.insert(visitVisitors).values({ visitId: visit!.id, visitorId: f.v3.id });
  const report = await coordinator.post(`/api/visits/${visit!.id}/report`, {
    clientId: crypto.randomUUID(),
    outcome: 'done',
    durationMinutes: 60,
    activities: [],
    mood: 'low',
    observations: `${FIRST} a parlé de son fils ${CONTACT}`,
    concern: `${FIRST} ${LAST} est tombée dans l’escalier`,
    concernSeverity: 'high',
    writtenAt: new Date().toISOString(),
  });
  expect(report.status, JSON.stringify(report.body)).toBe(201);
  expect(report.body.alertId).toBeTruthy();
  const note = await coordinator.patch(`/api/alerts/${report.body.alertId}`, {
    note: `Appelé ${FIRST} au 06 47 38 29 10`,
  });
  expect(note.status, JSON.stringify(note.body)).toBe(200);
  await t.services.db.insert(notifications).values({
    organisationId: f.orgA.id,
    visitorId: f.v3.id,
    kind: 'plan_change',
    recipient: 'jeanne.petit@exemple.test',
    subject: `Visite chez ${FIRST} ${LAST} déplacée`,
    body: `Bonjour Jeanne,\nLa visite chez ${FIRST} ${LAST} (${STREET}) est déplacée.`,
    status: 'sent',
  });
  // An e-mail about them still waiting in the outbox (the mail server down).
  await t.services.db.insert(mailOutbox).values({
    organisationId: f.orgA.id,
    kind: 'plan_change',
    recipient: 'jeanne.petit@exemple.test',
    subject: `Visite chez ${FIRST} ${LAST} déplacée`,
    textBody: `La visite chez ${FIRST} ${LAST} (${STREET}) est déplacée.`,
    htmlBody: `<p>La visite chez ${FIRST} ${LAST} (${STREET}) est déplacée.</p>`,
  });
  // Follow-up (issue 12): a call noted about her, a match ended with a comment, its step and its
  // review commented; written here as rows, the follow-up routes have their own tests.
  await t.services.db.insert(contactLog).values({
    organisationId: f.orgA.id,
    localServiceId: f.ls1.id,
    personId,
    channel: 'call_out',
    outcome: 'reached',
    occurredAt: new Date(),
    note: `${FIRST} demande que son fils ${CONTACT} soit prévenu`,
  });
  const [match] = await t.services.db
    .insert(assignments)
    .values({
      organisationId: f.orgA.id,
      personId,
      visitorId: f.v3.id,
      startedOn: addDays(serviceToday(), -60),
      endedOn: addDays(serviceToday(), -10),
      stage: 'ended',
      endReason: 'no_affinity',
      endComment: `${FIRST} ${LAST} préfère une visiteuse plus âgée`,
    })
    .returning();
  await t.services.db.insert(matchSteps).values({
    organisationId: f.orgA.id,
    assignmentId: match!.id,
    fromStage: 'confirmed',
    toStage: 'ended',
    effectiveOn: addDays(serviceToday(), -10),
    reason: 'no_affinity',
    comment: `Arrêt demandé par ${FIRST}`,
  });
  await t.services.db.insert(matchReviews).values({
    organisationId: f.orgA.id,
    assignmentId: match!.id,
    heldOn: addDays(serviceToday(), -12),
    decision: 'end',
    comment: `${FIRST} ${LAST} s’ennuie pendant les visites`,
  });
  expect((await admin.get(`/api/people/${personId}`)).status).toBe(200);
}, 300_000);
afterAll(async () => t?.close());

describe('erasure on request', () => {
  it('is refused to a coordinator (403) and hides another organisation’s person (404)', async () => {
    const refused = await coordinator.post(`/api/people/${personId}/erase`, {
      reason: 'Demande écrite de la personne',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/rôle ne permet pas de procéder à l’effacement/);
    const foreign = await admin.post(`/api/people/${t.fixtures.pB.id}/erase`, {
      reason: 'Demande écrite de la personne',
    });
    expect(foreign.status).toBe(404);
  });

  it('the test world really holds the person everywhere before the erasure', async () => {
    const before = leaks(await dumpAll());
    for (const table of [
      'people',
      'person_contacts',
      'referrals',
      'evaluations',
      'consents',
      'status_changes',
      'visit_reports',
      'alerts',
      'alert_events',
      'notifications',
      'mail_outbox',
      'audit_log',
      'contact_log',
      'assignments',
      'match_steps',
      'match_reviews',
    ]) {
      expect(before[table], table).toBeDefined();
    }
  });

  it('is refused under a legal hold, with its reason, and changes nothing', async () => {
    const hold = await admin.post(`/api/people/${personId}/legal-hold`, {
      kind: 'prosecutor_report',
      reason: 'Signalement au procureur pour suspicion de maltraitance',
      since: serviceToday(),
    });
    expect(hold.status, JSON.stringify(hold.body)).toBe(200);
    const before = await fingerprint();
    const refused = await admin.post(`/api/people/${personId}/erase`, {
      reason: 'Demande écrite de la personne',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('legal_hold');
    expect(refused.body.message).toMatch(/gel juridique.*signalement au procureur/);
    expect(await fingerprint()).toEqual(before);
    const lifted = await admin.post(`/api/people/${personId}/legal-hold/lift`, {
      reason: 'Classement sans suite notifié par le parquet',
    });
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    const [row] = await t.services.db
      .select({ kind: auditLog.action, diff: auditLog.diff })
      .from(auditLog)
      .where(eq(auditLog.action, 'person.legal_hold_lift'));
    expect(row?.diff).toMatchObject({
      liftReason: [null, 'Classement sans suite notifié par le parquet'],
    });
  });

  it('leaves no trace of the person in any table, the audit included, and keeps the visits', async () => {
    const [{ n: visitsBefore } = { n: 0 }] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from visits where person_id = ${personId}`,
    );
    expect(visitsBefore).toBe(2);
    const erased = await admin.post(`/api/people/${personId}/erase`, {
      reason: `Demande écrite de Mme ${FIRST} ${LAST} reçue le 1er décembre`,
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);

    expect(leaks(await dumpAll())).toEqual({});
    const [{ n: visitsAfter } = { n: 0 }] = await queryRows<{ n: number }>(
      t.services.db,
      sql`select count(*)::int as n from visits where person_id = ${personId}`,
    );
    expect(visitsAfter).toBe(visitsBefore);

    // What indicators need stays; the decision is provable (who, when, why) without the name.
    const [person] = await t.services.db.select().from(people).where(eq(people.id, personId));
    expect(person).toMatchObject({
      postalCode: '60000',
      gender: 'female',
      livesAlone: true,
      birthDate: null,
      birthYearBand: 1935,
      gir: null,
    });
    expect(person?.erasedAt).toBeInstanceOf(Date);
    const [decision] = await t.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'person.erase'));
    expect(decision).toMatchObject({
      userId: t.fixtures.usersA.admin.id,
      entityId: personId,
      subjectId: personId,
    });
    expect((decision!.diff as Record<string, unknown>).erasureReason).toEqual([
      null,
      'Demande écrite de Mme [effacé] reçue le 1er décembre',
    ]);
    // The older rows still say who did what.
    const created = await t.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'person.create'));
    const mine = created.find((row) => row.entityId === personId);
    expect(mine?.userId).toBe(t.fixtures.usersA.coordinator.id);
    expect((mine?.diff as Record<string, unknown>).lastName).toEqual([null, '[effacé]']);
  });

  it('then answers 404 for the file and leaves the person out of lists; a second erasure is refused', async () => {
    expect((await admin.get(`/api/people/${personId}`)).status).toBe(404);
    const list = await admin.get('/api/people?pageSize=100');
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(personId);
    expect(
      (
        await admin.post(`/api/people/${personId}/erase`, {
          reason: 'Demande écrite de la personne',
        })
      ).status,
    ).toBe(409);
  });
});
