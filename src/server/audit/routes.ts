/** The audit trail, for administrators. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import { pageOf, timestamp } from '../http/responses.js';
import { auditListQuery, listAudit } from './queries.js';

/** One line of the journal. `diff` is already redacted (src/domain/audit/fields.ts). */
const auditEntry = z.object({
  id: z.number().int(),
  at: timestamp,
  kind: z.string().describe('write (modification) ou read (consultation)'),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  diff: z
    .unknown()
    .describe('Pour une écriture : { champ: [avant, après] }, déjà masqué ; null pour une lecture'),
  ip: z.string().nullable(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  userEmail: z.string().nullable(),
});

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
