/**
 * From the database to the matching engine's input: the people waiting (located), and the units
 * that can take people: active pairs (both members still active, not absent today) and volunteers
 * visiting alone. Reads only; scoped to the organisation and, if given, one local service.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/database.js';
import {
  assignments,
  pairs,
  people,
  visitorAbsences,
  visitorAvailability,
  visitors,
} from '../../db/schema.js';
import { minutesOfTime } from '../../domain/common/calendar.js';
import { intersectWindows } from '../../domain/matching/availability.js';
import type {
  MatchPerson,
  Mobility,
  UnitMember,
  VisitorUnit,
  WeeklyWindow,
} from '../../domain/matching/model.js';
import { currentStatus } from '../people/queries.js';
import { notReadyToday, unitNotReadyReasons, type LeftOutUnit } from '../journey/readiness.js';

/** Preferred periods, as the person's file records them. */
const PERIOD_WINDOWS = { morning: [9 * 60, 12 * 60], afternoon: [14 * 60, 18 * 60] } as const;

interface Preferences {
  days?: number[];
  periods?: ('morning' | 'afternoon')[];
  visitorGender?: 'female' | 'male' | null;
}

/** A person's weekly windows: the days and periods they prefer; no preference = weekdays 9-18. */
export function personWindows(preferences: Preferences): WeeklyWindow[] {
  const days = preferences.days?.length ? preferences.days : [1, 2, 3, 4, 5];
  const periods = preferences.periods?.length ? preferences.periods : null;
  const windows: WeeklyWindow[] = [];
  for (const isoDay of [...new Set(days)].sort()) {
    const day = (isoDay - 1) as WeeklyWindow['day'];
    if (!periods) windows.push({ day, start: 9 * 60, end: 18 * 60 });
    else
      for (const period of periods)
        windows.push({ day, start: PERIOD_WINDOWS[period][0], end: PERIOD_WINDOWS[period][1] });
  }
  return windows;
}

export interface MatchingScope {
  organisationId: string;
  localServiceId: string | null;
}

export interface UnitLabel {
  id: string;
  kind: 'pair' | 'volunteer';
  label: string;
  memberIds: string[];
}

/**
 * `reoptimise`: the people visited now (status active) come too, with the unit visiting them, so
 * the engine may move them when that is worth the `changeOfUnit` cost.
 */
