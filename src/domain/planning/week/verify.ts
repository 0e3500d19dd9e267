/**
 * An independent validator of a week's plan, written from the rules and the raw input only (none
 * of the planner's structures): the benchmark and the tests use it to check what the planner
 * returns. Answers the problems found, in English (for operators and test failures).
 */
import { weekdayOf } from '../../common/calendar.js';
import type { PlannedVisit, WeekInput, WeeklyWindow } from './model.js';

/** An independent check of a plan against the raw input (not the planner's own structures). */
export function checkPlan(input: WeekInput, plan: readonly PlannedVisit[]): string[] {
  const problems: string[] = [];
  const demand = new Map(input.demands.map((d) => [d.id, d]));
  const visitor = new Map(input.visitors.map((v) => [v.id, v]));
  const unit = new Map(input.units.map((u) => [u.id, u]));
  const s = input.settings;
  const fits = (windows: readonly WeeklyWindow[], day: number, start: number, end: number) => windows.some((w) => w.day === day && w.start <= start && end <= w.end);
  const seen = new Set<string>();
  const byVisitorDay = new Map<string, PlannedVisit[]>();
  for (const v of plan) {
    const d = demand.get(v.demandId);
    if (!d) {
      problems.push(`${v.demandId}: unknown demand`);
      continue;
    }
    if (seen.has(v.demandId)) problems.push(`${v.demandId}: planned twice`);
    seen.add(v.demandId);
    const day = weekdayOf(v.date);
    if (!input.openDates.includes(v.date)) problems.push(`${v.demandId}: closed day`);
    if (v.end - v.start !== d.durationMinutes) problems.push(`${v.demandId}: wrong length`);
    if (v.start % s.slotStepMinutes) problems.push(`${v.demandId}: start off the step`);
    if (v.start < s.dayStart || v.end > s.dayEnd) problems.push(`${v.demandId}: outside working hours`);
    if (s.breakStart !== null && s.breakEnd !== null && v.start < s.breakEnd && v.end > s.breakStart) problems.push(`${v.demandId}: in the break`);
    if (d.personAvailability.length && !fits(d.personAvailability, day, v.start, v.end)) problems.push(`${v.demandId}: person unavailable`);
    const members = unit.get(d.unitId)!.memberIds;
    if (!v.visitorIds.some((id) => members.includes(id))) problems.push(`${v.demandId}: no member of the unit`);
    if (v.visitorIds.length === 1 && members.length === 2 && !s.allowSoloVisits) problems.push(`${v.demandId}: alone`);
    for (const id of v.visitorIds) {
      const who = visitor.get(id)!;
      if (who.unavailableDates.includes(v.date)) problems.push(`${v.demandId}: ${id} absent`);
      if (!fits(who.availability, day, v.start, v.end)) problems.push(`${v.demandId}: ${id} unavailable`);
      const key = `${id}|${v.date}`;
      byVisitorDay.set(key, [...(byVisitorDay.get(key) ?? []), v]);
    }
    for (const sibling of d.siblingIds) {
      if (plan.some((o) => o.demandId === sibling && o.date === v.date)) problems.push(`${v.demandId}: same day as ${sibling}`);
    }
  }
  for (const [key, visits] of byVisitorDay) {
    const [id] = key.split('|');
    const who = visitor.get(id!)!;
    if (visits.length > s.maxVisitsPerVisitorPerDay) problems.push(`${key}: too many visits`);
    visits.sort((a, b) => a.start - b.start);
    for (let i = 1; i < visits.length; i++) {
      const a = demand.get(visits[i - 1]!.demandId)!;
      const b = demand.get(visits[i]!.demandId)!;
      const travel = Math.ceil(input.travel.minutes(a.location, b.location, who.mobility));
      if (visits[i - 1]!.end + travel > visits[i]!.start) problems.push(`${key}: no time to travel from ${a.id} to ${b.id}`);
    }
  }
  return problems;
}

