/**
 * The weekly planner (pure, no I/O): plan a local service's week, check a manual move, repair the
 * week after an absence. Model in `model.ts`, decisions in ADR 0009.
 *
 * `planWeek`: greedy construction (hardest visits first: fewest date and crew options), then
 * ruin and recreate with simulated annealing in the style of the routing core
 * (`../vrptw/solver.ts`): remove a few related visits (neighbours, a visitor's day, the visits
 * in the way of one left out), put them back the cheapest way, keep the result by the annealing
 * rule. A second move targets a visit left out: it takes the start where the fewest visits stand
 * in its way, moves those elsewhere (an ejection chain of depth one), and is kept by the same
 * rule. Deterministic for a seed and an iteration budget: the wall-clock limit only cuts the
 * search short.
 */
import { mulberry32 } from '../../common/random.js';
import { WeekContext } from './context.js';
import { unplannedMessage, unplannedReason } from './explain.js';
import type { PlannedVisit, UnplannedVisit, WeekInput, WeekPlan } from './model.js';
import { sameVisitors, toVisit, WeekState, type Placement } from './timeline.js';

export { repairWeek } from './repair.js';
export { checkMove } from './move.js';
export { describeViolation, unplannedMessage } from './explain.js';
/** Annealing temperatures, in travel minutes: early on a move costing ~10 minutes is often kept. */
const START_TEMPERATURE = 10;
const END_TEMPERATURE = 0.5;
/** Most visits removed by one ruin. */
const MAX_RUIN = 10;
/** Nearest demands kept per demand for the "related visits" ruin. */
const NEIGHBOURS = 30;
/** Visits left out put back per recreate, at most (the rest wait for a later iteration). */
const MAX_WAITING_RETRIED = 20;
/** Levels of an ejection chain. */
const EJECTION_DEPTH = 3;

export function planWeek(input: WeekInput): WeekPlan {
  const started = performance.now();
  const ctx = new WeekContext(input);
  const search = new Search(ctx, mulberry32(input.seed));
  search.construct();

  const maxIterations = input.maxIterations ?? Number.POSITIVE_INFINITY;
  const budgeted = Number.isFinite(maxIterations);
  const deadline = started + Math.max(0, input.timeLimitMs);
  let iterations = 0;
  if (search.worthImproving()) {
    while (iterations < maxIterations) {
      const now = performance.now();
      if (now >= deadline) break;
      const progress = budgeted
        ? iterations / maxIterations
        : Math.min(1, (now - started) / Math.max(1, input.timeLimitMs));
      if ((iterations & 63) === 0) input.onProgress?.(progress);
      search.iterate(START_TEMPERATURE * Math.pow(END_TEMPERATURE / START_TEMPERATURE, progress));
      iterations++;
    }
  }
  input.onProgress?.(1);
  return search.result(iterations, performance.now() - started);
}

/** The search state of one `planWeek` call. */
class Search {
  private readonly state: WeekState;
  private readonly all: number[];
  /** Demands that fit alone in an empty week (some crew, some date). */
  private readonly placeable: boolean[];
  /** Breadth of each demand's options: the construction takes the smallest first. */
  private readonly breadth: number[];
  private readonly neighbourMemo = new Map<number, number[]>();
  private bestPlacements: Array<Placement | null>;
  private bestCost: number;

  constructor(
    private readonly ctx: WeekContext,
    private readonly random: () => number,
  ) {
    this.state = new WeekState(ctx);
    this.all = ctx.demands.map((_, i) => i);
    this.breadth = this.all.map((d) => optionBreadth(ctx, d));
    this.placeable = this.all.map((d) => this.breadth[d]! > 0);
    this.bestPlacements = this.state.placements.slice();
    this.bestCost = this.state.cost;
  }

