/**
 * Home-care routing with double visits (Mankowska et al. 2014; the JSON of Ceschia et al. 2024,
 * see ../shared/bench/hhcrsp-mankowska/README.md). The same model as the service's own week: a
 * visit needs one or two carers; two carers either start together ("simultaneous", like a pair
 * of visitors, or a substitute joining one member) or one after the other within a gap.
 *
 * This file holds the instance, the schedule of given routes (earliest start times that keep
 * every synchronisation), and an independent validator with the published cost:
 * total_cost = (total distance + total tardiness + max tardiness) / 3.
 */

interface HhcTask {
  patient: number;
  /** 0 or 1: which of the patient's required services. */
  index: number;
  service: string;
  duration: number;
}

interface HhcPatient {
  id: string;
  earliest: number;
  latest: number;
  tasks: HhcTask[];
  sync: { type: 'simultaneous' } | { type: 'sequential'; min: number; max: number } | null;
}

export interface HhcInstance {
  name: string;
  patients: HhcPatient[];
  caregivers: { id: string; abilities: Set<string> }[];
  /** (patients + 1)², row-major; node 0 is the depot, node p + 1 is patient p. */
  distance: Float64Array;
  size: number;
}

export class HhcFormatError extends Error {}

type Json = Record<string, unknown>;

export function parseHhc(name: string, raw: unknown): HhcInstance {
  const data = raw as Json;
  if (!data || typeof data !== 'object')
    throw new HhcFormatError('instance: a JSON object is expected');
  const services = new Map<string, number>();
  for (const s of (data.services as Json[] | undefined) ?? [])
    services.set(String(s.id), Number(s.default_duration));
  const patientsRaw = data.patients as Json[] | undefined;
  const matrix = data.distances as number[][] | undefined;
  if (!Array.isArray(patientsRaw) || !Array.isArray(matrix))
    throw new HhcFormatError('instance: patients and distances are required');
  const size = patientsRaw.length + 1;
  if (matrix.length !== size || matrix.some((row) => !Array.isArray(row) || row.length !== size)) {
    throw new HhcFormatError(`instance: distances must be ${size} × ${size}`);
  }
  const patients: HhcPatient[] = patientsRaw.map((p, index) => {
    const window = p.time_window as [number, number];
    const required = (p.required_caregivers as Json[] | undefined) ?? [];
    if (required.length < 1 || required.length > 2)
      throw new HhcFormatError(`patient ${String(p.id)}: 1 or 2 required carers`);
    const tasks = required.map((r, i) => ({
      patient: index,
      index: i,
      service: String(r.service),
      duration: Number(r.duration ?? services.get(String(r.service))),
    }));
    const sync = p.synchronization as Json | undefined;
    let parsedSync: HhcPatient['sync'] = null;
    if (tasks.length === 2) {
      if (sync?.type === 'simultaneous') parsedSync = { type: 'simultaneous' };
      else if (sync?.type === 'sequential') {
        const [min, max] = sync.distance as [number, number];
        parsedSync = { type: 'sequential', min: Number(min), max: Number(max) };
      } else
        throw new HhcFormatError(`patient ${String(p.id)}: two carers without a synchronisation`);
    }
    return {
      id: String(p.id),
      earliest: Number(window[0]),
      latest: Number(window[1]),
      tasks,
      sync: parsedSync,
    };
  });
  const caregivers = ((data.caregivers as Json[] | undefined) ?? []).map((c) => ({
    id: String(c.id),
    abilities: new Set((c.abilities as string[]).map(String)),
  }));
  const distance = new Float64Array(size * size);
  matrix.forEach((row, i) => row.forEach((value, j) => (distance[i * size + j] = Number(value))));
  return { name, patients, caregivers, distance, size };
}

/** A route: the tasks a carer performs, in order ([patient, task index] pairs). */
export type HhcRoutes = (readonly (readonly [number, number])[])[];

export interface HhcSchedule {
  /** start[patient][task] */
  start: number[][];
  feasible: boolean;
  /** Why not, when not feasible. */
  reason: string | null;
}

/**
 * The earliest start of every task that respects travel, windows' opening and every
 * synchronisation, for routes given. Start times only move later, to a fixpoint; a cycle of
 * waits between carers (A waits for B who waits for A) never settles and is reported.
 */
