/**
 * The offline gazetteer of French communes: postal code + commune name → commune centre.
 * Pure: built from rows loaded elsewhere (src/geo/load-gazetteer.ts reads the asset that
 * scripts/build-gazetteer.ts produces).
 *
 * The source has no INSEE code, so a commune is identified here by (department, name): a commune
 * served by several postal codes (Ajaccio: 20000, 20090, 20167) appears once per postal code but
 * is one commune, while two communes may share a name and a postal code across a department
 * border (Thièvres, 62760, in Pas-de-Calais and in Somme).
 */
import { foldPlaceName, spellOutAbbreviations } from './normalize.js';

/** One (postal code, commune) of the reference data. */
export interface CommuneRow {
  /** Five digits, leading zero kept ("01400"). */
  postalCode: string;
  /** "01"…"95", "2A", "2B", "971"…: as INSEE writes it. */
  departmentCode: string;
  /** Full official name ("L'Abergement-Clémenciat"). */
  name: string;
  /** Null when the source has no coordinates: the commune is known but cannot be placed. */
  lat: number | null;
  lon: number | null;
}

type NotFoundCode =
  | 'missing_input'
  | 'invalid_postal_code'
  | 'unknown_postal_code'
  | 'unknown_commune'
  | 'no_coordinates';

export type GazetteerResult =
  | {
      status: 'located';
      lat: number;
      lon: number;
      communeName: string;
      /**
       * The postal code of the located row; null when only a name was given and the commune has
       * several postal codes (we would rather say nothing than pick one at random).
       */
      postalCode: string | null;
      departmentCode: string;
      precision: 'commune';
    }
  | {
      status: 'ambiguous';
      /** Every matching (postal code, commune), sorted by department, postal code and name. */
      candidates: CommuneRow[];
      /** French, shown to users. */
      reason: string;
    }
  | {
      status: 'not_found';
      code: NotFoundCode;
      /** French, shown to users. */
      reason: string;
    };

export interface LocateQuery {
  postalCode?: string | null;
  commune?: string | null;
}

interface Entry {
  row: CommuneRow;
  /** normalizePlaceName's key, "cedex" dropped, arrondissement numbers canonical ("paris 1"). */
  key: string;
  /** key without a leading article: "Mesnil-sur-Bulles" finds "Le Mesnil-sur-Bulles". */
  loose: string;
  /** key without an arrondissement number: "Paris" + 75011 finds "Paris 11". */
  base: string;
  /** folded without expanding "st": autocompletion of "st" must still reach "Stenay". */
  folded: string;
  /** (department, key): what identifies a commune, in the absence of an INSEE code. */
  communeId: string;
}

type Match = Pick<Entry, 'key' | 'loose'>;

interface SortedEntries {
  byPostalCode: readonly Entry[];
  byKey: readonly Entry[];
  byLoose: readonly Entry[];
  byFolded: readonly Entry[];
}

export class Gazetteer {
  readonly rows: readonly CommuneRow[];
  private readonly entries: readonly Entry[];
  private readonly byPostalCode = new Map<string, Entry[]>();
  private readonly byDepartment = new Map<string, Entry[]>();
  private readonly byKey = new Map<string, Entry[]>();
  private readonly byLoose = new Map<string, Entry[]>();
  private readonly byBase = new Map<string, Entry[]>();
  /**
   * Sorted copies for autocompletion, where a prefix is a contiguous range found by bisection.
   * Built on the first search: sorting costs a few hundred milliseconds that geocoding-only
   * processes (imports, CLI) need not pay.
   */
  private sorted: SortedEntries | null = null;

  constructor(rows: readonly CommuneRow[]) {
    this.rows = rows;
    this.entries = rows.map((row) => {
      // Folding is the costly part of a key (36,000 names at start-up): done once per row.
      const folded = foldPlaceName(row.name);
      const key = keyOfFolded(folded);
      return {
        row,
        key,
        loose: withoutArticle(key),
        base: withoutArrondissement(key),
        folded,
        communeId: `${row.departmentCode}|${key}`,
      };
    });
    // Insertion order is row order: communesOfDepartment must stay in the asset's order, the demo
    // data generator depends on it for its determinism.
    for (const entry of this.entries) {
      push(this.byPostalCode, entry.row.postalCode, entry);
      push(this.byDepartment, entry.row.departmentCode, entry);
      push(this.byKey, entry.key, entry);
      push(this.byLoose, entry.loose, entry);
      if (entry.base !== entry.key) push(this.byBase, entry.base, entry);
    }
  }

  /** Number of (postal code, commune) rows. */
  get size(): number {
    return this.rows.length;
  }

