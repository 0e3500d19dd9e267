/**
 * The values a referral takes, and where its status may go: the server checks them, the web app
 * offers only what the server accepts (one list, so the two cannot drift).
 */
export const REFERRAL_URGENCIES = ['low', 'normal', 'urgent'] as const;

export const CONTACT_CONSENTS = ['person_agreed', 'carer_agreed', 'not_asked'] as const;

export const REFERRAL_STATUSES = [
  'submitted',
  'in_review',
  'accepted',
  'declined',
  'closed',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Where a referral may go from each status. "declined" may be reconsidered. */
export const NEXT_STATUSES: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  submitted: ['in_review', 'accepted', 'declined', 'closed'],
  in_review: ['accepted', 'declined', 'closed'],
  accepted: ['closed'],
  declined: ['in_review', 'closed'],
  closed: [],
};
