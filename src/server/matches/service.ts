/**
 * The life of a match (ADR 0028): the calls that announce it, the first visit with the
 * coordinator present, the trial, the confirmation, the reviews and the end. Every change goes
 * through `write()` (the match is the assignment, locked); every read of a match is audited.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import {
  assignments,
  contactLog,
  matchReviews,
  matchSteps,
  pairs,
  personContacts,
  people,
  statusChanges,
  users,
  visitVisitors,
  visitorAbsences,
  visits,
} from '../../db/schema.js';
import { checkTransition } from '../../domain/admission/lifecycle.js';
import { scoreLsns6 } from '../../domain/admission/lsns6.js';
import {
  minutesOfTime,
  mondayOf,
  serviceToday,
  timeOfMinutes,
} from '../../domain/common/calendar.js';
import { formatLongDate } from '../../domain/common/french.js';
import type {
  FirstVisitInput,
  MatchCallInput,
  MatchEndInput,
  MatchReviewInput,
  MatchStepInput,
} from '../../domain/matching/match-api.js';
import {
  MATCH_END_REASON_LABELS,
  NO_AFFINITY_PRIORITY,
  PERSON_SITUATION_REASONS,
  allowedNextSteps,
  checkMatchStep,
  checkReview,
  nextReviewOn,
  trialEndsOn,
  type MatchEndReason,
  type MatchStage,
  type MatchState,
} from '../../domain/matching/match-life.js';
import { can } from '../../domain/permissions/policy.js';
import { auditRead } from '../audit/audit.js';
import { authorize } from '../http/authorize.js';
import type { AuthenticatedContext } from '../http/context.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import {
  organisationFollowUpSettings,
  organisationPlanningSettings,
} from '../organisations/service.js';
import { findPerson } from '../people/queries.js';
import { lifecycleState } from '../people/service.js';
import { findVisitor, visitorScope } from '../visitors/queries.js';
import type { AuditTrail, Target } from '../write/write.js';
import { appendContact } from '../contacts/service.js';
import { write } from '../write/write.js';
import {
  findMatch,
  matchState,
  summaryOf,
  unitLabels,
  type AssignmentRow,
  type FoundMatch,
} from './queries.js';

const MATCH = 'Appariement';

/** The match as the target of a write: the assignment locked, scoped by its person. */
async function matchTarget(tx: Tx, id: string): Promise<Target<AssignmentRow> | null> {
  const found = await findMatch(tx, id, true);
  if (!found) return null;
  return {
    row: found.assignment,
    scope: found.scope,
    entityType: 'assignment',
    entityId: id,
    subjectId: found.person.id,
    archived: found.person.archivedAt !== null,
  };
}

/** Records a step of the match: the assignment's stage and a dated `match_steps` row. */
async function recordStep(
  ctx: AuthenticatedContext,
  tx: Tx,
  trail: AuditTrail,
  match: AssignmentRow,
  to: MatchStage,
  effectiveOn: string,
  set: Partial<typeof assignments.$inferInsert> = {},
  detail: { reason?: string | null; comment?: string | null } = {},
) {
  await tx
    .update(assignments)
    .set({ ...set, stage: to, stageSince: effectiveOn })
    .where(eq(assignments.id, match.id));
  const [step] = await tx
    .insert(matchSteps)
    .values({
      organisationId: match.organisationId,
      assignmentId: match.id,
      fromStage: match.stage,
      toStage: to,
      effectiveOn,
      reason: detail.reason ?? null,
      comment: detail.comment ?? null,
      changedBy: ctx.actor.id,
    })
    .returning();
  trail.record({
    entityType: 'match_step',
    entityId: String(step!.id),
    subjectId: match.personId,
    after: step!,
  });
}

const stateWith = async (tx: Tx, match: AssignmentRow): Promise<MatchState> => {
  const found = await findMatch(tx, match.id);
  if (!found) throw notFound(MATCH);
  return matchState(tx, found);
};

/** A refusal of the rules: a bad date is bad input (400), a step out of order a conflict (409). */
function refuse(check: { ok: true } | { ok: false; code: string; message: string }) {
  if (check.ok) return;
  if (['invalid_date', 'future_date', 'before_current'].includes(check.code))
    throw badRequest(check.message);
  throw conflict(check.code, check.message);
}

