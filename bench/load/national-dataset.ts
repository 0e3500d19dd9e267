/**
 * The national data set of the load benchmark, added to a database the demo has seeded: the
 * demo's Oise service grows to `bigOrganisationPeople` people (100,000 by default: the size at
 * which search and lists must stay fast), and `smallOrganisations` more organisations (98: with
 * the demo's two, 100) get `smallOrganisationPeople` people each (100), one per département.
 * Everyone has a status history along the lifecycle (referred → … → active → paused or ended),
 * evaluations and consents from the evaluation on, and the people visited an assignment to a pair
 * or a volunteer; visitors are added until the whole has about `visitors` (1,000), and every
 * assignment gets its weekly visits over the last year (reported when past) and the next two
 * weeks.
 *
 * Written with set-based SQL (INSERT … SELECT over generate_series, random choices from small
 * lists of real French names and the project gazetteer's communes), not through the API: the
 * API would take hours for this volume. It is benchmark data, not a product path: rows are
 * written as the product would hold them, without audit rows.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database.js';
import { loadGazetteer } from '../../src/geo/load-gazetteer.js';

export interface NationalOptions {
  /** YYYY-MM-DD: the data set's "today". */
  today: string;
  bigOrganisationPeople: number;
  smallOrganisations: number;
  smallOrganisationPeople: number;
  /** Visitors of the whole database, the demo's included. */
  visitors: number;
  log: (message: string) => void;
}

export const NATIONAL_DEFAULTS = {
  bigOrganisationPeople: 100_000,
  smallOrganisations: 98,
  smallOrganisationPeople: 100,
  visitors: 1_000,
} as const;

/** The demo coordinator's organisation (the Oise service) becomes the big one. */
const BIG_ORGANISATION_ACCOUNT = 'coordinatrice@demo.convivialite.fr';

