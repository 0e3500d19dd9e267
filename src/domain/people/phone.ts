/**
 * French phone numbers, as people write them on forms and in spreadsheets:
 * "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "0033612345678", "+33 (0)6 …",
 * and overseas numbers ("0696 20 12 34" is a Martinique mobile: +596 696 20 12 34).
 *
 * Uses libphonenumber-js with its "max" metadata, the only one that tells mobile from fixed line
 * and validates the digits themselves (not only the length).
 */
import {
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { z } from 'zod';

type PhoneType = 'mobile' | 'fixed_line' | 'other';

export type PhoneResult =
  | {
      ok: true;
      /** "+33612345678" */
      e164: string;
      /** As dialled from France: "06 12 34 56 78", "0696 20 12 34"; the international form
       * for numbers that are not dialled with a 0 from France ("+32 470 12 34 56"). */
      national: string;
      /** "+33 6 12 34 56 78" */
      international: string;
      type: PhoneType;
      /** ISO country or territory: FR, MQ, RE… undefined for non-geographic numbers. */
      country: CountryCode | undefined;
      /** Metropolitan France or an overseas territory. */
      french: boolean;
    }
  | { ok: false; message: string };

export interface PhoneOptions {
  /** Accept numbers of other countries written with their prefix (+32…). Default true: a carer
   * may live in Belgium. When false, only metropolitan and overseas French numbers pass. */
  allowForeign?: boolean;
}

/** Metropolitan France and the overseas départements and collectivities. */
const FRENCH_TERRITORIES: readonly CountryCode[] = [
  'FR',
  'GP',
  'MQ',
  'GF',
  'RE',
  'YT',
  'PM',
  'BL',
  'MF',
  'NC',
  'PF',
  'WF',
];

/**
 * Overseas départements dialled like French numbers, with a leading 0: the first three digits
 * after the 0 tell the territory (ARCEP plan). libphonenumber alone would read "0696…" as an
 * invalid metropolitan number, and "0596…" as a metropolitan one.
 */
const OVERSEAS_PREFIXES: Readonly<Record<string, CountryCode>> = {
  '590': 'GP', // Guadeloupe, Saint-Barthélemy, Saint-Martin fixed lines
  '690': 'GP', // … mobiles
  '691': 'GP',
  '596': 'MQ', // Martinique
  '696': 'MQ',
  '697': 'MQ',
  '594': 'GF', // Guyane
  '694': 'GF',
  '262': 'RE', // La Réunion
  '263': 'RE',
  '692': 'RE',
  '693': 'RE',
  '269': 'YT', // Mayotte
  '639': 'YT',
};

/** Territories dialled from metropolitan France with a leading 0 and ten digits. */
const DIALLED_WITH_ZERO: readonly CountryCode[] = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'BL', 'MF'];

const EXAMPLE = 'par exemple 06 12 34 56 78';
const MAX_INPUT_LENGTH = 40;

function quote(input: string): string {
  const text = input.trim();
  return `« ${text.length > MAX_INPUT_LENGTH ? `${text.slice(0, MAX_INPUT_LENGTH)}…` : text} »`;
}

function mapType(number: PhoneNumber): PhoneType {
  switch (number.getType()) {
    case 'MOBILE':
      return 'mobile';
    case 'FIXED_LINE':
    // "09" numbers of internet boxes: in practice the home landline of many older people.
    // eslint-disable-next-line no-fallthrough
    case 'VOIP':
      return 'fixed_line';
    default:
      return 'other';
  }
}

