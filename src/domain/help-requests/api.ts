/** Response schemas of the neighbour-help requests' routes (ADR 0019), and their wire types. */
import { z } from 'zod';
import { day, id, pageOf, timestamp, type WireOf } from '../common/api.js';

const occurrenceView = z.object({
  id,
  date: day,
  startTime: z.string().describe('HH:MM'),
  endTime: z.string().describe('HH:MM'),
  status: z.string(),
  cancelReason: z.string().nullable(),
  cancelledAt: timestamp.nullable(),
  cancelledByName: z.string().nullable(),
});

const requestSummary = {
  id,
  status: z.string(),
  channel: z.string(),
  postedBy: z.string(),
  helpKind: z.string(),
  urgency: z.string(),
  recurrence: z.string(),
  startsOn: day,
  endsOn: day.nullable(),
  weekday: z.number().int().nullable(),
  startTime: z.string(),
  endTime: z.string(),
  communeName: z.string().nullable(),
  personId: id.nullable(),
  /** The person's name on their file, or the name typed on the public page before the link. */
  personName: z.string().nullable(),
  nextOccurrenceOn: day.nullable(),
  createdAt: timestamp,
};

export const requestPage = pageOf(z.object(requestSummary));

export const requestView = z.object({
  ...requestSummary,
  seniorName: z.string().nullable(),
  seniorPhone: z.string().nullable(),
  personContactId: id.nullable(),
  carerName: z.string().nullable(),
  carerPhone: z.string().nullable(),
  carerRelationship: z.string().nullable(),
  takenByName: z.string().nullable(),
  consentToContact: z.boolean(),
  consentRecordedAt: timestamp.nullable(),
  consentRecordedByName: z.string().nullable(),
  description: z.string().nullable(),
  place: z.string(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  destination: z.string().nullable(),
  closedAt: timestamp.nullable(),
  occurrences: z.array(occurrenceView),
});

/** Who may be calling: the people and the carers with that number in the organisation. */
export const callerView = z.object({
  phone: z.string().describe('Le numéro lu, au format national'),
  people: z.array(
    z.object({
      id,
      firstName: z.string(),
      lastName: z.string(),
      communeName: z.string().nullable(),
      status: z.string().nullable(),
    }),
  ),
  carers: z.array(
    z.object({
      id,
      name: z.string(),
      relationship: z.string(),
      personId: id,
      personFirstName: z.string(),
      personLastName: z.string(),
      personCommuneName: z.string().nullable(),
    }),
  ),
});

export const helpRequestFormView = z.object({
  organisationName: z.string(),
  helpKinds: z
    .array(z.object({ code: z.string(), label: z.string() }))
    .describe('Les types d’aide actifs de l’association, dans son ordre'),
});

export const publicRequestView = z.object({ ok: z.literal(true), message: z.string() });

export type HelpOccurrence = WireOf<typeof occurrenceView>;
export type HelpRequestPage = WireOf<typeof requestPage>;
export type HelpRequest = WireOf<typeof requestView>;
export type CallerMatches = WireOf<typeof callerView>;
export type HelpRequestForm = WireOf<typeof helpRequestFormView>;
