/** The audit trail, for administrators. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import { pageOf } from '../../domain/common/api.js';
import { auditListQuery, listAudit } from './queries.js';
import { auditEntry } from '../../domain/audit/api.js';

export async function auditRoutes(app: FastifyInstance, services: AppServices) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Journal : qui a vu ou modifié quoi, et quand (filtres et pages)',
        querystring: auditListQuery,
        response: { 200: pageOf(auditEntry) },
      },
    },
    async (request) =>
      listAudit(services.db, authenticatedContext(services, request).actor, request.query),
  );
}
