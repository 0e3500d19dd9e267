/**
 * The dates of a help request: one date for a one-off request, every week on one weekday for a
 * recurring one, between its first day and its end (or without end). Occurrences are generated
 * over a rolling horizon (HORIZON_WEEKS ahead of today), extended each day by a job; each one is
 * a local date and a local time window in Paris, so a change of time (last Sunday of March or
 * October) moves nothing: Tuesday 09:00 stays Tuesday 09:00.
 *
 * Pure: no server, database or web code.
 */
import { addDays, weekdayOf } from '../common/calendar.js';

/** How far ahead the occurrences of a recurring request exist. */
const HORIZON_WEEKS = 8;

export interface Schedule {
  recurrence: 'once' | 'weekly';
  /** The one-off date, or the first day the series may start. */
  startsOn: string;
  /** The last day of the series (included); null: no end. Ignored for a one-off request. */
  endsOn: string | null;
  /** ISO weekday, 1 = Monday … 7 = Sunday (weekly only). */
  weekday: number | null;
}

/** The horizon's last day, from today. */
export const horizonEnd = (today: string) => addDays(today, HORIZON_WEEKS * 7);

/** ISO weekday (1 = Monday … 7 = Sunday) of a date. */
export const isoWeekdayOf = (date: string) => weekdayOf(date) + 1;

/**
 * The dates of the schedule in [from, until], both included, in order. A weekly series gives
 * its weekday from `startsOn` on, up to `endsOn` when it has one.
 */
export function occurrenceDates(schedule: Schedule, from: string, until: string): string[] {
  if (schedule.recurrence === 'once')
    return schedule.startsOn >= from && schedule.startsOn <= until ? [schedule.startsOn] : [];
  const weekday = schedule.weekday;
  if (weekday === null || weekday < 1 || weekday > 7) return [];
  const start = schedule.startsOn > from ? schedule.startsOn : from;
  const end = schedule.endsOn !== null && schedule.endsOn < until ? schedule.endsOn : until;
  if (start > end) return [];
  const first = addDays(start, (weekday - isoWeekdayOf(start) + 7) % 7);
  const dates: string[] = [];
  for (let date = first; date <= end; date = addDays(date, 7)) dates.push(date);
  return dates;
}

/**
 * The dates still to create: those of the schedule up to `until` after the last one already
 * generated (`generatedUntil`, null when none), never before today.
 */
export function datesToGenerate(
  schedule: Schedule,
  generatedUntil: string | null,
  today: string,
  until: string = horizonEnd(today),
): string[] {
  const from =
    generatedUntil !== null && generatedUntil >= today ? addDays(generatedUntil, 1) : today;
  return occurrenceDates(schedule, from, until);
}
