/**
 * The import key of a row: a SHA-256 of the normalised identity, stored on the record it created,
 * so that importing the same file again (or a later version of it) creates nothing twice.
 * Case, accents, hyphens, apostrophes and spaces do not change the key ("Jean-Pierre LEFÈVRE" and
 * "jean pierre Lefevre" are the same person). Pure.
 */
import { createHash } from 'node:crypto';
import { normalizeName } from '../people/identity.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Last name + first name + birth date (AAAA-MM-JJ). */
export function personImportKey(person: {
  lastName: string;
  firstName: string;
  birthDate?: string | null;
}): string {
  return sha256(
    [
      'person',
      normalizeName(person.lastName),
      normalizeName(person.firstName),
      person.birthDate ?? '',
    ].join('|'),
  );
}

/** Last name + first name + e-mail, or the phone (E.164) when there is no e-mail. */
export function visitorImportKey(visitor: {
  lastName: string;
  firstName: string;
  email?: string | null;
  phone?: string | null;
}): string {
  const contact = visitor.email
    ? visitor.email.trim().toLowerCase()
    : (visitor.phone ?? '').replace(/\s/g, '');
  return sha256(
    ['visitor', normalizeName(visitor.lastName), normalizeName(visitor.firstName), contact].join(
      '|',
    ),
  );
}

/** SHA-256 of the file itself, recorded with each import run. */
export const fileSha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
