/**
 * Input schemas of the contact log, with their French messages: the API and the web form refuse
 * the same things. Time-dependent rules read a clock given to the schema factory (the routes use
 * the real one; the tests give a fixed instant).
 *
 *   - the contact took place: not after now (a few minutes of slack for clocks that differ), and
 *     not more than a year ago (older contacts are history, not follow-up);
 *   - a call back is today or later, within a year;
 *   - the outcome fits the channel (model.ts);
 *   - a note is short (1000 characters) and factual: the CNIL reminder is shown where it is typed.
 */
import { z } from 'zod';
import { addDays, serviceToday } from '../common/calendar.js';
import { isoDate, optionalText, uuid } from '../common/schemas.js';
import {
  CHANNEL_LABELS,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CONTACT_PURPOSES,
  NOTE_MAX,
  outcomeFits,
  outcomeMismatchMessage,
} from './model.js';

/** Clocks of a phone and of the server may differ by this much. */
const CLOCK_SLACK_MINUTES = 5;
/** A contact older than this is not entered in the log. */
const MAX_AGE_DAYS = 365;
/** A call back further away than this is not a call back. */
const MAX_CALLBACK_DAYS = 365;

export type Clock = () => Date;
const realClock: Clock = () => new Date();

const channel = z.enum(CONTACT_CHANNELS, {
  message: `Canal inconnu. Canaux possibles : ${Object.values(CHANNEL_LABELS).join(', ')}.`,
});
const outcome = z.enum(CONTACT_OUTCOMES, {
  message:
    'Résultat inconnu. Résultats possibles : échange, pas de réponse, message laissé, numéro erroné, envoyé, autre.',
});
const purpose = z
  .enum(CONTACT_PURPOSES, { message: 'Objet du contact inconnu.' })
  .nullish()
  .transform((v) => v ?? null);

const occurredAtText = z.iso.datetime({
  offset: true,
  message: 'Date et heure attendues au format ISO (AAAA-MM-JJTHH:MM).',
});

/** The rules on the date of a contact done, at `now`; null when it is acceptable. */
function occurredAtProblem(occurredAt: Date, now: Date): string | null {
  if (occurredAt.getTime() > now.getTime() + CLOCK_SLACK_MINUTES * 60_000)
    return 'Un contact noté a déjà eu lieu : sa date ne peut pas être dans le futur.';
  if (occurredAt.getTime() < now.getTime() - MAX_AGE_DAYS * 86_400_000)
    return 'Ce contact date de plus d’un an : il ne peut plus être noté dans le journal.';
  return null;
}

/** The rules on a call back date (AAAA-MM-JJ), at `now` in Paris; null when acceptable. */
function callbackOnProblem(callbackOn: string, now: Date): string | null {
  const today = serviceToday(now);
  if (callbackOn < today) return 'La date de rappel ne peut pas être passée.';
  if (callbackOn > addDays(today, MAX_CALLBACK_DAYS))
    return 'La date de rappel doit être dans l’année qui vient.';
  return null;
}

const note = optionalText(NOTE_MAX);

/**
 * A contact to record. The subject is a person (optionally one of their carers:
 * `personContactId`) or a visitor, never both. `callbackOwnerId` defaults to the author.
 */
export function contactCreateSchema(clock: Clock = realClock) {
  return z
    .object({
      personId: uuid.nullish().transform((v) => v ?? null),
      personContactId: uuid.nullish().transform((v) => v ?? null),
      visitorId: uuid.nullish().transform((v) => v ?? null),
      assignmentId: uuid.nullish().transform((v) => v ?? null),
      channel,
      outcome,
      occurredAt: occurredAtText,
      purpose,
      note,
      callbackOn: isoDate.nullish().transform((v) => v ?? null),
      callbackOwnerId: uuid.nullish().transform((v) => v ?? null),
    })
    .superRefine((entry, issues) => {
      const now = clock();
      if ((entry.personId === null) === (entry.visitorId === null))
        issues.addIssue({
          code: 'custom',
          path: ['personId'],
          message: 'Indiquez la personne accompagnée ou le visiteur concerné (un seul des deux).',
        });
      if (entry.personContactId !== null && entry.personId === null)
        issues.addIssue({
          code: 'custom',
          path: ['personContactId'],
          message: 'Un proche ne peut être indiqué qu’avec la personne accompagnée.',
        });
      if (!outcomeFits(entry.channel, entry.outcome))
        issues.addIssue({
          code: 'custom',
          path: ['outcome'],
          message: outcomeMismatchMessage(entry.channel),
        });
      const occurred = occurredAtProblem(new Date(entry.occurredAt), now);
      if (occurred) issues.addIssue({ code: 'custom', path: ['occurredAt'], message: occurred });
      if (entry.callbackOn !== null) {
        const callback = callbackOnProblem(entry.callbackOn, now);
        if (callback) issues.addIssue({ code: 'custom', path: ['callbackOn'], message: callback });
      } else if (entry.callbackOwnerId !== null) {
        issues.addIssue({
          code: 'custom',
          path: ['callbackOn'],
          message: 'Indiquez la date du rappel pour désigner qui rappelle.',
        });
      }
    });
}
export type ContactCreateInput = z.output<ReturnType<typeof contactCreateSchema>>;

/** Moving a call back: a new date, a new owner, or both. */
export function callbackMoveSchema(clock: Clock = realClock) {
  return z
    .object({
      callbackOn: isoDate.optional(),
      callbackOwnerId: uuid.optional(),
    })
    .superRefine((change, issues) => {
      if (change.callbackOn === undefined && change.callbackOwnerId === undefined)
        issues.addIssue({
          code: 'custom',
          path: ['callbackOn'],
          message: 'Indiquez une nouvelle date de rappel ou la personne qui rappelle.',
        });
      if (change.callbackOn !== undefined) {
        const problem = callbackOnProblem(change.callbackOn, clock());
        if (problem) issues.addIssue({ code: 'custom', path: ['callbackOn'], message: problem });
      }
    });
}
export type CallbackMoveInput = z.output<ReturnType<typeof callbackMoveSchema>>;
