/**
 * The life of a match over the wire (ADR 0028): what the match routes accept and answer. One Zod
 * schema per request gives the validation (French messages) and the OpenAPI document.
 */
import { z } from 'zod';
import { lsns6AnswersSchema } from '../admission/lsns6.js';
import { id, type WireOf } from '../common/api.js';
import { isoDate, optionalText, timeOfDay, uuid } from '../common/schemas.js';
import { MATCH_END_REASONS, MATCH_STAGES, REVIEW_DECISIONS } from './match-life.js';

// ---------------------------------------------------------------- requests

const CALL_CHANNELS = ['call_out', 'call_in', 'voicemail', 'sms', 'home_visit', 'meeting'] as const;
const CALL_OUTCOMES = ['reached', 'no_answer', 'message_left', 'wrong_number', 'other'] as const;
const CALL_PURPOSES = ['match_announcement', 'trial_check'] as const;

const noteText = optionalText(1000);

export const matchCallSchema = z
  .object({
    /** The person (or one of their carers), or one of the unit's visitors. */
    side: z.enum(['person', 'visitor'], {
      message: 'Indiquez qui a été appelé : la personne ou un visiteur.',
    }),
    visitorId: uuid.nullish(),
    personContactId: uuid.nullish(),
    purpose: z
      .enum(CALL_PURPOSES, {
        message: 'Objet attendu : annonce de l’appariement ou appel de fin d’essai.',
      })
      .default('match_announcement'),
    channel: z.enum(CALL_CHANNELS, { message: 'Moyen de contact inconnu.' }).default('call_out'),
    outcome: z.enum(CALL_OUTCOMES, { message: 'Résultat de l’appel inconnu.' }),
    /** When it happened (ISO 8601); now by default. Not in the future. */
    occurredAt: z.iso
      .datetime({ offset: true, message: 'Date et heure attendues au format ISO 8601.' })
      .optional(),
    note: noteText,
    callbackOn: isoDate.nullish(),
  })
  .refine((c) => c.side === 'person' || !!c.visitorId, {
    message: 'Choisissez le visiteur appelé.',
    path: ['visitorId'],
  })
  .refine((c) => c.side === 'visitor' || !c.visitorId, {
    message: 'Un appel à la personne ne nomme pas de visiteur.',
    path: ['visitorId'],
  })
  .refine((c) => c.side === 'person' || !c.personContactId, {
    message: 'Un proche se rattache à un appel à la personne.',
    path: ['personContactId'],
  });
export type MatchCallInput = z.infer<typeof matchCallSchema>;

export const firstVisitSchema = z.object({
  date: isoDate,
  startTime: timeOfDay,
  durationMinutes: z
    .int({ message: 'La durée est un nombre entier de minutes.' })
    .min(15, 'Une visite dure au moins 15 minutes.')
    .max(480, 'Une visite dure au plus 8 heures.')
    .default(90),
  /** The coordinator present; the user themselves by default. */
  staffUserId: uuid.nullish(),
});
export type FirstVisitInput = z.infer<typeof firstVisitSchema>;

export const matchStepSchema = z.object({
  to: z.enum(MATCH_STAGES, {
    message: `Étape attendue : ${MATCH_STAGES.join(', ')}.`,
  }),
  effectiveOn: isoDate.optional(),
  /** Into the trial while the first visit is still planned: the day it took place. */
  firstVisitDoneOn: isoDate.nullish(),
  comment: noteText,
});
export type MatchStepInput = z.infer<typeof matchStepSchema>;

const satisfaction = (who: string) =>
  z
    .int({ message: `La satisfaction ${who} est une note de 1 à 5.` })
    .min(1, `La satisfaction ${who} est une note de 1 à 5.`)
    .max(5, `La satisfaction ${who} est une note de 1 à 5.`);

export const matchEndSchema = z.object({
  reason: z.enum(MATCH_END_REASONS, { message: 'Choisissez le motif de la fin.' }),
  comment: noteText,
  endedOn: isoDate.optional(),
});
export type MatchEndInput = z.infer<typeof matchEndSchema>;

