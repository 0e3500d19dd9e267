/**
 * The write mechanism for visitors, pairs, referrals, the organisation and matching acceptance:
 * each write leaves exactly the audit rows it should (action, record, the person it is about,
 * free text masked), and a refused write leaves neither data nor audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import {
  assignments,
  auditLog,
  authTokens,
  helpKinds,
  localServices,
  organisations,
  pairs,
  people,
  referrals,
  territories,
  users,
  visitorAbsences,
  visitors,
} from '../../src/db/schema.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: Client;
let coordinator: Client;
let coordinatorLs2: Client;
let planner: Client;
let operator: Client;
let partner: Client;

beforeAll(async () => {
  t = await createTestApp();
  const { usersA, coordinatorLs2: ls2 } = t.fixtures;
  admin = await t.login(usersA.admin.email);
  coordinator = await t.login(usersA.coordinator.email);
  coordinatorLs2 = await t.login(ls2.email);
  planner = await t.login(usersA.planner.email);
  operator = await t.login(usersA.operator.email);
  partner = await t.login(usersA.partner.email);
});

afterAll(async () => {
  await t.close();
});

const lastAuditId = async () => {
  const [row] = await t.services.db
    .select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)::int` })
    .from(auditLog);
  return row!.id;
};
const rowsAfter = (id: number) =>
  t.services.db.select().from(auditLog).where(gt(auditLog.id, id)).orderBy(asc(auditLog.id));
/** What identifies an audit row: kind, action, record, and the person it is about. */
const shape = (rows: (typeof auditLog.$inferSelect)[]) =>
  rows.map((r) => [r.kind, r.action, r.entityType, r.entityId, r.subjectId]);

/** Runs a request and returns it with the audit rows it left. */
async function audited<T>(run: () => Promise<T>) {
  const since = await lastAuditId();
  const response = await run();
  return { response, rows: await rowsAfter(since) };
}

/** A refused request: its status, its French message, and no audit row. */
async function refused(
  run: () => Promise<{ status: number; body: { message?: string } }>,
  status: number,
  message: string,
) {
  const { response, rows } = await audited(run);
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.message).toBe(message);
  expect(rows).toEqual([]);
}

