/**
 * A first solver for home-care routing with double visits: ruin and recreate with simulated
 * annealing. A patient is removed and reinserted whole: a double visit goes into two carers'
 * routes at once. Every candidate is scheduled in full (`scheduleRoutes`), so synchronisations are
 * exact but evaluation is slow on large instances.
 *
 * This is a baseline to measure and improve. Faster incremental checks are still to do (start
 * times propagated only from the insertion point), and so is a search tuned to the 200- and
 * 300-patient instances.
 */
import { mulberry32 } from '../../common/random.js';
import { hhcCost, scheduleRoutes, type HhcInstance } from './instance.js';

export interface HhcSolveOptions {
  seed?: number;
  maxIterations?: number;
  timeLimitMs?: number;
  /** For a double visit, how many best positions per carer are paired up. */
  positionsPerCarer?: number;
  now?: () => number;
}

export interface HhcSolution {
  routes: [number, number][][];
  start: number[][];
  totalCost: number;
  unassigned: number[];
  iterations: number;
}

type Routes = [number, number][][];
const UNASSIGNED = 1e6;

export function solveHhc(instance: HhcInstance, options: HhcSolveOptions = {}): HhcSolution {
  const rnd = mulberry32(options.seed ?? 1);
  const now = options.now ?? (() => performance.now());
  const started = now();
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const timeLimit = options.timeLimitMs ?? (Number.isFinite(maxIterations) ? Number.POSITIVE_INFINITY : 10_000);
  const keep = options.positionsPerCarer ?? 4;
  const { patients, caregivers, size, distance } = instance;
  const d = (a: number, b: number) => distance[a * size + b]!;

  const costOf = (routes: Routes, unassigned: number): number => {
    const schedule = scheduleRoutes(instance, routes);
    if (!schedule.feasible) return Number.POSITIVE_INFINITY;
    return hhcCost(instance, routes, schedule.start).totalCost + unassigned * UNASSIGNED;
  };

  /** Cheapest distance increase positions of a task in a route, best first. */
  const positions = (route: [number, number][], p: number) => {
    const list: { pos: number; delta: number }[] = [];
    for (let pos = 0; pos <= route.length; pos++) {
      const prev = pos === 0 ? 0 : route[pos - 1]![0] + 1;
      const next = pos === route.length ? 0 : route[pos]![0] + 1;
      list.push({ pos, delta: d(prev, p + 1) + d(p + 1, next) - d(prev, next) });
    }
    return list.sort((a, b) => a.delta - b.delta).slice(0, keep);
  };
  const withTask = (routes: Routes, c: number, pos: number, task: [number, number]): Routes =>
    routes.map((r, i) => (i === c ? [...r.slice(0, pos), task, ...r.slice(pos)] : r));

  function insert(routes: Routes, p: number, unassignedAfter: number): Routes | null {
    const patient = patients[p]!;
    let best: Routes | null = null;
    let bestCost = Number.POSITIVE_INFINITY;
    // A lower bound: adding a task never makes any start earlier, so tardiness cannot fall and
    // the cost grows by at least a third of the added distance. Candidates that cannot beat the
    // best found are not scheduled at all.
    const base = costOf(routes, unassignedAfter);
    const able = (t: number) => caregivers.map((c, i) => (c.abilities.has(patient.tasks[t]!.service) ? i : -1)).filter((i) => i >= 0);
    if (patient.tasks.length === 1) {
      for (const c of able(0)) {
        for (const { pos, delta } of positions(routes[c]!, p)) {
          if (base + delta / 3 >= bestCost) break;
          const candidate = withTask(routes, c, pos, [p, 0]);
          const cost = costOf(candidate, unassignedAfter);
          if (cost < bestCost) {
            bestCost = cost;
            best = candidate;
          }
        }
      }
      return best;
    }
    for (const c0 of able(0)) {
      for (const c1 of able(1)) {
        if (c0 === c1) continue;
        for (const { pos: i, delta: first } of positions(routes[c0]!, p)) {
          if (base + first / 3 >= bestCost) break;
          const once = withTask(routes, c0, i, [p, 0]);
          for (const { pos: j, delta: second } of positions(once[c1]!, p)) {
            if (base + (first + second) / 3 >= bestCost) break;
            const candidate = withTask(once, c1, j, [p, 1]);
            const cost = costOf(candidate, unassignedAfter);
            if (cost < bestCost) {
              bestCost = cost;
              best = candidate;
            }
          }
        }
      }
    }
    return best;
  }

  function recreate(routes: Routes, missing: number[]): { routes: Routes; unassigned: number[] } {
    const order = [...missing];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    // Double visits first: they are the hardest to place.
    order.sort((a, b) => patients[b]!.tasks.length - patients[a]!.tasks.length);
    let current = routes;
    const unassigned: number[] = [];
    order.forEach((p, k) => {
      const next = insert(current, p, order.length - k - 1 + unassigned.length);
      if (next) current = next;
      else unassigned.push(p);
    });
    return { routes: current, unassigned };
  }

  const empty: Routes = caregivers.map(() => []);
  let current = recreate(empty, patients.map((_, p) => p));
  let currentCost = costOf(current.routes, current.unassigned.length);
  let best = current;
  let bestCost = currentCost;
  let iterations = 0;
  const t0 = 50;
  const tf = 1;
  while (iterations < maxIterations) {
    const elapsed = now() - started;
    if (elapsed >= timeLimit) break;
    const progress = Number.isFinite(maxIterations) ? iterations / maxIterations : elapsed / timeLimit;
    const temperature = t0 * Math.pow(tf / t0, progress);
    // Ruin: a patient and its nearest neighbours (1 to 10 % of the patients, at least 2).
    const count = 1 + Math.floor(rnd() * Math.max(2, Math.ceil(patients.length / 10)));
    const seed = Math.floor(rnd() * patients.length);
    const byDistance = patients.map((_, p) => p).sort((a, b) => d(seed + 1, a + 1) - d(seed + 1, b + 1) || a - b);
    const removed = new Set(byDistance.slice(0, count));
    for (const p of current.unassigned) removed.add(p);
    const ruined = current.routes.map((r) => r.filter(([p]) => !removed.has(p)));
    const candidate = recreate(ruined, [...removed]);
    const candidateCost = costOf(candidate.routes, candidate.unassigned.length);
    if (candidateCost < currentCost - temperature * Math.log(rnd())) {
      current = candidate;
      currentCost = candidateCost;
      if (candidateCost < bestCost) {
        best = candidate;
        bestCost = candidateCost;
      }
    }
    iterations++;
  }
  const schedule = scheduleRoutes(instance, best.routes);
  return {
    routes: best.routes,
    start: schedule.start,
    totalCost: hhcCost(instance, best.routes, schedule.start).totalCost,
    unassigned: [...best.unassigned].sort((a, b) => a - b),
    iterations,
  };
}
