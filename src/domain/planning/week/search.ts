/**
 * The weekly planner: greedy construction (hardest visits first), then ruin and recreate with
 * simulated annealing (remove a few related visits, put them back the cheapest way, keep the
 * result if it is better, or sometimes if slightly worse). Deterministic for a seed and an
 * iteration budget; the time limit only cuts it short.
 */
import { mulberry32 } from '../../common/random.js';
import { WeekContext } from './context.js';
import type { PlannedVisit, UnplannedReason, UnplannedVisit, WeekInput, WeekPlan } from './model.js';
import { WeekState, type Placement } from './state.js';

const UNPLANNED_MESSAGES: Record<UnplannedReason, string> = {
  no_common_window:
    'Aucun jour ouvert de la semaine où la personne et ses visiteurs ont un créneau commun assez long (disponibilités, horaires du service, pause).',
  visitors_absent: 'Les visiteurs sont absents ou en formation les jours possibles, et personne ne peut les remplacer.',
  no_room: 'Possible en soi, mais les journées des visiteurs sont pleines ces jours-là.',
};

export function unplannedMessage(reason: UnplannedReason): string {
  return UNPLANNED_MESSAGES[reason];
}

/** Why a demand is not planned: looked at on an empty week, so the reason does not depend on the others. */
export function unplannedReason(ctx: WeekContext, d: number, absent?: ReadonlySet<string>): UnplannedReason {
  const members = ctx.members[d]!;
  let windowWithUnit = false;
  for (let di = 0; di < ctx.dates.length; di++) {
    if (members.length && ctx.startWindows(d, di, members).length) windowWithUnit = true;
    for (const option of ctx.crews(d, di, absent)) {
      if (ctx.startWindows(d, di, option.visitorIds).length) return 'no_room';
    }
  }
  if (!windowWithUnit) {
    // A member's absence can be what leaves only substitutes' windows: absent it is then.
    return 'no_common_window';
  }
  return 'visitors_absent';
}

/** Demands in the order the construction takes them: fewest options first, longest first. */
function constructionOrder(ctx: WeekContext, demands: readonly number[], random: () => number, noise: number): number[] {
  const options = new Map<number, number>();
  for (const d of demands) {
    let count = 0;
    for (let di = 0; di < ctx.dates.length; di++) {
      for (const option of ctx.crews(d, di)) for (const [lo, hi] of ctx.startWindows(d, di, option.visitorIds)) count += 1 + (hi - lo) / 60;
    }
    options.set(d, count * (1 + noise * (random() - 0.5)));
  }
  return [...demands].sort(
    (a, b) => options.get(a)! - options.get(b)! || ctx.demands[b]!.durationMinutes - ctx.demands[a]!.durationMinutes || a - b,
  );
}

function recreate(state: WeekState, demands: readonly number[]) {
  for (const d of demands) {
    const best = state.bestInsertion(d);
    if (best) state.insert(best.placement);
  }
}

export function planWeek(input: WeekInput): WeekPlan {
  const started = performance.now();
  const ctx = new WeekContext(input);
  const random = mulberry32(input.seed);
  const all = ctx.demands.map((_, i) => i);
  const state = new WeekState(ctx);
  recreate(state, constructionOrder(ctx, all, random, 0));

  let best = state.clone();
  const maxIterations = input.maxIterations ?? Number.MAX_SAFE_INTEGER;
  const deadline = started + input.timeLimitMs;
  // Temperatures on the cost scale: early on, a move costing ~10 minutes is often accepted.
  const t0 = 10;
  const tf = 0.5;
  let iterations = 0;
  const n = all.length;
  if (n > 1) {
    for (; iterations < maxIterations; iterations++) {
      if ((iterations & 31) === 0) {
        const now = performance.now();
        if (now > deadline) break;
        const fraction = input.maxIterations ? iterations / input.maxIterations : (now - started) / input.timeLimitMs;
        input.onProgress?.(Math.min(1, fraction));
      }
      const progress = input.maxIterations ? iterations / input.maxIterations : Math.min(1, (performance.now() - started) / input.timeLimitMs);
      const temperature = t0 * Math.pow(tf / t0, progress);
      const plannedBefore = new Set(all.filter((d) => state.placements[d] !== null));
      const before = state.cost;
      const removed = ruin(state, random);
      const unplanned = all.filter((d) => state.placements[d] === null);
      recreate(state, constructionOrder(ctx, unplanned, random, 0.6));
      if (state.cost < best.cost - 1e-9) best = state.clone();
      else if (!(state.cost <= before + 1e-9 || random() < Math.exp(-(state.cost - before) / temperature))) {
        restore(state, removed, plannedBefore, before);
      }
    }
  }
  input.onProgress?.(1);

  const planned: PlannedVisit[] = [];
  const unplanned: UnplannedVisit[] = [];
  let changedFromPrevious = 0;
  let preferenceMisses = 0;
  for (const d of all) {
    const p = best.placements[d];
    const demand = ctx.demands[d]!;
    if (!p) {
      const reason = unplannedReason(ctx, d);
      unplanned.push({ demandId: demand.id, reason, message: unplannedMessage(reason) });
      continue;
    }
    planned.push(toVisit(ctx, p));
    const weekday = ctx.weekdayOfDate[p.dateIndex]!;
    const ids = p.visitors.map((v) => ctx.visitors[v]!.id).sort();
    if (demand.previous && (demand.previous.day !== weekday || demand.previous.start !== p.start || ids.join() !== [...demand.previous.visitorIds].sort().join())) {
      changedFromPrevious++;
    }
    if (
      (demand.preferredDays.length && !demand.preferredDays.includes(weekday)) ||
      (demand.preferredPeriods.length && !demand.preferredPeriods.includes(p.start < 12 * 60 ? 'morning' : 'afternoon'))
    ) {
      preferenceMisses++;
    }
  }
  planned.sort((a, b) => a.date.localeCompare(b.date) || a.start - b.start || a.demandId.localeCompare(b.demandId));
  return {
    planned,
    unplanned,
    stats: {
      travelMinutes: best.travelMinutes(),
      changedFromPrevious,
      preferenceMisses,
      iterations,
      elapsedMs: performance.now() - started,
    },
  };
}

