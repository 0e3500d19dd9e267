/**
 * Reads of neighbour-help requests: the staff list (filters, pages), one request with its
 * occurrences, and who may be calling from a number (the incoming-call screen).
 */
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { helpOccurrences, helpRequests, people, personContacts, users } from '../../db/schema.js';
import type { ListScope } from '../../domain/permissions/policy.js';
import type { RequestListQuery } from '../../domain/help-requests/schemas.js';
import { formatPhoneForDisplay } from '../../domain/people/phone.js';

const hhmm = (time: string) => time.slice(0, 5);

const nextOccurrence = sql<string | null>`(
  select min(o.date)::text from help_occurrences o
  where o.request_id = ${helpRequests.id} and o.status = 'open' and o.date >= (now() at time zone 'Europe/Paris')::date
)`;

const personName = sql<
  string | null
>`coalesce(${people.firstName} || ' ' || ${people.lastName}, ${helpRequests.seniorName})`;

const summaryColumns = {
  id: helpRequests.id,
  status: helpRequests.status,
  channel: helpRequests.channel,
  postedBy: helpRequests.postedBy,
  helpKind: helpRequests.helpKind,
  urgency: helpRequests.urgency,
  recurrence: helpRequests.recurrence,
  startsOn: helpRequests.startsOn,
  endsOn: helpRequests.endsOn,
  weekday: helpRequests.weekday,
  startTime: helpRequests.startTime,
  endTime: helpRequests.endTime,
  communeName: helpRequests.communeName,
  personId: helpRequests.personId,
  personName,
  nextOccurrenceOn: nextOccurrence,
  createdAt: helpRequests.createdAt,
};

const withTimes = <T extends { startTime: string; endTime: string }>(row: T): T => ({
  ...row,
  startTime: hhmm(row.startTime),
  endTime: hhmm(row.endTime),
});

/** One page of the requests a user may see, the most urgent and newest first. */
export async function listRequests(db: DbOrTx, scope: ListScope, filters: RequestListQuery) {
  if (scope.kind !== 'organisation')
    return { items: [], total: 0, page: filters.page, pageSize: filters.pageSize };
  const conditions: (SQL | undefined)[] = [
    eq(helpRequests.organisationId, scope.organisationId),
    scope.localServiceId
      ? sql`(${helpRequests.localServiceId} = ${scope.localServiceId} or ${helpRequests.localServiceId} is null)`
      : undefined,
    filters.status ? eq(helpRequests.status, filters.status) : undefined,
    filters.helpKind ? eq(helpRequests.helpKind, filters.helpKind) : undefined,
    filters.urgency ? eq(helpRequests.urgency, filters.urgency) : undefined,
    filters.commune
      ? sql`search_key(coalesce(${helpRequests.communeName}, '')) like search_key(${filters.commune}) || '%'`
      : undefined,
  ];
  const where = and(...conditions);
  const [totalRow] = await db.select({ total: count() }).from(helpRequests).where(where);
  const rows = await db
    .select(summaryColumns)
    .from(helpRequests)
    .leftJoin(people, eq(people.id, helpRequests.personId))
    .where(where)
    .orderBy(
      sql`case ${helpRequests.urgency} when 'urgent' then 0 when 'soon' then 1 else 2 end`,
      desc(helpRequests.createdAt),
      asc(helpRequests.id),
    )
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize);
  return {
    items: rows.map(withTimes),
    total: totalRow?.total ?? 0,
    page: filters.page,
    pageSize: filters.pageSize,
  };
}

const takenBy = alias(users, 'taken_by');
const consentBy = alias(users, 'consent_by');
const cancelledBy = alias(users, 'cancelled_by');

