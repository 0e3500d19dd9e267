/**
 * `npm run bench:load`: the API under load, measured from outside. It starts the real server
 * (`convivialite serve`, demo mode) on PostgreSQL and on PGlite, with the demo data and with a
 * national data set (bench/load/national-dataset.ts), signs in through the API, and runs
 * autocannon on the main routes at each number of connections; then sends a 20,000-row import
 * while polling /healthz every 100 ms. Prints req/s, p50, p99, errors and the ratio to /healthz
 * of the same run (the machine is shared: ratios travel better than absolute figures).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { serviceToday } from '../src/domain/common/calendar.js';
import { DEMO_PASSWORD } from '../src/server/config.js';
import { ACCOUNTS, prepareFixtures, type Fixtures } from './load/fixtures.js';
import {
  measure,
  measureImport,
  scenarios,
  signIn,
  type ImportMeasure,
  type Measure,
} from './load/measure.js';
import {
  countNational,
  generateNationalDataset,
  NATIONAL_DEFAULTS,
  type NationalCounts,
} from './load/national-dataset.js';
import {
  freePortIn,
  killAllServers,
  pgliteDatabase,
  postgresDatabase,
  postgresDatabaseExists,
  startServer,
  type BenchDatabase,
  type DbKind,
} from './load/server.js';

const SCENARIO_NAMES = [
  'healthz',
  'my-day',
  'search-common',
  'search-rare',
  'search-commune',
  'list-first',
  'list-deep',
  'person-file',
  'person-visits',
  'planning-week',
  'report-write',
  'import',
];

const program = new Command('bench:load')
  .description(
    'Load-test the API: starts the real server on PostgreSQL and PGlite, demo and national data, and runs autocannon on the main routes',
  )
  .addOption(
    new Option('--db <db>', 'database to run on')
      .choices(['postgres', 'pglite', 'both'])
      .default('both'),
  )
  .addOption(
    new Option(
      '--dataset <dataset>',
      'data: the demo (about 1,000 people) or the national set (100,000 people in one organisation); PGlite gets the demo unless --pglite-national',
    )
      .choices(['demo', 'national', 'both'])
      .default('both'),
  )
  .option('--pglite-national', 'also run the national data set on PGlite (slow to seed)', false)
  .option('--connections <list>', 'numbers of connections, comma-separated', '10,50')
  .option('--duration <seconds>', 'measured seconds per scenario and connection count', '10')
  .option('--warmup <seconds>', 'warm-up seconds before each measure', '2')
  .option(
    '--only <names>',
    `comma-separated scenarios among: ${SCENARIO_NAMES.join(', ')} (healthz always runs: the ratios need it)`,
  )
  .option('--import-rows <n>', 'rows of the import file', '20000')
  .option('--log-level <level>', 'LOG_LEVEL of the server (users run info)', 'info')
  .option(
    '--postgres <url>',
    'PostgreSQL server to create the databases on',
    'postgres://postgres@127.0.0.1:5432/postgres',
  )
  .option('--fresh', 'rebuild the national database even if a complete one exists', false)
  .option(
    '--national-people <n>',
    'people of the big organisation in the national set',
    String(NATIONAL_DEFAULTS.bigOrganisationPeople),
  )
  .option('--ports <from-to>', 'ports the servers may listen on', '3400-3499')
  .option('--json <file>', 'also write the results to this JSON file');

interface Options {
  db: 'postgres' | 'pglite' | 'both';
  dataset: 'demo' | 'national' | 'both';
  pgliteNational: boolean;
  connections: string;
  duration: string;
  warmup: string;
  only?: string;
  importRows: string;
  logLevel: string;
  postgres: string;
  fresh: boolean;
  nationalPeople: string;
  ports: string;
  json?: string;
}

interface RunResult {
  db: DbKind;
  dataset: 'demo' | 'national';
  setup: {
    seedSeconds: number;
    datasetSeconds: number | null;
    reused: boolean;
    counts: NationalCounts;
  };
  fixtures: Omit<Fixtures, 'reportPool'> & { reportPool: number };
  measures: (Measure & { ratio: number | null })[];
  reportPoolExhausted: boolean;
  import: ImportMeasure | null;
  seconds: number;
}

const log = (message: string) => console.log(message);
const secondsSince = (started: number) => (performance.now() - started) / 1000;

function machine() {
  const cpu = cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim();
    if (dirty) commit += ' (with uncommitted changes)';
  } catch {
    // not a git checkout
  }
  return {
    cores: cpu.length,
    cpu: cpu[0]?.model ?? 'unknown',
    node: process.version,
    commit,
    date: new Date().toISOString(),
  };
}

async function main() {
  program.parse();
  const options = program.opts<Options>();
  const connections = options.connections.split(',').map((c) => Number(c.trim()));
  if (connections.some((c) => !Number.isInteger(c) || c < 1))
    throw new Error('--connections: positive integers, comma-separated');
  const seconds = Number(options.duration);
  const warmupSeconds = Number(options.warmup);
  const only = options.only ? new Set(options.only.split(',').map((s) => s.trim())) : null;
  for (const name of only ?? [])
    if (!SCENARIO_NAMES.includes(name)) throw new Error(`--only: no scenario ${name}`);
  const [portFrom, portTo] = options.ports.split('-').map(Number) as [number, number];
  const importRows = Number(options.importRows);
  const nationalPeople = Number(options.nationalPeople);

  const header = machine();
  log(
    `Load benchmark — ${header.date}\nMachine: ${header.cores} cores, ${header.cpu}; Node ${header.node}; commit ${header.commit}\n` +
      `Connections ${connections.join(', ')}; ${seconds} s per measure after ${warmupSeconds} s of warm-up; server LOG_LEVEL=${options.logLevel}\n`,
  );

  const plan: { db: DbKind; dataset: 'demo' | 'national' }[] = [];
  for (const db of ['postgres', 'pglite'] as const) {
    if (options.db !== 'both' && options.db !== db) continue;
    for (const dataset of ['demo', 'national'] as const) {
      if (options.dataset !== 'both' && options.dataset !== dataset) continue;
      if (db === 'pglite' && dataset === 'national' && !options.pgliteNational) continue;
      plan.push({ db, dataset });
    }
  }
  if (!plan.length)
    throw new Error('nothing to run (PGlite runs the national set only with --pglite-national)');

  const results: RunResult[] = [];
  let failures = 0;
  const runStarted = performance.now();
  for (const { db, dataset } of plan) {
    const started = performance.now();
    log(`== ${db === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${dataset} data`);
    let result: RunResult;
    try {
      result = await runOne(db, dataset, {
        ...options,
        connections,
        seconds,
        warmupSeconds,
        only,
        portFrom,
        portTo,
        importRows,
        nationalPeople,
      });
    } catch (error) {
      // One failed setup does not lose the other runs' figures.
      failures++;
      console.error(
        `This run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      continue;
    }
    result.seconds = secondsSince(started);
    results.push(result);
    printResult(result);
  }
  log(`Whole run: ${(secondsSince(runStarted) / 60).toFixed(1)} min`);
  if (options.json) {
    writeFileSync(options.json, JSON.stringify({ machine: header, options, results }, null, 2));
    log(`Results written to ${options.json}`);
  }
  if (failures) throw new Error(`${failures} of ${plan.length} runs failed (see above)`);
}

async function runOne(
  kind: DbKind,
  dataset: 'demo' | 'national',
  options: Omit<Options, 'connections' | 'only' | 'importRows' | 'nationalPeople'> & {
    connections: number[];
    seconds: number;
    warmupSeconds: number;
    only: Set<string> | null;
    portFrom: number;
    portTo: number;
    importRows: number;
    nationalPeople: number;
  },
): Promise<RunResult> {
  const national = dataset === 'national';
  let database: BenchDatabase;
  let reuse = false;
  if (kind === 'postgres') {
    const name = `conv_bench_${dataset}`;
    if (national && !options.fresh && (await postgresDatabaseExists(options.postgres, name))) {
      const probe = await postgresDatabase(options.postgres, name, { fresh: false, keep: true });
      const opened = await probe.open();
      try {
        const [marker] = (
          await opened
            .executeSql(
              'select people from bench_national where complete and people = $1 limit 1',
              [options.nationalPeople],
            )
            .catch(() => ({ rows: [] }))
        ).rows as { people: number }[];
        reuse = Boolean(marker);
      } finally {
        await opened.close();
      }
    }
    database = await postgresDatabase(options.postgres, name, {
      fresh: !reuse,
      keep: national,
    });
  } else {
    database = await pgliteDatabase();
  }
  log(
    `Database: ${database.describe}${reuse ? ', complete national set reused (--fresh rebuilds it)' : ''}`,
  );
  const port = await freePortIn(options.portFrom, options.portTo);
  const logFile = join(tmpdir(), `conv-bench-${kind}-${dataset}-${port}.log`);
  log(`Server log: ${logFile}`);
  try {
    // 1. The demo seed, by the server itself (migrations, demo data, three planned weeks).
    let seedSeconds = 0;
    if (!reuse) {
      const seedStarted = performance.now();
      const seeding = await startServer(database, { port, logLevel: options.logLevel, logFile });
      await seeding.stop();
      seedSeconds = secondsSince(seedStarted);
      log(`Demo seeded by the server in ${seedSeconds.toFixed(0)} s`);
    } else {
      // New migrations (the fixes being measured) are applied at this start.
      const migrating = await startServer(database, { port, logLevel: options.logLevel, logFile });
      await migrating.stop();
    }
    // 2. The national data and the fixtures, with no server on the database.
    const opened = await database.open();
    let datasetSeconds: number | null = null;
    let counts: NationalCounts;
    let fixtures: Fixtures;
    // Enough visits to report for the whole measure at a generous 2,000 writes a second.
    const reportPoolSize = Math.ceil(
      options.connections.length * (options.seconds + options.warmupSeconds) * 2000,
    );
    try {
      if (national && !reuse) {
        const generated = performance.now();
        log('Generating the national data set:');
        await generateNationalDataset(opened, {
          today: serviceToday(),
          bigOrganisationPeople: options.nationalPeople,
          smallOrganisations: NATIONAL_DEFAULTS.smallOrganisations,
          smallOrganisationPeople: NATIONAL_DEFAULTS.smallOrganisationPeople,
          visitors: NATIONAL_DEFAULTS.visitors,
          log,
        });
        datasetSeconds = secondsSince(generated);
        await opened.executeSql(
          'create table if not exists bench_national (people int not null, complete boolean not null, generated_at timestamptz not null default now())',
        );
        await opened.executeSql('insert into bench_national (people, complete) values ($1, true)', [
          options.nationalPeople,
        ]);
        log(`National data set generated in ${datasetSeconds.toFixed(0)} s`);
      }
      counts = await countNational(opened);
      fixtures = await prepareFixtures(opened, { reportPoolSize });
      // The steady state autovacuum reaches in service: the visibility map set (index-only
      // scans read no heap), statistics current. A migration just applied to a reused database
      // (a backfill rewriting every row) would otherwise be measured mid-way.
      const vacuumed = performance.now();
      await opened.executeSql('vacuum (analyze)');
      log(`vacuum (analyze) in ${secondsSince(vacuumed).toFixed(0)} s`);
    } finally {
      await opened.close();
    }
    log(
      `Data: ${counts.organisations} organisations, ${counts.people} people (${counts.biggestOrganisationPeople} in the biggest), ${counts.visitors} visitors, ${counts.statusChanges} status changes, ${counts.assignments} assignments, ${counts.visits} visits, ${counts.visitReports} reports`,
    );

    // 3. The measured server.
    const server = await startServer(database, { port, logLevel: options.logLevel, logFile });
    try {
      const sessions = {
        coordinator: await signIn(server.url, ACCOUNTS.coordinator, DEMO_PASSWORD),
        planner: await signIn(server.url, ACCOUNTS.planner, DEMO_PASSWORD),
        visitor: await signIn(server.url, ACCOUNTS.visitor, DEMO_PASSWORD),
      };
      const deepPage = national ? 500 : Math.max(1, Math.ceil(fixtures.listedPeople / 25));
      const all = scenarios(fixtures, sessions, deepPage).filter(
        (s) => s.name === 'healthz' || !options.only || options.only.has(s.name),
      );
      for (const s of all) log(`  ${s.name.padEnd(15)} ${s.description}`);
      const measures: RunResult['measures'] = [];
      for (const c of options.connections) {
        let healthz: number | null = null;
        for (const s of all) {
          const m = await measure(server.url, s, c, {
            seconds: options.seconds,
            warmupSeconds: options.warmupSeconds,
          });
          if (s.name === 'healthz') healthz = m.reqPerSec;
          const ratio = healthz ? m.reqPerSec / healthz : null;
          measures.push({ ...m, ratio });
          log(
            `  ${s.name.padEnd(15)} c=${String(c).padEnd(3)} ${m.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${latency(m, m.p50)}  p99 ${latency(m, m.p99)}  errors ${m.non2xx + m.errors}  answered ${m.requests}, in flight at the end ${m.inFlight}`,
          );
        }
      }
      const pool = all.find((s) => s.name === 'report-write');
      let importResult: ImportMeasure | null = null;
      if (!options.only || options.only.has('import')) {
        log(`  import: ${options.importRows} rows, /healthz polled every 100 ms…`);
        importResult = await measureImport(
          server.url,
          sessions.coordinator,
          options.importRows,
          20 * 60_000,
        );
      }
      return {
        db: kind,
        dataset,
        setup: { seedSeconds, datasetSeconds, reused: reuse, counts },
        fixtures: { ...fixtures, reportPool: fixtures.reportPool.length },
        measures,
        reportPoolExhausted: pool?.remaining ? pool.remaining() < 0 : false,
        import: importResult,
        seconds: 0,
      };
    } catch (error) {
      log(`Server log tail:\n${server.tail()}`);
      throw error;
    } finally {
      await server.stop();
    }
  } finally {
    await database.dispose();
  }
}

/** A latency, or, when nothing was answered during the measure, how long one answer took after it. */
function latency(m: Measure, value: number) {
  return m.requests
    ? `${value} ms`
    : `none answered (one took ${(m.drainMs / 1000).toFixed(1)} s after)`;
}

