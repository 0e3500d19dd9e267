/**
 * The routing core: ruin and recreate with simulated annealing, after SISR ("Slack Induction by
 * String Removals", Christiaens and Vanden Berghe, Transportation Science 2020). Each iteration
 * removes a few strings of neighbouring customers, puts them back greedily (skipping positions at
 * random, "blinks"), and keeps the result by the annealing rule. Insertions are checked in O(1)
 * with each route's arrival times and latest feasible starts.
 *
 * Deterministic for a seed and an iteration budget; `timeLimitMs` stops it earlier.
 */
import { mulberry32 } from '../../common/random.js';
import { routesDistance, type VrptwInstance } from './instance.js';

export interface SolveOptions {
  seed?: number;
  /** Stops after this many iterations (deterministic runs). */
  maxIterations?: number;
  /** Stops after this long (wall clock). */
  timeLimitMs?: number;
  /** Average number of customers removed per ruin (c̄ in the paper). */
  averageRemoved?: number;
  /** Longest string removed (L_max). */
  maxStringLength?: number;
  blinkRate?: number;
  /** Annealing temperatures, in distance units (tenths here). */
  startTemperature?: number;
  endTemperature?: number;
  now?: () => number;
}

export interface VrptwSolution {
  routes: number[][];
  /** Total distance, in the instance's units (tenths). */
  distance: number;
  unassigned: number[];
  iterations: number;
}

const UNASSIGNED_PENALTY = 1e7;

interface State {
  routes: number[][];
  unassigned: number[];
}

