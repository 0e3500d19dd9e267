/**
 * Who to ask for one date of a neighbour-help request (issue 13, point 3): the validated
 * neighbours near the person, through the matching's own candidate search (`UnitIndex`, a
 * kd-tree of homes, each neighbour a one-member unit) and its travel-time interface. A neighbour
 * is ranked when they offer that help, live within their own distance, are free at that time on
 * that weekday, are not blocked by the person and have not reached their weekly limit; nearest
 * first (by the estimator's minutes), then the one who helped least this week. Each ranked one
 * comes with its explanation (« à 1,2 km, propose les courses, libre le mardi matin »); the
 * others near enough are counted by reason, so the animator knows why the list is short.
 *
 * Pure: no I/O. The index is built once for an organisation's neighbours and serves every
 * request (the board, the animator's list, the platform asking the nearest few then widening).
 */
import { UnitIndex } from '../matching/candidates.js';
import type { GeoPoint, Mobility, VisitorUnit } from '../matching/model.js';
import type { TravelTimeEstimator } from '../matching/travel.js';
import { haversineKm } from '../geo/distance.js';
import { MAX_DISTANCE_KM } from './model.js';

export interface RankableNeighbour {
  visitorId: string;
  home: GeoPoint;
  mobility: Mobility;
  /** Help-kind codes offered. */
  offers: readonly string[];
  maxDistanceKm: number;
  weeklyLimit: number;
  /** Weekly availability (ISO weekday 1 = Monday, HH:MM). */
  availability: readonly { weekday: number; startTime: string; endTime: string }[];
}

/** One date of a request, where and when the help is given. */
export interface HelpSlot {
  at: GeoPoint;
  helpKind: string;
  /** ISO weekday of the date (1 = Monday). */
  weekday: number;
  startTime: string;
  endTime: string;
}

export interface RankContext {
  /** The kind's label in the organisation's list, lower-case in the explanation. */
  kindLabel: string;
  /** Neighbours the person does not want (or suspended by a coordinator since the index was built). */
  excluded?: ReadonlySet<string>;
  /** Helps already given or accepted this week, by neighbour. */
  helpsThisWeek?: ReadonlyMap<string, number>;
  /** How many to rank at most (the platform asks the nearest few, then widens). */
  limit: number;
  /** Search radius, km: a widening ask raises it; never beyond the farthest any neighbour goes. */
  radiusKm?: number;
}

interface RankedNeighbour {
  visitorId: string;
  distanceKm: number;
  travelMinutes: number;
  helpsThisWeek: number;
  explanation: string;
}

export type LeftOutReason = 'not_offered' | 'too_far' | 'not_free' | 'excluded' | 'weekly_limit';

export interface Ranking {
  ranked: RankedNeighbour[];
  /** Neighbours within the radius (by default, the farthest any neighbour goes) left out, by reason. */
  leftOut: Record<LeftOutReason, number>;
}

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const km = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** « le mardi matin », « le jeudi après-midi », « le samedi soir » (by the slot's start). */
export function dayPart(weekday: number, startTime: string): string {
  const start = minutesOf(startTime);
  const part = start < 12 * 60 ? 'matin' : start < 18 * 60 ? 'après-midi' : 'soir';
  return `le ${WEEKDAYS[weekday - 1]} ${part}`;
}

/** Free for the whole slot: one weekly window of that weekday holds it. */
export function freeFor(
  availability: RankableNeighbour['availability'],
  slot: Pick<HelpSlot, 'weekday' | 'startTime' | 'endTime'>,
): boolean {
  const start = minutesOf(slot.startTime);
  const end = minutesOf(slot.endTime);
  return availability.some(
    (w) =>
      w.weekday === slot.weekday && minutesOf(w.startTime) <= start && minutesOf(w.endTime) >= end,
  );
}

export class NeighbourIndex {
  private readonly index: UnitIndex;
  private readonly byId: Map<string, RankableNeighbour>;
  /** Nobody farther than the largest distance a neighbour accepts can be ranked. */
  private readonly reachKm: number;

  constructor(
    neighbours: readonly RankableNeighbour[],
    private readonly travel: TravelTimeEstimator,
  ) {
    this.byId = new Map(neighbours.map((n) => [n.visitorId, n]));
    this.reachKm = Math.min(
      MAX_DISTANCE_KM,
      neighbours.reduce((most, n) => Math.max(most, n.maxDistanceKm), 0),
    );
    const units: VisitorUnit[] = neighbours.map((n) => ({
      id: n.visitorId,
      kind: 'volunteer',
      members: [{ visitorId: n.visitorId, home: n.home, languages: [], interests: [] }],
      availability: [],
      capacity: n.weeklyLimit,
      currentLoad: 0,
      mobility: n.mobility,
      // Only `nearest` is used here, by distance: the trip limit plays no part.
      maxTripMinutes: 0,
    }));
    this.index = new UnitIndex(units, travel);
  }

  get size(): number {
    return this.byId.size;
  }

  rank(slot: HelpSlot, context: RankContext): Ranking {
    const leftOut: Record<LeftOutReason, number> = {
      not_offered: 0,
      too_far: 0,
      not_free: 0,
      excluded: 0,
      weekly_limit: 0,
    };
    const ranked: RankedNeighbour[] = [];
    const radius = Math.min(context.radiusKm ?? this.reachKm, this.reachKm);
    // Nearest first: every neighbour within the radius is looked at once, in distance order;
    // the accept callback sorts them into ranked or left out (the index never stops early,
    // because the slower ones after the first `limit` still count in « left out »).
    this.index.nearest(slot.at, radius, Number.MAX_SAFE_INTEGER, (unit) => {
      const n = this.byId.get(unit.id)!;
      const reason = this.reasonLeftOut(n, slot, context);
      if (reason) {
        leftOut[reason]++;
        return false;
      }
      const distanceKm = haversineKm(n.home, slot.at);
      ranked.push({
        visitorId: n.visitorId,
        distanceKm,
        travelMinutes: this.travel.minutes(n.home, slot.at, n.mobility),
        helpsThisWeek: context.helpsThisWeek?.get(n.visitorId) ?? 0,
        explanation: `à ${km.format(distanceKm)} km, propose ${context.kindLabel.toLocaleLowerCase('fr-FR')}, libre ${dayPart(slot.weekday, slot.startTime)}`,
      });
      return true;
    });
    ranked.sort(
      (a, b) =>
        a.travelMinutes - b.travelMinutes ||
        a.helpsThisWeek - b.helpsThisWeek ||
        a.visitorId.localeCompare(b.visitorId),
    );
    return { ranked: ranked.slice(0, context.limit), leftOut };
  }

  private reasonLeftOut(
    n: RankableNeighbour,
    slot: HelpSlot,
    context: RankContext,
  ): LeftOutReason | null {
    if (!n.offers.includes(slot.helpKind)) return 'not_offered';
    if (context.excluded?.has(n.visitorId)) return 'excluded';
    if (haversineKm(n.home, slot.at) > n.maxDistanceKm) return 'too_far';
    if (!freeFor(n.availability, slot)) return 'not_free';
    if ((context.helpsThisWeek?.get(n.visitorId) ?? 0) >= n.weeklyLimit) return 'weekly_limit';
    return null;
  }
}
