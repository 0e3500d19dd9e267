/**
 * Loads the demo data set (see `generate.ts`) into an empty database: `npm start` in demo mode
 * calls it on every start, and it does nothing once any organisation exists.
 *
 * Everything goes in one transaction, in bulk inserts of a few hundred rows, so a fresh PGlite
 * database is ready in seconds.
 */
import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Db, type Tx } from '../db/database.js';
import {
  assignments,
  contactLog,
  helpKinds,
  neighbourProfiles,
  matchReviews,
  matchSteps,
  professionalCommunes,
  professionals,
  trainingAttendance,
  trainingSessions,
  visitorDocuments,
  visitorInterviews,
  visitorJourneySteps,
  visitReports,
  visits,
  visitVisitors,
  consents,
  evaluations,
  localServices,
  organisations,
  pairs,
  people,
  personContacts,
  referrals,
  statusChanges,
  territories,
  users,
  visitorAbsences,
  visitorAvailability,
  visitors,
} from '../db/schema.js';
import type { CommuneRow } from '../domain/geo/gazetteer.js';
import { loadGazetteer } from '../geo/load-gazetteer.js';
import { generateDemoData, type DemoCommune, type DemoData } from './generate.js';
import { demoProfessionals } from './professionals.js';
import { demoNeighbours } from './neighbours.js';

/** The neighbours' PRNG seed when the caller gives none (the documented demo). */
const DEFAULT_NEIGHBOURS_SEED = 13;

export interface SeedDemoOptions {
  /** YYYY-MM-DD around which the dates are placed; default: today in Paris. */
  today?: string;
  /** Argon2id hash of DEMO_PASSWORD, computed once by the caller, shared by every demo account. */
  passwordHash: string;
  /** PRNG seed (tests); the default gives the documented demo. */
  seed?: number;
  /** Communes source; default: the project's offline gazetteer. */
  communesOfDepartment?: (code: string) => readonly DemoCommune[] | Promise<readonly DemoCommune[]>;
}

type SeedCounts = Record<keyof DemoData, number>;

export interface SeedDemoResult {
  seeded: boolean;
  counts?: SeedCounts;
  /** Time spent inserting, in milliseconds. */
  insertMs?: number;
}

const CHUNK = 500;

/** Today's date in France, YYYY-MM-DD. */
function parisToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The communes the generator needs, from the gazetteer (rows without coordinates are dropped). */
export async function demoCommunes(
  communesOfDepartment?: SeedDemoOptions['communesOfDepartment'],
): Promise<{ oiseCommunes: DemoCommune[]; sommeCommunes: DemoCommune[] }> {
  let source = communesOfDepartment;
  if (!source) {
    const gazetteer = await loadGazetteer();
    source = (code) => gazetteer.communesOfDepartment(code).flatMap(located);
  }
  const read = async (code: string) => [...(await source(code))];
  return { oiseCommunes: await read('60'), sommeCommunes: await read('80') };
}

function located(c: CommuneRow): DemoCommune[] {
  return c.lat === null || c.lon === null || !Number.isFinite(c.lat) || !Number.isFinite(c.lon)
    ? []
    : [
        {
          postalCode: c.postalCode,
          departmentCode: c.departmentCode,
          name: c.name,
          lat: c.lat,
          lon: c.lon,
        },
      ];
}

async function insertAll(tx: Tx, table: PgTable, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // The rows are typed by the generator against the schema; drizzle's generic insert type does
    // not follow a table chosen at run time.
    await tx.insert(table).values(rows.slice(i, i + CHUNK) as never);
  }
}

