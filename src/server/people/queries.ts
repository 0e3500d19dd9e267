/** Reads about people accompanied, always scoped by what the user may see. */
import { and, asc, count, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern, type DbOrTx } from '../../db/database.js';
import { alias } from 'drizzle-orm/pg-core';
import { assignments, pairs, people, statusChanges, visitors } from '../../db/schema.js';
import type { ListScope, ResourceScope } from '../../domain/permissions/policy.js';
import type { PersonStatus } from '../../domain/admission/lifecycle.js';

/** The current status is the latest row of the history (never stored twice, so it cannot drift). */
// The outer reference is written qualified by hand: Drizzle renders `${people.id}` unqualified in
// single-table selects, where it would resolve to the subquery's own `id`.
export const currentStatusSql = sql<PersonStatus>`(select sc.to_status from ${statusChanges} sc where sc.person_id = "people"."id" order by sc.id desc limit 1)`;

/** Visitors who currently visit a person: both members of the assigned pair, or the volunteer. */
async function currentVisitorIds(db: DbOrTx, personId: string): Promise<string[]> {
  const rows = await db
    .select({ visitorId: assignments.visitorId, a: pairs.visitorAId, b: pairs.visitorBId })
    .from(assignments)
    .leftJoin(pairs, eq(pairs.id, assignments.pairId))
    .where(and(eq(assignments.personId, personId), isNull(assignments.endedOn)));
  return rows.flatMap((row) => [row.visitorId, row.a, row.b]).filter((v): v is string => !!v);
}

export async function personScope(
  db: DbOrTx,
  person: { id: string; organisationId: string; localServiceId: string | null },
): Promise<ResourceScope> {
  return {
    organisationId: person.organisationId,
    localServiceId: person.localServiceId,
    visitorIds: await currentVisitorIds(db, person.id),
  };
}

const visitorA = alias(visitors, 'visitor_a');
const visitorB = alias(visitors, 'visitor_b');
const volunteer = alias(visitors, 'volunteer');
const visitorColumns = (table: typeof visitorA | typeof visitorB | typeof volunteer) => ({
  id: table.id,
  firstName: table.firstName,
  lastName: table.lastName,
  phone: table.phone,
});
type UnitVisitor = { id: string; firstName: string; lastName: string; phone: string | null };

/**
 * The person's current assignment (null when none) with the visitors who make it, in one query:
 * what the policy needs (`visitorIds`) and what the file shows. Only those visitors are read.
 */
export async function currentUnit(db: DbOrTx, personId: string) {
  const rows = await db
    .select({
      assignment: assignments,
      a: visitorColumns(visitorA),
      b: visitorColumns(visitorB),
      volunteer: visitorColumns(volunteer),
    })
    .from(assignments)
    .leftJoin(pairs, eq(pairs.id, assignments.pairId))
    .leftJoin(visitorA, eq(visitorA.id, pairs.visitorAId))
    .leftJoin(visitorB, eq(visitorB.id, pairs.visitorBId))
    .leftJoin(volunteer, eq(volunteer.id, assignments.visitorId))
    .where(and(eq(assignments.personId, personId), isNull(assignments.endedOn)))
    .orderBy(asc(assignments.startedOn));
  const visitorsOf = (row: (typeof rows)[number]) =>
    [row.volunteer, row.a, row.b].filter((v): v is UnitVisitor => !!v);
  return {
    visitorIds: rows.flatMap((row) => visitorsOf(row).map((v) => v.id)),
    assignment: rows[0] ? { ...rows[0].assignment, visitors: visitorsOf(rows[0]) } : null,
  };
}

/** People a visitor visits now. */
const visitedBy = (visitorId: string) => sql`exists (
  select 1 from ${assignments} a left join ${pairs} p on p.id = a.pair_id
  where a.person_id = "people"."id" and a.ended_on is null
    and (a.visitor_id = ${visitorId} or p.visitor_a_id = ${visitorId} or p.visitor_b_id = ${visitorId}))`;

function scopeCondition(scope: ListScope): SQL | undefined {
  switch (scope.kind) {
    case 'organisation':
      return and(
        eq(people.organisationId, scope.organisationId),
        scope.localServiceId ? eq(people.localServiceId, scope.localServiceId) : undefined,
      );
    case 'visitor':
      return and(eq(people.organisationId, scope.organisationId), visitedBy(scope.visitorId));
    default:
      return sql`false`;
  }
}

export interface PeopleFilters {
  q?: string | undefined;
  status?: PersonStatus | undefined;
  localServiceId?: string | undefined;
  locationStatus?: 'located' | 'to_locate' | undefined;
  postalCode?: string | undefined;
  page: number;
  pageSize: number;
  /** Archived files (retention) are listed for administrators only (`person.read_archived`). */
  includeArchived?: boolean | undefined;
}

export async function listPeople(db: DbOrTx, scope: ListScope, filters: PeopleFilters) {
  const conditions: (SQL | undefined)[] = [
    scopeCondition(scope),
    isNull(people.mergedIntoId),
    isNull(people.erasedAt),
    filters.includeArchived ? undefined : isNull(people.archivedAt),
  ];
  // Every word must appear in the name, phone or commune, accents and case ignored.
  for (const word of (filters.q ?? '').split(/\s+/).filter(Boolean).slice(0, 6)) {
    const pattern = containsPattern(word);
    const digits = word.replace(/\D/g, '');
    conditions.push(
      or(
        sql`search_key(${people.lastName} || ' ' || ${people.firstName} || ' ' || coalesce(${people.birthName}, '') || ' ' || coalesce(${people.communeName}, '')) like search_key(${pattern})`,
        digits.length >= 4 ? sql`${people.phones}::text like ${`%${digits.slice(1)}%`}` : undefined,
      ),
    );
  }
  if (filters.status) conditions.push(sql`${currentStatusSql} = ${filters.status}`);
  if (filters.localServiceId) conditions.push(eq(people.localServiceId, filters.localServiceId));
  if (filters.locationStatus) conditions.push(eq(people.locationStatus, filters.locationStatus));
  if (filters.postalCode) conditions.push(eq(people.postalCode, filters.postalCode));
  const where = and(...conditions);

  const [totalRow] = await db.select({ total: count() }).from(people).where(where);
  const items = await db
    .select({
      id: people.id,
      lastName: people.lastName,
      firstName: people.firstName,
      birthName: people.birthName,
      birthDate: people.birthDate,
      postalCode: people.postalCode,
      communeName: people.communeName,
      localServiceId: people.localServiceId,
      locationStatus: people.locationStatus,
      archivedAt: people.archivedAt,
      status: currentStatusSql,
    })
    .from(people)
    .where(where)
    .orderBy(
      asc(sql`search_key(${people.lastName})`),
      asc(sql`search_key(${people.firstName})`),
      asc(people.id),
    )
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize);
  return { items, total: totalRow?.total ?? 0, page: filters.page, pageSize: filters.pageSize };
}

export async function findPerson(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ person: people, status: currentStatusSql })
    .from(people)
    .where(eq(people.id, id));
  return row ?? null;
}
