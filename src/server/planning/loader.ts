/**
 * From the database to the planner's week: the visits to plan (one demand per wanted visit of
 * every active match of the local service), the visitors with their weekly windows and dated
 * absences, the units, the open dates (public holidays and closures removed) and last week's
 * slots (stability). Reads only.
 */
import { and, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import {
  assignments,
  matchSteps,
  pairs,
  people,
  serviceClosures,
  visitorAbsences,
  visitorAvailability,
  visitors,
  visits,
  visitVisitors,
} from '../../db/schema.js';
import { addDays, minutesOfTime, weekdayOf } from '../../domain/common/calendar.js';
import type { WeeklyWindow } from '../../domain/matching/model.js';
import { isPublicHoliday } from '../../domain/planning/holidays.js';
import type {
  IsoDate,
  PlanningSettings,
  PlanningUnit,
  PlanningVisitor,
  PreviousSlot,
  VisitDemand,
  VisitPlace,
} from '../../domain/planning/week/model.js';
import { personWindows } from '../matching/loader.js';
import { currentStatus } from '../people/queries.js';
import { leftOutOfWeek, notReadyOn, type LeftOutVisitor } from '../journey/readiness.js';

/** The département of an INSEE commune code (overseas ones have three digits: 97411 is in the 974). */
const departmentOfInsee = (insee: string) =>
  insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2);

export interface WeekScope {
  organisationId: string;
  localServiceId: string;
  weekStart: IsoDate;
}

/** Demand ids say which match and which visit of the week they are: "<assignment id>:<rank>". */
export const demandId = (assignmentId: string, rank: number) => `${assignmentId}:${rank}`;

export const weekDates = (weekStart: IsoDate) =>
  Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));

/**
 * The dates of the week on which the service holds visits: every day but Sunday, public holidays
 * (with the Alsace-Moselle ones where the service is there) and the service's closures.
 */
export async function openDatesOf(db: DbOrTx, scope: WeekScope, departmentCode: string | null) {
  const dates = weekDates(scope.weekStart);
  const closures = await db
    .select({ date: serviceClosures.date, reason: serviceClosures.reason })
    .from(serviceClosures)
    .where(
      and(
        eq(serviceClosures.organisationId, scope.organisationId),
        or(
          isNull(serviceClosures.localServiceId),
          eq(serviceClosures.localServiceId, scope.localServiceId),
        ),
        gte(serviceClosures.date, dates[0]!),
        lte(serviceClosures.date, dates[6]!),
      ),
    );
  const closed = new Map<string, string>();
  for (const date of dates) {
    const holiday = isPublicHoliday(date, departmentCode);
    if (holiday) closed.set(date, holiday.name);
    else if (weekdayOf(date) === 6) closed.set(date, 'Dimanche');
  }
  for (const closure of closures)
    if (!closed.has(closure.date)) closed.set(closure.date, closure.reason);
  return { open: dates.filter((d) => !closed.has(d)), closed };
}

/** The département a service works in, from its people's communes (public holidays differ in Alsace-Moselle). */
export async function serviceDepartment(
  db: DbOrTx,
  organisationId: string,
  localServiceId: string,
) {
  const [row] = await db
    .select({ inseeCode: people.inseeCode })
    .from(people)
    .where(
      and(
        eq(people.organisationId, organisationId),
        eq(people.localServiceId, localServiceId),
        sql`${people.inseeCode} is not null`,
      ),
    )
    .limit(1);
  return row?.inseeCode ? departmentOfInsee(row.inseeCode) : null;
}

interface Preferences {
  days?: number[];
  periods?: ('morning' | 'afternoon')[];
}

export interface LoadedWeek {
  visitors: PlanningVisitor[];
  units: PlanningUnit[];
  demands: VisitDemand[];
  openDates: IsoDate[];
  closedDates: Map<IsoDate, string>;
  /** Display names. */
  visitorNames: Map<string, string>;
  personNames: Map<string, string>;
  /** demand id → what it needs to be written back as a visit row. */
  demandInfo: Map<
    string,
    {
      assignmentId: string;
      rank: number;
      personId: string;
      place: VisitPlace;
      unitMemberIds: readonly string[];
    }
  >;
  /** People of the service that are active but cannot be planned (not located, no unit member located). */
  notPlannable: { personId: string; name: string; reason: string }[];
  /** Visitors not ready on some dates (journey, suspension, documents): not planned those dates. */
  leftOut: LeftOutVisitor[];
}

/**
 * Loads the week. `fromDate`: dates before it are not planned (they are past); `keepVisitIds`:
 * visits that stay as they are (done, reported, checked in), whose demands are already met.
 */
