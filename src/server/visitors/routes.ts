/** Visitors (their record, weekly availability, absences, departure) and pairs (binômes). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, pagination, uuid } from '../../domain/common/schemas.js';
import { listScope } from '../../domain/permissions/policy.js';
import { JOURNEY_STAGES } from '../../domain/visitors/journey.js';
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
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { pageOf, idView } from '../../domain/common/api.js';
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
import {
  visitorListItem,
  visitorFile,
  visitorLocated,
  pairListItem,
  visitorEndedView,
  availabilityView,
  pairDissolvedView,
  absenceDeletedView,
} from '../../domain/visitors/api.js';

const tags = ['visitors'];
const pairTags = ['pairs'];

/** "true"/"false" in a query string (anything else is refused with a 400). */
const queryBoolean = z
  .enum(['true', 'false'], { message: 'Valeur attendue : true ou false.' })
  .transform((v) => v === 'true');

/** The lists' filters and pages (their exports take the same filters). */
export const visitorListQuery = pagination.extend({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(VISITOR_KINDS).optional(),
  localServiceId: uuid.optional(),
  active: queryBoolean.optional(),
  stage: z.enum(JOURNEY_STAGES, { message: 'Étape du parcours inconnue.' }).optional(),
});
export const pairListQuery = pagination.extend({
  status: z.enum(['active', 'dissolved']).optional(),
  visitorId: uuid.optional(),
  localServiceId: uuid.optional(),
});

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
        querystring: visitorListQuery,
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
        response: { 200: availabilityView },
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
        response: { 201: idView },
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
        response: { 200: absenceDeletedView },
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
        response: { 200: visitorEndedView },
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
        querystring: pairListQuery,
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
        response: { 201: idView },
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
          200: pairDissolvedView,
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
