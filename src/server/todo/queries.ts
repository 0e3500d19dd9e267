/**
 * The reads behind « À faire »: one statement per section, each answering its page of rows with
 * the section's total and flagged count (window functions), so the number of statements stays
 * the same however many rows there are. Each reads the tables of the follow-up (migration 0021)
 * directly, through their partial indexes (contact_log_callbacks, assignments_due,
 * visits_staff, visitor_documents_expiry).
 */
import { and, asc, eq, inArray, isNull, lte, gte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import {
  alerts,
  assignments,
  contactLog,
  people,
  personContacts,
  users,
  visitorDocuments,
  visitors,
  visits,
} from '../../db/schema.js';
import { addDays } from '../../domain/common/calendar.js';
import type { RequiredDocument } from '../../domain/follow-up/settings.js';
import { TODO_WINDOWS, type TodoRow } from '../../domain/todo/sections.js';

/** Who asks, and what they see: their organisation, their local service, theirs or everyone's. */
export interface TodoScope {
  organisationId: string;
  localServiceId: string | null;
  userId: string;
  /** The whole service, not only what is the user's own (callbacks, first meetings, alerts). */
  all: boolean;
  /** Archived files exist only for administrators (ADR 0012). */
  seeArchived: boolean;
  today: string;
}

export interface Paging {
  limit: number;
  offset: number;
}

export interface SectionRows {
  rows: TodoRow[];
  total: number;
  flagged: number;
}

const total = sql<number>`(count(*) over ())::int`;
const flaggedWhere = (condition: SQL) =>
  sql<number>`(count(*) filter (where ${condition}) over ())::int`;

/** A person still on file (not merged, not erased; archived only for who may read archives). */
function livePerson(scope: TodoScope): SQL {
  return and(
    isNull(people.mergedIntoId),
    isNull(people.erasedAt),
    scope.seeArchived ? undefined : isNull(people.archivedAt),
  )!;
}

const personName = sql<string>`${people.firstName} || ' ' || ${people.lastName}`;
const visitorName = sql<string>`${visitors.firstName} || ' ' || ${visitors.lastName}`;
const firstPhone = sql<string | null>`${people.phones} -> 0 ->> 'number'`;

/** The unit of a match, as the coordinator names it: « Inès et Hugo », or the volunteer. */
const unitName = sql<string | null>`coalesce(
  (select va.first_name || ' et ' || vb.first_name from pairs pr
     join visitors va on va.id = pr.visitor_a_id join visitors vb on vb.id = pr.visitor_b_id
     where pr.id = ${assignments.pairId}),
  (select vv.first_name || ' ' || vv.last_name from visitors vv where vv.id = ${assignments.visitorId}))`;

function finish<T extends { total: number; flagged: number }>(
  rows: T[],
  toRow: (r: T) => TodoRow,
): SectionRows {
  return {
    rows: rows.map(toRow),
    total: rows[0]?.total ?? 0,
    flagged: rows[0]?.flagged ?? 0,
  };
}

/**
 * The last contact with the subject of a callback (its own entry, or a later one): one lookup by
 * the person's or the visitor's index (contact_log_person, contact_log_visitor), never a scan.
 */
const lastContactOf = sql<{ occurredAt: string; channel: string; outcome: string } | null>`coalesce(
  (select json_build_object('occurredAt', l2.occurred_at, 'channel', l2.channel, 'outcome', l2.outcome)
   from contact_log l2 where l2.person_id = ${contactLog.personId}
   order by l2.occurred_at desc, l2.id desc limit 1),
  (select json_build_object('occurredAt', l2.occurred_at, 'channel', l2.channel, 'outcome', l2.outcome)
   from contact_log l2 where l2.visitor_id = ${contactLog.visitorId}
   order by l2.occurred_at desc, l2.id desc limit 1))`;

/**
 * The callbacks not done, of one owner (or of everyone in scope), due up to `until` (today for
 * « À faire »), the oldest first. The worklist and the home page share it.
 */
/**
 * A call-back still to make, in the scope (organisation, service), whose person is still followed:
 * the worklist and its owner picker count the same ones. The query joins people and visitors.
 */
function pendingCallbackInScope(scope: TodoScope) {
  const serviceOf = sql`coalesce(${people.localServiceId}, ${visitors.localServiceId})`;
  return and(
    eq(contactLog.organisationId, scope.organisationId),
    sql`${contactLog.callbackOn} is not null`,
    isNull(contactLog.callbackDoneAt),
    scope.localServiceId ? sql`${serviceOf} = ${scope.localServiceId}` : undefined,
    or(isNull(contactLog.personId), livePerson(scope)),
  );
}

export async function callbackRows(
  db: DbOrTx,
  scope: TodoScope,
  options: { ownerId: string | null; until: string | null },
  paging: Paging,
) {
  return db
    .select({
      id: contactLog.id,
      personId: contactLog.personId,
      visitorId: contactLog.visitorId,
      callbackOn: contactLog.callbackOn,
      purpose: contactLog.purpose,
      ownerId: contactLog.callbackOwnerId,
      ownerName: users.displayName,
      personName: sql<
        string | null
      >`case when ${people.id} is null then null else ${personName} end`,
      visitorName: sql<
        string | null
      >`case when ${visitors.id} is null then null else ${visitorName} end`,
      personPhone: firstPhone,
      visitorPhone: visitors.phone,
      carerName: personContacts.name,
      carerPhone: personContacts.phone,
      lastContact: lastContactOf,
      total,
      flagged: flaggedWhere(sql`${contactLog.callbackOn} < ${scope.today}`),
    })
    .from(contactLog)
    .leftJoin(people, eq(people.id, contactLog.personId))
    .leftJoin(visitors, eq(visitors.id, contactLog.visitorId))
    .leftJoin(personContacts, eq(personContacts.id, contactLog.personContactId))
    .leftJoin(users, eq(users.id, contactLog.callbackOwnerId))
    .where(
      and(
        pendingCallbackInScope(scope),
        options.ownerId ? eq(contactLog.callbackOwnerId, options.ownerId) : undefined,
        options.until ? lte(contactLog.callbackOn, options.until) : undefined,
      ),
    )
    .orderBy(asc(contactLog.callbackOn), asc(contactLog.id))
    .limit(paging.limit)
    .offset(paging.offset);
}

/** Who has callbacks pending in the scope, and how many due up to today (the worklist's choice). */
export async function callbackOwners(db: DbOrTx, scope: TodoScope) {
  return db
    .select({
      id: users.id,
      name: users.displayName,
      due: sql<number>`(count(*) filter (where ${contactLog.callbackOn} <= ${scope.today}))::int`,
    })
    .from(contactLog)
    .innerJoin(users, eq(users.id, contactLog.callbackOwnerId))
    .leftJoin(people, eq(people.id, contactLog.personId))
    .leftJoin(visitors, eq(visitors.id, contactLog.visitorId))
    .where(pendingCallbackInScope(scope))
    .groupBy(users.id, users.displayName)
    .orderBy(asc(users.displayName), asc(users.id));
}

export async function callbacksSection(db: DbOrTx, scope: TodoScope, paging: Paging) {
  const rows = await callbackRows(
    db,
    scope,
    { ownerId: scope.all ? null : scope.userId, until: scope.today },
    paging,
  );
  return finish(rows, (r) => ({
    id: r.id,
    subjectKind: r.personId ? 'person' : 'visitor',
    subjectId: (r.personId ?? r.visitorId)!,
    name: (r.personName ?? r.visitorName) || '',
    dueOn: r.callbackOn,
    phone: r.carerPhone ?? r.personPhone ?? r.visitorPhone,
    label: r.carerName,
    code: r.purpose,
    lastContact: r.lastContact,
  }));
}

export async function alertsSection(db: DbOrTx, scope: TodoScope, paging: Paging) {
  const severityRank = sql`case ${alerts.severity} when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;
  const rows = await db
    .select({
      id: alerts.id,
      title: alerts.title,
      severity: alerts.severity,
      status: alerts.status,
      personId: alerts.personId,
      createdAt: alerts.createdAt,
      personName: sql<
        string | null
      >`(select p.first_name || ' ' || p.last_name from people p where p.id = ${alerts.personId})`,
      total,
      flagged: flaggedWhere(sql`${alerts.severity} = 'urgent'`),
    })
    .from(alerts)
    .where(
      and(
        eq(alerts.organisationId, scope.organisationId),
        inArray(alerts.status, ['open', 'in_progress']),
        scope.all ? undefined : or(eq(alerts.ownerId, scope.userId), isNull(alerts.ownerId)),
        scope.localServiceId
          ? or(eq(alerts.localServiceId, scope.localServiceId), isNull(alerts.localServiceId))
          : undefined,
        scope.seeArchived
          ? undefined
          : sql`not exists (select 1 from people p where p.id = ${alerts.personId} and p.archived_at is not null)`,
      ),
    )
    .orderBy(severityRank, asc(alerts.createdAt), asc(alerts.id))
    .limit(paging.limit)
    .offset(paging.offset);
  return finish(rows, (r) => ({
    id: r.id,
    subjectKind: 'alert',
    subjectId: r.id,
    name: r.title,
    dueOn: null,
    label: r.personName,
    code: r.status,
    severity: r.severity,
  }));
}

export async function firstMeetingsSection(db: DbOrTx, scope: TodoScope, paging: Paging) {
  const rows = await db
    .select({
      id: visits.id,
      personId: visits.personId,
      date: visits.date,
      startTime: visits.startTime,
      name: personName,
      phone: firstPhone,
      commune: people.communeName,
      total,
      flagged: flaggedWhere(sql`${visits.date} = ${scope.today}`),
    })
    .from(visits)
    .innerJoin(people, eq(people.id, visits.personId))
    .where(
      and(
        eq(visits.organisationId, scope.organisationId),
        scope.all ? sql`${visits.staffUserId} is not null` : eq(visits.staffUserId, scope.userId),
        eq(visits.purpose, 'first_meeting'),
        eq(visits.status, 'planned'),
        gte(visits.date, scope.today),
        lte(visits.date, addDays(scope.today, TODO_WINDOWS.firstMeetingsAhead)),
        scope.localServiceId ? eq(people.localServiceId, scope.localServiceId) : undefined,
        livePerson(scope),
      ),
    )
    .orderBy(asc(visits.date), asc(visits.startTime), asc(visits.id))
    .limit(paging.limit)
    .offset(paging.offset);
  return finish(rows, (r) => ({
    id: r.id,
    subjectKind: 'person',
    subjectId: r.personId,
    name: r.name,
    dueOn: r.date,
    time: r.startTime.slice(0, 5),
    phone: r.phone,
    label: r.commune,
  }));
}

/** Matches at a stage with a due date (the trial's end, the next review) within `ahead` days. */
async function dueMatches(
  db: DbOrTx,
  scope: TodoScope,
  paging: Paging,
  stage: 'trial' | 'confirmed',
  ahead: number,
) {
  const due = stage === 'trial' ? assignments.trialEndsOn : assignments.nextReviewOn;
  const rows = await db
    .select({
      id: assignments.id,
      personId: assignments.personId,
      dueOn: due,
      name: personName,
      phone: firstPhone,
      unit: unitName,
      total,
      flagged: flaggedWhere(sql`${due} < ${scope.today}`),
    })
    .from(assignments)
    .innerJoin(people, eq(people.id, assignments.personId))
    .where(
      and(
        eq(assignments.organisationId, scope.organisationId),
        eq(assignments.stage, stage),
        isNull(assignments.endedOn),
        lte(due, addDays(scope.today, ahead)),
        scope.localServiceId ? eq(people.localServiceId, scope.localServiceId) : undefined,
        livePerson(scope),
      ),
    )
    .orderBy(asc(due), asc(assignments.id))
    .limit(paging.limit)
    .offset(paging.offset);
  return finish(rows, (r) => ({
    id: r.id,
    subjectKind: 'person',
    subjectId: r.personId,
    name: r.name,
    dueOn: r.dueOn,
    phone: r.phone,
    label: r.unit,
  }));
}

export const trialsSection = (db: DbOrTx, scope: TodoScope, paging: Paging) =>
  dueMatches(db, scope, paging, 'trial', TODO_WINDOWS.trialsAhead);
export const reviewsSection = (db: DbOrTx, scope: TodoScope, paging: Paging) =>
  dueMatches(db, scope, paging, 'confirmed', TODO_WINDOWS.reviewsAhead);

/** Visitors still with the service (not ended), of the scope. */
function visitorInScope(scope: TodoScope): SQL {
  return and(
    eq(visitors.organisationId, scope.organisationId),
    isNull(visitors.endedOn),
    sql`${visitors.journeyStage} <> 'ended'`,
    scope.localServiceId ? eq(visitors.localServiceId, scope.localServiceId) : undefined,
  )!;
}

/** The latest document of each kind a visitor gave, expiring within the warning (or expired). */
export async function documentsExpiringSection(
  db: DbOrTx,
  scope: TodoScope,
  paging: Paging,
  warningDays: number,
  labels: ReadonlyMap<string, string>,
) {
  const rows = await db
    .select({
      id: visitorDocuments.id,
      visitorId: visitorDocuments.visitorId,
      kind: visitorDocuments.kind,
      provider: visitorDocuments.provider,
      expiresOn: visitorDocuments.expiresOn,
      name: visitorName,
      phone: visitors.phone,
      total,
      flagged: flaggedWhere(sql`${visitorDocuments.expiresOn} < ${scope.today}`),
    })
    .from(visitorDocuments)
    .innerJoin(visitors, eq(visitors.id, visitorDocuments.visitorId))
    .where(
      and(
        eq(visitorDocuments.organisationId, scope.organisationId),
        sql`${visitorDocuments.expiresOn} is not null`,
        lte(visitorDocuments.expiresOn, addDays(scope.today, warningDays)),
        visitorInScope(scope),
        // Only the latest of its kind: a renewed insurance replaces the old one.
        sql`not exists (select 1 from visitor_documents d2 where d2.visitor_id = ${visitorDocuments.visitorId}
          and d2.kind = ${visitorDocuments.kind}
          and (d2.received_on, d2.created_at, d2.id) > (${visitorDocuments.receivedOn}, ${visitorDocuments.createdAt}, ${visitorDocuments.id}))`,
      ),
    )
    .orderBy(asc(visitorDocuments.expiresOn), asc(visitorDocuments.id))
    .limit(paging.limit)
    .offset(paging.offset);
  return finish(rows, (r) => ({
    id: r.id,
    subjectKind: 'visitor',
    subjectId: r.visitorId,
    name: r.name,
    dueOn: r.expiresOn,
    phone: r.phone,
    label: labels.get(r.kind) ?? r.kind,
    code: r.kind,
  }));
}

/**
 * Active visitors missing a required document (none received, an old version of the charter,
 * an expired insurance): the keys missing, for each.
 */
export async function documentsMissingSection(
  db: DbOrTx,
  scope: TodoScope,
  paging: Paging,
  required: readonly RequiredDocument[],
) {
  if (!required.length) return { rows: [], total: 0, flagged: 0 };
  const missingOne = (doc: RequiredDocument) =>
    sql`case when not exists (select 1 from visitor_documents d where d.visitor_id = ${visitors.id}
      and d.kind = ${doc.key}
      ${doc.currentVersion ? sql`and d.version = ${doc.currentVersion}` : sql``}
      ${doc.expires ? sql`and (d.expires_on is null or d.expires_on >= ${scope.today})` : sql``}
    ) then ${doc.key} end`;
  const missing = sql`array_remove(array[${sql.join(required.map(missingOne), sql`, `)}]::text[], null)`;
  const rows = await db
    .select({
      id: visitors.id,
      name: visitorName,
      phone: visitors.phone,
      missing: sql<string[]>`${missing}`,
      total,
      flagged: sql<number>`0`,
    })
    .from(visitors)
    .where(
      and(
        visitorInScope(scope),
        eq(visitors.journeyStage, 'active'),
        sql`cardinality(${missing}) > 0`,
      ),
    )
    .orderBy(asc(visitors.lastName), asc(visitors.firstName), asc(visitors.id))
    .limit(paging.limit)
    .offset(paging.offset);
  const labels = new Map(required.map((d) => [d.key, d.label]));
  return finish(rows, (r) => ({
    id: r.id,
    subjectKind: 'visitor',
    subjectId: r.id,
    name: r.name,
    dueOn: null,
    phone: r.phone,
    label: r.missing.map((key) => labels.get(key) ?? key).join(', '),
    code: r.missing.join(','),
  }));
}

export async function suspensionsEndingSection(db: DbOrTx, scope: TodoScope, paging: Paging) {
  const rows = await db
    .select({
      id: visitors.id,
      name: visitorName,
      phone: visitors.phone,
      until: visitors.suspendedUntil,
      reason: visitors.suspendedReason,
      total,
      flagged: flaggedWhere(sql`${visitors.suspendedUntil} < ${scope.today}`),
    })
    .from(visitors)
    .where(
      and(
        visitorInScope(scope),
        eq(visitors.journeyStage, 'suspended'),
        lte(visitors.suspendedUntil, addDays(scope.today, TODO_WINDOWS.suspensionsAhead)),
      ),
    )
    .orderBy(asc(visitors.suspendedUntil), asc(visitors.id))
    .limit(paging.limit)
    .offset(paging.offset);
  return finish(rows, (r) => ({
    id: r.id,
    subjectKind: 'visitor',
    subjectId: r.id,
    name: r.name,
    dueOn: r.until,
    phone: r.phone,
    label: r.reason,
  }));
}

/**
 * Applications (applied, interview) with no step for a week: the day of their last step (or of
 * the application) plus the week is when the service should have answered.
 */
export async function applicationsSection(db: DbOrTx, scope: TodoScope, paging: Paging) {
  const lastStep = sql<string>`coalesce(
    (select max(s.effective_on) from visitor_journey_steps s where s.visitor_id = ${visitors.id}),
    ${visitors.appliedOn}, (${visitors.createdAt} at time zone 'Europe/Paris')::date)`;
  const waitingSince = sql<string>`(${lastStep})::text`;
  const rows = await db
    .select({
      id: visitors.id,
      name: visitorName,
      phone: visitors.phone,
      stage: visitors.journeyStage,
      source: visitors.applicationSource,
      since: waitingSince,
      total,
      flagged: sql<number>`0`,
    })
    .from(visitors)
    .where(
      and(
        visitorInScope(scope),
        inArray(visitors.journeyStage, ['applied', 'interview']),
        sql`${lastStep} <= ${addDays(scope.today, -TODO_WINDOWS.applicationsIdle)}::date`,
      ),
    )
    .orderBy(asc(lastStep), asc(visitors.id))
    .limit(paging.limit)
    .offset(paging.offset);
  return finish(rows, (r) => ({
    id: r.id,
    subjectKind: 'visitor',
    subjectId: r.id,
    name: r.name,
    dueOn: addDays(r.since.slice(0, 10), TODO_WINDOWS.applicationsIdle),
    phone: r.phone,
    code: r.stage,
    label: r.source,
  }));
}
