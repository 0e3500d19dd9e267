/**
 * What the scenarios need from a seeded database, prepared while no server runs on it (PGlite
 * allows one process): the demo accounts that act, at least three visits today for the demo
 * visitor, a pool of past visits still to report (each report write needs its own visit, since
 * a visit takes one report), and the searched names, the person and the week, chosen from the data.
 */
import type { Database } from '../../src/db/database.js';
import { addDays, mondayOf, serviceToday } from '../../src/domain/common/calendar.js';

export const ACCOUNTS = {
  coordinator: 'coordinatrice@demo.convivialite.fr',
  planner: 'planificatrice@demo.convivialite.fr',
  visitor: 'visiteur@demo.convivialite.fr',
} as const;

export interface Fixtures {
  today: string;
  /** People the coordinator lists (not merged, erased or archived). */
  listedPeople: number;
  /** The most frequent accented last name, written without its accents ("lefevre"). */
  commonName: { query: string; name: string; rows: number };
  rareName: { query: string; name: string; rows: number };
  commune: { query: string; rows: number };
  personId: string;
  personVisits: number;
  week: { localServiceId: string; name: string; weekStart: string; visits: number };
  visitorVisitsToday: number;
  reportPool: string[];
}

const unaccent = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export async function prepareFixtures(
  database: Database,
  options: { reportPoolSize: number },
): Promise<Fixtures> {
  const today = serviceToday();
  const q = async <T>(text: string, values?: unknown[]) =>
    (await database.executeSql(text, values)).rows as T[];
  const [visitor] = await q<{ visitor_id: string; organisation_id: string }>(
    'select visitor_id, organisation_id from users where lower(email) = $1',
    [ACCOUNTS.visitor],
  );
  if (!visitor?.visitor_id) throw new Error(`${ACCOUNTS.visitor} is not a visitor`);
  const org = visitor.organisation_id;
  const [pair] = await q<{ id: string; a: string; b: string; service: string }>(
    `select id, visitor_a_id as a, visitor_b_id as b, local_service_id as service from pairs
     where (visitor_a_id = $1 or visitor_b_id = $1) and dissolved_on is null`,
    [visitor.visitor_id],
  );
  if (!pair) throw new Error('the demo visitor has no pair');
  const followed = await q<{ id: string; person_id: string }>(
    'select id, person_id from assignments where pair_id = $1 and ended_on is null order by started_on, id',
    [pair.id],
  );
  if (!followed.length) throw new Error('the demo visitor’s pair follows nobody');

  // Earlier runs' imports and pools go (with their reports): a reused database starts each run
  // with the same data. Only imports set import_key; the data sets never do.
  await q('delete from people where organisation_id = $1 and import_key is not null', [org]);
  await q(
    'create table if not exists bench_report_pool (visit_id uuid primary key, created_at timestamptz not null default now())',
  );
  await q('delete from visits where id in (select visit_id from bench_report_pool)');
  await q('delete from bench_report_pool');

  // The visitor's day: three visits today (the demo plans two or three).
  const [{ n: todayCount } = { n: 0 }] = await q<{ n: number }>(
    `select count(*)::int as n from visits v join visit_visitors vv on vv.visit_id = v.id
     where vv.visitor_id = $1 and v.date = $2 and v.status <> 'cancelled'`,
    [visitor.visitor_id, today],
  );
  const times = ['09:00', '11:00', '16:00'];
  for (let i = todayCount; i < 3; i++) {
    const assignment = followed[i % followed.length]!;
    await insertVisits(database, {
      org,
      service: pair.service,
      assignment,
      visitors: [pair.a, pair.b],
      days: [today],
      times: [times[i]!],
      pool: false,
    });
  }

  // Chosen before the pool is made: the pool's visits would make the visitor's people the ones
  // with the most visits.
  const listed = `organisation_id = '${org}' and merged_into_id is null and erased_at is null and archived_at is null`;
  const [{ n: listedPeople } = { n: 0 }] = await q<{ n: number }>(
    `select count(*)::int as n from people where ${listed}`,
  );
  const names = await q<{ name: string; n: number }>(
    `select last_name as name, count(*)::int as n from people where ${listed} group by 1 order by 2 desc, 1`,
  );
  const accented = names.find((row) => unaccent(row.name) !== row.name.toLowerCase());
  const rare = names.at(-1);
  if (!accented || !rare) throw new Error('no names to search');
  const countMatches = async (query: string) =>
    (
      await q<{ n: number }>(
        `select count(*)::int as n from people where ${listed} and search_key(last_name || ' ' || first_name || ' ' || coalesce(birth_name, '') || ' ' || coalesce(commune_name, '')) like search_key($1)`,
        [`%${query}%`],
      )
    )[0]!.n;
  const commonQuery = unaccent(accented.name);
  // The rarest name as a search finds it (a last name may also be someone's first name).
  let rareName = rare;
  let rareRows = Infinity;
  for (const candidate of names.slice(-5)) {
    const rows = await countMatches(unaccent(candidate.name));
    if (rows < rareRows) [rareName, rareRows] = [candidate, rows];
  }
  const rareQuery = unaccent(rareName.name);
  const [person] = await q<{ id: string; n: number }>(
    `select v.person_id as id, count(*)::int as n from visits v join people p on p.id = v.person_id
     where p.${listed.replace(/ and /g, ' and p.')} and v.person_id <> all($1::uuid[])
     group by 1 order by 2 desc, 1 limit 1`,
    [followed.map((f) => f.person_id)],
  );
  if (!person) throw new Error('nobody has visits');
  const thisWeek = mondayOf(today);
  const [week] = await q<{ id: string; name: string; week_start: string; n: number }>(
    `select s.id, s.name, to_char(v.week_start, 'YYYY-MM-DD') as week_start, count(*)::int as n
     from visits v join local_services s on s.id = v.local_service_id
     where v.organisation_id = $1 and v.week_start <= $2 and v.week_start >= $3
     group by 1, 2, 3 order by 3 desc, 4 desc limit 1`,
    [org, thisWeek, addDays(thisWeek, -28)],
  );
  if (!week) throw new Error('no planned week in the last four weeks');

  // The pool: past visits of the visitor's pair, one per report write, spread over past days.
  const days: string[] = [];
  const slots: string[] = [];
  for (let i = 0; i < options.reportPoolSize; i++) {
    days.push(addDays(today, -1 - (i % 300)));
    const minutes = 8 * 60 + (Math.floor(i / 300) % 600);
    slots.push(
      `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
    );
  }
  const pool: string[] = [];
  for (let i = 0; i < followed.length; i++) {
    const share = days.filter((_, k) => k % followed.length === i);
    const shareSlots = slots.filter((_, k) => k % followed.length === i);
    if (!share.length) continue;
    pool.push(
      ...(await insertVisits(database, {
        org,
        service: pair.service,
        assignment: followed[i]!,
        visitors: [pair.a, pair.b],
        days: share,
        times: shareSlots,
        pool: true,
      })),
    );
  }
  await q('analyze visits');
  await q('analyze visit_visitors');
  return {
    today,
    listedPeople,
    commonName: { query: commonQuery, name: accented.name, rows: await countMatches(commonQuery) },
    rareName: { query: rareQuery, name: rareName.name, rows: rareRows },
    commune: { query: 'compiegne', rows: await countMatches('compiegne') },
    personId: person.id,
    personVisits: person.n,
    week: { localServiceId: week.id, name: week.name, weekStart: week.week_start, visits: week.n },
    visitorVisitsToday: Math.max(3, todayCount),
    reportPool: pool,
  };
}

/** Planned visits of one assignment of the pair, on the given days and times. */
async function insertVisits(
  database: Database,
  input: {
    org: string;
    service: string;
    assignment: { id: string; person_id: string };
    visitors: string[];
    days: string[];
    times: string[];
    pool: boolean;
  },
): Promise<string[]> {
  const rows = (
    await database.executeSql(
      `insert into visits (organisation_id, local_service_id, person_id, assignment_id, week_start, rank, date, start_time, duration_minutes, crew)
       select $1, $2, $3, $4, date_trunc('week', d::date)::date, 1, d::date, t::time, 90, 'pair'
       from unnest($5::text[], $6::text[]) as x(d, t)
       returning id`,
      [
        input.org,
        input.service,
        input.assignment.person_id,
        input.assignment.id,
        input.days,
        input.times,
      ],
    )
  ).rows as { id: string }[];
  const ids = rows.map((r) => r.id);
  await database.executeSql(
    `insert into visit_visitors (visit_id, visitor_id) select v, w from unnest($1::uuid[]) as v, unnest($2::uuid[]) as w`,
    [ids, input.visitors],
  );
  if (input.pool)
    await database.executeSql(
      'insert into bench_report_pool (visit_id) select unnest($1::uuid[])',
      [ids],
    );
  return ids;
}
