import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { straightLineEstimator } from '../../matching/travel.js';
import { checkMove, describeViolation, planWeek, repairWeek } from './index.js';
import {
  DEFAULT_PLANNING_SETTINGS,
  type PlanningSettings,
  type VisitDemand,
  type WeekInput,
  type WeeklyWindow,
} from './model.js';
import { checkPlan, feasibleDemands, fitsAlone } from './verify.js';

const WEEK = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
const weekdays = (start = 9 * 60, end = 17 * 60 + 30): WeeklyWindow[] =>
  [0, 1, 2, 3, 4].map((day) => ({ day: day as WeeklyWindow['day'], start, end }));

function visitor(
  id: string,
  pairId: string | null,
  lat: number,
  extra: { unavailableDates?: string[]; availability?: WeeklyWindow[] } = {},
) {
  return {
    id,
    home: { lat, lon: 2.08 },
    mobility: 'car' as const,
    availability: extra.availability ?? weekdays(),
    unavailableDates: extra.unavailableDates ?? [],
    pairId,
  };
}

function demand(
  id: string,
  unitId: string,
  lat: number,
  extra: Partial<VisitDemand> = {},
): VisitDemand {
  return {
    id,
    personId: id.split(':')[0]!,
    unitId,
    location: { lat, lon: 2.1 },
    durationMinutes: 90,
    place: 'home',
    personAvailability: [],
    preferredDays: [],
    preferredPeriods: [],
    previous: null,
    siblingIds: [],
    ...extra,
  };
}

function week(
  demands: VisitDemand[],
  extra: { visitors?: ReturnType<typeof visitor>[]; settings?: Partial<PlanningSettings> } = {},
): WeekInput {
  return {
    weekStart: WEEK[0]!,
    openDates: WEEK,
    visitors: extra.visitors ?? [
      visitor('a', 'P1', 49.4),
      visitor('b', 'P1', 49.41),
      visitor('c', 'P2', 49.42),
      visitor('d', 'P2', 49.43),
      visitor('e', null, 49.44),
    ],
    units: [
      { id: 'P1', kind: 'pair', memberIds: ['a', 'b'] },
      { id: 'P2', kind: 'pair', memberIds: ['c', 'd'] },
      { id: 'e', kind: 'volunteer', memberIds: ['e'] },
    ],
    demands,
    settings: { ...DEFAULT_PLANNING_SETTINGS, ...extra.settings },
    travel: straightLineEstimator,
    seed: 3,
    timeLimitMs: 60_000,
    maxIterations: 400,
  };
}