// ---------------------------------------------------------------- calls

/**
 * Logs a call about the match with one side (the person or a carer, or one of the unit's
 * visitors) in the contact log. Once the person and every visitor were reached, a match still
 * "accepted" becomes "announced".
 */
export async function logMatchCall(ctx: AuthenticatedContext, id: string, input: MatchCallInput) {
  const today = serviceToday();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : new Date();
  let found: FoundMatch;
  let result: { contactId: string; stage: MatchStage; stageSince: string | null } | null = null;
  await write(ctx, {
    what: MATCH,
    load: (tx) => matchTarget(tx, id),
    validate: async (tx, match) => {
      found = (await findMatch(tx, match.id))!;
      if (match.stage === 'ended')
        throw conflict('match_ended', 'L’appariement est terminé : plus d’appel à noter pour lui.');
      if (occurredAt.getTime() > Date.now() + 60_000)
        throw badRequest('Un appel passé ne peut pas être daté dans le futur.');
      if (input.purpose === 'trial_check' && match.stage !== 'trial')
        throw conflict(
          'not_in_trial',
          'L’appel de fin d’essai se note pendant la période d’essai.',
        );
      if (input.side === 'visitor' && !found.unit.members.some((m) => m.id === input.visitorId))
        throw badRequest(
          'Ce visiteur ne fait pas partie du binôme ou du bénévole de l’appariement.',
        );
      if (input.personContactId) {
        const [carer] = await tx
          .select({ id: personContacts.id })
          .from(personContacts)
          .where(
            and(
              eq(personContacts.id, input.personContactId),
              eq(personContacts.personId, match.personId),
            ),
          );
        if (!carer) throw badRequest('Ce proche n’est pas sur la fiche de la personne.');
      }
      if (input.callbackOn && input.callbackOn < today)
        throw badRequest('La date « à rappeler » ne peut pas être passée.');
    },
    apply: async (tx, match, trail) => {
      // The contact log's one way of appending a contact inside another write (ADR 0027).
      const contact = await appendContact(tx, trail, {
        organisationId: match.organisationId,
        localServiceId: found.person.localServiceId,
        personId: input.side === 'person' ? match.personId : null,
        personContactId: input.side === 'person' ? (input.personContactId ?? null) : null,
        visitorId: input.side === 'visitor' ? input.visitorId! : null,
        assignmentId: match.id,
        channel: input.channel,
        outcome: input.outcome,
        occurredAt,
        purpose: input.purpose,
        note: input.note,
        callbackOn: input.callbackOn ?? null,
        callbackOwnerId: input.callbackOn ? ctx.actor.id : null,
        createdBy: ctx.actor.id,
      });
      let stage = match.stage as MatchStage;
      let stageSince = match.stageSince;
      if (match.stage === 'accepted' && input.purpose === 'match_announcement') {
        const state = await matchState(tx, found);
        if (checkMatchStep(state, { to: 'announced', effectiveOn: today }, today).ok) {
          await recordStep(ctx, tx, trail, match, 'announced', today);
          stage = 'announced';
          stageSince = today;
        }
      }
      result = { contactId: contact.id, stage, stageSince };
    },
  });
  return { id, ...result! };
}

// ---------------------------------------------------------------- the first visit

/**
 * Plans the first visit with the coordinator present: a visit of the person by the unit's
 * visitors, `staff_user_id` the coordinator, `purpose` first_meeting. Refuses a day in the past,
 * a time outside the organisation's planning day, a visitor absent or already busy then.
 */
