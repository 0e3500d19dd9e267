/**
 * Routes and start times of a home-care solution, kept up to date incrementally.
 *
 * Start times are the earliest that respect travel, the opening of windows and every
 * synchronisation: the least solution of difference constraints (a longest-path problem).
 * Inserting a visit only adds or tightens constraints (travel times obey the triangle inequality
 * and services last a positive time), so start times only move later: the new schedule is found
 * by pushing later, from the insertion point forward in its route, and into the routes linked by
 * synchronisation, stopping wherever a start does not change (waiting absorbs the delay). A
 * carer waiting, through other carers, for themselves (a positive cycle) shows up as a cycle in
 * the "who pushed whom" pointers, and the insertion is refused.
 *
 * Removals are rare (once per search iteration) and rescheduled in full with the same
 * propagation, from scratch.
 */
import type { HhcInstance, HhcRoutes } from './instance.js';

/** How a task is tied to its partner: none, same start, or first/second of a sequence. */
export const SyncKind = { None: 0, Simultaneous: 1, First: 2, Second: 3 } as const;

/** The static data of every task (a patient's service), as flat arrays. */
export class HhcTasks {
  readonly count: number;
  /** Index of the first task of each patient; the second, if any, follows. */
  readonly base: Int32Array;
  readonly patient: Int32Array;
  readonly index: Int32Array;
  /** Matrix node: patient + 1. */
  readonly node: Int32Array;
  readonly duration: Float64Array;
  readonly earliest: Float64Array;
  readonly latest: Float64Array;
  readonly partner: Int32Array;
  readonly kind: Uint8Array;
  /** For sequential pairs: minimum and maximum gap from the first start to the second. */
  readonly gapMin: Float64Array;
  readonly gapMax: Float64Array;
  /** The carers able to perform each task. */
  readonly able: Int32Array[];
  readonly size: number;
  readonly distance: Float64Array;

  constructor(readonly instance: HhcInstance) {
    const { patients, caregivers } = instance;
    this.base = new Int32Array(patients.length + 1);
    let count = 0;
    patients.forEach((p, i) => {
      this.base[i] = count;
      count += p.tasks.length;
    });
    this.base[patients.length] = count;
    this.count = count;
    this.patient = new Int32Array(count);
    this.index = new Int32Array(count);
    this.node = new Int32Array(count);
    this.duration = new Float64Array(count);
    this.earliest = new Float64Array(count);
    this.latest = new Float64Array(count);
    this.partner = new Int32Array(count).fill(-1);
    this.kind = new Uint8Array(count);
    this.gapMin = new Float64Array(count);
    this.gapMax = new Float64Array(count);
    this.able = [];
    patients.forEach((p, i) => {
      p.tasks.forEach((task, t) => {
        const k = this.base[i]! + t;
        this.patient[k] = i;
        this.index[k] = t;
        this.node[k] = i + 1;
        this.duration[k] = task.duration;
        this.earliest[k] = p.earliest;
        this.latest[k] = p.latest;
        this.able.push(
          Int32Array.from(
            caregivers.flatMap((c, ci) => (c.abilities.has(task.service) ? [ci] : [])),
          ),
        );
        if (p.sync) {
          this.partner[k] = this.base[i]! + 1 - t;
          if (p.sync.type === 'simultaneous') this.kind[k] = SyncKind.Simultaneous;
          else {
            this.kind[k] = t === 0 ? SyncKind.First : SyncKind.Second;
            this.gapMin[k] = p.sync.min;
            this.gapMax[k] = p.sync.max;
          }
        }
      });
    });
    this.size = instance.size;
    this.distance = instance.distance;
  }
}

/** An insertion: task `task` at position `position` of route `route` (before the task there). */
export interface HhcInsertion {
  task: number;
  route: number;
  position: number;
}

const NONE = -1;
/** A trial inserts one task or the two tasks of a double visit. */
const MAX_INSERTIONS = 2;

export class HhcState {
  readonly tasks: HhcTasks;
  routes: number[][];
  /** Route and position of each task; -1 when unassigned. */
  readonly routeOf: Int32Array;
  readonly positionOf: Int32Array;
  /** Start of each assigned task. */
  readonly start: Float64Array;
  distance = 0;
  totalTardiness = 0;
  maxTardiness = 0;
  /** False when the last full schedule found carers waiting for each other in a cycle. */
  feasible = true;

