/**
 * Vehicle routing with time windows: the instance, read from the TSPLIB-like CVRPTW format of the
 * Solomon benchmark (`../shared/bench/vrptw-solomon-100/README.md`), and a validator of a solution
 * that checks every rule independently of the solver.
 *
 * Units: everything in tenths (the benchmark's "floor(10 × euclidean) / 10" convention), so the
 * arithmetic is exact integers: distance(i, j) = floor(10 × euclidean), windows and service × 10.
 */

export interface VrptwInstance {
  name: string;
  /** Nodes 0 … n; node 0 is the depot. */
  size: number;
  vehicles: number;
  capacity: number;
  demand: Int32Array;
  ready: Int32Array;
  due: Int32Array;
  service: Int32Array;
  /** size × size, row-major, in tenths. */
  distance: Int32Array;
}

export class InstanceFormatError extends Error {}

export function parseCvrptw(text: string): VrptwInstance {
  const header = new Map<string, string>();
  const sections = new Map<string, string[][]>();
  let current: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line === 'EOF') continue;
    const keyValue = /^([A-Z_]+)\s*:\s*(.*)$/.exec(line);
    if (keyValue) {
      header.set(keyValue[1]!, keyValue[2]!.trim());
      current = null;
      continue;
    }
    if (/^[A-Z_]+_SECTION$/.test(line)) {
      current = line;
      sections.set(line, []);
      continue;
    }
    if (!current) throw new InstanceFormatError(`line outside any section: "${line}"`);
    sections.get(current)!.push(line.split(/\s+/));
  }
  const number = (key: string) => {
    const value = Number(header.get(key));
    if (!Number.isFinite(value)) throw new InstanceFormatError(`missing or invalid ${key}`);
    return value;
  };
  const size = number('DIMENSION');
  const scale = header.has('SCALE') ? number('SCALE') : 10;
  const coords = sections.get('NODE_COORD_SECTION') ?? [];
  const demands = sections.get('DEMAND_SECTION') ?? [];
  const windows = sections.get('TIME_WINDOW_SECTION') ?? [];
  if (coords.length !== size || demands.length !== size || windows.length !== size) {
    throw new InstanceFormatError(`expected ${size} rows in each section`);
  }
  const x = new Float64Array(size);
  const y = new Float64Array(size);
  const instance: VrptwInstance = {
    name: header.get('NAME') ?? 'unnamed',
    size,
    vehicles: number('VEHICLES'),
    capacity: number('CAPACITY'),
    demand: new Int32Array(size),
    ready: new Int32Array(size),
    due: new Int32Array(size),
    service: new Int32Array(size),
    distance: new Int32Array(size * size),
  };
  // Node ids in the file start at 1 (the depot); ours at 0.
  for (const [id, cx, cy] of coords) {
    x[Number(id) - 1] = Number(cx);
    y[Number(id) - 1] = Number(cy);
  }
  for (const [id, d] of demands) instance.demand[Number(id) - 1] = Number(d);
  for (const [id, a, b] of windows) {
    instance.ready[Number(id) - 1] = Math.round(Number(a) * scale);
    instance.due[Number(id) - 1] = Math.round(Number(b) * scale);
  }
  const service = Math.round(number('SERVICE_TIME') * scale);
  for (let i = 1; i < size; i++) instance.service[i] = service;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      instance.distance[i * size + j] = Math.floor(
        scale * Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!),
      );
    }
  }
  return instance;
}

/** Checks a solution against every rule; returns the problems found (none: valid). */
export function validateRoutes(
  instance: VrptwInstance,
  routes: readonly (readonly number[])[],
): string[] {
  const problems: string[] = [];
  const seen = new Uint8Array(instance.size);
  if (routes.length > instance.vehicles)
    problems.push(`${routes.length} routes for ${instance.vehicles} vehicles`);
  routes.forEach((route, r) => {
    let time = 0;
    let load = 0;
    let previous = 0;
    for (const node of route) {
      if (node <= 0 || node >= instance.size) {
        problems.push(`route ${r}: unknown customer ${node}`);
        continue;
      }
      if (seen[node]) problems.push(`customer ${node} served twice`);
      seen[node] = 1;
      load += instance.demand[node]!;
      time = Math.max(
        time + instance.distance[previous * instance.size + node]!,
        instance.ready[node]!,
      );
      if (time > instance.due[node]!)
        problems.push(
          `route ${r}: customer ${node} reached at ${time}, after ${instance.due[node]}`,
        );
      time += instance.service[node]!;
      previous = node;
    }
    time += instance.distance[previous * instance.size]!;
    if (time > instance.due[0]!)
      problems.push(`route ${r}: back at the depot at ${time}, after ${instance.due[0]}`);
    if (load > instance.capacity)
      problems.push(`route ${r}: load ${load} over ${instance.capacity}`);
  });
  for (let i = 1; i < instance.size; i++) if (!seen[i]) problems.push(`customer ${i} not served`);
  return problems;
}

export function routesDistance(
  instance: VrptwInstance,
  routes: readonly (readonly number[])[],
): number {
  let total = 0;
  for (const route of routes) {
    let previous = 0;
    for (const node of route) {
      total += instance.distance[previous * instance.size + node]!;
      previous = node;
    }
    total += instance.distance[previous * instance.size]!;
  }
  return total;
}
