/**
 * Keyset pagination (ADR 0020): the cursor is the sort key of the last row sent, opaque to the
 * client (base64url of a JSON array). The next page starts strictly after it in the index order,
 * so a deep page costs as much as the first, and rows inserted meanwhile neither repeat nor skip.
 */

export type CursorValue = string | number;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The cursor's values, or null when it is not one this list made (`arity` values of those types). */
export function decodeCursor(
  cursor: string,
  types: readonly ('string' | 'number')[],
): CursorValue[] | null {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== types.length) return null;
  return values.every((value, i) => typeof value === types[i]) ? (values as CursorValue[]) : null;
}

/**
 * A timestamp as the database keeps it, to the microsecond, in UTC
 * (`2026-01-01T08:30:00.123456Z`): a list sorted by time puts it in its cursor, since a JavaScript
 * Date keeps only milliseconds and a cursor rounded to them would skip rows.
 */
const EXACT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function isExactTimestamp(value: unknown): value is string {
  return (
    typeof value === 'string' && EXACT_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
