/** Alerts: the coordinators' list, one alert with its history, taking it, its protocol, closing it. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams, pagination } from '../../domain/common/schemas.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import { idView } from '../../domain/common/api.js';
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
import {
  alertList,
  alertDetail,
  scanAnswer,
  notificationList,
  alertClosedView,
} from '../../domain/alerts/api.js';

const tags = ['alertes'];

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
        response: { 200: idView },
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
        response: { 200: alertClosedView },
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
