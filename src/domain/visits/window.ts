/**
 * When a visitor may say "I have arrived" or "nobody answers" without being asked to confirm:
 * from an hour before the visit's slot to the end of the visit's day, in the service's time zone
 * (Europe/Paris). Earlier, the visitor is most likely not at the door yet (a tap on the wrong
 * visit, a phone set to the wrong day); a "nobody answers" that early would raise an urgent alert
 * for nothing. Outside the window the action is still possible, once confirmed.
 */
import { minutesOfTime, serviceNow, timeOfMinutes } from '../common/calendar.js';

/** How long before the slot's start the window opens. */
const WINDOW_OPENS_BEFORE_MINUTES = 60;

export type WindowVerdict =
  | { kind: 'open' }
  /** Before the window: `opensAt` is "HH:MM" on the visit's day (or the visit is on a later day). */
  | { kind: 'too_early'; laterDay: boolean; opensAt: string }
  /** After the end of the visit's day. */
  | { kind: 'too_late' };

/** Where `at` falls against the visit's window. */
export function visitWindow(visit: { date: string; startTime: string }, at: Date): WindowVerdict {
  const now = serviceNow(at);
  const opensAt = Math.max(0, minutesOfTime(visit.startTime) - WINDOW_OPENS_BEFORE_MINUTES);
  if (now.date > visit.date) return { kind: 'too_late' };
  if (now.date < visit.date)
    return { kind: 'too_early', laterDay: true, opensAt: timeOfMinutes(opensAt) };
  if (now.minute < opensAt)
    return { kind: 'too_early', laterDay: false, opensAt: timeOfMinutes(opensAt) };
  return { kind: 'open' };
}

/** The actions the window applies to: check-in, and a report saying nobody answered. */
export function needsWindow(action: 'check-in' | { outcome: string }): boolean {
  return action === 'check-in' || action.outcome === 'no_answer';
}
