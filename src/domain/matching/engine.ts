/**
 * The matching engine: proposes a unit for each person waiting, optimally (min-cost flow over the
 * candidate graph), with the next best alternatives and a per-criterion explanation; and the best
 * units for one new person without re-solving everything.
 */
import { UnitIndex } from './candidates.js';
import { COST_SCALE, evaluatePair, type CostParts, type PairFacts } from './cost.js';
import { explainPair, explainUnmatched } from './explain.js';
import {
  safeUnmatchedCost,
  solveTransportation,
  type TransportationProblem,
} from './min-cost-flow.js';
import {
  DEFAULT_WEIGHTS,
  type HardConstraint,
  type MatchingWeights,
  type MatchPerson,
  type VisitorUnit,
} from './model.js';
import { straightLineEstimator, type TravelTimeEstimator } from './travel.js';

export interface MatchingOptions {
  weights?: MatchingWeights;
  travel?: TravelTimeEstimator;
  /**
   * `keep` (default): people already visited keep their unit and are left out; `reoptimise`:
   * they are matched again with everyone, a change of unit costing `weights.changeOfUnit`.
   */
  mode?: 'keep' | 'reoptimise';
  /** How many alternatives to give per person (default 3). */
  alternatives?: number;
}

export interface UnitOption {
  unitId: string;
  /** Cost in points (one point = one minute of travel). */
  cost: number;
  parts: CostParts;
  facts: PairFacts;
  /** French, for coordinators: "12 min en voiture, 3 créneaux communs, intérêts : jardin". */
  explanation: string;
  /** Whether the unit still has a free place once the proposals are accepted. */
  hasFreePlace: boolean;
}

interface Proposal {
  personId: string;
  /** The proposed unit, or null when none can visit the person. */
  choice: UnitOption | null;
  alternatives: UnitOption[];
  /** When unmatched: why, in French ("2 unités trop loin, 1 sans créneau commun…"). */
  unmatchedReason: string | null;
  /** Units refused by each hard constraint (capacity: feasible units that are full). */
  refusals: Partial<Record<HardConstraint, number>>;
  /** True when the person keeps the unit visiting them now. */
  unchanged: boolean;
  /** Units left out for this person (a match with them ended for want of affinity). */
  avoidedUnitIds: string[];
}

export interface MatchingResult {
  proposals: Proposal[];
  matched: number;
  unmatched: number;
  /** Sum of the chosen costs, in points. */
  totalCost: number;
  /** Size of the candidate graph. */
  arcs: number;
}

/** Default extra cost of leaving a priority person without a unit (five hours of weekly travel). */
const PRIORITY_BONUS = 300;

/** Said first in a priority person's explanation. */
const PRIORITY_EXPLANATION = 'prioritaire : appariement précédent arrêté faute d’affinité';

const explained = (person: MatchPerson, text: string) =>
  person.priority ? `${PRIORITY_EXPLANATION} ; ${text}` : text;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The free places of each unit for this matching. */
function freePlaces(
  units: readonly VisitorUnit[],
  people: readonly MatchPerson[],
  mode: 'keep' | 'reoptimise',
) {
  const raw = units.map((unit) => unit.capacity - unit.currentLoad);
  if (mode === 'reoptimise') {
    // The people matched again are counted in currentLoad: their places are free again.
    const position = new Map(units.map((unit, u) => [unit.id, u]));
    for (const person of people) {
      const u = person.currentUnitId ? position.get(person.currentUnitId) : undefined;
      if (u !== undefined) raw[u]!++;
    }
  }
  return raw.map((places) => Math.max(0, places));
}

