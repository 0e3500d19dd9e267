/**
 * How the values people type in spreadsheets are read: French dates, oui/non, GIR, lists,
 * durations, visitor types, means of transport. Each reader answers a value or a French reason
 * (the reason starts with the value quoted: "« 31/02/1940 » n’est pas une date valide."). Pure.
 */

import { parseCivility, type FormOfAddress } from '../common/french.js';

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T = never>(message: string): Read<T> => ({ ok: false, message });

/** Lower case, no accents, single spaces: for comparing words people type. */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/[’'`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What people write in a cell to say "nothing here". */
const EMPTY_MARKERS = new Set([
  '-',
  '--',
  '---',
  '—',
  '–',
  '/',
  '.',
  '?',
  '??',
  'nc',
  'n.c.',
  'n.c',
  'n/c',
  'na',
  'n/a',
  'n.a.',
  'neant',
  'inconnu',
  'inconnue',
  'non renseigne',
  'non renseignee',
  'non communique',
  'nr',
  'ras',
  'vide',
  'null',
  'undefined',
]);

export function isEmptyValue(value: string): boolean {
  const folded = fold(value);
  return folded === '' || EMPTY_MARKERS.has(folded);
}

const EXCEL_ERROR =
  /^#(N\/A|NA|VALUE!|VALEUR!|REF!|DIV\/0!|NAME\?|NOM\?|NUM!|NOMBRE!|NULL!|NUL!|SPILL!|CALC!|GETTING_DATA)$/i;
export const isExcelError = (value: string) => EXCEL_ERROR.test(value.trim());

// ---------------------------------------------------------------- dates

const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  jan: 1,
  january: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  february: 2,
  feb: 2,
  mars: 3,
  mar: 3,
  march: 3,
  avril: 4,
  avr: 4,
  april: 4,
  apr: 4,
  mai: 5,
  may: 5,
  juin: 6,
  june: 6,
  jun: 6,
  juillet: 7,
  juil: 7,
  july: 7,
  jul: 7,
  aout: 8,
  august: 8,
  aug: 8,
  septembre: 9,
  sept: 9,
  sep: 9,
  september: 9,
  octobre: 10,
  oct: 10,
  october: 10,
  novembre: 11,
  nov: 11,
  november: 11,
  decembre: 12,
  dec: 12,
  december: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export interface DateOptions {
  /** Birth dates: a two-digit year is 19xx; a year alone is refused with its own message. */
  birth?: boolean;
  /** AAAA-MM-JJ, for the century rule of other dates. */
  today: string;
}

function fullYear(year: string, options: DateOptions): number {
  const n = Number(year);
  if (year.length === 4) return n;
  if (options.birth) return 1900 + n;
  // Other dates (contracts, charter, insurance): up to 20 years ahead is this century.
  const pivot = (Number(options.today.slice(2, 4)) + 20) % 100;
  return n <= pivot ? 2000 + n : 1900 + n;
}

/** Excel counts days from 30/12/1899 (its phantom 29/02/1900 included). */
export function excelSerialToIso(serial: number): string {
  const ms = Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

function build(raw: string, year: number, month: number, day: number): Read<string> {
  const quoted = `« ${raw} »`;
  if (month < 1 || month > 12) {
    if (day >= 1 && day <= 12 && month <= 31) {
      return fail(
        `${quoted} n’est pas une date valide : le mois ${month} n’existe pas (le jour s’écrit avant le mois : JJ/MM/AAAA).`,
      );
    }
    return fail(`${quoted} n’est pas une date valide.`);
  }
  if (year < 1800 || year > 2200 || day < 1 || day > daysIn(year, month))
    return fail(`${quoted} n’est pas une date valide.`);
  return ok(`${year}-${pad(month)}-${pad(day)}`);
}

/**
 * Reads JJ/MM/AAAA, J/M/AA (with / . - or spaces), AAAA-MM-JJ (with or without a time),
 * "12 mars 1940", "1er mars 40", 12031940, and Excel serial numbers (15 000 → 1941-01-24).
 */
export function readDate(input: string, options: DateOptions): Read<string> {
  const raw = input.trim();
  const text = fold(raw).replace(/^le /, '');
  let m: RegExpMatchArray | null;
  if (
    (m = text.match(
      /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?z?)?$/,
    ))
  ) {
    return build(raw, Number(m[1]), Number(m[2]), Number(m[3]));
  }
  if (
    (m = text.match(
      /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4}|\d{2})(?:\s+(?:a\s+)?\d{1,2}[:h]\d{2}(?::\d{2})?)?$/,
    ))
  ) {
    return build(raw, fullYear(m[3]!, options), Number(m[2]), Number(m[1]));
  }
  if ((m = text.match(/^(\d{1,2})(?:er)?[\s\-./]*([a-z]+)\.?[\s\-./]*(\d{4}|\d{2})$/))) {
    const month = MONTHS[m[2]!];
    if (!month) return fail(`« ${raw} » n’est pas une date valide : mois « ${m[2]} » inconnu.`);
    return build(raw, fullYear(m[3]!, options), month, Number(m[1]));
  }
  if ((m = text.match(/^(\d{2})(\d{2})(\d{4})$/)))
    return build(raw, Number(m[3]), Number(m[2]), Number(m[1]));
  if ((m = text.match(/^(\d{2})(\d{2})(\d{2})$/)))
    return build(raw, fullYear(m[3]!, options), Number(m[2]), Number(m[1]));
  if ((m = text.match(/^(\d{4})$/)) && Number(m[1]) >= 1850 && Number(m[1]) <= 2100) {
    return fail(
      `« ${raw} » : seule l’année est indiquée ; la date complète est attendue (JJ/MM/AAAA).`,
    );
  }
  if ((m = text.match(/^([a-z]+)\.?\s+(\d{4})$/)) && MONTHS[m[1]!]) {
    return fail(`« ${raw} » : le jour manque ; la date complète est attendue (JJ/MM/AAAA).`);
  }
  if ((m = text.match(/^(\d{3,5})(?:[.,]\d+)?$/))) {
    const serial = Number(m[1]);
    if (serial >= 1000) return ok(excelSerialToIso(serial));
  }
  return fail(`« ${raw} » n’est pas une date valide (format attendu : JJ/MM/AAAA).`);
}

