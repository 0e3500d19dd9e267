/**
 * Repair after an absence declared mid-week. The absent visitor is away from `absence.from` to
 * `absence.to`; only the visits they were on, in that period and not before `now`, are planned
 * again, everything else stays exactly as it is (same date, start and visitors). Each touched
 * visit gets the smallest change that works, tried for all touched visits tier by tier (so that
 * one visit's second choice does not take another's first):
 *   1. the same date and start, with the other member alone (if the service allows it) or with a
 *      substitute free then (a member of another pair or a volunteer, whose own visits stay);
 *   2. another start the same day (the nearest to the old one, preferably);
 *   3. another open date of the week, after `now`;
 *   4. where one visit the absence did not touch, not held yet, stands alone in its way: that
 *      visit moves to its own nearest free slot (a dropped visit is worse than one more change)
 *      and joins the changes, marked with the visit it makes room for;
 * and it is dropped, with its reason, only when nothing works.
 *
 * Whom to tell: the person of every touched visit, even when only the crew changed (they should
 * know who comes), and every visitor whose day changed: the absent visitor, the remaining
 * member, the substitute.
 */
import { addDays } from '../../common/calendar.js';
import { dayNumberOf, WeekContext } from './context.js';
import { unplannedReason } from './explain.js';
import type { PlannedVisit, RepairInput, RepairResult, VisitChange } from './model.js';
import { toVisit, WeekState, type InsertionLimits, type Placement } from './timeline.js';

/** In a repair, a quarter of an hour away from the old start costs as much as a minute of travel. */
const MINUTES_PER_COST_UNIT = 15;
/** Each day away from the old date costs as much as this many minutes of travel. */
const COST_PER_DAY_MOVED = 10;

export function repairWeek(input: RepairInput): RepairResult {
  const ctx = new WeekContext(input.week);
  const state = new WeekState(ctx);
  const { absence, now } = input;
  const absentVisitor = ctx.visitorIndex.get(absence.visitorId);
  const absent = new Set<string>();
  if (absentVisitor !== undefined && absence.from <= absence.to) {
    for (let date = absence.from; date <= absence.to; date = addDays(date, 1))
      absent.add(`${absentVisitor}|${date}`);
  }
  const notPast = (date: string, start: number) =>
    date > now.date || (date === now.date && start > now.minute);

  // The plan as it is, with the visits the absence touches set aside.
  const touched: PlannedVisit[] = [];
  const kept: PlannedVisit[] = [];
  for (const visit of input.current) {
    const hit =
      visit.visitorIds.includes(absence.visitorId) &&
      visit.date >= absence.from &&
      visit.date <= absence.to &&
      notPast(visit.date, visit.start) &&
      ctx.demandIndex.has(visit.demandId);
    (hit ? touched : kept).push(visit);
  }
  for (const visit of kept) {
    const d = ctx.demandIndex.get(visit.demandId);
    const dateIndex = ctx.dates.indexOf(visit.date);
    // Not the planner's to place (an ended follow-up, a closed day): left as it is, blocking nothing.
    if (d === undefined || dateIndex < 0 || state.placements[d]) continue;
    const visitors = visit.visitorIds
      .map((id) => ctx.visitorIndex.get(id))
      .filter((v): v is number => v !== undefined);
    state.insert({ d, dateIndex, start: visit.start, visitors, crew: visit.crew });
  }

  const futureDates = ctx.dates.map((_, i) => i).filter((i) => ctx.dates[i]! >= now.date);
  const todayIndex = ctx.dates.indexOf(now.date);
  const notBefore = todayIndex >= 0 ? { dateIndex: todayIndex, minute: now.minute } : null;
  touched.sort(
    (a, b) =>
      a.date.localeCompare(b.date) || a.start - b.start || a.demandId.localeCompare(b.demandId),
  );

  const after = new Map<string, Placement>();
  const tiers: Array<(before: PlannedVisit, dateIndex: number) => InsertionLimits | null> = [
    (before, di) => (di < 0 ? null : { dates: [di], start: before.start }),
    (before, di) =>
      di < 0
        ? null
        : {
            dates: [di],
            notBefore,
            target: before.start,
            extraCost: (_, start) => Math.abs(start - before.start) / MINUTES_PER_COST_UNIT,
          },
    (before) => ({
      dates: futureDates,
      notBefore,
      target: before.start,
      extraCost: moveCost(ctx, dayNumberOf(before.date), before.start),
    }),
  ];
  for (const tier of tiers) {
    for (const before of touched) {
      if (after.has(before.demandId)) continue;
      const d = ctx.demandIndex.get(before.demandId)!;
      // The visit's own slot is free again: it is not in the state.
      const limits = tier(before, ctx.dates.indexOf(before.date));
      if (!limits) continue;
      const best = state.bestInsertion(d, {
        ...limits,
        absent,
        maxSubstitutes: Number.POSITIVE_INFINITY,
      });
      if (best) {
        state.insert(best.placement);
        after.set(before.demandId, best.placement);
      }
    }
  }

  // 4. Room made by moving one untouched visit.
  const touchedIds = new Set(touched.map((t) => t.demandId));
  const keptBefore = new Map(kept.map((v) => [v.demandId, v]));
  const roomMade: VisitChange[] = [];
  for (const before of touched) {
    if (after.has(before.demandId)) continue;
    const rescue = makeRoom(state, ctx.demandIndex.get(before.demandId)!, before, {
      dates: futureDates,
      notBefore,
      absent,
      movable: (other) => {
        const id = ctx.demands[other]!.id;
        const original = keptBefore.get(id);
        return (
          !touchedIds.has(id) &&
          !roomMade.some((c) => c.demandId === id) &&
          !!original &&
          notPast(original.date, original.start)
        );
      },
    });
    if (!rescue) continue;
    after.set(before.demandId, rescue.placement);
    const movedId = ctx.demands[rescue.moved.d]!.id;
    roomMade.push({
      demandId: movedId,
      before: keptBefore.get(movedId)!,
      after: toVisit(ctx, rescue.moved),
      reason: null,
      makesRoomFor: before.demandId,
    });
  }

  const changes: VisitChange[] = touched.map((before) => {
    const placement = after.get(before.demandId);
    if (placement)
      return {
        demandId: before.demandId,
        before,
        after: toVisit(ctx, placement),
        reason: null,
        makesRoomFor: null,
      };
    const d = ctx.demandIndex.get(before.demandId)!;
    return {
      demandId: before.demandId,
      before,
      after: null,
      reason: unplannedReason(ctx, d, {
        absent,
        dates: futureDates,
        siblingDates: state.siblingDates(d),
      }),
      makesRoomFor: null,
    };
  });
  changes.push(...roomMade);

  const personIds = new Set<string>();
  const visitorIds = new Set<string>();
  for (const change of changes) {
    personIds.add(ctx.demands[ctx.demandIndex.get(change.demandId)!]!.personId);
    for (const id of change.before.visitorIds) visitorIds.add(id);
    for (const id of change.after?.visitorIds ?? []) visitorIds.add(id);
  }
  const changedIds = new Set(changes.map((c) => c.demandId));
  const plan = [
    ...input.current.filter((v) => !changedIds.has(v.demandId)),
    ...changes.flatMap((c) => (c.after ? [c.after] : [])),
  ].sort(
    (a, b) =>
      a.date.localeCompare(b.date) || a.start - b.start || a.demandId.localeCompare(b.demandId),
  );
  return {
    changes,
    toTell: { personIds: [...personIds].sort(), visitorIds: [...visitorIds].sort() },
    plan,
  };
}

