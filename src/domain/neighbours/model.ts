/**
 * Active neighbours (« voisins actifs », issue 13, ADR 0033): a volunteer who helps people near
 * home (shopping, a lift to an appointment, company…) is a visitor with the role
 * `neighbour_help`, so the journey of ADR 0029 (interview, charter, insurance, suspension) applies
 * unchanged. This module says which kinds of help exist by default, what an offer may say (how far,
 * how often, how to be told), and when a neighbour is validated to help. Pure: no server, database
 * or web code.
 */
import {
  documentsRequiredOf,
  readiness,
  type JourneyDocument,
  type ReadinessVisitor,
  type RequiredDocumentRule,
} from '../visitors/journey.js';

/** What a visitor does: visits (matching and planning) and/or neighbour help. */
export const VISITOR_ROLES = ['visits', 'neighbour_help'] as const;
export type VisitorRole = (typeof VISITOR_ROLES)[number];

/** The kinds of help every organisation starts with (issue 13); each one extends its list. */
export const DEFAULT_HELP_KINDS: readonly { code: string; label: string }[] = [
  { code: 'shopping', label: 'Courses' },
  { code: 'appointment', label: 'Transport ou accompagnement à un rendez-vous' },
  { code: 'company', label: 'Compagnie' },
  { code: 'phone_calls', label: 'Appels téléphoniques' },
  { code: 'small_repairs', label: 'Petits travaux' },
  { code: 'gardening', label: 'Jardinage' },
  { code: 'paperwork', label: 'Démarches administratives' },
  { code: 'digital_help', label: 'Aide numérique' },
];

/** The rows of the defaults for one organisation, in their order. */
export const defaultHelpKindRows = (organisationId: string) =>
  DEFAULT_HELP_KINDS.map((kind, index) => ({ organisationId, ...kind, position: index + 1 }));

export const HELP_KIND_CODE = /^[a-z][a-z0-9_]{1,39}$/;

/**
 * The code of a new kind, from its French label (« Lecture à voix haute » → `lecture_a_voix_haute`),
 * made unique among the organisation's codes. Codes never change once given: a rename changes the
 * label only.
 */
export function helpKindCodeOf(label: string, taken: readonly string[]): string {
  const base =
    label
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+|_+$/g, '')
      .slice(0, 34)
      .replace(/_+$/, '') || 'aide';
  const stem = base.length >= 2 ? base : `aide_${base}`;
  const used = new Set(taken);
  if (!used.has(stem)) return stem;
  for (let n = 2; ; n++) if (!used.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

/** How a neighbour wants to be told of a request. */
export const NOTIFY_CHANNELS = ['email', 'sms', 'phone_call'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** A neighbour helps near home: beyond 50 km it is no longer neighbour help. */
export const MAX_DISTANCE_KM = 50;
export const MAX_DISTANCE_MESSAGE = `Indiquez une distance entre 1 et ${MAX_DISTANCE_KM} km : l’entraide entre voisins se fait près de chez soi.`;
/** Helps a week at most (three a day): more is a job, not a favour. */
export const MAX_WEEKLY_LIMIT = 21;
export const WEEKLY_LIMIT_MESSAGE = `Indiquez un nombre d’aides par semaine entre 1 et ${MAX_WEEKLY_LIMIT}.`;

/** The parts of a day a neighbour says they are free, as the sign-up asks them. */
export const DAY_PERIODS = ['morning', 'afternoon', 'evening'] as const;
export type DayPeriod = (typeof DAY_PERIODS)[number];

const DAY_PERIOD_HOURS: Readonly<Record<DayPeriod, { startTime: string; endTime: string }>> = {
  morning: { startTime: '09:00', endTime: '12:00' },
  afternoon: { startTime: '14:00', endTime: '18:00' },
  evening: { startTime: '18:00', endTime: '20:00' },
};

/** Weekly availability slots (visitor_availability's shape) of the periods ticked; no duplicates. */
export function slotsOfPeriods(
  periods: readonly { weekday: number; period: DayPeriod }[],
): { weekday: number; startTime: string; endTime: string }[] {
  const seen = new Set<string>();
  const slots: { weekday: number; startTime: string; endTime: string }[] = [];
  for (const { weekday, period } of periods) {
    const key = `${weekday}|${period}`;
    if (seen.has(key)) continue;
    seen.add(key);
    slots.push({ weekday, ...DAY_PERIOD_HOURS[period] });
  }
  return slots.sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime));
}

export interface HelpKind {
  code: string;
  label: string;
  active: boolean;
}

export type Check = { ok: true } | { ok: false; field: string; message: string };

/** The offers must be active kinds of the organisation (a deactivated kind is no longer offered). */
export function checkOffers(offers: readonly string[], kinds: readonly HelpKind[]): Check {
  if (offers.length === 0)
    return { ok: false, field: 'offers', message: 'Choisissez au moins un type d’aide proposé.' };
  const active = kinds.filter((k) => k.active);
  const unknown = offers.filter((code) => !active.some((k) => k.code === code));
  if (unknown.length === 0) return { ok: true };
  return {
    ok: false,
    field: 'offers',
    message: `Type d’aide inconnu (${unknown.map((c) => `« ${c} »`).join(', ')}). Types proposés par l’association : ${active.map((k) => `« ${k.label} »`).join(', ')}.`,
  };
}

/** Being told by SMS or by a call needs a phone; by e-mail, an address. */
export function checkNotifyChannel(
  notifyBy: NotifyChannel,
  contact: { email: string | null; phone: string | null },
): Check {
  if (notifyBy === 'email' && !contact.email)
    return {
      ok: false,
      field: 'email',
      message: 'Pour être prévenu par e-mail, indiquez une adresse e-mail.',
    };
  if (notifyBy !== 'email' && !contact.phone)
    return {
      ok: false,
      field: 'phone',
      message:
        notifyBy === 'sms'
          ? 'Pour être prévenu par SMS, indiquez un numéro de téléphone portable.'
          : 'Pour être appelé par l’animateur, indiquez un numéro de téléphone.',
    };
  return { ok: true };
}

export interface NeighbourSubject extends ReadinessVisitor {
  kind: string;
  roles: readonly string[];
}

export interface NeighbourValidation {
  validated: boolean;
  /** Why they cannot be asked to help today (French). */
  reasons: string[];
  /** A document to renew soon. */
  warnings: string[];
}

export const NOT_A_NEIGHBOUR = 'n’est pas inscrit comme voisin actif';

/**
 * Is this neighbour validated to help on `today`? A visitor with the neighbour role whose journey
 * makes them ready (active, not suspended, the required documents valid: the readiness of ADR
 * 0029, the same as for visits).
 */
export function neighbourValidation(
  visitor: NeighbourSubject,
  documents: readonly JourneyDocument[],
  requiredDocuments: readonly RequiredDocumentRule[],
  today: string,
  warningDays: number,
): NeighbourValidation {
  const r = readiness(
    visitor,
    documents,
    documentsRequiredOf(visitor.kind, requiredDocuments),
    today,
    warningDays,
  );
  const reasons = visitor.roles.includes('neighbour_help')
    ? r.reasons
    : [NOT_A_NEIGHBOUR, ...r.reasons];
  return { validated: reasons.length === 0, reasons, warnings: r.warnings };
}

/** A visitor's roles once their neighbour profile is saved: neighbour help, visits if asked. */
export function rolesWithNeighbourHelp(
  roles: readonly string[],
  alsoVisits: boolean | null,
): VisitorRole[] {
  const visits = alsoVisits ?? roles.includes('visits');
  return visits ? ['visits', 'neighbour_help'] : ['neighbour_help'];
}
