/** What the alerts and notifications routes answer (their `schema.response`); the web app reads the same types. */
import { z } from 'zod';
import { id, timestamp, type WireOf } from '../common/api.js';

const alertListItem = z.object({
  id,
  kind: z.string().describe('concern, no_answer, hospital, silent_person ou unreported_visits'),
  severity: z.string().describe('low, medium, high ou urgent'),
  status: z.string().describe('open, in_progress ou closed'),
  title: z.string(),
  createdAt: timestamp,
  personId: id.nullable(),
  personName: z.string().nullable(),
  visitorName: z.string().nullable(),
  ownerName: z.string().nullable(),
});
export const alertList = z.object({
  items: z.array(alertListItem),
  page: z.number().int(),
  hasMore: z.boolean(),
  activeCount: z
    .number()
    .int()
    .describe('Alertes ouvertes ou en cours (toutes, pas seulement cette page)'),
  urgentCount: z.number().int(),
});

/**
 * What an event of the history records, by kind: created { severity }, assigned { ownerId },
 * status and severity { from, to }, checklist { key, label, done }, note { text }, closed
 * { outcome } (a note's text and a closing outcome are emptied when the person is erased).
 */
const alertEventDetails = z.object({
  severity: z.string().optional(),
  ownerId: id.nullable().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  key: z.string().optional(),
  label: z.string().optional(),
  done: z.boolean().optional(),
  text: z.string().optional(),
  outcome: z.string().optional(),
});
export const alertDetail = z.object({
  id,
  kind: z.string(),
  severity: z.string(),
  status: z.string(),
  title: z.string(),
  details: z.string().nullable(),
  outcome: z.string().nullable(),
  checklist: z
    .array(
      z.object({
        key: z.string(),
        label: z.string(),
        doneAt: timestamp.nullable(),
        doneBy: id.nullable(),
      }),
    )
    .describe('Le protocole « personne ne répond » (vide pour les autres alertes)'),
  createdAt: timestamp,
  closedAt: timestamp.nullable(),
  visitId: id.nullable(),
  person: z
    .object({
      id,
      name: z.string(),
      phones: z.array(z.object({ number: z.string(), label: z.string().nullish() })),
      communeName: z.string().nullable(),
    })
    .nullable(),
  visitor: z.object({ id, name: z.string(), phone: z.string().nullable() }).nullable(),
  owner: z.object({ id, name: z.string() }).nullable(),
  events: z.array(
    z.object({
      at: timestamp,
      kind: z.string(),
      details: alertEventDetails,
      userName: z.string().nullable(),
    }),
  ),
});

export const scanAnswer = z.object({
  silentPeople: z.number().int(),
  visitorsWithUnreported: z.number().int(),
  raised: z
    .number()
    .int()
    .describe('Alertes levées (une alerte déjà ouverte ne l’est pas deux fois)'),
});

export const notificationList = z.object({
  items: z.array(
    z.object({
      id,
      kind: z.string().describe('plan_change…'),
      recipient: z.string(),
      subject: z.string(),
      body: z.string(),
      status: z.string().describe('sent ou failed'),
      error: z.string().nullable(),
      createdAt: timestamp,
      visitorId: id.nullable(),
    }),
  ),
  page: z.number().int(),
  hasMore: z.boolean(),
});

export const alertClosedView = z.object({ id, status: z.literal('closed') });

// ---------------------------------------------------------------- what the web app reads

export type AlertList = WireOf<typeof alertList>;
export type AlertDetail = WireOf<typeof alertDetail>;
export type ScanAnswer = WireOf<typeof scanAnswer>;
