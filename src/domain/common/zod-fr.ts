/**
 * Validation messages in plain French, for people, not developers: "Indiquez un nombre." rather
 * than "Entrée invalide : nombre attendu, chaîne de caractères reçu". Messages written in a
 * schema itself (the phone's, the postal code's…) win over these.
 */
import { z } from 'zod';
import { fieldLabel } from './field-labels.js';

type Issue = z.core.$ZodRawIssue;

const TYPE_SENTENCES: Readonly<Record<string, string>> = {
  string: 'Écrivez un texte.',
  number: 'Indiquez un nombre.',
  int: 'Indiquez un nombre entier.',
  boolean: 'Répondez par oui ou par non.',
  array: 'Une liste est attendue.',
  object: 'Ce champ est mal rempli.',
  date: 'Indiquez une date.',
};

const FORMAT_SENTENCES: Readonly<Record<string, string>> = {
  email: 'Adresse e-mail invalide : par exemple marie.dupont@exemple.fr.',
  date: 'Indiquez une date valide (jour, mois, année).',
  datetime: 'Indiquez une date et une heure valides.',
  time: 'Indiquez une heure (par exemple 14:30).',
  uuid: 'Choisissez une valeur dans la liste.',
  url: 'Indiquez une adresse web complète (https://…).',
  regex: 'Ce champ n’est pas écrit comme attendu.',
};

const plural = (n: number | bigint, one: string, other: string) =>
  `${String(n)} ${Number(n) < 2 ? one : other}`;

/** The plain French sentence for a Zod issue. */
export function plainFrenchMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'Ce champ est obligatoire.';
      return TYPE_SENTENCES[issue.expected] ?? 'Ce champ est mal rempli.';
    case 'invalid_value':
      return issue.values.length === 1
        ? 'Cette valeur n’est pas acceptée ici.'
        : 'Choisissez une des valeurs proposées.';
    case 'too_small': {
      const min = issue.minimum;
      if (issue.origin === 'string')
        return Number(min) <= 1
          ? 'Ce champ est obligatoire.'
          : `Écrivez au moins ${plural(min, 'caractère', 'caractères')}.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `Indiquez au moins ${plural(min, 'élément', 'éléments')}.`;
      return `La valeur doit être ${issue.inclusive ? 'au moins' : 'plus grande que'} ${String(min)}.`;
    }
    case 'too_big': {
      const max = issue.maximum;
      if (issue.origin === 'string') return `${plural(max, 'caractère', 'caractères')} au maximum.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `${plural(max, 'élément', 'éléments')} au maximum.`;
      return `La valeur doit être ${issue.inclusive ? 'au plus' : 'plus petite que'} ${String(max)}.`;
    }
    case 'invalid_format':
      return FORMAT_SENTENCES[issue.format] ?? 'Ce champ n’est pas écrit comme attendu.';
    case 'not_multiple_of':
      return `La valeur doit être un multiple de ${String(issue.divisor)}.`;
    case 'unrecognized_keys':
      return `Champ inconnu : ${issue.keys.join(', ')}.`;
    default:
      return 'Ce champ est mal rempli.';
  }
}

/** For `z.config({ customError })`: the plain sentence, so every schema speaks the same way. */
export const plainFrenchErrorMap = (issue: Issue): string => plainFrenchMessage(issue);

export interface FieldIssue {
  /** The technical path, for programs: "body.phones.0.number". */
  path: string;
  /** The field as a form names it: "phones.0.number". */
  field: string;
  /** Its French label: "Téléphone 1". */
  label: string;
  /** A plain sentence, without the path: "« 12 » est trop court : …". */
  message: string;
}

/**
 * A validation issue for people: where (the field's label) and what (a sentence). `context` is
 * where the value came from (body, querystring, params).
 */
export function describeIssue(
  context: string,
  segments: readonly (string | number)[],
  message: string,
): FieldIssue {
  const field = segments.map(String).join('.');
  return {
    path: [context, ...segments.map(String)].filter(Boolean).join('.'),
    field,
    label: segments.length ? fieldLabel(segments) : 'Données envoyées',
    message,
  };
}