export async function planFirstVisit(
  ctx: AuthenticatedContext,
  id: string,
  input: FirstVisitInput,
) {
  const today = serviceToday();
  const staffUserId = input.staffUserId ?? ctx.actor.id;
  const start = minutesOfTime(input.startTime);
  const end = start + input.durationMinutes;
  let found: FoundMatch;
  let visitId = '';
  await write(ctx, {
    what: MATCH,
    load: (tx) => matchTarget(tx, id),
    validate: async (tx, match) => {
      found = (await findMatch(tx, match.id))!;
      const state = await matchState(tx, found);
      refuse(
        checkMatchStep(
          { ...state, firstVisit: { date: input.date, status: 'planned' } },
          { to: 'first_visit_planned', effectiveOn: today },
          today,
        ),
      );
      if (input.date < today)
        throw badRequest('La première visite ne peut pas être planifiée dans le passé.');
      const planning = await organisationPlanningSettings(tx, match.organisationId);
      if (start < minutesOfTime(planning.dayStart) || end > minutesOfTime(planning.dayEnd))
        throw badRequest(
          `La visite doit tenir dans la journée de travail du service, de ${planning.dayStart.replace(':', ' h ')} à ${planning.dayEnd.replace(':', ' h ')}.`,
        );
      const [staff] = await tx
        .select({ id: users.id, roles: users.roles, disabledAt: users.disabledAt })
        .from(users)
        .where(and(eq(users.id, staffUserId), eq(users.organisationId, match.organisationId)));
      if (
        !staff ||
        staff.disabledAt ||
        !staff.roles.some((r) => r === 'coordinator' || r === 'admin')
      )
        throw badRequest('Choisissez un coordinateur ou une coordinatrice du service.');
      for (const member of found.unit.members) {
        const who = `${member.firstName} ${member.lastName}`;
        if ((member.endedOn && member.endedOn <= input.date) || member.journeyStage !== 'active')
          throw conflict('visitor_unavailable', `${who} n’est pas en activité à cette date.`);
        const [absence] = await tx
          .select({ id: visitorAbsences.id })
          .from(visitorAbsences)
          .where(
            and(
              eq(visitorAbsences.visitorId, member.id),
              lte(visitorAbsences.startsOn, input.date),
              gte(visitorAbsences.endsOn, input.date),
            ),
          );
        if (absence)
          throw conflict(
            'visitor_absent',
            `${who} est absent ou absente le ${formatLongDate(input.date)}.`,
          );
      }
      const memberIds = found.unit.members.map((m) => m.id);
      const overlapping = sql`${visits.startTime} < ${timeOfMinutes(end)}::time and ${visits.startTime} + make_interval(mins => ${visits.durationMinutes}) > ${timeOfMinutes(start)}::time`;
      const busy = await tx
        .select({ visitorId: visitVisitors.visitorId })
        .from(visitVisitors)
        .innerJoin(visits, eq(visits.id, visitVisitors.visitId))
        .where(
          and(
            inArray(visitVisitors.visitorId, memberIds),
            eq(visits.date, input.date),
            ne(visits.status, 'cancelled'),
            overlapping,
          ),
        );
      if (busy.length) {
        const m = found.unit.members.find((x) => busy.some((b) => b.visitorId === x.id))!;
        throw conflict(
          'visitor_busy',
          `${m.firstName} ${m.lastName} a déjà une visite à ce moment-là : choisissez une autre heure.`,
        );
      }
      const [staffBusy] = await tx
        .select({ id: visits.id })
        .from(visits)
        .where(
          and(
            eq(visits.staffUserId, staffUserId),
            eq(visits.date, input.date),
            ne(visits.status, 'cancelled'),
            overlapping,
          ),
        );
      if (staffBusy)
        throw conflict(
          'staff_busy',
          'Le coordinateur ou la coordinatrice assiste déjà à une autre visite à ce moment-là.',
        );
    },
    apply: async (tx, match, trail) => {
      const [visit] = await tx
        .insert(visits)
        .values({
          organisationId: match.organisationId,
          localServiceId: found.person.localServiceId,
          personId: match.personId,
          assignmentId: match.id,
          weekStart: mondayOf(input.date),
          rank: 1,
          date: input.date,
          startTime: input.startTime,
          durationMinutes: input.durationMinutes,
          place: match.place,
          crew: found.unit.kind === 'pair' ? 'pair' : 'volunteer',
          staffUserId,
          purpose: 'first_meeting',
        })
        .returning();
      await tx
        .insert(visitVisitors)
        .values(
          found.unit.members.map((m) => ({ visitId: visit!.id, visitorId: m.id, role: 'member' })),
        );
      trail.record({
        entityType: 'visit',
        entityId: visit!.id,
        subjectId: match.personId,
        after: visit!,
      });
      visitId = visit!.id;
      await recordStep(ctx, tx, trail, match, 'first_visit_planned', today, {
        firstVisitId: visit!.id,
      });
    },
  });
  return { id, stage: 'first_visit_planned' as const, stageSince: today, visitId };
}