const newVisitor = async (extra: Record<string, unknown> = {}) => {
  const created = await coordinator.post('/api/visitors', {
    kind: 'volunteer',
    mobility: 'car',
    lastName: 'Garnier',
    firstName: 'Lucie',
    localServiceId: t.fixtures.ls1.id,
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
};

describe('visitors and pairs', () => {
  it('creates and updates a visitor: one row each, contact details masked, nothing else', async () => {
    const { response, rows } = await audited(() =>
      coordinator.post('/api/visitors', {
        kind: 'volunteer',
        mobility: 'car',
        lastName: 'Roussel',
        firstName: 'Claire',
        phone: '06 11 22 33 44',
        email: 'claire.roussel@exemple.test',
        localServiceId: t.fixtures.ls1.id,
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const id = response.body.id;
    expect(shape(rows)).toEqual([['write', 'visitor.create', 'visitor', id, null]]);
    expect(rows[0]!.userId).toBe(t.fixtures.usersA.coordinator.id);
    const diff = rows[0]!.diff as Record<string, [unknown, unknown]>;
    expect(diff.lastName).toEqual([null, 'Roussel']);
    expect(diff.phone).toEqual([null, '[masqué]']);
    expect(diff.email).toEqual([null, '[masqué]']);
    expect(JSON.stringify(rows)).not.toMatch(/claire\.roussel|611223344/);

    const update = await audited(() =>
      planner.patch(`/api/visitors/${id}`, { commitmentStart: '2025-09-01' }),
    );
    expect(update.response.status).toBe(200);
    expect(shape(update.rows)).toEqual([['write', 'visitor.update', 'visitor', id, null]]);
    expect(update.rows[0]!.diff).toEqual({ commitmentStart: [null, '2025-09-01'] });
  });

  it('refuses a visitor to a role without the right, and another organisation’s or service’s visitor, writing nothing', async () => {
    const count = await t.services.db.$count(visitors);
    await refused(
      () =>
        planner.post('/api/visitors', {
          kind: 'volunteer',
          mobility: 'car',
          lastName: 'Non',
          firstName: 'Créé',
        }),
      403,
      'Votre rôle ne permet pas de créer un visiteur.',
    );
    expect(await t.services.db.$count(visitors)).toBe(count);
    await refused(
      () => coordinator.patch(`/api/visitors/${t.fixtures.vB.id}`, { gender: 'female' }),
      404,
      'Visiteur introuvable.',
    );
    await refused(
      () => coordinatorLs2.patch(`/api/visitors/${t.fixtures.v3.id}`, { gender: 'female' }),
      404,
      'Visiteur introuvable.',
    );
    await refused(
      () =>
        coordinator.post(`/api/visitors/${t.fixtures.vB.id}/end`, {
          endedOn: '2025-10-01',
          reason: null,
        }),
      404,
      'Visiteur introuvable.',
    );
    const [vB] = await t.services.db
      .select()
      .from(visitors)
      .where(eq(visitors.id, t.fixtures.vB.id));
    expect(vB).toMatchObject({ gender: null, endedOn: null });
    const [v3] = await t.services.db
      .select()
      .from(visitors)
      .where(eq(visitors.id, t.fixtures.v3.id));
    expect(v3!.gender).toBeNull();
  });

  it('records a departure with its reason given but masked', async () => {
    const id = await newVisitor();
    const { response, rows } = await audited(() =>
      coordinator.post(`/api/visitors/${id}/end`, {
        endedOn: '2025-12-31',
        reason: 'Déménage à Lyon chez sa fille',
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(shape(rows)).toEqual([['write', 'visitor.end', 'visitor', id, null]]);
    expect(rows[0]!.diff).toEqual({ endedOn: [null, '2025-12-31'], reason: [null, '[masqué]'] });
    expect(JSON.stringify(rows)).not.toMatch(/Lyon/);
  });

  it('puts each availability slot added or removed on the trail, and an unchanged slot not at all', async () => {
    const id = await newVisitor();
    const url = `/api/visitors/${id}/availability`;
    const first = await audited(() =>
      planner.request('PUT', url, {
        slots: [
          { weekday: 1, startTime: '09:00', endTime: '12:00' },
          { weekday: 3, startTime: '14:00', endTime: '17:00' },
        ],
      }),
    );
    expect(first.response.status).toBe(200);
    expect(first.rows.map((r) => [r.action, r.entityType])).toEqual([
      ['visitor.availability', 'visitor_availability'],
      ['visitor.availability', 'visitor_availability'],
    ]);
    expect(first.rows.map((r) => (r.diff as Record<string, unknown[]>).weekday)).toEqual([
      [null, 1],
      [null, 3],
    ]);
    const kept = first.rows[0]!.entityId;

    const second = await audited(() =>
      planner.request('PUT', url, {
        slots: [
          { weekday: 1, startTime: '09:00', endTime: '12:00' },
          { weekday: 5, startTime: '10:00', endTime: '11:00' },
        ],
      }),
    );
    expect(second.response.body.slots).toEqual([
      { weekday: 1, startTime: '09:00', endTime: '12:00' },
      { weekday: 5, startTime: '10:00', endTime: '11:00' },
    ]);
    // Wednesday removed, Friday added; Monday untouched.
    expect(second.rows.map((r) => (r.diff as Record<string, unknown[]>).weekday)).toEqual([
      [3, null],
      [null, 5],
    ]);
    expect(second.rows.map((r) => r.entityId)).not.toContain(kept);
    await refused(
      () => planner.request('PUT', `/api/visitors/${t.fixtures.vB.id}/availability`, { slots: [] }),
      404,
      'Visiteur introuvable.',
    );
  });

  it('records and deletes an absence as its own record, its note masked', async () => {
    const id = await newVisitor();
    const added = await audited(() =>
      planner.post(`/api/visitors/${id}/absences`, {
        kind: 'sick',
        startsOn: '2030-03-02',
        endsOn: '2030-03-06',
        note: 'Opération du genou',
      }),
    );
    expect(added.response.status, JSON.stringify(added.response.body)).toBe(201);
    const absenceId = added.response.body.id;
    expect(shape(added.rows)).toEqual([
      ['write', 'visitor.absence.create', 'visitor_absence', absenceId, null],
    ]);
    expect(added.rows[0]!.diff).toMatchObject({
      kind: [null, 'sick'],
      startsOn: [null, '2030-03-02'],
      note: [null, '[masqué]'],
      visitorId: [null, id],
    });
    expect(JSON.stringify(added.rows)).not.toMatch(/genou/);

    // Another organisation's visitor: the absence does not exist for this user.
    await refused(
      () => coordinator.delete(`/api/visitors/${t.fixtures.vB.id}/absences/${absenceId}`),
      404,
      'Visiteur introuvable.',
    );
    await refused(
      () => coordinatorLs2.delete(`/api/visitors/${id}/absences/${absenceId}`),
      404,
      'Visiteur introuvable.',
    );
    expect(await t.services.db.$count(visitorAbsences, eq(visitorAbsences.id, absenceId))).toBe(1);

    const deleted = await audited(() =>
      planner.delete(`/api/visitors/${id}/absences/${absenceId}`),
    );
    expect(deleted.response.status).toBe(200);
    expect(shape(deleted.rows)).toEqual([
      ['write', 'visitor.absence.delete', 'visitor_absence', absenceId, null],
    ]);
    expect(deleted.rows[0]!.diff).toMatchObject({ kind: ['sick', null], note: ['[masqué]', null] });
    await refused(
      () => planner.delete(`/api/visitors/${id}/absences/${absenceId}`),
      404,
      'Absence introuvable.',
    );
  });

  it('forms a pair (one row), refusing another organisation’s visitor with nothing written', async () => {
    const a = await newVisitor({ firstName: 'Alice' });
    const b = await newVisitor({ firstName: 'Bruno' });
    const pairsBefore = await t.services.db.$count(pairs);
    await refused(
      () =>
        planner.post('/api/pairs', {
          visitorAId: a,
          visitorBId: t.fixtures.vB.id,
          formedOn: '2025-09-01',
        }),
      404,
      'Visiteur introuvable.',
    );
    await refused(
      () =>
        planner.post('/api/pairs', {
          visitorAId: t.fixtures.vB.id,
          visitorBId: a,
          formedOn: '2025-09-01',
        }),
      404,
      'Visiteur introuvable.',
    );
    await refused(
      () => operator.post('/api/pairs', { visitorAId: a, visitorBId: b, formedOn: '2025-09-01' }),
      403,
      'Votre rôle ne permet pas de former ou dissoudre un binôme.',
    );
    expect(await t.services.db.$count(pairs)).toBe(pairsBefore);

    const { response, rows } = await audited(() =>
      planner.post('/api/pairs', { visitorAId: a, visitorBId: b, formedOn: '2025-09-01' }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(shape(rows)).toEqual([['write', 'pair.create', 'pair', response.body.id, null]]);
    expect(rows[0]!.diff).toMatchObject({
      visitorAId: [null, a],
      visitorBId: [null, b],
      formedOn: [null, '2025-09-01'],
    });
  });
});

describe('matching acceptance', () => {
  it('puts the created assignment and the status change on the trail, about the person', async () => {
    const item = { personId: t.fixtures.p3.id, unitId: t.fixtures.v3.id };
    await refused(
      () => planner.post('/api/matching/accept', { items: [item] }),
      403,
      'Votre rôle ne permet pas d’accepter un appariement.',
    );
    // Another organisation's person, or one of another local service: 404, and the whole batch
    // is refused (the valid line is not written either).
    await refused(
      () =>
        coordinator.post('/api/matching/accept', {
          items: [item, { personId: t.fixtures.pB.id, unitId: t.fixtures.v3.id }],
        }),
      404,
      'Personne introuvable.',
    );
    const { ls1 } = t.fixtures;
    await t.services.db
      .update(users)
      .set({ localServiceId: ls1.id })
      .where(eq(users.id, t.fixtures.coordinatorLs2.id));
    const ls1Coordinator = await t.login(t.fixtures.coordinatorLs2.email);
    await refused(
      () => ls1Coordinator.post('/api/matching/accept', { items: [item] }),
      404,
      'Personne introuvable.',
    );
    await t.services.db
      .update(users)
      .set({ localServiceId: t.fixtures.ls2.id })
      .where(eq(users.id, t.fixtures.coordinatorLs2.id));
    expect(
      await t.services.db.$count(assignments, eq(assignments.personId, t.fixtures.p3.id)),
    ).toBe(0);

    const { response, rows } = await audited(() =>
      coordinator.post('/api/matching/accept', { items: [item] }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const [created] = await t.services.db
      .select()
      .from(assignments)
      .where(eq(assignments.personId, t.fixtures.p3.id));
    // The match starts at "accepted" with its first step (ADR 0028).
    expect(shape(rows)).toEqual([
      ['write', 'matching.accept', 'assignment', created!.id, t.fixtures.p3.id],
      ['write', 'matching.accept', 'match_step', expect.any(String), t.fixtures.p3.id],
      ['write', 'matching.accept', 'person', t.fixtures.p3.id, t.fixtures.p3.id],
    ]);
    expect(rows[0]!.diff).toMatchObject({
      personId: [null, t.fixtures.p3.id],
      visitorId: [null, t.fixtures.v3.id],
    });
    expect(rows[2]!.diff).toEqual({ status: ['waiting', 'active'] });
  });
});

describe('dissolving a pair', () => {
  it('puts the pair, the assignment ended and the one created on the trail, about the person', async () => {
    const { pair, p1, assignment, v3 } = t.fixtures;
    await refused(
      () =>
        coordinatorLs2.post(`/api/pairs/${pair.id}/dissolve`, {
          dissolvedOn: '2025-06-30',
          reason: 'Fin de contrat',
          endAssignments: true,
        }),
      404,
      'Binôme introuvable.',
    );
    const { response, rows } = await audited(() =>
      coordinator.post(`/api/pairs/${pair.id}/dissolve`, {
        dissolvedOn: '2025-06-30',
        reason: 'Fin de contrat',
        reassignTo: { pairId: null, visitorId: v3.id },
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const [created] = await t.services.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.personId, p1.id), eq(assignments.visitorId, v3.id)));
    expect(shape(rows)).toEqual([
      ['write', 'pair.dissolve', 'pair', pair.id, null],
      ['write', 'pair.dissolve', 'assignment', assignment.id, p1.id],
      ['write', 'assignment.create', 'assignment', created!.id, p1.id],
    ]);
    expect(rows[0]!.diff).toEqual({
      dissolvedOn: [null, '2025-06-30'],
      dissolutionReason: [null, 'Fin de contrat'],
    });
    expect(rows[1]!.diff).toEqual({ endedOn: [null, '2025-06-30'] });
  });
});

describe('referrals', () => {
  it('creates a referral: one row, the reason and contact details masked', async () => {
    const { response, rows } = await audited(() =>
      partner.post('/api/referrals', {
        lastName: 'Lambert',
        firstName: 'Germaine',
        street: '12 rue Carnot',
        postalCode: '60000',
        communeName: 'Beauvais',
        phone: '03 44 45 46 47',
        reason: 'Ne sort plus depuis l’hiver',
        contactConsent: 'person_agreed',
        partnerName: 'CCAS de Beauvais',
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(shape(rows)).toEqual([['write', 'referral.create', 'referral', response.body.id, null]]);
    const diff = rows[0]!.diff as Record<string, [unknown, unknown]>;
    expect(diff.reason).toEqual([null, '[masqué]']);
    expect(diff.street).toEqual([null, '[masqué]']);
    expect(diff.lastName).toEqual([null, 'Lambert']);
    expect(JSON.stringify(rows)).not.toMatch(/hiver|Carnot|344454647/);
  });

  it('opens the file from the referral in the same write: the referral row and the person’s, both about the person', async () => {
    const { refA } = t.fixtures;
    await refused(
      () =>
        operator.post(`/api/referrals/${refA.id}/process`, {
          status: 'accepted',
          createPerson: true,
        }),
      403,
      'Votre rôle ne permet pas de traiter un signalement.',
    );
    await refused(
      () =>
        coordinator.post(`/api/referrals/${t.fixtures.refB.id}/process`, { status: 'in_review' }),
      404,
      'Signalement introuvable.',
    );
    const peopleBefore = await t.services.db.$count(people);

    const { response, rows } = await audited(() =>
      coordinator.post(`/api/referrals/${refA.id}/process`, {
        status: 'accepted',
        note: 'Visite d’évaluation mardi',
        createPerson: true,
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const personId = response.body.personId;
    expect(await t.services.db.$count(people)).toBe(peopleBefore + 1);
    expect(shape(rows)).toEqual([
      ['write', 'referral.process', 'referral', refA.id, personId],
      ['write', 'person.create', 'person', personId, personId],
    ]);
    expect(rows[0]!.diff).toEqual({
      status: ['submitted', 'accepted'],
      statusNote: [null, '[masqué]'],
      personId: [null, personId],
    });
    expect(JSON.stringify(rows)).not.toMatch(/mardi/);

    // Reading it leaves a trace about the person, for staff and partner alike.
    for (const client of [coordinator, partner]) {
      const read = await audited(() => client.get(`/api/referrals/${refA.id}`));
      expect(read.response.status).toBe(200);
      expect(shape(read.rows)).toEqual([['read', 'referral.read', 'referral', refA.id, personId]]);
    }
  });

  it('links an existing file (locked, in scope): the referral row is about that person; another organisation’s person is refused', async () => {
    const created = await partner.post('/api/referrals', {
      lastName: 'Durand',
      firstName: 'Marcel',
      reason: 'Déjà suivi ?',
      contactConsent: 'not_asked',
      partnerName: 'Mairie de Test',
    });
    const id = created.body.id;
    await refused(
      () =>
        coordinator.post(`/api/referrals/${id}/process`, {
          status: 'accepted',
          personId: t.fixtures.pB.id,
        }),
      404,
      'Personne introuvable.',
    );
    // A coordinator of another local service cannot link Marcel Durand (service 1).
    await refused(
      () =>
        coordinatorLs2.post(`/api/referrals/${id}/process`, {
          status: 'accepted',
          personId: t.fixtures.p2.id,
        }),
      404,
      'Personne introuvable.',
    );
    const [still] = await t.services.db.select().from(referrals).where(eq(referrals.id, id));
    expect(still).toMatchObject({ status: 'submitted', personId: null });

    const { response, rows } = await audited(() =>
      coordinator.post(`/api/referrals/${id}/process`, {
        status: 'accepted',
        personId: t.fixtures.p2.id,
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(shape(rows)).toEqual([['write', 'referral.process', 'referral', id, t.fixtures.p2.id]]);
  });
});

describe('the organisation', () => {
  it('changes the settings: one row, the rule before and after in clear', async () => {
    const eligibility = {
      minimumAge: 70,
      isolationThreshold: 12,
      requireIsolation: true,
      allowedDepartmentCodes: null,
    };
    await refused(
      () => coordinator.patch('/api/organisation/settings', { eligibility }),
      403,
      'Votre rôle ne permet pas de modifier l’organisation.',
    );
    const { response, rows } = await audited(() =>
      admin.patch('/api/organisation/settings', { eligibility }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(shape(rows)).toEqual([
      ['write', 'organisation.update_settings', 'organisation', t.fixtures.orgA.id, null],
    ]);
    const [before, after] = (
      rows[0]!.diff as {
        settings: [
          { eligibility: { minimumAge: number } },
          { eligibility: { minimumAge: number } },
        ];
      }
    ).settings;
    expect([before.eligibility.minimumAge, after.eligibility.minimumAge]).toEqual([65, 70]);
  });

  it('adds a local service and a commune, and removes a commune: one row each', async () => {
    const service = await audited(() =>
      admin.post('/api/organisation/local-services', { name: 'Service Senlis' }),
    );
    expect(service.response.status).toBe(201);
    expect(shape(service.rows)).toEqual([
      [
        'write',
        'organisation.create_local_service',
        'local_service',
        service.response.body.id,
        null,
      ],
    ]);
    expect(service.rows[0]!.diff).toMatchObject({ name: [null, 'Service Senlis'] });
    await refused(
      () => admin.post('/api/organisation/local-services', { name: 'service senlis' }),
      409,
      'Un service local s’appelle déjà « service senlis ».',
    );
    expect(
      await t.services.db.$count(
        localServices,
        eq(localServices.organisationId, t.fixtures.orgA.id),
      ),
    ).toBe(3);

    const commune = await audited(() =>
      admin.post('/api/organisation/territories', { postalCode: '60000', communeName: 'Beauvais' }),
    );
    expect(commune.response.status, JSON.stringify(commune.response.body)).toBe(201);
    const territoryId = commune.response.body.id;
    expect(shape(commune.rows)).toEqual([
      ['write', 'organisation.add_territory', 'territory', territoryId, null],
    ]);

    await refused(
      () => admin.delete(`/api/organisation/territories/${t.fixtures.territoryB.id}`),
      404,
      'Commune du territoire introuvable.',
    );
    expect(
      await t.services.db.$count(territories, eq(territories.id, t.fixtures.territoryB.id)),
    ).toBe(1);
    const removed = await audited(() =>
      admin.delete(`/api/organisation/territories/${territoryId}`),
    );
    expect(removed.response.status).toBe(204);
    expect(shape(removed.rows)).toEqual([
      ['write', 'organisation.remove_territory', 'territory', territoryId, null],
    ]);
    expect(removed.rows[0]!.diff).toMatchObject({
      postalCode: ['60000', null],
      communeName: ['Beauvais', null],
    });
  });

  it('creates an organisation from the command line: the organisation, its admin and the invitation token on the trail', async () => {
    const { createOrganisation } = await import('../../src/server/organisations/service.js');
    const { createInvitation } = await import('../../src/server/users/service.js');
    const { systemContext } = await import('../../src/server/http/context.js');
    const ctx = systemContext(t.services, t.app.log, 'cli:create-organisation');
    const invite = (
      tx: Parameters<typeof createInvitation>[0],
      user: { id: string; email: string; organisationId: string },
      trail: Parameters<typeof createInvitation>[1],
    ) => createInvitation(tx, trail, t.services, user, null);
    const { result, rows: trail } = await (async () => {
      const since = await lastAuditId();
      const result = await createOrganisation(
        ctx,
        {
          name: 'CCAS de Crépy',
          kind: 'ccas',
          adminEmail: 'direction@crepy.test',
          adminName: 'Denise Crépy',
        },
        invite,
      );
      return { result, rows: await rowsAfter(since) };
    })();
    const [token] = await t.services.db
      .select()
      .from(authTokens)
      .where(eq(authTokens.userId, result.admin.id));
    expect(result.invitation.link).toMatch(/\/invitation\?jeton=/);
    // The organisation's default kinds of help (ADR 0033) are on the same trail, one row each.
    const kinds = await t.services.db
      .select({ id: helpKinds.id })
      .from(helpKinds)
      .where(eq(helpKinds.organisationId, result.organisation.id));
    expect(kinds.length).toBeGreaterThan(0);
    const kindRows = trail.filter((r) => r.entityType === 'help_kind');
    expect(kindRows.map((r) => r.entityId).sort()).toEqual(kinds.map((k) => k.id).sort());
    const rows = trail.filter((r) => r.entityType !== 'help_kind');
    expect(shape(rows)).toEqual([
      ['write', 'organisation.create', 'organisation', result.organisation.id, null],
      ['write', 'organisation.create', 'user', result.admin.id, null],
      ['write', 'organisation.create', 'auth_token', token!.id, null],
    ]);
    for (const row of rows)
      expect(row).toMatchObject({
        organisationId: result.organisation.id,
        userId: null,
        source: 'cli:create-organisation',
      });
    expect((rows[1]!.diff as Record<string, unknown>).email).toEqual([null, '[masqué]']);
    expect((rows[2]!.diff as Record<string, unknown>).tokenHash).toEqual([null, '[masqué]']);
    expect(JSON.stringify(rows)).not.toContain(token!.tokenHash);

    // Refused (the address already has an account): nothing created, nothing audited.
    const since = await lastAuditId();
    const count = await t.services.db.$count(organisations);
    await expect(
      createOrganisation(
        ctx,
        { name: 'Autre', kind: 'ccas', adminEmail: 'direction@crepy.test', adminName: 'X' },
        invite,
      ),
    ).rejects.toThrow(/Un compte existe déjà/);
    expect(await t.services.db.$count(organisations)).toBe(count);
    expect(await rowsAfter(since)).toEqual([]);
  });
});
