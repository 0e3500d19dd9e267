/**
 * Identity comparison for duplicate warnings, and merge plans. Pure: the database layer
 * pre-filters candidates, reads the records and writes the plan.
 */

// ---------------------------------------------------------------- names

const LIGATURES: Readonly<Record<string, string>> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
};

/** Lower case, no accents, ligatures spelled out; separators kept. */
function fold(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œæßøłđı]/g, (c) => LIGATURES[c] ?? c);
}

/**
 * A comparison key: case, accents, ligatures, hyphens, apostrophes, dots and spaces do not matter.
 * "Le Goff" = "LEGOFF", "Jean-Pierre" = "jean pierre", "Œillet" = "oeillet", "D'Artagnan" = "dartagnan".
 */
export function normalizeName(value: string | null | undefined): string {
  return fold(value).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The words of a name, folded: "Marie-Thérèse" → ["marie", "therese"]. */
export function nameTokens(value: string | null | undefined): string[] {
  return fold(value)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '');
}

/** Particles that do not identify a family name on their own. */
const PARTICLES = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'd',
  'l',
  'van',
  'von',
  'der',
  'den',
  'di',
  'da',
  'del',
  'della',
  'y',
]);

function significant(tokens: string[]): string[] {
  const kept = tokens.filter((token) => !PARTICLES.has(token));
  return kept.length > 0 ? kept : tokens;
}

/** True if `short` appears as consecutive words of `long`. */
function containsSequence(long: string[], short: string[]): boolean {
  if (short.length === 0 || short.length > long.length) return false;
  for (let start = 0; start + short.length <= long.length; start += 1) {
    if (short.every((token, i) => long[start + i] === token)) return true;
  }
  return false;
}

/**
 * Family names match when their keys are equal, or when one is part of the other
 * ("Martin" and "Martin-Dupont", "Goff" and "Le Goff"): compound and usage names are common.
 */
export function familyNamesMatch(
  a: string | null | undefined,
  b: string | null | undefined,
): boolean {
  const ka = normalizeName(a);
  const kb = normalizeName(b);
  if (ka === '' || kb === '') return false;
  if (ka === kb) return true;
  const ta = significant(nameTokens(a));
  const tb = significant(nameTokens(b));
  return ta.length <= tb.length ? containsSequence(tb, ta) : containsSequence(ta, tb);
}

/**
 * First names match when their keys are equal, or when one is the beginning of the other
 * ("Marie" and "Marie-Thérèse"), but not "Jean-Pierre" and "Jean-Marc".
 */
export function firstNamesMatch(
  a: string | null | undefined,
  b: string | null | undefined,
): boolean {
  const ka = normalizeName(a);
  const kb = normalizeName(b);
  if (ka === '' || kb === '') return false;
  if (ka === kb) return true;
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  return short.length > 0 && short.every((token, i) => long[i] === token);
}

// ---------------------------------------------------------------- duplicates

export type DuplicateReason =
  'same_name_and_birth_date' | 'same_phone' | 'same_birth_name_and_birth_date';

const REASON_ORDER: readonly DuplicateReason[] = [
  'same_name_and_birth_date',
  'same_birth_name_and_birth_date',
  'same_phone',
];

/** Plain-French labels for the reasons, for the warning shown before creating a record. */
export const DUPLICATE_REASON_LABELS: Readonly<Record<DuplicateReason, string>> = {
  same_name_and_birth_date: 'Même nom, même prénom et même date de naissance',
  same_birth_name_and_birth_date: 'Même nom de naissance, même prénom et même date de naissance',
  same_phone: 'Même numéro de téléphone',
};

export interface IdentityFacts {
  lastName: string;
  birthName?: string | null;
  firstName: string;
  birthDate?: string | null;
  /** E.164 */
  phones: string[];
}

