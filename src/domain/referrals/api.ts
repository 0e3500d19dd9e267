/** What the referral routes answer (their `schema.response`): the staff's view and the partner's. */
import { z } from 'zod';
import { day, id, timestamp, type WireOf } from '../common/api.js';

// ---------------------------------------------------------------- answers

const statusFields = {
  id,
  status: z.string().describe('submitted, in_review, accepted, declined ou closed'),
  statusLabel: z.string().describe('Le statut, en français'),
  createdAt: timestamp,
  updatedAt: timestamp,
};

/**
 * What a partner sees (`partnerView`): the status, the coordinator's note (null once the person
 * withdrew their consent to data sharing), the dates and the identity they sent. Nothing more.
 */
const partnerReferral = z
  .object({
    ...statusFields,
    statusNote: z.string().nullable().describe('Le mot du coordinateur au partenaire'),
    lastName: z.string(),
    firstName: z.string(),
    birthDate: day.nullable(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    communeName: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .describe('Vue du partenaire qui a fait le signalement');

/** A line of the list for the staff (coordinators, operators, administrators). */
const staffReferralListItem = z
  .object({
    ...statusFields,
    urgency: z.string().describe('low, normal ou urgent'),
    partnerName: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    birthDate: day.nullable(),
    communeName: z.string().nullable(),
    contactConsent: z.string().describe('person_agreed, carer_agreed ou not_asked'),
    personId: id.nullable(),
  })
  .describe('Vue de l’équipe');

/** The whole referral, for the staff (`staffView`). */
const staffReferral = z
  .object({
    ...statusFields,
    organisationId: id,
    submittedBy: id.describe('Le compte qui a fait le signalement'),
    partnerName: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    birthDate: day.nullable(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    communeName: z.string().nullable(),
    phone: z.string().nullable(),
    reason: z.string(),
    urgency: z.string().describe('low, normal ou urgent'),
    contactConsent: z.string().describe('person_agreed, carer_agreed ou not_asked'),
    statusNote: z.string().nullable(),
    personId: id.nullable().describe('La fiche ouverte ou rattachée à l’acceptation'),
  })
  .describe('Vue de l’équipe');

// The staff shape first: it names fields the partner's lacks, so a partner's answer never matches
// it and is encoded by the partner's schema (which sends only what a partner may see).
export const referralListItem = z.union([staffReferralListItem, partnerReferral]);
export const referralAnswer = z.object({ referral: z.union([staffReferral, partnerReferral]) });

export const referralCreatedView = z.object({ id, status: z.string() });

export const referralProcessedView = z.object({ id, status: z.string(), personId: id.nullable() });

// ---------------------------------------------------------------- what the web app reads

export type ReferralListItem = WireOf<typeof referralListItem>;
export type ReferralAnswer = WireOf<typeof referralAnswer>;
export type ReferralProcessed = WireOf<typeof referralProcessedView>;
