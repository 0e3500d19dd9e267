/**
 * The coordinator's day, « À faire » (issue 12, section 4): which sections, in which order, what
 * each says in French with its counts (« 3 appels à rendre, dont 1 en retard »), how urgent each
 * line is (overdue first) and which page each line opens. Pure: the server builds the answer with
 * it from plain rows, the web app shows it.
 */
import { formatInteger } from '../common/french.js';

/**
 * The sections, in the order the page shows them: what is late or urgent for a person first (a
 * call promised, an alert), then the match steps the coordinator attends, then the volunteers'
 * paperwork and applications.
 */
export const TODO_SECTIONS = [
  'callbacks',
  'alerts',
  'firstMeetings',
  'trials',
  'reviews',
  'documentsExpiring',
  'documentsMissing',
  'suspensionsEnding',
  'applications',
] as const;
export type TodoSection = (typeof TODO_SECTIONS)[number];

export const isTodoSection = (value: string): value is TodoSection =>
  (TODO_SECTIONS as readonly string[]).includes(value);

/** How far ahead (or how long ago) each section looks, in days. */
export const TODO_WINDOWS = {
  /** First meetings: today and the next 14 days. */
  firstMeetingsAhead: 14,
  /** Trials ending within 7 days (or already past their end). */
  trialsAhead: 7,
  /** Reviews due within 30 days (or late). */
  reviewsAhead: 30,
  /** Suspensions ending within 14 days (or past their end and still suspended). */
  suspensionsAhead: 14,
  /** An application (applied, interview) with no step for 7 days waits on the service. */
  applicationsIdle: 7,
} as const;

/** Lines shown per section on the home page; the rest behind « voir tout ». */
export const TODO_LINES_PER_SECTION = 5;
/** Lines per page of one whole section. */
export const TODO_SECTION_PAGE_SIZE = 50;

/** What a line's subject is: its link opens that file (or the alert). */
type TodoSubjectKind = 'person' | 'visitor' | 'alert';

/**
 * One row as a section's query reads it: the subject, the date the thing is due (a callback's
 * day, a meeting's day, a trial's end, a document's expiry…), and what the line shows besides.
 */
export interface TodoRow {
  /** The row's own id (contact log entry, visit, assignment, document, alert, visitor). */
  id: string;
  subjectKind: TodoSubjectKind;
  /** The person, visitor, or alert the line opens. */
  subjectId: string;
  /** The person's or visitor's name, or the alert's title. */
  name: string;
  dueOn: string | null;
  /** A meeting's start time, HH:MM. */
  time?: string | null;
  phone?: string | null;
  /** What the line is about, in the data's words: the unit, the document, the alert's person. */
  label?: string | null;
  /** A code the screen names: severity, stage, channel, document key, reason. */
  code?: string | null;
  /** An alert's severity: an urgent one comes first and is counted in « dont N urgentes ». */
  severity?: string | null;
  lastContact?: { occurredAt: string; channel: string; outcome: string } | null;
}

export type TodoUrgency = 'overdue' | 'today' | 'soon';

export interface TodoLine extends TodoRow {
  section: TodoSection;
  urgency: TodoUrgency;
  href: string;
}

/** Alerts carry their urgency in their severity, not in a date. */
const ALERT_SEVERITY_RANK: Record<string, number> = { urgent: 0, high: 1, medium: 2, low: 3 };

/**
 * How urgent a line is. A date before today is overdue, today's is today, later is soon; an
 * urgent alert is treated as overdue. A line with no date (a missing document, an
 * alert of lower severity) is today's business.
 */
export function urgencyOf(section: TodoSection, row: TodoRow, today: string): TodoUrgency {
  if (section === 'alerts') return row.severity === 'urgent' ? 'overdue' : 'today';
  if (!row.dueOn) return 'today';
  if (row.dueOn < today) return 'overdue';
  if (row.dueOn === today) return 'today';
  return 'soon';
}

const URGENCY_RANK: Record<TodoUrgency, number> = { overdue: 0, today: 1, soon: 2 };

/**
 * The order of a section's lines: overdue first (the oldest first), then today's, then the
 * coming ones by date and time; alerts by severity then age. Ties by name, then id (a total
 * order: pages never repeat a line).
 */
export function compareLines(a: TodoLine, b: TodoLine): number {
  const rank = URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency];
  if (rank) return rank;
  if (a.section === 'alerts' && b.section === 'alerts') {
    const severity =
      (ALERT_SEVERITY_RANK[a.severity ?? ''] ?? 3) - (ALERT_SEVERITY_RANK[b.severity ?? ''] ?? 3);
    if (severity) return severity;
  }
  const due = (a.dueOn ?? '').localeCompare(b.dueOn ?? '');
  if (due) return due;
  const time = (a.time ?? '').localeCompare(b.time ?? '');
  if (time) return time;
  const name = a.name.localeCompare(b.name, 'fr');
  if (name) return name;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The anchor of the match panel on the person's file (built by the match's part). */
const MATCH_ANCHOR = 'suivi-appariement';
/** The anchor of the journey panel on the visitor's file. */
const JOURNEY_ANCHOR = 'parcours';