/** The candidate graph: for each person, every unit that may visit them, with its cost. */
export function buildCandidateGraph(
  people: readonly MatchPerson[],
  units: readonly VisitorUnit[],
  options: MatchingOptions = {},
) {
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const travel = options.travel ?? straightLineEstimator;
  const mode = options.mode ?? 'keep';
  // Sorted by id: the same input in any order gives the same answer.
  const sortedUnits = [...units].sort(byId);
  const candidates = [...people]
    .filter((person) => mode === 'reoptimise' || !person.currentUnitId)
    .sort(byId);
  const index = new UnitIndex(sortedUnits, travel);
  const free = freePlaces(sortedUnits, candidates, mode);

  const refusalsOf: Partial<Record<HardConstraint, number>>[] = [];
  const avoidedOf: string[][] = [];
  // Arcs kept compact (1 million at national scale): the details of the few shown are
  // computed again at the end.
  const arcStart = new Int32Array(candidates.length + 1);
  let arcUnit = new Int32Array(1024);
  let arcCost = new Float64Array(1024);
  let arcTravel = new Float64Array(1024);
  let count = 0;
  const push = (unit: number, cost: number, minutes: number) => {
    if (count === arcUnit.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      arcUnit = grow(arcUnit);
      arcCost = grow(arcCost);
      arcTravel = grow(arcTravel);
    }
    arcUnit[count] = unit;
    arcCost[count] = cost;
    arcTravel[count] = minutes;
    count++;
  };
  candidates.forEach((person, p) => {
    const refusals: Partial<Record<HardConstraint, number>> = {};
    const near = index.candidatesNear(person.location);
    const avoid = person.avoidUnitIds?.length ? new Set(person.avoidUnitIds) : null;
    const avoided: string[] = [];
    for (const u of near) {
      if (avoid?.has(sortedUnits[u]!.id)) {
        avoided.push(sortedUnits[u]!.id);
        continue;
      }
      const evaluation = evaluatePair(person, sortedUnits[u]!, travel, weights);
      if (evaluation.feasible) push(u, evaluation.cost, evaluation.facts.travelMinutes);
      else refusals[evaluation.violated] = (refusals[evaluation.violated] ?? 0) + 1;
    }
    // Units outside the search radius are too far for their own trip limit.
    const outside = sortedUnits.length - near.length;
    if (outside > 0) refusals.trip = (refusals.trip ?? 0) + outside;
    refusalsOf.push(refusals);
    avoidedOf.push(avoided);
    arcStart[p + 1] = count;
  });

  const problem: TransportationProblem = {
    personCount: candidates.length,
    unitCount: sortedUnits.length,
    capacity: free,
    arcStart,
    arcUnit: arcUnit.subarray(0, count),
    arcCost: arcCost.subarray(0, count),
    unmatchedCost: 0,
  };
  problem.unmatchedCost =
    weights.unmatchedPerson === null
      ? safeUnmatchedCost(problem)
      : Math.round(weights.unmatchedPerson * COST_SCALE);
  if (candidates.some((person) => person.priority)) {
    // A priority person costs more to leave out: matched first when places are short.
    const bonus =
      weights.unmatchedPerson === null
        ? problem.unmatchedCost
        : Math.round((weights.priorityPerson ?? PRIORITY_BONUS) * COST_SCALE);
    problem.unmatchedExtra = Float64Array.from(candidates, (person) =>
      person.priority ? bonus : 0,
    );
  }
  return {
    candidates,
    sortedUnits,
    free,
    refusalsOf,
    avoidedOf,
    problem,
    arcTravel: arcTravel.subarray(0, count),
    weights,
    travel,
  };
}

export type CandidateGraph = ReturnType<typeof buildCandidateGraph>;

/**
 * People with the fewest candidate units are added first: they are placed before the places
 * they need are taken, so later searches stop sooner (about 20 % faster at national scale; the
 * optimum does not depend on the order).
 */
export function fewestChoicesFirst(problem: TransportationProblem): Int32Array {
  const order = Int32Array.from({ length: problem.personCount }, (_, p) => p);
  const degree = (p: number) => problem.arcStart[p + 1]! - problem.arcStart[p]!;
  return order.sort((a, b) => degree(a) - degree(b) || a - b);
}

