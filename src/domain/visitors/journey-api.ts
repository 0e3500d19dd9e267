/**
 * The journey routes' request and response schemas (ADR 0019): a visitor's stage and its history,
 * interviews, documents, applications (entered by staff or sent by the public form).
 */
import { z } from 'zod';
import { day, id, timestamp, type WireOf } from '../common/api.js';
import { email, isoDate, optionalText, postalCode, shortText } from '../common/schemas.js';
import { frenchPhoneSchema } from '../people/phone.js';
import { INTERVIEW_OUTCOMES, JOURNEY_STAGES } from './journey.js';
import { MOBILITIES, VISITOR_KINDS } from './values.js';

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

// ---------------------------------------------------------------- requests

export const journeyMoveSchema = z.object({
  stage: z.enum(JOURNEY_STAGES, { message: 'Étape du parcours inconnue.' }),
  /** The day it takes effect; today when absent. */
  effectiveOn: nullable(isoDate),
  reason: optionalText(500),
  /** A suspension's last day. */
  until: nullable(isoDate),
  comment: optionalText(2000),
});
export type JourneyMoveInput = z.infer<typeof journeyMoveSchema>;

export const interviewSchema = z.object({
  heldOn: isoDate,
  /** Who held it when it was not the user recording it (a volunteer of the board). */
  interviewerName: optionalText(120),
  outcome: z.enum(INTERVIEW_OUTCOMES, {
    message: 'Issue de l’entretien attendue : favorable, défavorable ou à poursuivre.',
  }),
  reason: optionalText(500),
});
export type InterviewInput = z.infer<typeof interviewSchema>;

export const documentSchema = z
  .object({
    kind: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,39}$/, { message: 'Type de document inconnu.' }),
    label: optionalText(80),
    version: optionalText(40),
    provider: optionalText(200),
    receivedOn: isoDate,
    expiresOn: nullable(isoDate),
  })
  .refine((d) => !d.expiresOn || d.expiresOn > d.receivedOn, {
    message: 'La fin de validité doit être après la date de réception.',
    path: ['expiresOn'],
  })
  .refine((d) => d.kind !== 'other' || (d.label?.length ?? 0) >= 2, {
    message: 'Nommez le document (autre document).',
    path: ['label'],
  });
export type DocumentInput = z.infer<typeof documentSchema>;

const contactRequired = (v: { email: string | null; phone: string | null }) =>
  v.email !== null || v.phone !== null;
const CONTACT_REQUIRED = 'Indiquez une adresse e-mail ou un numéro de téléphone.';

const applicationFields = {
  lastName: shortText(100),
  firstName: shortText(100),
  email: nullable(email),
  phone: nullable(frenchPhoneSchema),
  postalCode: postalCode,
  communeName: shortText(100),
  wish: shortText(1000),
  availability: shortText(500),
  mobility: z.enum(MOBILITIES, {
    message: 'Mode de déplacement attendu : à pied, vélo, transports en commun ou voiture.',
  }),
};

/** Entered by staff after a phone call. */
export const staffApplicationSchema = z
  .object({
    ...applicationFields,
    kind: z.enum(VISITOR_KINDS, {
      message: 'Type de visiteur attendu : salarié, bénévole ou service civique.',
    }),
    appliedOn: nullable(isoDate),
  })
  .refine(contactRequired, { message: CONTACT_REQUIRED, path: ['email'] });
export type StaffApplicationInput = z.infer<typeof staffApplicationSchema>;

/** The public form: no sign-in, a consent box, a field people never see (robots fill it). */
export const publicApplicationSchema = z
  .object({
    ...applicationFields,
    consent: z.literal(true, {
      message: 'Cochez la case pour accepter que vos informations soient enregistrées.',
    }),
    /** The honeypot: hidden from people; anything in it is a robot. */
    website: z.string().max(200).optional(),
  })
  .refine(contactRequired, { message: CONTACT_REQUIRED, path: ['email'] });
export type PublicApplicationInput = z.infer<typeof publicApplicationSchema>;

// ---------------------------------------------------------------- responses

const documentState = z.object({
  key: z.string(),
  label: z.string(),
  status: z.enum(['valid', 'expiring', 'expired', 'outdated', 'missing']),
  message: z.string().nullable(),
  document: z
    .object({
      version: z.string().nullable(),
      receivedOn: day,
      expiresOn: day.nullable(),
    })
    .nullable(),
});

const readinessView = z.object({
  ready: z.boolean(),
  reasons: z.array(z.string()).describe('Pourquoi il ne peut être proposé ni planifié'),
  warnings: z.array(z.string()).describe('Documents à renouveler bientôt'),
});

export const journeyView = z.object({
  visitorId: id,
  stage: z.enum(JOURNEY_STAGES),
  stageLabel: z.string(),
  nextStages: z.array(z.object({ stage: z.enum(JOURNEY_STAGES), label: z.string() })),
  appliedOn: day.nullable(),
  applicationSource: z.string().nullable(),
  applicationNote: z.string().nullable(),
  suspendedReason: z.string().nullable(),
  suspendedUntil: day.nullable(),
  endedReason: z.string().nullable(),
  endedOn: day.nullable(),
  steps: z.array(
    z.object({
      id: z.number().int(),
      fromStage: z.string().nullable(),
      toStage: z.string(),
      effectiveOn: day,
      reason: z.string().nullable(),
      comment: z.string().nullable(),
      changedBy: z.string().nullable().describe('Nom de la personne qui a fait le changement'),
      at: timestamp,
    }),
  ),
  interviews: z.array(
    z.object({
      id,
      heldOn: day,
      interviewer: z.string().nullable(),
      outcome: z.enum(INTERVIEW_OUTCOMES),
      reason: z.string().nullable(),
    }),
  ),
  required: z.array(documentState),
  documents: z.array(
    z.object({
      id,
      kind: z.string(),
      label: z.string(),
      version: z.string().nullable(),
      provider: z.string().nullable(),
      receivedOn: day,
      expiresOn: day.nullable(),
    }),
  ),
  readiness: readinessView,
  expiryWarningDays: z.number().int(),
});

export const journeyMovedView = z.object({
  id,
  stage: z.enum(JOURNEY_STAGES),
  affectedMatches: z
    .number()
    .int()
    .describe('Personnes suivies par ce visiteur (seul ou en binôme) : leurs suivis restent'),
  message: z.string().nullable(),
});

export const interviewRecordedView = z.object({
  id,
  stage: z.enum(JOURNEY_STAGES).describe('L’étape du parcours après cet entretien'),
});

export const applicationCreatedView = z.object({ id });
export const publicApplicationView = z.object({
  ok: z.literal(true),
  message: z.string(),
});
export const applicationFormView = z.object({
  organisationName: z.string(),
});

export type JourneyView = WireOf<typeof journeyView>;
export type JourneyMoved = WireOf<typeof journeyMovedView>;
export type PublicApplicationAnswer = WireOf<typeof publicApplicationView>;
export type ApplicationForm = WireOf<typeof applicationFormView>;
