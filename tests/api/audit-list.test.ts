/**
 * The audit log's list (issue 10): it grows without end, so it pages by keyset (every entry once,
 * in order, even when many share a timestamp to the millisecond), counts its total only up to a
 * bound, refuses cursors it did not make, and keeps to the organisation; on PostgreSQL with
 * 300,000 entries, the plans of the SQL it sends read the index, never the whole table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { AUDIT_COUNT_CAP, listAudit, type AuditListQuery } from '../../src/server/audit/queries.js';
import type { Actor } from '../../src/domain/permissions/policy.js';
import { encodeCursor } from '../../src/domain/common/cursor.js';
import { HttpError } from '../../src/server/http/errors.js';
import { captureQueries, explain, planNodes } from '../../bench/people-at-scale.js';

/**
 * An organisation with `count` audit entries, and another with a few. Entries come in bursts of
 * seven sharing one timestamp and others a few microseconds apart (the same millisecond), as a
 * write's rows do; `user_id` alternates between two admins.
 */
async function seedAudit(database: TestDatabase, count: number) {
  const { rows: orgs } = await database.executeSql(
    `insert into organisations (name, kind) values ('Journal', 'departement'), ('Autre', 'departement') returning id`,
  );
  const organisationId = orgs[0].id as string;
  const otherId = orgs[1].id as string;
  const { rows: admins } = await database.executeSql(
    `insert into users (organisation_id, email, display_name, roles)
       values ($1, 'a1@journal.test', 'Admin Un', '{admin}'), ($1, 'a2@journal.test', 'Admin Deux', '{admin}')
     returning id`,
    [organisationId],
  );
  await database.executeSql(
    `insert into audit_log (organisation_id, user_id, at, kind, action, entity_type, entity_id)
     select $1::uuid, ($3::uuid[])[1 + g % 2],
            timestamptz '2026-01-01 00:00:00+00' + ((g / 7) * interval '1 second')
              + ((g % 3) * interval '3 microseconds'),
            case when g % 4 = 0 then 'read' else 'write' end,
            case when g % 4 = 0 then 'person.read' else 'person.update' end,
            'person', 'p' || g
       from generate_series(1, $2::int) g`,
    [organisationId, count, admins.map((a) => a.id as string)],
  );
  await database.executeSql(
    `insert into audit_log (organisation_id, at, kind, action, entity_type)
     select $1::uuid, now(), 'write', 'person.update', 'person' from generate_series(1, 30)`,
    [otherId],
  );
  const admin: Actor = {
    id: admins[0].id as string,
    organisationId,
    localServiceId: null,
    roles: ['admin'],
    visitorId: null,
  };
  return { organisationId, admin, userIds: admins.map((a) => a.id as string) };
}

const base: AuditListQuery = { page: 1, pageSize: 50 };

