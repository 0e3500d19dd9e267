/**
 * Why a visit could not be planned and why a move is refused, in French for the planner's
 * screen. The reason of an unplanned visit is judged on an empty week, so it does not depend on
 * the other visits: "no room" means the visit was possible on its own.
 */
import type { WeekContext } from './context.js';
import type { MoveViolation, UnplannedReason } from './model.js';
import { elide } from '../../common/french.js';

const UNPLANNED_MESSAGES: Record<UnplannedReason, string> = {
  no_common_window:
    'Aucun jour ouvert de la semaine où la personne et ses visiteurs ont un créneau commun assez long (disponibilités, horaires du service, pause).',
  visitors_absent:
    'Les visiteurs sont absents ou en formation les jours possibles, et personne ne peut les remplacer.',
  person_days_taken:
    'La personne ne peut être vue que des jours où elle a déjà une visite cette semaine (deux visites ne tombent pas le même jour).',
  no_room:
    'Possible en soi, mais les journées des visiteurs sont déjà pleines les jours possibles.',
};

export function unplannedMessage(reason: UnplannedReason): string {
  return UNPLANNED_MESSAGES[reason];
}

/**
 * Why demand `d` cannot be planned, on an empty week: when some crew allowed by the continuity
 * rule fits it on some date, `person_days_taken` if every such date holds another visit of the
 * person (`siblingDates`), else `no_room`; else `visitors_absent` when the unit itself would have
 * fitted (its members are away those days and nobody may replace them); else `no_common_window`.
 * `dates` restricts the dates considered (repair: not the past); `absent` adds absences being
 * declared.
 */
export function unplannedReason(
  ctx: WeekContext,
  d: number,
  options: {
    absent?: ReadonlySet<string>;
    dates?: readonly number[];
    siblingDates?: ReadonlySet<number>;
  } = {},
): UnplannedReason {
  const members = ctx.members[d]!;
  const dateIndices = options.dates ?? ctx.dates.map((_, i) => i);
  let unitFits = false;
  let fitsSomewhere = false;
  for (const di of dateIndices) {
    if (ctx.crews(d, di, options.absent, Number.POSITIVE_INFINITY).length) {
      if (!options.siblingDates?.has(di)) return 'no_room';
      fitsSomewhere = true;
    }
    if (members.length && ctx.startWindows(d, di, members).length) unitFits = true;
  }
  if (fitsSomewhere) return 'person_days_taken';
  return unitFits ? 'visitors_absent' : 'no_common_window';
}

/** A violation of a proposed move in French; `nameOf` gives a visitor's name (the id by default). */
export function describeViolation(
  v: MoveViolation,
  nameOf: (visitorId: string) => string = (id) => id,
): string {
  switch (v.kind) {
    case 'closed_day':
      return 'Ce jour est fermé (jour férié ou fermeture du service).';
    case 'off_step':
      return `L’heure de début doit tomber sur un pas de ${v.stepMinutes} min (par exemple 14h00${v.stepMinutes < 60 ? ` ou 14h${String(v.stepMinutes).padStart(2, '0')}` : ''}).`;
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
      return `Chevauche une autre visite ${elide('de', nameOf(v.visitorId))}.`;
    case 'travel_too_short':
      return v.otherIs === 'previous'
        ? `Trajet trop court depuis la visite précédente ${elide('de', nameOf(v.visitorId))} : ${v.neededMinutes} min nécessaires.`
        : `Trajet trop court vers la visite suivante ${elide('de', nameOf(v.visitorId))} : ${v.neededMinutes} min nécessaires.`;
    case 'too_many_visits':
      return `${nameOf(v.visitorId)} a déjà le nombre maximal de visites ce jour-là.`;
    case 'same_day_as_sibling':
      return 'La personne a déjà une autre visite ce jour-là.';
    case 'crew_not_allowed':
      return 'Ces visiteurs ne peuvent pas faire cette visite : il faut le binôme, ou un membre du binôme accompagné d’un visiteur d’un autre binôme (ou seul si le service l’autorise), ou le bénévole qui suit la personne.';
  }
}
