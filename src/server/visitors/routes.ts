/** Visitors (their record, weekly availability, absences, departure) and pairs (binômes). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, pagination, uuid } from '../../domain/common/schemas.js';
import { listScope } from '../../domain/permissions/policy.js';
import {
  absenceSchema,
  availabilitySchema,
  pairCreateSchema,
  pairDissolveSchema,
  VISITOR_KINDS,
  visitorCreateSchema,
  visitorEndSchema,
  visitorUpdateSchema,
} from '../../domain/visitors/schemas.js';
import { PERSON_STATUSES } from '../../domain/admission/lifecycle.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { day, id, pageOf, timestamp } from '../http/responses.js';
import { listPairs, listVisitors, visitorFileParts } from './queries.js';
import {
  addAbsence,
  createVisitor,
  deleteAbsence,
  dissolvePair,
  endVisitor,
  formPair,
  loadVisitorFor,
  replaceAvailability,
  updateVisitor,
} from './service.js';

const tags = ['visitors'];
const pairTags = ['pairs'];

// ---------------------------------------------------------------- answers

const member = z.object({ id, firstName: z.string(), lastName: z.string() });

/** A line of the visitors list, with the current pair and partner (names only). */
const visitorListItem = z.object({
  id,
  kind: z.string().describe('employed_young, volunteer ou civic_service'),
  lastName: z.string(),
  firstName: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeName: z.string().nullable(),
  localServiceId: id.nullable(),
  locationStatus: z.string(),
  mobility: z.string().describe('foot, bike, public_transport ou car'),
  maxTripMinutes: z.number().int(),
  commitmentEnd: day.nullable(),
  endedOn: day.nullable(),
  pair: z
    .object({ pairId: id, formedOn: day, partner: member })
    .nullable()
    .describe('Le binôme actuel, ou null'),
});

