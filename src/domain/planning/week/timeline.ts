/**
 * A week being planned: each visitor's day is a timeline of visits with fixed start times
 * (home → visit → … → home). Because starts are fixed, an insertion check is local: a visit fits
 * between two others when the previous one ends early enough to travel to it and it ends early
 * enough to travel to the next one. A double visit sits in both visitors' timelines at the same
 * start (synchronised). The objective is kept up to date on every insertion and removal, and a
 * journal undoes a rejected move in time proportional to its size.
 *
 * Travel from home to the first visit and back home after the last one is counted in the cost
 * but not required to fit in the working hours: visitors may leave home before `dayStart`
 * (documented in ADR 0009; the first visit itself starts at `dayStart` at the earliest).
 */
import type { Crew, PlannedVisit } from './model.js';
import type { CrewOption, WeekContext } from './context.js';

/**
 * Weights of the objective, in minutes of travel (lexicographic in practice: one unplanned visit
 * outweighs any travel saving). See ADR 0009.
 */
const PLANNING_WEIGHTS = {
  /** A feasible visit left unplanned. */
  unplanned: 100_000,
  /** Not last week's weekday (the person waits for "their" day). */
  changedDay: 30,
  /** Last week's weekday, another start time. */
  changedTime: 20,
  /** Not last week's visitors (added to the above). */
  changedVisitors: 10,
  /** Continuity kept, but not the usual crew: pair < solo < substitute. */
  soloCrew: 15,
  substituteCrew: 25,
  /** Outside the person's preferred days, or periods (morning: starts before 12:00). */
  preferredDay: 4,
  preferredPeriod: 3,
  /** Two visits of the same person on consecutive days. */
  consecutiveDays: 5,
} as const;

const NOON = 12 * 60;

export interface Placement {
  d: number;
  dateIndex: number;
  start: number;
  visitors: readonly number[];
  crew: Crew;
}

export interface Entry {
  d: number;
  start: number;
  end: number;
}

export interface InsertionLimits {
  /** Date indices the demand may go on; all open dates when absent. */
  dates?: readonly number[];
  /** Only this start (repair: keep the slot). */
  start?: number;
  /** Nothing starting at or before this minute of this date (repair: not in the past). */
  notBefore?: { dateIndex: number; minute: number } | null;
  /** Absences being declared ("visitor|date"). */
  absent?: ReadonlySet<string>;
  /** Bound on the substitutes tried per date (see MAX_SUBSTITUTES). */
  maxSubstitutes?: number;
  /** Also try the start nearest this one in each free interval (repair: near the old time). */
  target?: number;
  /** Added to each candidate's cost (repair: the size of the change). */
  extraCost?: (dateIndex: number, start: number) => number;
  /** Skips each candidate with this probability (diversity in the search); needs `random`. */
  blink?: number;
  random?: () => number;
}

export interface Insertion {
  placement: Placement;
  delta: number;
}

const NO_BOUND = 1e9;

export class WeekState {
  readonly placements: Array<Placement | null>;
  private readonly days: Entry[][];
  private readonly dateCount: number;
  cost: number;
  private journal: Array<{ inserted: boolean; p: Placement }> | null = null;

  constructor(readonly ctx: WeekContext) {
    this.placements = ctx.demands.map(() => null);
    this.dateCount = Math.max(1, ctx.dateCount);
    this.days = Array.from({ length: ctx.visitors.length * this.dateCount }, () => []);
    this.cost = ctx.demands.length * PLANNING_WEIGHTS.unplanned;
  }

  /** A visitor's visits on a date, by start. */
  entries(visitor: number, dateIndex: number): readonly Entry[] {
    return this.days[visitor * this.dateCount + dateIndex]!;
  }

  private day(visitor: number, dateIndex: number): Entry[] {
    return this.days[visitor * this.dateCount + dateIndex]!;
  }

  // ------------------------------------------------------------------ journal

  /** Starts recording insertions and removals, so that `undo` can revert them. */
  record() {
    this.journal = [];
  }

