/** The organisation's retention durations for files of people accompanied (ADR 0012). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { organisations } from '../../db/schema.js';
import {
  LEGAL_RETENTION,
  retentionSettingsOf,
  retentionSettingsSchema,
  type RetentionSettings,
} from '../../domain/retention/rules.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import { write } from '../write/write.js';
import { retentionView } from '../../domain/rights/api.js';

const tags = ['organisation'];

/** Changes the durations: shorter than the legal reference freely, longer only with a written reason. */
async function updateRetentionSettings(ctx: AuthenticatedContext, input: RetentionSettings) {
  const organisationId = ctx.actor.organisationId;
  return write(ctx, {
    what: 'Organisation',
    audit: 'organisation.update_retention',
    load: async (tx) => {
      const [organisation] = await tx
        .select({ settings: organisations.settings })
        .from(organisations)
        .where(eq(organisations.id, organisationId))
        .for('update');
      if (!organisation) return null;
      return {
        row: { retention: retentionSettingsOf(organisation.settings) },
        scope: { organisationId },
        entityType: 'organisation',
        entityId: organisationId,
      };
    },
    apply: async (tx) => {
      const [organisation] = await tx
        .select({ settings: organisations.settings })
        .from(organisations)
        .where(eq(organisations.id, organisationId));
      const settings = { ...(organisation?.settings as object), retention: input };
      await tx
        .update(organisations)
        .set({ settings, updatedAt: new Date() })
        .where(eq(organisations.id, organisationId));
      return { settings: input, legal: LEGAL_RETENTION };
    },
  });
}

export async function retentionRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: FastifyRequest) => authenticatedContext(services, request);

  r.get(
    '/api/organisation/retention',
    {
      config: { access: 'organisation.read' },
      schema: {
        tags,
        summary: 'Durées de conservation des fiches et la référence légale (CNIL)',
        response: { 200: retentionView },
      },
    },
    async (request) => {
      const [organisation] = await services.db
        .select({ settings: organisations.settings })
        .from(organisations)
        .where(eq(organisations.id, ctxOf(request).actor.organisationId));
      return { settings: retentionSettingsOf(organisation?.settings), legal: LEGAL_RETENTION };
    },
  );

  r.put(
    '/api/organisation/retention',
    {
      config: { access: 'organisation.update' },
      schema: {
        tags,
        summary:
          'Raccourcir les durées de conservation (plus longues : seulement avec une raison écrite)',
        body: retentionSettingsSchema,
        response: { 200: retentionView },
      },
    },
    async (request) => updateRetentionSettings(ctxOf(request), request.body),
  );
}