function parse(input: string, country: CountryCode): PhoneNumber | ParseError {
  try {
    return parsePhoneNumberWithError(input, { defaultCountry: country });
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
}

function lengthMessage(input: string, number: PhoneNumber): string | null {
  const problem = validatePhoneNumberLength(number.number);
  const french = number.countryCallingCode === '33' || number.country === undefined;
  const expected = french ? ` : un numéro français compte 10 chiffres, ${EXAMPLE}` : '';
  if (problem === 'TOO_SHORT') return `${quote(input)} est trop court${expected}.`;
  if (problem === 'TOO_LONG') return `${quote(input)} est trop long${expected}.`;
  if (problem !== undefined) {
    return `${quote(input)} n’a pas le bon nombre de chiffres${expected}.`;
  }
  return null;
}

/**
 * Normalises a phone number written in France. Returns the E.164 form to store and the national
 * form to display, or a French message saying what is wrong.
 */
export function normalizeFrenchPhone(input: string, options: PhoneOptions = {}): PhoneResult {
  const allowForeign = options.allowForeign ?? true;
  if (typeof input !== 'string' || input.trim() === '') {
    return { ok: false, message: 'Le numéro de téléphone est vide.' };
  }
  if (input.length > 100) {
    return { ok: false, message: `${quote(input)} est trop long pour un numéro de téléphone.` };
  }

  if (/\p{L}/u.test(input)) {
    return {
      ok: false,
      message: `${quote(input)} contient des lettres : écrivez seulement les chiffres du numéro, ${EXAMPLE}.`,
    };
  }
  // Written the French way (0 then nine digits): the length is checked before anything else.
  const trimmed = input.trim();
  if (/^0[^0]/.test(trimmed.replace(/[\s.\-/]/g, ''))) {
    const digits = trimmed.replace(/\D/g, '').length;
    if (digits !== 10) {
      return {
        ok: false,
        message: `${quote(input)} est trop ${digits < 10 ? 'court' : 'long'} : un numéro français compte 10 chiffres, ${EXAMPLE}.`,
      };
    }
  }

  let number = parse(input, 'FR');
  if (number instanceof ParseError) {
    switch (number.message) {
      case 'INVALID_COUNTRY':
        return {
          ok: false,
          message: `${quote(input)} : indicatif de pays inconnu. Vérifiez le début du numéro (+33 pour la France).`,
        };
      case 'TOO_SHORT':
        return {
          ok: false,
          message: `${quote(input)} est trop court : un numéro français compte 10 chiffres, ${EXAMPLE}.`,
        };
      case 'TOO_LONG':
        return {
          ok: false,
          message: `${quote(input)} est trop long : un numéro français compte 10 chiffres, ${EXAMPLE}.`,
        };
      default:
        return {
          ok: false,
          message: `${quote(input)} n’est pas un numéro de téléphone : écrivez les chiffres, ${EXAMPLE}.`,
        };
    }
  }

  // An overseas number, written "0696…" or "+33 696…": read it in its territory.
  if (number.countryCallingCode === '33') {
    const territory = OVERSEAS_PREFIXES[number.nationalNumber.slice(0, 3)];
    if (territory) {
      const overseas = parse(`0${number.nationalNumber}`, territory);
      if (!(overseas instanceof ParseError)) number = overseas;
    }
  }

  const french =
    number.countryCallingCode === '33' ||
    (number.country !== undefined && FRENCH_TERRITORIES.includes(number.country));
  if (!french && !allowForeign) {
    return {
      ok: false,
      message: `${quote(input)} n’est pas un numéro français. Seuls les numéros de France métropolitaine et d’outre-mer sont acceptés ici.`,
    };
  }

  const length = lengthMessage(input, number);
  if (length) return { ok: false, message: length };
  if (!number.isValid()) {
    return {
      ok: false,
      message: french
        ? `${quote(input)} n’est pas un numéro attribué en France : vérifiez les chiffres.`
        : `${quote(input)} n’est pas un numéro valide pour ce pays : vérifiez les chiffres.`,
    };
  }

  return {
    ok: true,
    e164: number.number,
    national:
      number.country !== undefined && DIALLED_WITH_ZERO.includes(number.country)
        ? number.formatNational()
        : number.formatInternational(),
    international: number.formatInternational(),
    type: mapType(number),
    country: number.country,
    french,
  };
}

/** For display: the form dialled from France. Returns the input unchanged if it cannot be read. */
export function formatPhoneForDisplay(e164: string): string {
  const result = normalizeFrenchPhone(e164);
  return result.ok ? result.national : e164;
}

/** A Zod schema that accepts a phone number as written and outputs its E.164 form. */
export function makeFrenchPhoneSchema(options: PhoneOptions = {}) {
  return z
    .string({ error: 'Le numéro de téléphone doit être un texte.' })
    .transform((value, ctx) => {
      const result = normalizeFrenchPhone(value, options);
      if (!result.ok) {
        ctx.addIssue({ code: 'custom', message: result.message, input: value });
        return z.NEVER;
      }
      return result.e164;
    });
}

/** Any number written in France (foreign numbers with their prefix accepted), output in E.164. */
export const frenchPhoneSchema = makeFrenchPhoneSchema();

/** Only metropolitan and overseas French numbers, output in E.164. */
export const strictFrenchPhoneSchema = makeFrenchPhoneSchema({ allowForeign: false });
