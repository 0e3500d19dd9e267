/**
 * The cells of a list exported to a spreadsheet (ADR 0024): French dates, no formula ever, and the
 * CSV French Excel opens as it is (UTF-8 with a byte order mark, semicolons, CRLF). Pure.
 */
import { SERVICE_TIME_ZONE } from '../common/calendar.js';

/** What a column gives for a row: text, a number, or nothing. */
export type CellValue = string | number | null | undefined;

export interface Column<Row> {
  /** The French header of the column. */
  header: string;
  cell: (row: Row) => CellValue;
}

/**
 * A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection"):
 * `=HYPERLINK(…)`, `+cmd|…`, `-2+3`, `@SUM(…)`; tab and carriage return are read so by some.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text that cannot become a formula: prefixed with an apostrophe when it could. */
export function neutralize(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The value written in a cell: numbers as numbers, every text neutralised, nothing as empty. */
export function exportCell(value: CellValue): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  return neutralize(value);
}

/** The separator French Excel expects (the comma is the decimal mark). */
const CSV_SEPARATOR = ';';
/** Without it, Excel reads UTF-8 as Windows-1252 ("LefÃ¨vre"). */
export const CSV_BOM = '\uFEFF';

/** One CSV field: quoted when it holds the separator, a quote or a line break. */
export function csvField(value: CellValue): string {
  const cell = exportCell(value);
  const text = typeof cell === 'number' ? String(cell).replace('.', ',') : cell;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(values: readonly CellValue[]): string {
  return `${values.map(csvField).join(CSV_SEPARATOR)}\r\n`;
}

/** The header line and each row's line, for the given columns. */
export const headersOf = <Row>(columns: readonly Column<Row>[]) => columns.map((c) => c.header);
export const valuesOf = <Row>(columns: readonly Column<Row>[], row: Row) =>
  columns.map((c) => exportCell(c.cell(row)));

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const parisDate = new Intl.DateTimeFormat('fr-FR', {
  timeZone: SERVICE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const parisDateTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: SERVICE_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * "07/03/2025": a calendar day ("2025-03-07") as it is, an instant as its day in Paris (where the
 * services work, whatever the server's time zone).
 */
export function frenchDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string') {
    const day = ISO_DATE.exec(value);
    if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  }
  const instant = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(instant.getTime()) ? String(value) : parisDate.format(instant);
}

/** "07/03/2025 14:30", in Paris time. */
export function frenchDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const instant = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(instant.getTime())
    ? String(value)
    : parisDateTime.format(instant).replace(',', '');
}

/** "personnes-2026-12-03.csv": what the downloaded file is called. */
export function exportFileName(list: string, today: string, format: 'csv' | 'xlsx'): string {
  return `${list}-${today}.${format}`;
}