export function scheduleRoutes(instance: HhcInstance, routes: HhcRoutes): HhcSchedule {
  const { patients, size, distance } = instance;
  const start = patients.map((p) => p.tasks.map(() => Number.NEGATIVE_INFINITY));
  const limit = 50 * (patients.length + 2);
  for (let round = 0; round < limit; round++) {
    let changed = false;
    for (const route of routes) {
      let time = 0;
      let previous = 0;
      for (const [p, t] of route) {
        const patient = patients[p]!;
        const arrive = time + distance[previous * size + p + 1]!;
        const earliest = Math.max(arrive, patient.earliest);
        if (earliest > start[p]![t]!) {
          start[p]![t] = earliest;
          changed = true;
        }
        time = start[p]![t]! + patient.tasks[t]!.duration;
        previous = p + 1;
      }
    }
    for (const [p, patient] of patients.entries()) {
      if (!patient.sync) continue;
      const s = start[p]!;
      if (patient.sync.type === 'simultaneous') {
        const both = Math.max(s[0]!, s[1]!);
        if (s[0] !== both || s[1] !== both) {
          s[0] = both;
          s[1] = both;
          changed = true;
        }
      } else {
        if (s[1]! < s[0]! + patient.sync.min) {
          s[1] = s[0]! + patient.sync.min;
          changed = true;
        }
        if (s[1]! > s[0]! + patient.sync.max) {
          s[0] = s[1]! - patient.sync.max;
          changed = true;
        }
      }
    }
    if (!changed) return { start, feasible: true, reason: null };
  }
  return {
    start,
    feasible: false,
    reason: 'carers wait for each other in a cycle: no schedule keeps every synchronisation',
  };
}

export interface HhcEvaluation {
  distance: number;
  totalTardiness: number;
  maxTardiness: number;
  totalCost: number;
  problems: string[];
}

/** The published cost of routes and their start times: (distance + total + max tardiness) / 3. */
export function hhcCost(instance: HhcInstance, routes: HhcRoutes, start: number[][]) {
  const { patients, size, distance } = instance;
  let totalDistance = 0;
  let totalTardiness = 0;
  let maxTardiness = 0;
  for (const route of routes) {
    let previous = 0;
    for (const [p, t] of route) {
      const patient = patients[p];
      if (!patient?.tasks[t]) continue;
      totalDistance += distance[previous * size + p + 1]!;
      const s = start[p]?.[t];
      if (s !== undefined && Number.isFinite(s)) {
        const tardiness = Math.max(0, s - patient.latest);
        totalTardiness += tardiness;
        maxTardiness = Math.max(maxTardiness, tardiness);
      }
      previous = p + 1;
    }
    totalDistance += distance[previous * size]!;
  }
  return {
    distance: totalDistance,
    totalTardiness,
    maxTardiness,
    totalCost: (totalDistance + totalTardiness + maxTardiness) / 3,
  };
}

/** Checks routes and start times against every rule of the README, then gives the cost. */
export function evaluateHhc(
  instance: HhcInstance,
  routes: HhcRoutes,
  start: number[][],
): HhcEvaluation {
  const { patients, caregivers, size, distance } = instance;
  const problems: string[] = [];
  const done = patients.map((p) => p.tasks.map(() => 0));
  if (routes.length > caregivers.length)
    problems.push(`${routes.length} routes for ${caregivers.length} carers`);
  const EPS = 1e-6;
  routes.forEach((route, c) => {
    const carer = caregivers[c];
    let time = 0;
    let previous = 0;
    for (const [p, t] of route) {
      const patient = patients[p];
      const task = patient?.tasks[t];
      if (!patient || !task) {
        problems.push(`carer ${c}: unknown task ${p}/${t}`);
        continue;
      }
      if (carer && !carer.abilities.has(task.service))
        problems.push(`carer ${carer.id} cannot perform ${task.service} at ${patient.id}`);
      done[p]![t]!++;
      const travel = distance[previous * size + p + 1]!;
      const s = start[p]?.[t];
      if (s === undefined || !Number.isFinite(s)) {
        problems.push(`${patient.id}: no start time`);
        continue;
      }
      if (s + EPS < time + travel)
        problems.push(`${patient.id}: starts at ${s} before the carer arrives at ${time + travel}`);
      if (s + EPS < patient.earliest)
        problems.push(
          `${patient.id}: starts at ${s} before the window opens at ${patient.earliest}`,
        );
      time = s + task.duration;
      previous = p + 1;
    }
  });
  patients.forEach((patient, p) => {
    patient.tasks.forEach((task, t) => {
      if (done[p]![t] !== 1)
        problems.push(`${patient.id}: service ${task.service} performed ${done[p]![t]} times`);
    });
    if (patient.sync) {
      const [a, b] = start[p]!;
      if (patient.sync.type === 'simultaneous' && Math.abs(a! - b!) > EPS)
        problems.push(`${patient.id}: the two carers start at ${a} and ${b}, not together`);
      if (
        patient.sync.type === 'sequential' &&
        (b! - a! < patient.sync.min - EPS || b! - a! > patient.sync.max + EPS)
      ) {
        problems.push(
          `${patient.id}: second service ${b! - a!} min after the first, outside [${patient.sync.min}, ${patient.sync.max}]`,
        );
      }
    }
  });
  return { ...hhcCost(instance, routes, start), problems };
}