export function solveVrptw(instance: VrptwInstance, options: SolveOptions = {}): VrptwSolution {
  const n = instance.size;
  const { distance: dist, ready, due, service, demand } = instance;
  const d = (i: number, j: number) => dist[i * n + j]!;
  const rnd = mulberry32(options.seed ?? 1);
  const now = options.now ?? (() => performance.now());
  const started = now();
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const timeLimit =
    options.timeLimitMs ?? (Number.isFinite(maxIterations) ? Number.POSITIVE_INFINITY : 10_000);
  const cBar = options.averageRemoved ?? 10;
  const lMax = options.maxStringLength ?? 10;
  const blink = options.blinkRate ?? 0.01;
  const t0 = options.startTemperature ?? 1000;
  const tf = options.endTemperature ?? 10;

  // Customers by distance from each customer (the "adjacency" of the paper).
  const neighbours: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const list = Array.from({ length: n - 1 }, (_, k) => (k < i ? k : k + 1)).filter(
      (j) => j !== 0,
    );
    list.sort((a, b) => d(i, a) - d(i, b) || a - b);
    neighbours.push(Int32Array.from(list));
  }

  // ---------------------------------------------------------------- route bookkeeping

  /** Service start at each position, and the latest start keeping the rest feasible. */
  const startOf = (route: number[]) => {
    const start = new Array<number>(route.length);
    let time = 0;
    let previous = 0;
    for (let i = 0; i < route.length; i++) {
      const c = route[i]!;
      time = Math.max(time + d(previous, c), ready[c]!);
      start[i] = time;
      time += service[c]!;
      previous = c;
    }
    return start;
  };
  const latestOf = (route: number[]) => {
    const latest = new Array<number>(route.length);
    let next = 0;
    let limit = due[0]!;
    for (let i = route.length - 1; i >= 0; i--) {
      const c = route[i]!;
      limit = Math.min(due[c]!, limit - d(c, next) - service[c]!);
      latest[i] = limit;
      next = c;
    }
    return latest;
  };
  const loadOf = (route: number[]) => route.reduce((sum, c) => sum + demand[c]!, 0);
  const cost = (state: State) =>
    routesDistance(instance, state.routes) + state.unassigned.length * UNASSIGNED_PENALTY;

  // ---------------------------------------------------------------- recreate

  function recreate(state: State) {
    const order = [...state.unassigned];
    const r = rnd();
    // Orders of the paper: random (4), demand (4), far from depot (2), close to depot (1).
    if (r < 4 / 11) shuffle(order);
    else if (r < 8 / 11) order.sort((a, b) => demand[b]! - demand[a]! || a - b);
    else if (r < 10 / 11) order.sort((a, b) => d(0, b) - d(0, a) || a - b);
    else order.sort((a, b) => d(0, a) - d(0, b) || a - b);
    state.unassigned = [];
    const starts = state.routes.map(startOf);
    const latests = state.routes.map(latestOf);
    const loads = state.routes.map(loadOf);
    for (const c of order) {
      let bestRoute = -1;
      let bestPosition = -1;
      let bestDelta = Number.POSITIVE_INFINITY;
      for (let ri = 0; ri < state.routes.length; ri++) {
        if (loads[ri]! + demand[c]! > instance.capacity) continue;
        const route = state.routes[ri]!;
        const start = starts[ri]!;
        const latest = latests[ri]!;
        for (let pos = 0; pos <= route.length; pos++) {
          if (rnd() < blink) continue;
          const prev = pos === 0 ? 0 : route[pos - 1]!;
          const next = pos === route.length ? 0 : route[pos]!;
          const delta = d(prev, c) + d(c, next) - d(prev, next);
          if (delta >= bestDelta) continue;
          const depart = pos === 0 ? 0 : start[pos - 1]! + service[prev]!;
          const arriveC = Math.max(depart + d(prev, c), ready[c]!);
          if (arriveC > due[c]!) continue;
          const arriveNext = arriveC + service[c]! + d(c, next);
          if (next === 0 ? arriveNext > due[0]! : Math.max(arriveNext, ready[next]!) > latest[pos]!)
            continue;
          bestDelta = delta;
          bestRoute = ri;
          bestPosition = pos;
        }
      }
      // A route of its own when the fleet allows and it costs less than the best insertion:
      // distance is minimised with up to `vehicles` routes, not the fewest routes.
      if (state.routes.length < instance.vehicles && d(0, c) + d(c, 0) < bestDelta) {
        const alone = [c];
        if (startOf(alone)[0]! <= due[c]! && latestOf(alone)[0]! >= startOf(alone)[0]!) {
          state.routes.push(alone);
          starts.push(startOf(alone));
          latests.push(latestOf(alone));
          loads.push(demand[c]!);
          continue;
        }
      }
      if (bestRoute < 0) {
        state.unassigned.push(c);
        continue;
      }
      const route = state.routes[bestRoute]!;
      route.splice(bestPosition, 0, c);
      starts[bestRoute] = startOf(route);
      latests[bestRoute] = latestOf(route);
      loads[bestRoute] = loads[bestRoute]! + demand[c]!;
    }
  }

  function shuffle<T>(list: T[]) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
  }

  // ---------------------------------------------------------------- ruin (string removals)

  function ruin(state: State) {
    const routeOf = new Int32Array(n).fill(-1);
    state.routes.forEach((route, r) => route.forEach((c) => (routeOf[c] = r)));
    const served = state.routes.reduce((sum, r) => sum + r.length, 0);
    if (served === 0) return;
    const averageLength = served / Math.max(1, state.routes.length);
    const lsMax = Math.min(lMax, averageLength);
    const ksMax = (4 * cBar) / (1 + lsMax) - 1;
    const ks = Math.floor(rnd() * ksMax) + 1;
    let seed = 1 + Math.floor(rnd() * (n - 1));
    if (routeOf[seed]! < 0) seed = state.routes.find((r) => r.length)![0]!;
    const ruined = new Set<number>();
    const removed: number[] = [];
    for (const c of [seed, ...neighbours[seed]!]) {
      if (ruined.size >= ks) break;
      const r = routeOf[c]!;
      if (r < 0 || ruined.has(r)) continue;
      const route = state.routes[r]!;
      const position = route.indexOf(c);
      if (position < 0) continue;
      const length = Math.floor(rnd() * Math.min(route.length, lsMax)) + 1;
      // A string of `length` customers containing c, at a random offset.
      const first = Math.max(
        0,
        Math.min(route.length - length, position - Math.floor(rnd() * length)),
      );
      removed.push(...route.splice(first, length));
      ruined.add(r);
    }
    state.routes = state.routes.filter((route) => route.length > 0);
    state.unassigned.push(...removed);
  }

  // ---------------------------------------------------------------- search

  let current: State = { routes: [], unassigned: Array.from({ length: n - 1 }, (_, i) => i + 1) };
  recreate(current);
  let currentCost = cost(current);
  let best = clone(current);
  let bestCost = currentCost;
  let iterations = 0;
  while (iterations < maxIterations) {
    const elapsed = now() - started;
    if (elapsed >= timeLimit) break;
    const progress = Number.isFinite(maxIterations)
      ? iterations / maxIterations
      : elapsed / timeLimit;
    const temperature = t0 * Math.pow(tf / t0, progress);
    const candidate = clone(current);
    ruin(candidate);
    recreate(candidate);
    const candidateCost = cost(candidate);
    if (candidateCost < currentCost - temperature * Math.log(rnd())) {
      current = candidate;
      currentCost = candidateCost;
      if (candidateCost < bestCost) {
        best = clone(candidate);
        bestCost = candidateCost;
      }
    }
    iterations++;
  }
  return {
    routes: best.routes.map((r) => [...r]),
    distance: routesDistance(instance, best.routes),
    unassigned: [...best.unassigned].sort((a, b) => a - b),
    iterations,
  };
}

function clone(state: State): State {
  return { routes: state.routes.map((r) => [...r]), unassigned: [...state.unassigned] };
}
