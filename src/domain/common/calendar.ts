/**
 * Calendar dates as the services live them: in France (Europe/Paris). A visit recorded at
 * 00:30 on 1 March in Paris is on 1 March, although it is still 28 February in UTC.
 */
export const SERVICE_TIME_ZONE = 'Europe/Paris';

const isoDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: SERVICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date (YYYY-MM-DD) in Paris. */
export function serviceToday(now: Date = new Date()): string {
  return isoDateFormat.format(now);
}

const clockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: SERVICE_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The date and the minute of the day in Paris (a visit at 14:10 Paris time is minute 850). */
export function serviceNow(now: Date = new Date()): { date: string; minute: number } {
  const [h, m] = clockFormat.format(now).split(':').map(Number);
  return { date: serviceToday(now), minute: (h ?? 0) * 60 + (m ?? 0) };
}

/** Calendar arithmetic on "YYYY-MM-DD" dates (no time zone involved: a date is a date). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday of a date, 0 = Monday … 6 = Sunday. */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The Monday of the week a date falls in. */
export function mondayOf(date: string): string {
  return addDays(date, -weekdayOf(date));
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** "lundi 30 novembre", for messages to users. */
export const frenchDate = (date: string) =>
  new Intl.DateTimeFormat('fr-FR', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));

/** "HH:MM" of minutes since midnight, and back. */
export const timeOfMinutes = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
export const minutesOfTime = (time: string) =>
  Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: SERVICE_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  hourCycle: 'h23',
});

/** Minutes Paris is ahead of UTC at an instant (60 in winter, 120 in summer). */
function parisOffsetMinutes(instant: number): number {
  const parts = Object.fromEntries(
    offsetFormat.formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/** The instant of a Paris date and minute of the day (14:30 on 2026-07-01 is 12:30 UTC). */
export function serviceInstant(date: string, minute: number): Date {
  const naive = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  const first = naive - parisOffsetMinutes(naive) * 60_000;
  // Near a change of time the offset at the guess can differ from the offset at the result.
  return new Date(naive - parisOffsetMinutes(first) * 60_000);
}
