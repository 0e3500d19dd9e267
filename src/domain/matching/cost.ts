/**
 * Whether a unit may visit a person (the hard constraints), and at what cost (the documented
 * objective). The cost is an integer number of tenths of a point, so the optimiser works on exact
 * integers; one point is worth one minute of travel.
 *
 * cost = travelMinute × minutes of one-way travel (the farther member of a pair)
 *      + tightAvailability   if the common windows leave no choice of day
 *      + noSharedInterest    if the person has interests and the unit shares none
 *      + unmetLanguagePreference × preferred languages the unit does not speak
 *      + changeOfUnit        if the person is visited by another unit now (re-optimisation)
 */
import { commonVisitDays } from './availability.js';
import type { HardConstraint, MatchingWeights, MatchPerson, VisitorUnit } from './model.js';
import type { TravelTimeEstimator } from './travel.js';

export const COST_SCALE = 10;

export interface CostParts {
  travel: number;
  tightAvailability: number;
  noSharedInterest: number;
  unmetLanguagePreference: number;
  changeOfUnit: number;
}

export interface PairFacts {
  /** One-way minutes for the farther member. */
  travelMinutes: number;
  /** Days with a common window long enough for a visit. */
  commonDays: number[];
  sharedInterests: string[];
  /** Languages the visit can be held in. */
  sharedLanguages: string[];
  unmetPreferredLanguages: string[];
}

export type PairEvaluation =
  | { feasible: true; cost: number; parts: CostParts; facts: PairFacts }
  | { feasible: false; violated: HardConstraint; facts: PairFacts };

const norm = (value: string) => value.trim().toLowerCase();

function intersect(a: readonly string[], b: Iterable<string>): string[] {
  const set = new Set([...b].map(norm));
  return [...new Set(a.map(norm))].filter((x) => set.has(x)).sort();
}

export function evaluatePair(
  person: MatchPerson,
  unit: VisitorUnit,
  travel: TravelTimeEstimator,
  weights: MatchingWeights,
): PairEvaluation {
  let travelMinutes = 0;
  for (const member of unit.members) {
    travelMinutes = Math.max(travelMinutes, travel.minutes(member.home, person.location, unit.mobility));
  }
  const unitLanguages = new Set(unit.members.flatMap((m) => m.languages.map(norm)));
  const unitInterests = new Set(unit.members.flatMap((m) => m.interests.map(norm)));
  const commonDays = commonVisitDays(person.availability, unit.availability, person.visitMinutes);
  const facts: PairFacts = {
    travelMinutes,
    commonDays,
    sharedInterests: intersect(person.interests, unitInterests),
    sharedLanguages: intersect(person.languages, unitLanguages),
    unmetPreferredLanguages: (person.preferredLanguages ?? []).map(norm).filter((l) => !unitLanguages.has(l)),
  };

  if (travelMinutes > unit.maxTripMinutes) return { feasible: false, violated: 'trip', facts };
  if (commonDays.length < person.visitsPerWeek) return { feasible: false, violated: 'availability', facts };
  const required = person.requiredLanguage ? norm(person.requiredLanguage) : null;
  if (required ? !unitLanguages.has(required) : facts.sharedLanguages.length === 0 && person.languages.length > 0) {
    return { feasible: false, violated: 'language', facts };
  }
  const gender = person.visitorGenderPreference;
  if (gender && unit.members.some((m) => m.gender !== gender)) return { feasible: false, violated: 'gender', facts };

  const parts: CostParts = {
    travel: weights.travelMinute * travelMinutes,
    tightAvailability: commonDays.length === person.visitsPerWeek ? weights.tightAvailability : 0,
    noSharedInterest: person.interests.length > 0 && facts.sharedInterests.length === 0 ? weights.noSharedInterest : 0,
    unmetLanguagePreference: weights.unmetLanguagePreference * facts.unmetPreferredLanguages.length,
    changeOfUnit: person.currentUnitId && person.currentUnitId !== unit.id ? weights.changeOfUnit : 0,
  };
  const total = parts.travel + parts.tightAvailability + parts.noSharedInterest + parts.unmetLanguagePreference + parts.changeOfUnit;
  return { feasible: true, cost: Math.round(total * COST_SCALE), parts, facts };
}
