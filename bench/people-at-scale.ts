/**
 * A large organisation made with set-based SQL (seconds, not minutes): `count` people in one
 * organisation spread over 10 local services, with French names (accents, compound names), a
 * commune, a mobile phone and a status history; and one person in twenty in a second
 * organisation, which must never appear in the first one's lists. Shared by the search
 * benchmark and the plan test (tests/api/people-list.test.ts).
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Db, SqlExecutor } from '../src/db/database.js';
import * as schema from '../src/db/schema.js';

export interface PeopleAtScale {
  organisationId: string;
  otherOrganisationId: string;
  localServiceIds: string[];
}

// prettier-ignore
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Lefebvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Légaré', 'Bénard', 'Crépin', 'Hébert', 'Gérard', 'Noël', 'Mathé', 'Lemaître', 'Chrétien', 'Béranger'];
// prettier-ignore
const FIRST = ['Hélène', 'Jean', 'Marie', 'Pierre', 'Françoise', 'Michel', 'Monique', 'André', 'Jacqueline', 'Élise', 'Josiane', 'Gérard', 'Geneviève', 'Raymond', 'Odette', 'Lucien', 'Thérèse', 'René', 'Paulette', 'Marcel'];
// prettier-ignore
const COMMUNES = ['Compiègne', 'Beauvais', 'Creil', 'Senlis', 'Noyon', 'Clermont', 'Méru', 'Chantilly', 'Crépy-en-Valois', 'Nogent-sur-Oise', 'Pont-Sainte-Maxence', 'Liancourt'];

const array = (values: string[]) =>
  `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;

export async function loadPeopleAtScale(db: SqlExecutor, count: number): Promise<PeopleAtScale> {
  const { rows: orgs } = await db.executeSql(
    `insert into organisations (name, kind) values ('Grand département', 'departement'), ('Autre', 'departement') returning id`,
  );
  const organisationId = orgs[0].id as string;
  const otherOrganisationId = orgs[1].id as string;
  const { rows: services } = await db.executeSql(
    `insert into local_services (organisation_id, name)
       select $1::uuid, 'Service ' || s from generate_series(1, 10) s returning id`,
    [organisationId],
  );
  const localServiceIds = services.map((s) => s.id as string);
  // g % 20 = 0 goes to the other organisation, so the first one has about `count` people.
  const total = Math.ceil((count * 20) / 19);
  // Names repeat (common names), two in three with a numbered suffix that makes them rarer. The
  // import key carries g, so the status history below can be drawn from it.
  const status = (key: string) =>
    `case when abs(hashtext(${key} || 'status')) % 10 = 0 then 'referred'
       else (array['waiting','active','active','active','paused','ended'])[1 + abs(hashtext(${key})) % 6] end`;
  await db.executeSql(
    `insert into people (organisation_id, local_service_id, last_name, first_name, birth_name,
       birth_date, postal_code, commune_name, location_status, phones, import_key, current_status)
     select case when g % 20 = 0 then $2::uuid else $1::uuid end,
       case when g % 20 = 0 then null else ($3::uuid[])[1 + g % 10] end,
       (${array(LAST)})[1 + abs(hashtext(g || 'last')) % ${LAST.length}]
         || case when g % 3 = 0 then '' else '-' || (g % 997)::text end,
       (${array(FIRST)})[1 + abs(hashtext(g || 'first')) % ${FIRST.length}],
       case when g % 5 = 0 then (${array(LAST)})[1 + abs(hashtext(g || 'birth')) % ${LAST.length}] end,
       date '1930-01-01' + (g % 10000),
       '60' || lpad((g % 1000)::text, 3, '0'),
       (${array(COMMUNES)})[1 + abs(hashtext(g || 'commune')) % ${COMMUNES.length}],
       case when g % 4 = 0 then 'to_locate' else 'located' end,
       jsonb_build_array(jsonb_build_object('number',
         '+336' || lpad(((g::bigint * 7654321) % 100000000)::text, 8, '0'), 'label', 'mobile')),
       'scale-' || g,
       -- What the status trigger will compute from the history written next: set here so that
       -- the bulk load does not rewrite (and re-index) every row; the trigger still checks it.
       ${status("('scale-' || g)")}
     from generate_series(1, $4::int) g`,
    [organisationId, otherOrganisationId, localServiceIds, total],
  );
  // One statement, so the trigger sees the whole history at once; `referred` first (lower ids).
  await db.executeSql(
    `insert into status_changes (person_id, from_status, to_status, effective_date)
       select person_id, from_status, to_status, effective_date from (
         select id as person_id, null as from_status, 'referred' as to_status,
                date '2024-01-01' as effective_date, 1 as step
           from people where organisation_id in ($1, $2)
         union all
         select id, 'referred', ${status('import_key')}, date '2024-02-01', 2
           from people
          where organisation_id in ($1, $2) and abs(hashtext(import_key || 'status')) % 10 <> 0
       ) history order by step`,
    [organisationId, otherOrganisationId],
  );
  // As autovacuum leaves a table some time after a bulk load: statistics and visibility map
  // (without the latter an index-only scan still visits the table).
  await db.executeSql('vacuum analyze people');
  await db.executeSql('vacuum analyze status_changes');
  return { organisationId, otherOrganisationId, localServiceIds };
}

/** One statement the product sent, with its parameters. */
export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

/**
 * Runs `run` on a Drizzle handle over `pool` that records every statement it sends: the plans
 * below are those of the product's own SQL, never a copy of it.
 */
export async function captureQueries(
  pool: pg.Pool,
  run: (db: Db) => Promise<unknown>,
): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const db = drizzle(pool, {
    schema,
    logger: { logQuery: (sql, params) => captured.push({ sql, params }) },
  }) as unknown as Db;
  await run(db);
  return captured;
}

/** EXPLAIN (ANALYZE, FORMAT JSON) of a captured statement: its plan tree and execution time. */
export async function explain(pool: pg.Pool, query: CapturedQuery, analyze = true) {
  const { rows } = await pool.query(
    `explain (${analyze ? 'analyze, ' : ''}format json) ${query.sql}`,
    query.params as unknown[],
  );
  const [result] = rows[0]['QUERY PLAN'] as [{ Plan: PlanNode; 'Execution Time'?: number }];
  return { plan: result.Plan, executionMs: result['Execution Time'] ?? 0 };
}

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}
