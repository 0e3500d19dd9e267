/**
 * Commune names as registers write them ("ST QUENTIN", "Ste Genevieve", "Saint-Quentin (02)",
 * "St Just en Chaussee"), resolved through the gazetteer, the postal code deciding between
 * communes of the same name; and the local service a resolved commune belongs to through the
 * organisation's territories. Pure: the gazetteer and the territories are given.
 */
import type { CommuneRow } from '../geo/gazetteer.js';
import { normalizePlaceName } from '../geo/normalize.js';

/** What the resolution needs of the gazetteer (a hand-made one in unit tests). */
export interface CommuneLookup {
  communesNamed(typedName: string): CommuneRow[];
}

export interface CommuneCandidate {
  /** What the user sends back to pick it: "02|02100|Saint-Quentin". */
  value: string;
  name: string;
  postalCode: string;
  departmentCode: string;
  /** "02100 Saint-Quentin (02)". */
  label: string;
}

export type CommuneResolution =
  | {
      status: 'resolved';
      name: string;
      /** Null when no postal code was given and the commune has several. */
      postalCode: string | null;
      departmentCode: string;
    }
  /** Several communes match: the user must choose (one candidate per (commune, postal code)). */
  | { status: 'ambiguous'; candidates: CommuneCandidate[] }
  /** The commune is known, but the postal code on the row is not one of hers. */
  | { status: 'postal_mismatch'; name: string; departmentCode: string; postalCodes: string[] }
  | { status: 'unknown' };

const candidateOf = (row: CommuneRow): CommuneCandidate => ({
  value: `${row.departmentCode}|${row.postalCode}|${row.name}`,
  name: row.name,
  postalCode: row.postalCode,
  departmentCode: row.departmentCode,
  label: `${row.postalCode} ${row.name} (${row.departmentCode})`,
});

const DEPARTMENT_SUFFIX = /\s*[([]\s*(\d{1,2}|2[ab]|97\d)\s*[)\]]\s*$/i;

/** "Saint-Quentin (02)" → name "Saint-Quentin", department "02"; the department is optional. */
export function splitDepartmentSuffix(typed: string): {
  name: string;
  departmentCode: string | null;
} {
  const match = typed.match(DEPARTMENT_SUFFIX);
  if (!match) return { name: typed.trim(), departmentCode: null };
  const code = match[1]!.toUpperCase();
  return {
    name: typed.slice(0, match.index).trim(),
    departmentCode: /^\d$/.test(code) ? `0${code}` : code,
  };
}

/** The key of one commune: its department and its name's comparison key. */
const communeKey = (row: CommuneRow) => `${row.departmentCode}|${normalizePlaceName(row.name)}`;

/** The key a choice is stored under: the same typed commune on several rows is asked once. */
export function choiceKey(typedName: string, postalCode: string | null): string {
  return `${postalCode ?? ''}|${normalizePlaceName(typedName)}`;
}

/**
 * Resolves a typed commune name. `postalCode` is five digits (already padded) or null.
 * - one commune of that name with that postal code (or of that name at all, without postal code):
 *   resolved to its official name;
 * - several: ambiguous, with the candidates to choose from;
 * - the name is known but the postal code is not one of its own: postal_mismatch;
 * - the name is unknown (in the department given in brackets, if any): unknown.
 */
export function resolveCommune(
  gazetteer: CommuneLookup,
  typedName: string,
  postalCode: string | null,
): CommuneResolution {
  const { name, departmentCode } = splitDepartmentSuffix(typedName);
  if (!name) return { status: 'unknown' };
  let rows = gazetteer.communesNamed(name);
  if (departmentCode) rows = rows.filter((row) => row.departmentCode === departmentCode);
  // "Saint-Quentin (Aisne)", "Beauvais (centre)": a note in brackets that no commune's name has.
  const bracket = name.match(/^(.+?)\s*\([^()]*\)$/);
  if (rows.length === 0 && bracket) return resolveCommune(gazetteer, bracket[1]!, postalCode);
  if (rows.length === 0) return { status: 'unknown' };

  const resolved = (matching: CommuneRow[]): CommuneResolution => {
    const communes = new Set(matching.map(communeKey));
    if (communes.size > 1) return { status: 'ambiguous', candidates: matching.map(candidateOf) };
    const codes = [...new Set(matching.map((row) => row.postalCode))];
    const first = matching[0]!;
    return {
      status: 'resolved',
      name: first.name,
      postalCode: postalCode ?? (codes.length === 1 ? codes[0]! : null),
      departmentCode: first.departmentCode,
    };
  };

  if (!postalCode) return resolved(rows);
  const withCode = rows.filter((row) => row.postalCode === postalCode);
  if (withCode.length > 0) return resolved(withCode);
  const communes = new Set(rows.map(communeKey));
  if (communes.size > 1) return { status: 'ambiguous', candidates: rows.map(candidateOf) };
  return {
    status: 'postal_mismatch',
    name: rows[0]!.name,
    departmentCode: rows[0]!.departmentCode,
    postalCodes: [...new Set(rows.map((row) => row.postalCode))],
  };
}

export interface TerritoryRef {
  postalCode: string;
  communeName: string;
  localServiceId: string | null;
}

/**
 * The territory of a resolved commune: same postal code (when known) and same name once folded
 * ("ST QUENTIN" in the territories and "Saint-Quentin" in the gazetteer are the same commune).
 * Null when the commune is in none of the organisation's territories.
 */
export function territoryOf(
  territories: readonly TerritoryRef[],
  communeName: string,
  postalCode: string | null,
): TerritoryRef | null {
  const key = normalizePlaceName(splitDepartmentSuffix(communeName).name);
  const named = territories.filter(
    (territory) => normalizePlaceName(territory.communeName) === key,
  );
  if (postalCode) {
    const exact = named.find(
      (territory) => territory.postalCode.trim().padStart(5, '0') === postalCode,
    );
    if (exact) return exact;
  }
  // Without a postal code, a name served by one territory only is that territory.
  const services = new Set(named.map((territory) => territory.localServiceId));
  return !postalCode && named.length > 0 && services.size === 1 ? named[0]! : null;
}
