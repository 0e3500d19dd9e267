/**
 * Writes about training sessions, their attendance, and the employed young visitors' contracts
 * and outcomes (issue 12, ADR 0030), each through the write mechanism (src/server/write/write.ts):
 * the session or visitor is locked and checked against the route's action (a scope refusal
 * answers 404), the rules of src/domain/training/rules.ts are checked (400 in French, nothing
 * written), and the change and its audit rows are one transaction.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import { trainingAttendance, trainingSessions, visitors } from '../../db/schema.js';
import { serviceToday } from '../../domain/common/calendar.js';
import { formatLongDate } from '../../domain/common/french.js';
import {
  attendanceProblems,
  contractProblems,
  outcomeProblems,
  sessionChangeProblems,
  sessionTimeProblems,
  type Mark,
  type Problem,
} from '../../domain/training/rules.js';
import type {
  AttendanceInput,
  ContractInput,
  ExitOutcomeInput,
  SessionCreateInput,
  SessionUpdateInput,
} from '../../domain/training/schemas.js';
import {
  EMPLOYED_YOUNG,
  type AttendanceStatus,
  type SessionKind,
} from '../../domain/training/values.js';
import type { AuthenticatedContext } from '../http/context.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { resolveLocalService } from '../organisations/service.js';
import { visitorScope } from '../visitors/queries.js';
import { checkAlso, write, type Target } from '../write/write.js';
import { sessionScope, visitorInScope, type SessionRow } from './queries.js';

const SESSION = 'Séance';
const VISITOR = 'Visiteur';

type VisitorRow = typeof visitors.$inferSelect;

function refuse(problems: Problem[]) {
  const [first] = problems;
  if (first) throw badRequest(first.message, { field: first.field });
}

async function sessionTarget(tx: Tx, id: string): Promise<Target<SessionRow> | null> {
  const [session] = await tx
    .select()
    .from(trainingSessions)
    .where(eq(trainingSessions.id, id))
    .for('update');
  if (!session) return null;
  return {
    row: session,
    scope: sessionScope(session),
    entityType: 'training_session',
    entityId: id,
  };
}

async function visitorTarget(tx: Tx, id: string): Promise<Target<VisitorRow> | null> {
  const [visitor] = await tx.select().from(visitors).where(eq(visitors.id, id)).for('update');
  if (!visitor) return null;
  return { row: visitor, scope: visitorScope(visitor), entityType: 'visitor', entityId: id };
}

const cancelledConflict = (session: SessionRow) =>
  conflict(
    'cancelled',
    `Cette séance a été annulée le ${formatLongDate(session.cancelledAt!)} : elle ne change plus.`,
  );

const localServiceOf = (tx: Tx, ctx: AuthenticatedContext, localServiceId: string | null) =>
  resolveLocalService(
    tx,
    ctx.actor,
    localServiceId,
    'Vous ne pouvez organiser une séance que pour votre propre service local.',
  );

// ---------------------------------------------------------------- sessions

export async function createSession(ctx: AuthenticatedContext, input: SessionCreateInput) {
  refuse(sessionTimeProblems(input));
  return write(ctx, {
    audit: 'training.create',
    scope: async (tx) => ({
      organisationId: ctx.actor.organisationId,
      localServiceId: await localServiceOf(tx, ctx, input.localServiceId),
    }),
    apply: async (tx, _none, trail) => {
      const localServiceId = await localServiceOf(tx, ctx, input.localServiceId);
      const [session] = await tx
        .insert(trainingSessions)
        .values({
          ...input,
          localServiceId,
          organisationId: ctx.actor.organisationId,
          createdBy: ctx.actor.id,
        })
        .returning();
      if (!session) throw new Error('insert returned nothing');
      trail.record({ entityType: 'training_session', entityId: session.id, after: session });
      return session;
    },
  });
}

async function marksOf(tx: Tx, sessionId: string): Promise<Mark[]> {
  const rows = await tx
    .select({ visitorId: trainingAttendance.visitorId, status: trainingAttendance.status })
    .from(trainingAttendance)
    .where(eq(trainingAttendance.sessionId, sessionId));
  return rows.map((r) => ({ ...r, status: r.status as AttendanceStatus }));
}

export async function updateSession(
  ctx: AuthenticatedContext,
  id: string,
  patch: SessionUpdateInput,
) {
  return write(ctx, {
    what: SESSION,
    audit: 'training.update',
    load: (tx) => sessionTarget(tx, id),
    validate: async (tx, existing) => {
      if (existing.cancelledAt) throw cancelledConflict(existing);
      const merged = { ...existing, ...patch };
      refuse(
        sessionChangeProblems(
          { ...merged, kind: merged.kind as SessionKind },
          await marksOf(tx, id),
          serviceToday(),
        ),
      );
    },
    apply: async (tx) => {
      const values: Partial<typeof trainingSessions.$inferInsert> = { ...patch };
      if ('localServiceId' in patch)
        values.localServiceId = await localServiceOf(tx, ctx, patch.localServiceId ?? null);
      const [after] = await tx
        .update(trainingSessions)
        .set(values)
        .where(eq(trainingSessions.id, id))
        .returning();
      return after!;
    },
  });
}

export async function cancelSession(
  ctx: AuthenticatedContext,
  id: string,
  input: { reason: string | null },
) {
  return write(ctx, {
    what: SESSION,
    audit: 'training.cancel',
    load: (tx) => sessionTarget(tx, id),
    validate: (_tx, existing) => {
      if (existing.cancelledAt) throw cancelledConflict(existing);
    },
    apply: async (tx) => {
      const [after] = await tx
        .update(trainingSessions)
        .set({ cancelledAt: new Date(), cancelReason: input.reason })
        .where(eq(trainingSessions.id, id))
        .returning();
      return after!;
    },
  });
}

// ---------------------------------------------------------------- attendance

/**
 * The attendance sheet: who is on the session's list and how it went, in one write. The list
 * replaces the session's, for the visitors the user may see (a coordinator of one local service
 * leaves the other services' visitors on a shared seminar as they were).
 */
