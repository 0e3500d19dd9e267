/**
 * Dates and numbers as French readers expect them: 07/03/2025, mercredi 2 décembre 2026, 14:30,
 * 1 234. The one module the screens format through; the pure parts live in src/domain/common/.
 */
import {
  formatColumnDate,
  formatDayHeading,
  formatDuration,
  formatInteger,
  formatLongDate,
  formatLongDateTime,
  formatShortDate,
  formatShortDateTime,
} from '../../domain/common/french.js';
import { formatPhoneNumber } from '../../domain/common/phone-format.js';

const numberFormat = new Intl.NumberFormat('fr-FR');

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2025-03-07" (a calendar day) or a timestamp (its day in Paris) → "07/03/2025". */
export const formatDate = formatShortDate;

/** A timestamp → "07/03/2025 à 14:30" in Paris, where the services are. */
export const formatDateTime = formatShortDateTime;

export {
  formatLongDate,
  formatLongDateTime,
  formatDayHeading,
  formatColumnDate,
  formatDuration,
  formatInteger,
};

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : numberFormat.format(value);
}

/** Today as YYYY-MM-DD in the reader's time zone (what a date field expects). */
export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Age in completed years today, or null when the birth date is unknown. */
export function ageFrom(
  birthDate: string | null | undefined,
  on: string = todayIso(),
): number | null {
  if (!birthDate) return null;
  const b = ISO_DATE.exec(birthDate);
  const d = ISO_DATE.exec(on);
  if (!b || !d) return null;
  let age = Number(d[1]) - Number(b[1]);
  const beforeBirthday =
    Number(d[2]) < Number(b[2]) || (Number(d[2]) === Number(b[2]) && Number(d[3]) < Number(b[3]));
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : null;
}

/** E.164 numbers as dialled from France: +33612345678 → 06 12 34 56 78 (foreign ones international). */
export const formatPhone = formatPhoneNumber;