export async function loadMatchingInput(
  db: DbOrTx,
  scope: MatchingScope,
  today: string,
  mode: 'keep' | 'reoptimise' = 'keep',
) {
  const inScope = (table: { organisationId: AnyPgColumn; localServiceId: AnyPgColumn }) =>
    and(
      eq(table.organisationId, scope.organisationId),
      scope.localServiceId ? eq(table.localServiceId, scope.localServiceId) : undefined,
    );

  const waiting = await db
    .select({
      id: people.id,
      firstName: people.firstName,
      lastName: people.lastName,
      communeName: people.communeName,
      latitude: people.latitude,
      longitude: people.longitude,
      interests: people.interests,
      languages: people.languages,
      preferences: people.preferences,
      visitsPerWeek: people.visitsPerWeek,
      visitMinutes: people.visitMinutes,
      status: currentStatus,
      waitingPrioritySince: people.waitingPrioritySince,
      // The units of the matches that ended for want of affinity (ADR 0028): not proposed again.
      avoidUnitIds: sql<
        string[] | null
      >`(select array_agg(distinct coalesce(a.pair_id, a.visitor_id)) from ${assignments} a where a.person_id = "people"."id" and a.ended_on is not null and a.end_reason = 'no_affinity')`,
      currentUnitId: sql<
        string | null
      >`(select coalesce(a.pair_id, a.visitor_id) from ${assignments} a where a.person_id = "people"."id" and a.ended_on is null limit 1)`,
    })
    .from(people)
    .where(
      and(
        inScope(people),
        isNull(people.mergedIntoId),
        mode === 'reoptimise'
          ? sql`${currentStatus} in ('waiting', 'active')`
          : sql`${currentStatus} = 'waiting'`,
      ),
    );

  const activeVisitors = await db
    .select()
    .from(visitors)
    .where(
      and(
        inScope(visitors),
        sql`(${visitors.endedOn} is null or ${visitors.endedOn} > ${today})`,
        // A neighbour-only volunteer (issue 13) helps near home; they are never proposed visits.
        sql`'visits' = any(${visitors.roles})`,
      ),
    );
  const visitorById = new Map(activeVisitors.map((v) => [v.id, v]));
  // Not active, suspended, or a required document missing or expired: left out, with why.
  const notReady = await notReadyToday(db, scope.organisationId, activeVisitors, today);
  const leftOut: LeftOutUnit[] = [];
  const leaveOut = (unitLabel: string, members: (typeof activeVisitors)[number][]) => {
    const reasons = unitNotReadyReasons(members, notReady);
    if (reasons.length) leftOut.push({ unitLabel, reasons });
    return reasons.length > 0;
  };
  const ids = activeVisitors.map((v) => v.id);
  const slots = ids.length
    ? await db.select().from(visitorAvailability).where(inArray(visitorAvailability.visitorId, ids))
    : [];
  const absent = new Set(
    (ids.length
      ? await db
          .select({ visitorId: visitorAbsences.visitorId })
          .from(visitorAbsences)
          .where(
            and(
              inArray(visitorAbsences.visitorId, ids),
              sql`${visitorAbsences.startsOn} <= ${today}`,
              sql`${visitorAbsences.endsOn} >= ${today}`,
            ),
          )
      : []
    ).map((row) => row.visitorId),
  );
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

  const activePairs = await db
    .select()
    .from(pairs)
    .where(and(inScope(pairs), isNull(pairs.dissolvedOn)));
  const loads = await db
    .select({
      pairId: assignments.pairId,
      visitorId: assignments.visitorId,
      n: sql<number>`count(*)::int`,
    })
    .from(assignments)
    .where(and(eq(assignments.organisationId, scope.organisationId), isNull(assignments.endedOn)))
    .groupBy(assignments.pairId, assignments.visitorId);
  const loadOf = new Map<string, number>();
  for (const row of loads) loadOf.set((row.pairId ?? row.visitorId)!, row.n);

  const member = (v: (typeof activeVisitors)[number]): UnitMember | null =>
    v.latitude === null || v.longitude === null
      ? null
      : {
          visitorId: v.id,
          home: { lat: v.latitude, lon: v.longitude },
          gender: v.gender === 'female' || v.gender === 'male' ? v.gender : null,
          languages: v.languages.length ? v.languages : ['français'],
          interests: v.interests,
        };

  const units: VisitorUnit[] = [];
  const labels = new Map<string, UnitLabel>();
  const inPair = new Set<string>();
  for (const pair of activePairs) {
    inPair.add(pair.visitorAId);
    inPair.add(pair.visitorBId);
    const a = visitorById.get(pair.visitorAId);
    const b = visitorById.get(pair.visitorBId);
    if (!a || !b || absent.has(a.id) || absent.has(b.id)) continue;
    if (leaveOut(`${a.firstName} ${a.lastName} et ${b.firstName} ${b.lastName}`, [a, b])) continue;
    const ma = member(a);
    const mb = member(b);
    if (!ma || !mb) continue;
    // A pair visits together: if one member drives, both go by car; otherwise the faster way.
    const order: Mobility[] = ['foot', 'bike', 'public_transport', 'car'];
    const mobility =
      order[
        Math.max(order.indexOf(a.mobility as Mobility), order.indexOf(b.mobility as Mobility))
      ] ?? 'car';
    units.push({
      id: pair.id,
      kind: 'pair',
      members: [ma, mb],
      availability: intersectWindows(windowsOf.get(a.id) ?? [], windowsOf.get(b.id) ?? []),
      capacity: pair.capacity,
      currentLoad: loadOf.get(pair.id) ?? 0,
      mobility,
      maxTripMinutes: Math.min(a.maxTripMinutes, b.maxTripMinutes),
    });
    labels.set(pair.id, {
      id: pair.id,
      kind: 'pair',
      label: `${a.firstName} ${a.lastName} et ${b.firstName} ${b.lastName}`,
      memberIds: [a.id, b.id],
    });
  }
  for (const v of activeVisitors) {
    if (v.kind !== 'volunteer' || inPair.has(v.id) || absent.has(v.id)) continue;
    if (leaveOut(`${v.firstName} ${v.lastName} (bénévole)`, [v])) continue;
    const m = member(v);
    if (!m) continue;
    units.push({
      id: v.id,
      kind: 'volunteer',
      members: [m],
      availability: windowsOf.get(v.id) ?? [],
      capacity: v.capacity,
      currentLoad: loadOf.get(v.id) ?? 0,
      mobility: v.mobility as Mobility,
      maxTripMinutes: v.maxTripMinutes,
    });
    labels.set(v.id, {
      id: v.id,
      kind: 'volunteer',
      label: `${v.firstName} ${v.lastName} (bénévole)`,
      memberIds: [v.id],
    });
  }

  const located = waiting.filter((p) => p.latitude !== null && p.longitude !== null);
  const matchPeople: MatchPerson[] = located.map((p) => {
    const preferences = (p.preferences ?? {}) as Preferences;
    return {
      id: p.id,
      location: { lat: p.latitude!, lon: p.longitude! },
      visitsPerWeek: p.visitsPerWeek,
      visitMinutes: p.visitMinutes,
      availability: personWindows(preferences),
      interests: p.interests,
      languages: p.languages.length ? p.languages : ['français'],
      visitorGenderPreference: preferences.visitorGender ?? null,
      currentUnitId: p.status === 'active' ? p.currentUnitId : null,
      priority: p.status === 'waiting' && p.waitingPrioritySince !== null,
      avoidUnitIds: p.avoidUnitIds ?? [],
    };
  });
  return {
    people: matchPeople,
    units,
    labels,
    personInfo: new Map(waiting.map((p) => [p.id, p])),
    leftOut,
    notLocated: waiting.filter(
      (p) => p.status === 'waiting' && (p.latitude === null || p.longitude === null),
    ),
  };
}
