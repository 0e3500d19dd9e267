/**
 * Reads of the life of a match (ADR 0028): the match (the assignment) with its person and unit,
 * and what its next step needs (calls logged, the first visit). Reads only.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { assignments, contactLog, pairs, people, visitors, visits } from '../../db/schema.js';
import {
  isMatchStage,
  reviewDue,
  trialEndDue,
  type MatchStage,
  type MatchState,
} from '../../domain/matching/match-life.js';
import type { ResourceScope } from '../../domain/permissions/policy.js';

export type AssignmentRow = typeof assignments.$inferSelect;

interface UnitMemberRef {
  id: string;
  firstName: string;
  lastName: string;
  endedOn: string | null;
  journeyStage: string;
}

interface MatchUnit {
  kind: 'pair' | 'volunteer';
  id: string;
  label: string;
  localServiceId: string | null;
  members: UnitMemberRef[];
}

const memberColumns = {
  id: visitors.id,
  firstName: visitors.firstName,
  lastName: visitors.lastName,
  endedOn: visitors.endedOn,
  journeyStage: visitors.journeyStage,
};

/** The unit of a match: the pair's two members, or the volunteer. */
async function unitOf(db: DbOrTx, a: Pick<AssignmentRow, 'pairId' | 'visitorId'>) {
  if (a.pairId) {
    const [pair] = await db.select().from(pairs).where(eq(pairs.id, a.pairId));
    const members = pair
      ? await db
          .select(memberColumns)
          .from(visitors)
          .where(inArray(visitors.id, [pair.visitorAId, pair.visitorBId]))
      : [];
    members.sort((x, y) => (x.id === pair?.visitorAId ? -1 : y.id === pair?.visitorAId ? 1 : 0));
    return {
      kind: 'pair' as const,
      id: a.pairId,
      label: members.map((m) => `${m.firstName} ${m.lastName}`).join(' et '),
      localServiceId: pair?.localServiceId ?? null,
      members,
    } satisfies MatchUnit;
  }
  const [volunteer] = await db
    .select({ ...memberColumns, localServiceId: visitors.localServiceId })
    .from(visitors)
    .where(eq(visitors.id, a.visitorId!));
  return {
    kind: 'volunteer' as const,
    id: a.visitorId!,
    label: volunteer ? `${volunteer.firstName} ${volunteer.lastName}` : '',
    localServiceId: volunteer?.localServiceId ?? null,
    members: volunteer ? [volunteer] : [],
  } satisfies MatchUnit;
}

/** The match, its person (names, scope) and unit; null when unknown or the person erased. */
export async function findMatch(db: DbOrTx, id: string, lock = false) {
  const query = db.select().from(assignments).where(eq(assignments.id, id));
  const [assignment] = lock ? await query.for('update') : await query;
  if (!assignment) return null;
  const [person] = await db
    .select({
      id: people.id,
      firstName: people.firstName,
      lastName: people.lastName,
      organisationId: people.organisationId,
      localServiceId: people.localServiceId,
      mergedIntoId: people.mergedIntoId,
      erasedAt: people.erasedAt,
      archivedAt: people.archivedAt,
    })
    .from(people)
    .where(eq(people.id, assignment.personId));
  if (!person || person.mergedIntoId || person.erasedAt) return null;
  const unit = await unitOf(db, assignment);
  const scope: ResourceScope = {
    organisationId: assignment.organisationId,
    localServiceId: person.localServiceId,
  };
  return { assignment, person, unit, scope };
}
export type FoundMatch = NonNullable<Awaited<ReturnType<typeof findMatch>>>;

const stageOf = (value: string): MatchStage => (isMatchStage(value) ? value : 'confirmed');

/** What the match's next step needs to know: calls reached, the first visit. */
export async function matchState(db: DbOrTx, found: FoundMatch): Promise<MatchState> {
  const { assignment, unit } = found;
  const reached = await db
    .select({
      personId: contactLog.personId,
      visitorId: contactLog.visitorId,
      purpose: contactLog.purpose,
    })
    .from(contactLog)
    .where(
      and(
        eq(contactLog.assignmentId, assignment.id),
        eq(contactLog.outcome, 'reached'),
        inArray(contactLog.purpose, ['match_announcement', 'trial_check']),
      ),
    );
  const announced = reached.filter((r) => r.purpose === 'match_announcement');
  const [firstVisit] = assignment.firstVisitId
    ? await db
        .select({ date: visits.date, status: visits.status })
        .from(visits)
        .where(eq(visits.id, assignment.firstVisitId))
    : [];
  return {
    stage: stageOf(assignment.stage),
    stageSince: assignment.stageSince,
    personReached: announced.some((r) => r.personId === assignment.personId),
    visitorsReached: unit.members.map((m) => ({
      id: m.id,
      name: `${m.firstName} ${m.lastName}`,
      reached: announced.some((r) => r.visitorId === m.id),
    })),
    firstVisit: firstVisit ?? null,
    trialCheckLogged: reached.some(
      (r) => r.purpose === 'trial_check' && r.personId === assignment.personId,
    ),
  };
}

/** A match as the lists show it. */
export function summaryOf(
  assignment: AssignmentRow,
  person: { id: string; firstName: string; lastName: string },
  unit: { kind: 'pair' | 'volunteer'; id: string; label: string },
  today: string,
) {
  const stage = stageOf(assignment.stage);
  const due = {
    id: assignment.id,
    stage,
    trialEndsOn: assignment.trialEndsOn,
    nextReviewOn: assignment.nextReviewOn,
  };
  return {
    id: assignment.id,
    person: { id: person.id, firstName: person.firstName, lastName: person.lastName },
    unit: { kind: unit.kind, id: unit.id, label: unit.label },
    stage,
    stageSince: assignment.stageSince,
    startedOn: assignment.startedOn,
    endedOn: assignment.endedOn,
    endReason: assignment.endReason,
    trialEndsOn: assignment.trialEndsOn,
    nextReviewOn: assignment.nextReviewOn,
    due: [trialEndDue(due, today), reviewDue(due, today)].filter((d) => d !== null),
  };
}

/** The unit labels of many assignments at once (lists). */
export async function unitLabels(db: DbOrTx, rows: readonly AssignmentRow[]) {
  const pairIds = [...new Set(rows.map((r) => r.pairId).filter((v): v is string => !!v))];
  const volunteerIds = rows.map((r) => r.visitorId).filter((v): v is string => !!v);
  const pairRows = pairIds.length
    ? await db
        .select({
          id: pairs.id,
          label: sql<string>`(select string_agg(v.first_name || ' ' || v.last_name, ' et ' order by v.id = ${pairs.visitorBId}) from ${visitors} v where v.id in (${pairs.visitorAId}, ${pairs.visitorBId}))`,
        })
        .from(pairs)
        .where(inArray(pairs.id, pairIds))
    : [];
  const volunteerRows = volunteerIds.length
    ? await db
        .select({
          id: visitors.id,
          label: sql<string>`${visitors.firstName} || ' ' || ${visitors.lastName}`,
        })
        .from(visitors)
        .where(inArray(visitors.id, [...new Set(volunteerIds)]))
    : [];
  return new Map([...pairRows, ...volunteerRows].map((r) => [r.id, r.label ?? '']));
}
