/**
 * The professionals' directory ("voisins pro actifs", issue 13, ADR 0035): trades, opening hours,
 * and which kinds of neighbour help go beyond a favour. Plain lists and pure functions, no Zod:
 * the web app reads them too.
 *
 * The list of trades is extendable: a new trade is a new code here with its French label (the
 * database stores the code as text, with no check constraint to migrate).
 */
import { addDays, minutesOfTime } from '../common/calendar.js';

export const TRADES = {
  plumber: 'Plombier',
  electrician: 'Électricien',
  locksmith: 'Serrurier',
  heating_engineer: 'Chauffagiste',
  home_help: 'Aide à domicile',
  taxi: 'Taxi / VSL',
  home_hairdresser: 'Coiffeur à domicile',
  chiropodist: 'Pédicure-podologue',
  gardener: 'Jardinier',
  computer_help: 'Informaticien / dépannage informatique',
  handyman: 'Petits travaux / homme toutes mains',
  meal_delivery: 'Portage de repas',
  nurse: 'Infirmier à domicile',
  painter: 'Peintre',
  glazier: 'Vitrier',
  chimney_sweep: 'Ramoneur',
} as const satisfies Record<string, string>;

export type Trade = keyof typeof TRADES;
export const TRADE_CODES = Object.keys(TRADES) as Trade[];

export const isTrade = (value: string): value is Trade => Object.hasOwn(TRADES, value);
export const tradeLabel = (code: string): string => (isTrade(code) ? TRADES[code] : code);

/**
 * Which trades a kind of neighbour help suggests when a request goes beyond a favour ("a plumber,
 * not a neighbour"). Keys are the help-kind codes of the neighbour-help offers; a kind absent
 * here suggests no trade (company, phone calls…).
 */
export const HELP_KIND_TRADES: Readonly<Record<string, readonly Trade[]>> = {
  small_repairs: ['handyman', 'plumber', 'electrician', 'locksmith', 'heating_engineer', 'glazier'],
  gardening: ['gardener'],
  digital_help: ['computer_help'],
  appointment: ['taxi'],
  shopping: ['home_help', 'meal_delivery'],
  paperwork: ['home_help'],
  housework: ['home_help'],
  personal_care: ['home_hairdresser', 'chiropodist', 'nurse'],
};

export function tradesForHelpKind(helpKind: string): readonly Trade[] {
  return HELP_KIND_TRADES[helpKind] ?? [];
}

/** Weekdays as the calendar numbers them: 0 = Monday … 6 = Sunday. */
export const WEEKDAY_LABELS = [
  'lundi',
  'mardi',
  'mercredi',
  'jeudi',
  'vendredi',
  'samedi',
  'dimanche',
] as const;

/** One opening slot: a weekday, from start to end (HH:MM, same day). A day may have two (8–12, 14–18). */
export interface OpeningSlot {
  weekday: number;
  start: string;
  end: string;
}

/** The slots per day a form offers, and the most a week may hold. */
export const MAX_SLOTS = 21;

/**
 * What is wrong with a week of opening hours, in French, one message per faulty slot (its index);
 * empty when it is acceptable: each slot ends after it starts, and slots of a day do not overlap.
 */
export function hoursProblems(slots: readonly OpeningSlot[]): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  slots.forEach((slot, index) => {
    if (minutesOfTime(slot.end) <= minutesOfTime(slot.start))
      problems.push({
        index,
        message: `Le ${WEEKDAY_LABELS[slot.weekday] ?? 'jour'}, l’heure de fin (${slot.end}) doit être après l’heure de début (${slot.start}).`,
      });
  });
  const sorted = slots
    .map((slot, index) => ({ ...slot, index }))
    .sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const slot = sorted[i]!;
    if (slot.weekday === previous.weekday && slot.start < previous.end && previous.start < slot.end)
      problems.push({
        index: slot.index,
        message: `Le ${WEEKDAY_LABELS[slot.weekday]}, deux plages horaires se chevauchent (${previous.start}–${previous.end} et ${slot.start}–${slot.end}).`,
      });
  }
  return problems;
}

/** Slots in weekday and time order, as stored and shown. */
export function sortedHours(slots: readonly OpeningSlot[]): OpeningSlot[] {
  return [...slots].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
}

/** "lundi : 08:00–12:00, 14:00–18:00", one line per open day, in week order. */
export function hoursLines(slots: readonly OpeningSlot[]): string[] {
  const byDay = new Map<number, string[]>();
  for (const slot of sortedHours(slots)) {
    const day = byDay.get(slot.weekday) ?? [];
    day.push(`${slot.start}–${slot.end}`);
    byDay.set(slot.weekday, day);
  }
  return [...byDay].map(([weekday, ranges]) => `${WEEKDAY_LABELS[weekday]} : ${ranges.join(', ')}`);
}

/** A professional's details are asked again this long after they were last checked. */
const CHECK_EVERY_MONTHS = 12;
/** How long the e-mailed "is this still right?" link works. */
export const CHECK_LINK_DAYS = 30;

/** The day twelve months before `today` (AAAA-MM-JJ): checked on or before it, the check is due. */
export function checkDueBefore(today: string): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  // The 29th of February a year on is the 28th (the last day of the month), not the 1st of March.
  const target = new Date(Date.UTC(year - CHECK_EVERY_MONTHS / 12, month - 1, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), month, 0)).getUTCDate();
  return addDays(target.toISOString().slice(0, 10), Math.min(day, lastDay) - 1);
}

/** Whether a professional's details should be asked again (never checked counts as due). */
export function isCheckDue(lastCheckedOn: string | null, today: string): boolean {
  return lastCheckedOn === null || lastCheckedOn <= checkDueBefore(today);
}
