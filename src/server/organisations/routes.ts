/** The organisation's settings, local services, territories, and the home page figures. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
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

const tags = ['organisation'];

/** The settings as applied (the defaults where the organisation set none). */
const settingsView = z.object({
  eligibility: z.object({
    minimumAge: z.number().int(),
    isolationThreshold: z.number().int(),
    requireIsolation: z.boolean(),
    allowedDepartmentCodes: z.array(z.string()).nullable(),
  }),
  planning: z.object({
    dayStart: z.string(),
    dayEnd: z.string(),
    breakStart: z.string().nullable(),
    breakEnd: z.string().nullable(),
    allowSoloVisits: z.boolean(),
    maxVisitsPerVisitorPerDay: z.number().int(),
    silenceDays: z.number().int(),
    unreportedAfterDays: z.number().int(),
  }),
});
const localServiceView = z.object({ id: z.string(), name: z.string() });
const territoryView = z.object({
  id: z.string(),
  postalCode: z.string(),
  communeName: z.string(),
  inseeCode: z.string().nullable(),
  localServiceId: z.string().nullable(),
});
const organisationView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  settings: settingsView,
  localServices: z.array(localServiceView),
  territories: z.array(territoryView),
});
const statsView = z.object({
  peopleTotal: z.number().int(),
  toLocate: z.number().int(),
  visitorsActive: z.number().int(),
  pairsActive: z.number().int(),
  referralsOpen: z.number().int(),
  evaluationsThisYear: z.number().int(),
  peopleByStatus: z.record(z.string(), z.number().int()).describe('Nombre de personnes par statut'),
});

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
        response: { 204: z.undefined().describe('Pas de contenu') },
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