// ---------------------------------------------------------------- yes / no

const TRUE_WORDS = new Set([
  'oui',
  'o',
  'yes',
  'y',
  'x',
  'vrai',
  'true',
  '1',
  'ok',
  'v',
  '✓',
  '✔',
  '☑',
  '✅',
  'oui.',
  'present',
  'beneficiaire',
  'avec',
]);
const FALSE_WORDS = new Set([
  'non',
  'n',
  'no',
  'faux',
  'false',
  '0',
  'aucun',
  'aucune',
  'sans',
  '✗',
  '✘',
  'non.',
  'pas de',
]);

/** oui/non, x, vrai/faux, 1/0 (and "oui, depuis 2019"). */
export function readBoolean(input: string): Read<boolean> {
  const text = fold(input);
  if (TRUE_WORDS.has(text)) return ok(true);
  if (FALSE_WORDS.has(text)) return ok(false);
  const first = text.split(/[\s,;:()\-–]+/)[0] ?? '';
  if (first === 'oui' || first === 'yes') return ok(true);
  if (first === 'non' || first === 'no') return ok(false);
  return fail(`« ${input.trim()} » n’est pas compris : écrivez oui ou non.`);
}

// ---------------------------------------------------------------- GIR, lists, durations

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6 };

/** "4", "GIR 4", "gir4", "GIR IV" → 4. The range (1 to 6) is the schema's to check. */
export function readGir(input: string): Read<number> {
  const text = fold(input);
  const m = text.match(/^(?:gir\s*:?\s*)?(\d+|[ivx]+)(?:[.,]0+)?(?:\b.*)?$/);
  if (m) {
    const value = /^\d+$/.test(m[1]!) ? Number(m[1]) : ROMAN[m[1]!];
    if (value !== undefined) return ok(value);
  }
  return fail(
    `« ${input.trim()} » n’est pas un GIR : un chiffre de 1 à 6 est attendu (exemple : GIR 4).`,
  );
}

/** "82", "82 ans", "82,0" → 82: an age in whole years, 0 to 120. */
export function readAge(input: string): Read<number> {
  const m = fold(input).match(/^(\d{1,3})(?:[.,]0+)?\s*(?:ans?)?$/);
  if (m && Number(m[1]) <= 120) return ok(Number(m[1]));
  return fail(
    `« ${input.trim()} » n’est pas un âge : un nombre d’années est attendu (exemple : 82).`,
  );
}

