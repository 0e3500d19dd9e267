/** Alerts: the coordinators' list, one alert with its history, taking it, its protocol, closing it. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, pagination } from '../../domain/common/schemas.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import { id, timestamp } from '../http/responses.js';
import { listNotifications } from '../notifications/service.js';
import {
  alertCloseSchema,
  alertListSchema,
  alertUpdateSchema,
  closeAlert,
  listAlerts,
  readAlert,
  scanSilences,
  updateAlert,
} from './service.js';

const tags = ['alertes'];

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
const alertList = z.object({
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
const alertDetail = z.object({
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

const scanAnswer = z.object({
  silentPeople: z.number().int(),
  visitorsWithUnreported: z.number().int(),
  raised: z
    .number()
    .int()
    .describe('Alertes levées (une alerte déjà ouverte ne l’est pas deux fois)'),
});

const notificationList = z.object({
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

export async function alertRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: FastifyRequest) => authenticatedContext(services, request);

  r.get(
    '/api/alerts',
    {
      config: { access: 'alert.list' },
      schema: {
        tags,
        summary: 'Alertes (les plus graves d’abord)',
        querystring: alertListSchema,
        response: { 200: alertList },
      },
    },
    async (request) => listAlerts(ctxOf(request), request.query),
  );
  r.get(
    '/api/alerts/:id',
    {
      config: { access: 'alert.list' },
      schema: {
        tags,
        summary: 'Une alerte, son protocole et son historique',
        params: idParams,
        response: { 200: alertDetail },
      },
    },
    async (request) => readAlert(ctxOf(request), request.params.id),
  );
  r.patch(
    '/api/alerts/:id',
    {
      config: { access: 'alert.manage' },
      schema: {
        tags,
        summary: 'Prendre en charge, changer le statut, cocher une étape, noter',
        params: idParams,
        body: alertUpdateSchema,
        response: { 200: z.object({ id }) },
      },
    },
    async (request) => updateAlert(ctxOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/alerts/:id/close',
    {
      config: { access: 'alert.manage' },
      schema: {
        tags,
        summary: 'Clore une alerte avec son issue',
        params: idParams,
        body: alertCloseSchema,
        response: { 200: z.object({ id, status: z.literal('closed') }) },
      },
    },
    async (request) => closeAlert(ctxOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/alerts/scan',
    {
      config: { access: 'alert.manage' },
      schema: {
        tags,
        summary:
          'Chercher maintenant les silences (personnes sans visite, visites sans compte rendu)',
        response: { 200: scanAnswer },
      },
    },
    async (request) => scanSilences(ctxOf(request)),
  );
  r.get(
    '/api/notifications',
    {
      config: { access: 'notification.list' },
      schema: {
        tags,
        summary: 'Notifications envoyées aux visiteurs',
        querystring: pagination,
        response: { 200: notificationList },
      },
    },
    async (request) => listNotifications(ctxOf(request), request.query),
  );
}