export interface DuplicateCandidate {
  id: string;
  reasons: DuplicateReason[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const sameBirthDate = (a: string | null | undefined, b: string | null | undefined) =>
  typeof a === 'string' && DATE.test(a) && a === b;
const phoneKey = (phone: string) => phone.replace(/[\s.\-()]/g, '');

/**
 * Existing records that may be the same person as the new one, with why. A birth date is needed
 * for the name reasons (homonyms are common); first and family names are swapped-tolerant
 * ("MARTIN Jeanne" typed as first name "Martin", last name "Jeanne"). A shared phone is reported
 * on its own: spouses often share a landline, so it is a hint for the coordinator, not a proof.
 * Sorted by number of reasons, then in the given order.
 */
export function findDuplicateCandidates(
  person: IdentityFacts,
  existing: ReadonlyArray<IdentityFacts & { id: string }>,
): DuplicateCandidate[] {
  const phones = new Set(person.phones.map(phoneKey).filter((p) => p !== ''));
  const found: Array<DuplicateCandidate & { index: number }> = [];
  existing.forEach((other, index) => {
    const reasons = new Set<DuplicateReason>();
    if (sameBirthDate(person.birthDate, other.birthDate)) {
      const sameName =
        (familyNamesMatch(person.lastName, other.lastName) &&
          firstNamesMatch(person.firstName, other.firstName)) ||
        (normalizeName(person.lastName) === normalizeName(other.firstName) &&
          normalizeName(person.firstName) === normalizeName(other.lastName) &&
          normalizeName(person.lastName) !== '');
      if (sameName) reasons.add('same_name_and_birth_date');
      // A birth name on one side, the usage (married) name or the birth name on the other.
      const birthNamePairs: Array<[string | null | undefined, string | null | undefined]> = [
        [person.birthName, other.birthName],
        [person.birthName, other.lastName],
        [person.lastName, other.birthName],
      ];
      if (
        firstNamesMatch(person.firstName, other.firstName) &&
        birthNamePairs.some(([a, b]) => familyNamesMatch(a, b))
      ) {
        reasons.add('same_birth_name_and_birth_date');
      }
    }
    if (other.phones.some((phone) => phones.has(phoneKey(phone)))) reasons.add('same_phone');
    if (reasons.size > 0) {
      found.push({ id: other.id, reasons: REASON_ORDER.filter((r) => reasons.has(r)), index });
    }
  });
  return found
    .sort((a, b) => b.reasons.length - a.reasons.length || a.index - b.index)
    .map(({ id, reasons }) => ({ id, reasons }));
}

// ---------------------------------------------------------------- merge

interface MergePhone {
  number: string;
  label?: string | null;
}

interface MergeContact {
  id?: string;
  name: string;
  relationship?: string | null;
  phone?: string | null;
  email?: string | null;
  isEmergencyContact?: boolean | null;
  notes?: string | null;
}

/** A person record as read from the `people` table; other columns are ignored. */
export interface MergeablePerson {
  id: string;
  lastName?: string | null;
  birthName?: string | null;
  firstName?: string | null;
  birthDate?: string | null;
  gender?: string | null;
  street?: string | null;
  addressComplement?: string | null;
  postalCode?: string | null;
  communeName?: string | null;
  inseeCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  locationStatus?: string | null;
  locationPrecision?: string | null;
  locationNote?: string | null;
  email?: string | null;
  phones?: unknown;
  livesAlone?: boolean | null;
  apa?: boolean | null;
  gir?: number | null;
  teleAssistance?: boolean | null;
  interests?: string[] | null;
  languages?: string[] | null;
  preferences?: unknown;
  practicalNotes?: string | null;
  referralSource?: string | null;
  localServiceId?: string | null;
  /** Not a column: the person's contacts, when the caller wants them merged too. */
  contacts?: MergeContact[] | null;
}

/** Columns filled one by one: the kept value wins unless empty. */
const SCALAR_FIELDS = [
  'lastName',
  'birthName',
  'firstName',
  'birthDate',
  'gender',
  'email',
  'livesAlone',
  'apa',
  'gir',
  'teleAssistance',
  'practicalNotes',
  'referralSource',
  'localServiceId',
] as const;

/** Columns that describe one place: never mixed between two records. */
const ADDRESS_FIELDS = [
  'street',
  'addressComplement',
  'postalCode',
  'communeName',
  'inseeCode',
  'latitude',
  'longitude',
  'locationStatus',
  'locationPrecision',
  'locationNote',
] as const;
const LOCATION_FIELDS = [
  'latitude',
  'longitude',
  'locationStatus',
  'locationPrecision',
  'locationNote',
] as const;

/** Every column a merge may change, in the order of the table. */
const MERGED_FIELDS = [
  'lastName',
  'birthName',
  'firstName',
  'birthDate',
  'gender',
  ...ADDRESS_FIELDS,
  'email',
  'phones',
  'livesAlone',
  'apa',
  'gir',
  'teleAssistance',
  'interests',
  'languages',
  'preferences',
  'practicalNotes',
  'referralSource',
  'localServiceId',
] as const;
type MergedField = (typeof MERGED_FIELDS)[number];

interface FieldChange {
  field: MergedField | 'contacts';
  before: unknown;
  after: unknown;
  /** `remove`: the kept value was empty and was filled; `union`: items added to a list. */
  source: 'remove' | 'union';
}

interface MergeConflict {
  field: MergedField | 'address';
  kept: unknown;
  discarded: unknown;
}

interface ContactPlan {
  /** The contacts of the merged record: kept ones first (completed), then the other's new ones. */
  merged: MergeContact[];
  /** Ids of the removed record's contacts to attach to the kept record. */
  moved: string[];
  /** The removed record's contacts that duplicate a kept one: to delete after the merge. */
  duplicates: Array<{ keptId: string | null; removedId: string | null }>;
}

export interface MergePlan {
  keepId: string;
  removeId: string;
  /** The value of every mergeable column after the merge. */
  merged: Record<MergedField, unknown>;
  /** The columns whose value changes on the kept record: write exactly these. */
  changedFields: MergedField[];
  /** For the audit log: each change with its value before and after. */
  changes: FieldChange[];
  /** Values of the removed record that are different and not kept: show them before merging. */
  conflicts: MergeConflict[];
  /** Present when contacts were given for either record. */
  contacts?: ContactPlan;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (typeof value === 'number') return Number.isNaN(value);
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && !(value instanceof Date)) return Object.keys(value).length === 0;
  return false;
}

/** JSON with sorted keys, for comparisons. */
function stable(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Same value for a person: text compared without case, accents or punctuation. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return normalizeName(a) === normalizeName(b);
  return stable(a) === stable(b);
}

function asPhones(value: unknown): MergePhone[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (p): p is MergePhone =>
      p !== null && typeof p === 'object' && typeof (p as MergePhone).number === 'string',
  );
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function unionPhones(kept: MergePhone[], other: MergePhone[]): MergePhone[] {
  const result = kept.map((phone) => ({ ...phone }));
  for (const phone of other) {
    const same = result.find((p) => phoneKey(p.number) === phoneKey(phone.number));
    if (!same) result.push({ ...phone });
    else if (isEmpty(same.label) && !isEmpty(phone.label)) same.label = phone.label ?? null;
  }
  return result;
}

function unionWords(kept: string[], other: string[]): string[] {
  const result = [...kept];
  const keys = new Set(kept.map(normalizeName));
  for (const word of other) {
    const key = normalizeName(word);
    if (key !== '' && !keys.has(key)) {
      keys.add(key);
      result.push(word);
    }
  }
  return result;
}

/** One level deep: the kept record's non-empty preferences win, missing ones come from the other. */
function mergePreferences(kept: unknown, other: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(other) || isEmpty(other)) return kept;
  if (!isObject(kept) || isEmpty(kept)) return other;
  const result: Record<string, unknown> = { ...kept };
  for (const [key, value] of Object.entries(other)) {
    if (isEmpty(result[key]) && !isEmpty(value)) result[key] = value;
  }
  return result;
}

