import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnitIndex } from './candidates.js';
import { evaluatePair } from './cost.js';
import { buildCandidateGraph, fewestChoicesFirst, proposeMatches, suggestUnits } from './engine.js';
import { greedyNearestFirst } from '../../../tests/oracles/greedy.js';
import { safeUnmatchedCost, solveTransportation } from './min-cost-flow.js';
import {
  DEFAULT_WEIGHTS,
  type MatchPerson,
  type Mobility,
  type VisitorUnit,
  type WeeklyWindow,
} from './model.js';
import { haversineKm } from '../geo/distance.js';
import { straightLineEstimator } from './travel.js';

// ---------------------------------------------------------------- generators (around Beauvais)

const INTERESTS = ['jardin', 'cartes', 'cuisine', 'musique', 'lecture'];

const pointIn = (spread: number) =>
  fc.record({
    lat: fc.double({ min: 49.35, max: 49.35 + 0.15 * spread, noNaN: true }),
    lon: fc.double({ min: 1.95, max: 1.95 + 0.3 * spread, noNaN: true }),
  });
const point = pointIn(1);
/** Over about 50 km × 65 km: most units are out of reach, so the spatial pruning matters. */
const widePoint = pointIn(3);
const window: fc.Arbitrary<WeeklyWindow> = fc
  .record({
    day: fc.constantFrom(0, 1, 2, 3, 4) as fc.Arbitrary<WeeklyWindow['day']>,
    start: fc.integer({ min: 8, max: 16 }),
    hours: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ day, start, hours }) => ({ day, start: start * 60, end: (start + hours) * 60 }));
const person = (id: number, where = point): fc.Arbitrary<MatchPerson> =>
  fc.record({
    id: fc.constant(`p${String(id).padStart(4, '0')}`),
    location: where,
    visitsPerWeek: fc.constantFrom(1, 1, 1, 2),
    visitMinutes: fc.constantFrom(60, 90, 120),
    availability: fc.array(window, { minLength: 1, maxLength: 5 }),
    interests: fc.subarray(INTERESTS, { maxLength: 3 }),
    languages: fc.constantFrom(['fr'], ['fr'], ['fr', 'pt'], ['ar']),
    requiredLanguage: fc.constantFrom(null, null, null, 'pt'),
    visitorGenderPreference: fc.constantFrom(null, null, null, 'female' as const),
    preferredLanguages: fc.constantFrom([], [], ['pt']),
    currentUnitId: fc.constant(null),
  });
const member = (id: string, where = point) =>
  fc.record({
    visitorId: fc.constant(id),
    home: where,
    gender: fc.constantFrom('female' as const, 'male' as const),
    languages: fc.constantFrom(['fr'], ['fr', 'pt'], ['fr', 'ar']),
    interests: fc.subarray(INTERESTS, { maxLength: 3 }),
  });
const unit = (id: number, where = point): fc.Arbitrary<VisitorUnit> =>
  fc.boolean().chain((isPair) =>
    fc.record({
      id: fc.constant(`u${String(id).padStart(3, '0')}`),
      kind: fc.constant(isPair ? ('pair' as const) : ('volunteer' as const)),
      members: isPair
        ? fc.tuple(member(`v${id}a`, where), member(`v${id}b`, where))
        : fc.tuple(member(`v${id}`, where)),
      availability: fc.array(window, { minLength: 1, maxLength: 8 }),
      capacity: fc.integer({ min: 0, max: 5 }),
      currentLoad: fc.integer({ min: 0, max: 2 }),
      mobility: fc.constantFrom<Mobility>('car', 'car', 'public_transport', 'bike'),
      maxTripMinutes: fc.constantFrom(15, 30, 45),
    }),
  );