// ---------------------------------------------------------------- steps

/**
 * A step of the match: announced (both sides reached), trial (the first visit done; given its
 * day, the visit is recorded done), confirmed (after the trial's check-in call). The first visit
 * and the end have their own forms.
 */
export async function takeMatchStep(ctx: AuthenticatedContext, id: string, input: MatchStepInput) {
  const today = serviceToday();
  const effectiveOn = input.effectiveOn ?? today;
  let stageSince = effectiveOn;
  await write(ctx, {
    what: MATCH,
    load: (tx) => matchTarget(tx, id),
    validate: async (tx, match) => {
      const state = await stateWith(tx, match);
      refuse(
        checkMatchStep(
          state,
          {
            to: input.to,
            effectiveOn,
            comment: input.comment,
            firstVisitDoneOn: input.firstVisitDoneOn,
          },
          today,
        ),
      );
      if (input.to === 'first_visit_planned')
        throw conflict(
          'use_first_visit',
          'La première visite se planifie avec son formulaire (date, heure, durée).',
        );
      if (input.to === 'ended')
        throw conflict('use_end', 'La fin d’un appariement se note avec son motif.');
    },
    apply: async (tx, match, trail) => {
      const followUp = await organisationFollowUpSettings(tx, match.organisationId);
      if (input.to === 'trial') {
        const [visit] = await tx.select().from(visits).where(eq(visits.id, match.firstVisitId!));
        let doneOn = visit!.date;
        if (visit!.status !== 'done') {
          doneOn = input.firstVisitDoneOn!;
          const [updated] = await tx
            .update(visits)
            .set({ status: 'done', date: doneOn, weekStart: mondayOf(doneOn) })
            .where(eq(visits.id, visit!.id))
            .returning();
          trail.record({
            entityType: 'visit',
            entityId: visit!.id,
            subjectId: match.personId,
            before: visit!,
            after: updated!,
          });
        }
        await recordStep(
          ctx,
          tx,
          trail,
          match,
          'trial',
          effectiveOn,
          { trialEndsOn: trialEndsOn(doneOn, followUp.trialWeeks) },
          { comment: input.comment },
        );
      } else if (input.to === 'confirmed') {
        await recordStep(
          ctx,
          tx,
          trail,
          match,
          'confirmed',
          effectiveOn,
          { nextReviewOn: nextReviewOn(effectiveOn, followUp.reviewMonths) },
          { comment: input.comment },
        );
      } else {
        await recordStep(
          ctx,
          tx,
          trail,
          match,
          input.to,
          effectiveOn,
          {},
          { comment: input.comment },
        );
      }
      stageSince = effectiveOn;
    },
  });
  return { id, stage: input.to, stageSince };
}

// ---------------------------------------------------------------- the end

/**
 * Ends the match: the assignment ends, its planned visits after the end are cancelled. If the
 * person has no other match running, they go back to the waiting list through the status
 * history (not for a move, a care home or a death: the coordinator closes the file), and after a
 * match without affinity with priority, the unit avoided by the next proposals.
 */