/** A request with its occurrences, as the request page shows it; null when it does not exist. */
export async function requestDetail(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      ...summaryColumns,
      organisationId: helpRequests.organisationId,
      localServiceId: helpRequests.localServiceId,
      seniorName: helpRequests.seniorName,
      seniorPhone: helpRequests.seniorPhone,
      personContactId: helpRequests.personContactId,
      carerName: sql<string | null>`coalesce(${personContacts.name}, ${helpRequests.carerName})`,
      carerPhone: sql<string | null>`coalesce(${personContacts.phone}, ${helpRequests.carerPhone})`,
      carerRelationship: sql<
        string | null
      >`coalesce(${personContacts.relationship}, ${helpRequests.carerRelationship})`,
      takenByName: takenBy.displayName,
      consentToContact: helpRequests.consentToContact,
      consentRecordedAt: helpRequests.consentRecordedAt,
      consentRecordedByName: consentBy.displayName,
      description: helpRequests.description,
      place: helpRequests.place,
      street: helpRequests.street,
      postalCode: helpRequests.postalCode,
      destination: helpRequests.destination,
      closedAt: helpRequests.closedAt,
    })
    .from(helpRequests)
    .leftJoin(people, eq(people.id, helpRequests.personId))
    .leftJoin(personContacts, eq(personContacts.id, helpRequests.personContactId))
    .leftJoin(takenBy, eq(takenBy.id, helpRequests.takenByUserId))
    .leftJoin(consentBy, eq(consentBy.id, helpRequests.consentRecordedBy))
    .where(eq(helpRequests.id, id));
  if (!row) return null;
  const occurrences = await db
    .select({
      id: helpOccurrences.id,
      date: helpOccurrences.date,
      startTime: helpOccurrences.startTime,
      endTime: helpOccurrences.endTime,
      status: helpOccurrences.status,
      cancelReason: helpOccurrences.cancelReason,
      cancelledAt: helpOccurrences.cancelledAt,
      cancelledByName: cancelledBy.displayName,
    })
    .from(helpOccurrences)
    .leftJoin(cancelledBy, eq(cancelledBy.id, helpOccurrences.cancelledBy))
    .where(eq(helpOccurrences.requestId, id))
    .orderBy(asc(helpOccurrences.date));
  const phone = (value: string | null) => (value ? formatPhoneForDisplay(value) : null);
  return {
    ...withTimes(row),
    seniorPhone: phone(row.seniorPhone),
    carerPhone: phone(row.carerPhone),
    occurrences: occurrences.map(withTimes),
  };
}

/**
 * The people and carers of the organisation (or the user's local service) with this number
 * (E.164). People's phones are found through the trigram index on `phones::text` (migration
 * 0011) then checked exactly; carers' through `person_contacts_phone` (migration 0028).
 */
export async function findCallers(
  db: DbOrTx,
  scope: { organisationId: string; localServiceId: string | null },
  e164: string,
) {
  const live = and(
    eq(people.organisationId, scope.organisationId),
    isNull(people.mergedIntoId),
    isNull(people.erasedAt),
    isNull(people.archivedAt),
    scope.localServiceId
      ? sql`(${people.localServiceId} = ${scope.localServiceId} or ${people.localServiceId} is null)`
      : undefined,
  );
  const found = await db
    .select({
      id: people.id,
      firstName: people.firstName,
      lastName: people.lastName,
      communeName: people.communeName,
      status: people.currentStatus,
      phones: people.phones,
    })
    .from(people)
    .where(and(live, sql`(${people.phones}::text) like ${`%${e164}%`}`))
    .orderBy(asc(people.lastName), asc(people.firstName))
    .limit(20);
  const carers = await db
    .select({
      id: personContacts.id,
      name: personContacts.name,
      relationship: personContacts.relationship,
      personId: people.id,
      personFirstName: people.firstName,
      personLastName: people.lastName,
      personCommuneName: people.communeName,
    })
    .from(personContacts)
    .innerJoin(people, eq(people.id, personContacts.personId))
    .where(and(live, eq(personContacts.phone, e164)))
    .orderBy(asc(personContacts.name))
    .limit(20);
  return {
    phone: formatPhoneForDisplay(e164),
    people: found
      .filter((p) => (p.phones as { number: string }[]).some((n) => n.number === e164))
      .map(({ phones: _phones, ...p }) => p),
    carers,
  };
}
