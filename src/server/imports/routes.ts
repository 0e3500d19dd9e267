/** Importing people and visitors from a spreadsheet (CSV or XLSX), and the history of imports. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, pagination } from '../../domain/common/schemas.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { id, pageOf, timestamp } from '../http/responses.js';
import { badRequest, HttpError } from '../http/errors.js';
import { IMPORT_MODES, IMPORT_TARGETS, listImports, refusalMessage, runImport } from './service.js';
import { readImport, startImportInBackground } from './job.js';

const tags = ['imports'];

/** What was read of the file and what was (or would be) done with it. */
const importReport = z.object({
  outcome: z
    .enum(['dry_run', 'started', 'imported', 'refused'])
    .describe(
      'dry_run : rien n’est écrit ; started : accepté, écrit en arrière-plan (suivre GET /api/imports/{importId}) ; imported : écrit ; refused : mode « all » et le fichier a des problèmes',
    ),
  importId: id.nullable(),
  target: z.enum(IMPORT_TARGETS),
  mode: z.enum(IMPORT_MODES),
  fileName: z.string(),
  fileSha256: z.string(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z
    .string()
    .nullable()
    .describe('utf-8, utf-8-bom, utf-16le, utf-16be ou windows-1252 (CSV)'),
  encodingLabel: z.string().nullable(),
  delimiter: z.string().nullable(),
  delimiterLabel: z.string().nullable(),
  sheet: z.string().nullable(),
  sheets: z.array(z.string()),
  headerLine: z.number().int(),
  headers: z.array(z.string()),
  mapping: z
    .record(z.string(), z.union([z.number().int(), z.array(z.number().int())]))
    .describe('Champ → colonne(s), par leur rang (0 = première)'),
  mappedFields: z.array(
    z.object({ field: z.string(), label: z.string(), columns: z.array(z.string()) }),
  ),
  ignoredColumns: z.array(z.string()),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  rejectedRows: z.number().int(),
  problems: z.array(
    z.object({
      line: z.number().int(),
      column: z.string().nullable(),
      field: z.string().nullable(),
      value: z.string().nullable(),
      message: z.string(),
      detail: z.string(),
    }),
  ),
  problemCount: z.number().int().describe('Tous les problèmes, quand la liste est coupée'),
  wouldCreate: z.number().int(),
  alreadyPresent: z.number().int(),
  alreadyPresentLines: z.array(z.number().int()),
  created: z.number().int(),
  skipped: z.number().int(),
  toLocate: z.number().int(),
});

const importStatus = z
  .enum(['pending', 'running', 'done', 'failed'])
  .describe('pending : en attente ; running : en cours ; done : terminé ; failed : en échec');

const importHistoryItem = z.object({
  id,
  createdAt: timestamp,
  target: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  mode: z.string(),
  status: importStatus,
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  userId: id.nullable(),
  userName: z.string().nullable(),
});

/** Where an import being written stands, and its result once finished. */
const importRun = z.object({
  id,
  createdAt: timestamp,
  finishedAt: timestamp.nullable(),
  target: z.string(),
  fileName: z.string(),
  mode: z.string(),
  status: importStatus,
  total: z.number().int().describe('Lignes à écrire'),
  processed: z.number().int().describe('Lignes traitées'),
  created: z.number().int(),
  skipped: z.number().int().describe('Lignes déjà présentes, non recréées'),
  rejected: z.number().int().describe('Lignes écartées pour un problème'),
  toLocate: z.number().int().describe('Fiches créées dont l’adresse reste à localiser'),
  error: z.string().nullable().describe('Pourquoi l’import a échoué, en français'),
  userId: id.nullable(),
  userName: z.string().nullable(),
});

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
