/** Reads about visitors and pairs, always scoped by what the user may see. */
import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { containsPattern, type DbOrTx } from '../../db/database.js';
import {
  assignments,
  pairs,
  people,
  visitorAbsences,
  visitorAvailability,
  visitors,
} from '../../db/schema.js';
import type { ListScope, ResourceScope } from '../../domain/permissions/policy.js';
import { currentStatus } from '../people/queries.js';

/**
 * An absence of the visitor that overlaps [from, to], if any: a second absence over the same days
 * would be a duplicate (and a repair over days already repaired), so callers refuse it.
 */
export async function overlappingAbsence(db: DbOrTx, visitorId: string, from: string, to: string) {
  const [absence] = await db
    .select({
      id: visitorAbsences.id,
      startsOn: visitorAbsences.startsOn,
      endsOn: visitorAbsences.endsOn,
    })
    .from(visitorAbsences)
    .where(
      and(
        eq(visitorAbsences.visitorId, visitorId),
        sql`${visitorAbsences.startsOn} <= ${to}`,
        sql`${visitorAbsences.endsOn} >= ${from}`,
      ),
    )
    .orderBy(asc(visitorAbsences.startsOn))
    .limit(1);
  return absence ?? null;
}

/** "14:00:00" (PostgreSQL time) → "14:00". */
export const hhmm = (value: string) => value.slice(0, 5);

export function visitorScope(visitor: {
  id: string;
  organisationId: string;
  localServiceId: string | null;
}): ResourceScope {
  return {
    organisationId: visitor.organisationId,
    localServiceId: visitor.localServiceId,
    visitorRecordId: visitor.id,
  };
}

function visitorScopeCondition(scope: ListScope): SQL | undefined {
  switch (scope.kind) {
    case 'organisation':
      return and(
        eq(visitors.organisationId, scope.organisationId),
        scope.localServiceId ? eq(visitors.localServiceId, scope.localServiceId) : undefined,
      );
    case 'visitor':
      return and(
        eq(visitors.organisationId, scope.organisationId),
        eq(visitors.id, scope.visitorId),
      );
    default:
      return sql`false`;
  }
}

function pairScopeCondition(scope: ListScope): SQL | undefined {
  switch (scope.kind) {
    case 'organisation':
      return and(
        eq(pairs.organisationId, scope.organisationId),
        scope.localServiceId ? eq(pairs.localServiceId, scope.localServiceId) : undefined,
      );
    case 'visitor':
      return and(
        eq(pairs.organisationId, scope.organisationId),
        or(eq(pairs.visitorAId, scope.visitorId), eq(pairs.visitorBId, scope.visitorId)),
      );
    default:
      return sql`false`;
  }
}

export async function findVisitor(db: DbOrTx, id: string) {
  const [row] = await db.select().from(visitors).where(eq(visitors.id, id));
  return row ?? null;
}

/** The active pair of a visitor, if any (the unique indexes allow at most one per side). */
export async function activePairOf(db: DbOrTx, visitorId: string) {
  const [row] = await db
    .select()
    .from(pairs)
    .where(
      and(
        isNull(pairs.dissolvedOn),
        or(eq(pairs.visitorAId, visitorId), eq(pairs.visitorBId, visitorId)),
      ),
    )
    .limit(1);
  return row ?? null;
}

