/** Matching: proposals for the waiting list, and their acceptance. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import {
  acceptProposals,
  acceptSchema,
  proposalRequestSchema,
  proposeForWaitingList,
  suggestForPerson,
  suggestionsQuerySchema,
} from './service.js';
import { proposalsAnswer, acceptedView, suggestionsAnswer } from '../../domain/matching/api.js';
import { idParams } from '../../domain/common/schemas.js';

const tags = ['matching'];

export async function matchingRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: FastifyRequest) => authenticatedContext(services, request);

  r.post(
    '/api/matching/proposals',
    {
      config: { access: 'matching.propose' },
      schema: {
        tags,
        summary: 'Proposer des appariements pour les personnes en attente (rien n’est enregistré)',
        body: proposalRequestSchema,
        response: { 200: proposalsAnswer },
      },
    },
    async (request) => proposeForWaitingList(ctxOf(request), request.body),
  );

  r.get(
    '/api/matching/people/:id/suggestions',
    {
      config: { access: 'matching.suggest' },
      schema: {
        tags,
        summary:
          'Les meilleurs binômes ou bénévoles pour une personne en attente (rien n’est enregistré)',
        params: idParams,
        querystring: suggestionsQuerySchema,
        response: { 200: suggestionsAnswer },
      },
    },
    async (request) => suggestForPerson(ctxOf(request), request.params.id, request.query),
  );

  r.post(
    '/api/matching/accept',
    {
      config: { access: 'matching.accept' },
      schema: {
        tags,
        summary: 'Accepter des appariements : chaque personne reçoit son binôme et devient suivie',
        body: acceptSchema,
        response: {
          200: acceptedView,
        },
      },
    },
    async (request) => acceptProposals(ctxOf(request), request.body),
  );
}
