/**
 * Checks one proposed change by hand (a visit moved to another day, time or crew) against every
 * rule the planner obeys, and names each rule it breaks, in French for the planner's screen.
 */
import { weekdayOf } from '../../common/calendar.js';
import { WeekContext } from './context.js';
import type { IsoDate, MoveViolation, PlannedVisit, WeekInput } from './model.js';

export function checkMove(
  week: WeekInput,
  plan: readonly PlannedVisit[],
  demandId: string,
  target: { date: IsoDate; start: number; visitorIds: readonly string[] },
): MoveViolation[] {
  const ctx = new WeekContext(week);
  const d = ctx.demandIndex.get(demandId);
  if (d === undefined) throw new Error(`checkMove: unknown demand ${demandId}`);
  const demand = ctx.demands[d]!;
  const { settings } = week;
  const start = target.start;
  const end = start + demand.durationMinutes;
  const weekday = weekdayOf(target.date);
  const out: MoveViolation[] = [];
  const within = (windows: readonly { day: number; start: number; end: number }[]) =>
    windows.some((w) => w.day === weekday && w.start <= start && end <= w.end);

  if (!week.openDates.includes(target.date)) out.push({ kind: 'closed_day', date: target.date });
  if (start < settings.dayStart || end > settings.dayEnd) out.push({ kind: 'outside_working_hours' });
  if (settings.breakStart !== null && settings.breakEnd !== null && start < settings.breakEnd && end > settings.breakStart) {
    out.push({ kind: 'during_break' });
  }
  if (demand.personAvailability.length && !within(demand.personAvailability)) out.push({ kind: 'person_unavailable' });

  // The crew: the unit, one member alone (if allowed), or one member with a substitute.
  const unit = ctx.units.get(demand.unitId);
  const members = unit?.memberIds ?? [];
  const ids = [...new Set(target.visitorIds)];
  const fromUnit = ids.filter((id) => members.includes(id));
  const crewAllowed =
    ids.length > 0 &&
    ids.every((id) => ctx.visitorIndex.has(id)) &&
    fromUnit.length >= 1 &&
    (ids.length === 2 || unit?.kind === 'volunteer' || (ids.length === 1 && (settings.allowSoloVisits || members.length === 1)));
  if (!crewAllowed) out.push({ kind: 'crew_not_allowed' });

  for (const id of ids) {
    const v = ctx.visitorIndex.get(id);
    if (v === undefined) continue;
    const visitor = ctx.visitors[v]!;
    if (visitor.unavailableDates.includes(target.date)) out.push({ kind: 'visitor_absent', visitorId: id });
    else if (!within(visitor.availability)) out.push({ kind: 'visitor_unavailable', visitorId: id });
    const day = plan
      .filter((p) => p.demandId !== demandId && p.date === target.date && p.visitorIds.includes(id))
      .sort((a, b) => a.start - b.start);
    if (day.length + 1 > settings.maxVisitsPerVisitorPerDay) out.push({ kind: 'too_many_visits', visitorId: id });
    for (const other of day) {
      const o = ctx.demandIndex.get(other.demandId);
      if (start < other.end && other.start < end) {
        out.push({ kind: 'overlap', visitorId: id, otherDemandId: other.demandId });
        continue;
      }
      if (o === undefined) continue;
      // Travel between the two homes, in the order they come.
      const needed = other.end <= start ? ctx.travel(o, d, v) : ctx.travel(d, o, v);
      const gap = other.end <= start ? start - other.end : other.start - end;
      if (gap < needed) out.push({ kind: 'travel_too_short', visitorId: id, otherDemandId: other.demandId, neededMinutes: needed });
    }
  }
  for (const sibling of demand.siblingIds) {
    if (plan.some((p) => p.demandId === sibling && p.date === target.date)) out.push({ kind: 'same_day_as_sibling', otherDemandId: sibling });
  }
  return out;
}

export function describeViolation(v: MoveViolation, nameOf: (visitorId: string) => string = (id) => id): string {
  switch (v.kind) {
    case 'closed_day':
      return 'Ce jour est fermé (dimanche, jour férié ou fermeture du service).';
    case 'outside_working_hours':
      return 'La visite sort des horaires du service.';
    case 'during_break':
      return 'La visite empiète sur la pause de midi.';
    case 'person_unavailable':
      return 'La personne n’est pas disponible à ce moment.';
    case 'visitor_unavailable':
      return `${nameOf(v.visitorId)} n’est pas disponible à ce moment.`;
    case 'visitor_absent':
      return `${nameOf(v.visitorId)} est absent(e) ou en formation ce jour-là.`;
    case 'overlap':
      return `La visite chevauche une autre visite de ${nameOf(v.visitorId)}.`;
    case 'travel_too_short':
      return `${nameOf(v.visitorId)} n’a pas le temps du trajet depuis ou vers son autre visite : ${v.neededMinutes} min de trajet nécessaires.`;
    case 'too_many_visits':
      return `${nameOf(v.visitorId)} a déjà le nombre maximal de visites ce jour-là.`;
    case 'same_day_as_sibling':
      return 'La personne a déjà une autre visite ce jour-là.';
    case 'crew_not_allowed':
      return 'Ces visiteurs ne peuvent pas faire cette visite : il faut un membre du binôme, accompagné (ou seul si le service l’autorise).';
  }
}