  /** Reverts everything since `record()` and stops recording. */
  undo() {
    const journal = this.journal ?? [];
    this.journal = null;
    for (let i = journal.length - 1; i >= 0; i--) {
      const { inserted, p } = journal[i]!;
      if (inserted) this.remove(p.d);
      else this.insert(p);
    }
  }

  /** Keeps everything since `record()` and stops recording. */
  commit() {
    this.journal = null;
  }

  // ------------------------------------------------------------------ cost

  /** Cost of one placement besides travel: crew, stability, preferences, siblings already placed. */
  penalty(
    d: number,
    dateIndex: number,
    start: number,
    visitors: readonly number[],
    crew: Crew,
  ): number {
    const W = PLANNING_WEIGHTS;
    const ctx = this.ctx;
    const demand = ctx.demands[d]!;
    const weekday = ctx.weekdayOfDate[dateIndex]!;
    let cost = crew === 'solo' ? W.soloCrew : crew === 'substitute' ? W.substituteCrew : 0;
    const previous = demand.previous;
    if (previous) {
      if (previous.day !== weekday) cost += W.changedDay;
      else if (previous.start !== start) cost += W.changedTime;
      if (!sameVisitors(ctx, visitors, previous.visitorIds)) cost += W.changedVisitors;
    }
    if (demand.preferredDays.length && !demand.preferredDays.includes(weekday))
      cost += W.preferredDay;
    if (
      demand.preferredPeriods.length &&
      !demand.preferredPeriods.includes(start < NOON ? 'morning' : 'afternoon')
    ) {
      cost += W.preferredPeriod;
    }
    // The pair of siblings is counted by whichever of the two is placed second (and removed first).
    for (const s of ctx.siblings[d]!) {
      const other = this.placements[s];
      if (other && Math.abs(ctx.dayNumber[other.dateIndex]! - ctx.dayNumber[dateIndex]!) === 1)
        cost += W.consecutiveDays;
    }
    return cost;
  }

  /** Extra travel for a visitor to fit demand `d` at `start` in their day (timeline without `d`). */
  private travelDelta(visitor: number, dateIndex: number, d: number, start: number): number {
    const t = this.day(visitor, dateIndex);
    const home = this.ctx.homePoint(visitor);
    let i = 0;
    while (i < t.length && t[i]!.start < start) i++;
    const prev = i > 0 ? t[i - 1]!.d : home;
    const next = i < t.length ? t[i]!.d : home;
    const ctx = this.ctx;
    return (
      ctx.travel(prev, d, visitor) + ctx.travel(d, next, visitor) - ctx.travel(prev, next, visitor)
    );
  }

  /** Cost change of placing `d` so (negative: better than leaving it unplanned). */
  insertionDelta(
    d: number,
    dateIndex: number,
    start: number,
    visitors: readonly number[],
    crew: Crew,
  ): number {
    let delta = this.penalty(d, dateIndex, start, visitors, crew) - PLANNING_WEIGHTS.unplanned;
    for (const v of visitors) delta += this.travelDelta(v, dateIndex, d, start);
    return delta;
  }

  // ------------------------------------------------------------------ moves

  insert(p: Placement) {
    if (this.placements[p.d]) throw new Error(`demand ${p.d} placed twice`);
    const end = p.start + this.ctx.demands[p.d]!.durationMinutes;
    this.cost += this.insertionDelta(p.d, p.dateIndex, p.start, p.visitors, p.crew);
    for (const v of p.visitors) {
      const t = this.day(v, p.dateIndex);
      let i = 0;
      while (i < t.length && t[i]!.start < p.start) i++;
      t.splice(i, 0, { d: p.d, start: p.start, end });
    }
    this.placements[p.d] = p;
    this.journal?.push({ inserted: true, p });
  }

  remove(d: number): Placement | null {
    const p = this.placements[d];
    if (!p) return null;
    this.placements[d] = null;
    let delta =
      PLANNING_WEIGHTS.unplanned - this.penalty(p.d, p.dateIndex, p.start, p.visitors, p.crew);
    for (const v of p.visitors) {
      const t = this.day(v, p.dateIndex);
      t.splice(
        t.findIndex((e) => e.d === d),
        1,
      );
      delta -= this.travelDelta(v, p.dateIndex, d, p.start);
    }
    this.cost += delta;
    this.journal?.push({ inserted: false, p });
    return p;
  }

