/**
 * The fields an import can fill, per target (the server's `src/domain/import/mapping.ts`); their
 * names in plain French are in the catalogue (`importField.*`). `multiple`: several columns may
 * feed the field (street number + street, two phones…).
 */
import type { ImportTarget } from '../../domain/import/modes.js';

export interface ImportFieldSpec {
  key: string;
  multiple?: boolean;
  required?: boolean;
}

export const IMPORT_FIELDS: Record<ImportTarget, ImportFieldSpec[]> = {
  people: [
    { key: 'lastName', required: true },
    { key: 'firstName', required: true },
    { key: 'fullName' },
    { key: 'birthName' },
    { key: 'birthDate' },
    { key: 'age' },
    { key: 'gender' },
    { key: 'street', multiple: true },
    { key: 'addressComplement' },
    { key: 'postalCode' },
    { key: 'communeName' },
    { key: 'postalCodeAndCommune' },
    { key: 'inseeCode' },
    { key: 'phones', multiple: true },
    { key: 'email' },
    { key: 'livesAlone' },
    { key: 'apa' },
    { key: 'gir' },
    { key: 'teleAssistance' },
    { key: 'interests', multiple: true },
    { key: 'languages', multiple: true },
    { key: 'practicalNotes', multiple: true },
    { key: 'referralSource' },
    { key: 'localService' },
  ],
  visitors: [
    { key: 'kind', required: true },
    { key: 'lastName', required: true },
    { key: 'firstName', required: true },
    { key: 'fullName' },
    { key: 'gender' },
    { key: 'email' },
    { key: 'phone', multiple: true },
    { key: 'commitmentStart' },
    { key: 'commitmentEnd' },
    { key: 'charterSignedOn' },
    { key: 'insuranceProvider' },
    { key: 'insuranceValidUntil' },
    { key: 'street', multiple: true },
    { key: 'postalCode' },
    { key: 'communeName' },
    { key: 'postalCodeAndCommune' },
    { key: 'inseeCode' },
    { key: 'mobility', required: true },
    { key: 'maxTripMinutes' },
    { key: 'interests', multiple: true },
    { key: 'languages', multiple: true },
    { key: 'localService' },
  ],
};

/** `{ field: column | [columns] }` (the server's mapping) → the field of each column. */
export function fieldsByColumn(
  mapping: Record<string, number | number[]> | null | undefined,
  columns: number,
): string[] {
  const result: string[] = Array.from({ length: columns }, () => '');
  for (const [field, value] of Object.entries(mapping ?? {})) {
    for (const column of Array.isArray(value) ? value : [value]) {
      if (column >= 0 && column < columns) result[column] = field;
    }
  }
  return result;
}

/**
 * The field of each column → the full override the server expects: every field of the target,
 * with its column(s) or null. Returns the fields given to several columns that only take one.
 */
export function overrideFrom(
  target: ImportTarget,
  byColumn: string[],
): { override: Record<string, number | number[] | null>; conflicts: string[] } {
  const override: Record<string, number | number[] | null> = {};
  const conflicts: string[] = [];
  for (const spec of IMPORT_FIELDS[target]) {
    const columns = byColumn.flatMap((field, index) => (field === spec.key ? [index] : []));
    if (columns.length > 1 && !spec.multiple) conflicts.push(spec.key);
    override[spec.key] = columns.length === 0 ? null : spec.multiple ? columns : columns[0]!;
  }
  return { override, conflicts };
}
