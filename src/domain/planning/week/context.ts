/**
 * Everything about a week that does not change while planning it, computed once: who is
 * available when, the intervals where a visit may start, the crews that may staff a visit on a
 * date (the continuity rule), and travel times between points, memoised (the estimator is called
 * hundreds of thousands of times otherwise).
 */
import { daysBetween, weekdayOf } from '../../common/calendar.js';
import type {
  Crew,
  GeoPoint,
  Mobility,
  PlanningUnit,
  PlanningVisitor,
  VisitDemand,
  WeekInput,
} from './model.js';

/** Days since 1970-01-01 (consecutive-day checks, distances between dates). */
export const dayNumberOf = (date: string) => daysBetween('1970-01-01', date);

/** Start-time intervals: a visit may start at any step in [lo, hi] (both on the step). */
export type Intervals = Array<[number, number]>;

export interface CrewOption {
  /** Visitor indices, the unit's member(s) first. */
  visitors: number[];
  crew: Crew;
}

/**
 * At most this many substitutes are offered per visit and date, the nearest to the visit first
 * among those whose windows fit it: enough choice for the search, without trying every visitor
 * of the service for every visit.
 */
const MAX_SUBSTITUTES = 8;

/** Up to this many points (visits and homes), travel times are memoised in a matrix (16 MB at most per mobility). */
const MATRIX_POINTS = 2_000;

const MOBILITY_INDEX: Record<Mobility, number> = { foot: 0, bike: 1, public_transport: 2, car: 3 };

export class WeekContext {
  readonly input: WeekInput;
  /** Open dates, sorted. */
  readonly dates: string[];
  readonly weekdayOfDate: number[];
  /** Days since the epoch of each date (consecutive-day checks). */
  readonly dayNumber: number[];
  readonly visitors: readonly PlanningVisitor[];
  readonly visitorIndex = new Map<string, number>();
  readonly demands: readonly VisitDemand[];
  readonly demandIndex = new Map<string, number>();
  readonly units = new Map<string, PlanningUnit>();
  /** The unit's member indices per demand (empty when the unit or a member is unknown). */
  readonly members: number[][];
  /** Sibling demand indices per demand. */
  readonly siblings: number[][];
  private readonly unavailable: Set<string>[];
  private readonly points: GeoPoint[];
  private readonly mobilityIndex: number[];
  /** Travel minutes per mobility, a lazily filled matrix (-1: not asked yet), or a map when large. */
  private readonly travelMatrix: Array<Int32Array | null> = [null, null, null, null];
  private readonly travelMemo = new Map<number, number>();
  private readonly crewMemo = new Map<number, CrewOption[]>();
  private readonly windowMemo = new Map<string, Intervals>();

  constructor(input: WeekInput) {
    this.input = input;
    this.dates = [...new Set(input.openDates)].sort();
    this.weekdayOfDate = this.dates.map(weekdayOf);
    this.dayNumber = this.dates.map(dayNumberOf);
    this.visitors = input.visitors;
    this.visitors.forEach((v, i) => this.visitorIndex.set(v.id, i));
    this.demands = input.demands;
    this.demands.forEach((d, i) => this.demandIndex.set(d.id, i));
    for (const unit of input.units) this.units.set(unit.id, unit);
    this.unavailable = this.visitors.map((v) => new Set(v.unavailableDates));
    this.members = this.demands.map((d) => {
      const ids = this.units.get(d.unitId)?.memberIds ?? [];
      const found = ids.map((id) => this.visitorIndex.get(id));
      return found.every((i) => i !== undefined) ? (found as number[]) : [];
    });
    this.siblings = this.demands.map((d) =>
      d.siblingIds
        .map((id) => this.demandIndex.get(id))
        .filter((i): i is number => i !== undefined && i !== this.demandIndex.get(d.id)),
    );
    // Points: the demands' places first, then the visitors' homes.
    this.points = [...this.demands.map((d) => d.location), ...this.visitors.map((v) => v.home)];
    this.mobilityIndex = this.visitors.map((v) => MOBILITY_INDEX[v.mobility] ?? 3);
  }

  get dateCount(): number {
    return this.dates.length;
  }

  /** The point index of a visitor's home (demand indices are the points of their visits). */
  homePoint(visitor: number): number {
    return this.demands.length + visitor;
  }

  /**
   * One-way minutes between two points with the visitor's mobility, rounded up to the minute
   * (the independent checker rounds the same way), memoised.
   */
  travel(from: number, to: number, visitor: number): number {
    if (from === to) return 0;
    const mobility = this.mobilityIndex[visitor]!;
    const size = this.points.length;
    if (size <= MATRIX_POINTS) {
      const matrix = (this.travelMatrix[mobility] ??= new Int32Array(size * size).fill(-1));
      const known = matrix[from * size + to]!;
      if (known >= 0) return known;
      return (matrix[from * size + to] = this.estimate(from, to, visitor));
    }
    const key = (from * size + to) * 4 + mobility;
    let minutes = this.travelMemo.get(key);
    if (minutes === undefined) {
      minutes = this.estimate(from, to, visitor);
      this.travelMemo.set(key, minutes);
    }
    return minutes;
  }

  private estimate(from: number, to: number, visitor: number): number {
    return Math.max(
      0,
      Math.ceil(
        this.input.travel.minutes(
          this.points[from]!,
          this.points[to]!,
          this.visitors[visitor]!.mobility,
        ) - 1e-9,
      ),
    );
  }

  /** Straight-line proximity of two demands (squared degrees, longitude scaled): for "related" visits. */
  closeness(a: number, b: number): number {
    const p = this.demands[a]!.location;
    const q = this.demands[b]!.location;
    const dLon = (p.lon - q.lon) * Math.cos((p.lat * Math.PI) / 180);
    return (p.lat - q.lat) ** 2 + dLon ** 2;
  }

