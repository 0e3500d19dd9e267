/**
 * Home-care routing with double visits: ruin and recreate with simulated annealing, after SISR
 * (Christiaens and Vanden Berghe, 2020), on the incremental schedule of `state.ts`.
 *
 * A patient is removed and reinserted whole: a double visit goes into two carers' routes at once.
 * Each iteration removes strings of neighbouring visits (or related, or costly patients), puts
 * them back greedily at their cheapest positions (skipping a few at random, "blinks"), and keeps
 * the result by the annealing rule.
 *
 * A candidate position is first bounded cheaply: added travel, plus the tardiness of the visit
 * itself from the carer's current arrival (start times only move later when a visit is
 * inserted). Only candidates whose bound beats the best found are checked exactly, by pushing
 * start times forward from the insertion point and into the routes linked by synchronisation;
 * that check stops as soon as the cost reaches the best found. A single visit that arrives at the
 * next visit no later than its current start changes nothing downstream, so its bound is exact.
 *
 * Deterministic for a seed and an iteration budget; `timeLimitMs` stops it earlier.
 */
import { mulberry32 } from '../../common/random.js';
import type { HhcInstance } from './instance.js';
import { HhcState, HhcTasks, SyncKind, type HhcInsertion } from './state.js';

export interface HhcSolveOptions {
  seed?: number;
  maxIterations?: number;
  timeLimitMs?: number;
  /** Average number of patients removed per ruin. */
  averageRemoved?: number;
  /** Longest string of visits removed from one route. */
  maxStringLength?: number;
  blinkRate?: number;
  /** Annealing temperatures, in units of the total cost. */
  startTemperature?: number;
  endTemperature?: number;
  now?: () => number;
}

export interface HhcSolution {
  routes: [number, number][][];
  start: number[][];
  totalCost: number;
  unassigned: number[];
  iterations: number;
}

/** Per unassigned patient, in units of cost times 3. */
const UNASSIGNED = 1e6;