export interface VisitorFilters {
  q?: string | undefined;
  kind?: string | undefined;
  localServiceId?: string | undefined;
  active?: boolean | undefined;
  /** The journey's stage (applications: 'applied'). */
  stage?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listVisitors(db: DbOrTx, scope: ListScope, filters: VisitorFilters) {
  const conditions: (SQL | undefined)[] = [visitorScopeCondition(scope)];
  // Every word must appear in the name, commune or e-mail (accents and case ignored), or the phone.
  for (const word of (filters.q ?? '').split(/\s+/).filter(Boolean).slice(0, 6)) {
    const pattern = containsPattern(word);
    const digits = word.replace(/\D/g, '');
    conditions.push(
      or(
        sql`search_key(${visitors.lastName} || ' ' || ${visitors.firstName} || ' ' || coalesce(${visitors.communeName}, '') || ' ' || coalesce(${visitors.email}, '')) like search_key(${pattern})`,
        digits.length >= 4
          ? sql`coalesce(${visitors.phone}, '') like ${`%${digits.slice(1)}%`}`
          : undefined,
      ),
    );
  }
  if (filters.kind) conditions.push(eq(visitors.kind, filters.kind));
  if (filters.localServiceId) conditions.push(eq(visitors.localServiceId, filters.localServiceId));
  if (filters.active === true) conditions.push(isNull(visitors.endedOn));
  if (filters.active === false) conditions.push(isNotNull(visitors.endedOn));
  if (filters.stage) conditions.push(eq(visitors.journeyStage, filters.stage));
  const where = and(...conditions);

  const [totalRow] = await db.select({ total: count() }).from(visitors).where(where);
  const rows = await db
    .select({
      id: visitors.id,
      kind: visitors.kind,
      lastName: visitors.lastName,
      firstName: visitors.firstName,
      phone: visitors.phone,
      email: visitors.email,
      postalCode: visitors.postalCode,
      communeName: visitors.communeName,
      localServiceId: visitors.localServiceId,
      locationStatus: visitors.locationStatus,
      mobility: visitors.mobility,
      maxTripMinutes: visitors.maxTripMinutes,
      commitmentEnd: visitors.commitmentEnd,
      endedOn: visitors.endedOn,
      journeyStage: visitors.journeyStage,
    })
    .from(visitors)
    .where(where)
    .orderBy(
      asc(sql`search_key(${visitors.lastName})`),
      asc(sql`search_key(${visitors.firstName})`),
      asc(visitors.id),
    )
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize);

  const partners = await currentPartners(
    db,
    rows.map((r) => r.id),
  );
  const items = rows.map((row) => ({ ...row, pair: partners.get(row.id) ?? null }));
  return { items, total: totalRow?.total ?? 0, page: filters.page, pageSize: filters.pageSize };
}

/** For each visitor, their active pair and partner (names only). */
async function currentPartners(db: DbOrTx, visitorIds: string[]) {
  const result = new Map<
    string,
    {
      pairId: string;
      formedOn: string;
      partner: { id: string; firstName: string; lastName: string };
    }
  >();
  if (visitorIds.length === 0) return result;
  const partner = aliasedTable(visitors, 'partner');
  const rows = await db
    .select({
      pairId: pairs.id,
      formedOn: pairs.formedOn,
      a: pairs.visitorAId,
      b: pairs.visitorBId,
      partnerId: partner.id,
      partnerFirstName: partner.firstName,
      partnerLastName: partner.lastName,
    })
    .from(pairs)
    .innerJoin(partner, or(eq(partner.id, pairs.visitorAId), eq(partner.id, pairs.visitorBId)))
    .where(
      and(
        isNull(pairs.dissolvedOn),
        or(inArray(pairs.visitorAId, visitorIds), inArray(pairs.visitorBId, visitorIds)),
      ),
    );
  for (const row of rows) {
    // Each pair comes twice (once per member as "partner"): file it under the other member.
    const self = row.partnerId === row.a ? row.b : row.a;
    if (!visitorIds.includes(self)) continue;
    result.set(self, {
      pairId: row.pairId,
      formedOn: row.formedOn,
      partner: {
        id: row.partnerId,
        firstName: row.partnerFirstName,
        lastName: row.partnerLastName,
      },
    });
  }
  return result;
}

