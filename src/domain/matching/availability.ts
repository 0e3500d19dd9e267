/** Weekly availability: where a person's windows and a unit's leave room for a visit. */
import type { WeeklyWindow } from './model.js';

/**
 * The days on which some window of the person and some window of the unit overlap for at least
 * `visitMinutes`: each such day is one possible weekly visit slot ("créneau commun"). Two visits
 * a week need two distinct days.
 */
export function commonVisitDays(
  person: readonly WeeklyWindow[],
  unit: readonly WeeklyWindow[],
  visitMinutes: number,
): number[] {
  let days = 0; // one bit per weekday
  for (const a of person) {
    const bit = 1 << a.day;
    if (days & bit) continue;
    for (const b of unit) {
      if (b.day === a.day && Math.min(a.end, b.end) - Math.max(a.start, b.start) >= visitMinutes) {
        days |= bit;
        break;
      }
    }
  }
  const out: number[] = [];
  for (let day = 0; day < 7; day++) if (days & (1 << day)) out.push(day);
  return out;
}

/** The windows both members of a pair share (a pair visits together). */
export function intersectWindows(
  a: readonly WeeklyWindow[],
  b: readonly WeeklyWindow[],
): WeeklyWindow[] {
  const out: WeeklyWindow[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x.day !== y.day) continue;
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (end > start) out.push({ day: x.day, start, end });
    }
  }
  return out.sort((p, q) => p.day - q.day || p.start - q.start);
}