  locate(query: LocateQuery): GazetteerResult {
    const typedCode = query.postalCode?.trim() || null;
    const typedName = query.commune?.trim() || null;
    const match = typedName ? matchOf(typedName) : null;
    // A "commune" made only of separators ("-") is no commune.
    const name = match && match.key ? match : null;

    let postalCode: string | null = null;
    if (typedCode) {
      postalCode = normalizePostalCode(typedCode);
      if (!postalCode) {
        return notFound(
          'invalid_postal_code',
          `Code postal « ${typedCode} » invalide : il faut 5 chiffres.`,
        );
      }
    }

    if (postalCode && name) return this.locateByPostalCodeAndName(postalCode, name, typedName!);
    if (postalCode) return this.locateByPostalCode(postalCode);
    if (name) return this.locateByName(name, typedName!);
    return notFound(
      'missing_input',
      'Ni code postal ni commune : impossible de situer cette adresse.',
    );
  }

  /**
   * The département of an address, from the commune rather than the postal code's first digits
   * (wrong for Corsica, overseas, and communes served by a neighbouring département's post
   * office). Null when it cannot be told.
   */
  departmentOf(query: LocateQuery): string | null {
    const found = this.locate(query);
    if (found.status === 'located') return found.departmentCode;
    const candidates =
      found.status === 'ambiguous'
        ? found.candidates
        : (this.byPostalCode.get(normalizePostalCode(query.postalCode ?? '') ?? '') ?? []).map(
            (e) => e.row,
          );
    const departments = new Set(candidates.map((row) => row.departmentCode));
    return departments.size === 1 ? [...departments][0]! : null;
  }

  /**
   * Every (postal code, commune) row whose name matches the typed one, whatever its postal code
   * ("ST QUENTIN" finds Saint-Quentin: case, accents, hyphens, "St"/"Ste" and a leading
   * article are ignored). Sorted by department, postal code and name.
   */
  communesNamed(typedName: string): CommuneRow[] {
    const name = matchOf(typedName);
    if (!name.key) return [];
    const found = firstNonEmpty(
      this.byKey.get(name.key),
      this.byLoose.get(name.loose),
      this.byBase.get(name.key),
    );
    return found.sort(compareEntries).map((entry) => entry.row);
  }

  /** Every (postal code, commune) of a department, in the reference data's order. */
  communesOfDepartment(departmentCode: string): CommuneRow[] {
    const code = normalizeDepartmentCode(departmentCode);
    return (this.byDepartment.get(code) ?? []).map((entry) => entry.row);
  }

  /**
   * Autocompletion: a postal code prefix (digits), or a commune name prefix (case, accents,
   * hyphens, "St"/"Saint" and a leading article ignored). Best matches first.
   */
  searchCommunes(query: string, limit = 10): CommuneRow[] {
    const trimmed = query.trim();
    const max = Math.max(0, Math.floor(limit));
    if (!trimmed || max === 0) return [];

    const sorted = this.sortedEntries();
    const digits = trimmed.replace(/\s+/g, '');
    if (/^\d{1,5}$/.test(digits)) {
      return withPrefix(sorted.byPostalCode, (entry) => entry.row.postalCode, digits, max).map(
        (entry) => entry.row,
      );
    }

    const folded = foldPlaceName(trimmed);
    const key = keyOfFolded(folded);
    if (!key) return [];
    // Names starting with what was typed come first (the exact name sorts first among them), in
    // name order; then, if room is left, those that start with it once their article is dropped
    // ("mesnil" → "Le Mesnil-sur-Bulles") or before "st" is spelled out ("ste" → "Stenay").
    const best = withPrefix(sorted.byKey, (entry) => entry.key, key, max);
    if (best.length < max) {
      const taken = new Set(best);
      const more = [
        ...withPrefix(sorted.byLoose, (entry) => entry.loose, key, max),
        ...withPrefix(sorted.byFolded, (entry) => entry.folded, folded, max),
        // Both lists may hold the same entry: keep it once.
      ].filter((entry) => !taken.has(entry) && taken.add(entry));
      best.push(...more.sort(byNameThenPostalCode).slice(0, max - best.length));
    }
    return best.map((entry) => entry.row);
  }

  private sortedEntries(): SortedEntries {
    this.sorted ??= {
      byPostalCode: [...this.entries].sort(byPostalCodeThenName),
      byKey: [...this.entries].sort(byNameThenPostalCode),
      byLoose: [...this.entries].sort(
        (a, b) => compare(a.loose, b.loose) || byNameThenPostalCode(a, b),
      ),
      byFolded: [...this.entries].sort(
        (a, b) => compare(a.folded, b.folded) || byNameThenPostalCode(a, b),
      ),
    };
    return this.sorted;
  }

