/**
 * The kinds of neighbour help a request may ask for (issue 13). Each organisation keeps its own
 * list (`help_kinds`, ADR 0033: the defaults of src/domain/neighbours/model.ts, then its own); a
 * request's kind must be one of its active kinds, and `checkHelpKind` is the one place that says so.
 */
import { DEFAULT_HELP_KINDS, HELP_KIND_CODE, type HelpKind } from '../neighbours/model.js';

/** Kinds that take the person somewhere: the request names a destination. */
export const KINDS_WITH_DESTINATION: readonly string[] = ['appointment'];

/** A code's shape (the list itself is the organisation's, checked by the service). */
export const isHelpKindCode = (code: string) => HELP_KIND_CODE.test(code);

/**
 * The refusal of a kind that is not one of the organisation's active kinds (null when it is), in
 * French, naming the kinds it can choose from.
 */
export function checkHelpKind(code: string, kinds: readonly HelpKind[]): string | null {
  const active = kinds.filter((k) => k.active);
  if (active.some((k) => k.code === code)) return null;
  return `Type d’aide inconnu. Types possibles : ${active.map((k) => k.label).join(', ')}.`;
}

/** A kind's label in the organisation's list; a default's label, or the code, for one gone. */
export function helpKindLabel(code: string, kinds: readonly { code: string; label: string }[]) {
  return (
    kinds.find((k) => k.code === code)?.label ??
    DEFAULT_HELP_KINDS.find((k) => k.code === code)?.label ??
    code
  );
}
