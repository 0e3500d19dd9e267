/**
 * What the weekly planner works on and what it returns. Plain data, no I/O: the server loads it
 * from the database (visit demands from active matches, visitors' weekly availability and dated
 * absences, open days), the benchmark generates it.
 *
 * Visitors are individuals. A visit needs one visitor (a volunteer visiting alone, or a pair
 * member alone when the service allows it) or two (a pair, or a member with a substitute from
 * another pair); two visitors on a visit start it at the same moment (a synchronised double
 * visit). Every planned visit has a fixed start time, as the people visited are told one.
 */
import type { GeoPoint, Mobility, WeeklyWindow } from '../../matching/model.js';
import type { TravelTimeEstimator } from '../../matching/travel.js';

export type { GeoPoint, Mobility, WeeklyWindow };

/** A calendar date, "YYYY-MM-DD" (the service's local date). */
export type IsoDate = string;

export interface PlanningVisitor {
  id: string;
  home: GeoPoint;
  mobility: Mobility;
  /** Weekly windows in which the visitor can visit (0 = Monday), minutes since midnight. */
  availability: readonly WeeklyWindow[];
  /** Dates on which the visitor cannot visit at all: leave, sickness, training. */
  unavailableDates: readonly IsoDate[];
  /** The active pair this visitor belongs to, if any. */
  pairId: string | null;
}

/** Who follows a person: a pair (two members) or a volunteer alone (one member). */
export interface PlanningUnit {
  id: string;
  kind: 'pair' | 'volunteer';
  memberIds: readonly string[];
}

/** Where a visit takes place: at home, or out together. */
export type VisitPlace = 'home' | 'walk' | 'errands' | 'club';

/** Last week's slot of a visit: the planner keeps it when it can (stability). */
export interface PreviousSlot {
  /** ISO weekday of last week's visit, 0 = Monday. */
  day: number;
  start: number;
  visitorIds: readonly string[];
}

/** One visit to plan this week (a person with two visits a week has two demands). */
export interface VisitDemand {
  id: string;
  personId: string;
  /** The unit following the person (the active match). */
  unitId: string;
  location: GeoPoint;
  durationMinutes: number;
  place: VisitPlace;
  /** When the person can be visited; empty means any time within working hours. */
  personAvailability: readonly WeeklyWindow[];
  /** Soft preferences: days (0 = Monday) and periods. */
  preferredDays: readonly number[];
  preferredPeriods: readonly ('morning' | 'afternoon')[];
  previous: PreviousSlot | null;
  /**
   * Demands of the same person this week: their visits go on different days, and the planner
   * prefers at least one day between them.
   */
  siblingIds: readonly string[];
}

export interface PlanningSettings {
  /** Working hours, minutes since midnight. */
  dayStart: number;
  dayEnd: number;
  /** The break in which no visit is held (lunch). `null`: none. */
  breakStart: number | null;
  breakEnd: number | null;
  /** Start times are multiples of this (people are told "14h15", not "14h07"). */
  slotStepMinutes: number;
  /** Whether a pair member may keep a visit alone when the other one is absent. */
  allowSoloVisits: boolean;
  /** Most visits one visitor makes in a day. */
  maxVisitsPerVisitorPerDay: number;
}

export const DEFAULT_PLANNING_SETTINGS: PlanningSettings = {
  dayStart: 9 * 60,
  dayEnd: 18 * 60,
  breakStart: 12 * 60,
  breakEnd: 13 * 60 + 30,
  slotStepMinutes: 15,
  allowSoloVisits: false,
  maxVisitsPerVisitorPerDay: 3,
};

export interface WeekInput {
  /** Monday of the week. */
  weekStart: IsoDate;
  /** The dates of the week on which the service holds visits (public holidays and closures removed). */
  openDates: readonly IsoDate[];
  visitors: readonly PlanningVisitor[];
  units: readonly PlanningUnit[];
  demands: readonly VisitDemand[];
  settings: PlanningSettings;
  travel: TravelTimeEstimator;
  /** Same seed, same input, same iteration budget: same plan. */
  seed: number;
  /** Wall-clock limit of the improvement phase. */
  timeLimitMs: number;
  /** Iteration budget of the improvement phase (the deterministic limit). */
  maxIterations?: number;
  /** Reports progress (0..1) during the improvement phase. */
  onProgress?: (fraction: number) => void;
}