export function solveHhc(instance: HhcInstance, options: HhcSolveOptions = {}): HhcSolution {
  const rnd = mulberry32(options.seed ?? 1);
  const now = options.now ?? (() => performance.now());
  const started = now();
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  const timeLimit =
    options.timeLimitMs ?? (Number.isFinite(maxIterations) ? Number.POSITIVE_INFINITY : 10_000);
  const patientCount = instance.patients.length;
  const cBar = options.averageRemoved ?? Math.min(10, Math.max(2, Math.round(patientCount / 5)));
  const lMax = options.maxStringLength ?? 10;
  const blink = options.blinkRate ?? 0.01;
  // Internally costs are (distance + total + max tardiness), three times the published cost.
  const t0 = 3 * (options.startTemperature ?? 300);
  const tf = 3 * (options.endTemperature ?? 1);

  const tasks = new HhcTasks(instance);
  const {
    base,
    able,
    node,
    duration,
    earliest,
    latest,
    partner,
    kind,
    gapMin,
    gapMax,
    size,
    distance,
  } = tasks;
  const d = (a: number, b: number) => distance[a * size + b]!;

  // Patients by distance from each patient.
  const neighbours: Int32Array[] = instance.patients.map((_, p) =>
    Int32Array.from(
      instance.patients
        .map((_, q) => q)
        .filter((q) => q !== p)
        .sort((a, b) => d(p + 1, a + 1) - d(p + 1, b + 1) || a - b),
    ),
  );

  // ------------------------------------------------------------------ insertion

  const maxCandidates = tasks.count + instance.caregivers.length + 1;
  const candRoute = [new Int32Array(maxCandidates), new Int32Array(maxCandidates)];
  const candPosition = [new Int32Array(maxCandidates), new Int32Array(maxCandidates)];
  const candBound = [new Float64Array(maxCandidates), new Float64Array(maxCandidates)];
  const candStart = [new Float64Array(maxCandidates), new Float64Array(maxCandidates)];
  const candDistance = [new Float64Array(maxCandidates), new Float64Array(maxCandidates)];
  /** The latest start of the inserted task that leaves the next visit's start unchanged. */
  const candFree = [new Float64Array(maxCandidates), new Float64Array(maxCandidates)];
  /**
   * The latest start that adds no tardiness downstream along the route; past it, at least one
   * minute of tardiness per minute.
   */
  const candZero = [new Float64Array(maxCandidates), new Float64Array(maxCandidates)];
  const noCost = new Float64Array(tasks.count + 1);
  const order = [new Int32Array(maxCandidates), new Int32Array(maxCandidates)];
  const one: HhcInsertion[] = [{ task: 0, route: 0, position: 0 }];
  const two: HhcInsertion[] = [
    { task: 0, route: 0, position: 0 },
    { task: 0, route: 0, position: 0 },
  ];

  /** Every position of task k, with its added distance and own tardiness as a bound. */
  function collect(state: HhcState, k: number, slot: number, useBlinks: boolean): number {
    let count = 0;
    const x = node[k]!;
    const routes = state.routes;
    const start = state.start;
    const carers = able[k]!;
    for (let c = 0; c < carers.length; c++) {
      const r = carers[c]!;
      const route = routes[r]!;
      // The latest arrival at each position that adds no tardiness downstream (along the route).
      let after = Number.POSITIVE_INFINITY;
      for (let i = route.length - 1; i >= 0; i--) {
        const j = route[i]!;
        const sj = start[j]!;
        const limit =
          i + 1 < route.length ? after - duration[j]! - d(node[j]!, node[route[i + 1]!]!) : after;
        after = Math.max(sj, Math.min(Math.max(latest[j]!, sj), limit));
        noCost[i] = after;
      }
      let previous = 0;
      let depart = 0;
      for (let pos = 0; pos <= route.length; pos++) {
        const nextTask = pos < route.length ? route[pos]! : -1;
        const next = nextTask >= 0 ? node[nextTask]! : 0;
        const added = d(previous, x) + d(x, next) - d(previous, next);
        const own = Math.max(depart + d(previous, x), earliest[k]!);
        const toNext = nextTask >= 0 ? duration[k]! + d(x, next) : 0;
        const free = nextTask >= 0 ? start[nextTask]! - toNext : Number.POSITIVE_INFINITY;
        const zero = nextTask >= 0 ? noCost[pos]! - toNext : Number.POSITIVE_INFINITY;
        candRoute[slot]![count] = r;
        candPosition[slot]![count] = pos;
        candDistance[slot]![count] = added;
        candStart[slot]![count] = own;
        candFree[slot]![count] = free;
        candZero[slot]![count] = zero;
        candBound[slot]![count] = added + Math.max(0, own - latest[k]!) + Math.max(0, own - zero);
        count++;
        if (nextTask >= 0) {
          previous = next;
          depart = start[nextTask]! + duration[nextTask]!;
        }
      }
    }
    // Candidates are taken in order of bound, and the search usually stops after a few: a heap,
    // sorted lazily, costs less than a full sort.
    const h = heap[slot]!;
    for (let i = 0; i < count; i++) h[i] = i;
    heapSize[slot] = count;
    sortedCount[slot] = 0;
    blinking = useBlinks;
    for (let i = (count >> 1) - 1; i >= 0; i--) siftDown(slot, i);
    return count;
  }

  const heap = [new Int32Array(maxCandidates), new Int32Array(maxCandidates)];
  const heapSize = new Int32Array(2);
  const sortedCount = new Int32Array(2);

  function siftDown(slot: number, i: number) {
    const h = heap[slot]!;
    const key = candBound[slot]!;
    const size = heapSize[slot]!;
    const item = h[i]!;
    const itemKey = key[item]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size) {
        const kc = key[h[child]!]!;
        const kr = key[h[right]!]!;
        if (kr < kc || (kr === kc && h[right]! < h[child]!)) child = right;
      }
      const c = h[child]!;
      const kc = key[c]!;
      if (kc > itemKey || (kc === itemKey && c > item)) break;
      h[i] = c;
      i = child;
    }
    h[i] = item;
  }

  let blinking = false;

  /**
   * The candidate of rank j by bound, or -1 past the last. Candidates are skipped at random
   * ("blinks") as they come out of the heap.
   */
  function ranked(slot: number, j: number): number {
    const list = order[slot]!;
    while (sortedCount[slot]! <= j) {
      if (heapSize[slot] === 0) return -1;
      const h = heap[slot]!;
      const top = h[0]!;
      h[0] = h[--heapSize[slot]!]!;
      siftDown(slot, 0);
      if (blinking && rnd() < blink) continue;
      list[sortedCount[slot]!++] = top;
    }
    return list[j]!;
  }

  /**
   * A lower bound of the tardiness added downstream in route r when task k, inserted before
   * position pos, starts at s: the push is followed along the route only (synchronised partners
   * can only add to it).
   */
  function tailCost(state: HhcState, r: number, pos: number, k: number, s: number): number {
    const route = state.routes[r]!;
    const start = state.start;
    let previous = node[k]!;
    let time = s + duration[k]!;
    let cost = 0;
    for (let i = pos; i < route.length; i++) {
      const j = route[i]!;
      const arrive = time + d(previous, node[j]!);
      const old = start[j]!;
      if (arrive <= old) break;
      const lt = latest[j]!;
      cost += Math.max(0, arrive - lt) - Math.max(0, old - lt);
      time = arrive + duration[j]!;
      previous = node[j]!;
    }
    return cost;
  }

  let pairBound = new Float64Array(1024);
  let pairA = new Int32Array(1024);
  let pairB = new Int32Array(1024);
  let pairOrder = new Uint32Array(1024);
  function growPairs() {
    const grow = <T extends Float64Array | Int32Array | Uint32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    pairBound = grow(pairBound);
    pairA = grow(pairA);
    pairB = grow(pairB);
    pairOrder = grow(pairOrder);
  }

  /** The least start of `to` after `from` (partners) starts: s(to) >= s(from) + weight. */
  const syncWeight = (from: number) =>
    kind[from] === SyncKind.Simultaneous
      ? 0
      : kind[from] === SyncKind.First
        ? gapMin[from]!
        : -gapMax[from]!;

  /**
   * Whether a double visit (x in route rx before position px, y in route ry before py) would make
   * carers wait for each other in a cycle through another double visit (u, v) already in those
   * two routes: x before u and v before y, or u before x and y before v, when the waits around
   * (at least the services' durations) add up to more than nothing.
   */
  function crosses(
    state: HhcState,
    x: number,
    rx: number,
    px: number,
    y: number,
    ry: number,
    py: number,
  ) {
    const route = state.routes[rx]!;
    const wxy = syncWeight(x);
    const wyx = syncWeight(y);
    for (let i = 0; i < route.length; i++) {
      const u = route[i]!;
      const v = partner[u]!;
      if (v < 0 || state.routeOf[v] !== ry) continue;
      const j = state.positionOf[v]!;
      if (i >= px && j < py && duration[x]! + syncWeight(u) + duration[v]! + wyx > 0) return true;
      if (i < px && j >= py && duration[y]! + syncWeight(v) + duration[u]! + wxy > 0) return true;
    }
    return false;
  }

  /** The best insertion of patient p: its cost (times 3) and the insertions, or null. */
  function bestInsertion(
    state: HhcState,
    p: number,
    useBlinks: boolean,
  ): { cost: number; insertions: HhcInsertion[] } | null {
    const base3 = state.cost3;
    const maxT = state.maxTardiness;
    let best = Number.POSITIVE_INFINITY;
    let found: HhcInsertion[] | null = null;
    const k0 = base[p]!;
    if (base[p + 1]! - k0 === 1) {
      const count = collect(state, k0, 0, useBlinks);
      const lt = latest[k0]!;
      for (let i = 0; i < count; i++) {
        const c = ranked(0, i);
        if (c < 0) break;
        const own = candStart[0]![c]!;
        const tardiness = Math.max(0, own - lt);
        const bound = base3 + candBound[0]![c]! + Math.max(0, tardiness - maxT);
        if (base3 + candBound[0]![c]! >= best) break;
        if (bound >= best) continue;
        const r = candRoute[0]![c]!;
        const pos = candPosition[0]![c]!;
        // Nothing moves downstream when the next visit's start absorbs the arrival.
        let cost: number;
        if (own <= candFree[0]![c]!) cost = bound;
        else {
          if (bound + tailCost(state, r, pos, k0, own) >= best) continue;
          one[0]!.task = k0;
          one[0]!.route = r;
          one[0]!.position = pos;
          cost = state.tryInsert(one, best);
        }
        if (cost < best) {
          best = cost;
          found = [{ task: k0, route: r, position: pos }];
        }
      }
      return found ? { cost: best, insertions: found } : null;
    }
    const k1 = k0 + 1;
    let bestA = -1;
    let bestB = -1;
    const count0 = collect(state, k0, 0, useBlinks);
    const count1 = collect(state, k1, 1, useBlinks);
    const [bound0, bound1] = candBound as [Float64Array, Float64Array];
    const [start0, start1] = candStart as [Float64Array, Float64Array];
    const [route0, route1] = candRoute as [Int32Array, Int32Array];
    const [position0, position1] = candPosition as [Int32Array, Int32Array];
    const lt = latest[k0]!;
    const simultaneous = kind[k0] === SyncKind.Simultaneous;
    const min = gapMin[k1]!;
    const max = gapMax[k0]!;
    const first1 = ranked(1, 0);
    if (first1 < 0 || ranked(0, 0) < 0) return null;
    const least1 = bound1[first1]!;
    const distance0 = candDistance[0]!;
    const distance1 = candDistance[1]!;
    const [free0, free1] = candFree as [Float64Array, Float64Array];
    const [zero0, zero1] = candZero as [Float64Array, Float64Array];
    // Pairs by their bounds. A pair that pushes neither carer's next visit is costed exactly on
    // the spot; the others wait, with their bound, and are checked exactly, best bound first,
    // while their bound can still beat the best.
    let waiting = 0;
    const flush = () => {
      const byBound = pairOrder.subarray(0, waiting);
      for (let i = 0; i < waiting; i++) byBound[i] = i;
      byBound.sort((x, y) => pairBound[x]! - pairBound[y]! || x - y);
      for (let i = 0; i < waiting; i++) {
        const w = byBound[i]!;
        if (pairBound[w]! >= best) break;
        const a = pairA[w]!;
        const b = pairB[w]!;
        two[0]!.task = k0;
        two[0]!.route = route0[a]!;
        two[0]!.position = position0[a]!;
        two[1]!.task = k1;
        two[1]!.route = route1[b]!;
        two[1]!.position = position1[b]!;
        const cost = state.tryInsert(two, best);
        if (cost < best) {
          best = cost;
          bestA = a;
          bestB = b;
        }
      }
      waiting = 0;
    };
    const enumerate = (end0: number, end1: number, skip0: number, skip1: number) => {
      for (let i = 0; i < end0; i++) {
        const a = ranked(0, i);
        if (a < 0) break;
        const b0 = bound0[a]!;
        if (base3 + b0 + least1 >= best) break;
        const ra = route0[a]!;
        const sa = start0[a]!;
        const da = distance0[a]!;
        for (let j = i < skip0 ? skip1 : 0; j < end1; j++) {
          const b = ranked(1, j);
          if (b < 0) break;
          if (base3 + b0 + bound1[b]! >= best) break;
          const rb = route1[b]!;
          if (rb === ra) continue;
          // Both starts, tied by the synchronisation, from both carers' arrivals.
          let s0 = sa;
          let s1 = start1[b]!;
          if (simultaneous) s0 = s1 = Math.max(s0, s1);
          else {
            if (s1 < s0 + min) s1 = s0 + min;
            if (s0 < s1 - max) s0 = s1 - max;
          }
          const t0 = Math.max(0, s0 - lt);
          const t1 = Math.max(0, s1 - lt);
          let bound =
            base3 +
            da +
            distance1[b]! +
            t0 +
            t1 +
            Math.max(0, Math.max(t0, t1) - maxT) +
            Math.max(0, s0 - zero0[a]!) +
            Math.max(0, s1 - zero1[b]!);
          if (bound >= best) continue;
          if (s0 <= free0[a]! && s1 <= free1[b]!) {
            best = bound;
            bestA = a;
            bestB = b;
            continue;
          }
          bound += tailCost(state, ra, position0[a]!, k0, s0);
          if (bound >= best) continue;
          bound += tailCost(state, rb, position1[b]!, k1, s1);
          if (bound >= best) continue;
          if (crosses(state, k0, ra, position0[a]!, k1, rb, position1[b]!)) continue;
          if (waiting === pairBound.length) growPairs();
          pairBound[waiting] = bound;
          pairA[waiting] = a;
          pairB[waiting] = b;
          waiting++;
        }
      }
    };
    // The first few candidates of each first, for a good best that prunes the rest.
    const few = 8;
    enumerate(Math.min(few, count0), Math.min(few, count1), 0, 0);
    flush();
    enumerate(count0, count1, few, few);
    flush();
    if (bestA < 0) return null;
    return {
      cost: best,
      insertions: [
        { task: k0, route: route0[bestA]!, position: position0[bestA]! },
        { task: k1, route: route1[bestB]!, position: position1[bestB]! },
      ],
    };
  }

  // ------------------------------------------------------------------ recreate

  function shuffle<T>(list: T[]) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
  }

  const isDouble = (p: number) => base[p + 1]! - base[p]! === 2;

  function recreate(state: HhcState, missing: number[]): number[] {
    const list = [...missing];
    shuffle(list);
    const r = rnd();
    if (r < 0.4) {
      // random
    } else if (r < 0.6) list.sort((a, b) => Number(isDouble(b)) - Number(isDouble(a)));
    else if (r < 0.8)
      list.sort((a, b) => instance.patients[a]!.earliest - instance.patients[b]!.earliest || a - b);
    else if (r < 0.9) list.sort((a, b) => d(0, b + 1) - d(0, a + 1) || a - b);
    else list.sort((a, b) => d(0, a + 1) - d(0, b + 1) || a - b);
    const unassigned: number[] = [];
    for (const p of list) {
      const choice = bestInsertion(state, p, true) ?? bestInsertion(state, p, false);
      if (choice && state.insert(choice.insertions)) continue;
      unassigned.push(p);
    }
    return unassigned;
  }

  // ------------------------------------------------------------------ ruin

  const patientOf = tasks.patient;

  function tasksOf(p: number): number[] {
    return base[p + 1]! - base[p]! === 2 ? [base[p]!, base[p]! + 1] : [base[p]!];
  }

  /** SISR string removal, by patients: strings of visits around neighbours of a seed patient. */
  function ruinStrings(state: HhcState): number[] {
    const removed = new Set<number>();
    const ruinedRoutes = new Set<number>();
    const used = state.routes.filter((r) => r.length > 0);
    const averageLength = used.reduce((s, r) => s + r.length, 0) / Math.max(1, used.length);
    const lsMax = Math.max(1, Math.min(lMax, averageLength));
    const ksMax = (4 * cBar) / (1 + lsMax) - 1;
    const ks = Math.floor(rnd() * Math.max(1, ksMax)) + 1;
    const seed = Math.floor(rnd() * patientCount);
    const candidates = [seed, ...neighbours[seed]!];
    for (const p of candidates) {
      if (ruinedRoutes.size >= ks) break;
      for (const k of tasksOf(p)) {
        const r = state.routeOf[k]!;
        if (r < 0 || ruinedRoutes.has(r)) continue;
        const route = state.routes[r]!;
        const position = state.positionOf[k]!;
        const length = Math.floor(rnd() * Math.min(route.length, lsMax)) + 1;
        const first = Math.max(
          0,
          Math.min(route.length - length, position - Math.floor(rnd() * length)),
        );
        for (let i = first; i < first + length; i++) removed.add(patientOf[route[i]!]!);
        ruinedRoutes.add(r);
        break;
      }
    }
    return [...removed];
  }

  /** Random patients. */
  function ruinRandom(): number[] {
    const count = 1 + Math.floor(rnd() * 2 * cBar);
    const removed = new Set<number>();
    while (removed.size < Math.min(count, patientCount))
      removed.add(Math.floor(rnd() * patientCount));
    return [...removed];
  }

  /** Patients close in space and time to a seed (Shaw), taken with a bias to the closest. */
  function ruinRelated(): number[] {
    const count = Math.min(patientCount, 1 + Math.floor(rnd() * 2 * cBar));
    const seed = Math.floor(rnd() * patientCount);
    const ps = instance.patients;
    const relatedness = (q: number) =>
      d(seed + 1, q + 1) + Math.abs(ps[q]!.earliest - ps[seed]!.earliest);
    const rest = ps.map((_, q) => q).filter((q) => q !== seed);
    rest.sort((a, b) => relatedness(a) - relatedness(b) || a - b);
    const removed = [seed];
    while (removed.length < count && rest.length) {
      const i = Math.floor(Math.pow(rnd(), 4) * rest.length);
      removed.push(rest.splice(i, 1)[0]!);
    }
    return removed;
  }

  /** Patients whose visits cost the most (detour and tardiness), taken with a bias to the worst. */
  function ruinWorst(state: HhcState): number[] {
    const count = Math.min(patientCount, 1 + Math.floor(rnd() * 2 * cBar));
    const cost = new Float64Array(patientCount);
    state.routes.forEach((route) => {
      for (let i = 0; i < route.length; i++) {
        const k = route[i]!;
        const previous = i > 0 ? node[route[i - 1]!]! : 0;
        const next = i + 1 < route.length ? node[route[i + 1]!]! : 0;
        const q = patientOf[k]!;
        cost[q] =
          cost[q]! +
          d(previous, node[k]!) +
          d(node[k]!, next) -
          d(previous, next) +
          Math.max(0, state.start[k]! - latest[k]!);
      }
    });
    const rest = instance.patients.map((_, q) => q).sort((a, b) => cost[b]! - cost[a]! || a - b);
    const removed: number[] = [];
    while (removed.length < count && rest.length) {
      const i = Math.floor(Math.pow(rnd(), 3) * rest.length);
      removed.push(rest.splice(i, 1)[0]!);
    }
    return removed;
  }

  function ruin(state: HhcState): number[] {
    const r = rnd();
    const patients =
      r < 0.55
        ? ruinStrings(state)
        : r < 0.7
          ? ruinRandom()
          : r < 0.85
            ? ruinRelated()
            : ruinWorst(state);
    const removed: number[] = [];
    for (const p of patients) removed.push(...tasksOf(p));
    state.remove(removed);
    return patients;
  }

  // ------------------------------------------------------------------ search

  const penalty = (unassigned: number[]) => unassigned.length * UNASSIGNED;
  let current = new HhcState(tasks);
  let currentUnassigned = recreate(
    current,
    instance.patients.map((_, p) => p),
  );
  let currentCost = current.cost3 + penalty(currentUnassigned);
  const best = new HhcState(tasks);
  best.copyFrom(current);
  let bestUnassigned = currentUnassigned;
  let bestCost = currentCost;
  let candidate = new HhcState(tasks);
  let iterations = 0;
  while (iterations < maxIterations) {
    const elapsed = now() - started;
    if (elapsed >= timeLimit) break;
    const progress = Number.isFinite(maxIterations)
      ? iterations / maxIterations
      : elapsed / timeLimit;
    const temperature = t0 * Math.pow(tf / t0, progress);
    candidate.copyFrom(current);
    const removed = ruin(candidate);
    const unassigned = recreate(candidate, [...removed, ...currentUnassigned]);
    const candidateCost = candidate.cost3 + penalty(unassigned);
    if (candidateCost < currentCost - temperature * Math.log(rnd())) {
      [current, candidate] = [candidate, current];
      currentCost = candidateCost;
      currentUnassigned = unassigned;
      if (candidateCost < bestCost) {
        best.copyFrom(current);
        bestCost = candidateCost;
        bestUnassigned = unassigned;
      }
    }
    iterations++;
  }
  return {
    routes: best.exportRoutes(),
    start: best.exportStart(),
    totalCost: best.cost3 / 3,
    unassigned: [...bestUnassigned].sort((a, b) => a - b),
    iterations,
  };
}
