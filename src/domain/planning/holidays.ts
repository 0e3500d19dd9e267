/**
 * French public holidays (jours fériés), computed: the eight fixed days, and Easter Monday,
 * Ascension Thursday and Whit Monday from the date of Easter (Gregorian computus). Alsace and
 * Moselle (départements 57, 67, 68) also have Good Friday and 26 December. Whit Monday is a
 * holiday in law even where it is worked as the "journée de solidarité": a service that works it
 * removes it from its closed days.
 */

export interface PublicHoliday {
  /** YYYY-MM-DD */
  date: string;
  name: string;
}

const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Easter Sunday of a Gregorian year (the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function shifted(year: number, month: number, day: number, days: number): string {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return date.toISOString().slice(0, 10);
}

const ALSACE_MOSELLE = new Set(['57', '67', '68']);

/** The public holidays of a year, in date order; `departmentCode` adds Alsace-Moselle's two. */
export function publicHolidays(year: number, departmentCode?: string | null): PublicHoliday[] {
  if (!Number.isInteger(year) || year < 1583 || year > 9999)
    throw new RangeError(`year out of range: ${year}`);
  const easter = easterSunday(year);
  const days: PublicHoliday[] = [
    { date: iso(year, 1, 1), name: 'Jour de l’an' },
    { date: shifted(year, easter.month, easter.day, 1), name: 'Lundi de Pâques' },
    { date: iso(year, 5, 1), name: 'Fête du Travail' },
    { date: iso(year, 5, 8), name: 'Victoire 1945' },
    { date: shifted(year, easter.month, easter.day, 39), name: 'Ascension' },
    { date: shifted(year, easter.month, easter.day, 50), name: 'Lundi de Pentecôte' },
    { date: iso(year, 7, 14), name: 'Fête nationale' },
    { date: iso(year, 8, 15), name: 'Assomption' },
    { date: iso(year, 11, 1), name: 'Toussaint' },
    { date: iso(year, 11, 11), name: 'Armistice 1918' },
    { date: iso(year, 12, 25), name: 'Noël' },
  ];
  if (departmentCode && ALSACE_MOSELLE.has(departmentCode)) {
    days.push({ date: shifted(year, easter.month, easter.day, -2), name: 'Vendredi saint' });
    days.push({ date: iso(year, 12, 26), name: 'Saint-Étienne' });
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Whether a date (YYYY-MM-DD) is a public holiday. */
export function isPublicHoliday(
  date: string,
  departmentCode?: string | null,
): PublicHoliday | null {
  const year = Number(date.slice(0, 4));
  return publicHolidays(year, departmentCode).find((h) => h.date === date) ?? null;
}