// Most frequent first: the draw favours the head of the list (see `lastNameSql`), so "Martin" or
// "Lefèvre" match hundreds of files and the tail a handful, with accents to exercise unaccent.
// prettier-ignore
const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy',
  'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux',
  'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Lefebvre', 'Mercier', 'Dupont', 'Lambert',
  'Bonnet', 'François', 'Martinez', 'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin',
  'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Morin', 'Mathieu', 'Clément', 'Gauthier',
  'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin', 'Masson', 'Sanchez', 'Gérard', 'Nguyen',
  'Boyer', 'Denis', 'Lemaire', 'Duval', 'Joly', 'Gautier', 'Roger', 'Roche', 'Roy', 'Noël',
  'Meyer', 'Lucas', 'Meunier', 'Jean', 'Pérez', 'Marchand', 'Dufour', 'Blanchard', 'Marie',
  'Barbier', 'Brun', 'Dumas', 'Brunet', 'Schmitt', 'Leroux', 'Colin', 'Fernandez', 'Pierre',
  'Renard', 'Arnaud', 'Rolland', 'Caron', 'Aubert', 'Giraud', 'Leclerc', 'Vidal', 'Bourgeois',
  'Renaud', 'Lemoine', 'Picard', 'Gaillard', 'Philippe', 'Leclercq', 'Lacroix', 'Fabre', 'Dupuis',
  'Olivier', 'Rodriguez', 'Da Silva', 'Hubert', 'Louis', 'Charles', 'Guillot', 'Rivière',
  'Le Gall', 'Guillaume', 'Adam', 'Rey', 'Moulin', 'Gonzalez', 'Berger', 'Lecomte', 'Ménard',
  'Fleury', 'Deschamps', 'Carpentier', 'Julien', 'Benoît', 'Vasseur', 'Maillard', 'Marchal',
  'Aubry', 'Prévost', 'Poirier', 'Charpentier', 'Huet', 'Baron', 'Carré', 'Rémy', 'Lemaître',
  'Delattre', 'Pruvost', 'Lecocq', 'Hennebert', 'Flament', 'Cauchois', 'Dollé', 'Vérité',
];
/** Drawn for one person in 2,000: each matches only a few files ("a rare name"). */
// prettier-ignore
const RARE_LAST_NAMES = [
  'Quennehen', 'Hénocque', 'Leuillier', 'Wojciechowski', 'Delacourt-Vérité', 'Tabourel',
  'Crépieux', 'Lesueur-Dhénin', 'Vanhée', 'Boulenger', 'Desgroux', 'Obry', 'Pécourt', 'Évrard',
  'Thuillier-Mérot', 'Dequidt', 'Houbart', 'Ledoux-Réant', 'Sénécal', 'Vrombaut',
];
// prettier-ignore
const WOMEN = [
  'Jeanne', 'Marie', 'Germaine', 'Simone', 'Yvette', 'Monique', 'Denise', 'Suzanne', 'Paulette',
  'Odette', 'Lucienne', 'Madeleine', 'Marcelle', 'Colette', 'Jacqueline', 'Ginette', 'Raymonde',
  'Andrée', 'Huguette', 'Micheline', 'Josette', 'Renée', 'Georgette', 'Gisèle', 'Yvonne',
  'Christiane', 'Solange', 'Thérèse', 'Lucette', 'Nicole', 'Danielle', 'Françoise', 'Geneviève',
  'Hélène', 'Bernadette', 'Janine', 'Claudine', 'Cécile', 'Éliane', 'Mauricette', 'Léone',
];
// prettier-ignore
const MEN = [
  'Jean', 'André', 'Pierre', 'Marcel', 'Roger', 'René', 'Louis', 'Robert', 'Raymond', 'Georges',
  'Henri', 'Maurice', 'Lucien', 'Michel', 'Bernard', 'Claude', 'Jacques', 'Gérard', 'Roland',
  'Norbert', 'Paul', 'Daniel', 'Guy', 'Alain', 'Gilbert', 'Albert', 'Fernand', 'Joseph', 'Émile',
  'Serge', 'Yves', 'Francis', 'Hubert', 'Christian', 'Antoine', 'Gaston', 'Léon', 'Jérôme',
];
// prettier-ignore
const YOUNG = [
  'Inès', 'Léa', 'Manon', 'Camille', 'Chloé', 'Sarah', 'Lina', 'Océane', 'Mélissa', 'Yanis',
  'Lucas', 'Théo', 'Hugo', 'Mehdi', 'Kévin', 'Maxime', 'Nathan', 'Enzo', 'Anaïs', 'Élodie',
];
// prettier-ignore
const STREETS = [
  'rue de la République', 'rue Jean-Jaurès', 'rue Victor-Hugo', 'place de l’Église',
  'rue des Écoles', 'rue du Moulin', 'chemin des Vignes', 'rue de la Gare', 'rue Pasteur',
  'rue du Général-de-Gaulle', 'rue des Tilleuls', 'allée des Roses', 'rue de Paris',
  'rue Saint-Nicolas', 'rue du Château', 'impasse des Lilas', 'rue Gambetta', 'rue des Jardins',
  'rue du Marais', 'rue Principale', 'rue de la Mairie', 'avenue Foch', 'rue des Acacias',
];
// prettier-ignore
const REFERRAL_SOURCES = [
  'Mairie', 'CCAS', 'Voisin', 'Registre canicule', 'Ligne téléphonique', 'Médecin traitant',
  'Service d’aide à domicile', 'Famille',
];
/** The larger Oise towns (more people live there): a third of the big service's people. */
// prettier-ignore
const OISE_TOWNS = [
  'Beauvais', 'Compiègne', 'Creil', 'Nogent-sur-Oise', 'Senlis', 'Crépy-en-Valois', 'Noyon',
  'Méru', 'Clermont', 'Montataire', 'Pont-Sainte-Maxence', 'Chantilly',
];
const END_REASONS = ['deceased', 'care_home', 'moved', 'declined', 'no_longer_isolated'];
const PAUSE_REASONS = ['hospital', 'holiday', 'family_stay', 'temporary_refusal'];

/**
 * Final statuses, as shares of an organisation's new people. Few are visited at once: 1,000
 * visitors follow a few thousand people; most files are history (ended) or waiting.
 */
