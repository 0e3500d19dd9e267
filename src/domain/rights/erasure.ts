/**
 * What an erasure keeps and what it forgets (RGPD art. 17; ADR 0012). Pure: the server applies
 * these rules in one write (src/server/rights/erasure.ts).
 *
 * Kept, because indicators need it and it does not identify anyone on its own: the record's id
 * (visits, statuses and alerts stay counted against it), the organisation and local service, the
 * commune (postal and INSEE codes, name), the gender, the five-year band of the birth year,
 * whether the person lived alone, the status history (statuses and dates), the visits (dates,
 * durations, outcomes), report activities and moods, evaluation scores and decisions.
 * Forgotten: names, birth date, address, coordinates, phones, e-mail, contacts, every free text
 * (notes, comments, observations, concerns, alert texts), health and social details (GIR, APA,
 * remote assistance), preferences, interests, languages, the import key (a hash of the identity).
 */
import { z } from 'zod';

export const ERASED_NAME = '[effacé]';

/** Why a person's data cannot be erased for now. */
const LEGAL_HOLD_KINDS = [
  'prosecutor_report',
  'dispute',
  'judicial_request',
  'protection_measure',
  'other',
] as const;
type LegalHoldKind = (typeof LEGAL_HOLD_KINDS)[number];

const LEGAL_HOLD_LABELS: Record<LegalHoldKind, string> = {
  prosecutor_report: 'signalement au procureur de la République',
  dispute: 'contentieux en cours',
  judicial_request: 'réquisition ou demande d’une autorité judiciaire',
  protection_measure: 'mesure de protection juridique en cours d’instruction',
  other: 'autre obligation légale de conservation',
};

export const legalHoldSchema = z
  .object({
    kind: z.enum(LEGAL_HOLD_KINDS, { message: `Motif attendu : ${LEGAL_HOLD_KINDS.join(', ')}.` }),
    reason: z
      .string()
      .trim()
      .min(10, 'Expliquez le gel en une phrase au moins (10 caractères).')
      .max(2000, '2000 caractères au maximum.'),
    since: z.iso.date({ message: 'Date attendue au format AAAA-MM-JJ.' }),
  })
  .strict();
export type LegalHoldInput = z.infer<typeof legalHoldSchema>;

export const erasureRequestSchema = z
  .object({
    reason: z
      .string()
      .trim()
      .min(10, 'Indiquez la raison de l’effacement (10 caractères au moins).')
      .max(2000, '2000 caractères au maximum.'),
  })
  .strict();

export interface ErasableState {
  erasedAt: Date | string | null;
  legalHoldKind: string | null;
  legalHoldSince: string | null;
}

/** The French reason an erasure is refused, or null when it may go ahead. */
export function erasureRefusal(person: ErasableState): { code: string; message: string } | null {
  if (person.erasedAt)
    return {
      code: 'already_erased',
      message: 'Les données de cette personne ont déjà été effacées.',
    };
  if (person.legalHoldKind) {
    const label = LEGAL_HOLD_LABELS[person.legalHoldKind as LegalHoldKind] ?? person.legalHoldKind;
    const since = person.legalHoldSince
      ? ` depuis le ${person.legalHoldSince.split('-').reverse().join('/')}`
      : '';
    return {
      code: 'legal_hold',
      message: `Effacement impossible : un gel juridique s’applique à cette fiche (${label}${since}). Un administrateur doit d’abord le lever, une fois l’obligation de conservation éteinte.`,
    };
  }
  return null;
}

/** The first year of the five-year band a birth date falls in (1938 → 1935); null if unknown. */
export function birthYearBand(birthDate: string | null): number | null {
  if (!birthDate) return null;
  const year = Number(birthDate.slice(0, 4));
  return Number.isFinite(year) ? year - (year % 5) : null;
}

/** The person's record once erased: what replaces each identifying or free field. */
export function erasedPersonFields(person: { birthDate: string | null }, now: Date) {
  return {
    lastName: ERASED_NAME,
    firstName: ERASED_NAME,
    birthName: null,
    birthDate: null,
    birthYearBand: birthYearBand(person.birthDate),
    street: null,
    addressComplement: null,
    latitude: null,
    longitude: null,
    locationStatus: 'to_locate',
    locationPrecision: null,
    locationNote: null,
    email: null,
    phones: [],
    apa: null,
    gir: null,
    teleAssistance: null,
    interests: [],
    languages: [],
    preferences: {},
    practicalNotes: null,
    referralSource: null,
    consentPendingReason: null,
    importKey: null,
    erasedAt: now,
    updatedAt: now,
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces the person's names in a text that is not theirs alone (a notification to a visitor, a
 * planning summary): full names first, then each name on its own, accents and case as written.
 */
export function withoutNames(
  text: string,
  names: readonly (string | null | undefined)[],
  replacement = ERASED_NAME,
): string {
  const parts = names
    .filter((n): n is string => !!n && n.trim().length >= 2 && n !== ERASED_NAME)
    .map((n) => n.trim());
  if (!parts.length) return text;
  const [first, last] = [parts[1], parts[0]];
  const patterns = [
    first && last ? `${first} ${last}` : null,
    first && last ? `${last} ${first}` : null,
    ...parts,
  ]
    .filter((p): p is string => !!p)
    .sort((a, b) => b.length - a.length)
    .map(escape);
  return text.replace(
    new RegExp(`(?<![\\p{L}])(?:${patterns.join('|')})(?![\\p{L}])`, 'giu'),
    replacement,
  );
}
