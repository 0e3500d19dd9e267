/**
 * The values of a person's file the screens offer (statuses, reasons, LSNS-6 items). Plain lists
 * with no Zod: the web app imports them without bundling the schemas (ADR 0019).
 */
export const PERSON_STATUSES = [
  'referred',
  'evaluation_planned',
  'evaluated',
  'waiting',
  'active',
  'paused',
  'ended',
] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const PAUSE_REASONS = [
  'hospital',
  'holiday',
  'temporary_refusal',
  'family_stay',
  'other',
] as const;

export const END_REASONS = [
  'moved',
  'care_home',
  'deceased',
  'declined',
  'not_eligible',
  'no_longer_isolated',
  'other',
] as const;

export const LSNS6_ITEM_IDS = [
  'family_seen',
  'family_talk_private',
  'family_help',
  'friends_seen',
  'friends_talk_private',
  'friends_help',
] as const;
export type Lsns6ItemId = (typeof LSNS6_ITEM_IDS)[number];
