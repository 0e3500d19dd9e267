/**
 * Everything about a week that does not change while planning it, computed once: who is
 * available when, the windows where a visit may start, the crews that may staff a visit on a
 * date (the continuity rule), and travel times between homes, memoised.
 */
import { weekdayOf } from '../../common/calendar.js';
import type { GeoPoint, Mobility, PlanningUnit, PlanningVisitor, VisitDemand, WeekInput, Crew } from './model.js';

/** Start-time intervals: a visit may start at any minute in [lo, hi]. */
export type Intervals = Array<[number, number]>;

export interface CrewOption {
  visitorIds: number[];
  crew: Crew;
}

const MOBILITY_INDEX: Record<Mobility, number> = { foot: 0, bike: 1, public_transport: 2, car: 3 };

export class WeekContext {
  readonly input: WeekInput;
  readonly dates: string[];
  readonly weekdayOfDate: number[];
  readonly visitors: PlanningVisitor[];
  readonly visitorIndex = new Map<string, number>();
  readonly demands: VisitDemand[];
  readonly demandIndex = new Map<string, number>();
  readonly units = new Map<string, PlanningUnit>();
  /** Unit member indices per demand. */
  readonly members: number[][];
  /** Sibling demand indices per demand. */
  readonly siblings: number[][];
  private readonly unavailable: Set<string>[];
  private readonly travelMemo = new Map<number, number>();
  private readonly points: GeoPoint[];
  private readonly pointMobility: Mobility[];
  private readonly crewMemo = new Map<number, CrewOption[]>();
  private readonly windowMemo = new Map<string, Intervals>();

  constructor(input: WeekInput) {
    this.input = input;
    this.dates = [...input.openDates].sort();
    this.weekdayOfDate = this.dates.map(weekdayOf);
    this.visitors = [...input.visitors];
    this.visitors.forEach((v, i) => this.visitorIndex.set(v.id, i));
    this.demands = [...input.demands];
    this.demands.forEach((d, i) => this.demandIndex.set(d.id, i));
    for (const unit of input.units) this.units.set(unit.id, unit);
    this.unavailable = this.visitors.map((v) => new Set(v.unavailableDates));
    this.members = this.demands.map((d) =>
      (this.units.get(d.unitId)?.memberIds ?? []).map((id) => this.visitorIndex.get(id)).filter((i): i is number => i !== undefined),
    );
    this.siblings = this.demands.map((d) => d.siblingIds.map((id) => this.demandIndex.get(id)).filter((i): i is number => i !== undefined));
    // Points: demands first, then visitors' homes.
    this.points = [...this.demands.map((d) => d.location), ...this.visitors.map((v) => v.home)];
    this.pointMobility = this.visitors.map((v) => v.mobility);
  }

  /** The point index of a visitor's home. */
  homePoint(visitor: number): number {
    return this.demands.length + visitor;
  }

  /** One-way minutes between two points for a visitor (their own mobility), memoised. */
  travel(from: number, to: number, visitor: number): number {
    if (from === to) return 0;
    const mobility = this.pointMobility[visitor] ?? 'car';
    const key = (from * this.points.length + to) * 4 + MOBILITY_INDEX[mobility];
    let minutes = this.travelMemo.get(key);
    if (minutes === undefined) {
      minutes = Math.ceil(this.input.travel.minutes(this.points[from]!, this.points[to]!, mobility));
      this.travelMemo.set(key, minutes);
    }
    return minutes;
  }

  isUnavailable(visitor: number, dateIndex: number, extra?: ReadonlySet<string>): boolean {
    const date = this.dates[dateIndex]!;
    return this.unavailable[visitor]!.has(date) || (extra?.has(`${visitor}|${date}`) ?? false);
  }

  /** The visitor's windows on a weekday, as [start, end] pairs. */
  private visitorWindows(visitor: number, weekday: number): Array<[number, number]> {
    return this.visitors[visitor]!.availability.filter((w) => w.day === weekday).map((w) => [w.start, w.end]);
  }