export async function seedDemo(db: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  if (await hasOrganisation(db)) return { seeded: false };

  const today = options.today ?? parisToday();
  const data = generateDemoData({
    today,
    ...(await demoCommunes(options.communesOfDepartment)),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const userRows = data.users.map((u) => ({ ...u, passwordHash: options.passwordHash }));
  const neighbours = demoNeighbours(data, today, options.seed ?? DEFAULT_NEIGHBOURS_SEED);

  const started = performance.now();
  const seeded = await db.transaction(async (tx) => {
    // Checked again inside the transaction: two processes starting at once seed only once.
    await tx.execute(sql`lock table organisations in exclusive mode`);
    if (await hasOrganisation(tx)) return false;
    await insertAll(tx, organisations, data.organisations);
    await insertAll(tx, localServices, data.localServices);
    await insertAll(tx, territories, data.territories);
    await insertAll(tx, users, userRows);
    await insertAll(tx, visitors, data.visitors);
    await insertAll(tx, visitorAvailability, data.visitorAvailability);
    await insertAll(tx, visitorAbsences, data.visitorAbsences);
    await insertAll(tx, pairs, data.pairs);
    await insertAll(tx, people, data.people);
    await insertAll(tx, personContacts, data.personContacts);
    // In generator order: each person's history in order, so the bigserial id orders it.
    await insertAll(tx, statusChanges, data.statusChanges);
    await insertAll(tx, evaluations, data.evaluations);
    await insertAll(tx, consents, data.consents);
    // A match's first visit is written after the match (the visit names it): the link follows.
    await insertAll(
      tx,
      assignments,
      data.assignments.map((a) => ({ ...a, firstVisitId: null })),
    );
    await insertAll(tx, referrals, data.referrals);
    // The follow-up (issue 12): the first visits made, the life of the matches, the contact log,
    // the visitors' journey, training and attendance.
    await insertAll(tx, visits, data.visits);
    await insertAll(tx, visitVisitors, data.visitVisitors);
    await insertAll(tx, visitReports, data.visitReports);
    await tx.execute(sql`update assignments a set first_visit_id = v.id from visits v
      where v.assignment_id = a.id and v.purpose = 'first_meeting'`);
    await insertAll(tx, matchSteps, data.matchSteps);
    await insertAll(tx, matchReviews, data.matchReviews);
    await insertAll(tx, contactLog, data.contactLog);
    await insertAll(tx, visitorJourneySteps, data.visitorJourneySteps);
    await insertAll(tx, visitorInterviews, data.visitorInterviews);
    await insertAll(tx, visitorDocuments, data.visitorDocuments);
    // The documents the register's dates stand for (issue 12), as migration 0021 derived them,
    // for the visitors the follow-up data gave none of that kind: a volunteer without them, or
    // with an expired insurance, is not proposed nor planned.
    await tx.execute(sql`
      insert into visitor_documents (organisation_id, visitor_id, kind, received_on)
        select v.organisation_id, v.id, 'charter', v.charter_signed_on from visitors v
        where v.charter_signed_on is not null and not exists (
          select 1 from visitor_documents d where d.visitor_id = v.id and d.kind = 'charter')`);
    await tx.execute(sql`
      insert into visitor_documents (organisation_id, visitor_id, kind, provider, received_on, expires_on)
        select v.organisation_id, v.id, 'insurance', v.insurance_provider,
          least(coalesce(v.charter_signed_on, v.commitment_start, v.created_at::date), v.insurance_valid_until),
          v.insurance_valid_until
        from visitors v where v.insurance_valid_until is not null and not exists (
          select 1 from visitor_documents d where d.visitor_id = v.id and d.kind = 'insurance')`);
    await insertAll(tx, trainingSessions, data.trainingSessions);
    await insertAll(tx, trainingAttendance, data.trainingAttendance);
    // The professionals' directory (issue 13): a few paid services of the first organisation.
    const organisation = data.organisations[0];
    if (organisation) {
      const pros = demoProfessionals(
        organisation.id,
        data.territories
          .filter((territory) => territory.organisationId === organisation.id)
          .map((territory) => ({
            postalCode: territory.postalCode,
            communeName: territory.communeName,
            departmentCode: territory.postalCode.slice(0, 2),
          })),
        today,
        randomUUID,
      );
      await insertAll(tx, professionals, pros.professionals);
      await insertAll(tx, professionalCommunes, pros.professionalCommunes);
    }
    // Neighbour help (issue 13): the kinds of help, active neighbours around the Oise's towns.
    await insertAll(tx, helpKinds, neighbours.helpKinds);
    await insertAll(tx, visitors, neighbours.visitors);
    if (neighbours.bothRoles.length)
      await tx
        .update(visitors)
        .set({ roles: ['visits', 'neighbour_help'] })
        .where(inArray(visitors.id, neighbours.bothRoles));
    await insertAll(tx, neighbourProfiles, neighbours.neighbourProfiles);
    await insertAll(tx, visitorAvailability, neighbours.visitorAvailability);
    await insertAll(tx, visitorJourneySteps, neighbours.visitorJourneySteps);
    await insertAll(tx, visitorInterviews, neighbours.visitorInterviews);
    await insertAll(tx, visitorDocuments, neighbours.visitorDocuments);
    return true;
  });
  if (!seeded) return { seeded: false };

  const counts = Object.fromEntries(
    Object.entries(data).map(([key, rows]) => [key, (rows as unknown[]).length]),
  ) as SeedCounts;
  return { seeded: true, counts, insertMs: Math.round(performance.now() - started) };
}

async function hasOrganisation(db: Db | Tx): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`select exists (select 1 from organisations) as found`,
  );
  return rows[0]?.found === true;
}
