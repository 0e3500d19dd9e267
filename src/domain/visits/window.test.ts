import { describe, expect, it } from 'vitest';
import { needsWindow, visitWindow } from './window.js';
import { serviceInstant } from '../common/calendar.js';

const visit = { date: '2026-12-03', startTime: '14:30' };
// Paris is UTC+1 in December, UTC+2 in July.
const at = (date: string, hhmm: string) =>
  serviceInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));

describe('the window of a visit (Europe/Paris)', () => {
  it('refuses eight hours before the slot, as the field found', () => {
    expect(visitWindow(visit, at('2026-12-03', '06:30'))).toEqual({
      kind: 'too_early',
      laterDay: false,
      opensAt: '13:30',
    });
  });

  it('opens an hour before the slot and stays open to the end of the day', () => {
    expect(visitWindow(visit, at('2026-12-03', '13:29')).kind).toBe('too_early');
    expect(visitWindow(visit, at('2026-12-03', '13:30')).kind).toBe('open');
    expect(visitWindow(visit, at('2026-12-03', '14:45')).kind).toBe('open');
    expect(visitWindow(visit, at('2026-12-03', '23:59')).kind).toBe('open');
    expect(visitWindow(visit, at('2026-12-04', '00:00')).kind).toBe('too_late');
  });

  it('reads the clock in Paris, not in UTC', () => {
    // 12:45 UTC is 13:45 in Paris in winter: open; 12:29 UTC is 13:29: not yet.
    expect(visitWindow(visit, new Date('2026-12-03T12:45:00Z')).kind).toBe('open');
    expect(visitWindow(visit, new Date('2026-12-03T12:29:00Z')).kind).toBe('too_early');
    // In summer Paris is two hours ahead: 11:30 UTC is 13:30.
    const july = { date: '2026-07-01', startTime: '14:30' };
    expect(visitWindow(july, new Date('2026-07-01T11:30:00Z')).kind).toBe('open');
    expect(visitWindow(july, new Date('2026-07-01T11:29:00Z')).kind).toBe('too_early');
    // 23:30 UTC on 3 December is already 4 December in Paris.
    expect(visitWindow(visit, new Date('2026-12-03T23:30:00Z')).kind).toBe('too_late');
  });

  it('says when the visit is on a later day', () => {
    expect(visitWindow(visit, at('2026-12-02', '15:00'))).toEqual({
      kind: 'too_early',
      laterDay: true,
      opensAt: '13:30',
    });
  });

  it('opens at midnight for a visit starting before one in the morning', () => {
    expect(
      visitWindow({ date: '2026-12-03', startTime: '00:30' }, at('2026-12-03', '00:00')).kind,
    ).toBe('open');
  });

  it('applies to check-in and to "nobody answers" only', () => {
    expect(needsWindow('check-in')).toBe(true);
    expect(needsWindow({ outcome: 'no_answer' })).toBe(true);
    expect(needsWindow({ outcome: 'done' })).toBe(false);
    expect(needsWindow({ outcome: 'absent' })).toBe(false);
  });
});
