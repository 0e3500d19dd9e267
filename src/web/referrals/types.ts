export const REFERRAL_STATUSES = [
  'submitted',
  'in_review',
  'accepted',
  'declined',
  'closed',
] as const;
export const URGENCIES = ['low', 'normal', 'urgent'] as const;
export const CONTACT_CONSENTS = ['person_agreed', 'carer_agreed', 'not_asked'] as const;

export interface Referral {
  id: string;
  createdAt: string;
  updatedAt?: string;
  partnerName?: string;
  lastName?: string;
  firstName?: string;
  birthDate?: string | null;
  street?: string | null;
  postalCode?: string | null;
  communeName?: string | null;
  phone?: string | null;
  reason?: string;
  urgency?: string;
  contactConsent?: string;
  status: string;
  statusNote?: string | null;
  personId?: string | null;
  submittedByName?: string | null;
}
