/**
 * Training sessions, attendance, the visitor's training record, the young visitors' contract and
 * outcome, and the funders' report (issue 12, ADR 0030). Refusals write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditLog, trainingAttendance, trainingSessions, visitors } from '../../src/db/schema.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { fingerprint } from '../helpers/snapshot.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let planner: Client;
let viewer: Client;
let coordinatorLs2: Client;
let coordinatorB: Client;
const today = serviceToday();
const thisYear = Number(today.slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
  viewer = await t.login(t.fixtures.usersA.viewer.email);
  coordinatorLs2 = await t.login(t.fixtures.coordinatorLs2.email);
  coordinatorB = await t.login(t.fixtures.usersB.coordinator.email);
});
afterAll(async () => t?.close());

const session = (extra: Record<string, unknown> = {}) => ({
  kind: 'module',
  title: 'Écoute et posture du visiteur',
  heldOn: addDays(today, -7),
  startTime: '09:30',
  endTime: '12:30',
  place: 'Maison des associations',
  ledBy: 'Claire Lefèvre',
  localServiceId: t.fixtures.ls1.id,
  ...extra,
});

async function create(extra: Record<string, unknown> = {}) {
  const response = await coordinator.post('/api/training/sessions', session(extra));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

const put = (client: Client, url: string, body: unknown) => client.request('PUT', url, body);
const sheet = (id: string, marks: [string, string][], client = coordinator) =>
  put(client, `/api/training/sessions/${id}/attendance`, {
    attendance: marks.map(([visitorId, status]) => ({ visitorId, status })),
  });

async function unchanged<R extends { status: number; body: any }>(
  action: () => Promise<R>,
  status: number,
): Promise<R> {
  const before = await fingerprint(t.services.db);
  const response = await action();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(await fingerprint(t.services.db)).toEqual(before);
  return response;
}

describe('sessions', () => {
  it('creates, lists with filters, shows, changes and cancels a session', async () => {
    const id = await create({
      kind: 'seminar',
      title: 'Séminaire annuel 2024',
      heldOn: '2024-06-14',
    });
    const [row] = await t.services.db
      .select()
      .from(trainingSessions)
      .where(eq(trainingSessions.id, id));
    expect(row).toMatchObject({ kind: 'seminar', heldOn: '2024-06-14', startTime: '09:30:00' });

    const listed = await planner.get('/api/training/sessions?kind=seminar&year=2024');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(listed.body.items[0]).toMatchObject({
      startTime: '09:30',
      endTime: '12:30',
      registeredCount: 0,
      cancelledAt: null,
    });
    const none = await planner.get('/api/training/sessions?kind=tutoring&year=2001');
    expect(none.body).toMatchObject({ items: [], total: 0 });
    const paged = await planner.get('/api/training/sessions?pageSize=1&page=2');
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.total).toBeGreaterThanOrEqual(2);
    expect((await planner.get('/api/training/sessions?year=deux-mille')).status).toBe(400);

    const changed = await coordinator.patch(`/api/training/sessions/${id}`, {
      place: 'Salle du conseil',
      endTime: '17:00',
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const shown = await planner.get(`/api/training/sessions/${id}`);
    expect(shown.body).toMatchObject({
      place: 'Salle du conseil',
      endTime: '17:00',
      attendance: [],
    });

    const cancelled = await coordinator.post(`/api/training/sessions/${id}/cancel`, {
      reason: 'Intervenante malade',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.cancelledAt).toBeTruthy();
    const again = await unchanged(
      () => coordinator.post(`/api/training/sessions/${id}/cancel`, {}),
      409,
    );
    expect(again.body.message).toMatch(/^Cette séance a été annulée le /);
    await unchanged(() => sheet(id, [[t.fixtures.v1.id, 'attended']]), 409);
    await unchanged(
      () => coordinator.patch(`/api/training/sessions/${id}`, { place: 'Ailleurs' }),
      409,
    );

    const audit = await t.services.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, id));
    expect(audit.map((a) => a.action)).toEqual([
      'training.create',
      'training.update',
      'training.cancel',
    ]);
  });

  it('refuses bad times and dates in French, writing nothing', async () => {
    const before = await t.services.db.select({ n: count() }).from(trainingSessions);
    const reversed = await unchanged(
      () =>
        coordinator.post(
          '/api/training/sessions',
          session({ startTime: '14:00', endTime: '10:00' }),
        ),
      400,
    );
    expect(reversed.body.message).toBe(
      'L’heure de fin doit être après l’heure de début, le même jour.',
    );
    await unchanged(
      () => coordinator.post('/api/training/sessions', session({ heldOn: '2026-02-30' })),
      400,
    );
    await unchanged(
      () => coordinator.post('/api/training/sessions', session({ startTime: '9h' })),
      400,
    );
    await unchanged(
      () => coordinator.post('/api/training/sessions', session({ kind: 'atelier' })),
      400,
    );
    await unchanged(
      () =>
        coordinator.patch(`/api/training/sessions/${t.fixtures.trainingA.id}`, {
          startTime: '13:00',
        }),
      400,
    );
    const after = await t.services.db.select({ n: count() }).from(trainingSessions);
    expect(after).toEqual(before);
  });

  it('hides the other organisation’s and the other local service’s sessions (404), and refuses a planner (403)', async () => {
    await unchanged(
      () => coordinatorB.get(`/api/training/sessions/${t.fixtures.trainingA.id}`),
      404,
    );
    await unchanged(
      () => coordinatorB.patch(`/api/training/sessions/${t.fixtures.trainingA.id}`, { place: 'X' }),
      404,
    );
    expect(
      (await coordinatorLs2.get(`/api/training/sessions/${t.fixtures.trainingA.id}`)).status,
    ).toBe(404);
    const ls2List = await coordinatorLs2.get('/api/training/sessions');
    expect(ls2List.raw.body).not.toContain(t.fixtures.trainingA.id);
    expect((await coordinatorB.get('/api/training/sessions')).raw.body).not.toContain(
      t.fixtures.trainingA.id,
    );
    const refused = await unchanged(() => planner.post('/api/training/sessions', session()), 403);
    expect(refused.body.message).toMatch(/rôle/);
  });
});

describe('attendance', () => {
  it('registers visitors for a coming session, then marks who came once it is held', async () => {
    const coming = await create({ heldOn: addDays(today, 10) });
    const registered = await sheet(coming, [
      [t.fixtures.v1.id, 'registered'],
      [t.fixtures.v2.id, 'excused'],
    ]);
    expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    expect(registered.body).toEqual({ id: coming, registeredCount: 2, attendedCount: 0 });

    const refused = await unchanged(
      () =>
        sheet(coming, [
          [t.fixtures.v1.id, 'attended'],
          [t.fixtures.v2.id, 'excused'],
        ]),
      400,
    );
    expect(refused.body.message).toMatch(
      /^La séance du .+ n’a pas encore eu lieu : on ne peut y noter ni présence ni absence/,
    );

    const held = await create({ heldOn: today });
    const marked = await sheet(held, [
      [t.fixtures.v1.id, 'attended'],
      [t.fixtures.v2.id, 'absent'],
      [t.fixtures.v3.id, 'attended'],
    ]);
    expect(marked.body).toMatchObject({ registeredCount: 3, attendedCount: 2 });
    // The sheet replaces the list: v3 taken off, v2 excused after all.
    const corrected = await sheet(held, [
      [t.fixtures.v1.id, 'attended'],
      [t.fixtures.v2.id, 'excused'],
    ]);
    expect(corrected.status).toBe(200);
    const rows = await t.services.db
      .select({ visitorId: trainingAttendance.visitorId, status: trainingAttendance.status })
      .from(trainingAttendance)
      .where(eq(trainingAttendance.sessionId, held));
    expect(rows.sort((a, b) => a.visitorId.localeCompare(b.visitorId))).toEqual(
      [
        { visitorId: t.fixtures.v1.id, status: 'attended' },
        { visitorId: t.fixtures.v2.id, status: 'excused' },
      ].sort((a, b) => a.visitorId.localeCompare(b.visitorId)),
    );
    const audit = await t.services.db
      .select({
        action: auditLog.action,
        entityType: auditLog.entityType,
        entityId: auditLog.entityId,
      })
      .from(auditLog)
      .where(eq(auditLog.action, 'training.attendance'));
    const ofHeld = audit.filter((a) => a.entityId?.startsWith(held));
    // 3 marks, then v3 removed and v2 changed: one row per mark that changed.
    expect(ofHeld).toHaveLength(5);
    expect(new Set(ofHeld.map((a) => a.entityType))).toEqual(new Set(['training_attendance']));

    const detail = await planner.get(`/api/training/sessions/${held}`);
    expect(
      detail.body.attendance.map((a: { firstName: string; status: string }) => [
        a.firstName,
        a.status,
      ]),
    ).toEqual([
      ['Hugo', 'excused'],
      ['Inès', 'attended'],
    ]);
  });

  it('answers 404 for a visitor of another organisation and writes nothing', async () => {
    const id = await create();
    const response = await unchanged(
      () =>
        sheet(id, [
          [t.fixtures.v1.id, 'attended'],
          [t.fixtures.vB.id, 'attended'],
        ]),
      404,
    );
    expect(response.raw.body).not.toContain(t.fixtures.vB.id);
    await unchanged(() => sheet(t.fixtures.trainingB.id, [[t.fixtures.vB.id, 'absent']]), 404);
  });

  it('wants exactly one young visitor at a tutoring meeting, and each visitor once', async () => {
    const id = await create({
      kind: 'tutoring',
      title: 'Point de tutorat',
      heldOn: addDays(today, -1),
    });
    const two = await unchanged(
      () =>
        sheet(id, [
          [t.fixtures.v1.id, 'attended'],
          [t.fixtures.v2.id, 'attended'],
        ]),
      400,
    );
    expect(two.body.message).toBe(
      'Une rencontre de tutorat concerne exactement un jeune visiteur.',
    );
    await unchanged(() => sheet(id, [[t.fixtures.v3.id, 'attended']]), 400);
    const twice = await create();
    await unchanged(
      () =>
        sheet(twice, [
          [t.fixtures.v1.id, 'attended'],
          [t.fixtures.v1.id, 'absent'],
        ]),
      400,
    );
    expect((await sheet(id, [[t.fixtures.v1.id, 'attended']])).status).toBe(200);
  });

  it('will not move a session with marks to a day not yet passed', async () => {
    const id = await create({ heldOn: addDays(today, -3) });
    await sheet(id, [[t.fixtures.v2.id, 'attended']]);
    const response = await unchanged(
      () => coordinator.patch(`/api/training/sessions/${id}`, { heldOn: addDays(today, 3) }),
      400,
    );
    expect(response.body.message).toMatch(/^Des présences ou absences sont déjà notées/);
  });
});

describe('a young visitor’s contract, outcome and training record', () => {
  it('records the contract and the outcome through the write path, with their refusals', async () => {
    const v2 = t.fixtures.v2.id;
    const ok = await put(coordinator, `/api/visitors/${v2}/contract`, {
      contractType: 'cdd_insertion',
      start: '2024-01-08',
      end: '2026-11-30',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toEqual({
      id: v2,
      contractType: 'cdd_insertion',
      commitmentStart: '2024-01-08',
      commitmentEnd: '2026-11-30',
    });
    const reversed = await unchanged(
      () =>
        put(coordinator, `/api/visitors/${v2}/contract`, {
          contractType: 'cdd',
          start: '2024-01-08',
          end: '2023-01-01',
        }),
      400,
    );
    expect(reversed.body.message).toBe('La fin du contrat doit être après son début.');
    await unchanged(
      () =>
        put(coordinator, `/api/visitors/${v2}/contract`, {
          contractType: 'stage',
          start: '2024-01-08',
          end: '2026-11-30',
        }),
      400,
    );
    const volunteer = await unchanged(
      () =>
        put(coordinator, `/api/visitors/${t.fixtures.v3.id}/contract`, {
          contractType: 'cdd',
          start: '2024-01-08',
          end: '2026-11-30',
        }),
      400,
    );
    expect(volunteer.body.message).toMatch(/jeunes visiteurs salariés/);
    await unchanged(
      () =>
        put(coordinator, `/api/visitors/${t.fixtures.vB2.id}/contract`, {
          contractType: 'cdd',
          start: '2024-01-08',
          end: '2026-11-30',
        }),
      404,
    );
    await unchanged(
      () =>
        put(planner, `/api/visitors/${v2}/contract`, {
          contractType: 'cdd',
          start: '2024-01-08',
          end: '2026-11-30',
        }),
      403,
    );

    const future = await unchanged(
      () =>
        put(coordinator, `/api/visitors/${v2}/exit-outcome`, {
          outcome: 'job',
          on: addDays(today, 1),
        }),
      400,
    );
    expect(future.body.message).toMatch(/est dans le futur/);
    await unchanged(
      () =>
        put(coordinator, `/api/visitors/${v2}/exit-outcome`, { outcome: 'job', on: '2023-12-01' }),
      400,
    );
    const outcome = await put(coordinator, `/api/visitors/${v2}/exit-outcome`, {
      outcome: 'training',
      on: today,
      note: 'Entrée en formation d’aide-soignante.',
    });
    expect(outcome.body).toEqual({ id: v2, exitOutcome: 'training', exitOutcomeOn: today });
    const [row] = await t.services.db.select().from(visitors).where(eq(visitors.id, v2));
    expect(row).toMatchObject({
      exitOutcome: 'training',
      exitOutcomeNote: 'Entrée en formation d’aide-soignante.',
    });
    const audit = await t.services.db
      .select({ action: auditLog.action, diff: auditLog.diff })
      .from(auditLog)
      .where(eq(auditLog.entityId, v2));
    const noteRow = audit.find((a) => a.action === 'visitor.exit_outcome');
    expect(JSON.stringify(noteRow?.diff)).not.toContain('aide-soignante');
  });

  it('shows a visitor’s training record, and hides another organisation’s visitor', async () => {
    const record = await planner.get(`/api/visitors/${t.fixtures.v1.id}/training`);
    expect(record.status, JSON.stringify(record.body)).toBe(200);
    expect(record.body.visitor).toMatchObject({ firstName: 'Inès', kind: 'employed_young' });
    // The fixtures' module of 14 March 2025, and the sessions above where Inès came.
    expect(record.body.record.attendedByKind.module).toBeGreaterThanOrEqual(2);
    expect(record.body.record.attendedByKind.tutoring).toBe(1);
    expect(record.body.record.tutoringMeetingsHeld).toBe(1);
    expect(record.body.record.nextSessionOn).toBe(addDays(today, 10));
    expect(record.body.sessions.length).toBeGreaterThan(0);
    await unchanged(() => planner.get(`/api/visitors/${t.fixtures.vB.id}/training`), 404);
    expect((await viewer.get(`/api/visitors/${t.fixtures.v1.id}/training`)).status).toBe(403);
  });
});

describe('the young visitors report', () => {
  it('counts, per year of contract end, the contracts ended, their outcomes, training days and tutoring', async () => {
    // A world of its own: three young visitors whose contracts ended in 2023.
    const young = async (lastName: string) => {
      const response = await coordinator.post('/api/visitors', {
        kind: 'employed_young',
        lastName,
        firstName: 'Jeune',
        postalCode: '60000',
        communeName: 'Beauvais',
        mobility: 'bike',
        maxTripMinutes: 20,
        localServiceId: t.fixtures.ls1.id,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.id as string;
    };
    const [a, b, c] = [
      await young('Rapport-A'),
      await young('Rapport-B'),
      await young('Rapport-C'),
    ];
    const contract = (id: string, contractType: string, start: string, end: string) =>
      put(coordinator, `/api/visitors/${id}/contract`, { contractType, start, end });
    await contract(a, 'cdd', '2020-09-01', '2023-08-31');
    await contract(b, 'cdd_insertion', '2021-01-04', '2023-12-31');
    await contract(c, 'apprenticeship', '2021-03-01', '2023-02-28');
    await put(coordinator, `/api/visitors/${a}/exit-outcome`, { outcome: 'job', on: '2023-10-01' });
    await put(coordinator, `/api/visitors/${b}/exit-outcome`, { outcome: 'job', on: '2024-02-01' });

    const qualifying1 = await create({ kind: 'qualifying_training', heldOn: '2022-03-10' });
    const qualifying2 = await create({ kind: 'qualifying_training', heldOn: '2022-03-11' });
    const seminar = await create({
      kind: 'seminar',
      heldOn: '2022-03-11',
      startTime: null,
      endTime: null,
    });
    const tutoringA = await create({ kind: 'tutoring', heldOn: '2022-05-02' });
    const tutoringB = await create({ kind: 'tutoring', heldOn: '2022-05-03' });
    const cancelled = await create({ kind: 'module', heldOn: '2022-06-01' });
    expect(
      (
        await sheet(qualifying1, [
          [a, 'attended'],
          [b, 'attended'],
          [c, 'absent'],
        ])
      ).status,
    ).toBe(200);
    expect(
      (
        await sheet(qualifying2, [
          [a, 'attended'],
          [b, 'excused'],
        ])
      ).status,
    ).toBe(200);
    // The seminar the same day as a qualifying day: still one day of training for a.
    expect(
      (
        await sheet(seminar, [
          [a, 'attended'],
          [c, 'attended'],
        ])
      ).status,
    ).toBe(200);
    expect((await sheet(tutoringA, [[a, 'attended']])).status).toBe(200);
    expect((await sheet(tutoringB, [[b, 'absent']])).status).toBe(200);
    expect((await sheet(cancelled, [[b, 'attended']])).status).toBe(200);
    await coordinator.post(`/api/training/sessions/${cancelled}/cancel`, {});

    const report = await viewer.get('/api/reports/young-visitors?year=2023');
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.year).toBe(2023);
    expect(report.body.years).toContain(2023);
    expect(report.body.figures).toEqual({
      year: 2023,
      endedContracts: 3,
      byContractType: {
        cdd: 1,
        cdd_insertion: 1,
        civic_service: 0,
        apprenticeship: 1,
        other: 0,
        unknown: 0,
      },
      outcomes: { job: 2, training: 0, other: 0, unknown: 1 },
      // a: 10 and 11 March (2 days); b: 10 March; c: 11 March (seminar).
      trainingDaysAttended: 4,
      qualifyingTrainingDaysAttended: 3,
      tutoringMeetingsHeld: 1,
    });
    expect(report.raw.body).not.toContain('Rapport-A');
    const current = await viewer.get('/api/reports/young-visitors');
    expect(current.body.year).toBe(thisYear);
    // Another organisation sees none of these.
    const other = await coordinatorB.get('/api/reports/young-visitors?year=2023');
    expect(other.body.figures.endedContracts).toBe(0);
    expect((await viewer.get('/api/reports/young-visitors?year=1800')).status).toBe(400);

    // The same figures as a spreadsheet, its download audited.
    const csv = await viewer.get('/api/reports/young-visitors/export?year=2023&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.raw.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.raw.headers['content-disposition']).toMatch(/insertion-jeunes-2023-/);
    const lines = csv.raw.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('Indicateur;Nombre');
    expect(lines).toContain('Contrats terminés en 2023;3');
    expect(lines).toContain('Sortie : Emploi;2');
    expect(lines).toContain('Jours de formation suivis pendant le contrat;4');
    expect(lines).toContain('Rencontres de tutorat;1');
    const xlsx = await viewer.get('/api/reports/young-visitors/export?year=2023&format=xlsx');
    expect(xlsx.raw.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx.raw.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const traces = await t.services.db
      .select({ diff: auditLog.diff })
      .from(auditLog)
      .where(eq(auditLog.entityId, 'young-visitors'));
    expect(traces).toHaveLength(2);
    expect(traces[0]?.diff).toMatchObject({ rows: 14, filters: { year: 2023 } });
  });
});
