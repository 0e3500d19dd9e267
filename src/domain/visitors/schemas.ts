/**
 * Input schemas for visitors, their weekly availability, their dated absences and their pairs
 * (binômes). Shared by the API, the import and the web app, so a value is accepted or refused
 * the same way whichever door it comes through. Messages are in French: they are shown to users.
 */
import { z } from 'zod';
import {
  email,
  isoDate,
  optionalText,
  shortText,
  tagList,
  timeOfDay,
  uuid,
} from '../common/schemas.js';
import { addressFields, GENDERS } from '../people/schemas.js';
import { frenchPhoneSchema } from '../people/phone.js';
import { ABSENCE_KINDS, MOBILITIES, VISITOR_KINDS } from './values.js';

export { VISITOR_KINDS };

// ---------------------------------------------------------------- enums and their labels

/** ISO weekdays, 1 = Monday. */
const WEEKDAY_LABELS: Readonly<Record<number, string>> = {
  1: 'Lundi',
  2: 'Mardi',
  3: 'Mercredi',
  4: 'Jeudi',
  5: 'Vendredi',
  6: 'Samedi',
  7: 'Dimanche',
};

const MAX_TRIP_MINUTES = { min: 5, max: 180 } as const;

// ---------------------------------------------------------------- visitor record

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

/** The visitors table has no address complement: the shared address fields minus that one. */
const { addressComplement: _noComplement, ...visitorAddressFields } = addressFields;

const visitorFields = {
  kind: z.enum(VISITOR_KINDS, {
    message: 'Type de visiteur attendu : salarié, bénévole ou service civique.',
  }),
  lastName: shortText(100),
  firstName: shortText(100),
  gender: nullable(z.enum(GENDERS, { message: 'Genre attendu : femme, homme ou autre.' })),
  email: nullable(email),
  phone: nullable(frenchPhoneSchema),
  commitmentStart: nullable(isoDate),
  commitmentEnd: nullable(isoDate),
  charterSignedOn: nullable(isoDate),
  insuranceProvider: optionalText(200),
  insuranceValidUntil: nullable(isoDate),
  ...visitorAddressFields,
  mobility: z.enum(MOBILITIES, {
    message: 'Mode de déplacement attendu : à pied, vélo, transports en commun ou voiture.',
  }),
  maxTripMinutes: z
    .number({ message: 'Durée de trajet attendue en minutes.' })
    .int('Durée de trajet attendue en minutes entières.')
    .min(
      MAX_TRIP_MINUTES.min,
      `Le trajet maximal va de ${MAX_TRIP_MINUTES.min} à ${MAX_TRIP_MINUTES.max} minutes.`,
    )
    .max(
      MAX_TRIP_MINUTES.max,
      `Le trajet maximal va de ${MAX_TRIP_MINUTES.min} à ${MAX_TRIP_MINUTES.max} minutes.`,
    ),
  interests: tagList,
  languages: tagList,
  localServiceId: nullable(uuid),
};

export const COMMITMENT_ORDER_MESSAGE = 'La fin de l’engagement ne peut pas précéder son début.';

/** End ≥ start when both are known (dates in AAAA-MM-JJ compare as strings). */
export const commitmentInOrder = (v: {
  commitmentStart?: string | null;
  commitmentEnd?: string | null;
}) => !v.commitmentStart || !v.commitmentEnd || v.commitmentEnd >= v.commitmentStart;

export const visitorCreateSchema = z
  .object({
    ...visitorFields,
    maxTripMinutes: visitorFields.maxTripMinutes.default(30),
    interests: tagList.default([]),
    languages: tagList.default([]),
  })
  .refine(commitmentInOrder, { message: COMMITMENT_ORDER_MESSAGE, path: ['commitmentEnd'] });
export type VisitorCreateInput = z.infer<typeof visitorCreateSchema>;

/** A partial update: only the fields sent change, so no defaults. The commitment order is also
 * checked by the service against the stored dates when only one of them is sent. */