  private locateByPostalCode(postalCode: string): GazetteerResult {
    const inCode = this.byPostalCode.get(postalCode) ?? [];
    if (inCode.length === 0) {
      return notFound('unknown_postal_code', `Code postal ${postalCode} inconnu.`);
    }
    return resolve(
      inCode,
      postalCode,
      () =>
        `Le code postal ${postalCode} dessert ${countCommunes(inCode)} communes ` +
        `(${listCandidates(inCode)}) : précisez la commune.`,
    );
  }

  private locateByPostalCodeAndName(
    postalCode: string,
    name: Match,
    typedName: string,
  ): GazetteerResult {
    const inCode = this.byPostalCode.get(postalCode) ?? [];
    const ambiguity = (found: readonly Entry[]) => () =>
      `Plusieurs communes « ${typedName} » (${listCandidates(found)}) : ` +
      `précisez le département.`;

    const exact = matchIn(inCode, name);
    if (exact.length > 0) return resolve(exact, postalCode, ambiguity(exact));

    // The name is not served by this postal code. The postal code may be the neighbouring town's
    // (mail is often addressed that way) or mistyped: the name, unique within the department,
    // still identifies the commune; anywhere else in France it would be a guess.
    const departments = inCode.length
      ? unique(inCode.map((entry) => entry.row.departmentCode))
      : this.departmentsOfUnknownPostalCode(postalCode);
    if (departments.length === 0) {
      return notFound('unknown_postal_code', `Code postal ${postalCode} inconnu.`);
    }
    const inDepartments = departments.flatMap((code) => this.byDepartment.get(code) ?? []);
    const found = matchIn(inDepartments, name);
    if (found.length > 0) return resolve(found, postalCode, ambiguity(found));

    const where = departments.length === 1 ? 'le département' : 'les départements';
    const codeNote = inCode.length ? '' : `, où le code postal ${postalCode} est inconnu`;
    return notFound(
      'unknown_commune',
      `Commune « ${typedName} » inconnue dans ${where} ${departments.join(', ')}${codeNote} ` +
        `(code postal ${postalCode}) : vérifiez l'orthographe ou le code postal.`,
    );
  }

  private locateByName(name: Match, typedName: string): GazetteerResult {
    const found = firstNonEmpty(
      this.byKey.get(name.key),
      this.byLoose.get(name.loose),
      this.byBase.get(name.key),
    );
    if (found.length === 0) {
      return notFound('unknown_commune', `Commune « ${typedName} » inconnue.`);
    }
    return resolve(
      found,
      null,
      () =>
        `${countCommunes(found)} communes s'appellent « ${typedName} » ` +
        `(${listCandidates(found)}) : précisez le code postal.`,
    );
  }

  /** Where a valid-looking postal code absent from the data would be, from its first digits. */
  private departmentsOfUnknownPostalCode(postalCode: string): string[] {
    const prefix = postalCode.slice(0, 2);
    // Corsica's postal codes start with 20 for both departments; overseas ones with 97x/98x.
    const guesses =
      prefix === '20'
        ? ['2A', '2B']
        : prefix === '97' || prefix === '98'
          ? [postalCode.slice(0, 3)]
          : [prefix];
    return guesses.filter((code) => this.byDepartment.has(code));
  }
}

/** Parses the asset's lines: postal code, department, name, latitude, longitude (tab-separated). */
export function parseGazetteerLines(text: string): CommuneRow[] {
  const rows: CommuneRow[] = [];
  for (const line of text.split('\n')) {
    const [postalCode, departmentCode, name, lat, lon] = line.replace(/\r$/, '').split('\t');
    if (!postalCode || !departmentCode || !name) continue;
    const latitude = coordinate(lat);
    const longitude = coordinate(lon);
    // Half a coordinate is no coordinate.
    const placed = latitude !== null && longitude !== null;
    rows.push({
      postalCode,
      departmentCode,
      name,
      lat: placed ? latitude : null,
      lon: placed ? longitude : null,
    });
  }
  return rows;
}

/** "60 000" → "60000"; "1400" (a spreadsheet ate the zero) → "01400"; anything else → null. */
export function normalizePostalCode(value: string): string | null {
  const digits = value.replace(/\s+/g, '');
  return /^\d{4,5}$/.test(digits) ? digits.padStart(5, '0') : null;
}

/** "1" → "01", "2a" → "2A", "971" stays. */
function normalizeDepartmentCode(value: string): string {
  const code = value.trim().toUpperCase();
  return /^\d$/.test(code) ? `0${code}` : code;
}

// ---------------------------------------------------------------- matching

function keyOfFolded(folded: string): string {
  return (
    spellOutAbbreviations(folded)
      // "BEAUVAIS CEDEX 9" is an address line, not a commune name.
      .replace(/ cedex( \d+)?$/, '')
      // "Paris 01" in the data, "Paris 1er", "Paris 1e arrondissement" when typed.
      .replace(/ 0*(\d+) ?(?:er|e|eme|ieme)?(?: arrondissement)?$/, ' $1')
  );
}

