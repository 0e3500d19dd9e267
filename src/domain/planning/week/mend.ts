/**
 * Repair after an absence declared mid-week: only the visits the absent visitor was on, from now
 * to the end of the absence, are planned again; everything else stays as it is. Each touched
 * visit gets, in this order, the smallest change that works: the same slot with the other member
 * (alone if the service allows it, or with a substitute free then), another time the same day,
 * another day of the week; it is dropped, with its reason, only if nothing works.
 */
import { addDays } from '../../common/calendar.js';
import { WeekContext } from './context.js';
import type { PlannedVisit, RepairInput, RepairResult, VisitChange } from './model.js';
import { toVisit, unplannedReason } from './search.js';
import { WeekState, type Placement } from './state.js';

export function repairWeek(input: RepairInput): RepairResult {
  const ctx = new WeekContext(input.week);
  const state = new WeekState(ctx);
  const { absence, now } = input;
  const absentVisitor = ctx.visitorIndex.get(absence.visitorId);
  const absent = new Set<string>();
  if (absentVisitor !== undefined) {
    for (let date = absence.from; date <= absence.to; date = addDays(date, 1)) absent.add(`${absentVisitor}|${date}`);
  }
  const isFuture = (date: string, start: number) => date > now.date || (date === now.date && start > now.minute);

  // The plan as it is; the visits the absence touches are set aside.
  const touched: PlannedVisit[] = [];
  const kept: PlannedVisit[] = [];
  for (const visit of input.current) {
    const hit =
      visit.visitorIds.includes(absence.visitorId) && visit.date >= absence.from && visit.date <= absence.to && isFuture(visit.date, visit.start);
    (hit && ctx.demandIndex.has(visit.demandId) ? touched : kept).push(visit);
  }
  for (const visit of kept) {
    const d = ctx.demandIndex.get(visit.demandId);
    const dateIndex = ctx.dates.indexOf(visit.date);
    if (d === undefined || dateIndex < 0) continue; // not the planner's to place (closed day, ended match): left alone
    state.insert({ d, dateIndex, start: visit.start, visitors: visit.visitorIds.map((id) => ctx.visitorIndex.get(id)!).filter((v) => v !== undefined), crew: visit.crew });
  }

  const nowIndex = ctx.dates.findIndex((date) => date >= now.date);
  const futureDates = ctx.dates.map((_, i) => i).filter((i) => ctx.dates[i]! >= now.date);
  const notBefore = nowIndex >= 0 && ctx.dates[nowIndex] === now.date ? { dateIndex: nowIndex, minute: now.minute } : null;
  const changes: VisitChange[] = [];
  touched.sort((a, b) => a.date.localeCompare(b.date) || a.start - b.start);
  for (const before of touched) {
    const d = ctx.demandIndex.get(before.demandId)!;
    const dateIndex = ctx.dates.indexOf(before.date);
    const tiers: Array<Parameters<WeekState['bestInsertion']>[1]> = [
      { dates: [dateIndex], start: before.start, absent },
      { dates: [dateIndex], absent, notBefore },
      { dates: futureDates, absent, notBefore },
    ];
    let placed: Placement | null = null;
    for (const limits of tiers) {
      if (dateIndex < 0 && limits?.dates?.length === 1) continue;
      const best = state.bestInsertion(d, limits);
      if (best) {
        placed = best.placement;
        break;
      }
    }
    if (placed) {
      state.insert(placed);
      changes.push({ demandId: before.demandId, before, after: toVisit(ctx, placed), reason: null });
    } else {
      changes.push({ demandId: before.demandId, before, after: null, reason: unplannedReason(ctx, d, absent) });
    }
  }

  const personIds = new Set<string>();
  const visitorIds = new Set<string>();
  for (const change of changes) {
    // The person is told who comes and when, even when only the crew changed.
    personIds.add(ctx.demands[ctx.demandIndex.get(change.demandId)!]!.personId);
    for (const id of change.before.visitorIds) visitorIds.add(id);
    for (const id of change.after?.visitorIds ?? []) visitorIds.add(id);
  }
  const touchedIds = new Set(touched.map((t) => t.demandId));
  const plan = [
    ...input.current.filter((v) => !touchedIds.has(v.demandId)),
    ...changes.flatMap((c) => (c.after ? [c.after] : [])),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.start - b.start || a.demandId.localeCompare(b.demandId));
  return { changes, toTell: { personIds: [...personIds].sort(), visitorIds: [...visitorIds].sort() }, plan };
}