export const visitorUpdateSchema = z
  .object(visitorFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Aucune modification envoyée.')
  .refine(commitmentInOrder, { message: COMMITMENT_ORDER_MESSAGE, path: ['commitmentEnd'] });
export type VisitorUpdateInput = z.infer<typeof visitorUpdateSchema>;

export const visitorEndSchema = z.object({
  endedOn: isoDate,
  /** The record has no column for it: the audit trail keeps that one was given (masked free text). */
  reason: optionalText(500),
});

// ---------------------------------------------------------------- weekly availability

const availabilitySlotSchema = z
  .object({
    weekday: z
      .number({ message: 'Jour de la semaine attendu (1 = lundi … 7 = dimanche).' })
      .int('Jour de la semaine attendu (1 = lundi … 7 = dimanche).')
      .min(1, 'Jour de la semaine attendu (1 = lundi … 7 = dimanche).')
      .max(7, 'Jour de la semaine attendu (1 = lundi … 7 = dimanche).'),
    startTime: timeOfDay,
    endTime: timeOfDay,
  })
  .refine((slot) => slot.startTime < slot.endTime, {
    message: 'L’heure de fin doit être après l’heure de début.',
    path: ['endTime'],
  });
export type AvailabilitySlot = z.infer<typeof availabilitySlotSchema>;

/** Two slots of the same day overlap; touching slots (10:00-12:00 and 12:00-14:00) do not. */
function findOverlap(
  slots: readonly AvailabilitySlot[],
): [AvailabilitySlot, AvailabilitySlot] | null {
  const sorted = [...slots].sort(
    (a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime),
  );
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (previous.weekday === current.weekday && current.startTime < previous.endTime)
      return [previous, current];
  }
  return null;
}

/** The whole weekly availability, replacing the previous one. */
export const availabilitySchema = z
  .object({
    slots: z.array(availabilitySlotSchema).max(50, '50 créneaux au maximum.'),
  })
  .superRefine((value, ctx) => {
    const overlap = findOverlap(value.slots);
    if (overlap) {
      const [a, b] = overlap;
      ctx.addIssue({
        code: 'custom',
        path: ['slots'],
        message: `Deux créneaux se chevauchent le ${WEEKDAY_LABELS[a.weekday]!.toLowerCase()} : ${a.startTime}-${a.endTime} et ${b.startTime}-${b.endTime}.`,
      });
    }
  });
export type AvailabilityInput = z.infer<typeof availabilitySchema>;

// ---------------------------------------------------------------- dated absences

export const absenceSchema = z
  .object({
    kind: z.enum(ABSENCE_KINDS, {
      message: 'Type d’absence attendu : formation, congé, arrêt maladie ou autre.',
    }),
    startsOn: isoDate,
    endsOn: isoDate,
    note: optionalText(500),
  })
  .refine((v) => v.startsOn <= v.endsOn, {
    message: 'La fin de l’absence ne peut pas précéder son début.',
    path: ['endsOn'],
  });
export type AbsenceInput = z.infer<typeof absenceSchema>;

// ---------------------------------------------------------------- pairs (binômes)

export const pairCreateSchema = z
  .object({
    visitorAId: uuid,
    visitorBId: uuid,
    formedOn: isoDate,
  })
  .refine((v) => v.visitorAId !== v.visitorBId, {
    message: 'Un binôme réunit deux visiteurs différents.',
    path: ['visitorBId'],
  });
export type PairCreateInput = z.infer<typeof pairCreateSchema>;

export const pairDissolveSchema = z
  .object({
    dissolvedOn: isoDate,
    reason: shortText(500),
    /** Where the people the pair visits go: another active pair or a visitor alone. */
    reassignTo: z
      .object({ pairId: nullable(uuid), visitorId: nullable(uuid) })
      .refine((v) => (v.pairId === null) !== (v.visitorId === null), {
        message: 'Choisissez soit un binôme, soit un visiteur seul pour reprendre les visites.',
      })
      .nullish()
      .transform((v) => v ?? null),
    /** Or: end the visits of the people the pair visits. */
    endAssignments: z.boolean().default(false),
  })
  .refine((v) => !(v.reassignTo && v.endAssignments), {
    message:
      'Choisissez soit de confier les personnes à un autre binôme ou visiteur, soit d’arrêter leurs visites, pas les deux.',
    path: ['endAssignments'],
  });
export type PairDissolveInput = z.infer<typeof pairDissolveSchema>;
