/**
 * `npm run bench:search`: the people list and search at national scale, on PostgreSQL
 * (DATABASE_URL, else TEST_DATABASE_URL, else the local server). A fresh database gets the
 * migrations and `--people` (100,000) people in one organisation; each case runs `listPeople`
 * once to capture the SQL it sends, then `EXPLAIN ANALYZE` of each statement `--runs` times
 * (median execution time: the database's own time, free of network and Node noise).
 * `--keep` leaves the database for EXPLAIN by hand.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { openDatabase, type Db } from '../src/db/database.js';
import * as schema from '../src/db/schema.js';
import { listPeople, type PeopleFilters } from '../src/server/people/queries.js';
import type { ListScope } from '../src/domain/permissions/policy.js';
import { captureQueries, explain, loadPeopleAtScale, planNodes } from './people-at-scale.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const count = option('people', 100_000);
const runs = option('runs', 5);
const serverUrl =
  process.env.DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

/** The `after` cursor that gives page `page`, found by walking the pages before it. */
async function cursorOfPage(scope: ListScope, filters: PeopleFilters, page: number) {
  const db = drizzle(pool, { schema }) as unknown as Db;
  let after: string | undefined;
  for (let p = 1; p < page; p++) {
    const result: { nextCursor?: string | null } = await listPeople(db, scope, {
      ...filters,
      after,
    });
    if (!result.nextCursor) throw new Error(`no page ${p + 1}`);
    after = result.nextCursor;
  }
  return after;
}

const name = `conv_bench_search_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const database = await openDatabase({ url: url.toString() });
const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
try {
  const started = Date.now();
  const scale = await loadPeopleAtScale(database, count);
  console.log(`${count} people loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const scope: ListScope = {
    kind: 'organisation',
    organisationId: scale.organisationId,
    localServiceId: null,
  };
  const base: PeopleFilters = { page: 1, pageSize: 25, includeArchived: false };
  const cases: [string, PeopleFilters][] = [
    ['search, common first name "helene"', { ...base, q: 'helene' }],
    ['search, two words "helene lefevre"', { ...base, q: 'helene lefevre' }],
    ['search, rare name "legare-17"', { ...base, q: 'legare-17' }],
    ['search, commune "compiegne"', { ...base, q: 'compiegne' }],
    ['search, phone fragment "0615308"', { ...base, q: '0615308' }],
    ['status filter "waiting"', { ...base, status: 'waiting' }],
    ['list, page 1', base],
    ['list, page 500 (OFFSET)', { ...base, page: 500 }],
    ['list, page 500 (cursor)', { ...base, after: await cursorOfPage(scope, base, 500) }],
  ];
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`| case | statement | median execution (ms) | seq scan on people |`);
  console.log(`| --- | --- | --- | --- |`);
  for (const [label, filters] of cases) {
    const queries = await captureQueries(pool, (db) => listPeople(db, scope, filters));
    for (const [index, query] of queries.entries()) {
      const times: number[] = [];
      let seqScan = false;
      for (let run = 0; run < runs; run++) {
        const { plan, executionMs } = await explain(pool, query);
        times.push(executionMs);
        seqScan ||= planNodes(plan).some(
          (n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'people',
        );
      }
      const what = /count\(/.test(query.sql) ? 'count' : index === 0 ? 'statement 1' : 'page';
      console.log(
        `| ${label} | ${what} | ${median(times).toFixed(1)} | ${seqScan ? 'yes' : 'no'} |`,
      );
    }
  }
} finally {
  await pool.end();
  await database.close();
  // --keep: leave the database for EXPLAIN by hand (its name is printed).
  if (args.includes('--keep')) console.log(`kept database ${name}`);
  else await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
