/** People's data rights: erasure on request and the legal holds that suspend it (ADR 0012). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../domain/common/schemas.js';
import { erasureRequestSchema, legalHoldSchema } from '../../domain/rights/erasure.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import { erasePerson, liftLegalHold, setLegalHold } from './erasure.js';
import { erasureView, legalHoldView } from '../../domain/rights/api.js';

const tags = ['people'];

export async function erasureRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: FastifyRequest) => authenticatedContext(services, request);

  r.post(
    '/api/people/:id/erase',
    {
      config: { access: 'person.erase' },
      schema: {
        tags,
        summary:
          'Effacer les données d’une personne (droit à l’effacement) ; refusé sous gel juridique',
        params: idParams,
        body: erasureRequestSchema,
        response: { 200: erasureView },
      },
    },
    async (request) => erasePerson(ctxOf(request), request.params.id, request.body.reason),
  );

  r.post(
    '/api/people/:id/legal-hold',
    {
      config: { access: 'person.legal_hold' },
      schema: {
        tags,
        summary: 'Poser un gel juridique (suspend l’effacement et l’anonymisation)',
        params: idParams,
        body: legalHoldSchema,
        response: { 200: legalHoldView },
      },
    },
    async (request) => setLegalHold(ctxOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/people/:id/legal-hold/lift',
    {
      config: { access: 'person.legal_hold' },
      schema: {
        tags,
        summary: 'Lever le gel juridique d’une fiche',
        params: idParams,
        body: z
          .object({
            reason: z
              .string()
              .trim()
              .min(10, 'Indiquez pourquoi le gel est levé (10 caractères au moins).')
              .max(2000),
          })
          .strict(),
        response: { 200: legalHoldView },
      },
    },
    async (request) => liftLegalHold(ctxOf(request), request.params.id, request.body.reason),
  );
}