export async function loadWeek(
  db: DbOrTx,
  scope: WeekScope,
  options: { fromDate: IsoDate; settings: PlanningSettings },
): Promise<LoadedWeek> {
  const dates = weekDates(scope.weekStart);
  const lastDate = dates[6]!;

  const matches = await db
    .select({
      assignmentId: assignments.id,
      personId: people.id,
      firstName: people.firstName,
      lastName: people.lastName,
      latitude: people.latitude,
      longitude: people.longitude,
      preferences: people.preferences,
      personVisitsPerWeek: people.visitsPerWeek,
      personVisitMinutes: people.visitMinutes,
      visitsPerWeek: assignments.visitsPerWeek,
      visitMinutes: assignments.visitMinutes,
      preferredDays: assignments.preferredDays,
      preferredPeriods: assignments.preferredPeriods,
      place: assignments.place,
      pairId: assignments.pairId,
      visitorId: assignments.visitorId,
    })
    .from(assignments)
    .innerJoin(people, eq(people.id, assignments.personId))
    .where(
      and(
        eq(assignments.organisationId, scope.organisationId),
        eq(people.localServiceId, scope.localServiceId),
        isNull(people.mergedIntoId),
        lte(assignments.startedOn, lastDate),
        or(isNull(assignments.endedOn), gte(assignments.endedOn, dates[0]!)),
        sql`${currentStatus} = 'active'`,
        // Regular visits start with the trial (ADR 0028): before it, the first visit is planned
        // by hand, with the coordinator present. An ended match keeps its days before its end if
        // it went through a trial, or was running before matches had a life (no "accepted" step).
        or(
          inArray(assignments.stage, ['trial', 'confirmed']),
          and(
            eq(assignments.stage, 'ended'),
            or(
              sql`${assignments.trialEndsOn} is not null`,
              sql`not exists (select 1 from ${matchSteps} s where s.assignment_id = ${assignments.id} and s.to_stage = 'accepted')`,
            ),
          ),
        ),
      ),
    );

  const { open, closed } = await openDatesOf(
    db,
    scope,
    await serviceDepartment(db, scope.organisationId, scope.localServiceId),
  );
  const openDates = open.filter((d) => d >= options.fromDate);

  const pairRows = await db
    .select()
    .from(pairs)
    .where(and(eq(pairs.organisationId, scope.organisationId), isNull(pairs.dissolvedOn)));
  const memberIdsOf = new Map<string, string[]>();
  for (const pair of pairRows) memberIdsOf.set(pair.id, [pair.visitorAId, pair.visitorBId]);

  const visitorRows = await db
    .select()
    .from(visitors)
    .where(
      and(
        eq(visitors.organisationId, scope.organisationId),
        or(eq(visitors.localServiceId, scope.localServiceId), isNull(visitors.localServiceId)),
        or(isNull(visitors.endedOn), gte(visitors.endedOn, dates[0]!)),
        // A neighbour-only volunteer (issue 13) is never planned for visits.
        sql`'visits' = any(${visitors.roles})`,
      ),
    );
  // Members of this service's matches are loaded even if attached elsewhere.
  const visitorIds = visitorRows.map((v) => v.id);
  const slots = visitorIds.length
    ? await db
        .select()
        .from(visitorAvailability)
        .where(inArray(visitorAvailability.visitorId, visitorIds))
    : [];
  const absences = visitorIds.length
    ? await db
        .select()
        .from(visitorAbsences)
        .where(
          and(
            inArray(visitorAbsences.visitorId, visitorIds),
            lte(visitorAbsences.startsOn, lastDate),
            gte(visitorAbsences.endsOn, dates[0]!),
          ),
        )
    : [];
  const windowsOf = new Map<string, WeeklyWindow[]>();
  for (const slot of slots) {
    const list = windowsOf.get(slot.visitorId) ?? [];
    list.push({
      day: (slot.weekday - 1) as WeeklyWindow['day'],
      start: minutesOfTime(slot.startTime),
      end: minutesOfTime(slot.endTime),
    });
    windowsOf.set(slot.visitorId, list);
  }
  const unavailable = new Map<string, Set<string>>();
  for (const absence of absences) {
    const set = unavailable.get(absence.visitorId) ?? new Set<string>();
    for (const date of dates) if (date >= absence.startsOn && date <= absence.endsOn) set.add(date);
    unavailable.set(absence.visitorId, set);
  }
  // Not ready on a date (suspended, a document missing or expired): not planned that date.
  const notReady = await notReadyOn(db, scope.organisationId, visitorRows, dates);
  for (const [visitorId, byDate] of notReady) {
    const set = unavailable.get(visitorId) ?? new Set<string>();
    for (const date of byDate.keys()) set.add(date);
    unavailable.set(visitorId, set);
  }
  const pairOf = new Map<string, string>();
  for (const [pairId, members] of memberIdsOf) for (const m of members) pairOf.set(m, pairId);

  const planningVisitors: PlanningVisitor[] = [];
  const visitorNames = new Map<string, string>();
  for (const v of visitorRows) {
    visitorNames.set(v.id, `${v.firstName} ${v.lastName}`);
    if (v.latitude === null || v.longitude === null) continue;
    const ended = new Set<string>();
    if (v.endedOn) for (const date of dates) if (date > v.endedOn) ended.add(date);
    planningVisitors.push({
      id: v.id,
      home: { lat: v.latitude, lon: v.longitude },
      mobility: v.mobility as PlanningVisitor['mobility'],
      availability: windowsOf.get(v.id) ?? [],
      unavailableDates: [...new Set([...(unavailable.get(v.id) ?? []), ...ended])].sort(),
      pairId: pairOf.get(v.id) ?? null,
    });
  }
  const located = new Set(planningVisitors.map((v) => v.id));

  // Last week's visits, by match and rank: the planner keeps their slot when it can.
  const previousRows = matches.length
    ? await db
        .select({
          id: visits.id,
          assignmentId: visits.assignmentId,
          rank: visits.rank,
          date: visits.date,
          startTime: visits.startTime,
        })
        .from(visits)
        .where(
          and(
            eq(visits.organisationId, scope.organisationId),
            eq(visits.weekStart, addDays(scope.weekStart, -7)),
            ne(visits.status, 'cancelled'),
            inArray(
              visits.assignmentId,
              matches.map((m) => m.assignmentId),
            ),
          ),
        )
    : [];
  const previousVisitors = previousRows.length
    ? await db
        .select()
        .from(visitVisitors)
        .where(
          inArray(
            visitVisitors.visitId,
            previousRows.map((r) => r.id),
          ),
        )
    : [];
  const crewOf = new Map<string, string[]>();
  for (const row of previousVisitors)
    crewOf.set(row.visitId, [...(crewOf.get(row.visitId) ?? []), row.visitorId]);
  const previousOf = new Map<string, PreviousSlot>();
  for (const row of previousRows) {
    previousOf.set(demandId(row.assignmentId!, row.rank), {
      day: weekdayOf(row.date),
      start: minutesOfTime(row.startTime),
      visitorIds: (crewOf.get(row.id) ?? []).sort(),
    });
  }

  const units = new Map<string, PlanningUnit>();
  const demands: VisitDemand[] = [];
  const demandInfo: LoadedWeek['demandInfo'] = new Map();
  const personNames = new Map<string, string>();
  const notPlannable: LoadedWeek['notPlannable'] = [];
  for (const m of matches) {
    const name = `${m.firstName} ${m.lastName}`;
    personNames.set(m.personId, name);
    const unitId = m.pairId ?? m.visitorId!;
    const memberIds = m.pairId ? (memberIdsOf.get(m.pairId) ?? []) : [m.visitorId!];
    if (m.latitude === null || m.longitude === null) {
      notPlannable.push({
        personId: m.personId,
        name,
        reason: 'L’adresse de la personne n’est pas localisée.',
      });
      continue;
    }
    if (memberIds.length === 0 || memberIds.some((id) => !located.has(id))) {
      notPlannable.push({
        personId: m.personId,
        name,
        reason:
          memberIds.length === 0
            ? 'Le binôme qui la suit est dissous.'
            : 'L’adresse d’un visiteur n’est pas localisée.',
      });
      continue;
    }
    units.set(unitId, { id: unitId, kind: m.pairId ? 'pair' : 'volunteer', memberIds });
    const preferences = (m.preferences ?? {}) as Preferences;
    const perWeek = m.visitsPerWeek ?? m.personVisitsPerWeek;
    const ids = Array.from({ length: perWeek }, (_, i) => demandId(m.assignmentId, i + 1));
    const days = m.preferredDays.length ? m.preferredDays : (preferences.days ?? []);
    const periods = (
      m.preferredPeriods.length ? m.preferredPeriods : (preferences.periods ?? [])
    ) as ('morning' | 'afternoon')[];
    // The person's days and periods from their file are when they can be visited; no period
    // means the whole working day.
    const personAvailability = preferences.periods?.length
      ? personWindows(preferences)
      : personWindows({ days: preferences.days }).map((w) => ({
          ...w,
          start: options.settings.dayStart,
          end: options.settings.dayEnd,
        }));
    for (const [i, id] of ids.entries()) {
      demands.push({
        id,
        personId: m.personId,
        unitId,
        location: { lat: m.latitude, lon: m.longitude },
        durationMinutes: m.visitMinutes ?? m.personVisitMinutes,
        place: m.place as VisitPlace,
        personAvailability,
        preferredDays: days.map((d) => d - 1),
        preferredPeriods: periods,
        previous: previousOf.get(id) ?? null,
        siblingIds: ids.filter((other) => other !== id),
      });
      demandInfo.set(id, {
        assignmentId: m.assignmentId,
        rank: i + 1,
        personId: m.personId,
        place: m.place as VisitPlace,
        unitMemberIds: memberIds,
      });
    }
  }
  return {
    visitors: planningVisitors,
    units: [...units.values()],
    demands,
    openDates,
    closedDates: closed,
    visitorNames,
    personNames,
    demandInfo,
    notPlannable,
    leftOut: leftOutOfWeek(visitorRows, notReady),
  };
}