  // Scratch of a trial: tentative starts (valid where `stamp` is the current trial), who pushed
  // each task (for cycle detection), a FIFO queue and the tasks touched.
  private readonly value: Float64Array;
  private readonly stamp: Int32Array;
  private readonly pushedBy: Int32Array;
  private readonly queued: Int32Array;
  private readonly queue: Int32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private trial = 0;
  private readonly insertTask = new Int32Array(MAX_INSERTIONS);
  private readonly insertRoute = new Int32Array(MAX_INSERTIONS);
  private readonly insertPosition = new Int32Array(MAX_INSERTIONS);
  private insertCount = 0;
  /** Results of the last trial. */
  trialTotalTardiness = 0;
  trialMaxTardiness = 0;
  trialDistanceDelta = 0;

  constructor(tasks: HhcTasks) {
    this.tasks = tasks;
    const n = tasks.count;
    this.routes = tasks.instance.caregivers.map(() => []);
    this.routeOf = new Int32Array(n).fill(NONE);
    this.positionOf = new Int32Array(n).fill(NONE);
    this.start = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.value = new Float64Array(n);
    this.stamp = new Int32Array(n);
    this.pushedBy = new Int32Array(n);
    this.queued = new Int32Array(n);
    // Each update enqueues at most two tasks; the queue is reused as a ring.
    this.queue = new Int32Array(2 * n + 8);
    this.touched = new Int32Array(n);
  }

  /** Total cost times 3 (distance + total tardiness + maximum tardiness). */
  get cost3(): number {
    return this.distance + this.totalTardiness + this.maxTardiness;
  }

  copyFrom(other: HhcState): void {
    this.routes = other.routes.map((r) => r.slice());
    this.routeOf.set(other.routeOf);
    this.positionOf.set(other.positionOf);
    this.start.set(other.start);
    this.distance = other.distance;
    this.totalTardiness = other.totalTardiness;
    this.maxTardiness = other.maxTardiness;
    this.feasible = other.feasible;
  }

  /** Routes as [patient, task index] pairs. */
  exportRoutes(): [number, number][][] {
    const { patient, index } = this.tasks;
    return this.routes.map((r) => r.map((k) => [patient[k]!, index[k]!] as [number, number]));
  }

  /** start[patient][task], -Infinity for a task not assigned. */
  exportStart(): number[][] {
    const { base } = this.tasks;
    return this.tasks.instance.patients.map((_, p) => {
      const list: number[] = [];
      for (let k = base[p]!; k < base[p + 1]!; k++) list.push(this.start[k]!);
      return list;
    });
  }

  load(routes: HhcRoutes): void {
    this.routeOf.fill(NONE);
    this.positionOf.fill(NONE);
    this.routes = routes.map((route, r) =>
      route.map(([p, t], i) => {
        const k = this.tasks.base[p]! + t;
        this.routeOf[k] = r;
        this.positionOf[k] = i;
        return k;
      }),
    );
    while (this.routes.length < this.tasks.instance.caregivers.length) this.routes.push([]);
    this.reschedule();
  }

  /** Takes tasks out of their routes (and reschedules everything). */
  remove(taskList: Iterable<number>): void {
    const touchedRoutes = new Set<number>();
    for (const k of taskList) {
      const r = this.routeOf[k]!;
      if (r < 0) continue;
      this.routes[r]![this.positionOf[k]!] = NONE;
      this.routeOf[k] = NONE;
      this.positionOf[k] = NONE;
      this.start[k] = Number.NEGATIVE_INFINITY;
      touchedRoutes.add(r);
    }
    for (const r of touchedRoutes) {
      const route = this.routes[r]!.filter((k) => k !== NONE);
      this.routes[r] = route;
      for (let i = 0; i < route.length; i++) this.positionOf[route[i]!] = i;
    }
    this.reschedule();
  }

  /** Every start from scratch, the distance and the tardiness. */
  reschedule(): void {
    const { node } = this.tasks;
    this.beginTrial(0);
    let distance = 0;
    for (const route of this.routes) {
      let previous = 0;
      for (const k of route) {
        distance += this.d(previous, node[k]!);
        previous = node[k]!;
      }
      distance += this.d(previous, 0);
    }
    this.enqueueAll();
    this.feasible = this.propagate(Number.POSITIVE_INFINITY, 0, true);
    for (let i = 0; i < this.touchedCount; i++) {
      const k = this.touched[i]!;
      this.start[k] = this.value[k]!;
    }
    this.distance = distance;
    this.totalTardiness = this.trialTotalTardiness;
    this.maxTardiness = this.trialMaxTardiness;
  }

  /** Added distance of a task between positions position - 1 and position of a route. */
  insertionDistance(task: number, route: number, position: number): number {
    const r = this.routes[route]!;
    const { node } = this.tasks;
    const previous = position > 0 ? node[r[position - 1]!]! : 0;
    const next = position < r.length ? node[r[position]!]! : 0;
    const x = node[task]!;
    return this.d(previous, x) + this.d(x, next) - this.d(previous, next);
  }