/** "lecture, jardinage; cartes / marche" → four items. */
export function readList(input: string): string[] {
  return input
    .split(/[,;/|\n•]+/)
    .map((item) => item.replace(/\s+/g, ' ').trim())
    .filter((item) => item !== '' && !isEmptyValue(item));
}

/** Several numbers in one phone cell: "03 44 12 34 56 / 06 12 34 56 78". */
export function readPhoneList(input: string): string[] {
  return input
    .split(/[/;,|\n]+|\s+(?:ou|et|or|and)\s+/i)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !isEmptyValue(item));
}

/** "30", "30 min", "1h", "1 h 30", "1h30", "1,5 h", "0:45" → minutes. */
export function readMinutes(input: string): Read<number> {
  const text = fold(input).replace(/\s+/g, ' ');
  let m: RegExpMatchArray | null;
  if ((m = text.match(/^(\d+)(?:[.,]0+)?\s*(?:min|mn|mins|minute|minutes|m|')?\.?$/)))
    return ok(Number(m[1]));
  if ((m = text.match(/^(\d+)\s*(?:h|heure|heures)\s*(\d{1,2})?\s*(?:min|mn|minutes?)?$/)))
    return ok(Number(m[1]) * 60 + Number(m[2] ?? 0));
  if ((m = text.match(/^(\d+)[.,](\d+)\s*(?:h|heure|heures)$/)))
    return ok(Math.round(Number(`${m[1]}.${m[2]}`) * 60));
  if ((m = text.match(/^(\d{1,2}):(\d{2})(?::00)?$/))) return ok(Number(m[1]) * 60 + Number(m[2]));
  return fail(
    `« ${input.trim()} » n’est pas une durée : un nombre de minutes est attendu (exemples : 30, 45 min, 1h15).`,
  );
}

// ---------------------------------------------------------------- people and visitors

export type Gender = 'female' | 'male' | 'other';

const FEMALE = new Set([
  'f',
  'femme',
  'feminin',
  'mme',
  'madame',
  'mlle',
  'mademoiselle',
  'female',
  'woman',
  'w',
  'fem',
]);
const MALE = new Set([
  'm',
  'h',
  'homme',
  'masculin',
  'mr',
  'm.',
  'monsieur',
  'male',
  'man',
  'masc',
]);
const OTHER = new Set(['autre', 'other', 'non binaire', 'x']);

export function readGender(input: string): Read<Gender> {
  const text = fold(input).replace(/\.$/, '');
  if (FEMALE.has(text)) return ok('female');
  if (MALE.has(text)) return ok('male');
  if (OTHER.has(text)) return ok('other');
  return fail(`« ${input.trim()} » n’est pas compris : écrivez F (femme), H (homme) ou Autre.`);
}

/** A civility as registers write it: Mme, M., Madame, Monsieur (Mlle read as Madame). */
export function readCivility(input: string): Read<FormOfAddress | null> {
  const form = parseCivility(input);
  if (form === undefined)
    return fail(
      `« ${input.trim()} » n’est pas une civilité : écrivez Mme, M., Madame ou Monsieur.`,
    );
  return ok(form);
}

export type VisitorKindValue = 'employed_young' | 'volunteer' | 'civic_service';

export function readVisitorKind(input: string): Read<VisitorKindValue> {
  const text = fold(input)
    .replace(/[()\-_.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (/civique|\bvsc\b|^sc$|civic/.test(text)) return ok('civic_service');
  if (/benevol|volunteer|^bnv$/.test(text)) return ok('volunteer');
  if (
    /salari|employe|\bcdd\b|\bcdi\b|contrat|\bpec\b|emploi|jeune visiteur|visiteur de convivialite|\bagent\b|employed|adulte relais/.test(
      text,
    )
  ) {
    return ok('employed_young');
  }
  if (/^volontaire/.test(text)) {
    return fail(`« ${input.trim()} » est ambigu : écrivez « bénévole » ou « service civique ».`);
  }
  return fail(
    `« ${input.trim()} » n’est pas un type de visiteur : écrivez salarié, bénévole ou service civique.`,
  );
}

export type MobilityValue = 'foot' | 'bike' | 'public_transport' | 'car';

const MOBILITY_PATTERNS: [MobilityValue, RegExp][] = [
  ['car', /voiture|vehicule|\bauto\b|automobile|\bcar\b|permis|moto|scooter|deux roues|2 roues/],
  [
    'public_transport',
    /\bbus\b|transports? en commun|transports? publics?|\btc\b|train|\btram|metro|\bter\b|navette|public transport/,
  ],
  ['bike', /velo|bicyclette|\bvae\b|trottinette|bike|cycle/],
  ['foot', /pied|marche|foot|pieton|walk/],
];

/**
 * "Voiture", "à pied", "bus", "vélo"; a cell naming several means keeps the one that reaches
 * farthest (voiture, then transports en commun, vélo, à pied). In a "Véhiculé" column, "oui" is
 * a car.
 */
export function readMobility(input: string): Read<MobilityValue> {
  const text = fold(input);
  for (const [value, pattern] of MOBILITY_PATTERNS) if (pattern.test(text)) return ok(value);
  const yesNo = readBoolean(input);
  if (yesNo.ok && yesNo.value) return ok('car');
  if (yesNo.ok && !yesNo.value) {
    return fail(
      `« ${input.trim()} » ne suffit pas : précisez à pied, vélo ou transports en commun.`,
    );
  }
  return fail(
    `« ${input.trim()} » n’est pas un moyen de déplacement : écrivez à pied, vélo, transports en commun ou voiture.`,
  );
}

// ---------------------------------------------------------------- names and addresses

const isUpperWord = (word: string) =>
  /\p{L}/u.test(word) && word === word.toUpperCase() && word !== word.toLowerCase();

/**
 * "DUPONT Marie", "Marie DUPONT", "LE GALL Jean-Pierre", "Dupont, Marie": the name in capitals
 * (or before a comma) is the last name. Without that, two words follow the header's order.
 */
export function splitFullName(
  input: string,
  order: 'last-first' | 'first-last',
): Read<{ lastName: string; firstName: string }> {
  const text = input.replace(/\s+/g, ' ').trim();
  const comma = text.split(',').map((p) => p.trim());
  if (comma.length === 2 && comma[0] && comma[1])
    return ok({ lastName: comma[0], firstName: comma[1] });
  const words = text.split(' ').filter(Boolean);
  if (words.length < 2) {
    return fail(
      `« ${text} » : le nom et le prénom sont attendus dans cette colonne (exemple : DUPONT Marie).`,
    );
  }
  const upper = words.map(isUpperWord);
  const upperCount = upper.filter(Boolean).length;
  if (upperCount > 0 && upperCount < words.length) {
    const firstUpper = upper.indexOf(true);
    const lastUpper = upper.lastIndexOf(true);
    const contiguous = upper.slice(firstUpper, lastUpper + 1).every(Boolean);
    if (contiguous && (firstUpper === 0 || lastUpper === words.length - 1)) {
      return ok({
        lastName: words.slice(firstUpper, lastUpper + 1).join(' '),
        firstName: [...words.slice(0, firstUpper), ...words.slice(lastUpper + 1)].join(' '),
      });
    }
  }
  if (words.length === 2) {
    const [a, b] = words as [string, string];
    return ok(
      order === 'last-first' ? { lastName: a, firstName: b } : { lastName: b, firstName: a },
    );
  }
  return fail(
    `« ${text} » : impossible de séparer le nom du prénom. Écrivez le nom en majuscules (exemple : DE LA FONTAINE Jean) ou utilisez deux colonnes « Nom » et « Prénom ».`,
  );
}

/** "60000 Beauvais", "Beauvais (60000)", "60000 - BEAUVAIS CEDEX" → code and commune. */
export function splitPostalCodeAndCommune(input: string): {
  postalCode: string | null;
  communeName: string | null;
} {
  const text = input.replace(/\s+/g, ' ').trim();
  const m = text.match(/(?:^|[\s(,-])(\d{2}\s?\d{3})(?=$|[\s),-])/);
  if (!m) return { postalCode: null, communeName: text || null };
  const communeName = text
    .replace(m[1]!, ' ')
    .replace(/[()]/g, ' ')
    .replace(/^[\s,\-–]+|[\s,\-–]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { postalCode: m[1]!.replace(/\s/g, ''), communeName: communeName || null };
}

/** "12 rue des Lilas, 60000 Beauvais" in an address cell: the end is the postal code and commune. */
export function splitFullAddress(
  input: string,
): { street: string; postalCode: string; communeName: string } | null {
  const m = input
    .replace(/\s+/g, ' ')
    .trim()
    .match(/^(.*?)[\s,-]+(\d{5})\s+([^\d,]+)$/);
  if (!m || !m[1]) return null;
  return { street: m[1].trim(), postalCode: m[2]!, communeName: m[3]!.trim() };
}
