/**
 * Planning benchmark: `npm run bench:planning [-- --seconds 10 --only C1,R2]`.
 *
 * Solomon VRPTW, 100 customers (../shared/bench/vrptw-solomon-100), then Mankowska's home-care
 * instances with double visits (../shared/bench/hhcrsp-mankowska): every instance solved with a
 * time limit (`--seconds`, 10 by default, for Solomon; `--hhc-seconds`, 10 by default, for
 * Mankowska), the solution checked by the independent validator, and the gap to the best known
 * (for Solomon, the best-known distance with the same number of vehicles). Instances run two at
 * a time (one per core). `--solomon`: Solomon only; `--hhc 10,25` (or `all`, with `--only 50_1`):
 * those Mankowska instances only. `npm run bench:planning` then runs the Oise-scale week
 * (bench/week.ts).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  parseCvrptw,
  routesDistance,
  validateRoutes,
} from '../src/domain/planning/vrptw/instance.js';
import { solveVrptw } from '../src/domain/planning/vrptw/solver.js';
import { evaluateHhc, parseHhc } from '../src/domain/planning/hhc/instance.js';
import { solveHhc } from '../src/domain/planning/hhc/solver.js';

const SOLOMON = fileURLToPath(new URL('../../shared/bench/vrptw-solomon-100/', import.meta.url));
const MANKOWSKA = fileURLToPath(new URL('../../shared/bench/hhcrsp-mankowska/', import.meta.url));

interface Row {
  name: string;
  vehicles: number;
  routes: number;
  distance: number;
  best: number;
  gap: number;
  seconds: number;
  iterations: number;
  valid: boolean;
  problems: string[];
}

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const seconds = Number(option('seconds') ?? 10);

function solveOne(file: string): Row {
  const instance = parseCvrptw(readFileSync(`${SOLOMON}${file}`, 'utf8'));
  const best = readFileSync(`${SOLOMON}best-known.csv`, 'utf8')
    .split('\n')
    .map((line) => line.split(','))
    .find((cells) => cells[0] === instance.name);
  const started = performance.now();
  const solution = solveVrptw(instance, { seed: 1, timeLimitMs: seconds * 1000 });
  const elapsed = (performance.now() - started) / 1000;
  const problems = [
    ...validateRoutes(instance, solution.routes),
    ...solution.unassigned.map((c) => `customer ${c} unassigned`),
  ];
  const distance = routesDistance(instance, solution.routes) / 10;
  const bestDistance = Number(best?.[2]) / 10;
  return {
    name: instance.name,
    vehicles: instance.vehicles,
    routes: solution.routes.length,
    distance,
    best: bestDistance,
    gap: (distance - bestDistance) / bestDistance,
    seconds: elapsed,
    iterations: solution.iterations,
    valid: problems.length === 0,
    problems: problems.slice(0, 3),
  };
}

function solveHhcFile(name: string): Row {
  const instance = parseHhc(name, JSON.parse(readFileSync(`${MANKOWSKA}${name}.json`, 'utf8')));
  const best = readFileSync(`${MANKOWSKA}best-known.csv`, 'utf8')
    .split('\n')
    .map((line) => line.split(','))
    .find((cells) => cells[0] === name);
  const started = performance.now();
  const solution = solveHhc(instance, { seed: 1, timeLimitMs: seconds * 1000 });
  const elapsed = (performance.now() - started) / 1000;
  const evaluation = evaluateHhc(instance, solution.routes, solution.start);
  const bestCost = Number(best?.[4]);
  return {
    name,
    vehicles: instance.caregivers.length,
    routes: solution.routes.filter((r) => r.length).length,
    distance: evaluation.totalCost,
    best: bestCost,
    gap: (evaluation.totalCost - bestCost) / bestCost,
    seconds: elapsed,
    iterations: solution.iterations,
    valid: evaluation.problems.length === 0,
    problems: evaluation.problems.slice(0, 3),
  };
}

type Suite = 'solomon' | 'hhc';

/** Every instance of a suite, one child process per instance, two at a time (one per core). */
async function runSuite(suite: Suite, files: readonly string[], perInstance: number) {
  const parallel = Math.max(1, Math.min(2, cpus().length));
  const rows: Row[] = [];
  const run = (file: string) =>
    new Promise<Row>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          fileURLToPath(import.meta.url),
          suite === 'hhc' ? '--hhc-file' : '--file',
          file,
          '--seconds',
          String(perInstance),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', (code) =>
        code === 0
          ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Row)
          : reject(new Error(`${file} exited ${code}`)),
      );
    });
  for (let i = 0; i < files.length; i += parallel) {
    const batch = await Promise.all(files.slice(i, i + parallel).map(run));
    for (const row of batch) {
      rows.push(row);
      console.error(
        `${row.name}: ${row.distance.toFixed(3)} vs ${row.best.toFixed(3)} (${(row.gap * 100).toFixed(2)} %), ${row.routes}/${row.vehicles} routes, ${row.valid ? 'valid' : `INVALID: ${row.problems.join('; ')}`}`,
      );
    }
  }
  const valid = rows.filter((r) => r.valid);
  const meanGap = valid.reduce((sum, r) => sum + r.gap, 0) / Math.max(1, valid.length);
  const hhc = suite === 'hhc';
  console.log(
    `\n## ${hhc ? 'Mankowska home care (double visits)' : 'Solomon VRPTW, 100 customers'}\n`,
  );
  console.log(
    `Node ${process.version}, ${new Date().toISOString()}, ${perInstance} s per instance, ${parallel} at a time\n`,
  );
  console.log(
    hhc
      ? '| Instance | Carers | Routes used | Total cost | Best known | Gap | Time | Iterations | Valid |'
      : '| Instance | Vehicles (max) | Routes | Distance | Best known | Gap | Time | Iterations | Valid |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.vehicles} | ${r.routes} | ${r.distance.toFixed(hhc ? 3 : 1)} | ${r.best.toFixed(hhc ? 3 : 1)} | ${(r.gap * 100).toFixed(2)} % | ${r.seconds.toFixed(1)} s | ${r.iterations} | ${r.valid ? 'yes' : `no: ${r.problems.join('; ')}`} |`,
    );
  }
  const worst = [...valid].sort((a, b) => b.gap - a.gap)[0];
  console.log(
    `\nMean gap over the ${valid.length} valid solutions of ${rows.length}: ${(meanGap * 100).toFixed(2)} %${worst ? `; largest ${(worst.gap * 100).toFixed(2)} % (${worst.name})` : ''}`,
  );
  if (hhc) {
    for (const size of [...new Set(rows.map((r) => r.name.split('_')[2]!))]) {
      const group = valid.filter((r) => r.name.split('_')[2] === size);
      console.log(
        `- ${size} patients: mean gap ${((group.reduce((n, r) => n + r.gap, 0) / Math.max(1, group.length)) * 100).toFixed(2)} % over ${group.length}`,
      );
    }
  }
}

