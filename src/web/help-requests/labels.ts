/** How a request's schedule and status read on the screens. */
import { enumLabel, t } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import type { BadgeTone } from '../ui/Badge.js';

/** « Chaque mardi, 09:00 – 11:00 » or « Le 12/12/2026, 09:00 – 11:00 ». */
export function scheduleText(request: {
  recurrence: string;
  startsOn: string;
  endsOn: string | null;
  weekday: number | null;
  startTime: string;
  endTime: string;
}) {
  const hours = t('help.hours', { start: request.startTime, end: request.endTime });
  if (request.recurrence === 'weekly')
    return (
      t('help.everyWeek', {
        day: enumLabel('weekday', String(request.weekday ?? '')).toLowerCase(),
        hours,
        from: formatDate(request.startsOn),
      }) + (request.endsOn ? t('help.until', { date: formatDate(request.endsOn) }) : '')
    );
  return t('help.onDate', { date: formatDate(request.startsOn), hours });
}

export function statusTone(status: string): BadgeTone {
  return status === 'open'
    ? 'success'
    : status === 'pending'
      ? 'warning'
      : status === 'cancelled'
        ? 'danger'
        : 'neutral';
}

export const urgencyTone = (urgency: string): BadgeTone =>
  urgency === 'urgent' ? 'danger' : urgency === 'soon' ? 'warning' : 'neutral';
