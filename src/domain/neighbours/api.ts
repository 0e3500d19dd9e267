/**
 * The neighbour-help routes' request and response schemas (ADR 0019, ADR 0033): the help kinds of
 * an organisation, a neighbour's offer on the visitor's file, the neighbours list, the sign-up by
 * staff after a phone call and by the public page.
 */
import { z } from 'zod';
import { id, pageOf, type WireOf } from '../common/api.js';
import {
  email,
  isoDate,
  optionalText,
  pagination,
  postalCode,
  shortText,
} from '../common/schemas.js';
import { frenchPhoneSchema } from '../people/phone.js';
import { JOURNEY_STAGES } from '../visitors/journey.js';
import {
  DAY_PERIODS,
  MAX_DISTANCE_KM,
  MAX_DISTANCE_MESSAGE,
  MAX_WEEKLY_LIMIT,
  NOTIFY_CHANNELS,
  VISITOR_ROLES,
  WEEKLY_LIMIT_MESSAGE,
} from './model.js';

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

// ---------------------------------------------------------------- requests

const code = z
  .string({ message: 'Type d’aide attendu.' })
  .trim()
  .max(40, 'Type d’aide inconnu.')
  .min(1, 'Type d’aide inconnu.');

export const helpKindCreateSchema = z.object({ label: shortText(80) });
export type HelpKindCreateInput = z.infer<typeof helpKindCreateSchema>;

export const helpKindUpdateSchema = z
  .object({
    label: shortText(80).optional(),
    active: z.boolean({ message: 'Actif : oui ou non.' }).optional(),
    position: z
      .number({ message: 'Position attendue.' })
      .int('Position attendue.')
      .min(1, 'Position attendue.')
      .max(999, 'Position attendue.')
      .optional(),
  })
  .refine((v) => v.label !== undefined || v.active !== undefined || v.position !== undefined, {
    message: 'Rien à modifier : indiquez un libellé, l’activation ou la position.',
  });
export type HelpKindUpdateInput = z.infer<typeof helpKindUpdateSchema>;

const offerFields = {
  offers: z
    .array(code, { message: 'Choisissez au moins un type d’aide proposé.' })
    .min(1, 'Choisissez au moins un type d’aide proposé.')
    .max(30, '30 types d’aide au maximum.')
    .transform((values) => [...new Set(values)]),
  maxDistanceKm: z
    .number({ message: MAX_DISTANCE_MESSAGE })
    .int(MAX_DISTANCE_MESSAGE)
    .min(1, MAX_DISTANCE_MESSAGE)
    .max(MAX_DISTANCE_KM, MAX_DISTANCE_MESSAGE),
  weeklyLimit: z
    .number({ message: WEEKLY_LIMIT_MESSAGE })
    .int(WEEKLY_LIMIT_MESSAGE)
    .min(1, WEEKLY_LIMIT_MESSAGE)
    .max(MAX_WEEKLY_LIMIT, WEEKLY_LIMIT_MESSAGE)
    .default(2),
  notifyBy: z.enum(NOTIFY_CHANNELS, {
    message: 'Comment être prévenu : par e-mail, par SMS ou par un appel de l’animateur.',
  }),
};

/** A neighbour's offer, on the visitor's file (staff). */
export const neighbourProfileSchema = z.object({
  ...offerFields,
  notes: optionalText(1000),
  /** Also visits (proposed by the matching, planned); absent: unchanged (a new neighbour: no). */
  alsoVisits: z.boolean({ message: 'Fait aussi des visites : oui ou non.' }).nullish(),
});
export type NeighbourProfileInput = z.infer<typeof neighbourProfileSchema>;

const periodSchema = z.object({
  weekday: z
    .number({ message: 'Jour de la semaine attendu (1 = lundi … 7 = dimanche).' })
    .int('Jour de la semaine attendu (1 = lundi … 7 = dimanche).')
    .min(1, 'Jour de la semaine attendu (1 = lundi … 7 = dimanche).')
    .max(7, 'Jour de la semaine attendu (1 = lundi … 7 = dimanche).'),
  period: z.enum(DAY_PERIODS, { message: 'Moment attendu : matin, après-midi ou soir.' }),
});