const instanceOver = (
  where: fc.Arbitrary<{ lat: number; lon: number }>,
  maxPeople: number,
  maxUnits: number,
) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxPeople }), fc.integer({ min: 0, max: maxUnits }))
    .chain(([n, m]) =>
      fc.tuple(
        n
          ? fc.tuple(...Array.from({ length: n }, (_, i) => person(i, where)))
          : fc.constant([] as MatchPerson[]),
        m
          ? fc.tuple(...Array.from({ length: m }, (_, i) => unit(i, where)))
          : fc.constant([] as VisitorUnit[]),
      ),
    );
const instance = instanceOver(point, 40, 12);
const wideInstance = instanceOver(widePoint, 80, 60);

const RUNS = { numRuns: 150, seed: 20261123 };

describe('proposeMatches (properties)', () => {
  it('respects every hard constraint and every capacity', () => {
    fc.assert(
      fc.property(instance, ([people, units]) => {
        const result = proposeMatches(people, units);
        const byId = new Map(units.map((u) => [u.id, u]));
        const load = new Map<string, number>();
        for (const proposal of result.proposals) {
          if (!proposal.choice) continue;
          const chosen = byId.get(proposal.choice.unitId)!;
          const who = people.find((p) => p.id === proposal.personId)!;
          // Checked here from the raw data, not through the engine's own cost function.
          for (const m of chosen.members) {
            expect(
              straightLineEstimator.minutes(m.home, who.location, chosen.mobility),
            ).toBeLessThanOrEqual(chosen.maxTripMinutes);
          }
          const days = new Set(
            who.availability
              .filter((a) =>
                chosen.availability.some(
                  (b) =>
                    b.day === a.day &&
                    Math.min(a.end, b.end) - Math.max(a.start, b.start) >= who.visitMinutes,
                ),
              )
              .map((a) => a.day),
          );
          expect(days.size).toBeGreaterThanOrEqual(who.visitsPerWeek);
          if (who.requiredLanguage)
            expect(chosen.members.some((m) => m.languages.includes(who.requiredLanguage!))).toBe(
              true,
            );
          if (who.visitorGenderPreference)
            expect(chosen.members.every((m) => m.gender === who.visitorGenderPreference)).toBe(
              true,
            );
          load.set(chosen.id, (load.get(chosen.id) ?? 0) + 1);
        }
        for (const [id, n] of load) {
          const u = byId.get(id)!;
          expect(n).toBeLessThanOrEqual(Math.max(0, u.capacity - u.currentLoad));
        }
        expect(result.matched + result.unmatched).toBe(people.length);
      }),
      RUNS,
    );
    // The generated instances are not vacuous: most of them match someone.
    const sample = fc.sample(instance, { numRuns: 100, seed: RUNS.seed });
    const withMatches = sample.filter(
      ([people, units]) => proposeMatches(people, units).matched > 0,
    ).length;
    expect(withMatches).toBeGreaterThan(50);
  });

  it('is never worse than the greedy nearest-first assignment', () => {
    fc.assert(
      fc.property(instance, ([people, units]) => {
        const graph = buildCandidateGraph(people, units);
        const optimum = solveTransportation(graph.problem);
        const greedy = greedyNearestFirst(graph);
        expect(optimum.objective).toBeLessThanOrEqual(greedy.objective);
      }),
      RUNS,
    );
  });

  it('gives the same answer for the same input, in any order', () => {
    fc.assert(
      fc.property(instance, fc.integer(), ([people, units], seed) => {
        const shuffle = <T>(list: readonly T[]) => {
          const out = [...list];
          let s = seed >>> 0;
          for (let i = out.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const a = proposeMatches(people, units);
        const b = proposeMatches(shuffle(people), shuffle(units));
        expect(b).toEqual(a);
      }),
      RUNS,
    );
  });

  it('loses nothing by searching candidates in the spatial index (same arcs, same optimum as all pairs)', () => {
    fc.assert(
      fc.property(wideInstance, ([people, units]) => {
        const graph = buildCandidateGraph(people, units);
        // Every (person, unit) pair, no index.
        const arcStart = [0];
        const arcUnit: number[] = [];
        const arcCost: number[] = [];
        for (const who of graph.candidates) {
          graph.sortedUnits.forEach((u, index) => {
            const evaluation = evaluatePair(who, u, straightLineEstimator, DEFAULT_WEIGHTS);
            if (evaluation.feasible) {
              arcUnit.push(index);
              arcCost.push(evaluation.cost);
            }
          });
          arcStart.push(arcUnit.length);
        }
        expect(arcUnit).toEqual(Array.from(graph.problem.arcUnit));
        const full = { ...graph.problem, arcStart, arcUnit, arcCost };
        full.unmatchedCost = safeUnmatchedCost(full);
        expect(solveTransportation(full).arcCostTotal).toBe(
          solveTransportation(graph.problem).arcCostTotal,
        );
      }),
      RUNS,
    );
    // Not vacuous: the instances have arcs, and the index leaves most units out of the search.
    let arcs = 0;
    let searched = 0;
    let pairs = 0;
    for (const [people, units] of fc.sample(wideInstance, { numRuns: 50, seed: RUNS.seed })) {
      const index = new UnitIndex(
        [...units].sort((a, b) => (a.id < b.id ? -1 : 1)),
        straightLineEstimator,
      );
      arcs += buildCandidateGraph(people, units).problem.arcUnit.length;
      for (const who of people) searched += index.candidatesNear(who.location).length;
      pairs += people.length * units.length;
    }
    expect(arcs).toBeGreaterThan(200);
    expect(searched).toBeLessThan(pairs / 3);
  });
});

// ---------------------------------------------------------------- worked examples

const beauvais = { lat: 49.4295, lon: 2.0807 };
const nearBeauvais = { lat: 49.44, lon: 2.09 };
const compiegne = { lat: 49.4179, lon: 2.8261 };
const tuesdayAfternoon: WeeklyWindow = { day: 1, start: 14 * 60, end: 17 * 60 };
const thursdayMorning: WeeklyWindow = { day: 3, start: 9 * 60, end: 12 * 60 };
const friday: WeeklyWindow = { day: 4, start: 9 * 60, end: 17 * 60 };

const marcel: MatchPerson = {
  id: 'marcel',
  location: beauvais,
  visitsPerWeek: 1,
  visitMinutes: 90,
  availability: [tuesdayAfternoon, thursdayMorning, friday],
  interests: ['jardin', 'cartes', 'football'],
  languages: ['fr'],
};
const pairOf = (
  id: string,
  home: typeof beauvais,
  extra: Partial<VisitorUnit> = {},
): VisitorUnit => ({
  id,
  kind: 'pair',
  members: [
    { visitorId: `${id}-a`, home, gender: 'female', languages: ['fr'], interests: ['jardin'] },
    { visitorId: `${id}-b`, home, gender: 'male', languages: ['fr', 'pt'], interests: ['cartes'] },
  ],
  availability: [tuesdayAfternoon, thursdayMorning, friday],
  capacity: 8,
  currentLoad: 2,
  mobility: 'car',
  maxTripMinutes: 30,
  ...extra,
});

describe('proposeMatches (examples)', () => {
  it('explains its choice criterion by criterion, in French', () => {
    const result = proposeMatches(
      [marcel],
      [pairOf('near', nearBeauvais), pairOf('far', compiegne)],
    );
    const proposal = result.proposals[0]!;
    expect(proposal.choice?.unitId).toBe('near');
    expect(proposal.choice?.explanation).toMatch(
      /^\d+ min en voiture, 3 créneaux communs, intérêts : cartes, jardin$/,
    );
    // Compiègne is 54 km away: too far for a 30-minute limit.
    expect(proposal.alternatives).toEqual([]);
    expect(haversineKm(beauvais, compiegne)).toBeGreaterThan(50);
  });

  it('compares interests without accents or case, and explains them in the person’s own words', () => {
    const helene: MatchPerson = {
      ...marcel,
      id: 'helene',
      interests: ['Pétanque', 'Jardinage '],
      preferredLanguages: ['Portugais'],
    };
    const unit = pairOf('near', nearBeauvais);
    const members = unit.members.map((m, i) => ({
      ...m,
      interests: i ? ['jardinage'] : ['petanque'],
    }));
    const result = proposeMatches([helene], [{ ...unit, members }]);
    expect(result.proposals[0]!.choice?.explanation).toMatch(
      /intérêts : Jardinage, Pétanque, langue souhaitée non parlée : Portugais$/,
    );
  });

  it('says why nobody is proposed', () => {
    const result = proposeMatches(
      [marcel],
      [pairOf('far', compiegne), pairOf('full', nearBeauvais, { capacity: 2 })],
    );
    expect(result.proposals[0]!.choice).toBeNull();
    expect(result.proposals[0]!.unmatchedReason).toBe(
      'Aucun binôme ni bénévole proposé : 1 binôme ou bénévole possible mais déjà complet, 1 binôme ou bénévole trop loin.',
    );
  });

  it('keeps existing matches unless asked to re-optimise, and then only moves for a real gain', () => {
    const visited = { ...marcel, currentUnitId: 'far-ish' };
    const units = [pairOf('far-ish', { lat: 49.5, lon: 2.15 }), pairOf('near', nearBeauvais)];
    expect(proposeMatches([visited], units).proposals).toEqual([]);
    const small = proposeMatches([visited], units, {
      mode: 'reoptimise',
      weights: { ...DEFAULT_WEIGHTS, changeOfUnit: 1000 },
    });
    expect(small.proposals[0]!.choice?.unitId).toBe('far-ish');
    expect(small.proposals[0]!.unchanged).toBe(true);
    const free = proposeMatches([visited], units, {
      mode: 'reoptimise',
      weights: { ...DEFAULT_WEIGHTS, changeOfUnit: 0 },
    });
    expect(free.proposals[0]!.choice?.unitId).toBe('near');
  });

  it('suggests the best units for one new person without solving everything', () => {
    const index = new UnitIndex(
      [
        pairOf('near', nearBeauvais),
        pairOf('mid', { lat: 49.5, lon: 2.15 }),
        pairOf('full', beauvais, { currentLoad: 8 }),
      ],
      straightLineEstimator,
    );
    const suggestions = suggestUnits(marcel, index);
    expect(suggestions.map((s) => s.unitId)).toEqual(['near', 'mid']);
    expect(suggestions[0]!.cost).toBeLessThan(suggestions[1]!.cost);
  });

  it('places a priority person first when places are short, and says why', () => {
    const further = { ...marcel, id: 'suzanne', location: { lat: 49.47, lon: 2.12 } };
    const oneSeat = [pairOf('near', nearBeauvais, { capacity: 3 })];
    const plain = proposeMatches([marcel, further], oneSeat);
    expect(plain.proposals.find((p) => p.choice)?.personId).toBe('marcel');
    const prioritised = proposeMatches([marcel, { ...further, priority: true }], oneSeat);
    const chosen = prioritised.proposals.find((p) => p.choice)!;
    expect(chosen.personId).toBe('suzanne');
    expect(chosen.choice!.explanation).toMatch(
      /^prioritaire : appariement précédent arrêté faute d’affinité ; \d+ min en voiture/,
    );
    // Also when matching the most people comes first whatever the cost.
    const strict = proposeMatches([marcel, { ...further, priority: true }], oneSeat, {
      weights: { ...DEFAULT_WEIGHTS, unmatchedPerson: null },
    });
    expect(strict.proposals.find((p) => p.choice)?.personId).toBe('suzanne');
  });

  it('leaves out the units to avoid for a person, and says which', () => {
    const units = [pairOf('near', nearBeauvais), pairOf('mid', { lat: 49.5, lon: 2.15 })];
    const avoiding = { ...marcel, avoidUnitIds: ['near'] };
    const proposal = proposeMatches([avoiding], units).proposals[0]!;
    expect(proposal.choice?.unitId).toBe('mid');
    expect(proposal.alternatives).toEqual([]);
    expect(proposal.avoidedUnitIds).toEqual(['near']);
    expect(proposeMatches([marcel], units).proposals[0]!.avoidedUnitIds).toEqual([]);
    const index = new UnitIndex(units, straightLineEstimator);
    expect(suggestUnits(avoiding, index).map((s) => s.unitId)).toEqual(['mid']);
  });

  it('refuses a unit that does not speak the required language, or the wrong gender', () => {
    const portuguese = { ...marcel, languages: ['pt'], requiredLanguage: 'pt' };
    const frenchOnly = pairOf('fr-only', nearBeauvais, {
      members: [
        { visitorId: 'a', home: nearBeauvais, gender: 'female', languages: ['fr'], interests: [] },
        { visitorId: 'b', home: nearBeauvais, gender: 'female', languages: ['fr'], interests: [] },
      ],
    });
    expect(proposeMatches([portuguese], [frenchOnly]).proposals[0]!.refusals).toEqual({
      language: 1,
    });
    const womenOnly = { ...marcel, visitorGenderPreference: 'female' as const };
    expect(
      proposeMatches([womenOnly], [pairOf('mixed', nearBeauvais)]).proposals[0]!.refusals,
    ).toEqual({ gender: 1 });
    expect(proposeMatches([womenOnly], [frenchOnly]).proposals[0]!.choice?.unitId).toBe('fr-only');
  });
});

describe('proposeMatches against HiGHS on generated Oise instances', () => {
  it('reaches the optimum HiGHS proves, with the real cost function (200 people × 60 units)', async () => {
    const { loadGazetteer } = await import('../../geo/load-gazetteer.js');
    const { generateInstance } = await import('../../../bench/matching-instances.js');
    const { loadHighs } = await import('../../../tests/helpers/highs.js');
    const { transportationAsLp } = await import('../../../tests/oracles/highs-model.js');
    const gazetteer = await loadGazetteer();
    const highs = await loadHighs();
    for (const seed of [1, 2, 3]) {
      const { people, units } = generateInstance(
        gazetteer.rows,
        { name: 'test', people: 200, units: 60, departments: ['60'] },
        seed,
      );
      const graph = buildCandidateGraph(people, units);
      expect(graph.problem.arcUnit.length).toBeGreaterThan(200);
      const ours = solveTransportation(graph.problem, fewestChoicesFirst(graph.problem));
      const oracle = highs.solve(transportationAsLp(graph.problem), {
        mip_rel_gap: 0,
        output_flag: false,
      });
      expect(oracle.Status).toBe('Optimal');
      expect(Math.abs(oracle.ObjectiveValue - ours.objective), `seed ${seed}`).toBeLessThanOrEqual(
        1e-6,
      );
      expect(proposeMatches(people, units).totalCost * 10).toBeCloseTo(ours.arcCostTotal, 6);
    }
  }, 60_000);
});

describe('UnitIndex.nearest (neighbour help)', () => {
  it('gives the nearest units within a radius that accept the request, nearest first', () => {
    const units = [
      pairOf('far', compiegne),
      pairOf('near', nearBeauvais),
      pairOf('mid', { lat: 49.5, lon: 2.15 }),
      pairOf('busy', beauvais, { currentLoad: 8 }),
    ];
    const index = new UnitIndex(units, straightLineEstimator);
    expect(index.nearest(beauvais, 20, 10).map((u) => u.id)).toEqual(['busy', 'near', 'mid']);
    expect(
      index.nearest(beauvais, 20, 10, (u) => u.capacity > u.currentLoad).map((u) => u.id),
    ).toEqual(['near', 'mid']);
    expect(index.nearest(beauvais, 20, 1).map((u) => u.id)).toEqual(['busy']);
    expect(new UnitIndex([], straightLineEstimator).nearest(beauvais, 20, 5)).toEqual([]);
  });
});
