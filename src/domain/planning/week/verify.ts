/**
 * An independent validator of a week's plan, written from the rules and the raw input only (none
 * of the planner's structures or helpers): the tests and the benchmark check what the planner
 * returns with it. Answers the problems found, in English (for operators and test failures).
 *
 * Also a brute-force "does this visit fit alone in an empty week" (every open date, every crew
 * the continuity rule allows, every start on the step), which defines a feasible visit.
 */
import type {
  PlannedVisit,
  PlanningVisitor,
  VisitDemand,
  WeekInput,
  WeeklyWindow,
} from './model.js';

const weekdayOfDate = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
const fits = (windows: readonly WeeklyWindow[], day: number, start: number, end: number) =>
  windows.some((w) => w.day === day && w.start <= start && end <= w.end);
const travelMinutes = (input: WeekInput, a: VisitDemand, b: VisitDemand, who: PlanningVisitor) =>
  Math.ceil(input.travel.minutes(a.location, b.location, who.mobility) - 1e-9);

/** Who may substitute: any visitor of the week's input (the service's visitors). */
function maySubstitute(input: WeekInput, visitorId: string): boolean {
  return input.visitors.some((v) => v.id === visitorId);
}

/** Every rule a planned week must obey; empty when the plan is valid. */
export function checkPlan(input: WeekInput, plan: readonly PlannedVisit[]): string[] {
  const problems: string[] = [];
  const demand = new Map(input.demands.map((d) => [d.id, d]));
  const visitor = new Map(input.visitors.map((v) => [v.id, v]));
  const unit = new Map(input.units.map((u) => [u.id, u]));
  const s = input.settings;
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
    const day = weekdayOfDate(v.date);
    if (!input.openDates.includes(v.date))
      problems.push(`${v.demandId}: on a closed day ${v.date}`);
    if (v.end - v.start !== d.durationMinutes)
      problems.push(`${v.demandId}: lasts ${v.end - v.start} min, not ${d.durationMinutes}`);
    if (v.start % s.slotStepMinutes !== 0) problems.push(`${v.demandId}: starts off the step`);
    if (v.start < s.dayStart || v.end > s.dayEnd)
      problems.push(`${v.demandId}: outside working hours`);
    if (
      s.breakStart !== null &&
      s.breakEnd !== null &&
      v.start < s.breakEnd &&
      v.end > s.breakStart
    ) {
      problems.push(`${v.demandId}: during the break`);
    }
    if (d.personAvailability.length && !fits(d.personAvailability, day, v.start, v.end))
      problems.push(`${v.demandId}: person unavailable`);

    // The crew, by the continuity rule.
    const u = unit.get(d.unitId);
    const ids = v.visitorIds;
    if (!u) problems.push(`${v.demandId}: unknown unit`);
    else if (new Set(ids).size !== ids.length || ids.some((id) => !visitor.has(id)))
      problems.push(`${v.demandId}: bad visitor list`);
    else {
      const members = u.memberIds;
      const inUnit = ids.filter((id) => members.includes(id));
      const missing = members.filter((m) => !ids.includes(m));
      const missingAway = missing.every((m) => visitor.get(m)?.unavailableDates.includes(v.date));
      const sameSet = ids.length === members.length && inUnit.length === members.length;
      const ok =
        v.crew === 'pair'
          ? u.kind === 'pair' && sameSet
          : v.crew === 'volunteer'
            ? u.kind === 'volunteer' && sameSet
            : v.crew === 'solo'
              ? u.kind === 'pair' &&
                s.allowSoloVisits &&
                ids.length === 1 &&
                inUnit.length === 1 &&
                missingAway
              : u.kind === 'pair' &&
                ids.length === 2 &&
                inUnit.length === 1 &&
                missingAway &&
                maySubstitute(
                  input,
                  ids.find((id) => !members.includes(id))!,
                );
      if (!ok)
        problems.push(
          `${v.demandId}: crew ${v.crew} [${ids.join(', ')}] not allowed for unit ${u.id}`,
        );
    }
    for (const id of ids) {
      const who = visitor.get(id);
      if (!who) continue;
      if (who.unavailableDates.includes(v.date))
        problems.push(`${v.demandId}: ${id} is absent on ${v.date}`);
      if (!fits(who.availability, day, v.start, v.end))
        problems.push(`${v.demandId}: ${id} unavailable then`);
      const key = `${id}|${v.date}`;
      byVisitorDay.set(key, [...(byVisitorDay.get(key) ?? []), v]);
    }
    for (const sibling of d.siblingIds) {
      if (plan.some((o) => o.demandId === sibling && o.date === v.date))
        problems.push(`${v.demandId}: same day as ${sibling}`);
    }
  }
  // Each visitor's day: at most the daily maximum, and time to travel between consecutive visits
  // (overlaps fail this check too). Both visitors of a double visit are checked, each in their day.
  for (const [key, visits] of byVisitorDay) {
    const who = visitor.get(key.split('|')[0]!)!;
    if (visits.length > s.maxVisitsPerVisitorPerDay)
      problems.push(`${key}: ${visits.length} visits`);
    visits.sort((a, b) => a.start - b.start);
    for (let i = 1; i < visits.length; i++) {
      const a = demand.get(visits[i - 1]!.demandId)!;
      const b = demand.get(visits[i]!.demandId)!;
      const needed = travelMinutes(input, a, b, who);
      if (visits[i - 1]!.end + needed > visits[i]!.start)
        problems.push(`${key}: no time to go from ${a.id} to ${b.id} (${needed} min)`);
    }
  }
  return problems;
}

