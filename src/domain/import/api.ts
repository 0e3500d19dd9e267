/** What the import routes answer (their `schema.response`): the report of a file and the history. */
import { z } from 'zod';
import { id, timestamp, type WireOf } from '../common/api.js';
import { IMPORT_MODES, IMPORT_TARGETS } from './modes.js';

const importProblem = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  value: z.string().nullable(),
  message: z.string(),
  detail: z.string(),
});

/** What was read of the file and what was (or would be) done with it. */
export const importReport = z.object({
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
  problems: z.array(importProblem),
  problemCount: z.number().int().describe('Tous les problèmes, quand la liste est coupée'),
  warnings: z
    .array(importProblem)
    .describe('Avertissements : la ligne reste importable (éligibilité, code postal corrigé…)'),
  warningCount: z.number().int(),
  ignoredLines: z.array(z.number().int()).describe('Lignes vides, ignorées'),
  communes: z.array(
    z.object({
      typed: z.string(),
      typedPostalCode: z.string().nullable(),
      status: z
        .enum(['resolved', 'chosen', 'ambiguous', 'unknown'])
        .describe(
          'resolved : reconnue ; chosen : choisie ; ambiguous : à choisir ; unknown : inconnue',
        ),
      name: z.string().nullable(),
      postalCode: z.string().nullable(),
      departmentCode: z.string().nullable(),
      localServiceId: id.nullable(),
      localServiceName: z.string().nullable(),
      outsideTerritory: z.boolean(),
      lines: z.array(z.number().int()),
    }),
  ),
  communeChoices: z.array(
    z.object({
      key: z.string().describe('À renvoyer dans communeChoices avec la valeur choisie'),
      typed: z.string(),
      typedPostalCode: z.string().nullable(),
      candidates: z.array(
        z.object({
          value: z.string(),
          name: z.string(),
          postalCode: z.string(),
          departmentCode: z.string(),
          label: z.string(),
        }),
      ),
      lines: z.array(z.number().int()),
      chosen: z.string().nullable(),
    }),
  ),
  outsideTerritoryLines: z.array(z.number().int()),
  notEligibleLines: z.array(z.number().int()),
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

export const importHistoryItem = z.object({
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
export const importRun = z.object({
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

// ---------------------------------------------------------------- what the web app reads

export type ImportHistoryItem = WireOf<typeof importHistoryItem>;
export type ImportRun = WireOf<typeof importRun>;
