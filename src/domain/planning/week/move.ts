/**
 * Checks one change made by hand (a visit moved to another day, time or crew), the rest of the
 * plan unchanged, against every rule the planner obeys, and names each rule it breaks.
 * `describeViolation` (explain.ts) words them in French.
 */
import { weekdayOf } from '../../common/calendar.js';
import type { IsoDate, MoveViolation, PlannedVisit, WeekInput, WeeklyWindow } from './model.js';

export function checkMove(
  week: WeekInput,
  plan: readonly PlannedVisit[],
  demandId: string,
  target: { date: IsoDate; start: number; visitorIds: readonly string[] },
): MoveViolation[] {
  const demand = week.demands.find((d) => d.id === demandId);
  if (!demand) throw new Error(`checkMove: unknown demand ${demandId}`);
  const demands = new Map(week.demands.map((d) => [d.id, d]));
  const visitors = new Map(week.visitors.map((v) => [v.id, v]));
  const { settings } = week;
  const { date, start } = target;
  const end = start + demand.durationMinutes;
  const weekday = weekdayOf(date);
  const within = (windows: readonly WeeklyWindow[]) =>
    windows.some((w) => w.day === weekday && w.start <= start && end <= w.end);
  const out: MoveViolation[] = [];

  if (!week.openDates.includes(date)) out.push({ kind: 'closed_day', date });
  if (start % settings.slotStepMinutes !== 0)
    out.push({ kind: 'off_step', stepMinutes: settings.slotStepMinutes });
  if (start < settings.dayStart || end > settings.dayEnd)
    out.push({ kind: 'outside_working_hours' });
  if (
    settings.breakStart !== null &&
    settings.breakEnd !== null &&
    start < settings.breakEnd &&
    end > settings.breakStart
  ) {
    out.push({ kind: 'during_break' });
  }
  if (demand.personAvailability.length && !within(demand.personAvailability))
    out.push({ kind: 'person_unavailable' });

  // The crew's shape: the unit; a pair member alone (when the service allows it); a pair member
  // with a substitute from outside the pair. Who is absent is checked per visitor below.
  const unit = week.units.find((u) => u.id === demand.unitId);
  const ids = [...new Set(target.visitorIds)];
  const members = unit?.memberIds ?? [];
  const fromUnit = ids.filter((id) => members.includes(id));
  const known = ids.length > 0 && ids.every((id) => visitors.has(id));
  const crewAllowed =
    known &&
    unit !== undefined &&
    (unit.kind === 'volunteer'
      ? ids.length === members.length && fromUnit.length === members.length
      : ids.length === 2
        ? fromUnit.length >= 1
        : ids.length === 1 && fromUnit.length === 1 && settings.allowSoloVisits);
  if (!crewAllowed) out.push({ kind: 'crew_not_allowed' });

  for (const id of ids) {
    const visitor = visitors.get(id);
    if (!visitor) continue;
    if (visitor.unavailableDates.includes(date))
      out.push({ kind: 'visitor_absent', visitorId: id });
    else if (!within(visitor.availability))
      out.push({ kind: 'visitor_unavailable', visitorId: id });

    const day = plan
      .filter((p) => p.demandId !== demandId && p.date === date && p.visitorIds.includes(id))
      .sort((a, b) => a.start - b.start);
    if (day.length + 1 > settings.maxVisitsPerVisitorPerDay)
      out.push({ kind: 'too_many_visits', visitorId: id });
    // Overlaps with any visit; travel with the visits just before and just after (the day is a
    // sequence: the nearest neighbours are the ones that matter).
    let previous: PlannedVisit | undefined;
    let next: PlannedVisit | undefined;
    for (const other of day) {
      if (start < other.end && other.start < end)
        out.push({ kind: 'overlap', visitorId: id, otherDemandId: other.demandId });
      else if (other.end <= start) previous = other;
      else if (!next) next = other;
    }
    const minutes = (from: PlannedVisit | string, to: PlannedVisit | string) => {
      const a = demands.get(typeof from === 'string' ? from : from.demandId)?.location;
      const b = demands.get(typeof to === 'string' ? to : to.demandId)?.location;
      return a && b ? Math.ceil(week.travel.minutes(a, b, visitor.mobility) - 1e-9) : 0;
    };
    if (previous) {
      const needed = minutes(previous, demandId);
      if (previous.end + needed > start) {
        out.push({
          kind: 'travel_too_short',
          visitorId: id,
          otherDemandId: previous.demandId,
          neededMinutes: needed,
          otherIs: 'previous',
        });
      }
    }
    if (next) {
      const needed = minutes(demandId, next);
      if (end + needed > next.start) {
        out.push({
          kind: 'travel_too_short',
          visitorId: id,
          otherDemandId: next.demandId,
          neededMinutes: needed,
          otherIs: 'next',
        });
      }
    }
  }
  for (const sibling of demand.siblingIds) {
    if (plan.some((p) => p.demandId === sibling && p.date === date))
      out.push({ kind: 'same_day_as_sibling', otherDemandId: sibling });
  }
  return out;
}
