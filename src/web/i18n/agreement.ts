/**
 * Texts that agree with a person's form of address (madame → feminine, monsieur → masculine,
 * unknown → neutral wording): role names, "née", "prévenue". The words are in the catalogue.
 */
import { agree, type FormOfAddress } from '../../domain/common/french.js';
import { t, type MessageKey, type Params } from './fr.js';

type Form = FormOfAddress | string | null | undefined;

const asForm = (form: Form): FormOfAddress | null =>
  form === 'madame' || form === 'monsieur' ? form : null;

/** A text in three forms: `key` (masculine), `keyFeminine` and `keyNeutral`. */
export function tAgreed(
  keys: { masculine: MessageKey; feminine: MessageKey; neutral: MessageKey },
  form: Form,
  params?: Params,
): string {
  return t(agree(asForm(form), keys), params);
}

/** "Coordinatrice", "Coordinateur", or the function ("Coordination") when the form is unknown. */
export function roleName(role: string, form: Form): string {
  return tAgreed(
    {
      masculine: `role.${role}` as MessageKey,
      feminine: `roleFeminine.${role}` as MessageKey,
      neutral: `roleNeutral.${role}` as MessageKey,
    },
    form,
  );
}

/** The roles of an account, agreed, joined by commas. */
export function roleNames(roles: readonly string[], form: Form): string {
  return roles.map((role) => roleName(role, form)).join(', ');
}

/** "(née Garnier)", "(né Garnier)", "(nom de naissance : Garnier)". */
export function bornName(name: string, form: Form): string {
  return tAgreed(
    {
      masculine: 'people.bornName',
      feminine: 'people.bornNameFeminine',
      neutral: 'people.bornNameNeutral',
    },
    form,
    { name },
  );
}

/** "née le 02/03/1940", "né le …", "date de naissance : …". */
export function bornOn(date: string, form: Form): string {
  return tAgreed(
    {
      masculine: 'duplicates.born',
      feminine: 'duplicates.bornFeminine',
      neutral: 'duplicates.bornNeutral',
    },
    form,
    { date },
  );
}
