/** Matching through the API: proposals for the waiting list, acceptance, and who sees what. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { assignments, auditLog, pairs, statusChanges } from '../../src/db/schema.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let planner: Client;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
});
afterAll(async () => t?.close());

const weekdays = Array.from({ length: 5 }, (_, i) => ({
  weekday: i + 1,
  startTime: '09:00',
  endTime: '18:00',
}));

describe('matching', () => {
  it('says why nobody is proposed while the pair has no availability', async () => {
    const answer = await planner.post('/api/matching/proposals', {});
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const marcelle = answer.body.proposals.find(
      (p: { person: { id: string } }) => p.person.id === t.fixtures.p3.id,
    );
    expect(marcelle.choice).toBeNull();
    expect(marcelle.unmatchedReason).toMatch(/créneaux communs/);
    // Only people waiting are proposed: Hélène (active) and Marcel (referred) are not there.
    const ids = answer.body.proposals.map((p: { person: { id: string } }) => p.person.id);
    expect(ids).not.toContain(t.fixtures.p1.id);
    expect(ids).not.toContain(t.fixtures.p2.id);
  });

  it('proposes the pair with a readable explanation once it has common windows', async () => {
    for (const v of [t.fixtures.v1, t.fixtures.v2]) {
      const set = await coordinator.request('PUT', `/api/visitors/${v.id}/availability`, {
        slots: weekdays,
      });
      expect(set.status, JSON.stringify(set.body)).toBeLessThan(300);
    }
    const answer = await planner.post('/api/matching/proposals', {});
    const proposal = answer.body.proposals.find(
      (p: { person: { id: string } }) => p.person.id === t.fixtures.p3.id,
    );
    expect(proposal.choice).toMatchObject({
      unitId: t.fixtures.pair.id,
      unitKind: 'pair',
      unitLabel: 'Inès Martin et Hugo Bernard',
    });
    expect(proposal.choice.explanation).toMatch(/^\d+ min en voiture, 5 créneaux communs, /);
    expect(answer.body.matched).toBe(1);
  });

  it('lets a coordinator accept (not a planner): the person gets the pair and becomes active, audited', async () => {
    const item = { personId: t.fixtures.p3.id, unitId: t.fixtures.pair.id };
    expect((await planner.post('/api/matching/accept', { items: [item] })).status).toBe(403);
    const accepted = await coordinator.post('/api/matching/accept', { items: [item] });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.accepted).toBe(1);
    const file = await coordinator.get(`/api/people/${t.fixtures.p3.id}`);
    expect(file.body.status ?? file.body.person?.status).toBe('active');
    const current = await t.services.db
      .select()
      .from(assignments)
      .where(and(eq(assignments.personId, t.fixtures.p3.id), isNull(assignments.endedOn)));
    expect(current.map((a) => a.pairId)).toEqual([t.fixtures.pair.id]);
    const audit = await t.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'matching.accept'))
      .orderBy(auditLog.id);
    // The assignment created, its first step (ADR 0028) and the status change, about the person.
    expect(audit.map((a) => [a.entityType, a.subjectId])).toEqual([
      ['assignment', t.fixtures.p3.id],
      ['match_step', t.fixtures.p3.id],
      ['person', t.fixtures.p3.id],
    ]);
    expect(audit.find((a) => a.entityType === 'assignment')?.entityId).toBe(current[0]!.id);
    expect(audit.find((a) => a.entityType === 'person')?.diff).toEqual({
      status: ['waiting', 'active'],
    });

    const again = await coordinator.post('/api/matching/accept', { items: [item] });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(
      'Ligne 1 : Odette Moreau est déjà suivie par ce binôme ou ce visiteur.',
    );
  });

  it('re-optimises on request only: the people visited now come with their unit, kept when nothing better', async () => {
    const keep = await coordinator.post('/api/matching/proposals', {});
    expect(keep.body.proposals.map((p: { person: { id: string } }) => p.person.id)).not.toContain(
      t.fixtures.p1.id,
    );
    const again = await coordinator.post('/api/matching/proposals', { mode: 'reoptimise' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const helene = again.body.proposals.find(
      (p: { person: { id: string } }) => p.person.id === t.fixtures.p1.id,
    );
    expect(helene.current).toEqual({
      unitId: t.fixtures.pair.id,
      unitLabel: 'Inès Martin et Hugo Bernard',
    });
    expect(helene.unchanged).toBe(true);
    expect((await coordinator.post('/api/matching/proposals', { mode: 'tout' })).status).toBe(400);
  });

  it('shows the visitors of the pair their new person, and nobody else’s', async () => {
    const visitor = await t.login(t.fixtures.usersA.visitor.email);
    const list = await visitor.get('/api/people?pageSize=100');
    const ids = list.body.items.map((p: { id: string }) => p.id).sort();
    expect(ids).toEqual([t.fixtures.p1.id, t.fixtures.p3.id].sort());
    expect((await visitor.post('/api/matching/proposals', {})).status).toBe(403);
  });

  it('refuses the whole batch when a unit is full, and changes nothing', async () => {
    // Marcel becomes waiting; the pair is given a single place, already taken twice.
    await t.services.db.insert(statusChanges).values([
      {
        personId: t.fixtures.p2.id,
        fromStatus: 'referred',
        toStatus: 'evaluated',
        effectiveDate: '2026-01-02',
      },
      {
        personId: t.fixtures.p2.id,
        fromStatus: 'evaluated',
        toStatus: 'waiting',
        effectiveDate: '2026-01-03',
      },
    ]);
    await t.services.db.update(pairs).set({ capacity: 2 }).where(eq(pairs.id, t.fixtures.pair.id));
    const before = await t.services.db.select().from(assignments);
    const full = await coordinator.post('/api/matching/accept', {
      items: [{ personId: t.fixtures.p2.id, unitId: t.fixtures.pair.id }],
    });
    expect(full.status).toBe(409);
    expect(full.body.message).toMatch(/^Ligne 1 : .*n’a plus de place/);
    expect(await t.services.db.select().from(assignments)).toEqual(before);
    const proposals = await coordinator.post('/api/matching/proposals', {});
    const marcel = proposals.body.proposals.find(
      (p: { person: { id: string } }) => p.person.id === t.fixtures.p2.id,
    );
    expect(marcel.choice).toBeNull();
    expect(marcel.unmatchedReason).toMatch(/binôme ou bénévole possible mais déjà complet/);
  });

  it('moves people between units in one batch, a place freed by one used by the next', async () => {
    // The pair is full (Hélène and Odette, capacity 2); Marcel waits. Hélène moves to Jeanne,
    // a volunteer, and Marcel takes her place in the pair: only possible in one batch.
    await coordinator.request('PUT', `/api/visitors/${t.fixtures.v3.id}/availability`, {
      slots: weekdays,
    });
    const batch = await coordinator.post('/api/matching/accept', {
      items: [
        { personId: t.fixtures.p2.id, unitId: t.fixtures.pair.id },
        { personId: t.fixtures.p1.id, unitId: t.fixtures.v3.id },
      ],
    });
    expect(batch.status, JSON.stringify(batch.body)).toBe(200);
    const current = await t.services.db
      .select()
      .from(assignments)
      .where(isNull(assignments.endedOn));
    const unitOf = (id: string) =>
      current.filter((a) => a.personId === id).map((a) => a.pairId ?? a.visitorId);
    expect(unitOf(t.fixtures.p1.id)).toEqual([t.fixtures.v3.id]);
    expect(unitOf(t.fixtures.p2.id)).toEqual([t.fixtures.pair.id]);
    expect(unitOf(t.fixtures.p3.id)).toEqual([t.fixtures.pair.id]);
    // Hélène stays active: no new status, but the move is audited.
    const helene = await t.services.db
      .select()
      .from(statusChanges)
      .where(eq(statusChanges.personId, t.fixtures.p1.id));
    expect(helene.at(-1)?.toStatus).toBe('active');
    expect(helene.filter((c) => c.comment === 'Appariement accepté')).toHaveLength(0);
    const moves = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'matching.accept'), eq(auditLog.subjectId, t.fixtures.p1.id)))
      .orderBy(auditLog.id);
    // The pair's assignment ended (with its step), the volunteer's created (with its first
    // step, ADR 0028); no status row.
    expect(moves.map((m) => m.entityType)).toEqual([
      'assignment',
      'match_step',
      'assignment',
      'match_step',
    ]);
    expect(moves[0]?.diff).toMatchObject({
      endedOn: [null, expect.any(String)],
      stage: ['confirmed', 'ended'],
    });
    expect(moves[2]?.diff).toMatchObject({ visitorId: [null, t.fixtures.v3.id] });
  });

  it('refuses bad input and another organisation’s person', async () => {
    expect((await coordinator.post('/api/matching/accept', { items: [] })).status).toBe(400);
    const twice = { personId: t.fixtures.p2.id, unitId: t.fixtures.pair.id };
    expect((await coordinator.post('/api/matching/accept', { items: [twice, twice] })).status).toBe(
      400,
    );
    const foreign = await coordinator.post('/api/matching/accept', {
      items: [{ personId: t.fixtures.pB.id, unitId: t.fixtures.pair.id }],
    });
    expect(foreign.status).toBe(404);
    expect(
      (await coordinator.post('/api/matching/proposals', { localServiceId: t.fixtures.orgB.id }))
        .status,
    ).toBe(400);
  });
});