export async function replaceAttendance(
  ctx: AuthenticatedContext,
  sessionId: string,
  input: AttendanceInput,
) {
  const marks = input.attendance;
  return write(ctx, {
    what: SESSION,
    audit: 'training.attendance',
    load: (tx) => sessionTarget(tx, sessionId),
    validate: async (tx, session) => {
      if (session.cancelledAt) throw cancelledConflict(session);
      const ids = marks.map((m) => m.visitorId);
      const found = ids.length
        ? await tx.select().from(visitors).where(inArray(visitors.id, ids))
        : [];
      const byId = new Map(found.map((v) => [v.id, v]));
      const already = new Set((await marksOf(tx, sessionId)).map((m) => m.visitorId));
      for (const mark of marks) {
        const visitor = byId.get(mark.visitorId);
        if (!visitor) throw notFound(VISITOR);
        checkAlso(ctx, visitorScope(visitor), VISITOR);
        if (!already.has(visitor.id) && visitor.endedOn && visitor.endedOn < session.heldOn)
          throw badRequest(
            `${visitor.firstName} ${visitor.lastName} a quitté le service le ${formatLongDate(visitor.endedOn)}, avant cette séance : on ne peut plus l’y inscrire.`,
            { field: 'attendance' },
          );
        if (session.kind === 'tutoring' && visitor.kind !== EMPLOYED_YOUNG)
          throw badRequest('Une rencontre de tutorat concerne un jeune visiteur salarié.', {
            field: 'attendance',
          });
      }
      refuse(
        attendanceProblems(
          { kind: session.kind as SessionKind, heldOn: session.heldOn, cancelled: false },
          marks,
          serviceToday(),
        ),
      );
    },
    apply: async (tx, _session, trail) => {
      const current = await tx
        .select({ visitorId: trainingAttendance.visitorId, status: trainingAttendance.status })
        .from(trainingAttendance)
        .innerJoin(visitors, eq(visitors.id, trainingAttendance.visitorId))
        .where(and(eq(trainingAttendance.sessionId, sessionId), visitorInScope(ctx.actor)));
      const before = new Map(current.map((row) => [row.visitorId, row.status]));
      const wanted = new Map(marks.map((m) => [m.visitorId, m.status]));
      const row = (visitorId: string, status: string) => ({ sessionId, visitorId, status });
      const entityId = (visitorId: string) => `${sessionId}/${visitorId}`;
      for (const [visitorId, status] of before) {
        if (wanted.has(visitorId)) continue;
        await tx
          .delete(trainingAttendance)
          .where(
            and(
              eq(trainingAttendance.sessionId, sessionId),
              eq(trainingAttendance.visitorId, visitorId),
            ),
          );
        trail.record({
          entityType: 'training_attendance',
          entityId: entityId(visitorId),
          before: row(visitorId, status),
          after: null,
        });
      }
      for (const [visitorId, status] of wanted) {
        const was = before.get(visitorId);
        if (was === status) continue;
        if (was === undefined) {
          await tx.insert(trainingAttendance).values(row(visitorId, status));
        } else {
          await tx
            .update(trainingAttendance)
            .set({ status })
            .where(
              and(
                eq(trainingAttendance.sessionId, sessionId),
                eq(trainingAttendance.visitorId, visitorId),
              ),
            );
        }
        trail.record({
          entityType: 'training_attendance',
          entityId: entityId(visitorId),
          before: was === undefined ? null : row(visitorId, was),
          after: row(visitorId, status),
        });
      }
      return {
        id: sessionId,
        registeredCount: wanted.size,
        attendedCount: [...wanted.values()].filter((s) => s === 'attended').length,
      };
    },
  });
}