  /** Whether a visitor cannot visit on a date: declared unavailable, or in an absence being declared ("visitor|date"). */
  isUnavailable(visitor: number, dateIndex: number, extra?: ReadonlySet<string>): boolean {
    const date = this.dates[dateIndex]!;
    return this.unavailable[visitor]!.has(date) || (extra?.has(`${visitor}|${date}`) ?? false);
  }

  /**
   * Where a visit of demand `d` by these visitors may START on a date, ignoring other visits:
   * inside the person's and every visitor's windows and the working hours, not across the break,
   * on the step.
   */
  startWindows(d: number, dateIndex: number, crew: readonly number[]): Intervals {
    const key = `${d}|${dateIndex}|${crew.join(',')}`;
    const memo = this.windowMemo.get(key);
    if (memo) return memo;
    const { settings } = this.input;
    const demand = this.demands[d]!;
    const weekday = this.weekdayOfDate[dateIndex]!;
    const duration = demand.durationMinutes;
    let spans: Array<[number, number]> = [[settings.dayStart, settings.dayEnd]];
    if (demand.personAvailability.length)
      spans = intersect(spans, windowsOn(demand.personAvailability, weekday));
    for (const v of crew)
      spans = intersect(spans, windowsOn(this.visitors[v]!.availability, weekday));
    if (settings.breakStart !== null && settings.breakEnd !== null)
      spans = subtract(spans, settings.breakStart, settings.breakEnd);
    const step = settings.slotStepMinutes;
    const out: Intervals = [];
    for (const [from, to] of spans) {
      const lo = Math.ceil(from / step) * step;
      const hi = Math.floor((to - duration) / step) * step;
      if (lo > hi) continue;
      // Start sets may be merged (unlike windows): every start of either set stays valid.
      const last = out[out.length - 1];
      if (last && lo <= last[1] + step) last[1] = Math.max(last[1], hi);
      else out.push([lo, hi]);
    }
    this.windowMemo.set(key, out);
    return out;
  }

  /**
   * Who may staff demand `d` on a date, best first (the continuity rule): the whole unit when
   * every member is there; for a pair missing one member, that member alone (if the service
   * allows it), then that member with a substitute (any other visitor of the service, in a pair,
   * a volunteer or not matched yet, present and available then). Only crews whose windows fit the visit that day are returned.
   * `absent` adds absences being declared ("visitor|date"); `maxSubstitutes` bounds the choice.
   */
  crews(
    d: number,
    dateIndex: number,
    absent?: ReadonlySet<string>,
    maxSubstitutes = MAX_SUBSTITUTES,
  ): CrewOption[] {
    const memoKey = d * 64 + dateIndex;
    const memoable = !absent && maxSubstitutes === MAX_SUBSTITUTES && this.dates.length <= 64;
    if (memoable) {
      const memo = this.crewMemo.get(memoKey);
      if (memo) return memo;
    }
    const out: CrewOption[] = [];
    const unit = this.units.get(this.demands[d]!.unitId);
    const members = this.members[d]!;
    if (unit && members.length > 0) {
      const present = members.filter((m) => !this.isUnavailable(m, dateIndex, absent));
      if (present.length === members.length) {
        out.push({ visitors: members, crew: unit.kind === 'pair' ? 'pair' : 'volunteer' });
      } else if (unit.kind === 'pair' && members.length === 2 && present.length === 1) {
        const keeper = present[0]!;
        if (this.input.settings.allowSoloVisits) out.push({ visitors: [keeper], crew: 'solo' });
        for (const s of this.substitutes(d, dateIndex, keeper, members, absent, maxSubstitutes)) {
          out.push({ visitors: [keeper, s], crew: 'substitute' });
        }
      }
    }
    const fitting = out.filter((o) => this.startWindows(d, dateIndex, o.visitors).length > 0);
    if (memoable) this.crewMemo.set(memoKey, fitting);
    return fitting;
  }

  /** Possible substitutes, nearest to the visit first, whose windows fit it with the keeper. */
  private substitutes(
    d: number,
    dateIndex: number,
    keeper: number,
    members: readonly number[],
    absent: ReadonlySet<string> | undefined,
    max: number,
  ): number[] {
    const candidates: Array<[number, number]> = [];
    for (let v = 0; v < this.visitors.length; v++) {
      if (members.includes(v)) continue;
      if (this.isUnavailable(v, dateIndex, absent)) continue;
      if (this.startWindows(d, dateIndex, [keeper, v]).length === 0) continue;
      candidates.push([this.travel(this.homePoint(v), d, v), v]);
    }
    candidates.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return candidates.slice(0, max).map(([, v]) => v);
  }
}

function windowsOn(
  windows: readonly { day: number; start: number; end: number }[],
  weekday: number,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const w of windows) if (w.day === weekday && w.start < w.end) out.push([w.start, w.end]);
  return out;
}

/** Intersection of two lists of [from, to] spans (any order), sorted. */
function intersect(
  a: Array<[number, number]>,
  b: Array<[number, number]>,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a0, a1] of a) {
    for (const [b0, b1] of b) {
      const lo = Math.max(a0, b0);
      const hi = Math.min(a1, b1);
      if (lo < hi) out.push([lo, hi]);
    }
  }
  return out.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/** Spans minus [cutFrom, cutTo). */
function subtract(
  spans: Array<[number, number]>,
  cutFrom: number,
  cutTo: number,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [from, to] of spans) {
    if (to <= cutFrom || from >= cutTo) out.push([from, to]);
    else {
      if (from < cutFrom) out.push([from, cutFrom]);
      if (to > cutTo) out.push([cutTo, to]);
    }
  }
  return out;
}
