/**
 * The same transportation problem written as a mixed-integer programme in CPLEX LP format, for
 * HiGHS: the independent oracle of the tests and the benchmark. Not used in production.
 *
 *   minimise   Σ cost(a)·x_a + unmatchedCost · Σ y_p
 *   subject to Σ_{a of p} x_a + y_p = 1       for each person p
 *              Σ_{a into u} x_a ≤ capacity(u)  for each unit u
 *              x, y binary
 */
import type { TransportationProblem } from '../../src/domain/matching/min-cost-flow.js';

export function transportationAsLp(problem: TransportationProblem): string {
  const { personCount: n, unitCount: m, arcStart, arcUnit, arcCost, unmatchedCost } = problem;
  const lines: string[] = ['Minimize', ' obj:'];
  const terms: string[] = [];
  for (let a = 0; a < arcUnit.length; a++) terms.push(`${arcCost[a]} x${a}`);
  for (let p = 0; p < n; p++) terms.push(`${unmatchedCost} y${p}`);
  // LP format lines must stay short: wrap the objective.
  for (let i = 0; i < terms.length; i += 8) lines.push(`  + ${terms.slice(i, i + 8).join(' + ')}`);
  lines.push('Subject To');
  for (let p = 0; p < n; p++) {
    const vars = [`y${p}`];
    for (let a = arcStart[p]!; a < arcStart[p + 1]!; a++) vars.push(`x${a}`);
    lines.push(` p${p}: ${vars.join(' + ')} = 1`);
  }
  const into: string[][] = Array.from({ length: m }, () => []);
  for (let a = 0; a < arcUnit.length; a++) into[arcUnit[a]!]!.push(`x${a}`);
  for (let u = 0; u < m; u++) {
    if (into[u]!.length) lines.push(` u${u}: ${into[u]!.join(' + ')} <= ${problem.capacity[u]}`);
  }
  lines.push('Binary');
  const binaries: string[] = [];
  for (let a = 0; a < arcUnit.length; a++) binaries.push(`x${a}`);
  for (let p = 0; p < n; p++) binaries.push(`y${p}`);
  for (let i = 0; i < binaries.length; i += 20)
    lines.push(` ${binaries.slice(i, i + 20).join(' ')}`);
  lines.push('End');
  return lines.join('\n');
}
