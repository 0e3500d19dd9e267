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