  /**
   * Where a visit of demand `d` by these visitors may START on a date, ignoring other visits:
   * inside the person's and every visitor's windows and the working hours, not across the break.
   */
  startWindows(d: number, dateIndex: number, crew: readonly number[]): Intervals {
    const key = `${d}|${dateIndex}|${crew.join(',')}`;
    const memo = this.windowMemo.get(key);
    if (memo) return memo;
    const { settings } = this.input;
    const demand = this.demands[d]!;
    const weekday = this.weekdayOfDate[dateIndex]!;
    const duration = demand.durationMinutes;
    // Intervals where the whole visit fits, as [from, to] of the visit's span.
    let spans: Array<[number, number]> = [[settings.dayStart, settings.dayEnd]];
    const person = demand.personAvailability;
    if (person.length) spans = intersect(spans, person.filter((w) => w.day === weekday).map((w) => [w.start, w.end]));
    for (const v of crew) spans = intersect(spans, this.visitorWindows(v, weekday));
    if (settings.breakStart !== null && settings.breakEnd !== null) spans = subtract(spans, settings.breakStart, settings.breakEnd);
    const step = settings.slotStepMinutes;
    const out: Intervals = [];
    for (const [from, to] of spans) {
      const lo = Math.ceil(from / step) * step;
      const hi = Math.floor((to - duration) / step) * step;
      if (lo <= hi) out.push([lo, hi]);
    }
    this.windowMemo.set(key, out);
    return out;
  }

  /**
   * Who may staff demand `d` on a date, best first: the whole unit; else, for a pair missing one
   * member, that member alone (if the service allows it) or with a substitute from another pair
   * or a volunteer. `absent` adds absences being declared ("visitor|date").
   */
  crews(d: number, dateIndex: number, absent?: ReadonlySet<string>): CrewOption[] {
    const memoKey = d * 64 + dateIndex;
    if (!absent) {
      const memo = this.crewMemo.get(memoKey);
      if (memo) return memo;
    }
    const unit = this.units.get(this.demands[d]!.unitId);
    const members = this.members[d]!;
    const out: CrewOption[] = [];
    if (unit && members.length === unit.memberIds.length && members.length > 0) {
      const present = members.filter((m) => !this.isUnavailable(m, dateIndex, absent));
      if (present.length === members.length) {
        out.push({ visitorIds: members, crew: unit.kind === 'pair' ? 'pair' : 'volunteer' });
      } else if (unit.kind === 'pair' && present.length === 1) {
        const keeper = present[0]!;
        if (this.input.settings.allowSoloVisits) out.push({ visitorIds: [keeper], crew: 'solo' });
        for (const s of this.substitutes(d, dateIndex, unit, absent)) out.push({ visitorIds: [keeper, s], crew: 'substitute' });
      }
    }
    if (!absent) this.crewMemo.set(memoKey, out);
    return out;
  }

  /** Up to six possible substitutes, nearest to the visit first. */
  private substitutes(d: number, dateIndex: number, unit: PlanningUnit, absent?: ReadonlySet<string>): number[] {
    const weekday = this.weekdayOfDate[dateIndex]!;
    const candidates: Array<[number, number]> = [];
    for (let v = 0; v < this.visitors.length; v++) {
      const visitor = this.visitors[v]!;
      if (unit.memberIds.includes(visitor.id)) continue;
      if (this.isUnavailable(v, dateIndex, absent)) continue;
      if (!visitor.availability.some((w) => w.day === weekday)) continue;
      candidates.push([this.travel(this.homePoint(v), d, v), v]);
    }
    candidates.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return candidates.slice(0, 6).map(([, v]) => v);
  }
}

/** Intersection of two sorted lists of [from, to] spans. */
export function intersect(a: Array<[number, number]>, b: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a0, a1] of a) {
    for (const [b0, b1] of b) {
      const lo = Math.max(a0, b0);
      const hi = Math.min(a1, b1);
      if (lo < hi) out.push([lo, hi]);
    }
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** Spans minus [cutFrom, cutTo). */
function subtract(spans: Array<[number, number]>, cutFrom: number, cutTo: number): Array<[number, number]> {
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