const signUpFields = {
  lastName: shortText(100),
  firstName: shortText(100),
  email: nullable(email),
  phone: nullable(frenchPhoneSchema),
  street: optionalText(200),
  postalCode,
  communeName: shortText(100),
  ...offerFields,
  periods: z
    .array(periodSchema, { message: 'Indiquez quand vous êtes disponible.' })
    .min(1, 'Indiquez au moins un moment où vous êtes disponible.')
    .max(21, 'Indiquez au plus 21 moments.'),
  note: optionalText(1000),
};

/** Signed up by staff after a phone call. */
export const neighbourStaffSignUpSchema = z.object({
  ...signUpFields,
  appliedOn: nullable(isoDate),
});
export type NeighbourStaffSignUpInput = z.infer<typeof neighbourStaffSignUpSchema>;

/** The public page: no sign-in, a consent box, a field people never see (robots fill it). */
export const neighbourPublicSignUpSchema = z.object({
  ...signUpFields,
  consent: z.literal(true, {
    message: 'Cochez la case pour accepter que vos informations soient enregistrées.',
  }),
  /** The honeypot: hidden from people; anything in it is a robot. */
  website: z.string().max(200).optional(),
});
export type NeighbourPublicSignUpInput = z.infer<typeof neighbourPublicSignUpSchema>;
export type NeighbourSignUpInput = Omit<NeighbourStaffSignUpInput, 'appliedOn'>;

export const neighbourListQuery = pagination.extend({
  helpKind: z.string().trim().max(40).optional(),
  commune: z.string().trim().max(100).optional(),
  stage: z.enum(JOURNEY_STAGES, { message: 'Étape du parcours inconnue.' }).optional(),
});
export type NeighbourListQuery = z.infer<typeof neighbourListQuery>;

// ---------------------------------------------------------------- responses

export const helpKindView = z.object({
  id,
  code: z.string(),
  label: z.string(),
  active: z.boolean(),
  position: z.number().int(),
});
export const helpKindsView = z.object({ items: z.array(helpKindView) });

const offer = z.object({ code: z.string(), label: z.string() });
const validationView = z.object({
  validated: z.boolean().describe('Peut être sollicité pour aider aujourd’hui'),
  reasons: z.array(z.string()),
  warnings: z.array(z.string()),
});

const neighbourListItem = z.object({
  id,
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeName: z.string().nullable(),
  journeyStage: z.enum(JOURNEY_STAGES),
  stageLabel: z.string(),
  offers: z.array(offer),
  maxDistanceKm: z.number().int(),
  weeklyLimit: z.number().int(),
  notifyBy: z.enum(NOTIFY_CHANNELS),
  validated: z.boolean(),
});
export const neighbourPage = pageOf(neighbourListItem);

export const neighbourView = z.object({
  visitorId: id,
  roles: z.array(z.enum(VISITOR_ROLES)),
  profile: z
    .object({
      offers: z.array(offer),
      maxDistanceKm: z.number().int(),
      weeklyLimit: z.number().int(),
      notifyBy: z.enum(NOTIFY_CHANNELS),
      notes: z.string().nullable(),
    })
    .nullable(),
  home: z.object({
    communeName: z.string().nullable(),
    located: z.boolean().describe('L’adresse est localisée : la distance peut être calculée'),
  }),
  availability: z.array(
    z.object({ weekday: z.number().int(), startTime: z.string(), endTime: z.string() }),
  ),
  validation: validationView,
});

export const neighbourSavedView = z.object({
  visitorId: id,
  roles: z.array(z.enum(VISITOR_ROLES)),
});

export const neighbourSignedUpView = z.object({ id });
export const neighbourPublicSignedUpView = z.object({ ok: z.literal(true), message: z.string() });
export const neighbourFormView = z.object({
  organisationName: z.string(),
  helpKinds: z.array(offer),
});

export type HelpKindItem = WireOf<typeof helpKindView>;
export type NeighbourListItem = WireOf<typeof neighbourPage>['items'][number];
export type NeighbourView = WireOf<typeof neighbourView>;
export type NeighbourForm = WireOf<typeof neighbourFormView>;
export type NeighbourPublicAnswer = WireOf<typeof neighbourPublicSignedUpView>;
