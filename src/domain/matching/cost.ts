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
  | { feasible: false; violated: HardConstraint; travelMinutes: number };

// "Français", "francais " and "français" are the same language (free text in the files).
const norm = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

interface PreparedUnit {
  languages: Set<string>;
  interests: Set<string>;
}
interface PreparedPerson {
  interests: string[];
  languages: string[];
  preferredLanguages: string[];
  requiredLanguage: string | null;
  /** The person's own words for each compared key ("pétanque" for "petanque"), for explanations. */
  words: Map<string, string>;
}

// Normalised once per unit and per person: the candidate graph evaluates each many times.
const preparedUnits = new WeakMap<VisitorUnit, PreparedUnit>();
const preparedPeople = new WeakMap<MatchPerson, PreparedPerson>();

function prepareUnit(unit: VisitorUnit): PreparedUnit {
  let prepared = preparedUnits.get(unit);
  if (!prepared) {
    prepared = {
      languages: new Set(unit.members.flatMap((m) => m.languages.map(norm))),
      interests: new Set(unit.members.flatMap((m) => m.interests.map(norm))),
    };
    preparedUnits.set(unit, prepared);
  }
  return prepared;
}

function preparePerson(person: MatchPerson): PreparedPerson {
  let prepared = preparedPeople.get(person);
  if (!prepared) {
    const words = new Map<string, string>();
    for (const value of [
      ...person.interests,
      ...person.languages,
      ...(person.preferredLanguages ?? []),
    ]) {
      if (!words.has(norm(value))) words.set(norm(value), value.trim());
    }
    prepared = {
      interests: [...new Set(person.interests.map(norm))].sort(),
      languages: [...new Set(person.languages.map(norm))].sort(),
      preferredLanguages: (person.preferredLanguages ?? []).map(norm),
      requiredLanguage: person.requiredLanguage ? norm(person.requiredLanguage) : null,
      words,
    };
    preparedPeople.set(person, prepared);
  }
  return prepared;
}

export function evaluatePair(
  person: MatchPerson,
  unit: VisitorUnit,
  travel: TravelTimeEstimator,
  weights: MatchingWeights,
): PairEvaluation {
  let travelMinutes = 0;
  for (const member of unit.members) {
    travelMinutes = Math.max(
      travelMinutes,
      travel.minutes(member.home, person.location, unit.mobility),
    );
  }
  // Hard constraints first, cheapest first: most candidates fail on the trip.
  if (travelMinutes > unit.maxTripMinutes)
    return { feasible: false, violated: 'trip', travelMinutes };
  const commonDays = commonVisitDays(person.availability, unit.availability, person.visitMinutes);
  if (commonDays.length < person.visitsPerWeek)
    return { feasible: false, violated: 'availability', travelMinutes };
  const u = prepareUnit(unit);
  const p = preparePerson(person);
  const sharedLanguages = p.languages.filter((x) => u.languages.has(x));
  if (
    p.requiredLanguage
      ? !u.languages.has(p.requiredLanguage)
      : sharedLanguages.length === 0 && p.languages.length > 0
  ) {
    return { feasible: false, violated: 'language', travelMinutes };
  }
  const gender = person.visitorGenderPreference;
  if (gender && unit.members.some((m) => m.gender !== gender))
    return { feasible: false, violated: 'gender', travelMinutes };

  // The person's own words, in one pass each (this runs for every arc of the candidate graph).
  const sharedInterests: string[] = [];
  for (const x of p.interests) if (u.interests.has(x)) sharedInterests.push(p.words.get(x) ?? x);
  const unmetPreferredLanguages: string[] = [];
  for (const l of p.preferredLanguages)
    if (!u.languages.has(l)) unmetPreferredLanguages.push(p.words.get(l) ?? l);
  for (let i = 0; i < sharedLanguages.length; i++)
    sharedLanguages[i] = p.words.get(sharedLanguages[i]!) ?? sharedLanguages[i]!;
  const facts: PairFacts = {
    travelMinutes,
    commonDays,
    sharedInterests,
    sharedLanguages,
    unmetPreferredLanguages,
  };
  const parts: CostParts = {
    travel: weights.travelMinute * travelMinutes,
    tightAvailability: commonDays.length === person.visitsPerWeek ? weights.tightAvailability : 0,
    noSharedInterest:
      p.interests.length > 0 && facts.sharedInterests.length === 0 ? weights.noSharedInterest : 0,
    unmetLanguagePreference: weights.unmetLanguagePreference * facts.unmetPreferredLanguages.length,
    changeOfUnit:
      person.currentUnitId && person.currentUnitId !== unit.id ? weights.changeOfUnit : 0,
  };
  const total =
    parts.travel +
    parts.tightAvailability +
    parts.noSharedInterest +
    parts.unmetLanguagePreference +
    parts.changeOfUnit;
  return { feasible: true, cost: Math.round(total * COST_SCALE), parts, facts };
}
