/**
 * Planning benchmark: `npm run bench:planning [-- --seconds 10 --only C1,R2]`.
 *
 * Solomon VRPTW, 100 customers (../shared/bench/vrptw-solomon-100): every instance solved with a
 * time limit, the solution checked by the independent validator, and the gap to the best-known
 * distance with the same number of vehicles. Instances run two at a time (one per core).
 * `--hhc 10,25`: Mankowska's home-care instances of those sizes instead (double visits; the
 * baseline solver, `--seconds` each). The Oise-scale week is not built yet (issue 4).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseCvrptw, routesDistance, validateRoutes } from '../src/domain/planning/vrptw/instance.js';
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
  const problems = [...validateRoutes(instance, solution.routes), ...solution.unassigned.map((c) => `customer ${c} unassigned`)];
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

if (option('hhc-file')) {
  process.stdout.write(`${JSON.stringify(solveHhcFile(option('hhc-file')!))}\n`);
} else if (option('file')) {
  process.stdout.write(`${JSON.stringify(solveOne(option('file')!))}\n`);
} else {
  const only = option('only')?.split(',');
  const hhcSizes = option('hhc')?.split(',');
  const files = hhcSizes
    ? readdirSync(MANKOWSKA)
        .filter((f) => f.endsWith('.json') && hhcSizes.some((n) => n === 'all' || f.includes(`_HCSRP_${n}_`)))
        .map((f) => f.replace(/\.json$/, ''))
        .filter((f) => !only || only.some((id) => f.endsWith(`_HCSRP_${id}`)))
        .sort()
    : readdirSync(SOLOMON)
        .filter((f) => f.endsWith('.vrptw'))
        .filter((f) => !only || only.some((prefix) => f.startsWith(prefix)))
        .sort();
  const parallel = Math.max(1, Math.min(2, cpus().length));
  const rows: Row[] = [];
  // One child per instance, `parallel` at a time (one per core).
  const run = (file: string) =>
    new Promise<Row>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), hhcSizes ? '--hhc-file' : '--file', file, '--seconds', String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Row) : reject(new Error(`${file} exited ${code}`))));
    });
  for (let i = 0; i < files.length; i += parallel) {
    const batch = await Promise.all(files.slice(i, i + parallel).map(run));
    for (const row of batch) {
      rows.push(row);
      console.error(`${row.name}: ${row.distance.toFixed(3)} vs ${row.best.toFixed(3)} (${(row.gap * 100).toFixed(2)} %), ${row.routes}/${row.vehicles} routes, ${row.valid ? 'valid' : `INVALID: ${row.problems.join('; ')}`}`);
    }
  }
  const valid = rows.filter((r) => r.valid);
  const meanGap = valid.reduce((sum, r) => sum + r.gap, 0) / Math.max(1, valid.length);
  console.log(`Node ${process.version}, ${new Date().toISOString()}, ${seconds} s per instance, ${parallel} at a time\n`);
  console.log(hhcSizes ? '| Instance | Carers | Routes used | Total cost | Best known | Gap | Time | Iterations | Valid |' : '| Instance | Vehicles (max) | Routes | Distance | Best known | Gap | Time | Iterations | Valid |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.vehicles} | ${r.routes} | ${r.distance.toFixed(hhcSizes ? 3 : 1)} | ${r.best.toFixed(hhcSizes ? 3 : 1)} | ${(r.gap * 100).toFixed(2)} % | ${r.seconds.toFixed(1)} s | ${r.iterations} | ${r.valid ? 'yes' : `no: ${r.problems.join('; ')}`} |`);
  }
  console.log(`\nMean gap over the ${valid.length} valid solutions of ${rows.length}: ${(meanGap * 100).toFixed(2)} %`);
}
