/**
 * Matching benchmark: `npm run bench:matching [-- --sizes 0,1,2 --runs 5]`.
 *
 * Each size runs in its own child process, so its peak memory is its own. For each size: the
 * engine's time (candidate graph + exact solve; median of several runs), peak RSS, matched count
 * and cost; the greedy nearest-first baseline's cost on the same graph; HiGHS on the same
 * problem when it solves it within 60 s; and at Oise scale, the time to suggest units for one
 * new person. Targets are in docs/PERFORMANCE.md.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadGazetteer } from '../src/geo/load-gazetteer.js';
import { UnitIndex } from '../src/domain/matching/candidates.js';
import {
  buildCandidateGraph,
  fewestChoicesFirst,
  proposeMatches,
  suggestUnits,
} from '../src/domain/matching/engine.js';
import { greedyNearestFirst } from '../tests/oracles/greedy.js';
import { solveTransportation } from '../src/domain/matching/min-cost-flow.js';
import { transportationAsLp } from '../tests/oracles/highs-model.js';
import { straightLineEstimator } from '../src/domain/matching/travel.js';
import { generateInstance, SIZES } from './matching-instances.js';

interface SizeReport {
  size: string;
  runs: number;
  medianMs: number;
  minMs: number;
  graphMs: number;
  solveMs: number;
  peakRssMiB: number;
  arcs: number;
  matched: number;
  people: number;
  costPoints: number;
  greedyMatched: number;
  greedyCostPoints: number;
  highs: { status: string; ms: number; objectiveEqual: boolean | null } | null;
  suggestMedianMs: number | null;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function runSize(
  index: number,
  runs: number,
  highsLimitSeconds: number,
): Promise<SizeReport> {
  const size = SIZES[index]!;
  const gazetteer = await loadGazetteer();
  const { people, units } = generateInstance(gazetteer.rows, size);

  const times: number[] = [];
  let result = proposeMatches(people, units);
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = proposeMatches(people, units);
    times.push(performance.now() - started);
  }
  // The two halves, once, to show where the time goes.
  let started = performance.now();
  const graph = buildCandidateGraph(people, units);
  const graphMs = performance.now() - started;
  started = performance.now();
  const solution = solveTransportation(graph.problem, fewestChoicesFirst(graph.problem));
  const solveMs = performance.now() - started;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const greedy = greedyNearestFirst(graph);

  let suggestMedianMs: number | null = null;
  if (size.people <= 1_000) {
    const unitIndex = new UnitIndex(units, straightLineEstimator);
    const samples: number[] = [];
    for (const person of people.slice(0, 200)) {
      const t0 = performance.now();
      suggestUnits(person, unitIndex);
      samples.push(performance.now() - t0);
    }
    suggestMedianMs = median(samples);
  }

  let highs: SizeReport['highs'] = null;
  if (highsLimitSeconds > 0) {
    const { loadHighs } = await import('../tests/helpers/highs.js');
    const solver = await loadHighs();
    const lp = transportationAsLp(graph.problem);
    const t0 = performance.now();
    try {
      const answer = solver.solve(lp, {
        mip_rel_gap: 0,
        output_flag: false,
        time_limit: highsLimitSeconds,
      });
      const ms = performance.now() - t0;
      highs = {
        status: answer.Status,
        ms,
        objectiveEqual:
          answer.Status === 'Optimal'
            ? Math.abs(answer.ObjectiveValue - solution.objective) <= 1e-6
            : null,
      };
    } catch (error) {
      highs = {
        status: `error: ${error instanceof Error ? error.message : String(error)}`,
        ms: performance.now() - t0,
        objectiveEqual: null,
      };
    }
  }

  return {
    size: size.name,
    runs,
    medianMs: median(times),
    minMs: Math.min(...times),
    graphMs,
    solveMs,
    peakRssMiB,
    arcs: graph.problem.arcUnit.length,
    matched: result.matched,
    people: people.length,
    costPoints: result.totalCost,
    greedyMatched: greedy.matched,
    greedyCostPoints: greedy.arcCostTotal / 10,
    highs,
    suggestMedianMs,
  };
}

function table(reports: SizeReport[]): string {
  const f = (n: number, digits = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = [
    '| Size | Runs | Median time | Graph / solve (one run) | Peak RSS | Arcs | Matched | Cost (points) | Greedy nearest-first vs optimum | HiGHS (60 s limit) | One new person (median) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of reports) {
    // Cost per matched person: totals are not comparable when the greedy matches fewer people.
    const perPerson =
      r.greedyCostPoints / Math.max(1, r.greedyMatched) / (r.costPoints / Math.max(1, r.matched));
    const ratio = `${f(((r.greedyMatched - r.matched) / Math.max(1, r.matched)) * 100, 1)} % people, cost per person ${f(perPerson, 3)}×`;
    const highs = r.highs
      ? r.highs.status === 'Optimal'
        ? `${f(r.highs.ms)} ms (${f(r.highs.ms / r.medianMs, 1)}× ours), same optimum: ${r.highs.objectiveEqual ? 'yes' : 'NO'}`
        : `${r.highs.status} after ${f(r.highs.ms / 1000, 1)} s`
      : 'not run';
    lines.push(
      `| ${r.size} | ${r.runs} | ${f(r.medianMs)} ms | ${f(r.graphMs)} / ${f(r.solveMs)} ms | ${f(r.peakRssMiB)} MiB | ${f(r.arcs)} | ${f(r.matched)} / ${f(r.people)} | ${f(r.costPoints, 1)} | ${f(r.greedyMatched)}, ${ratio} | ${highs} | ${r.suggestMedianMs === null ? '—' : `${f(r.suggestMedianMs, 2)} ms`} |`,
    );
  }
  return lines.join('\n');
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

if (option('child') !== undefined) {
  const report = await runSize(
    Number(option('child')),
    Number(option('runs') ?? 5),
    Number(option('highs') ?? 60),
  );
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  const sizes = (option('sizes') ?? '0,1,2').split(',').map(Number);
  const reports: SizeReport[] = [];
  for (const i of sizes) {
    const runs = option('runs') ?? (i === 2 ? '3' : '5');
    // HiGHS is tried on the two smaller sizes; at national scale its model alone is too large.
    const highs = option('highs') ?? (i === 2 ? '0' : '60');
    console.error(`running ${SIZES[i]!.name}…`);
    const output = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--child',
        String(i),
        '--runs',
        runs,
        '--highs',
        highs,
      ],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const report = JSON.parse(output.trim().split('\n').pop()!) as SizeReport;
    reports.push(report);
    console.error(JSON.stringify(report));
  }
  console.log(`Node ${process.version}, ${new Date().toISOString()}\n`);
  console.log(table(reports));
}