async function applyEnd(
  ctx: AuthenticatedContext,
  tx: Tx,
  trail: AuditTrail,
  match: AssignmentRow,
  end: { reason: MatchEndReason; comment: string | null; endedOn: string },
): Promise<string | null> {
  await recordStep(
    ctx,
    tx,
    trail,
    match,
    'ended',
    end.endedOn,
    { endedOn: end.endedOn, endReason: end.reason, endComment: end.comment },
    { reason: end.reason, comment: end.comment },
  );
  const cancelled = await tx
    .update(visits)
    .set({
      status: 'cancelled',
      cancelReason: `Appariement arrêté : ${MATCH_END_REASON_LABELS[end.reason]}.`,
    })
    .where(
      and(
        eq(visits.assignmentId, match.id),
        eq(visits.status, 'planned'),
        gt(visits.date, end.endedOn),
      ),
    )
    .returning({ id: visits.id });
  for (const visit of cancelled)
    trail.record({
      entityType: 'visit',
      entityId: visit.id,
      subjectId: match.personId,
      before: { status: 'planned' },
      after: { status: 'cancelled' },
    });
  const [other] = await tx
    .select({ id: assignments.id })
    .from(assignments)
    .where(
      and(
        eq(assignments.personId, match.personId),
        isNull(assignments.endedOn),
        ne(assignments.id, match.id),
      ),
    );
  const person = await findPerson(tx, match.personId);
  const status = person?.status ?? null;
  if (other || status !== 'active' || PERSON_SITUATION_REASONS.includes(end.reason)) return status;
  // Back on the list they were visited from: the consent to visits they gave then still holds
  // (a withdrawal has its own route), so it is not asked again here.
  const state = {
    ...(await lifecycleState(tx, match.personId, 'active')),
    visitConsent: undefined,
  };
  const effectiveDate =
    state.currentSince && state.currentSince > end.endedOn ? state.currentSince : end.endedOn;
  refuse(checkTransition(state, { to: 'waiting', effectiveDate }));
  await tx.insert(statusChanges).values({
    personId: match.personId,
    fromStatus: 'active',
    toStatus: 'waiting',
    reason: null,
    comment: `Appariement arrêté : ${MATCH_END_REASON_LABELS[end.reason]}`,
    until: null,
    effectiveDate,
    changedBy: ctx.actor.id,
  });
  const priority = end.reason === 'no_affinity';
  if (priority)
    await tx
      .update(people)
      .set({ waitingPrioritySince: end.endedOn, waitingPriorityReason: NO_AFFINITY_PRIORITY })
      .where(eq(people.id, match.personId));
  trail.record({
    entityType: 'person',
    entityId: match.personId,
    subjectId: match.personId,
    before: { status: 'active', waitingPrioritySince: person?.person.waitingPrioritySince ?? null },
    after: {
      status: 'waiting',
      waitingPrioritySince: priority ? end.endedOn : (person?.person.waitingPrioritySince ?? null),
    },
  });
  return 'waiting';
}

export async function endMatch(ctx: AuthenticatedContext, id: string, input: MatchEndInput) {
  const today = serviceToday();
  const endedOn = input.endedOn ?? today;
  let personStatus: string | null = null;
  await write(ctx, {
    what: MATCH,
    load: (tx) => matchTarget(tx, id),
    validate: async (tx, match) => {
      if (endedOn > today)
        throw badRequest('La fin d’un appariement ne peut pas être datée dans le futur.');
      if (endedOn < match.startedOn)
        throw badRequest(
          `L’appariement a commencé le ${formatLongDate(match.startedOn)} : il ne peut pas finir avant.`,
        );
      refuse(
        checkMatchStep(
          await stateWith(tx, match),
          { to: 'ended', effectiveOn: endedOn, reason: input.reason, comment: input.comment },
          today,
        ),
      );
    },
    apply: async (tx, match, trail) => {
      personStatus = await applyEnd(ctx, tx, trail, match, {
        reason: input.reason,
        comment: input.comment,
        endedOn,
      });
    },
  });
  return { id, stage: 'ended' as const, stageSince: endedOn, personStatus };
}

// ---------------------------------------------------------------- reviews

/**
 * A review of an active match (trial or confirmed): both sides' satisfaction, the LSNS-6 again,
 * and the decision: continue (next review dated), change the rhythm, or end the match.
 */
