/**
 * Input schemas for people accompanied: used by the API, the import and the web app, so a value
 * is accepted or refused the same way whichever door it comes through.
 */
import { z } from 'zod';
import {
  email,
  inseeCode,
  isoDate,
  longText,
  optionalText,
  postalCode,
  shortText,
  tagList,
  uuid,
} from '../common/schemas.js';
import { frenchPhoneSchema } from './phone.js';
import { serviceToday } from '../common/calendar.js';
import { FORMS_OF_ADDRESS } from '../common/french.js';

/** "madame" | "monsieur" | null (not known: neutral wording). */
export const formOfAddress = z
  .enum(FORMS_OF_ADDRESS, { message: 'Choisissez Madame, Monsieur ou « non précisé ».' })
  .nullish()
  .transform((v) => v ?? null);
import { CONSENT_GIVERS, CONSENT_METHODS, GENDERS, RELATIONSHIPS } from './values.js';

export { CONSENT_GIVERS, CONSENT_METHODS, GENDERS, RELATIONSHIPS };

export const RELATIONSHIP_LABELS: Record<(typeof RELATIONSHIPS)[number], string> = {
  child: 'Enfant',
  spouse: 'Conjoint(e)',
  sibling: 'Frère ou sœur',
  grandchild: 'Petit-enfant',
  neighbour: 'Voisin(e)',
  friend: 'Ami(e)',
  carer: 'Aidant(e)',
  guardian: 'Tuteur / curateur',
  doctor: 'Médecin',
  other: 'Autre',
};

/** A birth date must be a real past date, and plausibly that of a living person. */
export const birthDate = isoDate.refine(
  (value) => value >= '1900-01-01' && value <= serviceToday(),
  'La date de naissance doit être passée et postérieure à 1900.',
);

const phoneEntrySchema = z.object({
  number: frenchPhoneSchema,
  label: optionalText(40),
});

const contactSchema = z.object({
  name: shortText(120),
  relationship: z.enum(RELATIONSHIPS),
  phone: frenchPhoneSchema.nullish().transform((v) => v ?? null),
  email: email.nullish().transform((v) => v ?? null),
  isEmergencyContact: z.boolean().default(false),
  notes: longText(500),
});

const preferencesSchema = z.object({
  /** ISO weekdays, 1 = Monday. */
  days: z.array(z.number().int().min(1).max(7)).max(7).default([]),
  periods: z
    .array(z.enum(['morning', 'afternoon']))
    .max(2)
    .default([]),
  visitorGender: z.enum(['female', 'male']).nullable().default(null),
  notes: optionalText(500),
});

export const addressFields = {
  street: optionalText(200),
  addressComplement: optionalText(200),
  postalCode: postalCode.nullish().transform((v) => v ?? null),
  communeName: optionalText(100),
  inseeCode: inseeCode.nullish().transform((v) => v ?? null),
};

const personFields = {
  lastName: shortText(100),
  birthName: optionalText(100),
  firstName: shortText(100),
  birthDate: birthDate.nullish().transform((v) => v ?? null),
  formOfAddress: formOfAddress,
  gender: z
    .enum(GENDERS)
    .nullish()
    .transform((v) => v ?? null),
  ...addressFields,
  email: email.nullish().transform((v) => v ?? null),
  phones: z.array(phoneEntrySchema).max(5, '5 numéros au maximum.'),
  livesAlone: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
  apa: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
  gir: z
    .number()
    .int()
    .min(1, 'Le GIR va de 1 à 6.')
    .max(6, 'Le GIR va de 1 à 6.')
    .nullish()
    .transform((v) => v ?? null),
  teleAssistance: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
  interests: tagList,
  languages: tagList,
  preferences: preferencesSchema,
  practicalNotes: longText(2000),
  referralSource: optionalText(200),
  localServiceId: uuid.nullish().transform((v) => v ?? null),
};

export const personCreateSchema = z.object({
  ...personFields,
  phones: personFields.phones.default([]),
  interests: tagList.default([]),
  languages: tagList.default([]),
  preferences: preferencesSchema.default({
    days: [],
    periods: [],
    visitorGender: null,
    notes: null,
  }),
  contacts: z.array(contactSchema).max(10, '10 contacts au maximum.').default([]),
  /** Set after the user has seen the duplicate warning and confirmed it is another person. */
  confirmNotDuplicate: z.boolean().default(false),
});
export type PersonCreateInput = z.infer<typeof personCreateSchema>;

/** A partial update: only the fields sent change (so no defaults here); contacts, when sent,
 * replace the list. */
export const personUpdateSchema = z
  .object({ ...personFields, contacts: z.array(contactSchema).max(10) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Aucune modification envoyée.');
export type PersonUpdateInput = z.infer<typeof personUpdateSchema>;
