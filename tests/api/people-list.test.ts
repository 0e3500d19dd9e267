/**
 * The people list and search (ADR 0020): what it finds (accents and case ignored, several words,
 * the phone, the status), that keyset and OFFSET pages give every row once in order, that the
 * scope holds; and, on PostgreSQL with 100,000 people, that the plans of the very SQL listPeople
 * sends use the indexes (no sequential scan of people).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { listPeople, type PeopleFilters } from '../../src/server/people/queries.js';
import type { ListScope } from '../../src/domain/permissions/policy.js';
import { encodeCursor } from '../../src/domain/common/cursor.js';
import {
  captureQueries,
  explain,
  loadPeopleAtScale,
  planNodes,
  type PeopleAtScale,
} from '../../bench/people-at-scale.js';

type Row = {
  id: string;
  last_name: string;
  first_name: string;
  birth_name: string | null;
  commune_name: string | null;
  phones: string;
  local_service_id: string | null;
  status: string | null;
};

/** The oracle's own accent and case folding (not the database's). */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function matches(row: Row, q: string) {
  const text = fold(
    `${row.last_name} ${row.first_name} ${row.birth_name ?? ''} ${row.commune_name ?? ''}`,
  );
  return q
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => {
      const digits = word.replace(/\D/g, '');
      return (
        text.includes(fold(word)) || (digits.length >= 4 && row.phones.includes(digits.slice(1)))
      );
    });
}