  /** Arrival at a task inserted at a position, with the current starts. */
  insertionArrival(task: number, route: number, position: number): number {
    const { node, duration } = this.tasks;
    if (position === 0) return this.d(0, node[task]!);
    const previous = this.routes[route]![position - 1]!;
    return this.start[previous]! + duration[previous]! + this.d(node[previous]!, node[task]!);
  }

  /**
   * The cost (times 3) after inserting these tasks (in different routes), or +Infinity when a
   * cycle of waits makes it impossible or as soon as the cost reaches `bound` (tardiness only
   * grows while start times are pushed, so the trial stops early). Leaves the state unchanged.
   */
  tryInsert(insertions: readonly HhcInsertion[], bound = Number.POSITIVE_INFINITY): number {
    if (insertions.length > MAX_INSERTIONS)
      throw new Error(`tryInsert: at most ${MAX_INSERTIONS} insertions`);
    this.beginTrial(insertions.length);
    let distanceDelta = 0;
    // Starts only move later when the new task is no shortcut (triangle inequality, positive
    // duration); otherwise (not in these instances) the trial schedules from scratch.
    let monotone = true;
    const { node, duration } = this.tasks;
    insertions.forEach((insertion, i) => {
      if (insertions.some((other, j) => j < i && other.route === insertion.route))
        throw new Error('tryInsert: two insertions in one route');
      this.insertTask[i] = insertion.task;
      this.insertRoute[i] = insertion.route;
      this.insertPosition[i] = insertion.position;
      const delta = this.insertionDistance(insertion.task, insertion.route, insertion.position);
      distanceDelta += delta;
      const route = this.routes[insertion.route]!;
      const previous = insertion.position > 0 ? node[route[insertion.position - 1]!]! : 0;
      if (
        insertion.position < route.length &&
        delta + duration[insertion.task]! + this.d(previous, node[route[insertion.position]!]!) <
          this.d(previous, node[route[insertion.position]!]!)
      )
        monotone = false;
    });
    this.trialDistanceDelta = distanceDelta;
    const fixed = this.distance + distanceDelta;
    if (fixed + this.totalTardiness + this.maxTardiness >= bound) return Number.POSITIVE_INFINITY;
    if (monotone) {
      for (let i = 0; i < insertions.length; i++) {
        const k = this.insertTask[i]!;
        this.value[k] = Number.NEGATIVE_INFINITY;
        this.stamp[k] = this.trial;
        this.pushedBy[k] = NONE;
        this.touched[this.touchedCount++] = k;
        this.enqueue(k);
      }
    } else this.enqueueAll();
    if (!this.propagate(bound, fixed, !monotone)) return Number.POSITIVE_INFINITY;
    return fixed + this.trialTotalTardiness + this.trialMaxTardiness;
  }

  /** Applies insertions (as tryInsert would evaluate them); returns false on a cycle. */
  insert(insertions: readonly HhcInsertion[]): boolean {
    if (!Number.isFinite(this.tryInsert(insertions))) return false;
    for (let i = 0; i < this.touchedCount; i++) {
      const k = this.touched[i]!;
      this.start[k] = this.value[k]!;
    }
    for (const { task, route, position } of insertions) {
      const r = this.routes[route]!;
      r.splice(position, 0, task);
      this.routeOf[task] = route;
      for (let i = position; i < r.length; i++) this.positionOf[r[i]!] = i;
    }
    this.distance += this.trialDistanceDelta;
    this.totalTardiness = this.trialTotalTardiness;
    this.maxTardiness = this.trialMaxTardiness;
    return true;
  }

  // ------------------------------------------------------------------ propagation

  /** Every task of the trial's routes, unscheduled, queued in route order. */
  private enqueueAll() {
    const add = (k: number) => {
      this.value[k] = Number.NEGATIVE_INFINITY;
      this.stamp[k] = this.trial;
      this.pushedBy[k] = NONE;
      this.touched[this.touchedCount++] = k;
      this.enqueue(k);
    };
    this.routes.forEach((route, r) => {
      for (let i = 0; i <= route.length; i++) {
        for (let j = 0; j < this.insertCount; j++)
          if (this.insertRoute[j] === r && this.insertPosition[j] === i) add(this.insertTask[j]!);
        if (i < route.length) add(route[i]!);
      }
    });
  }

  private d(a: number, b: number): number {
    return this.tasks.distance[a * this.tasks.size + b]!;
  }

  private beginTrial(insertions: number) {
    this.trial++;
    if (this.trial > 0x3fffffff) {
      this.trial = 1;
      this.stamp.fill(0);
      this.queued.fill(0);
    }
    this.touchedCount = 0;
    this.insertCount = insertions;
    this.head = 0;
    this.tail = 0;
    this.queueSize = 0;
  }

  private head = 0;
  private tail = 0;
  private queueSize = 0;

