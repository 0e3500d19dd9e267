import { describe, expect, it } from 'vitest';
import { evaluateHhc, HhcFormatError, parseHhc, scheduleRoutes } from './instance.js';

/** Depot and three patients on a line, 10 minutes apart. */
const raw = {
  patients: [
    {
      id: 'p1',
      location: [10, 0],
      time_window: [0, 100],
      required_caregivers: [{ service: 's1', duration: 20 }],
    },
    {
      id: 'p2',
      location: [20, 0],
      time_window: [50, 60],
      required_caregivers: [
        { service: 's1', duration: 15 },
        { service: 's2', duration: 15 },
      ],
      synchronization: { type: 'simultaneous' },
    },
    {
      id: 'p3',
      location: [30, 0],
      time_window: [0, 70],
      required_caregivers: [
        { service: 's1', duration: 10 },
        { service: 's2', duration: 10 },
      ],
      synchronization: { type: 'sequential', distance: [10, 20] },
    },
  ],
  services: [
    { id: 's1', default_duration: 10 },
    { id: 's2', default_duration: 10 },
  ],
  caregivers: [
    { id: 'c1', abilities: ['s1'] },
    { id: 'c2', abilities: ['s2'] },
  ],
  central_offices: [{ id: 'd', location: [0, 0] }],
  distances: [
    [0, 10, 20, 30],
    [10, 0, 10, 20],
    [20, 10, 0, 10],
    [30, 20, 10, 0],
  ],
};

describe('home-care instances with double visits', () => {
  const instance = parseHhc('mini', raw);

  it('schedules the earliest starts that keep both synchronisations', () => {
    const routes = [
      [
        [0, 0],
        [1, 0],
        [2, 0],
      ] as [number, number][],
      [
        [1, 1],
        [2, 1],
      ] as [number, number][],
    ];
    const schedule = scheduleRoutes(instance, routes);
    expect(schedule.feasible).toBe(true);
    // c1: p1 at 10 (arrives at 10), p2 at 50 (window), p3 at 75; c2: p2 at 50 together, p3 at 85 (≥ 75 + 10).
    expect(schedule.start).toEqual([[10], [50, 50], [75, 85]]);
    const evaluation = evaluateHhc(instance, routes, schedule.start);
    expect(evaluation.problems).toEqual([]);
    // Distance: c1 10+10+10+30 = 60, c2 20+10+30 = 60; tardiness: p3 starts 75 and 85 for latest 70.
    expect(evaluation.distance).toBe(120);
    expect(evaluation.totalTardiness).toBe(5 + 15);
    expect(evaluation.maxTardiness).toBe(15);
    expect(evaluation.totalCost).toBeCloseTo((120 + 20 + 15) / 3, 9);
  });

  it('reports carers waiting for each other in a cycle', () => {
    const crossed = parseHhc('crossed', {
      ...raw,
      patients: raw.patients.map((p) =>
        p.id === 'p3' ? { ...p, synchronization: { type: 'simultaneous' } } : p,
      ),
    });
    const schedule = scheduleRoutes(crossed, [
      [
        [1, 0],
        [2, 0],
      ],
      [
        [2, 1],
        [1, 1],
      ],
    ]);
    expect(schedule.feasible).toBe(false);
  });

  it('finds every broken rule in a solution', () => {
    const routes = [
      [
        [0, 0],
        [1, 0],
        [2, 1],
      ] as [number, number][],
      [[1, 1]] as [number, number][],
    ];
    const problems = evaluateHhc(instance, routes, [[0], [50, 40], [75, 85]]).problems;
    expect(problems).toContain('p1: starts at 0 before the carer arrives at 10');
    expect(problems).toContain('carer c1 cannot perform s2 at p3');
    expect(problems).toContain('p2: the two carers start at 50 and 40, not together');
    expect(problems).toContain('p3: service s1 performed 0 times');
  });

  it('refuses a malformed instance with the reason', () => {
    expect(() => parseHhc('bad', { ...raw, distances: [[0]] })).toThrow(HhcFormatError);
    expect(() =>
      parseHhc('bad', {
        ...raw,
        patients: [{ ...raw.patients[1], synchronization: undefined }],
        distances: [
          [0, 1],
          [1, 0],
        ],
      }),
    ).toThrow('two carers without a synchronisation');
  });
});

describe('solveHhc (baseline)', () => {
  it('serves every patient, keeps every synchronisation, and is deterministic for a seed', async () => {
    const { solveHhc } = await import('./solver.js');
    const instance = parseHhc('mini', raw);
    const solution = solveHhc(instance, { seed: 2, maxIterations: 200 });
    expect(solution.unassigned).toEqual([]);
    const evaluation = evaluateHhc(instance, solution.routes, solution.start);
    expect(evaluation.problems).toEqual([]);
    expect(solution.totalCost).toBeCloseTo(evaluation.totalCost, 9);
    expect(solveHhc(instance, { seed: 2, maxIterations: 200 })).toEqual(solution);
  });
});
