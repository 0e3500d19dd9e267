/** The organisation's settings, local services, territories, and the home page figures. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../domain/common/schemas.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import {
  createLocalService,
  createTerritory,
  deleteTerritory,
  localServiceCreateSchema,
  organisationStats,
  readOrganisation,
  settingsUpdateSchema,
  territoryCreateSchema,
  updateSettings,
} from './service.js';
import {
  settingsView,
  localServiceView,
  territoryView,
  organisationView,
  statsView,
} from '../../domain/organisations/api.js';
import { noContent } from '../../domain/common/api.js';

const tags = ['organisation'];

export async function organisationRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: FastifyRequest) => authenticatedContext(services, request);

  r.get(
    '/api/organisation',
    {
      config: { access: 'organisation.read' },
      schema: {
        tags,
        summary: 'L’organisation : réglages, services locaux et territoire',
        response: { 200: organisationView },
      },
    },
    async (request) => readOrganisation(services.db, ctxOf(request).actor),
  );

  r.patch(
    '/api/organisation/settings',
    {
      config: { access: 'organisation.update' },
      schema: {
        tags,
        summary: 'Modifier les réglages (règle d’éligibilité)',
        body: settingsUpdateSchema,
        response: { 200: settingsView },
      },
    },
    async (request) => updateSettings(ctxOf(request), request.body),
  );

  r.post(
    '/api/organisation/local-services',
    {
      config: { access: 'organisation.update' },
      schema: {
        tags,
        summary: 'Ajouter un service local',
        body: localServiceCreateSchema,
        response: { 201: localServiceView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createLocalService(ctxOf(request), request.body.name)),
  );

  r.post(
    '/api/organisation/territories',
    {
      config: { access: 'organisation.update' },
      schema: {
        tags,
        summary: 'Ajouter une commune au territoire (vérifiée dans la liste des communes)',
        body: territoryCreateSchema,
        response: { 201: territoryView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createTerritory(ctxOf(request), request.body)),
  );

  r.delete(
    '/api/organisation/territories/:id',
    {
      config: { access: 'organisation.update' },
      schema: {
        tags,
        summary: 'Retirer une commune du territoire',
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (request, reply) => {
      await deleteTerritory(ctxOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/stats',
    {
      config: { access: 'stats.read' },
      schema: {
        tags,
        summary:
          'Chiffres de l’accueil (organisation entière, ou le service local de l’utilisateur)',
        response: { 200: statsView },
      },
    },
    async (request) => organisationStats(services.db, ctxOf(request).actor),
  );
}
