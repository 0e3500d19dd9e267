import { describe, expect, it } from 'vitest';
import { serviceToday } from './calendar.js';

describe('serviceToday', () => {
  it('gives the Paris date, not the UTC one, just after midnight in winter and summer', () => {
    expect(serviceToday(new Date('2026-02-28T23:30:00Z'))).toBe('2026-03-01');
    expect(serviceToday(new Date('2026-07-14T22:30:00Z'))).toBe('2026-07-15');
  });
  it('keeps the same date in the middle of the day', () => {
    expect(serviceToday(new Date('2026-11-23T12:00:00Z'))).toBe('2026-11-23');
  });
});
