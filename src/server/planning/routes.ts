/** Planning: the week of a local service, its generation, visits moved or cancelled, closures and absences. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, isoDate } from '../../domain/common/schemas.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import {
  absenceAcceptSchema,
  absenceSchema,
  cancelSchema,
  cancelVisit,
  closureSchema,
  createClosure,
  declareAbsence,
  deleteClosure,
  generateSchema,
  listClosures,
  moveSchema,
  moveVisit,
  previewAbsence,
  readRun,
  readWeek,
  startWeekGeneration,
  weekQuerySchema,
} from './service.js';
import {
  weekView,
  runView,
  closureView,
  closureList,
  repairProposal,
  closureDeletedView,
  absenceAcceptedView,
  visitMovedView,
  visitCancelledView,
  runStartedView,
} from '../../domain/planning/api.js';

const tags = ['planning'];

export async function planningRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: FastifyRequest) => authenticatedContext(services, request);

  r.get(
    '/api/planning/week',
    {
      config: { access: 'planning.read' },
      schema: {
        tags,
        summary: 'La semaine d’un service local : visites, binômes, jours fermés',
        querystring: weekQuerySchema,
        response: { 200: weekView },
      },
    },
    async (request) => readWeek(ctxOf(request), request.query),
  );
  r.post(
    '/api/planning/generate',
    {
      config: { access: 'planning.generate' },
      schema: {
        tags,
        summary: 'Générer la semaine d’un service local (en arrière-plan ; suivre la progression)',
        body: generateSchema,
        response: { 202: runStartedView },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await startWeekGeneration(ctxOf(request), request.body)),
  );
  r.get(
    '/api/planning/runs/:id',
    {
      config: { access: 'planning.read' },
      schema: {
        tags,
        summary: 'Progression et bilan d’une génération',
        params: idParams,
        response: { 200: runView },
      },
    },
    async (request) => readRun(ctxOf(request), request.params.id),
  );
  r.post(
    '/api/visits/:id/move',
    {
      config: { access: 'visit.update' },
      schema: {
        tags,
        summary: 'Déplacer ou remplacer une visite (chaque contrainte est vérifiée)',
        params: idParams,
        body: moveSchema,
        response: {
          200: visitMovedView,
        },
      },
    },
    async (request) => moveVisit(ctxOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/visits/:id/cancel',
    {
      config: { access: 'visit.update' },
      schema: {
        tags,
        summary: 'Annuler une visite',
        params: idParams,
        body: cancelSchema,
        response: { 200: visitCancelledView },
      },
    },
    async (request) => cancelVisit(ctxOf(request), request.params.id, request.body),
  );
  r.get(
    '/api/planning/closures',
    {
      config: { access: 'planning.read' },
      schema: {
        tags,
        summary: 'Jours de fermeture à venir',
        querystring: z.object({ from: isoDate.optional() }),
        response: { 200: closureList },
      },
    },
    async (request) => listClosures(ctxOf(request), request.query),
  );
  r.post(
    '/api/planning/closures',
    {
      config: { access: 'closure.manage' },
      schema: {
        tags,
        summary: 'Fermer un jour (service local ou toute l’organisation)',
        body: closureSchema,
        response: { 201: closureView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createClosure(ctxOf(request), request.body)),
  );
  r.delete(
    '/api/planning/closures/:id',
    {
      config: { access: 'closure.manage' },
      schema: {
        tags,
        summary: 'Rouvrir un jour fermé',
        params: idParams,
        response: { 200: closureDeletedView },
      },
    },
    async (request) => deleteClosure(ctxOf(request), request.params.id),
  );
  r.post(
    '/api/planning/absences/preview',
    {
      config: { access: 'absence.declare' },
      schema: {
        tags,
        summary: 'Proposition de réparation du planning pour une absence (rien n’est enregistré)',
        body: absenceSchema,
        response: { 200: repairProposal },
      },
    },
    async (request) => previewAbsence(ctxOf(request), request.body),
  );
  r.post(
    '/api/planning/absences',
    {
      config: { access: 'absence.declare' },
      schema: {
        tags,
        summary: 'Déclarer une absence et accepter la réparation proposée',
        body: absenceAcceptSchema,
        response: {
          201: absenceAcceptedView,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await declareAbsence(ctxOf(request), request.body)),
  );
}
