/**
 * The baseline a coordinator would do by hand: people one by one, each given the nearest unit
 * (shortest trip) that may visit them and still has a place. The benchmark compares the optimum's
 * cost with it; the tests check the optimum is never worse.
 */
import type { CandidateGraph } from './engine.js';

export function greedyNearestFirst(graph: CandidateGraph) {
  const { problem, arcsOf } = graph;
  const free = Array.from(problem.capacity);
  const unitOf = new Int32Array(problem.personCount).fill(-1);
  let arcCostTotal = 0;
  let matched = 0;
  arcsOf.forEach((arcs, p) => {
    let best = -1;
    for (let i = 0; i < arcs.length; i++) {
      const arc = arcs[i]!;
      if (free[arc.unit]! <= 0) continue;
      if (best < 0 || arc.facts.travelMinutes < arcs[best]!.facts.travelMinutes) best = i;
    }
    if (best >= 0) {
      const arc = arcs[best]!;
      free[arc.unit]!--;
      unitOf[p] = arc.unit;
      arcCostTotal += arc.cost;
      matched++;
    }
  });
  return {
    unitOf,
    matched,
    arcCostTotal,
    objective: arcCostTotal + (problem.personCount - matched) * problem.unmatchedCost,
  };
}
