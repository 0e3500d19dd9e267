import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  minutesOfTime,
  mondayOf,
  serviceInstant,
  serviceNow,
  serviceToday,
  timeOfMinutes,
  weekdayOf,
} from './calendar.js';

describe('serviceToday', () => {
  it('gives the Paris date, not the UTC one, just after midnight in winter and summer', () => {
    expect(serviceToday(new Date('2026-02-28T23:30:00Z'))).toBe('2026-03-01');
    expect(serviceToday(new Date('2026-07-14T22:30:00Z'))).toBe('2026-07-15');
  });
  it('keeps the same date in the middle of the day', () => {
    expect(serviceToday(new Date('2026-11-23T12:00:00Z'))).toBe('2026-11-23');
  });
});

describe('serviceInstant', () => {
  it('turns a Paris date and time into the instant, winter and summer', () => {
    expect(serviceInstant('2026-01-15', 14 * 60 + 30).toISOString()).toBe(
      '2026-01-15T13:30:00.000Z',
    );
    expect(serviceInstant('2026-07-01', 14 * 60 + 30).toISOString()).toBe(
      '2026-07-01T12:30:00.000Z',
    );
    // The day the clocks go forward (29 March 2026): 10:00 is already summer time.
    expect(serviceInstant('2026-03-29', 10 * 60).toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });
  it('agrees with serviceNow', () => {
    const instant = serviceInstant('2026-10-25', 16 * 60 + 5);
    expect(serviceNow(instant)).toEqual({ date: '2026-10-25', minute: 16 * 60 + 5 });
  });
});

describe('date arithmetic', () => {
  it('adds days across months and years, finds the weekday and the Monday', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(weekdayOf('2026-11-23')).toBe(0);
    expect(weekdayOf('2026-11-29')).toBe(6);
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
    expect(daysBetween('2026-11-23', '2026-12-07')).toBe(14);
    expect(timeOfMinutes(9 * 60 + 5)).toBe('09:05');
    expect(minutesOfTime('14:15:00')).toBe(855);
  });
});
