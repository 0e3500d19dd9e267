/**
 * One factory for the two databases we run on: the embedded PGlite (zero set-up default, a data
 * directory or memory) and a PostgreSQL server when DATABASE_URL is set. Both speak the same SQL;
 * CI runs the whole suite on each. Migrations run on open.
 */
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type Logger, type SQL, type SQLWrapper } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';
import { PGliteThread } from './pglite-thread.js';

type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DatabaseOptions {
  /** postgres://… : use a PostgreSQL server. */
  url?: string | null;
  /** PGlite data directory; 'memory://' or null for an in-memory database. */
  dataDir?: string | null;
  /** PGlite: how long a request waits for its turn before failing as unavailable (503). */
  queueTimeoutMs?: number;
  /**
   * Called with every statement Drizzle sends (tests count the queries a request makes; see
   * tests/api/query-count.test.ts). Raw SQL sent by the job queue does not pass here.
   */
  onQuery?: (query: string, params: unknown[]) => void;
}

/**
 * Raw SQL for the job queue (pg-boss's `db` adapter): text with $1… parameters, or, without
 * values, a script of several statements (pg-boss installs its schema that way).
 */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface Database extends SqlExecutor {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    // A server that does not answer fails the request (503) instead of holding it forever.
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      connectionTimeoutMillis: 10_000,
      // Requests are short and many run at once: a parallel plan's workers take the cores the
      // other requests need, and merging their rows cost more than it saved (a deep list page:
      // 132 ms with two workers, 15 ms without, on 100,000 people; docs/PERFORMANCE.md).
      options: '-c max_parallel_workers_per_gather=0',
    });
    // An idle connection closed by the server (restart, administrator) must not crash the
    // process: the pool replaces it on the next query.
    pool.on('error', (error) =>
      console.error(`PostgreSQL: idle connection lost (${error.message})`),
    );
    const db = drizzlePg(pool, { schema, logger: queryLogger(options) }) as unknown as Db;
    await migrateOnce(pool);
    return {
      db,
      kind: 'postgres',
      // The queue shares the application's pool: one connection budget, one place to set it.
      executeSql: (text, values) => pool.query(text, values as unknown[] | undefined),
      close: () => pool.end(),
    };
  }
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  // PGlite runs in a thread of its own (ADR 0022): its queries no longer stop the event loop.
  const client = await PGliteThread.start(dataDir, options.queueTimeoutMs ?? 10_000);
  const db = drizzlePglite({
    client: client as never,
    schema,
    logger: queryLogger(options),
  }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return {
    db,
    kind: 'pglite',
    async executeSql(text, values) {
      // PGlite's extended protocol takes one statement; a script without parameters goes through
      // the simple protocol, whose last result answers (as node-postgres does for one statement).
      if (!values?.length) {
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return client.query(text, values);
    },
    close: () => client.close(),
  };
}

function queryLogger({ onQuery }: DatabaseOptions): Logger | undefined {
  return onQuery ? { logQuery: onQuery } : undefined;
}

/** Key of the session advisory lock held while migrating ("conv-migr" in ASCII). */
const MIGRATION_LOCK = 0x636f6e766d696772n;

/**
 * Several server processes may start at once on one database (a deploy): the migrations run under
 * a session advisory lock, so the first applies them and the others wait, then find nothing to do.
 * (Without it two processes both try the same migration and one dies on "already exists".)
 */
async function migrateOnce(pool: pg.Pool) {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await migratePg(drizzlePg(client, { schema }) as never, { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } finally {
    client.release();
  }
}

/** Raw SQL rows, whichever driver runs (both PGlite and node-postgres answer `{ rows }`). */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Rows affected by a raw statement, whichever driver runs. */
export async function execute(db: DbOrTx, query: SQL): Promise<number> {
  const result = (await db.execute(query)) as unknown as {
    affectedRows?: number;
    rowCount?: number | null;
  };
  return result.affectedRows ?? result.rowCount ?? 0;
}

/** A timestamp column to the microsecond, as keyset cursors carry it (`isExactTimestamp`). */
export function exactTimestampKey(column: SQLWrapper) {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** A LIKE pattern matching `value` anywhere, its wildcards escaped ("%" typed searches for "%"). */
export const containsPattern = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
