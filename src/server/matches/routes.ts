/** The life of a match (ADR 0028): its panel, its calls, first visit, steps, reviews and end. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams, pagination } from '../../domain/common/schemas.js';
import {
  firstVisitSchema,
  matchCallSchema,
  matchChangeView,
  matchEndSchema,
  matchListView,
  matchReviewSchema,
  matchStepSchema,
  matchView,
} from '../../domain/matching/match-api.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import {
  endMatch,
  holdReview,
  logMatchCall,
  pairMatches,
  personMatches,
  planFirstVisit,
  readMatch,
  takeMatchStep,
  visitorMatches,
} from './service.js';

const tags = ['matches'];

export async function matchRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: FastifyRequest) => authenticatedContext(services, request);

  r.get(
    '/api/matches/:id',
    {
      config: { access: 'match.read' },
      schema: {
        tags,
        summary:
          'Le suivi d’un appariement : étape, binôme ou bénévole, étapes, bilans, appels, échéances (lecture journalisée)',
        params: idParams,
        response: { 200: matchView },
      },
    },
    async (request) => readMatch(ctxOf(request), request.params.id),
  );

  r.get(
    '/api/people/:id/matches',
    {
      config: { access: 'match.read' },
      schema: {
        tags,
        summary: 'Les appariements d’une personne, en cours puis passés (lecture journalisée)',
        params: idParams,
        querystring: pagination,
        response: { 200: matchListView },
      },
    },
    async (request) => personMatches(ctxOf(request), request.params.id, request.query),
  );

  r.get(
    '/api/visitors/:id/matches',
    {
      config: { access: 'match.read' },
      schema: {
        tags,
        summary: 'Les appariements d’un visiteur, seul ou dans ses binômes (lecture journalisée)',
        params: idParams,
        querystring: pagination,
        response: { 200: matchListView },
      },
    },
    async (request) => visitorMatches(ctxOf(request), request.params.id, request.query),
  );

  r.get(
    '/api/pairs/:id/matches',
    {
      config: { access: 'match.read' },
      schema: {
        tags,
        summary: 'Les appariements d’un binôme (lecture journalisée)',
        params: idParams,
        querystring: pagination,
        response: { 200: matchListView },
      },
    },
    async (request) => pairMatches(ctxOf(request), request.params.id, request.query),
  );

  r.post(
    '/api/matches/:id/calls',
    {
      config: { access: 'match.manage' },
      schema: {
        tags,
        summary:
          'Noter un appel avec la personne (ou un proche) ou un visiteur ; appelés tous deux, l’appariement est annoncé',
        params: idParams,
        body: matchCallSchema,
        response: { 200: matchChangeView },
      },
    },
    async (request) => logMatchCall(ctxOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/matches/:id/first-visit',
    {
      config: { access: 'match.manage' },
      schema: {
        tags,
        summary: 'Planifier la première visite, en présence du coordinateur ou de la coordinatrice',
        params: idParams,
        body: firstVisitSchema,
        response: { 200: matchChangeView },
      },
    },
    async (request) => planFirstVisit(ctxOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/matches/:id/steps',
    {
      config: { access: 'match.manage' },
      schema: {
        tags,
        summary: 'Faire avancer l’appariement : annoncé, en essai, confirmé',
        params: idParams,
        body: matchStepSchema,
        response: { 200: matchChangeView },
      },
    },
    async (request) => takeMatchStep(ctxOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/matches/:id/reviews',
    {
      config: { access: 'match.review' },
      schema: {
        tags,
        summary:
          'Faire le bilan d’un appariement actif : satisfaction, LSNS-6, décision (continuer, changer le rythme, arrêter)',
        params: idParams,
        body: matchReviewSchema,
        response: { 200: matchChangeView },
      },
    },
    async (request) => holdReview(ctxOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/matches/:id/end',
    {
      config: { access: 'match.manage' },
      schema: {
        tags,
        summary:
          'Arrêter un appariement avec son motif ; sans autre appariement, la personne revient en attente',
        params: idParams,
        body: matchEndSchema,
        response: { 200: matchChangeView },
      },
    },
    async (request) => endMatch(ctxOf(request), request.params.id, request.body),
  );
}