function hasAddress(person: MergeablePerson): boolean {
  return ['street', 'postalCode', 'communeName', 'inseeCode', 'latitude'].some(
    (field) => !isEmpty(person[field as keyof MergeablePerson]),
  );
}

function sameAddress(a: MergeablePerson, b: MergeablePerson): boolean {
  return (['street', 'postalCode', 'communeName'] as const).every((field) =>
    sameValue(a[field] ?? '', b[field] ?? ''),
  );
}

function addressText(person: MergeablePerson): string {
  return [person.street, person.addressComplement, person.postalCode, person.communeName]
    .filter((part) => !isEmpty(part))
    .join(', ');
}

function mergeContacts(kept: MergeContact[], other: MergeContact[]): ContactPlan {
  const merged = kept.map((contact) => ({ ...contact }));
  const moved: string[] = [];
  const duplicates: ContactPlan['duplicates'] = [];
  for (const contact of other) {
    const same = merged.find(
      (c) => normalizeName(c.name) !== '' && normalizeName(c.name) === normalizeName(contact.name),
    );
    if (!same) {
      merged.push({ ...contact });
      if (contact.id) moved.push(contact.id);
      continue;
    }
    duplicates.push({ keptId: same.id ?? null, removedId: contact.id ?? null });
    for (const field of ['relationship', 'phone', 'email', 'notes'] as const) {
      if (isEmpty(same[field]) && !isEmpty(contact[field])) same[field] = contact[field] ?? null;
    }
    if (contact.isEmergencyContact === true) same.isEmergencyContact = true;
  }
  return { merged, moved, duplicates };
}

