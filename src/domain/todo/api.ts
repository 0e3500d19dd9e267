/**
 * What « À faire » and the callbacks worklist answer (their `schema.response`); the web app reads
 * the same types.
 */
import { z } from 'zod';
import { day, id, timestamp, type WireOf } from '../common/api.js';
import { TODO_SECTIONS } from './sections.js';

const lastContact = z
  .object({
    occurredAt: timestamp,
    channel: z.string().describe('call_out, call_in, voicemail, sms, email, letter, home_visit…'),
    outcome: z.string().describe('reached, no_answer, message_left, wrong_number, sent, other'),
  })
  .nullable();

const todoLine = z.object({
  id,
  section: z.enum(TODO_SECTIONS),
  subjectKind: z.enum(['person', 'visitor', 'alert']),
  subjectId: id,
  name: z.string().describe('La personne, le visiteur, ou le titre de l’alerte'),
  dueOn: day
    .nullable()
    .describe('Le jour où c’est dû (rappel, rencontre, fin d’essai, expiration…)'),
  time: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  label: z.string().nullable().optional(),
  code: z.string().nullable().optional(),
  severity: z.string().nullable().optional(),
  lastContact: lastContact.optional(),
  urgency: z.enum(['overdue', 'today', 'soon']),
  href: z.string().describe('La page où agir'),
});
export type TodoLineView = WireOf<typeof todoLine>;

const todoSection = z.object({
  key: z.enum(TODO_SECTIONS),
  title: z.string(),
  heading: z.string().describe('« 3 appels à rendre, dont 1 en retard »'),
  empty: z.string(),
  total: z.number().int(),
  flagged: z.number().int().describe('En retard, urgentes, expirés… (le « dont »)'),
  lines: z.array(todoLine),
  seeAll: z.string().describe('La liste complète'),
});
export type TodoSectionView = WireOf<typeof todoSection>;

export const todoView = z.object({
  today: day,
  all: z.boolean().describe('Tout le service (et non seulement ce qui est à moi)'),
  sections: z.array(todoSection),
  page: z.number().int(),
  hasMore: z.boolean().describe('Une seule rubrique demandée : d’autres lignes suivent'),
});
export type TodoView = WireOf<typeof todoView>;

const callbackItem = z.object({
  id,
  subjectKind: z.enum(['person', 'visitor']),
  subjectId: id,
  name: z.string(),
  phone: z.string().nullable(),
  carerName: z.string().nullable(),
  callbackOn: day,
  ownerId: id.nullable(),
  ownerName: z.string().nullable(),
  purpose: z.string().nullable(),
  urgency: z.enum(['overdue', 'today', 'soon']),
  href: z.string(),
  lastContact,
});
export type CallbackItem = WireOf<typeof callbackItem>;

export const callbackList = z.object({
  items: z.array(callbackItem),
  total: z.number().int(),
  overdue: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  ownerId: id
    .nullable()
    .describe('Les rappels de ce membre du personnel ; null : de tout le service'),
  heading: z.string(),
  owners: z
    .array(z.object({ id, name: z.string(), due: z.number().int() }))
    .describe('Le personnel qui a des rappels en attente (administrateurs et coordinateurs)'),
});
export type CallbackList = WireOf<typeof callbackList>;