/** The cost of moving a visit from its old date and start, in travel minutes (repair only). */
function moveCost(
  ctx: WeekContext,
  fromDay: number,
  fromStart: number,
): NonNullable<InsertionLimits['extraCost']> {
  return (di, start) =>
    Math.abs(ctx.dayNumber[di]! - fromDay) * COST_PER_DAY_MOVED +
    Math.abs(start - fromStart) / MINUTES_PER_COST_UNIT;
}

/**
 * Places touched visit `d` where exactly one movable visit stands in its way, moving that visit
 * to its best slot elsewhere (near its old one); the first success in order of closeness to the
 * touched visit's old date and start. Leaves the state unchanged when nothing works.
 */
function makeRoom(
  state: WeekState,
  d: number,
  before: PlannedVisit,
  limits: {
    dates: readonly number[];
    notBefore: InsertionLimits['notBefore'];
    absent: ReadonlySet<string>;
    movable: (other: number) => boolean;
  },
): { placement: Placement; moved: Placement } | null {
  const ctx = state.ctx;
  const step = ctx.input.settings.slotStepMinutes;
  const oldDay = dayNumberOf(before.date);
  const candidates: Array<{
    di: number;
    start: number;
    visitors: readonly number[];
    crew: Placement['crew'];
    other: number;
    closeness: number;
  }> = [];
  const blocking: number[] = [];
  const siblingDates = state.siblingDates(d);
  for (const di of limits.dates) {
    if (siblingDates.has(di)) continue;
    for (const option of ctx.crews(d, di, limits.absent, Number.POSITIVE_INFINITY)) {
      for (const [lo, hi] of ctx.startWindows(d, di, option.visitors)) {
        for (let start = lo; start <= hi; start += step) {
          if (
            limits.notBefore &&
            limits.notBefore.dateIndex === di &&
            start <= limits.notBefore.minute
          )
            continue;
          state.conflicts(d, di, option.visitors, start, blocking);
          if (blocking.length !== 1 || !limits.movable(blocking[0]!)) continue;
          const closeness =
            Math.abs(ctx.dayNumber[di]! - oldDay) * 24 * 60 + Math.abs(start - before.start);
          candidates.push({
            di,
            start,
            visitors: option.visitors,
            crew: option.crew,
            other: blocking[0]!,
            closeness,
          });
        }
      }
    }
  }
  candidates.sort((a, b) => a.closeness - b.closeness || a.di - b.di || a.start - b.start);
  for (const c of candidates) {
    const current = state.placements[c.other];
    if (!current) continue;
    state.record();
    state.remove(c.other);
    const placement: Placement = {
      d,
      dateIndex: c.di,
      start: c.start,
      visitors: c.visitors,
      crew: c.crew,
    };
    state.insert(placement);
    const elsewhere = state.bestInsertion(c.other, {
      dates: limits.dates,
      notBefore: limits.notBefore,
      absent: limits.absent,
      maxSubstitutes: Number.POSITIVE_INFINITY,
      target: current.start,
      extraCost: moveCost(ctx, ctx.dayNumber[current.dateIndex]!, current.start),
    });
    if (elsewhere) {
      state.insert(elsewhere.placement);
      state.commit();
      return { placement, moved: elsewhere.placement };
    }
    state.undo();
  }
  return null;
}