export function proposeMatches(
  people: readonly MatchPerson[],
  units: readonly VisitorUnit[],
  options: MatchingOptions = {},
): MatchingResult {
  const alternativeCount = options.alternatives ?? 3;
  const graph = buildCandidateGraph(people, units, options);
  const { candidates, sortedUnits, free, refusalsOf, avoidedOf, problem, weights, travel } = graph;
  const solution = solveTransportation(problem, fewestChoicesFirst(problem));

  const used = new Array<number>(sortedUnits.length).fill(0);
  for (let p = 0; p < candidates.length; p++)
    if (solution.unitOf[p]! >= 0) used[solution.unitOf[p]!]!++;
  const option = (person: MatchPerson, u: number): UnitOption => {
    const unit = sortedUnits[u]!;
    const evaluation = evaluatePair(person, unit, travel, weights);
    if (!evaluation.feasible)
      throw new Error(`arc ${person.id} → ${unit.id} is no longer feasible`);
    return {
      unitId: unit.id,
      cost: evaluation.cost / COST_SCALE,
      parts: evaluation.parts,
      facts: evaluation.facts,
      explanation: explained(person, explainPair(evaluation.facts, unit.mobility)),
      hasFreePlace: used[u]! < free[u]!,
    };
  };

  const proposals: Proposal[] = candidates.map((person, p) => {
    const chosenArc = solution.arcOf[p]!;
    const others: number[] = [];
    for (let a = problem.arcStart[p]!; a < problem.arcStart[p + 1]!; a++)
      if (a !== chosenArc) others.push(a);
    others.sort(
      (a, b) =>
        problem.arcCost[a]! - problem.arcCost[b]! || problem.arcUnit[a]! - problem.arcUnit[b]!,
    );
    const refusals = { ...refusalsOf[p]! };
    const arcCount = problem.arcStart[p + 1]! - problem.arcStart[p]!;
    if (chosenArc < 0 && arcCount > 0) refusals.capacity = arcCount;
    const chosenUnit = chosenArc >= 0 ? problem.arcUnit[chosenArc]! : -1;
    return {
      personId: person.id,
      choice: chosenUnit >= 0 ? option(person, chosenUnit) : null,
      alternatives: others
        .slice(0, alternativeCount)
        .map((a) => option(person, problem.arcUnit[a]!)),
      unmatchedReason: chosenUnit >= 0 ? null : explainUnmatched(refusals, sortedUnits.length),
      refusals,
      unchanged: chosenUnit >= 0 && sortedUnits[chosenUnit]!.id === person.currentUnitId,
      avoidedUnitIds: avoidedOf[p]!,
    };
  });
  return {
    proposals,
    matched: solution.matched,
    unmatched: candidates.length - solution.matched,
    totalCost: solution.arcCostTotal / COST_SCALE,
    arcs: problem.arcUnit.length,
  };
}

/**
 * The best units for one person (a new arrival), cheapest first, among units with a free place:
 * the candidate search and the cost only, no re-solving. Build the index once with `UnitIndex`
 * and reuse it for each arrival.
 */
export function suggestUnits(
  person: MatchPerson,
  index: UnitIndex,
  options: Pick<MatchingOptions, 'weights' | 'travel'> & { limit?: number } = {},
): UnitOption[] {
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const travel = options.travel ?? straightLineEstimator;
  const found: UnitOption[] = [];
  const avoid = new Set(person.avoidUnitIds ?? []);
  for (const u of index.candidatesNear(person.location)) {
    const unit = index.units[u]!;
    if (avoid.has(unit.id)) continue;
    if (unit.capacity - unit.currentLoad <= 0) continue;
    const evaluation = evaluatePair(person, unit, travel, weights);
    if (!evaluation.feasible) continue;
    found.push({
      unitId: unit.id,
      cost: evaluation.cost / COST_SCALE,
      parts: evaluation.parts,
      facts: evaluation.facts,
      explanation: explained(person, explainPair(evaluation.facts, unit.mobility)),
      hasFreePlace: true,
    });
  }
  return found
    .sort((a, b) => a.cost - b.cost || (a.unitId < b.unitId ? -1 : 1))
    .slice(0, options.limit ?? 5);
}
