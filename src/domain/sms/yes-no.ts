/**
 * A yes or a no, as people answer an SMS in French (issue 13: a neighbour answers "OUI" or "NON"
 * to a request for help). Lenient on the form (case, accents, punctuation, a "merci" after it),
 * strict on the meaning: an answer that says both, or neither, is not read as either, so the
 * animator reads it instead of the platform guessing.
 */

export type YesNo = 'yes' | 'no';

const YES = [
  'oui',
  'ouii',
  'ouiii',
  'ouais',
  'ouai',
  'o',
  'ok',
  'okay',
  'okey',
  'oki',
  'dac',
  'daccord',
  'd accord',
  'ca marche',
  'c est bon',
  'cest bon',
  'bien sur',
  'volontiers',
  'avec plaisir',
  'je veux bien',
  'je suis d accord',
  'je suis daccord',
  'je suis dispo',
  'je suis disponible',
  'yes',
  'y',
  'absolument',
  'entendu',
  'parfait',
  'pas de souci',
  'pas de soucis',
  'pas de probleme',
  'sans probleme',
  'sans souci',
];

const NO = [
  'non',
  'nan',
  'n',
  'no',
  'nope',
  'pas possible',
  'pas dispo',
  'pas disponible',
  'impossible',
  'je ne peux pas',
  'je peux pas',
  'j peux pas',
  'pas cette fois',
  'malheureusement non',
  'desole',
  'desolee',
  'non merci',
  'indisponible',
  'pas libre',
];

/** Lower case, no accents, apostrophes and punctuation as spaces, emojis dropped. */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'`´]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether `text` is, or starts with, one of `phrases` followed by a word boundary. */
function startsWithOne(text: string, phrases: readonly string[]): boolean {
  return phrases.some((phrase) => text === phrase || text.startsWith(`${phrase} `));
}

function containsOne(text: string, phrases: readonly string[]): boolean {
  const padded = ` ${text} `;
  return phrases.some((phrase) => phrase.length > 1 && padded.includes(` ${phrase} `));
}

/**
 * "OUI", "oui merci", "Ok !", "d'accord", "O" → yes; "NON", "non merci", "n", "pas dispo" → no;
 * "oui… enfin non", "peut-être", "qui est-ce ?", "" → null. A thumbs up alone is a yes.
 */
export function parseYesNo(text: string): YesNo | null {
  if (/^\s*👍\s*$/u.test(text)) return 'yes';
  if (/^\s*👎\s*$/u.test(text)) return 'no';
  const folded = fold(text);
  if (!folded) return null;
  const yes = startsWithOne(folded, YES);
  const no = startsWithOne(folded, NO);
  // "non" also starts "non merci"; "pas ok" starts neither, "ok pas dispo" says both.
  if (
    yes &&
    !no &&
    !containsOne(
      folded,
      NO.filter((p) => p !== 'n'),
    )
  )
    return 'yes';
  if (
    no &&
    !yes &&
    !containsOne(
      folded,
      YES.filter((p) => p !== 'o' && p !== 'y'),
    )
  )
    return 'no';
  return null;
}
