/**
 * The kinds of neighbour help a request may ask for (issue 13). Each organisation will keep its
 * own list (`help_kinds`, built elsewhere); until it is plugged in, a request's kind is a code
 * checked against these defaults, and `isKnownHelpKind` is the one place that decides: the
 * organisation's own codes are passed as `extraCodes`.
 */
export const DEFAULT_HELP_KINDS = [
  'shopping',
  'appointment',
  'company',
  'phone_calls',
  'small_repairs',
  'gardening',
  'paperwork',
  'digital_help',
] as const;
export type DefaultHelpKind = (typeof DEFAULT_HELP_KINDS)[number];

/** Server-side wording (error messages); the screens read the same codes from the catalogue. */
export const HELP_KIND_LABELS: Readonly<Record<DefaultHelpKind, string>> = {
  shopping: 'Courses',
  appointment: 'Transport ou accompagnement à un rendez-vous',
  company: 'Compagnie',
  phone_calls: 'Appels de convivialité',
  small_repairs: 'Petits travaux',
  gardening: 'Jardinage',
  paperwork: 'Démarches administratives',
  digital_help: 'Aide au numérique',
};

/** Kinds that take the person somewhere: the request names a destination. */
export const KINDS_WITH_DESTINATION: readonly string[] = ['appointment'];

/** Whether `code` is a kind of help: one of the defaults or of the organisation's own codes. */
export function isKnownHelpKind(code: string, extraCodes: readonly string[] = []): boolean {
  return (DEFAULT_HELP_KINDS as readonly string[]).includes(code) || extraCodes.includes(code);
}