  // ------------------------------------------------------------------ insertion search

  /** Date indices of placed siblings (a person's visits go on different dates). */
  siblingDates(d: number): Set<number> {
    const out = new Set<number>();
    for (const s of this.ctx.siblings[d]!) {
      const p = this.placements[s];
      if (p) out.add(p.dateIndex);
    }
    return out;
  }

  /** Allowed starts for a crew on a date given the other visits (every visitor's gaps intersected). */
  allowedStarts(
    d: number,
    dateIndex: number,
    option: CrewOption,
    notBefore?: InsertionLimits['notBefore'],
  ): Array<[number, number]> {
    const maxPerDay = this.ctx.input.settings.maxVisitsPerVisitorPerDay;
    for (const v of option.visitors) if (this.day(v, dateIndex).length >= maxPerDay) return [];
    let allowed: Array<[number, number]> = this.ctx.startWindows(d, dateIndex, option.visitors);
    if (notBefore && notBefore.dateIndex === dateIndex)
      allowed = clip(allowed, notBefore.minute + 1, NO_BOUND);
    const duration = this.ctx.demands[d]!.durationMinutes;
    for (const v of option.visitors) {
      if (allowed.length === 0) break;
      allowed = intersectSorted(allowed, this.gaps(v, dateIndex, d, duration));
    }
    return allowed;
  }

  /**
   * The cheapest way to add demand `d` now, or null when it fits nowhere. Candidate starts in
   * each free interval: the earliest and the latest (on the step), last week's start, and the
   * start of the afternoon (a preferred period).
   */
  bestInsertion(d: number, limits: InsertionLimits = {}): Insertion | null {
    const ctx = this.ctx;
    const demand = ctx.demands[d]!;
    const step = ctx.input.settings.slotStepMinutes;
    const afternoon = ctx.input.settings.breakEnd ?? NOON;
    const siblingDates = this.siblingDates(d);
    const blink = limits.random && limits.blink ? limits.blink : 0;
    let best: Insertion | null = null;
    const dateCount = ctx.dateCount;
    for (let k = 0; k < (limits.dates?.length ?? dateCount); k++) {
      const di = limits.dates ? limits.dates[k]! : k;
      if (siblingDates.has(di)) continue;
      const weekday = ctx.weekdayOfDate[di]!;
      const previousStart =
        demand.previous && demand.previous.day === weekday ? demand.previous.start : -1;
      for (const option of ctx.crews(d, di, limits.absent, limits.maxSubstitutes)) {
        const allowed = this.allowedStarts(d, di, option, limits.notBefore);
        for (const [lo, hi] of allowed) {
          const first = Math.ceil(lo / step) * step;
          const last = Math.floor(hi / step) * step;
          if (first > last) continue;
          const extra = limits.extraCost;
          if (limits.start !== undefined) {
            if (limits.start >= first && limits.start <= last && limits.start % step === 0) {
              best = this.better(best, d, di, limits.start, option, extra);
            }
            continue;
          }
          if (blink && limits.random!() < blink) continue;
          best = this.better(best, d, di, first, option, extra);
          if (last !== first) best = this.better(best, d, di, last, option, extra);
          if (previousStart > first && previousStart < last && previousStart % step === 0) {
            best = this.better(best, d, di, previousStart, option, extra);
          }
          const pm = Math.ceil(afternoon / step) * step;
          if (pm > first && pm < last) best = this.better(best, d, di, pm, option, extra);
          if (limits.target !== undefined) {
            const near = Math.min(last, Math.max(first, Math.round(limits.target / step) * step));
            if (near > first && near < last) best = this.better(best, d, di, near, option, extra);
          }
        }
      }
    }
    return best;
  }

  private better(
    best: Insertion | null,
    d: number,
    di: number,
    start: number,
    option: CrewOption,
    extra?: InsertionLimits['extraCost'],
  ): Insertion | null {
    const delta =
      this.insertionDelta(d, di, start, option.visitors, option.crew) +
      (extra ? extra(di, start) : 0);
    if (best && delta >= best.delta) return best;
    return {
      placement: { d, dateIndex: di, start, visitors: option.visitors, crew: option.crew },
      delta,
    };
  }

