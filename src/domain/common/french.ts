/**
 * French as the services write it: dates in long and short forms (Europe/Paris), numbers with
 * grouped digits, durations in hours and minutes, elision before vowels and mute h, and wording
 * that agrees with a person's form of address. Pure: the web app and the server share it.
 */
import { SERVICE_TIME_ZONE } from './calendar.js';

// ------------------------------------------------------------------ dates

type DateInput = string | Date | null | undefined;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const shortDay = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'UTC',
});
const longDay = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const dayHeading = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});
const columnDay = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const parisDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: SERVICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const parisClock = new Intl.DateTimeFormat('fr-FR', {
  timeZone: SERVICE_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * The calendar day of a value, as a UTC midnight: "2026-12-02" is that day wherever the reader
 * is; a timestamp is the day it is in Paris (00:30 on 1 March in Paris is 1 March).
 */
function calendarDay(value: DateInput): Date | null {
  if (!value) return null;
  if (typeof value === 'string') {
    const match = ISO_DAY.exec(value);
    if (match) return new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!));
  }
  const instant = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(instant.getTime())) return null;
  return new Date(`${parisDay.format(instant)}T00:00:00Z`);
}

function withDay(value: DateInput, format: (day: Date) => string): string {
  const day = calendarDay(value);
  return day ? format(day) : value ? String(value) : '';
}

/** "02/12/2026". */
export function formatShortDate(value: DateInput): string {
  return withDay(value, (d) => shortDay.format(d));
}

/** "mercredi 2 décembre 2026". */
export function formatLongDate(value: DateInput): string {
  return withDay(value, (d) => longDay.format(d));
}

/** "mercredi 2 décembre": a day of this week or the next, for headings. */
export function formatDayHeading(value: DateInput): string {
  return withDay(value, (d) => dayHeading.format(d));
}

/** "mer. 2 déc.": a column of a week grid. */
export function formatColumnDate(value: DateInput): string {
  return withDay(value, (d) => columnDay.format(d));
}

/** "14:05": the time of a moment in Paris. */
function formatClock(value: DateInput): string {
  if (!value) return '';
  const instant = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(instant.getTime())) return String(value);
  return parisClock.format(instant);
}

/** "02/12/2026 à 14:05": a moment, in Paris. */
export function formatShortDateTime(value: DateInput): string {
  if (!value) return '';
  const day = formatShortDate(value);
  const clock = formatClock(value);
  return clock && day !== String(value) ? `${day} à ${clock}` : String(value);
}

/** "mercredi 2 décembre 2026 à 14:05": a moment, in Paris. */
export function formatLongDateTime(value: DateInput): string {
  if (!value) return '';
  const day = formatLongDate(value);
  const clock = formatClock(value);
  return clock && day !== String(value) ? `${day} à ${clock}` : String(value);
}

// ------------------------------------------------------------------ numbers and durations

const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** "21 062" (grouped with a narrow no-break space, as Intl writes French). */
export function formatInteger(value: number): string {
  return integerFormat.format(Math.round(value));
}

/** Minutes as a reader counts them: "45 min", "1 h", "351 h 02 min". */
export function formatDuration(totalMinutes: number): string {
  const minutes = Math.max(0, Math.round(totalMinutes));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  if (rest === 0) return `${formatInteger(hours)} h`;
  return `${formatInteger(hours)} h ${String(rest).padStart(2, '0')} min`;
}

// ------------------------------------------------------------------ elision

/**
 * Words starting with an aspirated h: no elision before them ("de Hugo" is elided, "de Hollande"
 * is not). Only common ones; first names with an h are almost all mute ("d’Hélène", "d’Henri").
 */
const ASPIRATED_H = [
  'hache',
  'haie',
  'hall',
  'hameau',
  'handicap',
  'haricot',
  'hasard',
  'haut',
  'hauteur',
  'havre',
  'hérisson',
  'héros',
  'hibou',
  'hollande',
  'homard',
  'honte',
  'hors',
  'housse',
  'huit',
];

/** Does this word take elision ("Isabelle", "Hélène", "Yves") rather than a full "de"? */
export function startsWithVowelSound(word: string): boolean {
  const text = word.trim();
  if (!text) return false;
  const first = text[0]!.toLowerCase();
  const bare = first.normalize('NFD').replace(/\p{M}/gu, '');
  if ('aeiou'.includes(bare) || first === 'œ' || first === 'æ') return true;
  if (bare === 'y') {
    // Yves, Yvette: elided; Yann, Yolande (a semi-vowel): not.
    const second = (text[1] ?? '').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
    return second !== '' && !'aeiouy'.includes(second);
  }
  if (bare === 'h') {
    const lower = text.toLowerCase().normalize('NFC');
    const wordOnly = lower.split(/[\s\-’']/)[0]!;
    return !ASPIRATED_H.some((h) => wordOnly === h || wordOnly.startsWith(`${h}`));
  }
  return false;
}

const ELIDED: Readonly<Record<string, string>> = {
  de: 'd’',
  De: 'D’',
  le: 'l’',
  Le: 'L’',
  la: 'l’',
  La: 'L’',
  que: 'qu’',
  Que: 'Qu’',
  ne: 'n’',
  se: 's’',
  je: 'j’',
  Je: 'J’',
};

/** "de" + "Isabelle" → "d’Isabelle"; "de" + "Marie" → "de Marie"; "le" + "Hélène" → "l’Hélène". */
export function elide(word: string, next: string): string {
  const elided = ELIDED[word];
  return elided && startsWithVowelSound(next) ? `${elided}${next}` : `${word} ${next}`;
}

/** The words that take an elision, as a pattern: in a template, "de {name}". */
export const ELIDABLE_BEFORE_PLACEHOLDER = /\b(de|De|le|Le|la|La|que|Que|ne|se|je|Je) \{(\w+)\}/g;

// ------------------------------------------------------------------ form of address and agreement

export const FORMS_OF_ADDRESS = ['madame', 'monsieur'] as const;
export type FormOfAddress = (typeof FORMS_OF_ADDRESS)[number];

/** The form of address when it was not recorded, from the gender when it was. */
export function formOfAddressOf(record: {
  formOfAddress?: string | null;
  gender?: string | null;
}): FormOfAddress | null {
  if (record.formOfAddress === 'madame' || record.formOfAddress === 'monsieur')
    return record.formOfAddress;
  if (record.gender === 'female') return 'madame';
  if (record.gender === 'male') return 'monsieur';
  return null;
}

/** The form that agrees: feminine for "madame", masculine for "monsieur", else the neutral one. */
export function agree<T>(
  form: FormOfAddress | null | undefined,
  forms: { feminine: T; masculine: T; neutral: T },
): T {
  if (form === 'madame') return forms.feminine;
  if (form === 'monsieur') return forms.masculine;
  return forms.neutral;
}

/**
 * A civility as registers write it ("Mme", "M.", "Madame", "Monsieur", "Mlle"…) → the form of
 * address, or null when empty; undefined when it is not a civility at all.
 */
export function parseCivility(value: string | null | undefined): FormOfAddress | null | undefined {
  const text = (value ?? '')
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\.$/, '');
  if (text === '') return null;
  if (['mme', 'madame', 'mlle', 'mademoiselle', 'mrs', 'ms', 'f'].includes(text)) return 'madame';
  if (['m', 'mr', 'monsieur', 'h'].includes(text)) return 'monsieur';
  return undefined;
}
