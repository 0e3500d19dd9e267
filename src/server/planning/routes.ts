/** Planning: the week of a local service, its generation, visits moved or cancelled, closures and absences. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, isoDate } from '../../domain/common/schemas.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import { day, id, timestamp } from '../http/responses.js';
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

const tags = ['planning'];

const named = z.object({ id, name: z.string() });

/** One visit of the week (planned, done or not done; the cancelled ones are only counted). */
const weekVisit = z.object({
  id,
  date: day,
  startTime: z.string().describe('HH:MM'),
  endTime: z.string().describe('HH:MM'),
  durationMinutes: z.number().int(),
  status: z.string().describe('planned, done ou not_done'),
  crew: z.string().describe('pair, volunteer, solo ou substitute'),
  place: z.string().describe('home, walk, errands ou club'),
  person: z.object({ id, name: z.string(), communeName: z.string().nullable() }),
  visitors: z.array(
    z.object({ id, name: z.string(), role: z.string().describe('member ou substitute') }),
  ),
});
const weekView = z.object({
  localServiceId: id,
  weekStart: day,
  days: z.array(
    z.object({
      date: day,
      closedReason: z.string().nullable().describe('Jour fermé (férié ou fermeture) : sa raison'),
    }),
  ),
  pairs: z.array(z.object({ id, memberIds: z.array(id), label: z.string() })),
  visitors: z.array(named),
  visits: z.array(weekVisit),
  cancelledCount: z.number().int(),
  lastRunId: id.nullable(),
});

/** The outcome of a generation (plan_runs.summary), once it is done. */
const runSummary = z.object({
  planned: z.number().int(),
  kept: z.number().int().describe('Visites gardées telles quelles (passées, faites, commencées)'),
  unplanned: z.array(
    z.object({
      demandId: z.string(),
      personId: id.nullable(),
      personName: z.string(),
      reason: z.string(),
      message: z.string(),
    }),
  ),
  notPlannable: z.array(z.object({ personId: id, name: z.string(), reason: z.string() })),
  travelMinutes: z.number(),
  changedFromPrevious: z.number(),
  preferenceMisses: z.number(),
  elapsedMs: z.number(),
});
const runView = z.object({
  id,
  localServiceId: id,
  weekStart: day,
  status: z.enum(['running', 'done', 'failed']),
  progress: z.number().describe('De 0 à 1'),
  summary: runSummary.nullable(),
  error: z.string().nullable(),
  startedAt: timestamp,
  finishedAt: timestamp.nullable(),
});

const closureView = z.object({
  id,
  organisationId: id,
  localServiceId: id.nullable().describe('null : toute l’organisation'),
  date: day,
  reason: z.string(),
  createdBy: id.nullable(),
  createdAt: timestamp,
});
const closureList = z.object({
  items: z.array(
    z.object({
      id,
      date: day,
      reason: z.string(),
      localServiceId: id.nullable(),
      localServiceName: z.string().nullable(),
    }),
  ),
});

const toTell = z.object({
  people: z.array(z.object({ id, name: z.string(), phone: z.string().nullable() })),
  visitors: z.array(
    z.object({ id, name: z.string(), phone: z.string().nullable(), email: z.string().nullable() }),
  ),
});
const repairProposal = z.object({
  changes: z.array(
    z.object({
      visitId: id,
      person: named,
      before: z.object({ date: day, startTime: z.string(), visitors: z.array(named) }),
      after: z
        .object({
          date: day,
          startTime: z.string(),
          visitorIds: z.array(id),
          visitors: z.array(named),
          crew: z.string(),
        })
        .nullable()
        .describe('null : la visite est retirée'),
      reason: z.string().nullable(),
      makesRoomFor: named
        .nullable()
        .describe(
          'Visite non touchée par l’absence, déplacée pour faire place à celle de cette personne',
        ),
    }),
  ),
  toTell: toTell.describe('Qui prévenir'),
  elapsedMs: z.number(),
});

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
        response: { 202: z.object({ runId: id, status: z.literal('running') }) },
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
          200: z.object({ id: id.describe('La visite déplacée, ou celle qui la remplace') }),
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
        response: { 200: z.object({ id, status: z.literal('cancelled') }) },
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
        response: { 200: z.object({ id, deleted: z.boolean() }) },
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
          201: z.object({
            absenceId: id,
            changes: z.number().int().describe('Nombre de visites changées'),
            toTell,
          }),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await declareAbsence(ctxOf(request), request.body)),
  );
}
