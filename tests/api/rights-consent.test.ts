/**
 * Withdrawing a consent has its effects at once and says which: visits no longer consented are
 * cancelled and the assignment ends (only when no other consent in force covers visits),
 * partners stop seeing the follow-up of their referral, the heatwave register is said not to
 * exist yet; every change is on the withdrawal's audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { assignments, auditLog, referrals, visits } from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let partner: Client;
const today = serviceToday();
const FOLLOW_UP = 'Nous l’appelons cette semaine.';

const consentOf = (scopes: {
  scopeVisits: boolean;
  scopeDataSharing: boolean;
  scopeHeatwaveRegister: boolean;
}) =>
  coordinator.post(`/api/people/${t.fixtures.p1.id}/consents`, {
    givenOn: today,
    method: 'written',
    givenBy: 'person',
    ...scopes,
  });
const withdraw = (consentId: string) =>
  coordinator.post(`/api/people/${t.fixtures.p1.id}/consents/${consentId}/withdraw`, {
    withdrawnOn: today,
  });
const visitOf = async (id: string) =>
  (await t.services.db.select().from(visits).where(eq(visits.id, id)))[0]!;
const currentAssignments = () =>
  t.services.db
    .select()
    .from(assignments)
    .where(and(eq(assignments.personId, t.fixtures.p1.id), isNull(assignments.endedOn)));

let pastVisitId: string;
let laterVisitId: string;

beforeAll(async () => {
  t = await createTestApp();
  const f = t.fixtures;
  coordinator = await t.login(f.usersA.coordinator.email);
  partner = await t.login(f.usersA.partner.email);
  // p1 has the fixtures' planned visit next Monday; add one later and one in the past still marked planned.
  const base = {
    organisationId: f.orgA.id,
    localServiceId: f.ls1.id,
    personId: f.p1.id,
    assignmentId: f.assignment.id,
    startTime: '10:00',
    durationMinutes: 60,
    crew: 'pair',
  };
  const [later] = await t.services.db
    .insert(visits)
    .values({ ...base, weekStart: addDays(f.nextMonday, 7), date: addDays(f.nextMonday, 9) })
    .returning();
  const [past] = await t.services.db
    .insert(visits)
    .values({ ...base, weekStart: addDays(today, -14), date: addDays(today, -10) })
    .returning();
  laterVisitId = later!.id;
  pastVisitId = past!.id;
  // The partner's referral became p1's file, with a follow-up note for the partner.
  await t.services.db
    .update(referrals)
    .set({ personId: f.p1.id, status: 'accepted', statusNote: FOLLOW_UP })
    .where(eq(referrals.id, f.refA.id));
});
afterAll(async () => t?.close());

describe('consent withdrawal', () => {
  let broad: string;
  let visitsOnly: string;

  it('changes nothing for visits while another consent in force still covers them, and says so', async () => {
    broad = (
      await consentOf({ scopeVisits: true, scopeDataSharing: true, scopeHeatwaveRegister: true })
    ).body.id;
    visitsOnly = (
      await consentOf({ scopeVisits: true, scopeDataSharing: false, scopeHeatwaveRegister: false })
    ).body.id;
    expect(
      (await partner.get(`/api/referrals/${t.fixtures.refA.id}`)).body.referral.statusNote,
    ).toBe(FOLLOW_UP);

    const response = await withdraw(broad);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.effects).toEqual([
      'Partage avec les partenaires : le partenaire qui l’a signalée ne voit plus que le statut du signalement ; la note de suivi leur est masquée.',
      'Registre canicule et grand froid : la plateforme ne tient pas encore de registre, il n’y a aucune inscription à retirer. Si la commune l’a inscrite sur son propre registre, prévenez-la.',
      'Visites : un autre consentement en vigueur le couvre encore, rien n’est changé.',
    ]);
    expect((await visitOf(t.fixtures.visitA.id)).status).toBe('planned');
    expect(await currentAssignments()).toHaveLength(1);
  });

  it('shows partners only the status of their referral once data sharing is withdrawn', async () => {
    const one = await partner.get(`/api/referrals/${t.fixtures.refA.id}`);
    expect(one.status).toBe(200);
    expect(one.body.referral).toMatchObject({ status: 'accepted', statusNote: null });
    const list = await partner.get('/api/referrals');
    expect(list.body.items.find((r: { id: string }) => r.id === t.fixtures.refA.id)).toMatchObject({
      status: 'accepted',
      statusNote: null,
    });
    // Staff still see their own note.
    expect(
      (await coordinator.get(`/api/referrals/${t.fixtures.refA.id}`)).body.referral.statusNote,
    ).toBe(FOLLOW_UP);
  });

  it('cancels the future planned visits and ends the assignment when the last consent to visits goes', async () => {
    const f = t.fixtures;
    const response = await withdraw(visitsOnly);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.effects).toHaveLength(2);
    expect(response.body.effects[0]).toMatch(
      /^Visites : les 2 visites prévues à partir du \d{1,2} \S+ \d{4} sont annulées \(motif : « consentement retiré »\)\.$/,
    );
    expect(response.body.effects[1]).toMatch(
      /^Visites : le suivi par son binôme ou son visiteur prend fin le \d{1,2} \S+ \d{4} ; aucune nouvelle visite ne sera planifiée\.$/,
    );

    for (const id of [f.visitA.id, laterVisitId])
      expect(await visitOf(id)).toMatchObject({
        status: 'cancelled',
        cancelReason: 'consentement retiré',
      });
    // What happened before the withdrawal is not rewritten.
    expect((await visitOf(pastVisitId)).status).toBe('planned');
    expect(await currentAssignments()).toHaveLength(0);
    const [ended] = await t.services.db
      .select()
      .from(assignments)
      .where(eq(assignments.id, f.assignment.id));
    expect(ended!.endedOn).toBe(today);

    // Every change is on the withdrawal's trail, about the person.
    const rows = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'consent.withdraw'), eq(auditLog.subjectId, f.p1.id)));
    const ofThisWithdrawal = rows.filter(
      (r) => r.entityId === visitsOnly || r.entityType !== 'consent',
    );
    expect(ofThisWithdrawal.map((r) => `${r.entityType}:${r.entityId}`).sort()).toEqual(
      [
        `consent:${visitsOnly}`,
        `visit:${f.visitA.id}`,
        `visit:${laterVisitId}`,
        `assignment:${f.assignment.id}`,
      ].sort(),
    );
    const visitRow = rows.find((r) => r.entityId === f.visitA.id)!;
    expect(visitRow).toMatchObject({ kind: 'write', userId: f.usersA.coordinator.id });
    expect((visitRow.diff as Record<string, unknown>).status).toEqual(['planned', 'cancelled']);
    const assignmentRow = rows.find((r) => r.entityType === 'assignment')!;
    expect((assignmentRow.diff as Record<string, unknown>).endedOn).toEqual([null, today]);
  });

  it('says when a consent covered nothing, and changes nothing', async () => {
    const none = (
      await consentOf({ scopeVisits: false, scopeDataSharing: false, scopeHeatwaveRegister: false })
    ).body.id;
    const response = await withdraw(none);
    expect(response.body.effects).toEqual([
      'Ce consentement ne couvrait aucun usage : rien d’autre ne change.',
    ]);
  });

  it('leaves data and audit untouched when the withdrawal is refused', async () => {
    const f = t.fixtures;
    const before = (await t.services.db.select().from(auditLog)).length;
    const again = await withdraw(visitsOnly);
    expect(again.status).toBe(409);
    expect((await t.services.db.select().from(auditLog)).length).toBe(before);
    expect((await visitOf(pastVisitId)).status).toBe('planned');
    expect(
      (
        await coordinator.post(`/api/people/${f.pB.id}/consents/${visitsOnly}/withdraw`, {
          withdrawnOn: today,
        })
      ).status,
    ).toBe(404);
  });
});
