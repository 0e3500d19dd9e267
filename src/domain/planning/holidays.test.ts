import { describe, expect, it } from 'vitest';
import { easterSunday, isPublicHoliday, publicHolidays } from './holidays.js';

describe('French public holidays', () => {
  it('finds Easter on the published dates', () => {
    // Known Easter Sundays.
    expect(easterSunday(2024)).toEqual({ month: 3, day: 31 });
    expect(easterSunday(2025)).toEqual({ month: 4, day: 20 });
    expect(easterSunday(2026)).toEqual({ month: 4, day: 5 });
    expect(easterSunday(2027)).toEqual({ month: 3, day: 28 });
    expect(easterSunday(2038)).toEqual({ month: 4, day: 25 });
    expect(easterSunday(1818)).toEqual({ month: 3, day: 22 });
  });

  it('lists the eleven holidays of 2026, in order', () => {
    expect(publicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Jour de l’an' },
      { date: '2026-04-06', name: 'Lundi de Pâques' },
      { date: '2026-05-01', name: 'Fête du Travail' },
      { date: '2026-05-08', name: 'Victoire 1945' },
      { date: '2026-05-14', name: 'Ascension' },
      { date: '2026-05-25', name: 'Lundi de Pentecôte' },
      { date: '2026-07-14', name: 'Fête nationale' },
      { date: '2026-08-15', name: 'Assomption' },
      { date: '2026-11-01', name: 'Toussaint' },
      { date: '2026-11-11', name: 'Armistice 1918' },
      { date: '2026-12-25', name: 'Noël' },
    ]);
  });

  it('adds Good Friday and 26 December in Alsace and Moselle only', () => {
    expect(publicHolidays(2025, '67')).toHaveLength(13);
    expect(isPublicHoliday('2025-04-18', '57')?.name).toBe('Vendredi saint');
    expect(isPublicHoliday('2025-04-18', '60')).toBeNull();
    expect(isPublicHoliday('2025-12-26', '68')?.name).toBe('Saint-Étienne');
    expect(isPublicHoliday('2025-05-29')?.name).toBe('Ascension');
    expect(isPublicHoliday('2025-06-09')?.name).toBe('Lundi de Pentecôte');
    expect(isPublicHoliday('2025-06-10')).toBeNull();
  });

  it('refuses a year outside the Gregorian calendar', () => {
    expect(() => publicHolidays(1200)).toThrow(RangeError);
  });
});
