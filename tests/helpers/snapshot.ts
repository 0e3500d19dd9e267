/** What the database holds, table by table, to prove that a refused request changed nothing. */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/db/database.js';

async function tableNames(db: Db): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** The number of rows of every table of the public schema. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const names = await tableNames(db);
  const rows = await queryRows<{ name: string; n: number }>(
    db,
    sql.raw(
      names
        .map((name) => `select '${name}' as name, count(*)::int as n from "${name}"`)
        .join(' union all '),
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

/** A fingerprint of every table's content (row count and a hash of the rows): an update shows too. */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const names = await tableNames(db);
  const rows = await queryRows<{ name: string; f: string }>(
    db,
    sql.raw(
      names
        .map(
          (name) =>
            `select '${name}' as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as f from "${name}" t`,
        )
        .join(' union all '),
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.f]));
}