/** Everything the visitor's file shows besides the record itself. */
export async function visitorFileParts(db: DbOrTx, visitorId: string) {
  const slots = await db
    .select()
    .from(visitorAvailability)
    .where(eq(visitorAvailability.visitorId, visitorId))
    .orderBy(asc(visitorAvailability.weekday), asc(visitorAvailability.startTime));
  const absences = await db
    .select()
    .from(visitorAbsences)
    .where(eq(visitorAbsences.visitorId, visitorId))
    .orderBy(desc(visitorAbsences.startsOn), desc(visitorAbsences.createdAt));

  const partner = aliasedTable(visitors, 'partner');
  const pairRows = await db
    .select({
      pair: pairs,
      partnerId: partner.id,
      partnerFirstName: partner.firstName,
      partnerLastName: partner.lastName,
    })
    .from(pairs)
    .innerJoin(
      partner,
      or(
        and(eq(pairs.visitorAId, visitorId), eq(partner.id, pairs.visitorBId)),
        and(eq(pairs.visitorBId, visitorId), eq(partner.id, pairs.visitorAId)),
      ),
    )
    .orderBy(desc(pairs.formedOn), desc(pairs.createdAt));
  const pairIds = pairRows.map((r) => r.pair.id);

  // People visited now, by the visitor alone or by one of their pairs: names and status only.
  const assigned = await db
    .select({
      personId: people.id,
      firstName: people.firstName,
      lastName: people.lastName,
      status: currentStatus,
      pairId: assignments.pairId,
      startedOn: assignments.startedOn,
    })
    .from(assignments)
    .innerJoin(people, eq(people.id, assignments.personId))
    .where(
      and(
        isNull(assignments.endedOn),
        isNull(people.mergedIntoId),
        or(
          eq(assignments.visitorId, visitorId),
          pairIds.length ? inArray(assignments.pairId, pairIds) : undefined,
        ),
      ),
    )
    .orderBy(asc(sql`search_key(${people.lastName})`), asc(people.firstName));

  return {
    availability: slots.map((s) => ({
      id: s.id,
      weekday: s.weekday,
      startTime: hhmm(s.startTime),
      endTime: hhmm(s.endTime),
    })),
    absences: absences.map(({ visitorId: _v, ...a }) => a),
    pairs: pairRows.map(({ pair, partnerId, partnerFirstName, partnerLastName }) => ({
      id: pair.id,
      formedOn: pair.formedOn,
      dissolvedOn: pair.dissolvedOn,
      dissolutionReason: pair.dissolutionReason,
      active: pair.dissolvedOn === null,
      partner: { id: partnerId, firstName: partnerFirstName, lastName: partnerLastName },
    })),
    people: assigned.map((a) => ({
      id: a.personId,
      firstName: a.firstName,
      lastName: a.lastName,
      status: a.status,
      via: a.pairId ? ('pair' as const) : ('alone' as const),
      since: a.startedOn,
    })),
  };
}

export interface PairFilters {
  status?: 'active' | 'dissolved' | undefined;
  visitorId?: string | undefined;
  localServiceId?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listPairs(db: DbOrTx, scope: ListScope, filters: PairFilters) {
  const conditions: (SQL | undefined)[] = [pairScopeCondition(scope)];
  if (filters.status === 'active') conditions.push(isNull(pairs.dissolvedOn));
  if (filters.status === 'dissolved') conditions.push(isNotNull(pairs.dissolvedOn));
  if (filters.visitorId)
    conditions.push(
      or(eq(pairs.visitorAId, filters.visitorId), eq(pairs.visitorBId, filters.visitorId)),
    );
  if (filters.localServiceId) conditions.push(eq(pairs.localServiceId, filters.localServiceId));
  const where = and(...conditions);

  const a = aliasedTable(visitors, 'visitor_a');
  const b = aliasedTable(visitors, 'visitor_b');
  const [totalRow] = await db.select({ total: count() }).from(pairs).where(where);
  const rows = await db
    .select({
      pair: pairs,
      aFirstName: a.firstName,
      aLastName: a.lastName,
      bFirstName: b.firstName,
      bLastName: b.lastName,
      peopleCount: sql<number>`(select count(*)::int from ${assignments} x where x.pair_id = ${pairs.id} and x.ended_on is null)`,
    })
    .from(pairs)
    .innerJoin(a, eq(a.id, pairs.visitorAId))
    .innerJoin(b, eq(b.id, pairs.visitorBId))
    .where(where)
    // Active pairs first, then the most recent.
    .orderBy(sql`${pairs.dissolvedOn} is not null`, desc(pairs.formedOn), asc(pairs.id))
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize);
  const items = rows.map((row) => ({
    id: row.pair.id,
    localServiceId: row.pair.localServiceId,
    formedOn: row.pair.formedOn,
    dissolvedOn: row.pair.dissolvedOn,
    dissolutionReason: row.pair.dissolutionReason,
    active: row.pair.dissolvedOn === null,
    visitorA: { id: row.pair.visitorAId, firstName: row.aFirstName, lastName: row.aLastName },
    visitorB: { id: row.pair.visitorBId, firstName: row.bFirstName, lastName: row.bLastName },
    peopleCount: Number(row.peopleCount),
  }));
  return { items, total: totalRow?.total ?? 0, page: filters.page, pageSize: filters.pageSize };
}