describe('planWeek', () => {
  it('plans every visit inside every rule, with both pair members at the same start', () => {
    const demands = [
      ...Array.from({ length: 8 }, (_, i) =>
        demand(`p${i}:1`, i % 2 ? 'P1' : 'P2', 49.38 + i * 0.01),
      ),
      demand('q:1', 'P1', 49.4, { siblingIds: ['q:2'] }),
      demand('q:2', 'P1', 49.4, { siblingIds: ['q:1'] }),
      demand('r:1', 'e', 49.45, { personAvailability: [{ day: 2, start: 14 * 60, end: 17 * 60 }] }),
    ];
    const input = week(demands);
    const plan = planWeek(input);
    expect(plan.unplanned).toEqual([]);
    expect(plan.planned).toHaveLength(demands.length);
    expect(checkPlan(input, plan.planned)).toEqual([]);
    const pairVisit = plan.planned.find((p) => p.demandId === 'p1:1')!;
    expect(pairVisit.visitorIds).toEqual(['a', 'b']);
    expect(pairVisit.crew).toBe('pair');
    const q = plan.planned.filter((p) => p.demandId.startsWith('q:'));
    expect(new Set(q.map((p) => p.date)).size).toBe(2);
    const r = plan.planned.find((p) => p.demandId === 'r:1')!;
    expect(r).toMatchObject({ date: '2026-12-02', visitorIds: ['e'], crew: 'volunteer' });
    expect(r.start).toBeGreaterThanOrEqual(14 * 60);
  });

  it('is deterministic for a seed and an iteration budget', () => {
    const demands = Array.from({ length: 12 }, (_, i) =>
      demand(`p${i}:1`, i % 2 ? 'P1' : 'P2', 49.38 + i * 0.007),
    );
    expect(planWeek(week(demands)).planned).toEqual(planWeek(week(demands)).planned);
  });

  it('keeps last week’s slots when they still fit (stability)', () => {
    const demands = [
      demand('p0:1', 'P1', 49.4, { previous: { day: 3, start: 15 * 60, visitorIds: ['a', 'b'] } }),
      demand('p1:1', 'P1', 49.41, { previous: { day: 0, start: 10 * 60, visitorIds: ['a', 'b'] } }),
      demand('p2:1', 'P2', 49.42, {
        previous: { day: 4, start: 9 * 60 + 30, visitorIds: ['c', 'd'] },
      }),
    ];
    const plan = planWeek(week(demands));
    expect(plan.stats.changedFromPrevious).toBe(0);
    expect(plan.planned.find((p) => p.demandId === 'p0:1')).toMatchObject({
      date: '2026-12-03',
      start: 900,
    });
  });

  it('keeps the visit with the other member alone when one is in training and the service allows it', () => {
    const visitors = [
      visitor('a', 'P1', 49.4, { unavailableDates: WEEK.slice(0, 4) }),
      visitor('b', 'P1', 49.41),
      visitor('c', 'P2', 49.42),
      visitor('d', 'P2', 49.43),
      visitor('e', null, 49.44),
    ];
    const demands = [
      demand('p0:1', 'P1', 49.4, { personAvailability: [{ day: 1, start: 9 * 60, end: 17 * 60 }] }),
    ];
    const solo = planWeek(week(demands, { visitors, settings: { allowSoloVisits: true } }));
    expect(solo.planned[0]).toMatchObject({ date: '2026-12-01', visitorIds: ['b'], crew: 'solo' });
    // Not allowed alone: a substitute from another pair (or the volunteer) joins, at the same start.
    const input = week(demands, { visitors });
    const withSubstitute = planWeek(input);
    expect(withSubstitute.planned[0]!.crew).toBe('substitute');
    expect(withSubstitute.planned[0]!.visitorIds).toContain('b');
    expect(checkPlan(input, withSubstitute.planned)).toEqual([]);
  });

  it('drops a visit only when nothing is possible, and says why in French', () => {
    const nobody = [
      visitor('a', 'P1', 49.4, { unavailableDates: WEEK }),
      visitor('b', 'P1', 49.41, { unavailableDates: WEEK }),
    ];
    const absentPlan = planWeek({
      ...week([demand('p0:1', 'P1', 49.4)], { visitors: nobody }),
      units: [{ id: 'P1', kind: 'pair', memberIds: ['a', 'b'] }],
    });
    expect(absentPlan.unplanned).toEqual([
      { demandId: 'p0:1', reason: 'visitors_absent', message: expect.stringMatching(/absents/) },
    ]);
    // The person is only free on Sunday: no common window.
    const sunday = planWeek(
      week([
        demand('p1:1', 'P1', 49.4, { personAvailability: [{ day: 6, start: 600, end: 900 }] }),
      ]),
    );
    expect(sunday.unplanned[0]).toMatchObject({
      reason: 'no_common_window',
      message: expect.stringMatching(/créneau commun/),
    });
  });

  it('never breaks a rule on random weeks, and plans every visit of an uncrowded week (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            lat: fc.double({ min: 49.3, max: 49.5, noNaN: true }),
            unit: fc.constantFrom('P1', 'P2', 'e'),
            day: fc.integer({ min: 0, max: 4 }),
            afternoon: fc.boolean(),
            twice: fc.boolean(),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        fc.integer({ min: 1, max: 1000 }),
        (people, seed) => {
          const demands = people.flatMap((p, i) => {
            const windows: WeeklyWindow[] = p.afternoon
              ? [0, 1, 2, 3, 4].map((day) => ({
                  day: day as WeeklyWindow['day'],
                  start: 14 * 60,
                  end: 17 * 60,
                }))
              : [];
            const ids = p.twice ? [`p${i}:1`, `p${i}:2`] : [`p${i}:1`];
            return ids.map((id) =>
              demand(id, p.unit, p.lat, {
                personAvailability: windows,
                durationMinutes: 60,
                siblingIds: ids.filter((x) => x !== id),
              }),
            );
          });
          const input = { ...week(demands), seed, maxIterations: 60 };
          const plan = planWeek(input);
          expect(checkPlan(input, plan.planned)).toEqual([]);
          // At most 20 visits of an hour for 3 units over 5 days: each fits.
          expect(plan.unplanned).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('repairWeek', () => {
  it('re-plans only the visits the absence touches, with as few changes as possible, and lists who to tell', () => {
    const demands = Array.from({ length: 8 }, (_, i) =>
      demand(`p${i}:1`, i % 2 ? 'P1' : 'P2', 49.38 + i * 0.01, { durationMinutes: 60 }),
    );
    const input = week(demands);
    const plan = planWeek(input).planned;
    const absence = { visitorId: 'a', from: '2026-11-30', to: '2026-12-04' };
    const result = repairWeek({
      week: input,
      current: plan,
      absence,
      now: { date: '2026-11-29', minute: 600 },
    });
    const touched = plan.filter((p) => p.visitorIds.includes('a'));
    expect(result.changes.map((c) => c.demandId).sort()).toEqual(
      touched.map((p) => p.demandId).sort(),
    );
    for (const change of result.changes) {
      expect(change.after).not.toBeNull();
      expect(change.after!.visitorIds).not.toContain('a');
      expect(change.after!.visitorIds).toContain('b');
    }
    // Untouched visits are exactly as they were.
    for (const p of plan.filter((p) => !p.visitorIds.includes('a')))
      expect(result.plan).toContainEqual(p);
    const withAbsence = {
      ...input,
      visitors: input.visitors.map((v) => (v.id === 'a' ? { ...v, unavailableDates: WEEK } : v)),
    };
    expect(checkPlan(withAbsence, result.plan)).toEqual([]);
    expect(result.toTell.personIds.sort()).toEqual(
      touched.map((p) => p.demandId.split(':')[0]).sort(),
    );
    expect(result.toTell.visitorIds).toContain('a');
    expect(result.toTell.visitorIds).toContain('b');
  });

  it('keeps the same slot when the other member can go alone, and leaves the past alone', () => {
    const input = week([demand('p0:1', 'P1', 49.4), demand('p1:1', 'P1', 49.41)], {
      settings: { allowSoloVisits: true },
    });
    const current = [
      {
        demandId: 'p0:1',
        date: '2026-11-30',
        start: 600,
        end: 690,
        visitorIds: ['a', 'b'],
        crew: 'pair' as const,
      },
      {
        demandId: 'p1:1',
        date: '2026-12-02',
        start: 600,
        end: 690,
        visitorIds: ['a', 'b'],
        crew: 'pair' as const,
      },
    ];
    const result = repairWeek({
      week: input,
      current,
      absence: { visitorId: 'a', from: '2026-11-30', to: '2026-12-04' },
      now: { date: '2026-11-30', minute: 700 },
    });
    // Monday's visit is over: untouched. Wednesday's keeps its slot with Hugo alone.
    expect(result.changes).toEqual([
      {
        demandId: 'p1:1',
        before: current[1],
        after: { ...current[1], visitorIds: ['b'], crew: 'solo' },
        reason: null,
        makesRoomFor: null,
      },
    ]);
  });

  it('moves one untouched visit when that is the only way to keep a touched one, and says so', () => {
    // x can only be seen on Wednesday 9:00-10:30; a (its pair's member) is away that day, and
    // the only possible substitutes, c and d, visit y then. y can go at another time.
    const wednesdayMorning: WeeklyWindow[] = [{ day: 2, start: 9 * 60, end: 10 * 60 + 30 }];
    const visitors = [
      visitor('a', 'P1', 49.4),
      visitor('b', 'P1', 49.41),
      visitor('c', 'P2', 49.42),
      visitor('d', 'P2', 49.43),
    ];
    const input = week(
      [
        demand('x:1', 'P1', 49.4, { personAvailability: wednesdayMorning }),
        demand('y:1', 'P2', 49.42),
      ],
      { visitors },
    );
    const current = [
      {
        demandId: 'x:1',
        date: '2026-12-02',
        start: 540,
        end: 630,
        visitorIds: ['a', 'b'],
        crew: 'pair' as const,
      },
      {
        demandId: 'y:1',
        date: '2026-12-02',
        start: 540,
        end: 630,
        visitorIds: ['c', 'd'],
        crew: 'pair' as const,
      },
    ];
    const absence = { visitorId: 'a', from: '2026-12-02', to: '2026-12-02' };
    const result = repairWeek({
      week: input,
      current,
      absence,
      now: { date: '2026-11-30', minute: 600 },
    });
    const x = result.changes.find((c) => c.demandId === 'x:1')!;
    expect(x.after).toMatchObject({ date: '2026-12-02', start: 540, crew: 'substitute' });
    expect(x.after!.visitorIds).toContain('b');
    const y = result.changes.find((c) => c.demandId === 'y:1')!;
    expect(y.makesRoomFor).toBe('x:1');
    expect(y.after).not.toBeNull();
    expect(result.toTell.personIds).toEqual(['x', 'y']);
    const withAbsence = {
      ...input,
      visitors: input.visitors.map((v) =>
        v.id === 'a' ? { ...v, unavailableDates: ['2026-12-02'] } : v,
      ),
    };
    expect(checkPlan(withAbsence, result.plan)).toEqual([]);

    // When y cannot go anywhere else either, nothing moves and x is dropped, with its reason.
    const stuck = week(
      [
        demand('x:1', 'P1', 49.4, { personAvailability: wednesdayMorning }),
        demand('y:1', 'P2', 49.42, { personAvailability: wednesdayMorning }),
      ],
      { visitors },
    );
    const dropped = repairWeek({
      week: stuck,
      current,
      absence,
      now: { date: '2026-11-30', minute: 600 },
    });
    expect(dropped.changes).toEqual([
      { demandId: 'x:1', before: current[0], after: null, reason: 'no_room', makesRoomFor: null },
    ]);
    expect(dropped.plan).toEqual([current[1]]);
  });
});

describe('checkMove', () => {
  const input = week(
    [
      demand('p0:1', 'P1', 49.4, { siblingIds: ['p0:2'] }),
      demand('p0:2', 'P1', 49.4, { siblingIds: ['p0:1'] }),
      demand('p1:1', 'P1', 49.45),
    ],
    {
      visitors: [
        visitor('a', 'P1', 49.4, { unavailableDates: ['2026-12-03'] }),
        visitor('b', 'P1', 49.41, { availability: weekdays(9 * 60, 16 * 60) }),
        visitor('c', 'P2', 49.42),
        visitor('d', 'P2', 49.43),
        visitor('e', null, 49.44),
      ],
    },
  );
  const plan = [
    {
      demandId: 'p0:1',
      date: '2026-11-30',
      start: 600,
      end: 690,
      visitorIds: ['a', 'b'],
      crew: 'pair' as const,
    },
    {
      demandId: 'p0:2',
      date: '2026-12-02',
      start: 600,
      end: 690,
      visitorIds: ['a', 'b'],
      crew: 'pair' as const,
    },
    {
      demandId: 'p1:1',
      date: '2026-12-01',
      start: 840,
      end: 930,
      visitorIds: ['a', 'b'],
      crew: 'pair' as const,
    },
  ];
  const kinds = (date: string, start: number, visitorIds = ['a', 'b']) =>
    checkMove(input, plan, 'p1:1', { date, start, visitorIds }).map((v) => v.kind);

  it('accepts a move that breaks nothing', () => {
    expect(kinds('2026-12-01', 14 * 60 + 30)).toEqual([]);
  });
  it('names each broken rule', () => {
    expect(kinds('2026-12-05', 840)).toContain('closed_day');
    expect(kinds('2026-12-01', 8 * 60)).toContain('outside_working_hours');
    expect(kinds('2026-12-01', 11 * 60 + 30)).toContain('during_break');
    expect(kinds('2026-12-03', 840)).toContain('visitor_absent');
    expect(kinds('2026-12-01', 15 * 60)).toContain('visitor_unavailable');
    expect(kinds('2026-11-30', 615)).toContain('overlap');
    expect(kinds('2026-11-30', 690)).toContain('travel_too_short');
    expect(kinds('2026-12-01', 840, ['c', 'd'])).toContain('crew_not_allowed');
    expect(
      checkMove(input, plan, 'p0:1', {
        date: '2026-12-02',
        start: 840,
        visitorIds: ['a', 'b'],
      }).map((v) => v.kind),
    ).toContain('same_day_as_sibling');
    const tight = { ...input, settings: { ...input.settings, maxVisitsPerVisitorPerDay: 1 } };
    expect(
      checkMove(tight, plan, 'p1:1', {
        date: '2026-11-30',
        start: 14 * 60,
        visitorIds: ['a', 'b'],
      }).map((v) => v.kind),
    ).toContain('too_many_visits');
    const person = {
      ...input,
      demands: input.demands.map((d) =>
        d.id === 'p1:1'
          ? { ...d, personAvailability: [{ day: 1 as const, start: 9 * 60, end: 12 * 60 }] }
          : d,
      ),
    };
    expect(
      checkMove(person, plan, 'p1:1', {
        date: '2026-12-01',
        start: 14 * 60,
        visitorIds: ['a', 'b'],
      }).map((v) => v.kind),
    ).toContain('person_unavailable');
  });
  it('explains them in French with the visitor’s name', () => {
    expect(describeViolation({ kind: 'visitor_absent', visitorId: 'a' }, () => 'Inès Martin')).toBe(
      'Inès Martin est absent(e) ou en formation ce jour-là.',
    );
    expect(
      describeViolation(
        {
          kind: 'travel_too_short',
          visitorId: 'a',
          otherDemandId: 'x',
          neededMinutes: 25,
          otherIs: 'previous',
        },
        () => 'Inès Martin',
      ),
    ).toMatch(/25 min nécessaires/);
  });
});

describe('feasibleDemands', () => {
  it('counts a person’s visits feasible only up to the dates on which one fits', () => {
    // Person q can be visited on Wednesday only: each visit fits alone, but not both.
    const wednesday: WeeklyWindow[] = [{ day: 2, start: 14 * 60, end: 17 * 60 }];
    const demands = [
      demand('q:1', 'P1', 49.4, { siblingIds: ['q:2'], personAvailability: wednesday }),
      demand('q:2', 'P1', 49.4, { siblingIds: ['q:1'], personAvailability: wednesday }),
      demand('r:1', 'P2', 49.42, { siblingIds: ['r:2'] }),
      demand('r:2', 'P2', 49.42, { siblingIds: ['r:1'] }),
      // Outside every working hour: not feasible at all.
      demand('s:1', 'P1', 49.41, {
        personAvailability: [{ day: 0, start: 19 * 60, end: 21 * 60 }],
      }),
    ];
    const input = week(demands);
    expect(demands.filter((d) => fitsAlone(input, d)).map((d) => d.id)).toEqual([
      'q:1',
      'q:2',
      'r:1',
      'r:2',
    ]);
    expect(feasibleDemands(input).map((d) => d.id)).toEqual(['q:1', 'r:1', 'r:2']);
    const plan = planWeek(input);
    expect(plan.planned.map((p) => p.demandId).filter((id) => id.startsWith('q:'))).toHaveLength(1);
    expect(plan.planned.filter((p) => p.demandId.startsWith('r:'))).toHaveLength(2);
    expect(checkPlan(input, plan.planned)).toEqual([]);
    const q = plan.unplanned.find((u) => u.demandId.startsWith('q:'))!;
    expect(q.reason).toBe('person_days_taken');
    expect(q.message).toMatch(/déjà une visite/);
    expect(plan.unplanned.find((u) => u.demandId === 's:1')!.reason).toBe('no_common_window');
  });
});
