/**
 * Phone numbers for reading and dialling: French numbers the way they are dialled from France
 * ("03 44 91 07 60", "0696 20 12 34" in Martinique), foreign ones in international form
 * ("+32 470 12 34 56"). Stored numbers are E.164 (src/domain/people/phone.ts normalises them).
 * The "min" metadata is enough to format: the web bundle stays small.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** Territories dialled from metropolitan France with a leading 0 and ten digits. */
const DIALLED_WITH_ZERO: readonly CountryCode[] = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'BL', 'MF'];

/** "+33344910760" → "03 44 91 07 60"; what cannot be read is returned as written. */
export function formatPhoneNumber(value: string | null | undefined): string {
  if (!value) return '';
  const text = value.trim();
  const number = parsePhoneNumberFromString(text, 'FR');
  if (!number || !number.isPossible()) return text;
  if (number.country !== undefined && DIALLED_WITH_ZERO.includes(number.country))
    return number.formatNational();
  return number.formatInternational();
}

/** The `tel:` address of a number: E.164 when it can be read, else its digits and a leading +. */
export function phoneHref(value: string): string {
  const number = parsePhoneNumberFromString(value.trim(), 'FR');
  return `tel:${number ? number.number : value.replace(/[^\d+]/g, '')}`;
}
