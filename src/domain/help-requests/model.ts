/**
 * Neighbour-help requests (issue 13): who posts them, their urgency, status and the life of each
 * occurrence. Codes stored in the database (their checks are in migration 0028); the screens read
 * their French labels from the catalogue. Pure.
 */
export const REQUEST_STATUSES = ['pending', 'open', 'closed', 'cancelled'] as const;

/** Server-side wording (the right-of-access export); the screens read the catalogue. */
export const REQUEST_STATUS_LABELS: Readonly<Record<string, string>> = {
  pending: 'Reçue, à rattacher au dossier',
  open: 'Ouverte',
  closed: 'Close',
  cancelled: 'Annulée',
};

export const URGENCIES = ['normal', 'soon', 'urgent'] as const;

export const RECURRENCES = ['once', 'weekly'] as const;

export const PLACES = ['home', 'other'] as const;

/** Why one occurrence is cancelled; `series_ended` is written by the end of the series only. */
export const CANCEL_REASONS = [
  'not_needed',
  'person_away',
  'no_helper',
  'weather',
  'other',
] as const;

/** Carers who may post for the senior (the relationships of `person_contacts`). */
export const CARER_RELATIONSHIPS = [
  'child',
  'spouse',
  'sibling',
  'grandchild',
  'neighbour',
  'friend',
  'carer',
  'guardian',
  'other',
] as const;

/** A description is short and factual: no health details (CNIL reminder shown where it is typed). */
export const DESCRIPTION_MAX = 500;
