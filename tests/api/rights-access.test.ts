/**
 * Right of access (RGPD art. 15): the JSON and PDF exports of everything held about a person,
 * who may ask for them, and the trace each export leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import {
  alertEvents,
  auditLog,
  matchReviews,
  matchSteps,
  referrals,
  visitReports,
  visits,
} from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { pdfText } from '../helpers/pdf-text.js';

let t: TestApp;
let coordinator: Client;
const today = serviceToday();
const ACCENTS = 'é è à ç œ ’ «»';
const OBSERVATION = 'Elle a parlé de son jardin et de ses petits-enfants, très souriante.';
const ALERT_NOTE = 'Appel à la fille : elle passe ce soir.';
const FOLLOW_UP = 'Nous l’appelons cette semaine.';
const CALL_NOTE = 'A confirmé le créneau du mardi.';
const REVIEW_NOTE = 'Les visites du mardi lui conviennent.';
const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
/** "2 décembre 2026", written here without Intl so the test does not share the code it checks. */
const longDate = (iso: string) =>
  `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

const exportAuditRows = async (personId: string) =>
  t.services.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'person.export'), eq(auditLog.entityId, personId)));

beforeAll(async () => {
  t = await createTestApp();
  const f = t.fixtures;
  const db = t.services.db;
  coordinator = await t.login(f.usersA.coordinator.email);

  // What the platform comes to hold about Hélène Lefèvre (p1): an evaluation, a consent, a visit
  // with its report, a note on her alert, a referral about her, an opening of her file.
  const evaluation = await coordinator.post(`/api/people/${f.p1.id}/evaluations`, {
    evaluatedOn: today,
    answers: {
      family_seen: 1,
      family_talk_private: 1,
      family_help: 0,
      friends_seen: 2,
      friends_talk_private: 1,
      friends_help: 1,
    },
    livesAlone: true,
    notes: 'Très isolée depuis le décès de son mari.',
  });
  expect(evaluation.status, JSON.stringify(evaluation.body)).toBe(201);
  const consent = await coordinator.post(`/api/people/${f.p1.id}/consents`, {
    givenOn: today,
    method: 'oral',
    givenBy: 'person',
    scopeVisits: true,
    scopeDataSharing: true,
    scopeHeatwaveRegister: false,
    notes: `Accents : ${ACCENTS} — émoji 🙂`,
  });
  expect(consent.status, JSON.stringify(consent.body)).toBe(201);
  const [visit] = await db
    .insert(visits)
    .values({
      organisationId: f.orgA.id,
      localServiceId: f.ls1.id,
      personId: f.p1.id,
      assignmentId: f.assignment.id,
      weekStart: addDays(today, -7),
      date: addDays(today, -3),
      startTime: '14:00',
      durationMinutes: 90,
      crew: 'pair',
      status: 'done',
    })
    .returning();
  await db.insert(visitReports).values({
    organisationId: f.orgA.id,
    visitId: visit!.id,
    clientId: crypto.randomUUID(),
    outcome: 'done',
    durationMinutes: 80,
    activities: ['conversation', 'walk'],
    mood: 'good',
    observations: OBSERVATION,
    concern: 'Escalier de la cave glissant.',
    concernSeverity: 'low',
    writtenAt: new Date(),
    submittedBy: f.usersA.visitor.id,
  });
  await db.insert(alertEvents).values({
    alertId: f.alertA.id,
    userId: f.usersA.coordinator.id,
    kind: 'note',
    details: { text: ALERT_NOTE },
  });
  await db
    .update(referrals)
    .set({ personId: f.p1.id, status: 'accepted', statusNote: FOLLOW_UP })
    .where(eq(referrals.id, f.refA.id));
  // The life of her match (issue 12): a step and a review, both noted.
  await db.insert(matchSteps).values({
    organisationId: f.orgA.id,
    assignmentId: f.assignment.id,
    fromStage: 'trial',
    toStage: 'confirmed',
    effectiveOn: addDays(today, -20),
    comment: 'Essai concluant.',
    changedBy: f.usersA.coordinator.id,
  });
  await db.insert(matchReviews).values({
    organisationId: f.orgA.id,
    assignmentId: f.assignment.id,
    heldOn: addDays(today, -2),
    personSatisfaction: 5,
    visitorSatisfaction: 4,
    decision: 'continue',
    comment: REVIEW_NOTE,
    heldBy: f.usersA.coordinator.id,
  });
  const call = await coordinator.post('/api/contacts', {
    personId: f.p1.id,
    channel: 'call_out',
    outcome: 'reached',
    occurredAt: new Date(Date.now() - 600_000).toISOString(),
    note: CALL_NOTE,
  });
  expect(call.status, JSON.stringify(call.body)).toBe(201);
  expect((await coordinator.get(`/api/people/${f.p1.id}`)).status).toBe(200);
});
afterAll(async () => t?.close());

describe('right of access: JSON export', () => {
  it('holds the identity, file, evaluations, consents, visits and reports, alerts, referrals and who opened the file', async () => {
    const f = t.fixtures;
    const response = await coordinator.get(`/api/people/${f.p1.id}/export.json`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.raw.headers['content-disposition']).toMatch(
      /attachment; filename="donnees-helene-lefevre-\d{4}-\d{2}-\d{2}\.json"/,
    );
    const data = response.body;
    expect(data.format).toBe('convivialite.access-export');
    expect(data.exportedBy).toEqual({ id: f.usersA.coordinator.id, name: 'coordinator test' });
    expect(data.person).toMatchObject({
      id: f.p1.id,
      lastName: 'Lefèvre',
      firstName: 'Hélène',
      birthDate: '1940-03-12',
      status: 'active',
      statusLabel: 'Visites en cours',
    });
    expect(data.person.phones).toEqual([
      { number: '+33612345678', display: '06 12 34 56 78', label: null },
    ]);
    expect(data.statusHistory.map((s: { toStatus: string }) => s.toStatus)).toEqual([
      'referred',
      'evaluated',
      'waiting',
      'active',
    ]);

    expect(data.evaluations).toHaveLength(1);
    expect(data.evaluations[0]).toMatchObject({
      evaluatedOn: today,
      notes: 'Très isolée depuis le décès de son mari.',
      decision: expect.any(String),
    });
    expect(data.evaluations[0].lsns6.total).toBe(6);
    expect(data.evaluations[0].lsns6.answers.map((a: { value: number }) => a.value)).toEqual([
      1, 1, 0, 2, 1, 1,
    ]);

    expect(data.consents).toHaveLength(1);
    expect(data.consents[0].scopes).toEqual({
      visits: true,
      dataSharing: true,
      heatwaveRegister: false,
    });

    const reported = data.visits.find((v: { report: unknown }) => v.report);
    expect(reported.report).toMatchObject({
      observations: OBSERVATION,
      concern: 'Escalier de la cave glissant.',
      outcomeLabel: 'A eu lieu',
      activityLabels: ['Conversation', 'Promenade'],
    });
    expect(reported.visitors).toEqual([]);
    expect(data.visits.map((v: { id: string }) => v.id)).toContain(f.visitA.id);
    expect(data.assignments[0].visitors).toEqual(['Inès Martin', 'Hugo Bernard']);

    const alert = data.alerts.find((a: { id: string }) => a.id === f.alertA.id);
    expect(alert).toMatchObject({ title: 'Inquiétude : Hélène Lefèvre', kindLabel: 'Inquiétude' });
    expect(alert.events).toContainEqual(
      expect.objectContaining({ kind: 'note', text: ALERT_NOTE, by: 'coordinator test' }),
    );

    // The contact log: the fixtures' unanswered call, then the call noted above, oldest first.
    expect(
      data.contactLog.map((c: { outcomeLabel: string; note: string | null; by: string | null }) => [
        c.outcomeLabel,
        c.note,
      ]),
    ).toEqual([
      ['Pas de réponse', null],
      ['Échange avec la personne', CALL_NOTE],
    ]);
    expect(data.contactLog[1]).toMatchObject({
      channelLabel: 'Appel passé',
      by: 'coordinator test',
    });
    const match = data.assignments.find((a: { id: string }) => a.id === f.assignment.id);
    expect(match.steps).toEqual([
      {
        effectiveOn: addDays(today, -20),
        stage: 'confirmed',
        stageLabel: 'Appariement confirmé',
        comment: 'Essai concluant.',
        by: 'coordinator test',
      },
    ]);
    expect(match.reviews[0]).toMatchObject({
      decisionLabel: 'Continuer',
      personSatisfaction: 5,
      visitorSatisfaction: 4,
      comment: REVIEW_NOTE,
    });
    expect(data.referrals).toHaveLength(1);
    expect(data.referrals[0]).toMatchObject({
      id: f.refA.id,
      partnerName: 'Mairie de Test',
      statusNote: FOLLOW_UP,
      reason: 'Vit seul depuis le décès de sa femme',
    });

    const opened = data.accessLog.filter((row: { action: string }) => row.action === 'person.read');
    expect(opened.length).toBeGreaterThanOrEqual(1);
    expect(opened[0]).toMatchObject({
      kind: 'read',
      who: 'coordinator test',
      actionLabel: 'A ouvert la fiche',
    });
    expect(Date.parse(opened[0].at)).not.toBeNaN();
    expect(data.accessLog.map((row: { action: string }) => row.action)).toEqual(
      expect.arrayContaining(['evaluation.create', 'consent.create', 'person.export']),
    );
    // Nothing of another person.
    expect(JSON.stringify(data)).not.toContain(f.p2.id);
  });

  it('is itself audited as a read of the person’s data', async () => {
    const f = t.fixtures;
    const before = (await exportAuditRows(f.p1.id)).length;
    expect((await coordinator.get(`/api/people/${f.p1.id}/export.json`)).status).toBe(200);
    const rows = await exportAuditRows(f.p1.id);
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({
      kind: 'read',
      entityType: 'person',
      subjectId: f.p1.id,
      userId: f.usersA.coordinator.id,
      organisationId: f.orgA.id,
      diff: null,
    });
  });
});

describe('right of access: PDF export', () => {
  it('is a real PDF, in French, with the person’s name, the sections and their contents', async () => {
    const f = t.fixtures;
    const response = await coordinator.get(`/api/people/${f.p1.id}/export.pdf`);
    expect(response.status).toBe(200);
    expect(response.raw.headers['content-type']).toBe('application/pdf');
    expect(response.raw.headers['content-disposition']).toMatch(
      /filename="donnees-helene-lefevre-.*\.pdf"/,
    );
    const pdf = response.raw.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');

    const text = pdfText(pdf);
    expect(text).toContain('Données personnelles d’Hélène Lefèvre');
    expect(text).toContain(
      `Document établi le ${longDate(today)} par coordinator test, Département Test.`,
    );
    for (const title of [
      'Identité',
      'Dossier : adresse, contacts et préférences',
      'Historique du parcours',
      'Évaluations sociales',
      'Consentements',
      'Visites et comptes rendus',
      'Appels et contacts',
      'Alertes',
      'Signalements',
      'Qui a consulté ou modifié le dossier',
    ]) {
      expect(text, title).toContain(title);
    }
    expect(text).toContain('Téléphone : 06 12 34 56 78');
    expect(text).toContain('Date de naissance : 12 mars 1940');
    expect(text).toContain(`Évaluation du ${longDate(today)}`);
    expect(text).toContain('Score LSNS-6 : 6/30');
    expect(text).toContain('Très isolée depuis le décès de son mari.');
    expect(text).toContain(OBSERVATION);
    expect(text).toContain(ALERT_NOTE);
    expect(text).toContain(FOLLOW_UP);
    expect(text).toContain(`Note : ${CALL_NOTE}`);
    expect(text).toContain(`Commentaire du bilan : ${REVIEW_NOTE}`);
    expect(text).toContain('Satisfaction de la personne : 5/5');
    expect(text).toContain('Résultat : Pas de réponse');
    expect(text).toContain('A ouvert la fiche');
    // WinAnsi covers French; what it cannot print comes out as "?", never as a wrong letter.
    expect(text).toContain(`Accents : ${ACCENTS} — émoji ?`);
  });
});

describe('right of access: who may ask', () => {
  it('hides a person of another organisation or local service (404) and leaves no trace', async () => {
    const f = t.fixtures;
    const before = (await exportAuditRows(f.pB.id)).length;
    for (const path of ['export.json', 'export.pdf']) {
      expect((await coordinator.get(`/api/people/${f.pB.id}/${path}`)).status).toBe(404);
    }
    const otherOrganisation = await t.login(f.usersB.coordinator.email);
    expect((await otherOrganisation.get(`/api/people/${f.p1.id}/export.json`)).status).toBe(404);
    expect((await otherOrganisation.get(`/api/people/${f.p1.id}/export.pdf`)).status).toBe(404);
    const otherService = await t.login(f.coordinatorLs2.email);
    expect((await otherService.get(`/api/people/${f.p1.id}/export.json`)).status).toBe(404);
    expect(await exportAuditRows(f.pB.id)).toHaveLength(before);
  });

  it('refuses roles that may not export (visitor, partner, planner, operator) with a French reason', async () => {
    const f = t.fixtures;
    const before = (await exportAuditRows(f.p1.id)).length;
    for (const role of ['visitor', 'partner', 'planner', 'operator', 'viewer'] as const) {
      const client = await t.login(f.usersA[role].email);
      for (const path of ['export.json', 'export.pdf']) {
        const response = await client.get(`/api/people/${f.p1.id}/${path}`);
        expect(response.status, `${role} ${path}`).toBe(403);
        expect(response.body.message).toBe(
          'Votre rôle ne permet pas d’exporter les données d’une personne.',
        );
      }
    }
    expect(await exportAuditRows(f.p1.id)).toHaveLength(before);
  });

  it('lets an administrator export', async () => {
    const admin = await t.login(t.fixtures.usersA.admin.email);
    expect((await admin.get(`/api/people/${t.fixtures.p1.id}/export.json`)).status).toBe(200);
  });
});
