import { loadHighs } from '../../../tests/helpers/highs.js';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../common/random.js';
import { transportationAsLp } from '../../../tests/oracles/highs-model.js';
import {
  safeUnmatchedCost,
  solveTransportation,
  type TransportationProblem,
} from './min-cost-flow.js';

function randomProblem(
  seed: number,
  n: number,
  m: number,
  density: number,
  maxCapacity: number,
): TransportationProblem {
  const rnd = mulberry32(seed); // seeded, so a failure can be replayed
  const arcStart = [0];
  const arcUnit: number[] = [];
  const arcCost: number[] = [];
  for (let p = 0; p < n; p++) {
    for (let u = 0; u < m; u++) {
      if (rnd() < density) {
        arcUnit.push(u);
        arcCost.push(Math.floor(rnd() * 500));
      }
    }
    arcStart.push(arcUnit.length);
  }
  const capacity = Array.from({ length: m }, () => Math.floor(rnd() * (maxCapacity + 1)));
  const problem = {
    personCount: n,
    unitCount: m,
    capacity,
    arcStart,
    arcUnit,
    arcCost,
    unmatchedCost: 0,
  };
  problem.unmatchedCost = safeUnmatchedCost(problem);
  return problem;
}

/** Every assignment of up to 7 people, for tiny instances. */
function bruteForce(problem: TransportationProblem): number {
  const { personCount: n, arcStart, arcUnit, arcCost, unmatchedCost } = problem;
  const load = new Array<number>(problem.unitCount).fill(0);
  let best = Infinity;
  const visit = (p: number, cost: number) => {
    if (p === n) {
      best = Math.min(best, cost);
      return;
    }
    visit(p + 1, cost + unmatchedCost);
    for (let a = arcStart[p]!; a < arcStart[p + 1]!; a++) {
      const u = arcUnit[a]!;
      if (load[u]! < problem.capacity[u]!) {
        load[u]!++;
        visit(p + 1, cost + arcCost[a]!);
        load[u]!--;
      }
    }
  };
  visit(0, 0);
  return best;
}

function checkFeasible(
  problem: TransportationProblem,
  solution: ReturnType<typeof solveTransportation>,
) {
  const load = new Array<number>(problem.unitCount).fill(0);
  for (let p = 0; p < problem.personCount; p++) {
    const arc = solution.arcOf[p]!;
    if (arc < 0) continue;
    expect(arc).toBeGreaterThanOrEqual(problem.arcStart[p]!);
    expect(arc).toBeLessThan(problem.arcStart[p + 1]!);
    load[problem.arcUnit[arc]!]!++;
  }
  for (let u = 0; u < problem.unitCount; u++)
    expect(load[u]).toBeLessThanOrEqual(problem.capacity[u]!);
}

describe('solveTransportation', () => {
  it('finds the brute-force optimum on 300 tiny instances', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const problem = randomProblem(seed, 1 + (seed % 7), 1 + (seed % 4), 0.6, 3);
      const solution = solveTransportation(problem);
      checkFeasible(problem, solution);
      expect(solution.objective, `seed ${seed}`).toBe(bruteForce(problem));
    }
  });

  it('leaves everyone unmatched when there is no candidate or no place', () => {
    const none = solveTransportation({
      personCount: 3,
      unitCount: 1,
      capacity: [0],
      arcStart: [0, 1, 1, 2],
      arcUnit: [0, 0],
      arcCost: [5, 7],
      unmatchedCost: 100,
    });
    expect(none.matched).toBe(0);
    expect(Array.from(none.unitOf)).toEqual([-1, -1, -1]);
    expect(none.objective).toBe(300);
  });

  it('moves an earlier person to let a later one in when that matches more people', () => {
    // Person 0 can go to unit 0 (cost 1) or unit 1 (cost 50); person 1 only to unit 0.
    const solution = solveTransportation({
      personCount: 2,
      unitCount: 2,
      capacity: [1, 1],
      arcStart: [0, 2, 3],
      arcUnit: [0, 1, 0],
      arcCost: [1, 50, 1],
      unmatchedCost: 10_000,
    });
    expect(Array.from(solution.unitOf)).toEqual([1, 0]);
    expect(solution.arcCostTotal).toBe(51);
  });
});

describe('solveTransportation against HiGHS (mixed-integer oracle)', () => {
  it('gives the same optimal cost as HiGHS on random instances up to 200 people × 60 units', async () => {
    const highs = await loadHighs();
    const sizes: [number, number, number, number][] = [
      [20, 6, 0.5, 4],
      [50, 15, 0.3, 4],
      [100, 30, 0.2, 5],
      [150, 40, 0.15, 5],
      [200, 60, 0.1, 4],
      [200, 60, 0.1, 2],
    ];
    let seed = 1000;
    for (const [n, m, density, capacity] of sizes) {
      for (let run = 0; run < 2; run++) {
        const problem = randomProblem(seed++, n, m, density, capacity);
        const ours = solveTransportation(problem);
        checkFeasible(problem, ours);
        const oracle = highs.solve(transportationAsLp(problem), {
          mip_rel_gap: 0,
          output_flag: false,
        });
        expect(oracle.Status).toBe('Optimal');
        expect(
          Math.abs(oracle.ObjectiveValue - ours.objective),
          `${n}×${m} seed ${seed - 1}`,
        ).toBeLessThanOrEqual(1e-6);
      }
    }
  }, 120_000);
});
