/**
 * The lock and the revision of one local service's week (table planning_weeks, ADR 0017).
 *
 * Every change of a week's visits takes the week's row lock first, inside its write's
 * transaction, then locks the visits it changes: two changes of one week (two moves, a move and a
 * repair, a move and a generation's write) are serialised, and each one checks the week as the
 * previous one left it. The order is always week(s) first, sorted, then visits: no deadlock.
 * A change by hand bumps the revision; a generation reads the revision before it reads the week
 * and compares it, under the same lock, before it writes.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/database.js';
import { localServices, planningWeeks } from '../../db/schema.js';
import { addDays, mondayOf } from '../../domain/common/calendar.js';
import type { IsoDate } from '../../domain/planning/week/model.js';

export interface WeekKey {
  localServiceId: string;
  weekStart: IsoDate;
}

const whereWeek = (week: WeekKey) =>
  and(
    eq(planningWeeks.localServiceId, week.localServiceId),
    eq(planningWeeks.weekStart, week.weekStart),
  );

/** Locks the week until the transaction ends (its row is created the first time); its revision. */
export async function lockWeek(tx: Tx, week: WeekKey): Promise<number> {
  await tx
    .insert(planningWeeks)
    .values({ localServiceId: week.localServiceId, weekStart: week.weekStart })
    .onConflictDoNothing();
  const [row] = await tx
    .select({ revision: planningWeeks.revision })
    .from(planningWeeks)
    .where(whereWeek(week))
    .for('update');
  return row!.revision;
}

const keyOf = (week: WeekKey) => `${week.localServiceId}|${week.weekStart}`;

/**
 * Locks several weeks, in one fixed order, and marks each one changed: what a write that changes
 * visits of several weeks (an absence's repair, a closure of the whole organisation) calls first.
 */
export async function touchWeeks(tx: Tx, weeks: readonly WeekKey[]) {
  const unique = new Map(weeks.map((w) => [keyOf(w), w]));
  for (const key of [...unique.keys()].sort()) await touchWeek(tx, unique.get(key)!);
}

/** Locks the week (if this transaction does not hold it yet) and marks it changed. */
export async function touchWeek(tx: Tx, week: WeekKey) {
  await lockWeek(tx, week);
  await tx
    .update(planningWeeks)
    .set({ revision: sql`${planningWeeks.revision} + 1`, updatedAt: new Date() })
    .where(whereWeek(week));
}

/** The week's revision as committed now, without a lock: what a generation is about to read. */
export async function weekRevision(db: DbOrTx, week: WeekKey): Promise<number> {
  const [row] = await db
    .select({ revision: planningWeeks.revision })
    .from(planningWeeks)
    .where(whereWeek(week));
  return row?.revision ?? 0;
}

/** The Mondays of the weeks a date range touches. */
export function weeksOf(from: IsoDate, to: IsoDate): IsoDate[] {
  const weeks: IsoDate[] = [];
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) weeks.push(monday);
  return weeks;
}

/** The local services a change applies to: one, or every one of the organisation. */
export async function servicesOf(
  db: DbOrTx,
  organisationId: string,
  localServiceId: string | null,
): Promise<string[]> {
  if (localServiceId) return [localServiceId];
  const rows = await db
    .select({ id: localServices.id })
    .from(localServices)
    .where(eq(localServices.organisationId, organisationId))
    .orderBy(asc(localServices.id));
  return rows.map((r) => r.id);
}

/** Every (service, week) pair of `serviceIds` × `weekStarts`. */
export const weekKeys = (serviceIds: readonly string[], weekStarts: readonly IsoDate[]) =>
  serviceIds.flatMap((localServiceId) =>
    weekStarts.map((weekStart) => ({ localServiceId, weekStart })),
  );