export async function holdReview(ctx: AuthenticatedContext, id: string, input: MatchReviewInput) {
  const today = serviceToday();
  const heldOn = input.heldOn ?? today;
  let reviewId = '';
  let stage: MatchStage = 'confirmed';
  let stageSince: string | null = null;
  let personStatus: string | null = null;
  await write(ctx, {
    what: MATCH,
    load: (tx) => matchTarget(tx, id),
    validate: async (tx, match) => {
      refuse(checkReview(match.stage as MatchStage));
      if (heldOn > today) throw badRequest('Un bilan fait ne peut pas être daté dans le futur.');
      if (heldOn < match.startedOn)
        throw badRequest(
          `L’appariement a commencé le ${formatLongDate(match.startedOn)} : le bilan ne peut pas être daté d’avant.`,
        );
      if (input.decision === 'end')
        refuse(
          checkMatchStep(
            await stateWith(tx, match),
            { to: 'ended', effectiveOn: heldOn, reason: input.endReason, comment: input.comment },
            today,
          ),
        );
    },
    apply: async (tx, match, trail) => {
      const [review] = await tx
        .insert(matchReviews)
        .values({
          organisationId: match.organisationId,
          assignmentId: match.id,
          heldOn,
          personSatisfaction: input.personSatisfaction,
          visitorSatisfaction: input.visitorSatisfaction,
          lsnsFamilySeen: input.lsns6.family_seen,
          lsnsFamilyTalkPrivate: input.lsns6.family_talk_private,
          lsnsFamilyHelp: input.lsns6.family_help,
          lsnsFriendsSeen: input.lsns6.friends_seen,
          lsnsFriendsTalkPrivate: input.lsns6.friends_talk_private,
          lsnsFriendsHelp: input.lsns6.friends_help,
          decision: input.decision,
          newVisitsPerWeek: input.decision === 'change_rhythm' ? input.newVisitsPerWeek! : null,
          comment: input.comment,
          heldBy: ctx.actor.id,
        })
        .returning();
      trail.record({
        entityType: 'match_review',
        entityId: review!.id,
        subjectId: match.personId,
        after: review!,
      });
      reviewId = review!.id;
      stage = match.stage as MatchStage;
      stageSince = match.stageSince;
      if (input.decision === 'end') {
        personStatus = await applyEnd(ctx, tx, trail, match, {
          reason: input.endReason!,
          comment: input.comment,
          endedOn: heldOn,
        });
        stage = 'ended';
        stageSince = heldOn;
        return;
      }
      const followUp = await organisationFollowUpSettings(tx, match.organisationId);
      await tx
        .update(assignments)
        .set({
          ...(match.stage === 'confirmed'
            ? { nextReviewOn: nextReviewOn(heldOn, followUp.reviewMonths) }
            : {}),
          ...(input.decision === 'change_rhythm' ? { visitsPerWeek: input.newVisitsPerWeek! } : {}),
        })
        .where(eq(assignments.id, match.id));
    },
  });
  return { id, stage, stageSince, reviewId, personStatus };
}

// ---------------------------------------------------------------- reads

const lsnsTotal = (r: typeof matchReviews.$inferSelect) => {
  const answers = {
    family_seen: r.lsnsFamilySeen,
    family_talk_private: r.lsnsFamilyTalkPrivate,
    family_help: r.lsnsFamilyHelp,
    friends_seen: r.lsnsFriendsSeen,
    friends_talk_private: r.lsnsFriendsTalkPrivate,
    friends_help: r.lsnsFriendsHelp,
  };
  return Object.values(answers).some((v) => v === null)
    ? null
    : scoreLsns6(answers as Record<keyof typeof answers, number>).total;
};