function withoutArticle(key: string): string {
  return key.replace(/^(?:le|la|les|l) (?=.)/, '');
}

function withoutArrondissement(key: string): string {
  return key.replace(/ \d+$/, '');
}

function matchOf(typedName: string): Match {
  const key = keyOfFolded(foldPlaceName(typedName));
  return { key, loose: withoutArticle(key) };
}

/**
 * Exact key first; failing that, without article; failing that, an arrondissement of the typed
 * city ("Paris" matches "Paris 11", "Paris 21" matches nothing).
 */
function matchIn(entries: readonly Entry[], name: Match): Entry[] {
  return firstNonEmpty(
    entries.filter((entry) => entry.key === name.key),
    entries.filter((entry) => entry.loose === name.loose),
    entries.filter((entry) => entry.base === name.key && entry.base !== entry.key),
  );
}

/**
 * One commune among the matches → located (or not placeable); several → ambiguous. The row of the
 * requested postal code is preferred, for its postal code and coordinates.
 */
function resolve(
  matches: readonly Entry[],
  requestedPostalCode: string | null,
  ambiguousReason: () => string,
): GazetteerResult {
  const sorted = [...matches].sort(compareEntries);
  const first = sorted[0];
  if (!first) return notFound('unknown_commune', 'Commune inconnue.');
  if (countCommunes(sorted) > 1) {
    return {
      status: 'ambiguous',
      candidates: sorted.map((entry) => entry.row),
      reason: ambiguousReason(),
    };
  }
  const requested = sorted.find((entry) => entry.row.postalCode === requestedPostalCode);
  const placed =
    [requested, ...sorted].find(
      (entry) => entry && entry.row.lat !== null && entry.row.lon !== null,
    ) ?? null;
  if (!placed || placed.row.lat === null || placed.row.lon === null) {
    return notFound(
      'no_coordinates',
      `Commune ${first.row.name} (${first.row.departmentCode}) connue, mais sans coordonnées dans ` +
        `la base des communes : à situer à la main.`,
    );
  }
  const postalCodes = unique(sorted.map((entry) => entry.row.postalCode));
  return {
    status: 'located',
    lat: placed.row.lat,
    lon: placed.row.lon,
    communeName: placed.row.name,
    postalCode: requested
      ? requested.row.postalCode
      : postalCodes.length === 1
        ? placed.row.postalCode
        : null,
    departmentCode: placed.row.departmentCode,
    precision: 'commune',
  };
}

// ---------------------------------------------------------------- helpers

function notFound(code: NotFoundCode, reason: string): GazetteerResult {
  return { status: 'not_found', code, reason };
}

function countCommunes(entries: readonly Entry[]): number {
  return new Set(entries.map((entry) => entry.communeId)).size;
}

function listCandidates(entries: readonly Entry[]): string {
  const shown = 5;
  const items = [...entries]
    .sort(compareEntries)
    .slice(0, shown)
    .map(({ row }) => `${row.postalCode} ${row.name} (${row.departmentCode})`);
  return entries.length > shown ? `${items.join(', ')}…` : items.join(', ');
}

function compareEntries(a: Entry, b: Entry): number {
  return (
    compare(a.row.departmentCode, b.row.departmentCode) ||
    compare(a.row.postalCode, b.row.postalCode) ||
    compare(a.key, b.key)
  );
}

function byPostalCodeThenName(a: Entry, b: Entry): number {
  return compare(a.row.postalCode, b.row.postalCode) || compare(a.key, b.key);
}

function byNameThenPostalCode(a: Entry, b: Entry): number {
  return (
    compare(a.key, b.key) ||
    compare(a.row.postalCode, b.row.postalCode) ||
    compare(a.row.departmentCode, b.row.departmentCode)
  );
}

/** The first `limit` entries whose field starts with `prefix`, in a list sorted on that field. */
function withPrefix(
  sorted: readonly Entry[],
  field: (entry: Entry) => string,
  prefix: string,
  limit: number,
): Entry[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (field(sorted[middle]!) < prefix) low = middle + 1;
    else high = middle;
  }
  const found: Entry[] = [];
  for (let i = low; i < sorted.length && found.length < limit; i++) {
    const entry = sorted[i]!;
    if (!field(entry).startsWith(prefix)) break;
    found.push(entry);
  }
  return found;
}

// Code-unit order, not localeCompare: the same everywhere, whatever the ICU data.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function firstNonEmpty<T>(...lists: (readonly T[] | undefined)[]): T[] {
  for (const list of lists) if (list && list.length > 0) return [...list];
  return [];
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function coordinate(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}
