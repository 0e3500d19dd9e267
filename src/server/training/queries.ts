/** Reads of training sessions, attendance and the young visitors' figures, always scoped. */
import {
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
import type { DbOrTx } from '../../db/database.js';
import { trainingAttendance, trainingSessions, visitors } from '../../db/schema.js';
import type { Actor, ResourceScope } from '../../domain/permissions/policy.js';
import type { AttendanceFact, ContractFact, RecordLine } from '../../domain/training/report.js';
import { hhmm } from '../../domain/training/rules.js';
import {
  EMPLOYED_YOUNG,
  type AttendanceStatus,
  type ContractType,
  type ExitOutcome,
  type SessionKind,
} from '../../domain/training/values.js';
import type { SessionListQuery } from '../../domain/training/schemas.js';

export type SessionRow = typeof trainingSessions.$inferSelect;

export const sessionScope = (session: SessionRow): ResourceScope => ({
  organisationId: session.organisationId,
  localServiceId: session.localServiceId,
});

/**
 * What a user sees of the sessions: their organisation's; a user of one local service, that
 * service's and those of the whole organisation (no local service: a seminar for everyone).
 */
function sessionScopeCondition(actor: Actor): SQL | undefined {
  return and(
    eq(trainingSessions.organisationId, actor.organisationId),
    actor.localServiceId
      ? or(
          isNull(trainingSessions.localServiceId),
          eq(trainingSessions.localServiceId, actor.localServiceId),
        )
      : undefined,
  );
}

/** The visitors a user may see on a list: their organisation's, or their local service's. */
export function visitorInScope(actor: Actor): SQL | undefined {
  return and(
    eq(visitors.organisationId, actor.organisationId),
    actor.localServiceId ? eq(visitors.localServiceId, actor.localServiceId) : undefined,
  );
}

const time = (value: string | null) => (value ? hhmm(value) : null);

/** Counts of each session's list, for the sessions given. */
async function listCounts(db: DbOrTx, actor: Actor, sessionIds: string[]) {
  const counts = new Map<string, { registeredCount: number; attendedCount: number }>();
  if (!sessionIds.length) return counts;
  const rows = await db
    .select({
      sessionId: trainingAttendance.sessionId,
      registeredCount: count(),
      attendedCount:
        sql<number>`count(*) filter (where ${trainingAttendance.status} = 'attended')`.mapWith(
          Number,
        ),
    })
    .from(trainingAttendance)
    .innerJoin(visitors, eq(visitors.id, trainingAttendance.visitorId))
    .where(and(inArray(trainingAttendance.sessionId, sessionIds), visitorInScope(actor)))
    .groupBy(trainingAttendance.sessionId);
  for (const row of rows) counts.set(row.sessionId, row);
  return counts;
}

const listItem = (
  session: SessionRow,
  counts: Map<string, { registeredCount: number; attendedCount: number }>,
) => ({
  id: session.id,
  kind: session.kind,
  title: session.title,
  heldOn: session.heldOn,
  startTime: time(session.startTime),
  endTime: time(session.endTime),
  place: session.place,
  ledBy: session.ledBy,
  localServiceId: session.localServiceId,
  cancelledAt: session.cancelledAt,
  registeredCount: counts.get(session.id)?.registeredCount ?? 0,
  attendedCount: counts.get(session.id)?.attendedCount ?? 0,
});

/** The sessions, most recent first (the coming ones on top), a page at a time. */
export async function listSessions(db: DbOrTx, actor: Actor, query: SessionListQuery) {
  const where = and(
    sessionScopeCondition(actor),
    query.kind ? eq(trainingSessions.kind, query.kind) : undefined,
    query.year
      ? and(
          sql`${trainingSessions.heldOn} >= ${`${query.year}-01-01`}`,
          sql`${trainingSessions.heldOn} <= ${`${query.year}-12-31`}`,
        )
      : undefined,
    query.localServiceId ? eq(trainingSessions.localServiceId, query.localServiceId) : undefined,
  );
  const [totalRow] = await db.select({ total: count() }).from(trainingSessions).where(where);
  const rows = await db
    .select()
    .from(trainingSessions)
    .where(where)
    .orderBy(
      desc(trainingSessions.heldOn),
      desc(trainingSessions.startTime),
      asc(trainingSessions.id),
    )
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const counts = await listCounts(
    db,
    actor,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((row) => listItem(row, counts)),
    total: totalRow?.total ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function findSession(db: DbOrTx, id: string) {
  const [row] = await db.select().from(trainingSessions).where(eq(trainingSessions.id, id));
  return row ?? null;
}

/** The session's list, limited to the visitors the user may see. */
async function attendanceOf(db: DbOrTx, actor: Actor, sessionId: string) {
  return db
    .select({
      visitorId: trainingAttendance.visitorId,
      firstName: visitors.firstName,
      lastName: visitors.lastName,
      gender: visitors.gender,
      kind: visitors.kind,
      status: trainingAttendance.status,
    })
    .from(trainingAttendance)
    .innerJoin(visitors, eq(visitors.id, trainingAttendance.visitorId))
    .where(and(eq(trainingAttendance.sessionId, sessionId), visitorInScope(actor)))
    .orderBy(
      asc(sql`search_key(${visitors.lastName})`),
      asc(sql`search_key(${visitors.firstName})`),
      asc(visitors.id),
    );
}

export async function sessionDetail(db: DbOrTx, actor: Actor, session: SessionRow) {
  const attendance = await attendanceOf(db, actor, session.id);
  const counts = new Map([
    [
      session.id,
      {
        registeredCount: attendance.length,
        attendedCount: attendance.filter((a) => a.status === 'attended').length,
      },
    ],
  ]);
  return { ...listItem(session, counts), cancelReason: session.cancelReason, attendance };
}

/** Every session a visitor is on the list of, most recent first. */
export async function recordLines(db: DbOrTx, visitorId: string): Promise<RecordLine[]> {
  const rows = await db
    .select({
      sessionId: trainingSessions.id,
      kind: trainingSessions.kind,
      title: trainingSessions.title,
      heldOn: trainingSessions.heldOn,
      status: trainingAttendance.status,
      cancelledAt: trainingSessions.cancelledAt,
    })
    .from(trainingAttendance)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
    .where(eq(trainingAttendance.visitorId, visitorId))
    .orderBy(desc(trainingSessions.heldOn), asc(trainingSessions.id));
  return rows.map(({ cancelledAt, ...row }) => ({
    ...row,
    kind: row.kind as SessionKind,
    status: row.status as AttendanceStatus,
    cancelled: cancelledAt !== null,
  }));
}

/** The employed young visitors' contracts (those with an end date) and their attendance. */
export async function youngVisitorFacts(db: DbOrTx, actor: Actor) {
  const contractRows = await db
    .select({
      visitorId: visitors.id,
      contractType: visitors.contractType,
      start: visitors.commitmentStart,
      end: visitors.commitmentEnd,
      outcome: visitors.exitOutcome,
      outcomeOn: visitors.exitOutcomeOn,
    })
    .from(visitors)
    .where(
      and(
        visitorInScope(actor),
        eq(visitors.kind, EMPLOYED_YOUNG),
        isNotNull(visitors.commitmentEnd),
      ),
    );
  const contracts: ContractFact[] = contractRows.map((row) => ({
    ...row,
    end: row.end!,
    contractType: row.contractType as ContractType | null,
    outcome: row.outcome as ExitOutcome | null,
  }));
  const attendanceRows = await db
    .select({
      visitorId: trainingAttendance.visitorId,
      kind: trainingSessions.kind,
      heldOn: trainingSessions.heldOn,
      status: trainingAttendance.status,
      cancelledAt: trainingSessions.cancelledAt,
    })
    .from(trainingAttendance)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
    .innerJoin(visitors, eq(visitors.id, trainingAttendance.visitorId))
    .where(
      and(
        visitorInScope(actor),
        eq(visitors.kind, EMPLOYED_YOUNG),
        eq(trainingAttendance.status, 'attended'),
        isNull(trainingSessions.cancelledAt),
      ),
    );
  const attendance: AttendanceFact[] = attendanceRows.map(({ cancelledAt, ...row }) => ({
    ...row,
    kind: row.kind as SessionKind,
    status: row.status as AttendanceStatus,
    cancelled: cancelledAt !== null,
  }));
  return { contracts, attendance };
}
