/**
 * Neighbour-help requests (issue 13): who posts them, by which channel, their urgency, status and
 * the life of each occurrence. Codes stored in the database; the screens read their French labels
 * from the catalogue, the server's messages from here. Pure.
 */
export const REQUEST_STATUSES = ['pending', 'open', 'closed', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const POSTED_BY = ['person', 'carer', 'staff'] as const;
export type PostedBy = (typeof POSTED_BY)[number];

export const REQUEST_CHANNELS = ['web', 'phone', 'staff'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

export const URGENCIES = ['normal', 'soon', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const RECURRENCES = ['once', 'weekly'] as const;

export const PLACES = ['home', 'other'] as const;

export const OCCURRENCE_STATUSES = ['open', 'cancelled', 'done', 'no_show'] as const;
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number];

/** Why one occurrence is cancelled; `series_ended` is written by the end of the series only. */
export const CANCEL_REASONS = [
  'not_needed',
  'person_away',
  'no_helper',
  'weather',
  'other',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number] | 'series_ended';

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

/** A request is listed by urgency first: urgent, then soon, then normal. */
export const URGENCY_RANK: Readonly<Record<Urgency, number>> = { urgent: 0, soon: 1, normal: 2 };