/** One match, for its panel: the stage, the unit, the steps, the reviews, the calls, what is due. */
export async function readMatch(ctx: AuthenticatedContext, id: string) {
  const { db, actor } = ctx;
  const found = await findMatch(db, id);
  if (!found) throw notFound(MATCH);
  authorize(actor, 'match.read', found.scope, MATCH);
  if (found.person.archivedAt && !can(actor, 'person.read_archived').allowed) throw notFound(MATCH);
  const today = serviceToday();
  const { assignment, person, unit } = found;
  const state = await matchState(db, found);
  const steps = await db
    .select({ step: matchSteps, by: users.displayName })
    .from(matchSteps)
    .leftJoin(users, eq(users.id, matchSteps.changedBy))
    .where(eq(matchSteps.assignmentId, id))
    .orderBy(asc(matchSteps.id));
  const reviews = await db
    .select({ review: matchReviews, by: users.displayName })
    .from(matchReviews)
    .leftJoin(users, eq(users.id, matchReviews.heldBy))
    .where(eq(matchReviews.assignmentId, id))
    .orderBy(desc(matchReviews.heldOn), desc(matchReviews.createdAt));
  const carers = await db
    .select({
      id: personContacts.id,
      name: personContacts.name,
      relation: personContacts.relationship,
    })
    .from(personContacts)
    .where(eq(personContacts.personId, person.id))
    .orderBy(asc(personContacts.createdAt));
  const contacts = await db
    .select()
    .from(contactLog)
    .where(eq(contactLog.assignmentId, id))
    .orderBy(desc(contactLog.occurredAt));
  const [firstVisit] = assignment.firstVisitId
    ? await db
        .select({ visit: visits, staffName: users.displayName })
        .from(visits)
        .leftJoin(users, eq(users.id, visits.staffUserId))
        .where(eq(visits.id, assignment.firstVisitId))
    : [];
  const whoOf = (c: typeof contactLog.$inferSelect) => {
    if (c.visitorId) {
      const m = unit.members.find((x) => x.id === c.visitorId);
      return m ? `${m.firstName} ${m.lastName}` : 'Visiteur';
    }
    const carer = carers.find((x) => x.id === c.personContactId);
    return carer ? carer.name : `${person.firstName} ${person.lastName}`;
  };
  await auditRead(db, ctx, {
    action: 'match.read',
    entityType: 'assignment',
    entityId: id,
    subjectId: person.id,
  });
  return {
    match: {
      ...summaryOf(assignment, person, unit, today),
      endComment: assignment.endComment,
      visitsPerWeek: assignment.visitsPerWeek,
      personReached: state.personReached,
      trialCheckLogged: state.trialCheckLogged,
      firstVisit: firstVisit
        ? {
            id: firstVisit.visit.id,
            date: firstVisit.visit.date,
            startTime: firstVisit.visit.startTime.slice(0, 5),
            durationMinutes: firstVisit.visit.durationMinutes,
            status: firstVisit.visit.status,
            staffUserId: firstVisit.visit.staffUserId,
            staffName: firstVisit.staffName,
          }
        : null,
    },
    unit: {
      kind: unit.kind,
      id: unit.id,
      label: unit.label,
      visitors: unit.members.map((m) => ({
        id: m.id,
        firstName: m.firstName,
        lastName: m.lastName,
        reached: state.visitorsReached.find((v) => v.id === m.id)?.reached ?? false,
      })),
    },
    personContacts: carers,
    steps: steps.map(({ step, by }) => ({
      id: step.id,
      fromStage: step.fromStage as MatchStage | null,
      toStage: step.toStage as MatchStage,
      effectiveOn: step.effectiveOn,
      reason: step.reason,
      comment: step.comment,
      changedBy: by,
      at: step.at.toISOString(),
    })),
    reviews: reviews.map(({ review, by }) => ({
      id: review.id,
      heldOn: review.heldOn,
      personSatisfaction: review.personSatisfaction,
      visitorSatisfaction: review.visitorSatisfaction,
      lsns6Total: lsnsTotal(review),
      decision: review.decision as 'continue' | 'change_rhythm' | 'end',
      newVisitsPerWeek: review.newVisitsPerWeek,
      comment: review.comment,
      heldBy: by,
    })),
    contacts: contacts.map((c) => ({
      id: c.id,
      personId: c.personId,
      personContactId: c.personContactId,
      visitorId: c.visitorId,
      who: whoOf(c),
      channel: c.channel,
      outcome: c.outcome,
      purpose: c.purpose,
      occurredAt: c.occurredAt.toISOString(),
      note: c.note,
    })),
    next: allowedNextSteps(state, today),
    canManage: can(actor, 'match.manage', found.scope).allowed,
    canReview: can(actor, 'match.review', found.scope).allowed,
  };
}

type Page = { page: number; pageSize: number };

