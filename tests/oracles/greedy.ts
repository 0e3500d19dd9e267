/**
 * Test and benchmark oracle, not product code (issue 8: it lives with the tests).
 *
 * The baseline a coordinator would do by hand: people one by one, each given the nearest unit
 * (shortest trip) that may visit them and still has a place. The benchmark compares the optimum's
 * cost with it; the tests check the optimum is never worse.
 */
import type { CandidateGraph } from '../../src/domain/matching/engine.js';

export function greedyNearestFirst(graph: CandidateGraph) {
  const { problem, arcTravel } = graph;
  const free = Array.from(problem.capacity);
  const unitOf = new Int32Array(problem.personCount).fill(-1);
  let arcCostTotal = 0;
  let matched = 0;
  for (let p = 0; p < problem.personCount; p++) {
    let best = -1;
    for (let a = problem.arcStart[p]!; a < problem.arcStart[p + 1]!; a++) {
      if (free[problem.arcUnit[a]!]! <= 0) continue;
      if (best < 0 || arcTravel[a]! < arcTravel[best]!) best = a;
    }
    if (best >= 0) {
      free[problem.arcUnit[best]!]!--;
      unitOf[p] = problem.arcUnit[best]!;
      arcCostTotal += problem.arcCost[best]!;
      matched++;
    }
  }
  return {
    unitOf,
    matched,
    arcCostTotal,
    objective: arcCostTotal + (problem.personCount - matched) * problem.unmatchedCost,
  };
}
