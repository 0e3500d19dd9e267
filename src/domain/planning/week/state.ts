/**
 * A week being planned: each visitor's day is a timeline of visits with fixed start times, so a
 * visit fits between two others when the previous one ends early enough to travel to it and it
 * ends early enough to travel to the next one. A double visit sits in both visitors' timelines
 * at the same start (synchronised). The objective is kept up to date on every insertion and
 * removal.
 */
import type { Crew } from './model.js';
import type { WeekContext } from './context.js';

/** Weights of the objective, in minutes of travel. See ADR 0009. */
export const PLANNING_WEIGHTS = {
  /** A visit left unplanned: more than any amount of travel, so every feasible visit comes first. */
  unplanned: 100_000,
  /** Last week's day not kept (the person waits for "their" day). */
  changedDay: 20,
  /** Same day, another time. */
  changedTime: 10,
  /** Not last week's visitors. */
  changedVisitors: 5,
  /** A pair member alone, or with a substitute: continuity kept, but not the usual pair. */
  soloCrew: 15,
  substituteCrew: 25,
  /** Outside the person's preferred days or periods. */
  preferredDay: 4,
  preferredPeriod: 3,
  /** Two visits of the same person on consecutive days. */
  consecutiveDays: 5,
} as const;

export interface Placement {
  d: number;
  dateIndex: number;
  start: number;
  visitors: number[];
  crew: Crew;
}

interface Entry {
  d: number;
  start: number;
  end: number;
}

export interface InsertionLimits {
  /** Dates the demand may go on (indices); all when absent. */
  dates?: readonly number[];
  /** Only this start (repair: keep the slot). */
  start?: number;
  /** Earliest start on a date index (repair: nothing before "now"). */
  notBefore?: { dateIndex: number; minute: number } | null;
  /** Absences being declared ("visitor|date"). */
  absent?: ReadonlySet<string>;
}

const NO_BOUND = 1e9;

export class WeekState {
  readonly placements: Array<Placement | null>;
  private readonly timelines = new Map<number, Entry[]>();
  cost: number;

  constructor(readonly ctx: WeekContext) {
    this.placements = ctx.demands.map(() => null);
    this.cost = ctx.demands.length * PLANNING_WEIGHTS.unplanned;
  }

  clone(): WeekState {
    const copy = new WeekState(this.ctx);
    for (const p of this.placements) if (p) copy.insert(p);
    return copy;
  }

  timeline(visitor: number, dateIndex: number): Entry[] {
    const key = visitor * 8 + dateIndex;
    let t = this.timelines.get(key);
    if (!t) {
      t = [];
      this.timelines.set(key, t);
    }
    return t;
  }

  /** Cost of one placement besides travel: crew, stability, preferences, siblings. */
  penalty(d: number, dateIndex: number, start: number, visitors: readonly number[], crew: Crew): number {
    const W = PLANNING_WEIGHTS;
    const ctx = this.ctx;
    const demand = ctx.demands[d]!;
    const weekday = ctx.weekdayOfDate[dateIndex]!;
    let cost = crew === 'solo' ? W.soloCrew : crew === 'substitute' ? W.substituteCrew : 0;
    const previous = demand.previous;
    if (previous) {
      if (previous.day !== weekday) cost += W.changedDay;
      else if (previous.start !== start) cost += W.changedTime;
      const ids = visitors.map((v) => ctx.visitors[v]!.id).sort();
      if (ids.join() !== [...previous.visitorIds].sort().join()) cost += W.changedVisitors;
    }
    if (demand.preferredDays.length && !demand.preferredDays.includes(weekday)) cost += W.preferredDay;
    if (demand.preferredPeriods.length && !demand.preferredPeriods.includes(start < 12 * 60 ? 'morning' : 'afternoon')) cost += W.preferredPeriod;
    for (const s of ctx.siblings[d]!) {
      const other = this.placements[s];
      if (other && Math.abs(dayNumber(ctx.dates[other.dateIndex]!) - dayNumber(ctx.dates[dateIndex]!)) === 1) cost += W.consecutiveDays;
    }
    return cost;
  }

  /** Extra travel for a visitor to fit demand `d` at `start` in their day. */
  private travelDelta(visitor: number, dateIndex: number, d: number, start: number): number {
    const t = this.timeline(visitor, dateIndex);
    const home = this.ctx.homePoint(visitor);
    let i = 0;
    while (i < t.length && t[i]!.start < start) i++;
    const prev = i > 0 ? t[i - 1]!.d : home;
    const next = i < t.length ? t[i]!.d : home;
    const ctx = this.ctx;
    return ctx.travel(prev, d, visitor) + ctx.travel(d, next, visitor) - ctx.travel(prev, next, visitor);
  }

