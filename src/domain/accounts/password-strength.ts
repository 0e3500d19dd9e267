/**
 * How hard a password is to guess, by zxcvbn (common passwords, French and English words, names,
 * keyboard patterns, dates, repeats, the user's own name and address): a score from 0 to 4. Below
 * 3 ("safely unguessable": about 10^8 guesses) the password is refused with zxcvbn's reason in
 * French. Not used by the web app: the dictionaries weigh megabytes.
 */
import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';

const MIN_PASSWORD_SCORE = 3;

zxcvbnOptions.setOptions({
  translations: fr.translations,
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...fr.dictionary },
  // The cost of the estimate grows fast with length; the first 64 characters decide anyway.
  maxLength: 64,
});

/** What the platform and the account are called: a password made of them is easy to guess. */
function userInputs(context: { email?: string; displayName?: string; organisation?: string }) {
  const words = ['convivialite', 'convivialité', 'convivialite.fr'];
  for (const value of [context.email, context.displayName, context.organisation]) {
    if (!value) continue;
    words.push(value.toLowerCase());
    words.push(
      ...value
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length >= 3),
    );
  }
  return words;
}

/** null: strong enough; otherwise the French reason to show under the field. */
export function passwordWeakness(
  password: string,
  context: { email?: string; displayName?: string; organisation?: string } = {},
): string | null {
  const result = zxcvbn(password, userInputs(context));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const reasons = [result.feedback.warning, ...result.feedback.suggestions].filter(
    (text): text is string => !!text,
  );
  return [
    'Ce mot de passe est trop facile à deviner.',
    ...(reasons.length
      ? reasons
      : ['Choisissez plutôt une phrase de plusieurs mots peu courants.']),
  ].join(' ');
}
