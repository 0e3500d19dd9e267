/**
 * What the matching engine works on: people waiting for visits, visitor units (a pair, or a
 * volunteer visiting alone) and the weights of the cost. Plain data, no I/O: the server loads it
 * from the database, the benchmark generates it.
 */
import type { LatLon } from '../geo/distance.js';

/** 0 = Monday … 6 = Sunday. */
type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A weekly window, in minutes since midnight (local time): Tuesday 14:00-17:00 = {1, 840, 1020}. */
export interface WeeklyWindow {
  day: Weekday;
  start: number;
  end: number;
}

/** A point in WGS84 degrees: the geo module's, so distances are computed one way only. */
export type GeoPoint = LatLon;

export type Mobility = 'foot' | 'bike' | 'public_transport' | 'car';

type VisitorGender = 'female' | 'male' | 'other';

export interface MatchPerson {
  id: string;
  location: GeoPoint;
  /** Visits wanted per week (usually 1). */
  visitsPerWeek: number;
  /** Length of one visit, in minutes. */
  visitMinutes: number;
  availability: readonly WeeklyWindow[];
  interests: readonly string[];
  /** Languages the person speaks; a visit needs one shared with the unit (French by default). */
  languages: readonly string[];
  /** A language the visit must be held in (hard constraint), e.g. a person who speaks only Portuguese. */
  requiredLanguage?: string | null;
  /** Hard: every member of the unit must have this gender. */
  visitorGenderPreference?: VisitorGender | null;
  /** Soft: preferred languages beyond the required one. */
  preferredLanguages?: readonly string[];
  /** The unit visiting this person now, if any (kept unless re-optimising). */
  currentUnitId?: string | null;
  /**
   * Back on the waiting list after a match ended for want of affinity (ADR 0028): leaving them
   * without a unit costs `MatchingWeights.priorityPerson` more than leaving anyone else.
   */
  priority?: boolean;
  /** Units never proposed to this person (a match with them ended for want of affinity). */
  avoidUnitIds?: readonly string[];
}

export interface UnitMember {
  visitorId: string;
  home: GeoPoint;
  gender?: VisitorGender | null;
  languages: readonly string[];
  interests: readonly string[];
}

export interface VisitorUnit {
  /** The pair id, or the volunteer's visitor id. */
  id: string;
  kind: 'pair' | 'volunteer';
  members: readonly UnitMember[];
  /** Common weekly availability of the members (a pair visits together). */
  availability: readonly WeeklyWindow[];
  /** How many people the unit can follow at once. */
  capacity: number;
  /** People it follows now (outside this matching). */
  currentLoad: number;
  mobility: Mobility;
  /** Longest acceptable one-way trip, in minutes. */
  maxTripMinutes: number;
}

/** Weights of the cost, in cost points; one point is one minute of travel. */
export interface MatchingWeights {
  /** Per minute of one-way travel (the farther member of a pair). */
  travelMinute: number;
  /** When the common availability leaves no choice (exactly as many windows as visits wanted). */
  tightAvailability: number;
  /** When the person has interests and the unit shares none. */
  noSharedInterest: number;
  /** Per preferred language the unit does not speak. */
  unmetLanguagePreference: number;
  /** For moving a person away from the unit visiting them now (re-optimisation only). */
  changeOfUnit: number;
  /**
   * For leaving a person without a unit. Matching one more person is worth up to this much
   * extra cost elsewhere (longer trips for the people moved to make room). `null`: matching the
   * most people always comes first, whatever the cost (slower on saturated territories).
   */
  unmatchedPerson: number | null;
  /**
   * Extra cost of leaving a priority person without a unit (default 300: five hours of weekly
   * travel). With `unmatchedPerson: null`, a priority person's unmatched cost is doubled instead.
   */
  priorityPerson?: number;
}

export const DEFAULT_WEIGHTS: MatchingWeights = {
  travelMinute: 1,
  tightAvailability: 10,
  noSharedInterest: 8,
  unmetLanguagePreference: 5,
  changeOfUnit: 60,
  // 600 points: ten hours of extra weekly travel spread over the people moved to make room.
  unmatchedPerson: 600,
};

export type HardConstraint = 'trip' | 'availability' | 'language' | 'gender' | 'capacity';