const BIG_SHARES: [string, number][] = [
  ['active', 0.0303],
  ['paused', 0.002],
  ['waiting', 0.21],
  ['referred', 0.0505],
  ['evaluation_planned', 0.0303],
  ['evaluated', 0.0222],
  ['ended', 1],
];
const SMALL_SHARES: [string, number][] = [
  ['active', 0.05],
  ['paused', 0.01],
  ['waiting', 0.2],
  ['referred', 0.08],
  ['evaluation_planned', 0.04],
  ['evaluated', 0.02],
  ['ended', 1],
];

/** SQL CASE giving the status of the `rn`-th of `size` people from cumulative shares. */
function statusCase(shares: [string, number][]) {
  let cumulative = 0;
  const branches = shares.map(([status, share]) => {
    cumulative = status === 'ended' ? 2 : cumulative + share;
    return `when (rn - 1)::float8 / size < ${cumulative} then '${status}'`;
  });
  return `case ${branches.join(' ')} end`;
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
const arrayLiteral = (values: readonly string[]) =>
  `array[${values.map(quote).join(', ')}]::text[]`;

interface Commune {
  postalCode: string;
  name: string;
  lat: number;
  lon: number;
  serviceId: string | null;
}

export interface NationalCounts {
  organisations: number;
  people: number;
  biggestOrganisationPeople: number;
  visitors: number;
  statusChanges: number;
  assignments: number;
  visits: number;
  visitReports: number;
}

export async function generateNationalDataset(
  database: Database,
  options: NationalOptions,
): Promise<NationalCounts> {
  const run = async (what: string, text: string, values?: unknown[]) => {
    const started = performance.now();
    const result = await database.executeSql(text, values);
    options.log(`  ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return result.rows;
  };
  const [big] = (
    await database.executeSql(
      `select u.organisation_id as id, (select count(*)::int from people p where p.organisation_id = u.organisation_id) as people
       from users u where lower(u.email) = $1`,
      [BIG_ORGANISATION_ACCOUNT],
    )
  ).rows as { id: string; people: number }[];
  if (!big) throw new Error(`no ${BIG_ORGANISATION_ACCOUNT}: the demo must be seeded first`);
  const services = (
    await database.executeSql(
      'select id, name from local_services where organisation_id = $1 order by name',
      [big.id],
    )
  ).rows as { id: string; name: string }[];

  // Communes: the big service's territories placed with the gazetteer; the small organisations'
  // from one département each.
  const gazetteer = await loadGazetteer();
  const located = (code: string) =>
    gazetteer
      .communesOfDepartment(code)
      .filter((c) => c.lat !== null && c.lon !== null)
      .map((c) => ({ postalCode: c.postalCode, name: c.name, lat: c.lat!, lon: c.lon! }));
  const oise = new Map(located('60').map((c) => [`${c.postalCode}|${c.name}`, c]));
  const territories = (
    await database.executeSql(
      `select postal_code, commune_name, local_service_id from territories
       where organisation_id = $1 and local_service_id is not null order by postal_code, commune_name`,
      [big.id],
    )
  ).rows as { postal_code: string; commune_name: string; local_service_id: string }[];
  const bigCommunes: Commune[] = territories.flatMap((t) => {
    const c = oise.get(`${t.postal_code}|${t.commune_name}`);
    return c ? [{ ...c, serviceId: t.local_service_id }] : [];
  });
  if (bigCommunes.length === 0) throw new Error('the big service has no located territory');
  const towns = OISE_TOWNS.flatMap((name) => bigCommunes.filter((c) => c.name === name));
  const departments = [
    ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')),
    ...['2A', '2B', '971', '972', '973', '974', '976'],
  ].filter((code) => code !== '60' && code !== '80' && located(code).length > 0);

  // People's communes: [towns of the big service, all of its communes, then each small
  // organisation's]; a person lives in a town a third of the time.
  const peopleCommunes: Commune[] = [...towns, ...bigCommunes];
  const orgRows: {
    orgId: string;
    serviceId: string | null;
    /** big: the big service's people; visitors: one of its local services' visitors; small. */
    kind: 'big' | 'visitors' | 'small';
    size: number;
    communeFrom: number;
    communeTo: number;
    townFrom: number;
    townTo: number;
    pairMembers: number;
    volunteers: number;
  }[] = [];
  const smallOrgs: { id: string; serviceId: string; name: string; from: number; to: number }[] = [];
  for (let n = 0; n < options.smallOrganisations; n++) {
    // One per département; past the last, a second one on the next communes of each.
    const all = located(departments[n % departments.length]!);
    const round = Math.floor(n / departments.length);
    const communes = all.slice(round * 40, round * 40 + 40).length
      ? all.slice(round * 40, round * 40 + 40)
      : all.slice(0, 40);
    const from = peopleCommunes.length + 1;
    peopleCommunes.push(...communes.map((c) => ({ ...c, serviceId: null })));
    smallOrgs.push({
      id: randomUUID(),
      serviceId: randomUUID(),
      name: communes[0]!.name,
      from,
      to: peopleCommunes.length,
    });
  }
  // The big service: people over all its communes; visitors by local service (their commune
  // within it), two thirds of them in pairs.
  const demoVisitors = Number(
    (
      (await database.executeSql('select count(*)::int as n from visitors')).rows[0] as {
        n: number;
      }
    ).n,
  );
  const smallVolunteers = 2;
  const bigNewVisitors = Math.max(
    0,
    options.visitors - demoVisitors - smallVolunteers * smallOrgs.length,
  );
  const perService = Math.floor(bigNewVisitors / services.length);
  orgRows.push({
    orgId: big.id,
    serviceId: null,
    kind: 'big',
    size: Math.max(0, options.bigOrganisationPeople - big.people),
    communeFrom: towns.length + 1,
    communeTo: towns.length + bigCommunes.length,
    townFrom: 1,
    townTo: Math.max(1, towns.length),
    pairMembers: 0,
    volunteers: 0,
  });
  const byService = new Map<string, Commune[]>();
  for (const c of bigCommunes)
    byService.set(c.serviceId!, [...(byService.get(c.serviceId!) ?? []), c]);
  for (const service of services) {
    const own = byService.get(service.id) ?? [];
    if (!own.length) continue;
    const from = peopleCommunes.length + 1;
    // Visitors' communes are appended after the people's (never drawn for people).
    peopleCommunes.push(...own);
    const pairMembers = 2 * Math.floor((perService * 5) / 6 / 2);
    orgRows.push({
      orgId: big.id,
      serviceId: service.id,
      kind: 'visitors',
      size: 0,
      communeFrom: from,
      communeTo: peopleCommunes.length,
      townFrom: from,
      townTo: from,
      pairMembers,
      volunteers: perService - pairMembers,
    });
  }
  for (const org of smallOrgs)
    orgRows.push({
      orgId: org.id,
      serviceId: org.serviceId,
      kind: 'small',
      size: options.smallOrganisationPeople,
      communeFrom: org.from,
      communeTo: org.to,
      townFrom: org.from,
      townTo: org.from,
      pairMembers: 0,
      volunteers: smallVolunteers,
    });

  await run(
    'helper tables',
    `drop table if exists bench_communes, bench_orgs, bench_people, bench_units, bench_visitors, bench_assign, bench_visits;
     create unlogged table bench_communes (i int primary key, postal_code text, name text, lat float8, lon float8, service_id uuid);
     create unlogged table bench_orgs (org_id uuid, service_id uuid, kind text, size int, commune_from int, commune_to int, town_from int, town_to int, pair_members int, volunteers int, group_no int)`,
  );
  await run(
    `${peopleCommunes.length} communes`,
    `insert into bench_communes select * from unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::uuid[])`,
    [
      peopleCommunes.map((_, i) => i + 1),
      peopleCommunes.map((c) => c.postalCode),
      peopleCommunes.map((c) => c.name),
      peopleCommunes.map((c) => c.lat),
      peopleCommunes.map((c) => c.lon),
      peopleCommunes.map((c) => c.serviceId),
    ],
  );
  await run(
    'groups',
    `insert into bench_orgs select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[]) with ordinality as o(a, b, c, d, e, f, g, h, i, j, n)`,
    [
      orgRows.map((o) => o.orgId),
      orgRows.map((o) => o.serviceId),
      orgRows.map((o) => o.kind),
      orgRows.map((o) => o.size),
      orgRows.map((o) => o.communeFrom),
      orgRows.map((o) => o.communeTo),
      orgRows.map((o) => o.townFrom),
      orgRows.map((o) => o.townTo),
      orgRows.map((o) => o.pairMembers),
      orgRows.map((o) => o.volunteers),
    ],
  );

  // The small organisations, each with one local service serving its communes.
  const settings = (
    (await database.executeSql('select settings from organisations where id = $1', [big.id]))
      .rows[0] as { settings: unknown }
  ).settings;
  await run(
    `${smallOrgs.length} organisations`,
    `insert into organisations (id, name, kind, settings)
     select id, 'CCAS de ' || name, 'ccas', $3::jsonb from unnest($1::uuid[], $2::text[]) as o(id, name)`,
    [smallOrgs.map((o) => o.id), smallOrgs.map((o) => o.name), JSON.stringify(settings)],
  );
  await database.executeSql(
    `insert into local_services (id, organisation_id, name)
     select o.service_id, o.org_id, c.name from bench_orgs o join bench_communes c on c.i = o.commune_from where o.kind = 'small'`,
  );
  await database.executeSql(
    `insert into territories (organisation_id, local_service_id, postal_code, commune_name)
     select distinct on (o.org_id, c.postal_code, c.name) o.org_id, o.service_id, c.postal_code, c.name
     from bench_orgs o join bench_communes c on c.i between o.commune_from and o.commune_to where o.kind = 'small'`,
  );

  const today = quote(options.today);
  const pick = (list: readonly string[], draw = 'random()') =>
    `(${arrayLiteral(list)})[1 + floor(${draw} * ${list.length})::int]`;
  // The head of the list is drawn far more often than its tail; one in 2,000 gets a rare name.
  const lastNameSql = `case when random() < 0.0005 then ${pick(RARE_LAST_NAMES)} else ${pick(LAST_NAMES, 'power(random(), 1.4)')} end`;

  await run(
    `${orgRows.reduce((n, o) => n + o.size, 0)} people staged`,
    `create unlogged table bench_people as
     with g as (
       select o.*, rn, random() as female, random() as town
       from bench_orgs o, generate_series(1, o.size) as rn where o.size > 0
     ), placed as (
       select g.*, case when g.town < 0.33 then g.town_from + floor(random() * (g.town_to - g.town_from + 1))::int
                        else g.commune_from + floor(random() * (g.commune_to - g.commune_from + 1))::int end as commune
       from g
     ), statused as (
       -- Ended files: 10 % ended at referral, 30 % after the evaluation, 60 % after visits.
       select p.*, case when p.kind = 'big' then ${statusCase(BIG_SHARES)} else ${statusCase(SMALL_SHARES)} end as status,
         (array[1, 2, 2, 3, 4, 4, 4, 4, 4, 4])[1 + floor(random() * 10)::int] as end_kind
       from placed p
     ), pathed as (
       select s.*,
         case s.status
           when 'referred' then array['referred']
           when 'evaluation_planned' then array['referred', 'evaluation_planned']
           when 'evaluated' then array['referred', 'evaluation_planned', 'evaluated']
           when 'waiting' then array['referred', 'evaluation_planned', 'evaluated', 'waiting']
           when 'active' then array['referred', 'evaluation_planned', 'evaluated', 'waiting', 'active']
           when 'paused' then array['referred', 'evaluation_planned', 'evaluated', 'waiting', 'active', 'paused']
           else (array[
             array['referred', 'ended', null, null, null, null],
             array['referred', 'evaluation_planned', 'evaluated', 'ended', null, null],
             array['referred', 'evaluation_planned', 'evaluated', 'waiting', 'ended', null],
             array['referred', 'evaluation_planned', 'evaluated', 'waiting', 'active', 'ended']
           ]::text[])[s.end_kind:s.end_kind]
         end as raw_path,
         (case s.status
           when 'referred' then 1 + floor(random() * 60)
           when 'evaluation_planned' then 10 + floor(random() * 80)
           when 'evaluated' then 20 + floor(random() * 100)
           when 'waiting' then 40 + floor(random() * 400)
           when 'active' then 60 + floor(random() * 1400)
           when 'paused' then 100 + floor(random() * 1400)
           else 150 + floor(random() * 2400) end)::int as days_back
       from statused s
     )
     select gen_random_uuid() as id, p.org_id, p.kind, p.rn, p.status,
       array_remove(array(select unnest(p.raw_path)), null) as path,
       ${today}::date - p.days_back as referred_on, p.days_back,
       c.service_id as commune_service, c.postal_code, c.name as commune_name,
       c.lat + (random() - 0.5) * 0.01 as lat, c.lon + (random() - 0.5) * 0.01 as lon,
       p.female < 0.62 as female,
       ${lastNameSql} as last_name,
       case when p.female < 0.62 then ${pick(WOMEN)} else ${pick(MEN)} end as first_name,
       case when p.female < 0.62 and random() < 0.4 then ${lastNameSql} end as birth_name,
       ${today}::date - (365.25 * (66 + random() * 32))::int as birth_date,
       (1 + floor(random() * 60))::text || ' ' || ${pick(STREETS)} as street,
       '+3334' || lpad(floor(random() * 10000000)::text, 7, '0') as phone,
       ${pick(REFERRAL_SOURCES)} as referral_source,
       ${pick(END_REASONS)} as end_reason, ${pick(PAUSE_REASONS)} as pause_reason,
       random() as draw
     from pathed p join bench_communes c on c.i = p.commune`,
  );
  // Small organisations' people belong to their one local service.
  await database.executeSql(
    `alter table bench_people add column service_id uuid;
     update bench_people p set service_id = coalesce(p.commune_service, o.service_id)
     from bench_orgs o where o.org_id = p.org_id and o.kind in ('big', 'small') and (o.kind = 'small' or o.service_id is null);
     create index on bench_people (id)`,
  );
  await run(
    'people',
    `insert into people (id, organisation_id, local_service_id, last_name, birth_name, first_name, birth_date, gender,
       street, postal_code, commune_name, latitude, longitude, location_status, location_precision, phones,
       lives_alone, languages, preferences, referral_source, visits_per_week, visit_minutes, created_at, updated_at)
     select id, org_id, service_id, last_name, birth_name, first_name, birth_date, case when female then 'female' else 'male' end,
       street, postal_code, commune_name, lat, lon, 'located', 'street',
       jsonb_build_array(jsonb_build_object('label', 'Domicile', 'number', phone)),
       draw < 0.7, '{français}', '{"days": [], "notes": null, "periods": [], "visitorGender": null}'::jsonb,
       referral_source, 1, 90, referred_on + time '09:30', ${today}::date + time '08:00'
     from bench_people order by org_id, rn`,
  );
  // Step k of a path happens at k-1 n-ths of the time since the referral.
  const stepDate = `(p.referred_on + ((k - 1) * p.days_back / array_length(p.path, 1)))`;
  await run(
    'status histories',
    `insert into status_changes (person_id, from_status, to_status, reason, comment, until, effective_date, at)
     select p.id, p.path[k - 1], p.path[k],
       case p.path[k] when 'ended' then p.end_reason when 'paused' then p.pause_reason end,
       null, case when p.path[k] = 'paused' then ${stepDate} + 30 end,
       ${stepDate}, ${stepDate} + time '10:00'
     from bench_people p, generate_series(1, array_length(p.path, 1)) as k
     order by p.org_id, p.rn, k`,
  );
  const evaluatedOn = `(p.referred_on + (2 * p.days_back / array_length(p.path, 1)))`;
  await run(
    'evaluations and consents',
    `with demo as (select rule_applied, decision_reasons from evaluations where decision = 'eligible' limit 1)
     insert into evaluations (person_id, evaluated_on, evaluator_name, lsns_family_seen, lsns_family_talk_private,
       lsns_family_help, lsns_friends_seen, lsns_friends_talk_private, lsns_friends_help, lives_alone,
       evaluator_opinion, rule_applied, decision, decision_reasons, created_at)
     select p.id, ${evaluatedOn}, 'Évaluation (jeu national)', floor(random() * 3), floor(random() * 3), floor(random() * 2),
       floor(random() * 2), floor(random() * 2), floor(random() * 2), p.draw < 0.7, 'favorable',
       demo.rule_applied, 'eligible', demo.decision_reasons, ${evaluatedOn} + time '17:00'
     from bench_people p, demo where 'evaluated' = any(p.path);
     insert into consents (person_id, given_on, method, given_by, scope_visits, scope_data_sharing, scope_heatwave_register, created_at)
     select p.id, ${evaluatedOn}, 'written', 'person', true, true, p.draw < 0.5, ${evaluatedOn} + time '17:00'
     from bench_people p where 'evaluated' = any(p.path)`,
  );

  // Visitors: pairs of young employees and volunteers alone in the big service; two volunteers
  // in each small organisation.
  await run(
    'visitors',
    `create unlogged table bench_visitors as
     select gen_random_uuid() as id, o.org_id, coalesce(o.service_id, null) as service_id, o.group_no, k,
       k <= o.pair_members as in_pair, random() < 0.6 as female,
       c.postal_code, c.name as commune_name, c.lat, c.lon,
       ${today}::date - (200 + floor(random() * 900))::int as start_on
     from bench_orgs o, generate_series(1, o.pair_members + o.volunteers) as k,
       lateral (select o.commune_from + floor(random() * (o.commune_to - o.commune_from + 1))::int + 0 * k as ci) as drawn
       join bench_communes c on c.i = drawn.ci
     where o.pair_members + o.volunteers > 0;
     insert into visitors (id, organisation_id, local_service_id, kind, last_name, first_name, gender, email, phone,
       commitment_start, charter_signed_on, street, postal_code, commune_name, latitude, longitude,
       location_status, location_precision, mobility, max_trip_minutes, capacity, interests, languages, created_at, updated_at)
     select v.id, v.org_id, v.service_id, case when v.in_pair then 'employed_young' else 'volunteer' end,
       ${pick(LAST_NAMES)}, ${pick(YOUNG)}, case when v.female then 'female' else 'male' end,
       'visiteur.' || replace(v.id::text, '-', '') || '@bench.convivialite.fr',
       '+336' || lpad(floor(random() * 100000000)::text, 8, '0'), v.start_on, v.start_on,
       (1 + floor(random() * 60))::text || ' ' || ${pick(STREETS)}, v.postal_code, v.commune_name, v.lat, v.lon,
       'located', 'street', 'car', 30, 3, '{}', '{français}', v.start_on + time '09:00', v.start_on + time '09:00'
     from bench_visitors v;
     insert into visitor_availability (visitor_id, weekday, start_time, end_time)
     select v.id, d, '09:00', '17:00' from bench_visitors v, generate_series(1, 5) as d`,
  );
  await run(
    'pairs and units',
    `create unlogged table bench_units as
     select gen_random_uuid() as id, 'pair' as kind, a.org_id, a.service_id, a.id as a_id, b.id as b_id, greatest(a.start_on, b.start_on) as formed_on, 12 as capacity
     from bench_visitors a join bench_visitors b on b.group_no = a.group_no and b.k = a.k + 1
     where a.in_pair and b.in_pair and a.k % 2 = 1
     union all
     select v.id, 'volunteer', v.org_id, v.service_id, v.id, null, v.start_on, 3 from bench_visitors v where not v.in_pair;
     insert into pairs (id, organisation_id, local_service_id, visitor_a_id, visitor_b_id, formed_on, capacity, created_at)
     select id, org_id, service_id, a_id, b_id, formed_on, capacity, formed_on + time '09:00' from bench_units where kind = 'pair';
     alter table bench_units add column n int;
     update bench_units u set n = r.n from (select id, row_number() over (partition by org_id, service_id order by id) as n from bench_units) r where r.id = u.id`,
  );
  // Everyone who was ever visited is assigned, in turn, to the units of their local service.
  await run(
    'assignments',
    `create unlogged table bench_assign as
     with visited as (
       select p.*, row_number() over (partition by p.org_id, p.service_id order by p.id) as turn,
         ${stepDate.replace('k - 1', "array_position(p.path, 'active') - 1")} as started_on,
         case when p.path[array_length(p.path, 1)] in ('ended', 'paused')
           then ${stepDate.replace('k - 1', 'array_length(p.path, 1) - 1')} end as stopped_on
       from bench_people p where 'active' = any(p.path)
     ), counted as (select org_id, service_id, count(*) as units from bench_units group by 1, 2)
     select gen_random_uuid() as assignment_id, v.id as person_id, v.org_id, u.service_id, u.id as unit_id, u.kind, u.a_id, u.b_id,
       v.started_on, case when v.status = 'ended' then v.stopped_on end as ended_on,
       coalesce(v.stopped_on, date_trunc('week', ${today}::date)::date + 13) as visits_until,
       1 + floor(random() * 5)::int as weekday, case when random() < 0.5 then time '10:00' else time '14:30' end as start_time
     from visited v join counted c on c.org_id = v.org_id and c.service_id = v.service_id
     join bench_units u on u.org_id = v.org_id and u.service_id = v.service_id and u.n = 1 + (v.turn - 1) % c.units;
     insert into assignments (id, organisation_id, person_id, pair_id, visitor_id, started_on, ended_on, created_at)
     select assignment_id, org_id, person_id, case when kind = 'pair' then unit_id end, case when kind = 'volunteer' then unit_id end,
       started_on, ended_on, started_on + time '11:00' from bench_assign`,
  );
  await run(
    'a year of visits',
    `create unlogged table bench_visits as
     select gen_random_uuid() as id, a.*, w::date as week_start, w::date + a.weekday - 1 as day, random() as draw
     from bench_assign a,
       generate_series(date_trunc('week', greatest(a.started_on, ${today}::date - 364))::date,
                       a.visits_until, interval '7 days') as w
     where w::date + a.weekday - 1 between a.started_on and a.visits_until;
     insert into visits (id, organisation_id, local_service_id, person_id, assignment_id, week_start, rank, date,
       start_time, duration_minutes, crew, status, created_at, updated_at)
     select id, org_id, service_id, person_id, assignment_id, week_start, 1, day, start_time, 90,
       case when kind = 'pair' then 'pair' else 'volunteer' end,
       case when day >= ${today}::date then 'planned' when draw < 0.93 then 'done' else 'not_done' end,
       week_start - 4 + time '12:00', week_start - 4 + time '12:00'
     from bench_visits`,
  );
  await run(
    'who went, and the reports',
    `insert into visit_visitors (visit_id, visitor_id)
     select id, a_id from bench_visits union all select id, b_id from bench_visits where b_id is not null;
     insert into visit_reports (organisation_id, visit_id, client_id, outcome, duration_minutes, activities, mood, written_at, created_at)
     select org_id, id, gen_random_uuid(), case when draw < 0.93 then 'done' else 'absent' end,
       case when draw < 0.93 then 90 end, case when draw < 0.93 then '{conversation}'::text[] else '{}'::text[] end,
       case when draw < 0.93 then 'good' end, day + time '17:00', day + time '17:05'
     from bench_visits where day < ${today}::date`,
  );
  await database.executeSql(
    'drop table bench_communes, bench_orgs, bench_people, bench_units, bench_visitors, bench_assign, bench_visits',
  );
  await run('analyze', 'analyze');
  return countNational(database);
}

/** What a national database holds, to check it is complete. */
export async function countNational(database: Database): Promise<NationalCounts> {
  const [row] = (
    await database.executeSql(
      `select (select count(*) from organisations)::int as organisations,
         (select count(*) from people)::int as people,
         (select max(n) from (select count(*) as n from people group by organisation_id) x)::int as "biggestOrganisationPeople",
         (select count(*) from visitors)::int as visitors,
         (select count(*) from status_changes)::int as "statusChanges",
         (select count(*) from assignments)::int as assignments,
         (select count(*) from visits)::int as visits,
         (select count(*) from visit_reports)::int as "visitReports"`,
    )
  ).rows as NationalCounts[];
  return row!;
}