/**
 * What the kept record becomes when another one is merged into it, field by field:
 * - the kept record's non-empty values win, empty ones are filled from the other;
 * - the address is taken as a whole: from the kept record if it has one, else from the other
 *   (a street from one and a commune from the other would be a place that does not exist);
 *   the location is completed from the other only when both describe the same address;
 * - phones, interests and languages are united without duplicates, kept ones first;
 * - contacts, when given, are united by name (see `contacts`).
 * Identifiers, organisation and bookkeeping columns are never touched.
 */
export function planMerge(keep: MergeablePerson, remove: MergeablePerson): MergePlan {
  if (keep.id === remove.id) {
    throw new RangeError('Une fiche ne peut pas être fusionnée avec elle-même.');
  }
  const merged = {} as Record<MergedField, unknown>;
  const changes: FieldChange[] = [];
  const conflicts: MergeConflict[] = [];
  const get = (person: MergeablePerson, field: MergedField): unknown => person[field] ?? null;

  for (const field of SCALAR_FIELDS) {
    const mine = get(keep, field);
    const theirs = get(remove, field);
    if (isEmpty(mine) && !isEmpty(theirs)) {
      merged[field] = theirs;
    } else {
      merged[field] = mine;
      if (!isEmpty(mine) && !isEmpty(theirs) && !sameValue(mine, theirs)) {
        conflicts.push({ field, kept: mine, discarded: theirs });
      }
    }
  }

  // The address, as a block.
  const keepHasAddress = hasAddress(keep);
  const removeHasAddress = hasAddress(remove);
  for (const field of ADDRESS_FIELDS) merged[field] = get(keep, field);
  if (!keepHasAddress && removeHasAddress) {
    for (const field of ADDRESS_FIELDS) merged[field] = get(remove, field);
  } else if (keepHasAddress && removeHasAddress) {
    if (sameAddress(keep, remove)) {
      if (keep.locationStatus !== 'located' && remove.locationStatus === 'located') {
        for (const field of LOCATION_FIELDS) merged[field] = get(remove, field);
      }
      for (const field of ['addressComplement', 'inseeCode'] as const) {
        if (isEmpty(merged[field]) && !isEmpty(remove[field])) merged[field] = get(remove, field);
      }
    } else {
      conflicts.push({ field: 'address', kept: addressText(keep), discarded: addressText(remove) });
    }
  }

  merged.phones = unionPhones(asPhones(keep.phones), asPhones(remove.phones));
  merged.interests = unionWords(asStrings(keep.interests), asStrings(remove.interests));
  merged.languages = unionWords(asStrings(keep.languages), asStrings(remove.languages));
  merged.preferences = mergePreferences(keep.preferences ?? {}, remove.preferences ?? {});

  const changedFields: MergedField[] = [];
  for (const field of MERGED_FIELDS) {
    const before = get(keep, field);
    const after = merged[field];
    const beforeComparable =
      field === 'phones' || field === 'interests' || field === 'languages'
        ? (before ?? [])
        : field === 'preferences'
          ? (before ?? {})
          : before;
    if (stable(beforeComparable) !== stable(after)) {
      changedFields.push(field);
      changes.push({
        field,
        before,
        after,
        source:
          (field === 'phones' ||
            field === 'interests' ||
            field === 'languages' ||
            field === 'preferences') &&
          !isEmpty(before)
            ? 'union'
            : 'remove',
      });
    }
  }

  const plan: MergePlan = {
    keepId: keep.id,
    removeId: remove.id,
    merged,
    changedFields,
    changes,
    conflicts,
  };
  if (keep.contacts || remove.contacts) {
    const contacts = mergeContacts(keep.contacts ?? [], remove.contacts ?? []);
    plan.contacts = contacts;
    if (stable(contacts.merged) !== stable(keep.contacts ?? [])) {
      changes.push({
        field: 'contacts',
        before: keep.contacts ?? [],
        after: contacts.merged,
        source: 'union',
      });
    }
  }
  return plan;
}