// ---------------------------------------------------------------- contract and outcome

const notEmployedYoung = () =>
  badRequest('Le contrat et la sortie ne sont suivis que pour les jeunes visiteurs salariés.', {
    field: 'kind',
  });

export async function setContract(ctx: AuthenticatedContext, id: string, input: ContractInput) {
  return write(ctx, {
    what: VISITOR,
    audit: 'visitor.contract',
    load: (tx) => visitorTarget(tx, id),
    validate: (_tx, visitor) => {
      if (visitor.kind !== EMPLOYED_YOUNG) throw notEmployedYoung();
      refuse(contractProblems(input));
      if (visitor.exitOutcomeOn && visitor.exitOutcomeOn < input.start)
        throw badRequest(
          `La sortie est enregistrée au ${formatLongDate(visitor.exitOutcomeOn)}, avant ce début de contrat.`,
          { field: 'start' },
        );
    },
    apply: async (tx) => {
      const [after] = await tx
        .update(visitors)
        .set({
          contractType: input.contractType,
          commitmentStart: input.start,
          commitmentEnd: input.end,
          updatedAt: new Date(),
        })
        .where(eq(visitors.id, id))
        .returning();
      return after!;
    },
  });
}

export async function setExitOutcome(
  ctx: AuthenticatedContext,
  id: string,
  input: ExitOutcomeInput,
) {
  return write(ctx, {
    what: VISITOR,
    audit: 'visitor.exit_outcome',
    load: (tx) => visitorTarget(tx, id),
    validate: (_tx, visitor) => {
      if (visitor.kind !== EMPLOYED_YOUNG) throw notEmployedYoung();
      refuse(outcomeProblems(input, { start: visitor.commitmentStart }, serviceToday()));
    },
    apply: async (tx) => {
      const [after] = await tx
        .update(visitors)
        .set({
          exitOutcome: input.outcome,
          exitOutcomeOn: input.on,
          exitOutcomeNote: input.note,
          updatedAt: new Date(),
        })
        .where(eq(visitors.id, id))
        .returning();
      return after!;
    },
  });
}
