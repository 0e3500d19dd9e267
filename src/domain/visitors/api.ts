/** What the visitors and pairs routes answer (their `schema.response`). */
import { z } from 'zod';
import { PERSON_STATUSES } from '../admission/lifecycle.js';
import { day, id, timestamp, type WireOf } from '../common/api.js';

// ---------------------------------------------------------------- answers

const member = z.object({ id, firstName: z.string(), lastName: z.string() });

/** A line of the visitors list, with the current pair and partner (names only). */
export const visitorListItem = z.object({
  id,
  kind: z.string().describe('employed_young, volunteer ou civic_service'),
  lastName: z.string(),
  firstName: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeName: z.string().nullable(),
  localServiceId: id.nullable(),
  locationStatus: z.string(),
  mobility: z.string().describe('foot, bike, public_transport ou car'),
  maxTripMinutes: z.number().int(),
  commitmentEnd: day.nullable(),
  endedOn: day.nullable(),
  journeyStage: z
    .string()
    .describe('applied, interview, checks, training, active, suspended ou ended'),
  pair: z
    .object({ pairId: id, formedOn: day, partner: member })
    .nullable()
    .describe('Le binôme actuel, ou null'),
});

/** The visitor's record (every column but the import key). */
const visitorRecord = z.object({
  id,
  organisationId: id,
  localServiceId: id.nullable(),
  kind: z.string().describe('employed_young, volunteer ou civic_service'),
  lastName: z.string(),
  firstName: z.string(),
  gender: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  commitmentStart: day.nullable(),
  commitmentEnd: day.nullable(),
  charterSignedOn: day.nullable(),
  insuranceProvider: z.string().nullable(),
  insuranceValidUntil: day.nullable(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeName: z.string().nullable(),
  inseeCode: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  locationStatus: z.string(),
  locationPrecision: z.string().nullable(),
  locationNote: z.string().nullable(),
  mobility: z.string().describe('foot, bike, public_transport ou car'),
  maxTripMinutes: z.number().int(),
  capacity: z.number().int().describe('Personnes suivies à la fois quand le bénévole visite seul'),
  interests: z.array(z.string()),
  languages: z.array(z.string()),
  endedOn: day.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const slot = z.object({
  weekday: z.number().int().describe('Jour ISO, 1 = lundi'),
  startTime: z.string().describe('HH:MM'),
  endTime: z.string().describe('HH:MM'),
});

/** The visitor's file: the record, availability, absences, pair history, people visited now. */
export const visitorFile = z.object({
  visitor: visitorRecord,
  availability: z.array(slot.extend({ id })),
  absences: z.array(
    z.object({
      id,
      kind: z.string().describe('training, leave, sick ou other'),
      startsOn: day,
      endsOn: day,
      note: z.string().nullable(),
      createdAt: timestamp,
    }),
  ),
  pairs: z.array(
    z.object({
      id,
      formedOn: day,
      dissolvedOn: day.nullable(),
      dissolutionReason: z.string().nullable(),
      active: z.boolean(),
      partner: member,
    }),
  ),
  people: z.array(
    z.object({
      id,
      firstName: z.string(),
      lastName: z.string(),
      status: z.enum(PERSON_STATUSES).nullable(),
      via: z.enum(['pair', 'alone']),
      since: day,
    }),
  ),
});

/** What a change of the record answers: where the address was located. */
export const visitorLocated = z.object({
  id,
  locationStatus: z.string(),
  locationNote: z.string().nullable(),
});

export const pairListItem = z.object({
  id,
  localServiceId: id.nullable(),
  formedOn: day,
  dissolvedOn: day.nullable(),
  dissolutionReason: z.string().nullable(),
  active: z.boolean(),
  visitorA: member,
  visitorB: member,
  peopleCount: z.number().int().describe('Personnes suivies aujourd’hui par le binôme'),
});

export const availabilityView = z.object({ slots: z.array(slot) });

export const absenceDeletedView = z.object({ id, deleted: z.literal(true) });

export const visitorEndedView = z.object({ id, endedOn: day.nullable() });

export const pairDissolvedView = z.object({
  id,
  dissolvedOn: day.nullable(),
  movedPeople: z.number().int().describe('Personnes confiées à un autre binôme ou visiteur'),
  endedAssignments: z.number().int().describe('Suivis arrêtés'),
});

// ---------------------------------------------------------------- what the web app reads

export type VisitorListItem = WireOf<typeof visitorListItem>;
export type VisitorFile = WireOf<typeof visitorFile>;
export type PairListItem = WireOf<typeof pairListItem>;
