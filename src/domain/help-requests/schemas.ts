/**
 * Input schemas of neighbour-help requests, with their French messages: the API and the web forms
 * refuse the same things. Time-dependent rules read a clock given to the schema factory (the
 * routes use the real one; the tests give a fixed instant).
 *
 *   - a kind of help is chosen (whether it is one of the organisation's active kinds is the
 *     service's check, `checkHelpKind`: the list is in the database);
 *   - the first date is today or later, within a year; a series' end is not before its start;
 *   - the time window ends after it starts;
 *   - the person agreed to be put in touch with a neighbour (required to publish);
 *   - phones are phones (any French way of writing them), stored in E.164.
 */
import { z } from 'zod';
import { addDays, serviceToday } from '../common/calendar.js';
import {
  isoDate,
  optionalText,
  pagination,
  postalCode,
  shortText,
  timeOfDay,
  uuid,
} from '../common/schemas.js';
import { frenchPhoneSchema } from '../people/phone.js';
import { isHelpKindCode, KINDS_WITH_DESTINATION } from './kinds.js';
import {
  CANCEL_REASONS,
  CARER_RELATIONSHIPS,
  DESCRIPTION_MAX,
  PLACES,
  RECURRENCES,
  REQUEST_STATUSES,
  URGENCIES,
} from './model.js';

type Clock = () => Date;
const realClock: Clock = () => new Date();

/** A request further away than this is not neighbour help yet. */
const MAX_DAYS_AHEAD = 365;

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

const helpKind = z
  .string({ message: 'Choisissez le type d’aide demandée.' })
  .trim()
  .max(60, 'Type d’aide inconnu.');

const phone = nullable(frenchPhoneSchema);

const scheduleFields = {
  recurrence: z.enum(RECURRENCES, {
    message: 'Indiquez si l’aide est ponctuelle ou chaque semaine.',
  }),
  startsOn: isoDate,
  endsOn: nullable(isoDate),
  startTime: timeOfDay,
  endTime: timeOfDay,
};

const whereFields = {
  place: z.enum(PLACES, { message: 'Indiquez où l’aide a lieu : au domicile ou ailleurs.' }),
  street: optionalText(200),
  postalCode: nullable(postalCode),
  communeName: optionalText(100),
  destination: optionalText(300),
};

const requestFields = {
  helpKind,
  description: optionalText(DESCRIPTION_MAX),
  urgency: z.enum(URGENCIES, { message: 'Urgence attendue : normale, bientôt ou urgente.' }),
  consentToContact: z.boolean({
    message: 'Indiquez si la personne est d’accord pour être mise en relation.',
  }),
  ...whereFields,
  ...scheduleFields,
};

type RequestFields = z.output<z.ZodObject<typeof requestFields>>;

/** The rules every request shares: kind, dates, times, place, consent. */
function checkRequest(entry: RequestFields, issues: z.RefinementCtx, now: Date) {
  const add = (path: string, message: string) =>
    issues.addIssue({ code: 'custom', path: [path], message });
  if (entry.helpKind === '') add('helpKind', 'Choisissez le type d’aide demandée.');
  else if (!isHelpKindCode(entry.helpKind)) add('helpKind', 'Type d’aide inconnu.');
  const today = serviceToday(now);
  if (entry.startsOn < today)
    add(
      'startsOn',
      'La date de l’aide ne peut pas être passée : indiquez aujourd’hui ou plus tard.',
    );
  else if (entry.startsOn > addDays(today, MAX_DAYS_AHEAD))
    add('startsOn', 'La date de l’aide doit être dans l’année qui vient.');
  if (entry.recurrence === 'weekly' && entry.endsOn !== null && entry.endsOn < entry.startsOn)
    add('endsOn', 'La fin de la série ne peut pas être avant sa première date.');
  if (entry.endTime <= entry.startTime)
    add('endTime', 'L’heure de fin doit être après l’heure de début.');
  if (entry.place === 'other' && !entry.communeName)
    add('communeName', 'Indiquez la commune où l’aide a lieu.');
  if (KINDS_WITH_DESTINATION.includes(entry.helpKind) && !entry.destination)
    add('destination', 'Indiquez où la personne doit se rendre (adresse du rendez-vous).');
  if (entry.consentToContact !== true)
    add(
      'consentToContact',
      'La demande ne peut être publiée sans l’accord de la personne pour être mise en relation avec un voisin.',
    );
}

/** A minimal file for a senior not yet in the base (neighbour help only, see ADR 0034). */
const newPersonSchema = z.object({
  lastName: shortText(100),
  firstName: shortText(100),
  formOfAddress: nullable(z.enum(['madame', 'monsieur'], { message: 'Madame ou Monsieur.' })),
  street: optionalText(200),
  postalCode: nullable(postalCode),
  communeName: optionalText(100),
  phone,
  /** Set after the operator saw the possible duplicates and confirmed it is someone else. */
  confirmNotDuplicate: z.boolean().default(false),
});

/**
 * A request posted by staff, on the phone or at the desk, for a person of the base (`personId`)
 * or for a senior whose minimal file is created with it (`newPerson`). A carer who calls is one
 * of the person's contacts (`personContactId`) or named here.
 */
