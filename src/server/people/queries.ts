/** Reads about people accompanied, always scoped by what the user may see. */
import { and, asc, count, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern, type DbOrTx } from '../../db/database.js';
import { alias } from 'drizzle-orm/pg-core';
import { assignments, pairs, people, visitors } from '../../db/schema.js';
import type { ListScope, ResourceScope } from '../../domain/permissions/policy.js';
import type { PersonStatus } from '../../domain/admission/lifecycle.js';
import { decodeCursor, encodeCursor } from '../../domain/common/cursor.js';
import { badRequest } from '../http/errors.js';

/**
 * The current status: the latest row of the history, copied on the person by a trigger on
 * status_changes in the same statement (migration 0011, ADR 0020), so lists read a column.
 */
export const currentStatus = sql<PersonStatus>`${people.currentStatus}`;

// The expressions below are those of the indexes of migration 0011 (people_search, people_phones,
// people_list*): the planner uses an index only for the very same expression.
// Stored, folded keys (migration 0018): the index's and the sort's, read rather than computed.
const searchText = people.searchText;
const sortLast = sql<string>`${people.sortLast}`;
const sortFirst = sql<string>`${people.sortFirst}`;

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
  /** Keyset pagination: the `nextCursor` of the previous page; `page` is then not used. */
  after?: string | undefined;
  /** Archived files (retention) are listed for administrators only (`person.read_archived`). */
  includeArchived?: boolean | undefined;
}

function peopleWhere(scope: ListScope, filters: PeopleFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    scopeCondition(scope),
    // Both together are the predicate of the partial list and search indexes.
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
        sql`${searchText} like search_key(${pattern})`,
        // The stored number is E.164 (+33…): the typed leading 0 is dropped.
        digits.length >= 4 ? sql`${people.phones}::text like ${`%${digits.slice(1)}%`}` : undefined,
      ),
    );
  }
  if (filters.status) conditions.push(eq(people.currentStatus, filters.status));
  if (filters.localServiceId) conditions.push(eq(people.localServiceId, filters.localServiceId));
  if (filters.locationStatus) conditions.push(eq(people.locationStatus, filters.locationStatus));
  if (filters.postalCode) conditions.push(eq(people.postalCode, filters.postalCode));
  return and(...conditions);
}

const CURSOR = ['string', 'string', 'string'] as const;

/**
 * One page of the people a user may see, with the total. The page's ids come first from the
 * list index alone (an index-only scan over the sort keys, even at a deep OFFSET), then only
 * those rows are read: page 500 costs a walk of index entries, not of people's rows.
 */
export async function listPeople(db: DbOrTx, scope: ListScope, filters: PeopleFilters) {
  const where = peopleWhere(scope, filters);
  const after = filters.after ? decodeCursor(filters.after, CURSOR) : null;
  if (filters.after && !after) throw badRequest('Curseur de pagination invalide.');
  const searching = (filters.q ?? '').trim() !== '';
  // A search takes its matches from the trigram index and sorts them. Left to itself the planner
  // may instead walk the sorted list index, expecting matches spread evenly; but names cluster in
  // the alphabet (all the Lefèvre sit after 11,000 others), so a page of a name late in it read
  // most of the list. The same keys with `|| ''` sort the same and match no index: the sort is
  // done on the matches alone.
  const order = searching
    ? [asc(sql`${sortLast} || ''`), asc(sql`${sortFirst} || ''`), asc(people.id)]
    : [asc(sortLast), asc(sortFirst), asc(people.id)];
  const ids = db
    .select({ id: sql<string>`${people.id}`.as('page_id') })
    .from(people)
    .where(
      and(
        where,
        after
          ? sql`(${sortLast}, ${sortFirst}, ${people.id}) > (${after[0]}, ${after[1]}, ${after[2]}::uuid)`
          : undefined,
      ),
    )
    .orderBy(...order)
    // One more row than asked tells whether there is a next page.
    .limit(filters.pageSize + 1)
    .offset(after ? 0 : (filters.page - 1) * filters.pageSize)
    .as('page');

  const [totalRow] = await db.select({ total: count() }).from(people).where(where);
  const rows = await db
    .select({
      id: people.id,
      lastName: people.lastName,
      firstName: people.firstName,
      birthName: people.birthName,
      birthDate: people.birthDate,
      // As recorded, else from the gender (the wording agrees: "née", "né").
      formOfAddress: sql<
        string | null
      >`coalesce(${people.formOfAddress}, case ${people.gender} when 'female' then 'madame' when 'male' then 'monsieur' end)`,
      postalCode: people.postalCode,
      communeName: people.communeName,
      localServiceId: people.localServiceId,
      locationStatus: people.locationStatus,
      archivedAt: people.archivedAt,
      status: currentStatus,
      sortLast,
      sortFirst,
    })
    .from(people)
    .innerJoin(ids, eq(ids.id, people.id))
    .orderBy(...order);
  const more = rows.length > filters.pageSize;
  const page = rows.slice(0, filters.pageSize);
  const last = page.at(-1);
  return {
    items: page.map(({ sortLast: _l, sortFirst: _f, ...item }) => item),
    total: totalRow?.total ?? 0,
    page: filters.page,
    pageSize: filters.pageSize,
    nextCursor: more && last ? encodeCursor([last.sortLast, last.sortFirst, last.id]) : null,
  };
}

export async function findPerson(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ person: people, status: currentStatus })
    .from(people)
    .where(eq(people.id, id));
  return row ?? null;
}
