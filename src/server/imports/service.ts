/**
 * Importing people or visitors from the spreadsheets services keep today. One function,
 * `runImport`, serves the API and the command line:
 * - `dry_run` reads, validates and compares with the database, and writes nothing;
 * - `all` accepts only a file without any problem;
 * - `valid_only` accepts the valid rows.
 * An accepted import is recorded (`imports`, status `pending`, with the rows to write) and written
 * by a job, in slices, with its progress (job.ts, ADR 0018).
 * A row whose import key (or identity) is already in the organisation is "already present" and is
 * not created again, so importing the same file twice creates nothing the second time.
 */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { imports, localServices, people, territories, users, visitors } from '../../db/schema.js';
import type { Analysis, CommuneChoice, CommuneSummary } from '../../domain/import/analyse.js';
import { organisationRule } from '../organisations/service.js';
import { ENCODING_LABELS, type TextEncoding } from '../../domain/import/decode.js';
import { personImportKey, visitorImportKey } from '../../domain/import/key.js';
import type { ColumnMapping, ImportTarget, MappingOverride } from '../../domain/import/mapping.js';
import {
  DELIMITER_LABELS,
  ImportFileError,
  type Delimiter,
  type ImportLimits,
} from '../../domain/import/parse.js';
import type { ImportProblem } from '../../domain/import/rows.js';
import type { PersonCreateInput } from '../../domain/people/schemas.js';
import type { VisitorCreateInput } from '../../domain/visitors/schemas.js';
import { authorizeRole } from '../http/authorize.js';
import type { AuthenticatedContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { write } from '../write/write.js';
import { serviceToday } from '../../domain/common/calendar.js';
import type { Config } from '../config.js';
import { WorkerFailure } from '../threads/in-worker.js';
import { readImportFile } from './read.js';

import { IMPORT_MODES, IMPORT_TARGETS, type ImportMode } from '../../domain/import/modes.js';
export { IMPORT_MODES, IMPORT_TARGETS, type ImportMode };

/** Problems listed in a report; beyond, only their number is given. */
const MAX_REPORTED_PROBLEMS = 5000;

export interface RunImportInput {
  target: ImportTarget;
  fileName: string;
  /** The file's bytes, or the base64 text the API received (decoded off the main thread). */
  content: Uint8Array | string;
  mapping?: MappingOverride | null | undefined;
  sheet?: string | null | undefined;
  mode: ImportMode;
  /** Answers to "which commune?": choice key → candidate value (stored with the import). */
  communeChoices?: Record<string, string> | null | undefined;
}

export interface ImportProgress {
  /** locate: addresses being located; write: records being written. */
  phase: 'locate' | 'write';
  done: number;
  total: number;
}

export interface ImportReport {
  /**
   * dry_run: nothing written; started: accepted, a job writes it (follow `importId`); imported:
   * written (the command line waits for the job); refused: mode "all" and the file has problems.
   */
  outcome: 'dry_run' | 'started' | 'imported' | 'refused';
  importId: string | null;
  target: ImportTarget;
  mode: ImportMode;
  fileName: string;
  fileSha256: string;
  format: 'csv' | 'xlsx';
  encoding: TextEncoding | null;
  /** French: "Windows-1252 (ANSI)". */
  encodingLabel: string | null;
  delimiter: Delimiter | null;
  /** French: "point-virgule". */
  delimiterLabel: string | null;
  sheet: string | null;
  sheets: string[];
  headerLine: number;
  headers: string[];
  mapping: ColumnMapping;
  mappedFields: { field: string; label: string; columns: string[] }[];
  ignoredColumns: string[];
  totalRows: number;
  validRows: number;
  /** Rows with at least one problem. */
  rejectedRows: number;
  problems: ImportProblem[];
  /** All the problems, when the list above is cut at MAX_REPORTED_PROBLEMS. */
  problemCount: number;
  /** What does not stop a row: eligibility, a corrected postal code, an unknown commune… */
  warnings: ImportProblem[];
  warningCount: number;
  /** Blank rows, left out. */
  ignoredLines: number[];
  /** Each commune as typed, and what it was read as. */
  communes: (CommuneSummary & { localServiceName: string | null })[];
  /** Communes the user must choose before the import is accepted. */
  communeChoices: CommuneChoice[];
  outsideTerritoryLines: number[];
  notEligibleLines: number[];
  /** Valid rows not yet in the organisation. */
  wouldCreate: number;
  /** Valid rows already in the organisation (same import key, or same identity). */
  alreadyPresent: number;
  alreadyPresentLines: number[];
  created: number;
  /** Rows not created, whatever the reason (problem or already present). */
  skipped: number;
  /** Created records whose address could not be located (flagged "to_locate"). */
  toLocate: number;
}

const today = () => serviceToday();

export type ImportStatus = 'pending' | 'running' | 'done' | 'failed';

/** A valid row an accepted import still has to write (imports.payload). */
export interface PayloadRow {
  line: number;
  key: string;
  /** The record's fields, without its location (located when written) nor organisation. */
  data: Record<string, unknown>;
}

function chunks<T>(items: readonly T[], size = 1000): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Keys of the rows of this file already in the organisation: by import key or by identity. */
export async function existingKeys(
  db: DbOrTx,
  organisationId: string,
  target: ImportTarget,
  rows: readonly { key: string | null; data: unknown }[],
): Promise<Set<string>> {
  const keys = rows.map((row) => row.key!);
  const found = new Set<string>();
  if (target === 'people') {
    for (const part of chunks(keys)) {
      const matches = await db
        .select({ key: people.importKey })
        .from(people)
        .where(and(eq(people.organisationId, organisationId), inArray(people.importKey, part)));
      for (const { key } of matches) if (key) found.add(key);
    }
    // The same person entered by hand (or by another file): same names and birth date.
    const birthDates = [
      ...new Set(
        rows
          .map((row) => (row.data as PersonCreateInput).birthDate)
          .filter((d): d is string => !!d),
      ),
    ];
    for (const part of chunks(birthDates)) {
      const matches = await db
        .select({
          lastName: people.lastName,
          firstName: people.firstName,
          birthDate: people.birthDate,
        })
        .from(people)
        .where(
          and(
            eq(people.organisationId, organisationId),
            isNull(people.mergedIntoId),
            inArray(people.birthDate, part),
          ),
        );
      for (const person of matches) found.add(personImportKey(person));
    }
  } else {
    for (const part of chunks(keys)) {
      const matches = await db
        .select({ key: visitors.importKey })
        .from(visitors)
        .where(and(eq(visitors.organisationId, organisationId), inArray(visitors.importKey, part)));
      for (const { key } of matches) if (key) found.add(key);
    }
    const data = rows.map((row) => row.data as VisitorCreateInput);
    const emails = [...new Set(data.map((v) => v.email).filter((e): e is string => !!e))];
    const phones = [...new Set(data.map((v) => v.phone).filter((p): p is string => !!p))];
    const lookups = [
      ...chunks(emails).map((part) => sql`lower(${visitors.email}) in ${part}`),
      ...chunks(phones).map((part) => inArray(visitors.phone, part)),
    ];
    for (const condition of lookups) {
      const matches = await db
        .select({
          lastName: visitors.lastName,
          firstName: visitors.firstName,
          email: visitors.email,
          phone: visitors.phone,
        })
        .from(visitors)
        .where(and(eq(visitors.organisationId, organisationId), condition));
      for (const visitor of matches) {
        if (visitor.email)
          found.add(visitorImportKey({ ...visitor, email: visitor.email.toLowerCase() }));
        if (visitor.phone) found.add(visitorImportKey({ ...visitor, email: null }));
      }
    }
  }
  return found;
}

function baseReport(
  analysis: Analysis,
  input: RunImportInput,
  services: readonly { id: string; name: string }[],
): ImportReport {
  const rejectedRows = analysis.totalRows - analysis.validRows;
  const serviceName = (id: string | null) => services.find((s) => s.id === id)?.name ?? null;
  return {
    outcome: 'dry_run',
    importId: null,
    target: input.target,
    mode: input.mode,
    fileName: input.fileName,
    fileSha256: analysis.fileSha256,
    format: analysis.format,
    encoding: analysis.encoding,
    encodingLabel: analysis.encoding ? ENCODING_LABELS[analysis.encoding] : null,
    delimiter: analysis.delimiter,
    delimiterLabel: analysis.delimiter ? DELIMITER_LABELS[analysis.delimiter] : null,
    sheet: analysis.sheet,
    sheets: analysis.sheets,
    headerLine: analysis.headerLine,
    headers: analysis.headers,
    mapping: analysis.mapping,
    mappedFields: analysis.mappedFields,
    ignoredColumns: analysis.ignoredColumns,
    totalRows: analysis.totalRows,
    validRows: analysis.validRows,
    rejectedRows,
    problems: analysis.problems.slice(0, MAX_REPORTED_PROBLEMS),
    problemCount: analysis.problems.length,
    warnings: analysis.warnings.slice(0, MAX_REPORTED_PROBLEMS),
    warningCount: analysis.warnings.length,
    ignoredLines: analysis.ignoredLines,
    communes: analysis.communes.map((c) => ({
      ...c,
      localServiceName: serviceName(c.localServiceId),
    })),
    communeChoices: analysis.communeChoices,
    outsideTerritoryLines: analysis.outsideTerritoryLines,
    notEligibleLines: analysis.notEligibleLines,
    wouldCreate: 0,
    alreadyPresent: 0,
    alreadyPresentLines: [],
    created: 0,
    skipped: 0,
    toLocate: 0,
  };
}

/** The fields of the record a valid row creates (its location comes when it is written). */
function recordFields(
  target: ImportTarget,
  data: PersonCreateInput | VisitorCreateInput,
  defaultLocalServiceId: string | null,
): Record<string, unknown> {
  if (target === 'people') {
    const {
      contacts: _contacts,
      confirmNotDuplicate: _confirm,
      ...fields
    } = data as PersonCreateInput;
    return { ...fields, localServiceId: fields.localServiceId ?? defaultLocalServiceId };
  }
  const fields = data as VisitorCreateInput;
  return { ...fields, localServiceId: fields.localServiceId ?? defaultLocalServiceId };
}

/** The import's columns but its rows. */
const { payload: _payload, ...importColumnsWithoutPayload } = getTableColumns(imports);

/**
 * Records an accepted import (status `pending`, the rows to write) in one write: the audit keeps
 * its row (`import.run`, by the user who sent the file), first of the import's batch.
 */
async function recordImport(
  ctx: AuthenticatedContext,
  input: RunImportInput,
  analysis: Analysis,
  payload: PayloadRow[],
  alreadyPresent: number,
) {
  const importId = randomUUID();
  return write(ctx, {
    apply: async (_tx, _none, trail) => {
      trail.batchId = importId;
      const [run] = await _tx
        .insert(imports)
        .values({
          id: importId,
          organisationId: ctx.actor.organisationId,
          userId: ctx.actor.id,
          target: input.target,
          fileName: input.fileName.slice(0, 255),
          fileSha256: analysis.fileSha256,
          mode: input.mode,
          status: 'pending',
          total: payload.length,
          created: 0,
          skipped: alreadyPresent,
          rejected: analysis.totalRows - analysis.validRows,
          payload,
          communeChoices: input.communeChoices ?? null,
        })
        // Not the payload back: megabytes of JSON the driver would parse on the event loop.
        .returning(importColumnsWithoutPayload);
      // The rows themselves are audited one by one as they are written, not as a blob here.
      trail.record({ entityType: 'import', entityId: importId, after: run!, first: true });
      return importId;
    },
  });
}

/** The limits of one import file, from the configuration. */
function importLimits(config: Config): ImportLimits {
  return {
    maxFileBytes: config.importMaxFileBytes,
    maxUncompressedBytes: config.importMaxUncompressedBytes,
    maxRows: config.importMaxRows,
    maxColumns: config.importMaxColumns,
  };
}

/** The organisation's local services, to read a "Service local" column. */
async function localServicesOf(ctx: AuthenticatedContext) {
  return ctx.db
    .select({ id: localServices.id, name: localServices.name })
    .from(localServices)
    .where(eq(localServices.organisationId, ctx.actor.organisationId));
}

/** The organisation's territories: a person's commune gives their local service. */
async function territoriesOf(ctx: AuthenticatedContext) {
  return ctx.db
    .select({
      postalCode: territories.postalCode,
      communeName: territories.communeName,
      localServiceId: territories.localServiceId,
    })
    .from(territories)
    .where(eq(territories.organisationId, ctx.actor.organisationId));
}

/** Reads the file and, unless it is a dry run, imports it. Refusals of the whole file are 400s. */
export async function runImport(
  ctx: AuthenticatedContext,
  input: RunImportInput,
): Promise<ImportReport> {
  // A dry run writes nothing, so the write mechanism does not check it: the same action is checked here.
  authorizeRole(ctx.actor, 'import.run');
  let analysis: Analysis;
  const services = await localServicesOf(ctx);
  try {
    // In a worker thread: seconds of CPU for a large file, during which the server must answer.
    analysis = await readImportFile(
      {
        target: input.target,
        fileName: input.fileName,
        content: input.content,
        mapping: input.mapping,
        sheet: input.sheet,
        today: today(),
        localServices: services,
        onlyLocalServiceId: ctx.actor.localServiceId,
        territories: input.target === 'people' ? await territoriesOf(ctx) : [],
        eligibilityRule:
          input.target === 'people'
            ? await organisationRule(ctx.db, ctx.actor.organisationId)
            : null,
        communeChoices: input.communeChoices ?? null,
        limits: importLimits(ctx.config),
      },
      ctx.config.importReadSeconds * 1000,
    );
  } catch (error) {
    if (error instanceof ImportFileError) {
      if (error.operatorReason)
        ctx.log.warn(
          { code: error.code, reason: error.operatorReason, fileName: input.fileName },
          'import file refused',
        );
      throw new HttpError(400, error.code, error.message, error.details);
    }
    if (error instanceof WorkerFailure && error.reason === 'timeout') {
      ctx.log.warn({ err: error, fileName: input.fileName }, 'import file read timed out');
      throw new HttpError(
        503,
        'import_read_timeout',
        `La lecture du fichier a pris plus de ${ctx.config.importReadSeconds} secondes : rien n’a été enregistré. Réessayez dans quelques minutes, ou découpez le fichier en plusieurs fichiers.`,
      );
    }
    throw error;
  }

  const report = baseReport(analysis, input, services);
  const valid = analysis.rows.filter((row) => row.data !== null);
  const present = await existingKeys(ctx.db, ctx.actor.organisationId, input.target, valid);
  const toCreate = valid.filter((row) => !present.has(row.key!));
  const alreadyPresentLines = valid.filter((row) => present.has(row.key!)).map((row) => row.line);
  report.wouldCreate = toCreate.length;
  report.alreadyPresent = alreadyPresentLines.length;
  report.alreadyPresentLines = alreadyPresentLines;
  report.skipped = analysis.totalRows - toCreate.length;

  if (input.mode === 'dry_run') return report;
  // "Which commune?" is answered before anything is accepted: a guess would misplace a person.
  const open = analysis.communeChoices.filter((choice) => choice.chosen === null);
  if (open.length > 0) {
    const list = open
      .map(
        (choice) =>
          `« ${choice.typed} » (ligne${choice.lines.length > 1 ? 's' : ''} ${choice.lines.join(', ')})`,
      )
      .join(', ');
    throw new HttpError(
      409,
      'commune_choice_required',
      `Choisissez d’abord la commune voulue pour ${list} : plusieurs communes portent ce nom. Rien n’a été enregistré.`,
      { communeChoices: report.communeChoices },
    );
  }
  if (input.mode === 'all' && analysis.problems.length > 0) {
    report.outcome = 'refused';
    report.skipped = analysis.totalRows;
    return report;
  }

  const payload = toCreate.map((row) => ({
    line: row.line,
    key: row.key!,
    data: recordFields(
      input.target,
      row.data as PersonCreateInput | VisitorCreateInput,
      ctx.actor.localServiceId,
    ),
  }));
  report.outcome = 'started';
  report.importId = await recordImport(ctx, input, analysis, payload, alreadyPresentLines.length);
  return report;
}

/** The import history of the user's organisation, newest first. */
export async function listImports(
  db: DbOrTx,
  organisationId: string,
  page: number,
  pageSize: number,
) {
  const where = eq(imports.organisationId, organisationId);
  const [total] = await db.select({ total: count() }).from(imports).where(where);
  const items = await db
    .select({
      id: imports.id,
      createdAt: imports.createdAt,
      target: imports.target,
      fileName: imports.fileName,
      fileSha256: imports.fileSha256,
      mode: imports.mode,
      status: imports.status,
      total: imports.total,
      processed: imports.processed,
      created: imports.created,
      skipped: imports.skipped,
      rejected: imports.rejected,
      userId: imports.userId,
      userName: users.displayName,
    })
    .from(imports)
    .leftJoin(users, eq(users.id, imports.userId))
    .where(where)
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    items: items.map((item) => ({ ...item, status: item.status as ImportStatus })),
    total: total?.total ?? 0,
    page,
    pageSize,
  };
}

/** French summary of a refusal in mode "all". */
export function refusalMessage(report: ImportReport) {
  const rows = report.rejectedRows;
  return `Import refusé : ${report.problemCount} problème${report.problemCount > 1 ? 's' : ''} sur ${rows} ligne${rows > 1 ? 's' : ''}. Rien n’a été enregistré. Corrigez le fichier, ou importez seulement les lignes valides.`;
}