/** The crews the continuity rule allows for a demand on a date (ignoring the other visits). */
function crewsAllowed(input: WeekInput, d: VisitDemand, date: string): string[][] {
  const u = input.units.find((x) => x.id === d.unitId);
  if (!u || u.memberIds.length === 0) return [];
  const away = (id: string) =>
    input.visitors.find((v) => v.id === id)?.unavailableDates.includes(date) ?? true;
  const present = u.memberIds.filter((m) => !away(m));
  if (present.length === u.memberIds.length) return [[...u.memberIds]];
  if (u.kind !== 'pair' || u.memberIds.length !== 2 || present.length !== 1) return [];
  const keeper = present[0]!;
  const crews: string[][] = input.settings.allowSoloVisits ? [[keeper]] : [];
  for (const v of input.visitors) {
    if (u.memberIds.includes(v.id) || away(v.id) || !maySubstitute(input, v.id)) continue;
    crews.push([keeper, v.id]);
  }
  return crews;
}

/** Whether a visit of `d` by `crew` may start at `start` on `date`, ignoring the other visits. */
function slotAllowed(
  input: WeekInput,
  d: VisitDemand,
  date: string,
  start: number,
  crew: readonly string[],
): boolean {
  const s = input.settings;
  const end = start + d.durationMinutes;
  const day = weekdayOfDate(date);
  if (
    !input.openDates.includes(date) ||
    start % s.slotStepMinutes !== 0 ||
    start < s.dayStart ||
    end > s.dayEnd
  )
    return false;
  if (s.breakStart !== null && s.breakEnd !== null && start < s.breakEnd && end > s.breakStart)
    return false;
  if (d.personAvailability.length && !fits(d.personAvailability, day, start, end)) return false;
  return crew.every((id) => {
    const v = input.visitors.find((x) => x.id === id);
    return !!v && !v.unavailableDates.includes(date) && fits(v.availability, day, start, end);
  });
}

/** Every start on the step within the working hours. */
function stepStarts(input: WeekInput, durationMinutes: number): number[] {
  const s = input.settings;
  const out: number[] = [];
  for (
    let t = Math.ceil(s.dayStart / s.slotStepMinutes) * s.slotStepMinutes;
    t + durationMinutes <= s.dayEnd;
    t += s.slotStepMinutes
  )
    out.push(t);
  return out;
}

/** Whether a demand fits alone in an empty week: some open date, allowed crew and start. */
export function fitsAlone(input: WeekInput, d: VisitDemand): boolean {
  return datesAlone(input, d).length > 0;
}

/** The open dates on which demand `d` fits alone in an empty week. */
function datesAlone(input: WeekInput, d: VisitDemand): string[] {
  const starts = stepStarts(input, d.durationMinutes);
  return input.openDates.filter((date) =>
    crewsAllowed(input, d, date).some((crew) =>
      starts.some((t) => slotAllowed(input, d, date, t, crew)),
    ),
  );
}

/**
 * The demands that are feasible in an empty week, person by person: a person's visits go on
 * different dates, so of a person's k visits at most as many are feasible as there are distinct
 * dates on which one of them fits alone (the first ones by id are named). An upper bound on what
 * any plan can hold, the other people aside.
 */
export function feasibleDemands(input: WeekInput): VisitDemand[] {
  const byPerson = new Map<string, VisitDemand[]>();
  for (const d of input.demands) byPerson.set(d.personId, [...(byPerson.get(d.personId) ?? []), d]);
  const out: VisitDemand[] = [];
  for (const demands of byPerson.values()) {
    // Distinct dates for distinct visits: a greedy matching is exact here only when the visits
    // are alike, so match by augmenting paths (a handful of visits and dates).
    const options = demands.map((d) => datesAlone(input, d));
    const dateOwner = new Map<string, number>();
    const assign = (i: number, seen: Set<string>): boolean => {
      for (const date of options[i]!) {
        if (seen.has(date)) continue;
        seen.add(date);
        const owner = dateOwner.get(date);
        if (owner === undefined || assign(owner, seen)) {
          dateOwner.set(date, i);
          return true;
        }
      }
      return false;
    };
    demands.forEach((d, i) => {
      if (assign(i, new Set())) out.push(d);
    });
  }
  return out;
}