export function toVisit(ctx: WeekContext, p: Placement): PlannedVisit {
  return {
    demandId: ctx.demands[p.d]!.id,
    date: ctx.dates[p.dateIndex]!,
    start: p.start,
    end: p.start + ctx.demands[p.d]!.durationMinutes,
    visitorIds: p.visitors.map((v) => ctx.visitors[v]!.id).sort(),
    crew: p.crew,
  };
}

/**
 * Removes a few related visits: those of one visitor's day, or the nearest ones to a random
 * visit (same area, so they can swap slots), or a few at random.
 */
function ruin(state: WeekState, random: () => number): Placement[] {
  const ctx = state.ctx;
  const placed = state.placements.filter((p): p is Placement => p !== null);
  if (placed.length === 0) return [];
  const seed = placed[Math.floor(random() * placed.length)]!;
  const size = 1 + Math.floor(random() * Math.min(8, placed.length));
  let chosen: Placement[];
  const kind = random();
  const waiting = state.placements.length > placed.length ? unplannedDemands(state) : [];
  if (waiting.length && kind < 0.5) {
    // Make room for a visit left out: a few visits of its unit's members on one of its possible days.
    const d = waiting[Math.floor(random() * waiting.length)]!;
    const members = new Set(ctx.members[d]);
    const days = ctx.dates.map((_, i) => i).filter((di) => ctx.crews(d, di).some((o) => ctx.startWindows(d, di, o.visitorIds).length));
    const day = days.length ? days[Math.floor(random() * days.length)]! : seed.dateIndex;
    const busy = placed.filter((p) => p.dateIndex === day && p.visitors.some((v) => members.has(v)));
    chosen = busy.filter(() => random() < 0.6);
  } else if (kind < 0.3) {
    // One visitor's whole day.
    const visitor = seed.visitors[Math.floor(random() * seed.visitors.length)]!;
    const ids = new Set(state.entries(visitor, seed.dateIndex).map((e) => e.d));
    chosen = placed.filter((p) => ids.has(p.d));
  } else if (kind < 0.85) {
    // The nearest visits to the seed.
    chosen = placed
      .map((p) => ({ p, km: distanceKm(ctx, seed.d, p.d) }))
      .sort((a, b) => a.km - b.km || a.p.d - b.p.d)
      .slice(0, size)
      .map((x) => x.p);
  } else {
    chosen = [];
    for (let i = 0; i < size; i++) chosen.push(placed[Math.floor(random() * placed.length)]!);
  }
  const removed: Placement[] = [];
  for (const p of new Set(chosen)) {
    const r = state.remove(p.d);
    if (r) removed.push(r);
  }
  return removed;
}

function unplannedDemands(state: WeekState): number[] {
  const out: number[] = [];
  state.placements.forEach((p, d) => {
    if (!p) out.push(d);
  });
  return out;
}

function distanceKm(ctx: WeekContext, a: number, b: number): number {
  const p = ctx.demands[a]!.location;
  const q = ctx.demands[b]!.location;
  const dLat = (p.lat - q.lat) * 111;
  const dLon = (p.lon - q.lon) * 111 * Math.cos(((p.lat + q.lat) / 2) * (Math.PI / 180));
  return Math.hypot(dLat, dLon);
}

/** Undoes a rejected move: what the recreate placed goes, what the ruin removed comes back. */
function restore(state: WeekState, removed: Placement[], plannedBefore: ReadonlySet<number>, costBefore: number) {
  const removedIds = new Set(removed.map((p) => p.d));
  for (let d = 0; d < state.placements.length; d++) {
    if (state.placements[d] && (!plannedBefore.has(d) || removedIds.has(d))) state.remove(d);
  }
  for (const p of removed) state.insert(p);
  // Travel and penalties are integers: the cost comes back exactly.
  if (Math.abs(state.cost - costBefore) > 1e-6) throw new Error(`planner restore mismatch: ${state.cost} instead of ${costBefore}`);
}

