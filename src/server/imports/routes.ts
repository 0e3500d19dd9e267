/** Importing people and visitors from a spreadsheet (CSV or XLSX), and the history of imports. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, pagination } from '../../domain/common/schemas.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { pageOf } from '../../domain/common/api.js';
import { HttpError } from '../http/errors.js';
import { IMPORT_MODES, IMPORT_TARGETS, listImports, refusalMessage, runImport } from './service.js';
import { readImport, startImportInBackground } from './job.js';
import { importHistoryItem, importReport, importRun } from '../../domain/import/api.js';

const tags = ['imports'];

const DATA_URL_PREFIX = /^data:[^,]{0,200};base64,/;

const columnReference = z.union([
  z.number().int().min(0).max(999),
  z.string().trim().min(1).max(200),
]);

/** The request, for files up to `maxFileBytes` (base64, with room for a "data:…;base64," prefix). */
const importRequestSchema = (maxFileBytes: number) =>
  z.object({
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
      .max(
        Math.ceil(maxFileBytes / 3) * 4 + 200,
        `Le fichier dépasse ${Math.round(maxFileBytes / 1024 / 1024)} Mo : découpez-le en plusieurs fichiers.`,
      )
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
    /** Answers to the dry run's "which commune?": choice key → the candidate's value. */
    communeChoices: z
      .record(z.string().max(300), z.string().max(300))
      .refine((value) => Object.keys(value).length <= 500, 'Trop de choix de communes.')
      .nullish(),
    mode: z
      .enum(IMPORT_MODES, {
        message:
          'Mode attendu : dry_run (essai), all (tout ou rien) ou valid_only (lignes valides).',
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
      bodyLimit: Math.ceil((services.config.importMaxFileBytes * 4) / 3) + 1024 * 1024,
      config: { access: 'import.run' },
      schema: {
        tags,
        summary:
          'Importer des personnes ou des visiteurs depuis un tableur (CSV ou XLSX) : essai, tout ou rien, ou lignes valides',
        body: importRequestSchema(services.config.importMaxFileBytes),
        response: { 200: importReport },
      },
    },
    async (request, reply) => {
      const body = request.body;
      // Decoded with the rest of the file, in the worker that reads it: not on the event loop.
      const content = body.contentBase64.replace(DATA_URL_PREFIX, '');
      const report = await runImport(ctxOf(request), {
        target: body.target,
        fileName: body.fileName,
        content,
        mapping: body.mapping ?? null,
        sheet: body.sheet ?? null,
        mode: body.mode,
        communeChoices: body.communeChoices ?? null,
      });
      // A refusal is an error answer, { error, message, ...the report }: the error handler sends it.
      if (report.outcome === 'refused')
        throw new HttpError(400, 'import_has_problems', refusalMessage(report), { ...report });
      // Accepted: written by a job after this answer; the screen follows GET /api/imports/:id.
      if (report.outcome === 'started') {
        const importId = report.importId!;
        if (services.jobs)
          await services.jobs.enqueue('import-run', { importId }, { singletonKey: importId });
        else startImportInBackground(services, request.log, importId);
      }
      return reply.code(200).send(report);
    },
  );

  r.get(
    '/api/imports/:id',
    {
      config: { access: 'import.run' },
      schema: {
        tags,
        summary: 'Progression et résultat d’un import',
        params: idParams,
        response: { 200: importRun },
      },
    },
    async (request) => readImport(ctxOf(request), request.params.id),
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
