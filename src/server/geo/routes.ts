/** Commune autocompletion for address forms, from the offline gazetteer. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadGazetteer } from '../../geo/load-gazetteer.js';
import type { AppServices } from '../http/context.js';
import { communeList } from '../../domain/geo/api.js';

export async function geoRoutes(app: FastifyInstance, _services: AppServices) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/geo/communes',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['geo'],
        summary: 'Rechercher une commune (code postal ou nom) pour compléter une adresse',
        querystring: z.object({
          q: z.string().trim().min(2, 'Tapez au moins 2 caractères.').max(60),
          limit: z.coerce.number().int().min(1).max(30).default(10),
        }),
        response: { 200: communeList },
      },
    },
    async (request) => {
      const gazetteer = await loadGazetteer();
      return {
        items: gazetteer.searchCommunes(request.query.q, request.query.limit).map((c) => ({
          postalCode: c.postalCode,
          name: c.name,
          departmentCode: c.departmentCode,
        })),
      };
    },
  );
}
