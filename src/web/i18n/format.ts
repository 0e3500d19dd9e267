/** Dates and numbers as French readers expect them: 07/03/2025, 14:30, 1 234. */

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'UTC',
});
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const numberFormat = new Intl.NumberFormat('fr-FR');

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2025-03-07" (a calendar day, no time zone) or a timestamp → "07/03/2025". */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string') {
    const match = ISO_DATE.exec(value);
    if (match)
      return dateFormat.format(
        new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))),
      );
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  // A timestamp: the day in the reader's time zone.
  return dateFormat.format(new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate())));
}

/** A timestamp → "07/03/2025 14:30" in the reader's time zone. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return dateTimeFormat.format(date);
}

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

/** E.164 French numbers written the French way: +33612345678 → 06 12 34 56 78. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  const match = /^\+33(\d{9})$/.exec(value);
  if (!match) return value;
  return ('0' + match[1]).replace(/(\d{2})(?=\d)/g, '$1 ');
}