  construct() {
    const order = this.all.filter((d) => this.placeable[d]);
    // Siblings narrow each other's options: count a person's visits in the difficulty.
    order.sort(
      (a, b) =>
        this.breadth[a]! / (1 + this.ctx.siblings[a]!.length) -
          this.breadth[b]! / (1 + this.ctx.siblings[b]!.length) ||
        this.ctx.demands[b]!.durationMinutes - this.ctx.demands[a]!.durationMinutes ||
        a - b,
    );
    for (const d of order) {
      const best = this.state.bestInsertion(d);
      if (best) this.state.insert(best.placement);
    }
    // The visits the construction left out get a first targeted try each.
    for (const d of this.waiting()) {
      this.state.record();
      const before = this.state.cost;
      this.eject(d);
      if (this.state.cost < before) this.state.commit();
      else this.state.undo();
    }
    this.saveBest();
  }

  worthImproving(): boolean {
    return this.all.filter((d) => this.placeable[d]).length > 1;
  }

  iterate(temperature: number) {
    const state = this.state;
    const before = state.cost;
    const waiting = this.waiting();
    state.record();
    if (waiting.length && this.random() < 0.3) {
      this.eject(waiting[Math.floor(this.random() * waiting.length)]!);
    } else {
      const removed = this.ruin(waiting);
      this.recreate(removed, waiting);
    }
    const after = state.cost;
    if (after <= before || after < before - temperature * Math.log(this.random())) {
      state.commit();
      if (after < this.bestCost) this.saveBest();
    } else {
      state.undo();
    }
  }

  private saveBest() {
    this.bestPlacements = this.state.placements.slice();
    this.bestCost = this.state.cost;
  }

  /** Placeable demands not planned now, by index. */
  private waiting(): number[] {
    const out: number[] = [];
    const placements = this.state.placements;
    for (let d = 0; d < placements.length; d++)
      if (!placements[d] && this.placeable[d]) out.push(d);
    return out;
  }

  // ------------------------------------------------------------------ ruin

  /** Removes a few related visits; returns them. */
  private ruin(waiting: readonly number[]): number[] {
    const state = this.state;
    const placed: number[] = [];
    for (let d = 0; d < state.placements.length; d++) if (state.placements[d]) placed.push(d);
    if (placed.length === 0) return [];
    const r = this.random();
    const size = 1 + Math.floor(this.random() * Math.min(MAX_RUIN, placed.length));
    let chosen: number[];
    if (waiting.length && r < 0.3) {
      chosen = this.roomFor(waiting[Math.floor(this.random() * waiting.length)]!);
    } else if (r < 0.5) {
      // The day of the seed's crew: their visits can swap places.
      const seed = state.placements[placed[Math.floor(this.random() * placed.length)]!]!;
      const ids = new Set<number>();
      for (const v of seed.visitors) for (const e of state.entries(v, seed.dateIndex)) ids.add(e.d);
      chosen = [...ids];
    } else if (r < 0.9) {
      // The seed and its nearest planned neighbours (same area: they can trade slots).
      const seed = placed[Math.floor(this.random() * placed.length)]!;
      chosen = [seed];
      for (const n of this.neighbours(seed)) {
        if (chosen.length >= size) break;
        if (state.placements[n]) chosen.push(n);
      }
    } else {
      chosen = [];
      for (let i = 0; i < size; i++)
        chosen.push(placed[Math.floor(this.random() * placed.length)]!);
    }
    const removed: number[] = [];
    for (const d of new Set(chosen)) if (state.remove(d)) removed.push(d);
    return removed;
  }

  /** Visits of a left-out demand's crew, on one of its possible dates, around its windows. */
  private roomFor(d: number): number[] {
    const ctx = this.ctx;
    const state = this.state;
    const options: Array<[number, number[]]> = [];
    for (let di = 0; di < ctx.dateCount; di++)
      for (const o of ctx.crews(d, di)) options.push([di, o.visitors]);
    if (options.length === 0) return [];
    const [di, visitors] = options[Math.floor(this.random() * options.length)]!;
    const chosen: number[] = [];
    for (const s of ctx.siblings[d]!) if (state.placements[s]?.dateIndex === di) chosen.push(s);
    for (const v of visitors)
      for (const e of state.entries(v, di)) if (this.random() < 0.6) chosen.push(e.d);
    return chosen;
  }

