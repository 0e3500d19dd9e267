import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../common/random.js';
import { InstanceFormatError, parseCvrptw, routesDistance, validateRoutes } from './instance.js';
import { solveVrptw } from './solver.js';

/** A Solomon-like instance in the benchmark's text format: clustered customers, random windows. */
function instanceText(customers: number, seed: number, vehicles = 8): string {
  const rnd = mulberry32(seed);
  const lines = [
    'NAME : T' + seed,
    'TYPE : CVRPTW',
    `DIMENSION : ${customers + 1}`,
    `VEHICLES : ${vehicles}`,
    'CAPACITY : 100',
    'SERVICE_TIME : 10',
    'SCALE : 10',
    'EDGE_WEIGHT_TYPE : FLOOR_2D',
    'NODE_COORD_SECTION',
    '1 50 50',
  ];
  const windows = ['1 0 1000'];
  const demands = ['1 0'];
  for (let i = 2; i <= customers + 1; i++) {
    lines.push(`${i} ${Math.floor(rnd() * 100)} ${Math.floor(rnd() * 100)}`);
    const open = Math.floor(rnd() * 700);
    windows.push(`${i} ${open} ${open + 80 + Math.floor(rnd() * 200)}`);
    demands.push(`${i} ${1 + Math.floor(rnd() * 20)}`);
  }
  return [
    ...lines,
    'DEMAND_SECTION',
    ...demands,
    'TIME_WINDOW_SECTION',
    ...windows,
    'DEPOT_SECTION',
    '1',
    '-1',
    'EOF',
  ].join('\n');
}

describe('parseCvrptw', () => {
  it('reads the benchmark format in tenths, the depot as node 0', () => {
    const instance = parseCvrptw(instanceText(5, 1));
    expect(instance.size).toBe(6);
    expect(instance.vehicles).toBe(8);
    expect(instance.due[0]).toBe(10_000);
    expect(instance.service[0]).toBe(0);
    expect(instance.service[1]).toBe(100);
    // floor(10 × euclidean): from (50, 50) to (53, 54) is 50 tenths.
    const custom = parseCvrptw(instanceText(1, 1).replace(/^2 \d+ \d+$/m, '2 53 54'));
    expect(custom.distance[1]).toBe(50);
  });
  it('refuses a truncated file with a message', () => {
    expect(() =>
      parseCvrptw(
        'NAME : X\nDIMENSION : 3\nVEHICLES : 1\nCAPACITY : 1\nSERVICE_TIME : 1\nNODE_COORD_SECTION\n1 0 0',
      ),
    ).toThrow(InstanceFormatError);
  });
});

describe('solveVrptw', () => {
  it('serves every customer within windows, capacity and fleet, and improves on its start', () => {
    for (const seed of [1, 2, 3]) {
      const instance = parseCvrptw(instanceText(40, seed));
      const short = solveVrptw(instance, { seed: 7, maxIterations: 1 });
      const long = solveVrptw(instance, { seed: 7, maxIterations: 3000 });
      expect(long.unassigned).toEqual([]);
      expect(validateRoutes(instance, long.routes)).toEqual([]);
      expect(long.distance).toBe(routesDistance(instance, long.routes));
      expect(long.distance).toBeLessThanOrEqual(short.distance);
    }
  });
  it('is deterministic for a seed and an iteration budget', () => {
    const instance = parseCvrptw(instanceText(30, 9));
    expect(solveVrptw(instance, { seed: 3, maxIterations: 500 })).toEqual(
      solveVrptw(instance, { seed: 3, maxIterations: 500 }),
    );
  });
  it('validator catches what breaks a rule', () => {
    const instance = parseCvrptw(instanceText(4, 5));
    expect(validateRoutes(instance, [[1, 2, 3]])).toContain('customer 4 not served');
    expect(validateRoutes(instance, [[1, 1, 2, 3, 4]])).toContain('customer 1 served twice');
  });
});