export const matchReviewSchema = z
  .object({
    heldOn: isoDate.optional(),
    personSatisfaction: satisfaction('de la personne'),
    visitorSatisfaction: satisfaction('du visiteur'),
    lsns6: lsns6AnswersSchema,
    decision: z.enum(REVIEW_DECISIONS, {
      message: 'Décision attendue : continuer, changer le rythme ou arrêter.',
    }),
    newVisitsPerWeek: z
      .int({ message: 'Le nouveau rythme est un nombre entier de visites par semaine.' })
      .min(1, 'Au moins une visite par semaine.')
      .max(7, 'Sept visites par semaine au plus.')
      .nullish(),
    endReason: z.enum(MATCH_END_REASONS, { message: 'Choisissez le motif de la fin.' }).nullish(),
    comment: noteText,
  })
  .refine((r) => r.decision !== 'change_rhythm' || !!r.newVisitsPerWeek, {
    message: 'Indiquez le nouveau nombre de visites par semaine.',
    path: ['newVisitsPerWeek'],
  })
  .refine((r) => r.decision !== 'end' || !!r.endReason, {
    message: 'Indiquez le motif de la fin de l’appariement.',
    path: ['endReason'],
  });
export type MatchReviewInput = z.infer<typeof matchReviewSchema>;

// ---------------------------------------------------------------- answers

const stage = z.enum(MATCH_STAGES);

const unitView = z.object({
  kind: z.enum(['pair', 'volunteer']),
  id,
  label: z.string(),
  visitors: z.array(
    z.object({
      id,
      firstName: z.string(),
      lastName: z.string(),
      reached: z.boolean().describe('Appel abouti pour annoncer l’appariement'),
    }),
  ),
});

const dueView = z.object({
  assignmentId: id,
  kind: z.enum(['trial_end', 'review']),
  dueOn: z.string(),
  daysLeft: z.number().int().describe('Négatif : en retard de tant de jours'),
});

/** One match in a list (the person's or the unit's file). */
const matchSummary = z.object({
  id,
  person: z.object({ id, firstName: z.string(), lastName: z.string() }),
  unit: z.object({ kind: z.enum(['pair', 'volunteer']), id, label: z.string() }),
  stage,
  stageSince: z.string().nullable(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  trialEndsOn: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  due: z.array(dueView),
});

export const matchListView = z.object({
  items: z.array(matchSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const matchView = z.object({
  match: matchSummary.extend({
    endComment: z.string().nullable(),
    visitsPerWeek: z.number().int().nullable(),
    personReached: z.boolean().describe('Appel abouti avec la personne ou un proche'),
    trialCheckLogged: z.boolean().describe('Appel de fin d’essai noté'),
    firstVisit: z
      .object({
        id,
        date: z.string(),
        startTime: z.string(),
        durationMinutes: z.number().int(),
        status: z.string(),
        staffUserId: id.nullable(),
        staffName: z.string().nullable(),
      })
      .nullable(),
  }),
  unit: unitView,
  personContacts: z.array(z.object({ id, name: z.string(), relation: z.string().nullable() })),
  steps: z.array(
    z.object({
      id: z.number().int(),
      fromStage: stage.nullable(),
      toStage: stage,
      effectiveOn: z.string(),
      reason: z.string().nullable(),
      comment: z.string().nullable(),
      changedBy: z.string().nullable(),
      at: z.string(),
    }),
  ),
  reviews: z.array(
    z.object({
      id,
      heldOn: z.string(),
      personSatisfaction: z.number().int().nullable(),
      visitorSatisfaction: z.number().int().nullable(),
      lsns6Total: z.number().int().nullable(),
      decision: z.enum(REVIEW_DECISIONS),
      newVisitsPerWeek: z.number().int().nullable(),
      comment: z.string().nullable(),
      heldBy: z.string().nullable(),
    }),
  ),
  contacts: z.array(
    z.object({
      id,
      personId: id.nullable(),
      personContactId: id.nullable(),
      visitorId: id.nullable(),
      who: z.string(),
      channel: z.string(),
      outcome: z.string(),
      purpose: z.string().nullable(),
      occurredAt: z.string(),
      note: z.string().nullable(),
    }),
  ),
  next: z.array(
    z.object({
      to: stage,
      label: z.string(),
      ready: z.boolean(),
      missing: z.string().nullable().describe('Ce qui manque encore, en français'),
    }),
  ),
  canManage: z.boolean(),
  canReview: z.boolean(),
});

/** What a write on a match answers: where the match stands now. */
export const matchChangeView = z.object({
  id,
  stage,
  stageSince: z.string().nullable(),
  contactId: id.nullable().optional(),
  visitId: id.nullable().optional(),
  reviewId: id.nullable().optional(),
  personStatus: z.string().nullable().optional().describe('Le statut de la personne après la fin'),
});

export type MatchView = WireOf<typeof matchView>;
export type MatchList = WireOf<typeof matchListView>;
export type MatchSummary = WireOf<typeof matchSummary>;