  private neighbours(d: number): number[] {
    let list = this.neighbourMemo.get(d);
    if (!list) {
      const ctx = this.ctx;
      list = this.all
        .filter((o) => o !== d)
        .map((o) => [ctx.closeness(d, o), o] as const)
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .slice(0, NEIGHBOURS)
        .map(([, o]) => o);
      this.neighbourMemo.set(d, list);
    }
    return list;
  }

  // ------------------------------------------------------------------ recreate

  /** Puts back the removed visits and a few of those waiting, hardest first (with noise). */
  private recreate(removed: readonly number[], waiting: readonly number[]) {
    let retried = [...waiting];
    if (retried.length > MAX_WAITING_RETRIED) {
      shuffle(retried, this.random);
      retried = retried.slice(0, MAX_WAITING_RETRIED);
    }
    const key = new Map<number, number>();
    for (const d of [...retried, ...removed])
      key.set(d, this.breadth[d]! * (0.7 + 0.6 * this.random()));
    // Half the time the visits left out go first: they are the ones with the least room.
    const first = this.random() < 0.5 ? new Set(retried) : new Set<number>();
    const order = [...key.keys()].sort((a, b) => {
      const fa = first.has(a);
      if (fa !== first.has(b)) return fa ? -1 : 1;
      return key.get(a)! - key.get(b)! || a - b;
    });
    for (const d of order) {
      if (this.state.placements[d]) continue;
      const best = this.state.bestInsertion(d, { blink: 0.02, random: this.random });
      if (best) this.state.insert(best.placement);
    }
  }

  // ------------------------------------------------------------------ ejection

  /**
   * Places left-out demand `d` where the fewest visits stand in its way (ties at random), then
   * puts those back elsewhere; one that fits nowhere is placed the same way in turn, down to
   * `depth` levels (an ejection chain). Visits already moved by the chain stay put. The caller
   * keeps or undoes the result.
   */
  private eject(d: number, depth = EJECTION_DEPTH, moved = new Set<number>()) {
    const state = this.state;
    moved.add(d);
    const best = this.bestEjection(d, moved);
    if (!best) return;
    const conflicts = state.conflicts(d, best.dateIndex, best.visitors, best.start);
    if (conflicts.some((c) => moved.has(c))) return;
    for (const c of conflicts) state.remove(c);
    state.insert(best);
    const order = [...conflicts].sort((a, b) => this.breadth[a]! - this.breadth[b]! || a - b);
    for (const c of order) {
      const insertion = state.bestInsertion(c);
      if (insertion) state.insert(insertion.placement);
      else if (depth > 1) this.eject(c, depth - 1, moved);
    }
  }