describe('audit log list', () => {
  let database: TestDatabase;
  let admin: Actor;
  let expected: number[];

  beforeAll(async () => {
    database = await openTestDatabase();
    ({ admin } = await seedAudit(database, 1_234));
    // The expected order, read without the list's code.
    const { rows } = await database.executeSql(
      `select id from audit_log where organisation_id = $1 order by at desc, id desc`,
      [admin.organisationId],
    );
    expected = rows.map((r) => Number(r.id));
  });
  afterAll(async () => database?.close());

  async function walk(query: AuditListQuery) {
    const ids: number[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 1_000; pages++) {
      const page = await listAudit(database.db, admin, { ...query, after });
      ids.push(...page.items.map((item) => item.id));
      if (!page.nextCursor) return ids;
      after = page.nextCursor;
    }
    throw new Error('the cursor never ended');
  }

  it('gives every entry once, newest first, by cursor as by page number', async () => {
    expect(await walk(base)).toEqual(expected);
    const byNumber: number[] = [];
    for (let page = 1; page <= Math.ceil(expected.length / 50); page++)
      byNumber.push(
        ...(await listAudit(database.db, admin, { ...base, page })).items.map((i) => i.id),
      );
    expect(byNumber).toEqual(expected);
  });

  it('pages a filtered view by cursor too (one user, reads only)', async () => {
    const { rows } = await database.executeSql(
      `select id from audit_log where organisation_id = $1 and user_id = $2 and kind = 'read'
        order by at desc, id desc`,
      [admin.organisationId, admin.id],
    );
    expect(rows.length).toBeGreaterThan(100);
    expect(await walk({ ...base, userId: admin.id, kind: 'read' })).toEqual(
      rows.map((r) => Number(r.id)),
    );
  });

  it('counts exactly below the bound, and says "more than" past it', async () => {
    const first = await listAudit(database.db, admin, base);
    expect(first.total).toBe(expected.length);
    expect(first.totalIsCapped).toBe(false);

    const big = await openTestDatabase();
    try {
      const { admin: bigAdmin } = await seedAudit(big, AUDIT_COUNT_CAP + 5);
      const page = await listAudit(big.db, bigAdmin, base);
      expect(page.total).toBe(AUDIT_COUNT_CAP);
      expect(page.totalIsCapped).toBe(true);
      expect(page.items).toHaveLength(50);
      const exact = await listAudit(big.db, bigAdmin, { ...base, kind: 'read' });
      expect(exact.totalIsCapped).toBe(false);
      expect(exact.total).toBe(Math.floor((AUDIT_COUNT_CAP + 5) / 4));
    } finally {
      await big.close();
    }
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['the wrong shape', encodeCursor(['a', 'b', 'c'])],
    ['a timestamp that is not one', encodeCursor(['2026-13-45T99:00:00.000000Z', 12])],
    ['SQL in the timestamp', encodeCursor(["2026-01-01'; drop table audit_log; --", 12])],
    ['an id that is not a row number', encodeCursor(['2026-01-01T00:00:00.000000Z', -3])],
  ])('refuses a cursor with %s (400, nothing read)', async (_label, after) => {
    const error = await listAudit(database.db, admin, { ...base, after }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).statusCode).toBe(400);
  });

  it('never shows another organisation’s entries', async () => {
    const ids = new Set(await walk(base));
    const { rows } = await database.executeSql(
      `select id from audit_log where organisation_id <> $1`,
      [admin.organisationId],
    );
    expect(rows.length).toBe(30);
    for (const row of rows) expect(ids.has(Number(row.id))).toBe(false);
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('audit log plans at 300,000 entries (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let admin: Actor;
  let userIds: string[];

  beforeAll(async () => {
    database = await openTestDatabase();
    pool = new pg.Pool({ connectionString: database.url!, max: 2 });
    ({ admin, userIds } = await seedAudit(database, 300_000));
    await pool.query('analyze audit_log');
  });
  afterAll(async () => {
    await pool?.end();
    await database?.close();
  });

  async function plansOf(query: AuditListQuery) {
    const queries = await captureQueries(pool, (db) => listAudit(db, admin, query));
    expect(queries.length).toBe(2);
    return Promise.all(
      queries.map(async (q) => {
        const { plan, executionMs } = await explain(pool, q, true);
        return { nodes: planNodes(plan), executionMs };
      }),
    );
  }

  const seqScans = (nodes: ReturnType<typeof planNodes>) =>
    nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'audit_log');

  it('reads page 1, a deep page by cursor and one user’s entries through the indexes', async () => {
    const { rows } = await pool.query(
      `select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, id
         from audit_log where organisation_id = $1 order by at desc, id desc offset 250000 limit 1`,
      [admin.organisationId],
    );
    const deep = encodeCursor([rows[0].at as string, Number(rows[0].id)]);
    for (const query of [base, { ...base, after: deep }, { ...base, userId: userIds[1]! }]) {
      const [, page] = await plansOf(query);
      expect(seqScans(page!.nodes)).toEqual([]);
      // Sorted by the index, not by sorting the organisation's entries.
      expect(page!.nodes.map((n) => n['Node Type'])).not.toContain('Sort');
    }
  });

  it('counts at most the bound, whatever the size of the log', async () => {
    // Index or table scan, as the planner likes: either stops after the bound.
    for (const query of [base, { ...base, userId: userIds[1]! }]) {
      const [count] = await plansOf(query);
      const scan = count!.nodes.find((n) => n['Relation Name'] === 'audit_log') as
        { 'Actual Rows': number; 'Rows Removed by Filter'?: number } | undefined;
      expect(scan).toBeDefined();
      expect(scan!['Actual Rows']).toBe(AUDIT_COUNT_CAP + 1);
      expect(scan!['Actual Rows'] + (scan!['Rows Removed by Filter'] ?? 0)).toBeLessThan(
        3 * (AUDIT_COUNT_CAP + 1),
      );
    }
  });
});