describe('people list and search', () => {
  let database: TestDatabase;
  let scale: PeopleAtScale;
  let rows: Row[];
  let scope: ListScope;
  const base: PeopleFilters = { page: 1, pageSize: 20 };

  beforeAll(async () => {
    database = await openTestDatabase();
    scale = await loadPeopleAtScale(database, 400);
    scope = { kind: 'organisation', organisationId: scale.organisationId, localServiceId: null };
    // The expected order and statuses, read without the list's code: the history's latest row.
    ({ rows } = await database.executeSql(
      `select p.id, p.last_name, p.first_name, p.birth_name, p.commune_name, p.phones::text as phones,
              p.local_service_id,
              (select sc.to_status from status_changes sc where sc.person_id = p.id
                order by sc.id desc limit 1) as status
         from people p where p.organisation_id = $1
        order by search_key(p.last_name), search_key(p.first_name), p.id`,
      [scale.organisationId],
    ));
  });
  afterAll(async () => database?.close());

  /** Every page through `nextCursor`. */
  async function walk(filters: PeopleFilters, listScope = scope) {
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listPeople(database.db, listScope, { ...filters, after });
      ids.push(...page.items.map((item) => item.id));
      expect(page.items.length).toBeLessThanOrEqual(filters.pageSize);
      if (!page.nextCursor) return { ids, total: page.total };
      after = page.nextCursor;
    }
  }

  it('the data has what the cases need', () => {
    expect(rows.length).toBeGreaterThan(350);
    expect(rows.some((r) => r.first_name === 'Hélène')).toBe(true);
    expect(rows.some((r) => r.last_name.startsWith('Lefèvre'))).toBe(true);
  });

  it.each([
    'helene',
    'HÉLÈNE',
    'LEFEVRE',
    'lefèvre',
    'compiegne',
    'crepy-en-valois martin',
    'pont sainte',
  ])('finds %s, accents and case ignored, every word', async (q) => {
    const expected = rows.filter((row) => matches(row, q)).map((row) => row.id);
    expect(expected.length, 'the oracle finds something').toBeGreaterThan(0);
    const { ids, total } = await walk({ ...base, q });
    expect(ids).toEqual(expected);
    expect(total).toBe(expected.length);
  });

  it('finds a person by several words, typed without accents in capitals', async () => {
    const someone = rows.find((row) => /[À-ÿ]/.test(row.first_name + row.last_name))!;
    const q = `${fold(someone.first_name).toUpperCase()}  ${fold(someone.last_name)} ${fold(someone.commune_name!).slice(0, 4)}`;
    const expected = rows.filter((row) => matches(row, q)).map((row) => row.id);
    expect(expected).toContain(someone.id);
    expect((await walk({ ...base, q })).ids).toEqual(expected);
  });

  it('finds a phone typed as a French national number fragment', async () => {
    const number = JSON.parse(rows[7]!.phones)[0].number as string; // +336XXXXXXXX
    const q = `0${number.slice(3, 9)}`;
    const expected = rows.filter((row) => matches(row, q)).map((row) => row.id);
    expect(expected).toContain(rows[7]!.id);
    expect((await walk({ ...base, q })).ids).toEqual(expected);
  });

  it('filters by the current status, the latest row of the history', async () => {
    for (const status of ['referred', 'waiting', 'active']) {
      const expected = rows.filter((row) => row.status === status).map((row) => row.id);
      expect(expected.length).toBeGreaterThan(0);
      const { ids, total } = await walk({ ...base, status: status as PeopleFilters['status'] });
      expect(ids).toEqual(expected);
      expect(total).toBe(expected.length);
    }
  });

  it('keeps the current status with each change of the history', async () => {
    const person = rows.find((row) => row.status === 'waiting')!;
    await database.executeSql(
      `insert into status_changes (person_id, from_status, to_status, effective_date)
       values ($1, 'waiting', 'active', current_date)`,
      [person.id],
    );
    const active = await walk({ ...base, status: 'active' });
    expect(active.ids).toContain(person.id);
    expect((await walk({ ...base, status: 'waiting' })).ids).not.toContain(person.id);
    const found = await listPeople(database.db, scope, { ...base, q: person.last_name });
    expect(found.items.find((item) => item.id === person.id)?.status).toBe('active');
    // A history row removed (an erasure's cascade, a fix by hand): the status follows it.
    await database.executeSql(
      `delete from status_changes where id = (select max(id) from status_changes where person_id = $1)`,
      [person.id],
    );
    expect((await walk({ ...base, status: 'waiting' })).ids).toContain(person.id);
  });

  it('gives every row exactly once, in order, by cursor and by page number', async () => {
    const expected = rows.map((row) => row.id);
    const byCursor = await walk(base);
    expect(byCursor.ids).toEqual(expected);
    expect(byCursor.total).toBe(expected.length);
    const byPage: string[] = [];
    for (let page = 1; page <= Math.ceil(expected.length / base.pageSize); page++) {
      const result = await listPeople(database.db, scope, { ...base, page });
      byPage.push(...result.items.map((item) => item.id));
    }
    expect(byPage).toEqual(expected);
  });

  it('keeps to the scope: a local service, never another organisation', async () => {
    const serviceId = scale.localServiceIds[3]!;
    const local = await walk(base, {
      kind: 'organisation',
      organisationId: scale.organisationId,
      localServiceId: serviceId,
    });
    expect(local.ids).toEqual(
      rows.filter((row) => row.local_service_id === serviceId).map((row) => row.id),
    );
    const other = await walk(base, {
      kind: 'organisation',
      organisationId: scale.otherOrganisationId,
      localServiceId: null,
    });
    expect(other.ids.length).toBeGreaterThan(0);
    const mine = new Set(rows.map((row) => row.id));
    expect(other.ids.filter((id) => mine.has(id))).toEqual([]);
  });

  it('hides archived files unless asked, and merged or erased ones always', async () => {
    const [archived, merged, erased] = rows.slice(0, 3);
    await database.executeSql(`update people set archived_at = now() where id = $1`, [
      archived!.id,
    ]);
    await database.executeSql(`update people set merged_into_id = $2 where id = $1`, [
      merged!.id,
      rows[5]!.id,
    ]);
    await database.executeSql(`update people set erased_at = now() where id = $1`, [erased!.id]);
    const hidden = [archived!.id, merged!.id, erased!.id];
    expect((await walk(base)).ids).toEqual(
      rows.map((row) => row.id).filter((id) => !hidden.includes(id)),
    );
    const withArchived = await walk({ ...base, includeArchived: true });
    expect(withArchived.ids).toContain(archived!.id);
    expect(withArchived.ids).not.toContain(merged!.id);
    expect(withArchived.ids).not.toContain(erased!.id);
  });

  it('refuses a cursor it did not make', async () => {
    await expect(listPeople(database.db, scope, { ...base, after: 'abc' })).rejects.toThrow(
      /Curseur/,
    );
    await expect(
      listPeople(database.db, scope, { ...base, after: encodeCursor(['a', 1]) }),
    ).rejects.toThrow(/Curseur/);
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('people list plans at 100,000 people (PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let scale: PeopleAtScale;
  let scope: ListScope;
  const base: PeopleFilters = { page: 1, pageSize: 25, includeArchived: false };

  beforeAll(async () => {
    database = await openTestDatabase();
    pool = new pg.Pool({ connectionString: database.url!, max: 2 });
    scale = await loadPeopleAtScale(database, 100_000);
    scope = { kind: 'organisation', organisationId: scale.organisationId, localServiceId: null };
    // One file with a short rare name: without statistics on the searched expression the planner
    // guessed 1 % of rows for it and walked the whole sorted list instead of the trigram index.
    await pool.query(
      `insert into people (organisation_id, last_name, first_name, location_status, phones)
       values ($1, 'Obry', 'Jeanne', 'to_locate', '[]')`,
      [scale.organisationId],
    );
    await pool.query('analyze people');
  });
  afterAll(async () => {
    await pool?.end();
    await database?.close();
  });

  async function plansOf(filters: PeopleFilters, listScope = scope) {
    const queries = await captureQueries(pool, (db) => listPeople(db, listScope, filters));
    expect(queries.length).toBe(2);
    return Promise.all(
      queries.map(async (query) => planNodes((await explain(pool, query, false)).plan)),
    );
  }

  const seqScansOfPeople = (nodes: ReturnType<typeof planNodes>) =>
    nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'people');

  it.each([
    ['a common name without accents', { q: 'helene' }, 'people_search'],
    ['a short rare name', { q: 'obry' }, 'people_search'],
    ['two words', { q: 'helene lefevre' }, 'people_search'],
    ['a commune', { q: 'compiegne' }, 'people_search'],
    ['a phone fragment', { q: '0615308' }, 'people_phones'],
  ] as const)('searches %s through the trigram index', async (_label, filters, index) => {
    for (const nodes of await plansOf({ ...base, ...filters })) {
      expect(seqScansOfPeople(nodes)).toEqual([]);
      expect(nodes.map((n) => n['Index Name'])).toContain(index);
    }
  });

  it('searches a name late in the alphabet from its matches, not by walking the sorted list', async () => {
    // Names cluster: every "Vincent" sorts after most of the list, so a walk of the list index
    // filtering on the name reads most of the organisation's files before the first page is full.
    const { rows } = await pool.query(
      `select count(*)::int as n from people where organisation_id = $1
          and search_key(last_name) < 'vincent'`,
      [scale.organisationId],
    );
    expect(rows[0].n).toBeGreaterThan(50_000);
    for (const nodes of await plansOf({ ...base, q: 'vincent' })) {
      expect(nodes.map((n) => n['Index Name'])).not.toContain('people_list');
      expect(nodes.map((n) => n['Index Name'])).toContain('people_search');
    }
  });

  it.each([
    ['the status filter', { status: 'waiting' }],
    ['page 1', {}],
    ['page 500', { page: 500 }],
  ] as const)('lists %s through the list indexes', async (_label, filters) => {
    for (const nodes of await plansOf({ ...base, ...filters })) {
      expect(seqScansOfPeople(nodes)).toEqual([]);
    }
  });

  it('lists a local service and a deep page by cursor through the list indexes', async () => {
    const { rows } = await pool.query(
      `select search_key(last_name) as l, search_key(first_name) as f, id from people
        where organisation_id = $1 and merged_into_id is null and erased_at is null
        order by 1, 2, 3 offset 12474 limit 1`,
      [scale.organisationId],
    );
    const after = encodeCursor([rows[0].l, rows[0].f, rows[0].id]);
    for (const nodes of await plansOf({ ...base, after })) {
      expect(seqScansOfPeople(nodes)).toEqual([]);
    }
    const local: ListScope = {
      kind: 'organisation',
      organisationId: scale.organisationId,
      localServiceId: scale.localServiceIds[0]!,
    };
    for (const nodes of await plansOf({ ...base, page: 50 }, local)) {
      expect(seqScansOfPeople(nodes)).toEqual([]);
    }
  });
});