  /**
   * The start where the visits in the way weigh least (each counts 1, more when it has little
   * room elsewhere; a visit already moved by the chain may not be moved again). Each visit of the
   * crew's day forbids an open interval of starts (overlap or travel), computed once per date and
   * crew, so the scan over starts needs no travel times.
   */
  private bestEjection(d: number, moved: ReadonlySet<number>): Placement | null {
    const ctx = this.ctx;
    const state = this.state;
    const step = ctx.input.settings.slotStepMinutes;
    const maxPerDay = ctx.input.settings.maxVisitsPerVisitorPerDay;
    const duration = ctx.demands[d]!.durationMinutes;
    const weight = (c: number) => (moved.has(c) ? 1e6 : 1 + 20 / (1 + this.breadth[c]!));
    let best: Placement | null = null;
    let bestScore = Number.POSITIVE_INFINITY;
    const blockD: number[] = [];
    const blockLo: number[] = [];
    const blockHi: number[] = [];
    const blockV: number[] = [];
    const picked: number[] = [];
    const kept = [0, 0];
    for (let di = 0; di < ctx.dateCount; di++) {
      const siblings = ctx.siblings[d]!.filter((s) => state.placements[s]?.dateIndex === di);
      let siblingScore = 0;
      for (const s of siblings) siblingScore += weight(s);
      for (const option of ctx.crews(d, di)) {
        blockD.length = blockLo.length = blockHi.length = blockV.length = 0;
        option.visitors.forEach((v, k) => {
          for (const e of state.entries(v, di)) {
            if (e.d === d || siblings.includes(e.d)) continue;
            blockD.push(e.d);
            blockLo.push(e.start - duration - ctx.travel(d, e.d, v));
            blockHi.push(e.end + ctx.travel(e.d, d, v));
            blockV.push(k);
          }
        });
        for (const [lo, hi] of ctx.startWindows(d, di, option.visitors)) {
          for (let start = lo; start <= hi; start += step) {
            let score = siblingScore + this.random() * 0.5;
            picked.length = 0;
            kept[0] = kept[1] = 0;
            for (let b = 0; b < blockD.length; b++) {
              if (blockLo[b]! < start && start < blockHi[b]!) {
                if (!picked.includes(blockD[b]!)) {
                  picked.push(blockD[b]!);
                  score += weight(blockD[b]!);
                }
              } else kept[blockV[b]!]!++;
            }
            // A full day: one more visit has to go (the nearest; `conflicts` names it).
            if (kept[0]! + 1 > maxPerDay || kept[1]! + 1 > maxPerDay) score += 1.5;
            if (score >= bestScore) continue;
            bestScore = score;
            best = { d, dateIndex: di, start, visitors: option.visitors, crew: option.crew };
          }
        }
      }
    }
    return bestScore < 1e6 ? best : null;
  }

  // ------------------------------------------------------------------ result

  result(iterations: number, elapsedMs: number): WeekPlan {
    const ctx = this.ctx;
    const final = new WeekState(ctx);
    for (const p of this.bestPlacements) if (p) final.insert(p);
    const planned: PlannedVisit[] = [];
    const unplanned: UnplannedVisit[] = [];
    let changedFromPrevious = 0;
    let preferenceMisses = 0;
    for (const d of this.all) {
      const p = final.placements[d];
      const demand = ctx.demands[d]!;
      if (!p) {
        const reason = unplannedReason(ctx, d, { siblingDates: final.siblingDates(d) });
        unplanned.push({ demandId: demand.id, reason, message: unplannedMessage(reason) });
        continue;
      }
      planned.push(toVisit(ctx, p));
      const weekday = ctx.weekdayOfDate[p.dateIndex]!;
      const previous = demand.previous;
      if (
        previous &&
        (previous.day !== weekday ||
          previous.start !== p.start ||
          !sameVisitors(ctx, p.visitors, previous.visitorIds))
      ) {
        changedFromPrevious++;
      }
      const period = p.start < 12 * 60 ? 'morning' : 'afternoon';
      if (
        (demand.preferredDays.length && !demand.preferredDays.includes(weekday)) ||
        (demand.preferredPeriods.length && !demand.preferredPeriods.includes(period))
      ) {
        preferenceMisses++;
      }
    }
    planned.sort(
      (a, b) =>
        a.date.localeCompare(b.date) || a.start - b.start || a.demandId.localeCompare(b.demandId),
    );
    return {
      planned,
      unplanned,
      stats: {
        travelMinutes: final.travelMinutes(),
        changedFromPrevious,
        preferenceMisses,
        iterations,
        elapsedMs,
      },
    };
  }
}

/**
 * How much room a demand has on an empty week: for each date, the most possible starts of any
 * crew (a substitute crew is no more room than the pair's), summed. 0: it fits nowhere.
 */
function optionBreadth(ctx: WeekContext, d: number): number {
  const step = ctx.input.settings.slotStepMinutes;
  let total = 0;
  for (let di = 0; di < ctx.dateCount; di++) {
    let most = 0;
    for (const option of ctx.crews(d, di)) {
      let starts = 0;
      for (const [lo, hi] of ctx.startWindows(d, di, option.visitors))
        starts += (hi - lo) / step + 1;
      most = Math.max(most, starts);
    }
    total += most;
  }
  return total;
}

function shuffle<T>(list: T[], random: () => number) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
}