/** The page a line opens: the place to act on it. */
export function lineHref(section: TodoSection, row: TodoRow): string {
  const id = encodeURIComponent(row.subjectId);
  if (row.subjectKind === 'alert') return `/alertes/${id}`;
  if (row.subjectKind === 'visitor')
    return section === 'callbacks' ? `/visiteurs/${id}` : `/visiteurs/${id}#${JOURNEY_ANCHOR}`;
  return section === 'callbacks' ? `/personnes/${id}` : `/personnes/${id}#${MATCH_ANCHOR}`;
}

export function toLine(section: TodoSection, row: TodoRow, today: string): TodoLine {
  return { ...row, section, urgency: urgencyOf(section, row, today), href: lineHref(section, row) };
}

/** A section's lines from its rows, in order. */
export function buildLines(section: TodoSection, rows: readonly TodoRow[], today: string) {
  return rows.map((row) => toLine(section, row, today)).sort(compareLines);
}

/** « voir tout »: the list where the whole section is, with its filters. */
export function seeAllHref(section: TodoSection, all: boolean): string {
  if (section === 'callbacks') return all ? '/rappels?tous=1' : '/rappels';
  if (section === 'alerts') return '/alertes';
  return `/a-faire/${section}${all ? '?tous=1' : ''}`;
}

// ------------------------------------------------------------------ wording

interface Wording {
  /** The section's title, for its own page. */
  title: string;
  one: string;
  other: string;
  /** The part after « dont »: what the flagged lines are (late, expired, urgent, today's); empty: never said. */
  flaggedOne: string;
  flaggedOther: string;
  none: string;
}

/** Counts agree with their noun: « 1 appel à rendre », « 2 fins d’essai », « dont 2 expirés ». */
const WORDING: Record<TodoSection, Wording> = {
  callbacks: {
    title: 'Appels à rendre',
    one: 'appel à rendre',
    other: 'appels à rendre',
    flaggedOne: 'en retard',
    flaggedOther: 'en retard',
    none: 'Aucun appel à rendre.',
  },
  alerts: {
    title: 'Alertes ouvertes',
    one: 'alerte ouverte',
    other: 'alertes ouvertes',
    flaggedOne: 'urgente',
    flaggedOther: 'urgentes',
    none: 'Aucune alerte ouverte.',
  },
  firstMeetings: {
    title: 'Premières rencontres',
    one: 'première rencontre à accompagner',
    other: 'premières rencontres à accompagner',
    flaggedOne: 'aujourd’hui',
    flaggedOther: 'aujourd’hui',
    none: 'Aucune première rencontre prévue.',
  },
  trials: {
    title: 'Fins d’essai',
    one: 'fin d’essai',
    other: 'fins d’essai',
    flaggedOne: 'dépassée',
    flaggedOther: 'dépassées',
    none: 'Aucun essai ne se termine cette semaine.',
  },
  reviews: {
    title: 'Bilans à faire',
    one: 'bilan à faire',
    other: 'bilans à faire',
    flaggedOne: 'en retard',
    flaggedOther: 'en retard',
    none: 'Aucun bilan à faire ce mois-ci.',
  },
  documentsExpiring: {
    title: 'Documents à renouveler',
    one: 'document à renouveler',
    other: 'documents à renouveler',
    flaggedOne: 'expiré',
    flaggedOther: 'expirés',
    none: 'Aucun document n’expire bientôt.',
  },
  documentsMissing: {
    title: 'Dossiers incomplets',
    one: 'dossier incomplet',
    other: 'dossiers incomplets',
    flaggedOne: '',
    flaggedOther: '',
    none: 'Tous les dossiers sont complets.',
  },
  suspensionsEnding: {
    title: 'Suspensions qui prennent fin',
    one: 'suspension qui prend fin',
    other: 'suspensions qui prennent fin',
    flaggedOne: 'échue',
    flaggedOther: 'échues',
    none: 'Aucune suspension ne prend fin bientôt.',
  },
  applications: {
    title: 'Candidatures en attente',
    one: 'candidature en attente',
    other: 'candidatures en attente',
    flaggedOne: '',
    flaggedOther: '',
    none: 'Aucune candidature en attente.',
  },
};

/** The title of a section's own page (« Appels à rendre »). */
export const sectionTitle = (section: TodoSection) => WORDING[section].title;

/** What the section says when it has nothing (« Aucun appel à rendre. »). */
export const sectionEmpty = (section: TodoSection) => WORDING[section].none;

/**
 * The heading of a section with its counts: « 3 appels à rendre, dont 1 en retard », « 1 fin
 * d’essai, dont 1 dépassée », « Aucune alerte ouverte. ». Singular for 0 and 1, as in French;
 * the « dont » part only when some lines are flagged and the section flags any (a missing
 * document or a waiting application has no « late » of its own).
 */
export function sectionHeading(section: TodoSection, total: number, flagged: number): string {
  const w = WORDING[section];
  if (total <= 0) return w.none;
  const head = `${formatInteger(total)} ${total < 2 ? w.one : w.other}`;
  if (!w.flaggedOne || flagged <= 0) return head;
  const part = `${formatInteger(flagged)} ${flagged < 2 ? w.flaggedOne : w.flaggedOther}`;
  return `${head}, dont ${part}`;
}

/** How many lines of a section are flagged in its heading (late, urgent, today's meetings). */
export function isFlagged(section: TodoSection, line: Pick<TodoLine, 'urgency'>): boolean {
  if (!WORDING[section].flaggedOne) return false;
  return section === 'firstMeetings' ? line.urgency === 'today' : line.urgency === 'overdue';
}
