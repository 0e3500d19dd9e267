/** Importing people and visitors from a spreadsheet (CSV or XLSX), and the history of imports. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pagination } from '../../domain/common/schemas.js';
import { MAX_FILE_BYTES } from '../../domain/import/parse.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { pageOf } from '../../domain/common/api.js';
import { badRequest, HttpError } from '../http/errors.js';
import { IMPORT_MODES, IMPORT_TARGETS, listImports, refusalMessage, runImport } from './service.js';
import { importReport, importHistoryItem } from '../../domain/import/api.js';

const tags = ['imports'];

/** Base64 of the largest file accepted, with room for a "data:…;base64," prefix. */
const MAX_BASE64_CHARS = Math.ceil(MAX_FILE_BYTES / 3) * 4 + 200;
const DATA_URL_PREFIX = /^data:[^,]{0,200};base64,/;

const columnReference = z.union([
  z.number().int().min(0).max(999),
  z.string().trim().min(1).max(200),
]);

const importRequestSchema = z.object({
  target: z.enum(IMPORT_TARGETS, {
    message: 'Type d’import attendu : people (personnes) ou visitors (visiteurs).',
  }),
  fileName: z
    .string()
    .trim()
    .min(1, 'Le nom du fichier est obligatoire.')
    .max(255, '255 caractères au maximum.'),
  contentBase64: z
    .string()
    .min(1, 'Le fichier est vide.')
    .max(MAX_BASE64_CHARS, 'Le fichier dépasse 10 Mo : découpez-le en plusieurs fichiers.')
    .refine(
      (value) => /^[A-Za-z0-9+/_=\s-]*$/.test(value.replace(DATA_URL_PREFIX, '')),
      'Contenu du fichier illisible (base64 attendu).',
    ),
  /** Corrections of the guessed mapping: { field: column index or header name (or a list), null to drop }. */
  mapping: z
    .record(
      z.string().max(40),
      z.union([columnReference, z.array(columnReference).max(20), z.null()]),
    )
    .refine((value) => Object.keys(value).length <= 60, 'Trop de correspondances de colonnes.')
    .nullish(),
  sheet: z.string().trim().max(100, '100 caractères au maximum.').nullish(),
  mode: z
    .enum(IMPORT_MODES, {
      message: 'Mode attendu : dry_run (essai), all (tout ou rien) ou valid_only (lignes valides).',
    })
    .default('dry_run'),
});

export async function importRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: Parameters<typeof contextOf>[1]) =>
    contextOf(services, request) as AuthenticatedContext;

  r.post(
    '/api/imports',
    {
      bodyLimit: 15 * 1024 * 1024,
      config: { access: 'import.run' },
      schema: {
        tags,
        summary:
          'Importer des personnes ou des visiteurs depuis un tableur (CSV ou XLSX) : essai, tout ou rien, ou lignes valides',
        body: importRequestSchema,
        response: { 200: importReport },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const content = Buffer.from(body.contentBase64.replace(DATA_URL_PREFIX, ''), 'base64');
      if (content.byteLength === 0)
        throw badRequest('Le fichier est vide.', { field: 'contentBase64' });
      const report = await runImport(ctxOf(request), {
        target: body.target,
        fileName: body.fileName,
        content,
        mapping: body.mapping ?? null,
        sheet: body.sheet ?? null,
        mode: body.mode,
      });
      // A refusal is an error answer, { error, message, ...the report }: the error handler sends it.
      if (report.outcome === 'refused')
        throw new HttpError(400, 'import_has_problems', refusalMessage(report), { ...report });
      return reply.code(200).send(report);
    },
  );

  r.get(
    '/api/imports',
    {
      config: { access: 'import.run' },
      schema: {
        tags,
        summary: 'Historique des imports de l’organisation',
        querystring: pagination,
        response: { 200: pageOf(importHistoryItem) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return listImports(
        services.db,
        ctx.actor.organisationId,
        request.query.page,
        request.query.pageSize,
      );
    },
  );
}
