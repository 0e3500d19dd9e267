/** The visitor's phone: the day, check-in and check-out, reports, and the calendar link. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, pagination } from '../../domain/common/schemas.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import {
  calendarFeed,
  createCalendarLink,
  readCalendarLink,
  revokeCalendarLink,
} from './calendar.js';
import {
  checkIn,
  checkInSchema,
  checkOut,
  dayQuerySchema,
  myDay,
  personVisits,
  reportSchema,
  submitReport,
} from './service.js';
import {
  myDayView,
  reportAnswer,
  personVisitList,
  calendarLinkCreatedView,
  checkedInView,
  calendarLinkRevokedView,
  checkedOutView,
  calendarLinkView,
} from '../../domain/visits/api.js';

const tags = ['visites'];

export async function visitRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: FastifyRequest) => authenticatedContext(services, request);

  r.get(
    '/api/me/visits',
    {
      config: { access: 'visit.own' },
      schema: {
        tags,
        summary: 'Mes visites du jour (aujourd’hui par défaut) et des 7 jours suivants',
        querystring: dayQuerySchema,
        response: { 200: myDayView },
      },
    },
    async (request) => myDay(ctxOf(request), request.query),
  );
  r.post(
    '/api/visits/:id/check-in',
    {
      config: { access: 'visit.own' },
      schema: {
        tags,
        summary: 'Signaler son arrivée',
        description:
          'Hors de la fenêtre de la visite (d’une heure avant son début à la fin de son jour, heure de Paris) : 409 `outside_window`, sauf avec `confirmOutsideWindow`.',
        params: idParams,
        body: checkInSchema.nullish(),
        response: { 200: checkedInView },
      },
    },
    async (request) => checkIn(ctxOf(request), request.params.id, request.body ?? {}),
  );
  r.post(
    '/api/visits/:id/check-out',
    {
      config: { access: 'visit.own' },
      schema: {
        tags,
        summary: 'Signaler son départ',
        params: idParams,
        response: { 200: checkedOutView },
      },
    },
    async (request) => checkOut(ctxOf(request), request.params.id),
  );
  r.post(
    '/api/visits/:id/report',
    {
      config: { access: 'visit.report' },
      schema: {
        tags,
        summary: 'Envoyer le compte rendu (une seule fois par identifiant client)',
        params: idParams,
        body: reportSchema,
        response: { 200: reportAnswer, 201: reportAnswer },
      },
    },
    async (request, reply) => {
      const result = await submitReport(ctxOf(request), request.params.id, request.body);
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );
  r.get(
    '/api/people/:id/visits',
    {
      config: { access: 'person.read' },
      schema: {
        tags,
        summary: 'Les visites d’une personne et leurs comptes rendus, les plus récentes d’abord',
        params: idParams,
        querystring: pagination,
        response: { 200: personVisitList },
      },
    },
    async (request) => personVisits(ctxOf(request), request.params.id, request.query),
  );
  r.get(
    '/api/me/calendar',
    {
      config: { access: 'calendar.manage' },
      schema: {
        tags,
        summary: 'Mon lien d’agenda : actif ou non',
        response: { 200: calendarLinkView },
      },
    },
    async (request) => readCalendarLink(ctxOf(request)),
  );
  r.post(
    '/api/me/calendar',
    {
      config: { access: 'calendar.manage' },
      schema: {
        tags,
        summary: 'Créer un nouveau lien d’agenda (l’ancien cesse de fonctionner)',
        response: {
          201: calendarLinkCreatedView,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await createCalendarLink(ctxOf(request))),
  );
  r.delete(
    '/api/me/calendar',
    {
      config: { access: 'calendar.manage' },
      schema: {
        tags,
        summary: 'Révoquer mon lien d’agenda',
        response: { 200: calendarLinkRevokedView },
      },
    },
    async (request) => revokeCalendarLink(ctxOf(request)),
  );
  r.get(
    '/api/ical/:file',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Flux iCalendar privé d’un visiteur (lien secret)',
        // Text, not JSON: the handler sends the string with its own content type, so the serializer never runs on it.
        response: {
          200: {
            content: {
              'text/calendar': { schema: z.string().describe('Calendrier iCalendar (RFC 5545)') },
            },
          },
          404: {
            content: { 'text/plain': { schema: z.string().describe('Lien inconnu ou révoqué') } },
          },
        },
        params: z.object({
          file: z.string().regex(/^[A-Za-z0-9_-]{20,100}\.ics$/, 'Lien d’agenda invalide.'),
        }),
      },
    },
    async (request, reply) => {
      const token = request.params.file.replace(/\.ics$/, '');
      const body = await calendarFeed(
        services.db,
        token,
        services.config.publicUrl,
        request.ip ?? null,
      );
      if (body === null)
        return reply
          .code(404)
          .type('text/plain; charset=utf-8')
          .send('Lien d’agenda inconnu ou révoqué.');
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(body);
    },
  );
}
