/**
 * The demo data set: loaded once on an empty database, consistent with the lifecycle, the
 * eligibility rule and the territory, and the same every time for the same input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { openDatabase, type Database } from '../../src/db/database.js';
import {
  assignments,
  contactLog,
  helpKinds,
  neighbourProfiles,
  matchReviews,
  matchSteps as matchStepsTable,
  trainingAttendance,
  trainingSessions,
  visitorDocuments,
  visitorInterviews,
  visits,
  consents,
  evaluations,
  localServices,
  organisations,
  pairs,
  people,
  referrals,
  statusChanges,
  territories,
  users,
  visitors,
} from '../../src/db/schema.js';
import {
  evaluateEligibility,
  type EligibilityRuleInput,
} from '../../src/domain/admission/eligibility.js';
import {
  checkTransition,
  PERSON_STATUSES,
  type PersonStatus,
} from '../../src/domain/admission/lifecycle.js';
import { scoreLsns6 } from '../../src/domain/admission/lsns6.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/accounts.js';
import {
  generateDemoData,
  OISE_ORGANISATION_NAME,
  OISE_STATUS_COUNTS,
  type DemoData,
} from '../../src/demo/generate.js';
import { demoCommunes, seedDemo, type SeedDemoResult } from '../../src/demo/seed.js';
import { hashPassword, verifyPassword } from '../../src/server/auth/tokens.js';

const TODAY = '2025-06-16';
const TWO_YEARS_AGO = '2023-06-16';

let database: Database;
let result: SeedDemoResult;
let seedMs = 0;

type StatusRow = typeof statusChanges.$inferSelect;
type EvaluationRow = typeof evaluations.$inferSelect;

beforeAll(async () => {
  database = await openDatabase({});
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const started = performance.now();
  result = await seedDemo(database.db, { today: TODAY, passwordHash });
  seedMs = performance.now() - started;
});

afterAll(async () => {
  await database?.close();
});

async function oiseOrganisation() {
  const [org] = await database.db
    .select()
    .from(organisations)
    .where(eq(organisations.name, OISE_ORGANISATION_NAME));
  if (!org) throw new Error('Oise organisation not seeded');
  return org;
}

async function histories(): Promise<Map<string, StatusRow[]>> {
  const rows = await database.db.select().from(statusChanges).orderBy(asc(statusChanges.id));
  const byPerson = new Map<string, StatusRow[]>();
  for (const row of rows) {
    const list = byPerson.get(row.personId) ?? [];
    list.push(row);
    byPerson.set(row.personId, list);
  }
  return byPerson;
}

function currentStatus(history: StatusRow[]): PersonStatus {
  return history[history.length - 1]?.toStatus as PersonStatus;
}

describe('demo seed', () => {
  it('loads in seconds and reports its counts', () => {
    expect(result.seeded).toBe(true);
    expect(seedMs).toBeLessThan(60_000);
    console.info(
      `demo seed: ${Math.round(seedMs)} ms (inserts ${result.insertMs} ms)`,
      result.counts,
    );
    expect(result.counts?.people).toBeGreaterThanOrEqual(1000);
    expect(result.counts?.referrals).toBe(15);
  });

  it('creates two organisations, five Oise local services, and territories covering all Oise communes', async () => {
    const orgs = await database.db.select().from(organisations);
    expect(orgs).toHaveLength(2);
    const oise = await oiseOrganisation();
    expect(oise.kind).toBe('departement');
    expect(oise.settings).toEqual({
      eligibility: { minimumAge: 65, isolationThreshold: 12, requireIsolation: true },
    });
    const services = await database.db
      .select()
      .from(localServices)
      .where(eq(localServices.organisationId, oise.id));
    expect(services.map((s) => s.name).sort()).toEqual([
      'Beauvais',
      'Clermont',
      'Compiègne',
      'Creil',
      'Noyon',
    ]);
    const oiseTerritories = await database.db
      .select()
      .from(territories)
      .where(eq(territories.organisationId, oise.id));
    expect(oiseTerritories.length).toBeGreaterThan(600);
    expect(
      oiseTerritories.every((t) => t.postalCode.startsWith('60') && t.localServiceId !== null),
    ).toBe(true);
    for (const s of services) {
      expect(oiseTerritories.filter((t) => t.localServiceId === s.id).length).toBeGreaterThan(30);
    }
    const other = orgs.find((o) => o.id !== oise.id);
    const otherTerritories = await database.db
      .select()
      .from(territories)
      .where(eq(territories.organisationId, other!.id));
    expect(otherTerritories.length).toBeGreaterThan(0);
    expect(otherTerritories.every((t) => t.postalCode.startsWith('80'))).toBe(true);
  });

  it('has the expected numbers of people, visitors and pairs', async () => {
    const oise = await oiseOrganisation();
    const oisePeople = await database.db
      .select()
      .from(people)
      .where(eq(people.organisationId, oise.id));
    expect(oisePeople).toHaveLength(1000);
    const allPeople = await database.db.select().from(people);
    expect(allPeople.length - oisePeople.length).toBeGreaterThanOrEqual(10);

    const oiseVisitors = await database.db
      .select()
      .from(visitors)
      .where(eq(visitors.organisationId, oise.id));
    // The visiting volunteers; the neighbour-only ones (issue 13) are counted with neighbour help.
    const current = oiseVisitors.filter((v) => v.endedOn === null && v.roles.includes('visits'));
    const kinds = (kind: string) => current.filter((v) => v.kind === kind).length;
    expect(kinds('employed_young')).toBeGreaterThanOrEqual(70);
    expect(kinds('employed_young')).toBeLessThanOrEqual(80);
    expect(kinds('volunteer')).toBeGreaterThanOrEqual(15);
    expect(kinds('volunteer')).toBeLessThanOrEqual(25);
    expect(kinds('civic_service')).toBeGreaterThanOrEqual(2);
    expect(kinds('civic_service')).toBeLessThanOrEqual(6);

    const oisePairs = await database.db
      .select()
      .from(pairs)
      .where(eq(pairs.organisationId, oise.id));
    const active = oisePairs.filter((p) => p.dissolvedOn === null);
    expect(active.length).toBeGreaterThanOrEqual(36);
    expect(active.length).toBeLessThanOrEqual(42);
    const dissolved = oisePairs.filter((p) => p.dissolvedOn !== null);
    expect(dissolved.length).toBeGreaterThanOrEqual(2);
    expect(dissolved.every((p) => p.dissolutionReason && p.dissolvedOn! <= TODAY)).toBe(true);
  });

  it('puts Oise people in every lifecycle state, in the planned numbers', async () => {
    const oise = await oiseOrganisation();
    const ids = new Set(
      (
        await database.db
          .select({ id: people.id })
          .from(people)
          .where(eq(people.organisationId, oise.id))
      ).map((p) => p.id),
    );
    const counts = Object.fromEntries(PERSON_STATUSES.map((s) => [s, 0])) as Record<
      PersonStatus,
      number
    >;
    for (const [personId, history] of await histories()) {
      if (ids.has(personId)) counts[currentStatus(history)]++;
    }
    expect(counts).toEqual(OISE_STATUS_COUNTS);
  });

  it('places every Oise person in a commune of département 60, in the matching local service', async () => {
    const oise = await oiseOrganisation();
    const oisePeople = await database.db
      .select()
      .from(people)
      .where(eq(people.organisationId, oise.id));
    const territory = new Map(
      (
        await database.db.select().from(territories).where(eq(territories.organisationId, oise.id))
      ).map((t) => [`${t.postalCode}|${t.communeName}`, t.localServiceId]),
    );
    for (const p of oisePeople) {
      expect(p.postalCode).toMatch(/^60\d{3}$/);
      expect(territory.get(`${p.postalCode}|${p.communeName}`)).toBe(p.localServiceId);
      if (p.locationStatus === 'located') {
        expect(p.latitude).toBeGreaterThan(48.9);
        expect(p.latitude).toBeLessThan(49.9);
        expect(p.longitude).toBeGreaterThan(1.6);
        expect(p.longitude).toBeLessThan(3.3);
      } else {
        expect(p.latitude).toBeNull();
        expect(p.locationNote).toBeTruthy();
      }
      for (const phone of p.phones as { number: string }[]) {
        expect(phone.number).toMatch(/^\+33[1-9]\d{8}$/);
        expect(isValidPhoneNumber(phone.number)).toBe(true);
      }
      const age = Number(TODAY.slice(0, 4)) - Number(p.birthDate!.slice(0, 4));
      expect(age).toBeGreaterThanOrEqual(65);
      expect(age).toBeLessThanOrEqual(99);
    }
    expect(oisePeople.filter((p) => p.locationStatus === 'to_locate').length).toBeGreaterThan(0);
  });

  it('gives every person a history that starts at "referred" and follows the lifecycle', async () => {
    const allEvaluations = await database.db
      .select()
      .from(evaluations)
      .orderBy(asc(evaluations.evaluatedOn));
    const evaluationsOf = new Map<string, EvaluationRow[]>();
    for (const e of allEvaluations)
      evaluationsOf.set(e.personId, [...(evaluationsOf.get(e.personId) ?? []), e]);

    const problems: string[] = [];
    for (const [personId, history] of await histories()) {
      const first = history[0]!;
      if (first.toStatus !== 'referred' || first.fromStatus !== null)
        problems.push(`${personId}: starts at ${first.toStatus}`);
      if (first.effectiveDate < TWO_YEARS_AGO)
        problems.push(`${personId}: referred on ${first.effectiveDate}`);
      for (let i = 1; i < history.length; i++) {
        const previous = history[i - 1]!;
        const row = history[i]!;
        if (row.fromStatus !== previous.toStatus)
          problems.push(`${personId}: from ${row.fromStatus} after ${previous.toStatus}`);
        if (row.effectiveDate > TODAY) problems.push(`${personId}: ${row.toStatus} in the future`);
        const latest = (evaluationsOf.get(personId) ?? [])
          .filter((e) => e.evaluatedOn <= row.effectiveDate)
          .at(-1);
        const check = checkTransition(
          {
            status: previous.toStatus as PersonStatus,
            statusBeforePause:
              previous.toStatus === 'paused'
                ? ((history[i - 2]?.toStatus ?? null) as PersonStatus | null)
                : null,
            latestEvaluationEligible: latest ? latest.decision === 'eligible' : null,
            currentSince: previous.effectiveDate,
          },
          {
            to: row.toStatus as PersonStatus,
            reason: row.reason,
            comment: row.comment,
            until: row.until,
            effectiveDate: row.effectiveDate,
          },
        );
        if (!check.ok)
          problems.push(`${personId}: ${previous.toStatus} → ${row.toStatus}: ${check.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('stores evaluations whose decision is the rule applied to the answers, and consents from the evaluation on', async () => {
    const allEvaluations = await database.db.select().from(evaluations);
    const birth = new Map((await database.db.select().from(people)).map((p) => [p.id, p]));
    const decisions = new Set<string>();
    for (const e of allEvaluations) {
      const total = scoreLsns6({
        family_seen: e.lsnsFamilySeen,
        family_talk_private: e.lsnsFamilyTalkPrivate,
        family_help: e.lsnsFamilyHelp,
        friends_seen: e.lsnsFriendsSeen,
        friends_talk_private: e.lsnsFriendsTalkPrivate,
        friends_help: e.lsnsFriendsHelp,
      }).total;
      const person = birth.get(e.personId)!;
      const recomputed = evaluateEligibility(e.ruleApplied as EligibilityRuleInput, {
        birthDate: person.birthDate,
        evaluationDate: e.evaluatedOn,
        lsns6Total: total,
        livesAlone: e.livesAlone,
        evaluatorOpinion: e.evaluatorOpinion as 'favorable' | 'defavorable' | null,
      });
      expect(e.decision).toBe(recomputed.decision);
      expect(e.decisionReasons).toEqual(JSON.parse(JSON.stringify(recomputed.reasons)));
      decisions.add(e.decision);
    }
    expect([...decisions].sort()).toEqual(['eligible', 'not_eligible']);

    // The people admitted were isolated (LSNS-6 below 12) at their first evaluation.
    const byPerson = new Map<string, typeof allEvaluations>();
    for (const e of [...allEvaluations].sort((a, b) => (a.evaluatedOn < b.evaluatedOn ? -1 : 1))) {
      byPerson.set(e.personId, [...(byPerson.get(e.personId) ?? []), e]);
    }
    const allConsents = await database.db.select().from(consents);
    const consented = new Set(allConsents.map((c) => c.personId));
    const oise = await oiseOrganisation();
    for (const [personId, history] of await histories()) {
      const statusesSeen = new Set(history.map((h) => h.toStatus));
      if (statusesSeen.has('evaluated')) {
        expect(byPerson.get(personId)?.length ?? 0).toBeGreaterThan(0);
        expect(consented.has(personId)).toBe(true);
      }
      if (statusesSeen.has('waiting') && birth.get(personId)?.organisationId === oise.id) {
        const first = byPerson.get(personId)![0]!;
        const total =
          first.lsnsFamilySeen +
          first.lsnsFamilyTalkPrivate +
          first.lsnsFamilyHelp +
          first.lsnsFriendsSeen +
          first.lsnsFriendsTalkPrivate +
          first.lsnsFriendsHelp;
        expect(total).toBeLessThan(12);
        expect(first.decision).toBe('eligible');
      }
    }
  });

  it('assigns every active or paused person to an active pair or volunteer of their local service', async () => {
    const oise = await oiseOrganisation();
    const statusOf = new Map([...(await histories())].map(([id, h]) => [id, currentStatus(h)]));
    const oisePeople = await database.db
      .select()
      .from(people)
      .where(eq(people.organisationId, oise.id));
    const open = (
      await database.db.select().from(assignments).where(eq(assignments.organisationId, oise.id))
    ).filter((a) => a.endedOn === null);
    const pairById = new Map((await database.db.select().from(pairs)).map((p) => [p.id, p]));
    const visitorById = new Map((await database.db.select().from(visitors)).map((v) => [v.id, v]));
    const perPair = new Map<string, number>();
    for (const p of oisePeople) {
      const status = statusOf.get(p.id);
      const mine = open.filter((a) => a.personId === p.id);
      if (status === 'active' || status === 'paused') {
        expect(mine).toHaveLength(1);
        const a = mine[0]!;
        if (a.pairId) {
          const pair = pairById.get(a.pairId)!;
          expect(pair.dissolvedOn).toBeNull();
          expect(pair.localServiceId).toBe(p.localServiceId);
          expect(a.startedOn >= pair.formedOn).toBe(true);
          perPair.set(pair.id, (perPair.get(pair.id) ?? 0) + 1);
        } else {
          const v = visitorById.get(a.visitorId!)!;
          expect(v.kind).toBe('volunteer');
          expect(v.endedOn).toBeNull();
          expect(v.localServiceId).toBe(p.localServiceId);
        }
      } else {
        expect(mine).toHaveLength(0);
      }
    }
    const loads = [...perPair.values()];
    const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
    expect(mean).toBeGreaterThanOrEqual(8);
    expect(mean).toBeLessThanOrEqual(16);
    expect(Math.min(...loads)).toBeGreaterThanOrEqual(4);
    expect(Math.max(...loads)).toBeLessThanOrEqual(20);
  });

  it('links the demo visitor account to a pair member who visits several active people', async () => {
    const [account] = await database.db
      .select()
      .from(users)
      .where(eq(users.email, 'visiteur@demo.convivialite.fr'));
    expect(account?.visitorId).toBeTruthy();
    expect(account?.roles).toEqual(['visitor']);
    const [visitor] = await database.db
      .select()
      .from(visitors)
      .where(eq(visitors.id, account!.visitorId!));
    expect(visitor?.organisationId).toBe(account!.organisationId);
    const pair = (await database.db.select().from(pairs)).find(
      (p) =>
        p.dissolvedOn === null && (p.visitorAId === visitor!.id || p.visitorBId === visitor!.id),
    );
    expect(pair).toBeDefined();
    const statusOf = new Map([...(await histories())].map(([id, h]) => [id, currentStatus(h)]));
    const assigned = (
      await database.db.select().from(assignments).where(eq(assignments.pairId, pair!.id))
    ).filter((a) => a.endedOn === null && statusOf.get(a.personId) === 'active');
    expect(assigned.length).toBeGreaterThanOrEqual(5);
  });

  it('creates one demo account per role, all signing in with the demo password', async () => {
    const demoUsers = await database.db.select().from(users).where(eq(users.isDemo, true));
    expect(demoUsers).toHaveLength(DEMO_ACCOUNTS.length);
    const roles = new Set(demoUsers.flatMap((u) => u.roles));
    expect([...roles].sort()).toEqual([
      'admin',
      'coordinator',
      'operator',
      'partner',
      'planner',
      'viewer',
      'visitor',
    ]);
    const coordinators = demoUsers.filter((u) => u.roles.includes('coordinator'));
    expect(coordinators.some((u) => u.localServiceId === null)).toBe(true);
    expect(coordinators.some((u) => u.localServiceId !== null)).toBe(true);
    expect(demoUsers.find((u) => u.roles.includes('planner'))?.localServiceId).toBeNull();
    const hashes = new Set(demoUsers.map((u) => u.passwordHash));
    expect(hashes.size).toBe(1);
    expect(await verifyPassword(demoUsers[0]!.passwordHash!, DEMO_PASSWORD)).toBe(true);
  });

  it('has partner referrals in various statuses, some linked to people', async () => {
    const [partner] = await database.db
      .select()
      .from(users)
      .where(eq(users.email, 'partenaire@demo.convivialite.fr'));
    const rows = await database.db
      .select()
      .from(referrals)
      .where(eq(referrals.submittedBy, partner!.id));
    expect(rows).toHaveLength(15);
    expect(new Set(rows.map((r) => r.status))).toEqual(
      new Set(['submitted', 'in_review', 'accepted', 'declined', 'closed']),
    );
    expect(rows.filter((r) => r.personId !== null).length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.postalCode?.startsWith('60'))).toBe(true);
  });

  it('gives the matching engine a waiting list it can mostly place, with explanations', async () => {
    const { loadMatchingInput } = await import('../../src/server/matching/loader.js');
    const { proposeMatches } = await import('../../src/domain/matching/engine.js');
    const [oise] = await database.db
      .select()
      .from(organisations)
      .where(eq(organisations.kind, 'departement'));
    const input = await loadMatchingInput(
      database.db,
      { organisationId: oise!.id, localServiceId: null },
      TODAY,
    );
    expect(input.people.length).toBeGreaterThan(30);
    expect(input.units.length).toBeGreaterThan(30);
    const result = proposeMatches(input.people, input.units);
    expect(result.matched / input.people.length).toBeGreaterThan(0.5);
    const first = result.proposals.find((p) => p.choice)!;
    expect(first.choice!.explanation).toMatch(
      /^\d+ min (en voiture|à vélo|à pied|en transports en commun), \d+ créneaux? communs?/,
    );
  });

  it('does nothing when seeded a second time', async () => {
    const before = (await database.db.select({ id: people.id }).from(people)).length;
    const again = await seedDemo(database.db, { today: TODAY, passwordHash: 'unused' });
    expect(again).toEqual({ seeded: false });
    expect((await database.db.select({ id: people.id }).from(people)).length).toBe(before);
    expect(await database.db.select().from(organisations)).toHaveLength(2);
  });
});

describe('demo generator', () => {
  let communes: Awaited<ReturnType<typeof demoCommunes>>;
  beforeAll(async () => {
    communes = await demoCommunes();
  });

  it('is deterministic: the same input gives the same rows, ids included', () => {
    const a: DemoData = generateDemoData({ today: TODAY, ...communes });
    const b: DemoData = generateDemoData({ today: TODAY, ...communes });
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('follows its inputs: another day or another seed gives other data', () => {
    const a = generateDemoData({ today: TODAY, ...communes });
    const later = generateDemoData({ today: '2026-01-05', ...communes });
    const reseeded = generateDemoData({ today: TODAY, ...communes, seed: 7 });
    expect(later.people[0]?.id).toBe(a.people[0]?.id);
    expect(later.statusChanges.every((s) => s.effectiveDate <= '2026-01-05')).toBe(true);
    expect(later.statusChanges.some((s) => s.effectiveDate > TODAY)).toBe(true);
    expect(reseeded.people[0]?.id).not.toBe(a.people[0]?.id);
  });
});

describe('demo travel (issue 11: "Trajets : 21 062 minutes", 112 min per visit)', () => {
  it('sends no one on foot, by bike or by bus beyond their longest trip: they drive instead', async () => {
    const { straightLineEstimator } = await import('../../src/domain/matching/travel.js');
    const communes = await demoCommunes();
    const data = generateDemoData({ today: TODAY, ...communes });
    const visitorById = new Map(data.visitors.map((v) => [v.id, v]));
    const pairById = new Map(data.pairs.map((p) => [p.id, p]));
    const personById = new Map(data.people.map((p) => [p.id, p]));
    const tooFar: string[] = [];
    let legs = 0;
    for (const a of data.assignments.filter((x) => !x.endedOn)) {
      const person = personById.get(a.personId);
      if (!person || person.latitude == null || person.longitude == null) continue;
      const pair = a.pairId ? pairById.get(a.pairId) : undefined;
      const ids = pair ? [pair.visitorAId, pair.visitorBId] : [a.visitorId!];
      for (const id of ids) {
        const v = visitorById.get(id)!;
        if (v.mobility === 'car' || v.latitude == null || v.longitude == null) continue;
        legs++;
        const minutes = straightLineEstimator.minutes(
          { lat: v.latitude, lon: v.longitude },
          { lat: person.latitude, lon: person.longitude },
          v.mobility as 'foot' | 'bike' | 'public_transport',
        );
        if (minutes > (v.maxTripMinutes ?? 0))
          tooFar.push(`${v.firstName} ${v.lastName} (${v.mobility}) ${Math.round(minutes)} min`);
      }
    }
    expect(tooFar).toEqual([]);
    // Those who follow nobody yet keep their means: matching proposes only people within reach.
    expect(legs + data.visitors.filter((v) => v.mobility !== 'car').length).toBeGreaterThan(0);
  });
});

describe('demo follow-up (issue 12)', () => {
  const count = <T>(rows: T[], key: (row: T) => string) => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
    return counts;
  };
  const days = (from: string, n: number) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };

  it('shows every stage of the life of a match, each consistent with its dates', async () => {
    const oise = await oiseOrganisation();
    const rows = await database.db
      .select()
      .from(assignments)
      .where(eq(assignments.organisationId, oise.id));
    const stages = count(rows, (a) => a.stage);
    for (const stage of [
      'accepted',
      'announced',
      'first_visit_planned',
      'trial',
      'confirmed',
      'ended',
    ])
      expect(stages.get(stage), stage).toBeGreaterThan(0);
    expect(rows.every((a) => (a.stage === 'ended') === (a.endedOn !== null))).toBe(true);

    const allVisits = await database.db.select().from(visits);
    const visitById = new Map(allVisits.map((v) => [v.id, v]));
    const calls = await database.db.select().from(contactLog);
    for (const a of rows.filter((x) => x.stage === 'announced')) {
      const announced = calls.filter(
        (c) => c.assignmentId === a.id && c.purpose === 'match_announcement',
      );
      // Both sides called: the person and the visitor.
      expect(announced.some((c) => c.personId === a.personId)).toBe(true);
      expect(announced.some((c) => c.visitorId !== null)).toBe(true);
    }
    // A match in trial or confirmed in the last year met at a first visit done in the past, with
    // a coordinator present.
    const trials = rows.filter((a) => a.stage === 'trial');
    for (const a of trials) {
      const first = visitById.get(a.firstVisitId!);
      expect(first, a.id).toBeDefined();
      expect(first!.status).toBe('done');
      expect(first!.purpose).toBe('first_meeting');
      expect(first!.staffUserId).not.toBeNull();
      expect(first!.date < TODAY).toBe(true);
      expect(a.trialEndsOn! > first!.date).toBe(true);
    }
    expect(trials.some((a) => a.trialEndsOn! <= days(TODAY, 7))).toBe(true);
    const matchSteps = await database.db.select().from(matchStepsTable);
    expect(new Set(matchSteps.map((s) => s.assignmentId)).size).toBe(rows.length);
    expect(rows.filter((a) => a.stage === 'ended').every((a) => a.endReason !== null)).toBe(true);
  });

  it('has reviews held with the LSNS-6, and some due or late', async () => {
    const reviews = await database.db.select().from(matchReviews);
    expect(reviews.length).toBeGreaterThan(10);
    expect(reviews.every((r) => r.lsnsFamilySeen !== null && r.heldOn < TODAY)).toBe(true);
    const confirmed = await database.db
      .select()
      .from(assignments)
      .where(eq(assignments.stage, 'confirmed'));
    expect(
      confirmed.some((a) => a.nextReviewOn !== null && a.nextReviewOn <= days(TODAY, 30)),
    ).toBe(true);
  });

  it('ends matches with every reason, the person back on the waiting list with priority after no affinity', async () => {
    const ended = await database.db
      .select()
      .from(assignments)
      .where(eq(assignments.stage, 'ended'));
    const reasons = new Set(ended.map((a) => a.endReason));
    for (const reason of ['no_affinity', 'visitor_choice', 'deceased', 'moved', 'care_home'])
      expect(reasons, reason).toContain(reason);
    const prioritised = await database.db.select().from(people);
    const back = prioritised.filter((p) => p.waitingPriorityReason === 'no_affinity');
    expect(back.length).toBeGreaterThan(0);
    const byPerson = await histories();
    for (const p of back) {
      expect(currentStatus(byPerson.get(p.id)!)).toBe('waiting');
      expect(ended.some((a) => a.personId === p.id && a.endReason === 'no_affinity')).toBe(true);
    }
  });

  it('logs calls, messages and letters, with callbacks due today and late for the coordinator and the operator', async () => {
    const calls = await database.db.select().from(contactLog);
    const channels = new Set(calls.map((c) => c.channel));
    for (const channel of ['call_out', 'voicemail', 'sms', 'letter'])
      expect(channels).toContain(channel);
    const accounts = await database.db.select().from(users);
    const idOf = (key: string) =>
      accounts.find((u) => u.email === DEMO_ACCOUNTS.find((a) => a.key === key)!.email)!.id;
    for (const key of ['coordinator', 'operator']) {
      const pending = calls.filter(
        (c) => c.callbackOwnerId === idOf(key) && c.callbackOn && !c.callbackDoneAt,
      );
      expect(
        pending.some((c) => c.callbackOn === TODAY),
        key,
      ).toBe(true);
      expect(
        pending.some((c) => c.callbackOn! < TODAY),
        key,
      ).toBe(true);
    }
    expect(calls.every((c) => c.occurredAt.toISOString().slice(0, 10) <= TODAY)).toBe(true);
  });

  it('has visitors at every stage of the journey, with their documents', async () => {
    const oise = await oiseOrganisation();
    const rows = await database.db
      .select()
      .from(visitors)
      .where(eq(visitors.organisationId, oise.id));
    const stages = count(rows, (v) => v.journeyStage);
    for (const stage of [
      'applied',
      'interview',
      'checks',
      'training',
      'active',
      'suspended',
      'ended',
    ])
      expect(stages.get(stage), stage).toBeGreaterThan(0);
    const applied = rows.filter((v) => v.journeyStage === 'applied');
    expect(new Set(applied.map((v) => v.applicationSource))).toEqual(new Set(['web', 'staff']));
    const suspended = rows.find((v) => v.journeyStage === 'suspended')!;
    expect(suspended.suspendedReason).toBeTruthy();
    expect(suspended.suspendedUntil! > TODAY).toBe(true);
    expect(rows.filter((v) => v.journeyStage === 'ended').every((v) => v.endedReason)).toBe(true);
    const interviews = await database.db.select().from(visitorInterviews);
    expect(new Set(interviews.map((i) => i.outcome)).size).toBe(3);

    const documents = await database.db.select().from(visitorDocuments);
    const insurance = documents.filter((d) => d.kind === 'insurance' && d.expiresOn);
    expect(insurance.some((d) => d.expiresOn! >= TODAY && d.expiresOn! <= days(TODAY, 30))).toBe(
      true,
    );
    expect(insurance.some((d) => d.expiresOn! < TODAY)).toBe(true);

    const employed = rows.filter((v) => v.kind === 'employed_young');
    expect(employed.every((v) => v.contractType && v.commitmentStart && v.commitmentEnd)).toBe(
      true,
    );
    expect(employed.some((v) => v.exitOutcome && v.exitOutcomeOn! <= TODAY)).toBe(true);
  });

  it('has the kinds of help and a handful of active neighbours around the Oise’s towns', async () => {
    const kinds = await database.db.select().from(helpKinds);
    const orgs = await database.db.select().from(organisations);
    expect(kinds).toHaveLength(8 * orgs.length);
    const oise = await oiseOrganisation();
    const profiles = await database.db
      .select()
      .from(neighbourProfiles)
      .where(eq(neighbourProfiles.organisationId, oise.id));
    expect(profiles.length).toBeGreaterThanOrEqual(5);
    const byId = new Map(
      (await database.db.select().from(visitors).where(eq(visitors.organisationId, oise.id))).map(
        (v) => [v.id, v],
      ),
    );
    const neighbours = profiles.map((p) => byId.get(p.visitorId)!);
    expect(neighbours.every((v) => v.roles.includes('neighbour_help'))).toBe(true);
    expect(neighbours.some((v) => v.roles.includes('visits'))).toBe(true);
    const only = neighbours.filter((v) => !v.roles.includes('visits'));
    expect(only.filter((v) => v.journeyStage === 'active').length).toBeGreaterThanOrEqual(3);
    expect(only.some((v) => v.journeyStage === 'applied')).toBe(true);
    expect(only.every((v) => v.latitude !== null && v.communeName)).toBe(true);
    const codes = new Set(kinds.map((k) => k.code));
    expect(profiles.every((p) => p.offers.every((code) => codes.has(code)))).toBe(true);
  });

  it('holds training sessions of every kind over the year, with attendance', async () => {
    const sessions = await database.db.select().from(trainingSessions);
    const kinds = new Set(sessions.map((s) => s.kind));
    for (const kind of [
      'module',
      'seminar',
      'practice_analysis',
      'qualifying_training',
      'tutoring',
    ])
      expect(kinds).toContain(kind);
    expect(sessions.some((s) => s.heldOn < days(TODAY, -300))).toBe(true);
    const attendance = await database.db.select().from(trainingAttendance);
    const past = new Set(sessions.filter((s) => s.heldOn < TODAY).map((s) => s.id));
    expect(
      attendance.filter((a) => past.has(a.sessionId)).every((a) => a.status !== 'registered'),
    ).toBe(true);
    expect(attendance.some((a) => a.status === 'attended')).toBe(true);
  });
});