function printResult(result: RunResult) {
  const name = `${result.db === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${result.dataset} data (${result.setup.counts.people} people, ${result.setup.counts.biggestOrganisationPeople} in the biggest organisation)`;
  log(`\n${name}`);
  const rows = result.measures.map((m) => ({
    scenario: m.scenario,
    connections: m.connections,
    'req/s': Math.round(m.reqPerSec),
    'p50 ms': m.requests ? m.p50 : `none; one took ${Math.round(m.drainMs)}`,
    'p99 ms': m.requests ? m.p99 : '',
    errors: m.non2xx + m.errors,
    answered: m.requests,
    'in flight at end': m.inFlight,
    'share of /healthz': m.ratio === null ? '' : m.ratio.toFixed(3),
  }));
  console.table(rows);
  if (result.reportPoolExhausted)
    log('The report writes ran past their pool of visits: the later ones are 409 errors.');
  const i = result.import;
  if (i)
    log(
      `Import of ${i.rows} rows (${(i.fileBytes / 1024 / 1024).toFixed(1)} MB CSV): ${i.status}, ${i.created} created, answered in ${(i.answerMs / 1000).toFixed(1)} s, done in ${(i.totalMs / 1000).toFixed(1)} s; /healthz polled ${i.healthzPolls} times, longest gap between answers ${Math.round(i.longestGapMs)} ms, slowest answer ${Math.round(i.longestHealthzMs)} ms, ${i.healthzFailures} failures`,
    );
  log(
    `Setup: seed ${result.setup.seedSeconds.toFixed(0)} s${result.setup.datasetSeconds === null ? '' : `, national data ${result.setup.datasetSeconds.toFixed(0)} s`}${result.setup.reused ? ' (national data reused)' : ''}; this run ${(result.seconds / 60).toFixed(1)} min\n`,
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    killAllServers();
    process.exit(130);
  });

main().catch((error: unknown) => {
  killAllServers();
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
