/**
 * Phone numbers of SMS (issue 13, ADR 0032): where an SMS goes, and who an SMS came from.
 * Written the French way in any form ("06 12 34 56 78", "+33 6…", "0033 6…"), stored in E.164.
 */
import { normalizeFrenchPhone } from '../people/phone.js';

export type SmsRecipientResult = { ok: true; e164: string } | { ok: false; message: string };

/**
 * The E.164 form of a number an SMS can be sent to, or a French message: an empty, invalid or
 * fixed-line number is refused (a landline does not receive SMS: the person is called instead).
 */
export function smsRecipient(input: string): SmsRecipientResult {
  const phone = normalizeFrenchPhone(input);
  if (!phone.ok) return { ok: false, message: phone.message };
  if (phone.type !== 'mobile') {
    const what = phone.type === 'fixed_line' ? 'un numéro de ligne fixe' : 'un numéro spécial';
    return {
      ok: false,
      message: `Le ${phone.national} est ${what} : un SMS ne peut être envoyé qu’à un portable (06 ou 07 en France).`,
    };
  }
  return { ok: true, e164: phone.e164 };
}

/**
 * The sender of an SMS received, as the operator gives it (SMPP `source_addr` and its type of
 * number): E.164 when it reads as a phone number ("33612345678" international, "0612345678"
 * national), otherwise as given (an alphanumeric sender, a short code).
 */
export function inboundSender(address: string, typeOfNumber: number): string {
  const digits = address.replace(/[\s.\-()]/g, '');
  if (!/^\+?\d{6,15}$/.test(digits)) return address.trim();
  // TON 1 (international) or a number written with its country code, without the "+".
  const written = digits.startsWith('+')
    ? digits
    : typeOfNumber === 1 || (!digits.startsWith('0') && digits.length > 10)
      ? `+${digits}`
      : digits;
  const phone = normalizeFrenchPhone(written);
  return phone.ok ? phone.e164 : address.trim();
}

/** SMPP address of our sender (SMPP_SOURCE_ADDR): a number or an alphanumeric name. */
export interface SmppAddress {
  addr: string;
  ton: number;
  npi: number;
}

/**
 * How the sender is declared to the SMSC: an international number (TON 1, NPI 1: E.164 without
 * "+"), a short code (TON 3), or an alphanumeric name (TON 5, at most 11 characters; nobody can
 * reply to it, so replies need a number).
 */
export function sourceAddress(sender: string): SmppAddress {
  const compact = sender.replace(/[\s.-]/g, '');
  if (/^\+?\d{9,15}$/.test(compact) || /^0\d{9}$/.test(compact)) {
    const phone = normalizeFrenchPhone(compact);
    const e164 = phone.ok ? phone.e164 : compact.startsWith('+') ? compact : `+${compact}`;
    return { addr: e164.slice(1), ton: 1, npi: 1 };
  }
  if (/^\d{3,8}$/.test(compact)) return { addr: compact, ton: 3, npi: 0 };
  return { addr: sender.trim().slice(0, 11), ton: 5, npi: 0 };
}

/** SMPP destination of an E.164 number: international, without the "+". */
export function destinationAddress(e164: string): SmppAddress {
  return { addr: e164.replace(/^\+/, ''), ton: 1, npi: 1 };
}
