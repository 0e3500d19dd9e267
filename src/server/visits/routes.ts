/** The visitor's phone: the day, check-in and check-out, reports, and the calendar link. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, pagination } from '../../domain/common/schemas.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import { day, id, timestamp } from '../http/responses.js';
import {
  calendarFeed,
  createCalendarLink,
  readCalendarLink,
  revokeCalendarLink,
} from './calendar.js';
import {
  checkIn,
  checkOut,
  dayQuerySchema,
  myDay,
  personVisits,
  reportSchema,
  submitReport,
} from './service.js';

const tags = ['visites'];

const phone = z.object({ number: z.string(), label: z.string().nullish() });

/**
 * The visitor's day. The phone keeps it offline (src/web/visits/TodayPage.tsx): at a door without
 * signal the visitor still has the address, the phone numbers, the access notes and the partner.
 */
const myDayView = z.object({
  date: day,
  visits: z.array(
    z.object({
      id,
      date: day,
      startTime: z.string().describe('HH:MM'),
      endTime: z.string().describe('HH:MM'),
      durationMinutes: z.number().int(),
      place: z.string().describe('home, walk, errands ou club'),
      status: z.string().describe('planned, done ou not_done'),
      checkedInAt: timestamp.nullable(),
      checkedOutAt: timestamp.nullable(),
      person: z.object({
        id,
        name: z.string(),
        address: z.string(),
        phones: z.array(phone),
        accessNotes: z.string().nullable(),
        location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
        emergencyContacts: z.array(
          z.object({ name: z.string(), phone: z.string().nullable(), relationship: z.string() }),
        ),
      }),
      partners: z.array(
        z.object({
          id,
          name: z.string(),
          phone: z.string().nullable(),
          role: z.string().describe('member ou substitute'),
        }),
      ),
      report: z.object({ outcome: z.string(), clientId: id, createdAt: timestamp }).nullable(),
    }),
  ),
  upcoming: z
    .array(
      z.object({
        id,
        date: day,
        startTime: z.string(),
        personName: z.string(),
        communeName: z.string().nullable(),
      }),
    )
    .describe('Les visites prévues des 7 jours suivants'),
});

const reportAnswer = z.object({
  id: id.describe('Le compte rendu'),
  visitId: id,
  duplicate: z.boolean().describe('Déjà reçu (même identifiant client) : rien n’a été écrit'),
  alertId: id.nullable().describe('L’alerte levée par ce compte rendu'),
});

const personVisitList = z.object({
  items: z.array(
    z.object({
      id,
      date: day,
      startTime: z.string(),
      status: z.string(),
      cancelReason: z.string().nullable(),
      visitors: z.array(z.string()).describe('Noms des visiteurs'),
      report: z
        .object({
          outcome: z.string(),
          durationMinutes: z.number().int().nullable(),
          activities: z.array(z.string()),
          mood: z.string().nullable(),
          observations: z.string().nullable(),
          concern: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
  page: z.number().int(),
  hasMore: z.boolean(),
});

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
        params: idParams,
        response: { 200: z.object({ id, checkedInAt: timestamp }) },
      },
    },
    async (request) => checkIn(ctxOf(request), request.params.id),
  );
  r.post(
    '/api/visits/:id/check-out',
    {
      config: { access: 'visit.own' },
      schema: {
        tags,
        summary: 'Signaler son départ',
        params: idParams,
        response: { 200: z.object({ id, checkedOutAt: timestamp }) },
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
        response: { 200: z.object({ active: z.boolean(), createdAt: timestamp.nullable() }) },
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
          201: z.object({ url: z.string().describe('Adresse secrète du flux iCalendar (.ics)') }),
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
        response: { 200: z.object({ revoked: z.boolean() }) },
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