  insert(p: Placement) {
    const demand = this.ctx.demands[p.d]!;
    let delta = this.penalty(p.d, p.dateIndex, p.start, p.visitors, p.crew) - PLANNING_WEIGHTS.unplanned;
    for (const v of p.visitors) {
      delta += this.travelDelta(v, p.dateIndex, p.d, p.start);
      const t = this.timeline(v, p.dateIndex);
      let i = 0;
      while (i < t.length && t[i]!.start < p.start) i++;
      t.splice(i, 0, { d: p.d, start: p.start, end: p.start + demand.durationMinutes });
    }
    this.placements[p.d] = p;
    this.cost += delta;
  }

  remove(d: number): Placement | null {
    const p = this.placements[d];
    if (!p) return null;
    this.placements[d] = null;
    let delta = PLANNING_WEIGHTS.unplanned - this.penalty(p.d, p.dateIndex, p.start, p.visitors, p.crew);
    for (const v of p.visitors) {
      const t = this.timeline(v, p.dateIndex);
      const i = t.findIndex((e) => e.d === d);
      t.splice(i, 1);
      delta -= this.travelDelta(v, p.dateIndex, d, p.start);
    }
    this.cost += delta;
    return p;
  }

  /**
   * The cheapest way to add demand `d` now (its cost delta), or null when it fits nowhere.
   * Siblings' dates are excluded (a person's visits go on different days).
   */
  bestInsertion(d: number, limits: InsertionLimits = {}): { placement: Placement; delta: number } | null {
    const ctx = this.ctx;
    const demand = ctx.demands[d]!;
    const duration = demand.durationMinutes;
    const step = ctx.input.settings.slotStepMinutes;
    const maxPerDay = ctx.input.settings.maxVisitsPerVisitorPerDay;
    const siblingDates = new Set(ctx.siblings[d]!.map((s) => this.placements[s]?.dateIndex).filter((x): x is number => x !== undefined));
    let best: { placement: Placement; delta: number } | null = null;
    const dateIndices = limits.dates ?? ctx.dates.map((_, i) => i);
    for (const di of dateIndices) {
      if (siblingDates.has(di)) continue;
      const weekday = ctx.weekdayOfDate[di]!;
      for (const option of ctx.crews(d, di, limits.absent)) {
        if (option.visitorIds.some((v) => this.timeline(v, di).length >= maxPerDay)) continue;
        let allowed: Array<[number, number]> = ctx.startWindows(d, di, option.visitorIds);
        if (limits.notBefore && limits.notBefore.dateIndex === di) allowed = clip(allowed, limits.notBefore.minute + 1, NO_BOUND);
        for (const v of option.visitorIds) {
          if (allowed.length === 0) break;
          allowed = intersectSorted(allowed, this.gaps(v, di, d, duration));
        }
        if (allowed.length === 0) continue;
        const candidates = new Set<number>();
        const previous = demand.previous;
        const afternoon = ctx.input.settings.breakEnd ?? 13 * 60 + 30;
        for (const [lo, hi] of allowed) {
          const first = Math.ceil(lo / step) * step;
          if (first > hi) continue;
          if (limits.start !== undefined) {
            if (limits.start >= lo && limits.start <= hi && limits.start % step === 0) candidates.add(limits.start);
            continue;
          }
          candidates.add(first);
          if (previous && previous.day === weekday && previous.start >= first && previous.start <= hi && previous.start % step === 0) candidates.add(previous.start);
          const pm = Math.ceil(Math.max(first, afternoon) / step) * step;
          if (pm <= hi) candidates.add(pm);
          // The latest start too: it leaves room earlier in the day for others.
          candidates.add(Math.floor(hi / step) * step);
        }
        for (const start of candidates) {
          let delta = this.penalty(d, di, start, option.visitorIds, option.crew) - PLANNING_WEIGHTS.unplanned;
          for (const v of option.visitorIds) delta += this.travelDelta(v, di, d, start);
          if (!best || delta < best.delta - 1e-9) {
            best = { placement: { d, dateIndex: di, start, visitors: option.visitorIds, crew: option.crew }, delta };
          }
        }
      }
    }
    return best;
  }

  /** Start intervals where `d` fits in a visitor's day between the visits already there. */
  private gaps(visitor: number, dateIndex: number, d: number, duration: number): Array<[number, number]> {
    const t = this.timeline(visitor, dateIndex);
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

  /** Every visitor's travel of the week: home → visits → home, each day. */
  travelMinutes(): number {
    let total = 0;
    for (const [key, t] of this.timelines) {
      if (t.length === 0) continue;
      const visitor = Math.floor(key / 8);
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

  /** Visits of a visitor on a date (for checks). */
  entries(visitor: number, dateIndex: number): readonly Entry[] {
    return this.timeline(visitor, dateIndex);
  }
}

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
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

/** Intersection of two sorted lists of closed intervals. */
function intersectSorted(a: Array<[number, number]>, b: Array<[number, number]>): Array<[number, number]> {
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