/** How a visit is staffed. */
export type Crew =
  /** The pair, both members. */
  | 'pair'
  /** A volunteer following the person alone. */
  | 'volunteer'
  /** One pair member alone (the other absent; the service allows it). */
  | 'solo'
  /** One pair member with a substitute from another pair. */
  | 'substitute';

export interface PlannedVisit {
  demandId: string;
  date: IsoDate;
  /** Minutes since midnight. */
  start: number;
  end: number;
  visitorIds: readonly string[];
  crew: Crew;
}

/** Why a visit could not be planned. */
export type UnplannedReason =
  /** No open day of the week on which the person and the unit share a window long enough. */
  | 'no_common_window'
  /** Every member of the unit is absent on every possible day, and no substitute could join. */
  | 'visitors_absent'
  /** Possible on its own, but only on dates the person's other visits of the week already take. */
  | 'person_days_taken'
  /** Possible on its own, but the unit's days were full. */
  | 'no_room';

export interface UnplannedVisit {
  demandId: string;
  reason: UnplannedReason;
  /** The same, in French, for the planner's screen. */
  message: string;
}

export interface WeekPlan {
  planned: PlannedVisit[];
  unplanned: UnplannedVisit[];
  stats: {
    /** Sum of every visitor's travel, in minutes (home → visits → home, per day). */
    travelMinutes: number;
    /** Visits not at last week's day and start time, or not with last week's visitors. */
    changedFromPrevious: number;
    /** Visits outside the person's preferred days or periods. */
    preferenceMisses: number;
    iterations: number;
    elapsedMs: number;
  };
}

/** An absence declared during the week. */
interface AbsenceDeclaration {
  visitorId: string;
  from: IsoDate;
  to: IsoDate;
}

export interface RepairInput {
  /** The week as it is planned now (with the absence's visitor not yet removed). */
  week: WeekInput;
  current: readonly PlannedVisit[];
  absence: AbsenceDeclaration;
  /** Nothing before this moment moves: visits already held or under way stay as they are. */
  now: { date: IsoDate; minute: number };
}

export interface VisitChange {
  demandId: string;
  before: PlannedVisit;
  /** `null`: the visit is dropped (with `reason`). */
  after: PlannedVisit | null;
  reason: UnplannedReason | null;
  /**
   * Set on a visit the absence did not touch, moved to make room for this touched visit (its
   * demand id), which would have been dropped otherwise.
   */
  makesRoomFor: string | null;
}

export interface RepairResult {
  changes: VisitChange[];
  /** Whom to tell: the people whose visit moved or was dropped, and every visitor whose day changed. */
  toTell: {
    personIds: string[];
    visitorIds: string[];
  };
  plan: PlannedVisit[];
}

/** The constraint a proposed move breaks, for the planner's screen. */
export type MoveViolation =
  | { kind: 'closed_day'; date: IsoDate }
  /** The start is not on the service's step (people are told "14h15", not "14h07"). */
  | { kind: 'off_step'; stepMinutes: number }
  | { kind: 'outside_working_hours' }
  | { kind: 'during_break' }
  | { kind: 'person_unavailable' }
  | { kind: 'visitor_unavailable'; visitorId: string }
  | { kind: 'visitor_absent'; visitorId: string }
  | { kind: 'overlap'; visitorId: string; otherDemandId: string }
  | {
      kind: 'travel_too_short';
      visitorId: string;
      otherDemandId: string;
      neededMinutes: number;
      /** Whether the other visit comes before this one (travel from it) or after (travel to it). */
      otherIs: 'previous' | 'next';
    }
  | { kind: 'too_many_visits'; visitorId: string }
  | { kind: 'same_day_as_sibling'; otherDemandId: string }
  | { kind: 'crew_not_allowed' };