async function listMatches(
  ctx: AuthenticatedContext,
  where: ReturnType<typeof and>,
  page: Page,
  scopeFilter: ReturnType<typeof and> | undefined,
) {
  const { db } = ctx;
  const condition = and(where, scopeFilter);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(assignments)
    .innerJoin(people, eq(people.id, assignments.personId))
    .where(condition);
  const rows = await db
    .select({
      assignment: assignments,
      person: { id: people.id, firstName: people.firstName, lastName: people.lastName },
    })
    .from(assignments)
    .innerJoin(people, eq(people.id, assignments.personId))
    .where(condition)
    // Running matches first, then the most recent.
    .orderBy(
      sql`${assignments.endedOn} is not null`,
      desc(assignments.startedOn),
      desc(assignments.id),
    )
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const labels = await unitLabels(
    db,
    rows.map((r) => r.assignment),
  );
  const today = serviceToday();
  const items = rows.map(({ assignment, person }) => {
    const unitId = (assignment.pairId ?? assignment.visitorId)!;
    return summaryOf(
      assignment,
      person,
      {
        kind: assignment.pairId ? 'pair' : 'volunteer',
        id: unitId,
        label: labels.get(unitId) ?? '',
      },
      today,
    );
  });
  await auditRead(
    db,
    ctx,
    items.map((m) => ({
      action: 'match.read',
      entityType: 'assignment',
      entityId: m.id,
      subjectId: m.person.id,
    })),
  );
  return { items, total: count?.n ?? 0, ...page };
}

/** The matches of a person (history on their file). */
export async function personMatches(ctx: AuthenticatedContext, personId: string, page: Page) {
  const row = await findPerson(ctx.db, personId);
  if (!row || row.person.mergedIntoId || row.person.erasedAt) throw notFound('Personne');
  authorize(
    ctx.actor,
    'match.read',
    { organisationId: row.person.organisationId, localServiceId: row.person.localServiceId },
    'Personne',
  );
  if (row.person.archivedAt && !can(ctx.actor, 'person.read_archived').allowed)
    throw notFound('Personne');
  return listMatches(ctx, and(eq(assignments.personId, personId)), page, undefined);
}

/** What a user attached to a local service may see of a unit's matches: their service's people. */
const serviceFilter = (ctx: AuthenticatedContext) =>
  ctx.actor.localServiceId
    ? and(
        eq(people.localServiceId, ctx.actor.localServiceId),
        isNull(people.erasedAt),
        isNull(people.mergedIntoId),
      )
    : and(isNull(people.erasedAt), isNull(people.mergedIntoId));

/** The matches of a visitor: as a volunteer alone, or in any pair they belonged to. */
export async function visitorMatches(ctx: AuthenticatedContext, visitorId: string, page: Page) {
  const visitor = await findVisitor(ctx.db, visitorId);
  if (!visitor) throw notFound('Visiteur');
  authorize(ctx.actor, 'match.read', visitorScope(visitor), 'Visiteur');
  const pairIds = (
    await ctx.db
      .select({ id: pairs.id })
      .from(pairs)
      .where(or(eq(pairs.visitorAId, visitorId), eq(pairs.visitorBId, visitorId)))
  ).map((p) => p.id);
  return listMatches(
    ctx,
    and(
      eq(assignments.organisationId, visitor.organisationId),
      pairIds.length
        ? or(eq(assignments.visitorId, visitorId), inArray(assignments.pairId, pairIds))
        : eq(assignments.visitorId, visitorId),
    ),
    page,
    serviceFilter(ctx),
  );
}

/** The matches of a pair. */
export async function pairMatches(ctx: AuthenticatedContext, pairId: string, page: Page) {
  const [pair] = await ctx.db.select().from(pairs).where(eq(pairs.id, pairId));
  if (!pair) throw notFound('Binôme');
  authorize(
    ctx.actor,
    'match.read',
    { organisationId: pair.organisationId, localServiceId: pair.localServiceId },
    'Binôme',
  );
  return listMatches(
    ctx,
    and(eq(assignments.organisationId, pair.organisationId), eq(assignments.pairId, pairId)),
    page,
    serviceFilter(ctx),
  );
}