export function staffRequestSchema(clock: Clock = realClock) {
  return z
    .object({
      personId: nullable(uuid),
      newPerson: nullable(newPersonSchema),
      channel: z.enum(['phone', 'staff'], { message: 'Canal attendu : téléphone ou accueil.' }),
      postedBy: z.enum(['person', 'carer', 'staff'], {
        message: 'Indiquez qui fait la demande : la personne, un proche ou l’équipe.',
      }),
      personContactId: nullable(uuid),
      carerName: optionalText(120),
      carerPhone: phone,
      carerRelationship: nullable(
        z.enum(CARER_RELATIONSHIPS, { message: 'Lien avec la personne inconnu.' }),
      ),
      /** The number that called, as typed (the call goes in the contact log, not the number). */
      callerPhone: phone,
      ...requestFields,
    })
    .superRefine((entry, issues) => {
      if ((entry.personId === null) === (entry.newPerson === null))
        issues.addIssue({
          code: 'custom',
          path: ['personId'],
          message: 'Choisissez la personne aidée, ou créez sa fiche (une seule des deux).',
        });
      if (entry.postedBy === 'carer' && !entry.personContactId && !entry.carerName)
        issues.addIssue({
          code: 'custom',
          path: ['carerName'],
          message: 'Indiquez le nom du proche qui fait la demande.',
        });
      checkRequest(entry, issues, clock());
    });
}
export type StaffRequestInput = z.output<ReturnType<typeof staffRequestSchema>>;

/**
 * A request from the public page (no sign-in), by the senior or a carer. Staff link it to a
 * person's file before it is open. `website` is a honeypot (a person never sees it).
 */
export function publicRequestSchema(clock: Clock = realClock) {
  return z
    .object({
      postedBy: z.enum(['person', 'carer'], {
        message: 'Indiquez si vous demandez pour vous-même ou pour un proche.',
      }),
      seniorName: shortText(200),
      seniorPhone: phone,
      carerName: optionalText(120),
      carerPhone: phone,
      carerRelationship: nullable(
        z.enum(CARER_RELATIONSHIPS, { message: 'Lien avec la personne inconnu.' }),
      ),
      ...requestFields,
      website: z.string().max(200).optional(),
    })
    .superRefine((entry, issues) => {
      if (entry.postedBy === 'carer') {
        if (!entry.carerName)
          issues.addIssue({
            code: 'custom',
            path: ['carerName'],
            message: 'Indiquez votre nom, pour que l’association puisse vous rappeler.',
          });
        if (!entry.carerPhone)
          issues.addIssue({
            code: 'custom',
            path: ['carerPhone'],
            message:
              'Indiquez votre numéro de téléphone, pour que l’association puisse vous rappeler.',
          });
      } else if (!entry.seniorPhone)
        issues.addIssue({
          code: 'custom',
          path: ['seniorPhone'],
          message:
            'Indiquez votre numéro de téléphone, pour que l’association puisse vous rappeler.',
        });
      if (entry.place === 'home' && !entry.communeName)
        issues.addIssue({
          code: 'custom',
          path: ['communeName'],
          message: 'Indiquez la commune de la personne à aider.',
        });
      checkRequest(entry, issues, clock());
    });
}
export type PublicRequestInput = z.output<ReturnType<typeof publicRequestSchema>>;

/** Staff link a request from the public page to a person's file (it opens). */
export const linkPersonSchema = z.object({ personId: uuid });

/** One occurrence cancelled alone, with its reason. */
export const occurrenceCancelSchema = z.object({
  reason: z.enum(CANCEL_REASONS, {
    message:
      'Indiquez pourquoi cette date est annulée : plus besoin, personne absente, aucun voisin disponible, météo ou autre.',
  }),
});
export type OccurrenceCancelInput = z.output<typeof occurrenceCancelSchema>;

/**
 * The series (or the one-off request) ends. `lastOn`: the last day that still takes place; null:
 * it stops now (every occurrence from today on is cancelled).
 */
export function endRequestSchema(clock: Clock = realClock) {
  return z.object({ lastOn: nullable(isoDate) }).superRefine((entry, issues) => {
    if (entry.lastOn !== null && entry.lastOn < serviceToday(clock()))
      issues.addIssue({
        code: 'custom',
        path: ['lastOn'],
        message: 'La dernière date de la série ne peut pas être passée.',
      });
  });
}
export type EndRequestInput = z.output<ReturnType<typeof endRequestSchema>>;

export const requestListQuery = pagination.extend({
  status: z.enum(REQUEST_STATUSES, { message: 'Statut de demande inconnu.' }).optional(),
  helpKind: z.string().trim().max(60).optional(),
  urgency: z.enum(URGENCIES, { message: 'Urgence inconnue.' }).optional(),
  commune: z.string().trim().max(100).optional(),
});
export type RequestListQuery = z.output<typeof requestListQuery>;

/** The number that is calling, as typed: any French way of writing it. */
export const callerQuery = z.object({ phone: frenchPhoneSchema });