/** The visitor's record (every column but the import key). */
const visitorRecord = z.object({
  id,
  organisationId: id,
  localServiceId: id.nullable(),
  kind: z.string().describe('employed_young, volunteer ou civic_service'),
  lastName: z.string(),
  firstName: z.string(),
  gender: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  commitmentStart: day.nullable(),
  commitmentEnd: day.nullable(),
  charterSignedOn: day.nullable(),
  insuranceProvider: z.string().nullable(),
  insuranceValidUntil: day.nullable(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  communeName: z.string().nullable(),
  inseeCode: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  locationStatus: z.string(),
  locationPrecision: z.string().nullable(),
  locationNote: z.string().nullable(),
  mobility: z.string().describe('foot, bike, public_transport ou car'),
  maxTripMinutes: z.number().int(),
  capacity: z.number().int().describe('Personnes suivies à la fois quand le bénévole visite seul'),
  interests: z.array(z.string()),
  languages: z.array(z.string()),
  endedOn: day.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const slot = z.object({
  weekday: z.number().int().describe('Jour ISO, 1 = lundi'),
  startTime: z.string().describe('HH:MM'),
  endTime: z.string().describe('HH:MM'),
});

/** The visitor's file: the record, availability, absences, pair history, people visited now. */
const visitorFile = z.object({
  visitor: visitorRecord,
  availability: z.array(slot.extend({ id })),
  absences: z.array(
    z.object({
      id,
      kind: z.string().describe('training, leave, sick ou other'),
      startsOn: day,
      endsOn: day,
      note: z.string().nullable(),
      createdAt: timestamp,
    }),
  ),
  pairs: z.array(
    z.object({
      id,
      formedOn: day,
      dissolvedOn: day.nullable(),
      dissolutionReason: z.string().nullable(),
      active: z.boolean(),
      partner: member,
    }),
  ),
  people: z.array(
    z.object({
      id,
      firstName: z.string(),
      lastName: z.string(),
      status: z.enum(PERSON_STATUSES).nullable(),
      via: z.enum(['pair', 'alone']),
      since: day,
    }),
  ),
});

/** What a change of the record answers: where the address was located. */
const visitorLocated = z.object({
  id,
  locationStatus: z.string(),
  locationNote: z.string().nullable(),
});

const pairListItem = z.object({
  id,
  localServiceId: id.nullable(),
  formedOn: day,
  dissolvedOn: day.nullable(),
  dissolutionReason: z.string().nullable(),
  active: z.boolean(),
  visitorA: member,
  visitorB: member,
  peopleCount: z.number().int().describe('Personnes suivies aujourd’hui par le binôme'),
});

/** "true"/"false" in a query string (anything else is refused with a 400). */
const queryBoolean = z
  .enum(['true', 'false'], { message: 'Valeur attendue : true ou false.' })
  .transform((v) => v === 'true');

export async function visitorRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const ctxOf = (request: Parameters<typeof contextOf>[1]) =>
    contextOf(services, request) as AuthenticatedContext;

  r.get(
    '/api/visitors',
    {
      config: { access: 'visitor.list' },
      schema: {
        tags,
        summary: 'Lister et rechercher les visiteurs (avec leur binôme actuel)',
        querystring: pagination.extend({
          q: z.string().trim().max(100).optional(),
          kind: z.enum(VISITOR_KINDS).optional(),
          localServiceId: uuid.optional(),
          active: queryBoolean.optional(),
        }),
        response: { 200: pageOf(visitorListItem) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return listVisitors(db, listScope(ctx.actor, 'visitor.list'), request.query);
    },
  );

  r.post(
    '/api/visitors',
    {
      config: { access: 'visitor.create' },
      schema: {
        tags,
        summary: 'Créer la fiche d’un visiteur',
        body: visitorCreateSchema,
        response: { 201: visitorLocated },
      },
    },
    async (request, reply) => {
      const visitor = await createVisitor(ctxOf(request), request.body);
      return reply.code(201).send({
        id: visitor.id,
        locationStatus: visitor.locationStatus,
        locationNote: visitor.locationNote,
      });
    },
  );

  r.get(
    '/api/visitors/:id',
    {
      config: { access: 'visitor.read' },
      schema: {
        tags,
        summary: 'Fiche d’un visiteur : disponibilités, absences, binômes, personnes visitées',
        params: idParams,
        response: { 200: visitorFile },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const visitor = await loadVisitorFor(db, ctx, request.params.id, 'visitor.read');
      const { importKey: _importKey, ...fields } = visitor;
      return { visitor: fields, ...(await visitorFileParts(db, visitor.id)) };
    },
  );

  r.patch(
    '/api/visitors/:id',
    {
      config: { access: 'visitor.update' },
      schema: {
        tags,
        summary: 'Modifier la fiche d’un visiteur',
        params: idParams,
        body: visitorUpdateSchema,
        response: { 200: visitorLocated },
      },
    },
    async (request) => {
      const visitor = await updateVisitor(ctxOf(request), request.params.id, request.body);
      return {
        id: visitor.id,
        locationStatus: visitor.locationStatus,
        locationNote: visitor.locationNote,
      };
    },
  );

  r.put(
    '/api/visitors/:id/availability',
    {
      config: { access: 'visitor.update' },
      schema: {
        tags,
        summary: 'Remplacer les disponibilités hebdomadaires d’un visiteur',
        params: idParams,
        body: availabilitySchema,
        response: { 200: z.object({ slots: z.array(slot) }) },
      },
    },
    async (request) => {
      const slots = await replaceAvailability(ctxOf(request), request.params.id, request.body);
      return { slots };
    },
  );

  r.post(
    '/api/visitors/:id/absences',
    {
      config: { access: 'visitor.update' },
      schema: {
        tags,
        summary: 'Enregistrer une absence (formation, congé, maladie…)',
        params: idParams,
        body: absenceSchema,
        response: { 201: z.object({ id }) },
      },
    },
    async (request, reply) => {
      const absence = await addAbsence(ctxOf(request), request.params.id, request.body);
      return reply.code(201).send({ id: absence.id });
    },
  );

  r.delete(
    '/api/visitors/:id/absences/:absenceId',
    {
      config: { access: 'visitor.update' },
      schema: {
        tags,
        summary: 'Supprimer une absence',
        params: z.object({ id: uuid, absenceId: uuid }),
        response: { 200: z.object({ id, deleted: z.literal(true) }) },
      },
    },
    async (request) => {
      const absence = await deleteAbsence(
        ctxOf(request),
        request.params.id,
        request.params.absenceId,
      );
      return { id: absence.id, deleted: true as const };
    },
  );

  r.post(
    '/api/visitors/:id/end',
    {
      config: { access: 'visitor.update' },
      schema: {
        tags,
        summary: 'Enregistrer le départ d’un visiteur',
        params: idParams,
        body: visitorEndSchema,
        response: { 200: z.object({ id, endedOn: day.nullable() }) },
      },
    },
    async (request) => {
      const visitor = await endVisitor(ctxOf(request), request.params.id, request.body);
      return { id: visitor.id, endedOn: visitor.endedOn };
    },
  );

  r.get(
    '/api/pairs',
    {
      config: { access: 'pair.list' },
      schema: {
        tags: pairTags,
        summary: 'Lister les binômes, actifs et dissous',
        querystring: pagination.extend({
          status: z.enum(['active', 'dissolved']).optional(),
          visitorId: uuid.optional(),
          localServiceId: uuid.optional(),
        }),
        response: { 200: pageOf(pairListItem) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return listPairs(db, listScope(ctx.actor, 'pair.list'), request.query);
    },
  );

  r.post(
    '/api/pairs',
    {
      config: { access: 'pair.manage' },
      schema: {
        tags: pairTags,
        summary: 'Former un binôme',
        body: pairCreateSchema,
        response: { 201: z.object({ id }) },
      },
    },
    async (request, reply) => {
      const pair = await formPair(ctxOf(request), request.body);
      return reply.code(201).send({ id: pair.id });
    },
  );

  r.post(
    '/api/pairs/:id/dissolve',
    {
      config: { access: 'pair.manage' },
      schema: {
        tags: pairTags,
        summary: 'Dissoudre un binôme (l’historique est conservé)',
        params: idParams,
        body: pairDissolveSchema,
        response: {
          200: z.object({
            id,
            dissolvedOn: day.nullable(),
            movedPeople: z
              .number()
              .int()
              .describe('Personnes confiées à un autre binôme ou visiteur'),
            endedAssignments: z.number().int().describe('Suivis arrêtés'),
          }),
        },
      },
    },
    async (request) => {
      const result = await dissolvePair(ctxOf(request), request.params.id, request.body);
      return {
        id: result.pair.id,
        dissolvedOn: result.pair.dissolvedOn,
        movedPeople: result.movedPeople,
        endedAssignments: result.endedAssignments,
      };
    },
  );
}
