/** Right of access (RGPD art. 15): a person's data as JSON and as a French PDF. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../domain/common/schemas.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import { exportPersonData } from './access-export.js';
import { accessExportPdfInWorker } from './access-pdf.js';
import { accessExportView, accessPdfResponse } from '../../domain/rights/api.js';

const tags = ['people'];

/** "donnees-helene-lefevre-2026-12-02": what the downloaded file is called. */
function fileNameOf(data: { person: { firstName: string; lastName: string }; exportedAt: string }) {
  const slug = `${data.person.firstName}-${data.person.lastName}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `donnees-${slug || 'personne'}-${data.exportedAt.slice(0, 10)}`;
}

export async function accessRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/people/:id/export.json',
    {
      config: { access: 'person.export' },
      schema: {
        tags,
        summary: 'Droit d’accès : toutes les données de la personne (JSON, export journalisé)',
        params: idParams,
        response: { 200: accessExportView },
      },
    },
    async (request, reply) => {
      const data = await exportPersonData(
        authenticatedContext(services, request),
        request.params.id,
      );
      reply.header('content-disposition', `attachment; filename="${fileNameOf(data)}.json"`);
      reply.header('cache-control', 'no-store');
      return data;
    },
  );

  r.get(
    '/api/people/:id/export.pdf',
    {
      config: { access: 'person.export' },
      schema: {
        tags,
        summary: 'Droit d’accès : document PDF à remettre à la personne (export journalisé)',
        params: idParams,
        response: { 200: accessPdfResponse },
      },
    },
    async (request, reply) => {
      const data = await exportPersonData(
        authenticatedContext(services, request),
        request.params.id,
      );
      const pdf = await accessExportPdfInWorker(data);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileNameOf(data)}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