  /** Start intervals where `d` fits in a visitor's day between the visits already there. */
  private gaps(
    visitor: number,
    dateIndex: number,
    d: number,
    duration: number,
  ): Array<[number, number]> {
    const t = this.day(visitor, dateIndex);
    const ctx = this.ctx;
    const out: Array<[number, number]> = [];
    for (let i = 0; i <= t.length; i++) {
      const prev = t[i - 1];
      const next = t[i];
      const lo = prev ? prev.end + ctx.travel(prev.d, d, visitor) : -NO_BOUND;
      const hi = next ? next.start - duration - ctx.travel(d, next.d, visitor) : NO_BOUND;
      if (lo <= hi) out.push([lo, hi]);
    }
    return out;
  }

  /**
   * The visits that stand in the way of placing `d` at `start` with these visitors on a date:
   * those overlapping it or too close to travel, a sibling on the same date, and when a day
   * would exceed the daily maximum, the visit nearest in time besides. Removing them all makes
   * the placement feasible (the windows are the caller's to check). Written into `out` (cleared
   * first; no allocation, it runs for every candidate start of an ejection).
   */
  conflicts(
    d: number,
    dateIndex: number,
    visitors: readonly number[],
    start: number,
    out: number[] = [],
  ): number[] {
    const ctx = this.ctx;
    const end = start + ctx.demands[d]!.durationMinutes;
    out.length = 0;
    for (const s of ctx.siblings[d]!) if (this.placements[s]?.dateIndex === dateIndex) out.push(s);
    const maxPerDay = ctx.input.settings.maxVisitsPerVisitorPerDay;
    for (const v of visitors) {
      const t = this.day(v, dateIndex);
      let kept = 0;
      let nearest = -1;
      let nearestGap = Infinity;
      for (const e of t) {
        if (e.d === d) continue;
        if (out.includes(e.d)) continue;
        if (e.end + ctx.travel(e.d, d, v) > start && end + ctx.travel(d, e.d, v) > e.start) {
          out.push(e.d);
          continue;
        }
        kept++;
        const gap = Math.min(Math.abs(e.start - end), Math.abs(start - e.end));
        if (gap < nearestGap) {
          nearestGap = gap;
          nearest = e.d;
        }
      }
      if (kept + 1 > maxPerDay && nearest >= 0) out.push(nearest);
    }
    return out;
  }

  /** Every visitor's travel of the week: home → visits → home, each day. */
  travelMinutes(): number {
    let total = 0;
    for (let key = 0; key < this.days.length; key++) {
      const t = this.days[key]!;
      if (t.length === 0) continue;
      const visitor = Math.floor(key / this.dateCount);
      const home = this.ctx.homePoint(visitor);
      let at = home;
      for (const e of t) {
        total += this.ctx.travel(at, e.d, visitor);
        at = e.d;
      }
      total += this.ctx.travel(at, home, visitor);
    }
    return total;
  }
}

export function sameVisitors(
  ctx: WeekContext,
  visitors: readonly number[],
  ids: readonly string[],
): boolean {
  if (visitors.length !== ids.length) return false;
  for (const v of visitors) if (!ids.includes(ctx.visitors[v]!.id)) return false;
  return true;
}

function clip(spans: Array<[number, number]>, lo: number, hi: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    const x = Math.max(a, lo);
    const y = Math.min(b, hi);
    if (x <= y) out.push([x, y]);
  }
  return out;
}

/** Intersection of two sorted lists of disjoint closed intervals. */
function intersectSorted(
  a: Array<[number, number]>,
  b: Array<[number, number]>,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

export function toVisit(ctx: WeekContext, p: Placement): PlannedVisit {
  const demand = ctx.demands[p.d]!;
  return {
    demandId: demand.id,
    date: ctx.dates[p.dateIndex]!,
    start: p.start,
    end: p.start + demand.durationMinutes,
    visitorIds: p.visitors.map((v) => ctx.visitors[v]!.id).sort(),
    crew: p.crew,
  };
}