if (option('hhc-file')) {
  process.stdout.write(`${JSON.stringify(solveHhcFile(option('hhc-file')!))}\n`);
} else if (option('file')) {
  process.stdout.write(`${JSON.stringify(solveOne(option('file')!))}\n`);
} else {
  const only = option('only')?.split(',');
  const hhcSizes = option('hhc')?.split(',');
  const solomonOnly = args.includes('--solomon');
  if (!hhcSizes) {
    const files = readdirSync(SOLOMON)
      .filter((f) => f.endsWith('.vrptw'))
      .filter((f) => !only || only.some((prefix) => f.startsWith(prefix)))
      .sort();
    await runSuite('solomon', files, seconds);
  }
  if (!solomonOnly) {
    const files = readdirSync(MANKOWSKA)
      .filter(
        (f) =>
          f.endsWith('.json') &&
          (!hhcSizes || hhcSizes.some((n) => n === 'all' || f.includes(`_HCSRP_${n}_`))),
      )
      .map((f) => f.replace(/\.json$/, ''))
      .filter((f) => !hhcSizes || !only || only.some((id) => f.endsWith(`_HCSRP_${id}`)))
      .sort(byInstanceNumber);
    await runSuite('hhc', files, Number(option('hhc-seconds') ?? (hhcSizes ? seconds : 10)));
  }
}

/** InstanzCPLEX_HCSRP_10_2 before InstanzCPLEX_HCSRP_10_10, sizes in order. */
function byInstanceNumber(a: string, b: string): number {
  const key = (name: string) => name.split('_').slice(-2).map(Number);
  const [sa, ia] = key(a);
  const [sb, ib] = key(b);
  return sa! - sb! || ia! - ib!;
}