  private enqueue(k: number) {
    if (this.queued[k] === this.trial) return;
    this.queued[k] = this.trial;
    this.queue[this.tail] = k;
    this.tail = this.tail + 1 === this.queue.length ? 0 : this.tail + 1;
    this.queueSize++;
  }

  private current(k: number): number {
    return this.stamp[k] === this.trial ? this.value[k]! : this.start[k]!;
  }

  private insertedIndex(k: number): number {
    for (let i = 0; i < this.insertCount; i++) if (this.insertTask[i] === k) return i;
    return NONE;
  }

  /** The task before k in the routes of the trial, or -1 (the depot). */
  private previousOf(k: number): number {
    const i = this.insertedIndex(k);
    if (i >= 0) {
      const p = this.insertPosition[i]!;
      return p > 0 ? this.routes[this.insertRoute[i]!]![p - 1]! : NONE;
    }
    const r = this.routeOf[k]!;
    const position = this.positionOf[k]!;
    for (let j = 0; j < this.insertCount; j++) {
      if (this.insertRoute[j] === r && this.insertPosition[j] === position)
        return this.insertTask[j]!;
    }
    return position > 0 ? this.routes[r]![position - 1]! : NONE;
  }

  /** The task after k in the routes of the trial, or -1. */
  private nextOf(k: number): number {
    const i = this.insertedIndex(k);
    if (i >= 0) {
      const route = this.routes[this.insertRoute[i]!]!;
      const p = this.insertPosition[i]!;
      return p < route.length ? route[p]! : NONE;
    }
    const r = this.routeOf[k]!;
    const position = this.positionOf[k]! + 1;
    for (let j = 0; j < this.insertCount; j++) {
      if (this.insertRoute[j] === r && this.insertPosition[j] === position)
        return this.insertTask[j]!;
    }
    const route = this.routes[r]!;
    return position < route.length ? route[position]! : NONE;
  }

  private assigned(k: number): boolean {
    return this.routeOf[k]! >= 0 || this.insertedIndex(k) >= 0;
  }

  /**
   * Pushes the queued tasks to their earliest starts, FIFO, until nothing moves. Keeps the
   * trial's total and maximum tardiness (from the committed ones, as starts only grow), and stops
   * with false on a cycle of waits or when `fixed` + tardiness reaches `bound`.
   */
  private propagate(bound: number, fixed: number, fromScratch: boolean): boolean {
    const { node, duration, earliest, latest, partner, kind, gapMin, gapMax } = this.tasks;
    const value = this.value;
    let total = fromScratch ? 0 : this.totalTardiness;
    let max = fromScratch ? 0 : this.maxTardiness;
    let updates = 0;
    const limit = 50 * (this.tasks.count + 2);
    while (this.queueSize > 0) {
      const k = this.queue[this.head]!;
      this.head = this.head + 1 === this.queue.length ? 0 : this.head + 1;
      this.queueSize--;
      this.queued[k] = 0;
      let best = earliest[k]!;
      let source = NONE;
      const previous = this.previousOf(k);
      const arrive =
        previous < 0
          ? this.d(0, node[k]!)
          : this.current(previous) + duration[previous]! + this.d(node[previous]!, node[k]!);
      if (arrive > best) {
        best = arrive;
        source = previous;
      }
      const q = partner[k]!;
      if (q >= 0 && this.assigned(q)) {
        const s = this.current(q);
        const tied =
          kind[k] === SyncKind.Simultaneous
            ? s
            : kind[k] === SyncKind.Second
              ? s + gapMin[k]!
              : s - gapMax[k]!;
        if (tied > best) {
          best = tied;
          source = q;
        }
      }
      const before = this.current(k);
      if (!(best > before)) continue;
      if (++updates > limit) return false;
      if (this.stamp[k] !== this.trial) {
        this.stamp[k] = this.trial;
        this.touched[this.touchedCount++] = k;
      } else if (source >= 0) {
        // Does the chain of pushes that reaches k start from k itself? Then k waits for itself.
        let x = source;
        let steps = 0;
        while (x >= 0 && this.stamp[x] === this.trial) {
          if (x === k || ++steps > this.tasks.count) return false;
          x = this.pushedBy[x]!;
        }
      }
      value[k] = best;
      this.pushedBy[k] = source;
      const was = before - latest[k]!;
      const now = best - latest[k]!;
      if (now > 0) {
        total += was > 0 ? now - was : now;
        if (now > max) max = now;
        if (fixed + total + max >= bound) return false;
      }
      const next = this.nextOf(k);
      if (next >= 0) this.enqueue(next);
      if (q >= 0 && this.assigned(q)) this.enqueue(q);
    }
    this.trialTotalTardiness = total;
    this.trialMaxTardiness = max;
    return true;
  }
}
