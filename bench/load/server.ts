/**
 * The product as users run it: `convivialite serve` in its own process (Node with tsx as a loader,
 * as tests/helpers/processes.ts starts it), on a PostgreSQL database or a PGlite data directory.
 * The process leads its own group, so stopping it stops everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export type DbKind = 'postgres' | 'pglite';

/** Where one benchmark run keeps its data: a PostgreSQL database or a PGlite directory. */
export interface BenchDatabase {
  kind: DbKind;
  /** DATABASE_URL, or DATA_DIR, for the server process. */
  env: Record<string, string>;
  /** Opens it from the benchmark process (only while no server runs on a PGlite directory). */
  open(): Promise<Database>;
  /** Drops it, unless it is kept for the next run. */
  dispose(): Promise<void>;
  describe: string;
}

async function adminQuery(adminUrl: string, text: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

export async function postgresDatabaseExists(adminUrl: string, name: string) {
  const rows = await adminQuery(
    adminUrl,
    `select 1 from pg_database where datname = '${name.replace(/'/g, "''")}'`,
  );
  return rows.length > 0;
}

/**
 * A database on the PostgreSQL server of `adminUrl`. `fresh`: dropped and created again; `keep`:
 * left in place at the end (the national data set, long to generate).
 */
export async function postgresDatabase(
  adminUrl: string,
  name: string,
  options: { fresh: boolean; keep: boolean },
): Promise<BenchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  if (options.fresh) await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
  if (!(await postgresDatabaseExists(adminUrl, name)))
    await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ url: url.toString() }),
    async dispose() {
      if (!options.keep) await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
    describe: `PostgreSQL database ${name}${options.keep ? ' (kept for the next run)' : ''}`,
  };
}

/** A PGlite data directory in the temporary directory, removed at the end. */
export async function pgliteDatabase(): Promise<BenchDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'conv-bench-pglite-'));
  return {
    kind: 'pglite',
    env: { DATA_DIR: dir },
    open: () => openDatabase({ dataDir: dir }),
    dispose: () => rm(dir, { recursive: true, force: true }),
    describe: `PGlite data directory ${dir} (removed at the end)`,
  };
}

/** A port in `from`..`to` that nothing listens on. */
export async function freePortIn(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port between ${from} and ${to}`);
}

export interface RunningServer {
  url: string;
  pid: number;
  /** Where the process writes its log (stdout and stderr). */
  logFile: string;
  /** The last lines the process wrote, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills what is still running when the benchmark itself is interrupted. */
export function killAllServers() {
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Starts `convivialite serve` in demo mode and waits until /healthz answers. */
export async function startServer(
  database: BenchDatabase,
  options: { port: number; logLevel: string; logFile: string; readyTimeoutMs?: number },
): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const log = openSync(options.logFile, 'a');
  for (const key of ['DATABASE_URL', 'DATA_DIR', 'TEST_DATABASE_URL', 'NODE_ENV']) delete env[key];
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
    cwd: root,
    // Its own process group: stopping the group stops anything the server started.
    detached: true,
    env: {
      ...env,
      ...database.env,
      CONVIVIALITE_MODE: 'demo',
      HOST: '127.0.0.1',
      PORT: String(options.port),
      LOG_LEVEL: options.logLevel,
    },
    // Its log goes to a file, as a service's redirected output does: the benchmark process, which
    // also runs the load generator, does not have to read every request's line.
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  running.add(child);
  const tail = () => {
    try {
      return readFileSync(options.logFile, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let dead = false;
  void exited.then(() => {
    dead = true;
    running.delete(child);
  });
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 600_000);
  for (;;) {
    if (dead) throw new Error(`the server exited before it was ready:\n${tail()}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`the server was not ready in time:\n${tail()}`);
    }
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    pid: child.pid!,
    logFile: options.logFile,
    tail,
    async stop() {
      if (dead) return;
      process.kill(-child.pid!, 'SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }, 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
