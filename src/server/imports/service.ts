/**
 * Importing people or visitors from the spreadsheets services keep today. One function,
 * `runImport`, serves the API and the command line:
 * - `dry_run` reads, validates and compares with the database, and writes nothing;
 * - `all` imports only a file without any problem, in one transaction;
 * - `valid_only` imports the valid rows, in one transaction.
 * A row whose import key (or identity) is already in the organisation is "already present" and is
 * not created again, so importing the same file twice creates nothing the second time.
 */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { imports, localServices, people, statusChanges, users, visitors } from '../../db/schema.js';
import { analyseImport, type Analysis, type AnalysedRow } from '../../domain/import/analyse.js';
import { ENCODING_LABELS, type TextEncoding } from '../../domain/import/decode.js';
import { personImportKey, visitorImportKey } from '../../domain/import/key.js';
import type { ColumnMapping, ImportTarget, MappingOverride } from '../../domain/import/mapping.js';
import { DELIMITER_LABELS, ImportFileError, type Delimiter } from '../../domain/import/parse.js';
import type { ImportProblem } from '../../domain/import/rows.js';
import type { PersonCreateInput } from '../../domain/people/schemas.js';
import type { VisitorCreateInput } from '../../domain/visitors/schemas.js';
import { authorizeRole } from '../http/authorize.js';
import type { AuthenticatedContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { write, type AuditTrail } from '../write/write.js';
import { locateAddress, type LocationFields } from '../geo/locate.js';
import { serviceToday } from '../../domain/common/calendar.js';

import { IMPORT_MODES, IMPORT_TARGETS, type ImportMode } from '../../domain/import/modes.js';
export { IMPORT_MODES, IMPORT_TARGETS, type ImportMode };

/** Problems listed in a report; beyond, only their number is given. */
const MAX_REPORTED_PROBLEMS = 5000;

export interface RunImportInput {
  target: ImportTarget;
  fileName: string;
  content: Uint8Array;
  mapping?: MappingOverride | null | undefined;
  sheet?: string | null | undefined;
  mode: ImportMode;
}

export interface ImportProgress {
  /** locate: addresses being located; write: records being written. */
  phase: 'locate' | 'write';
  done: number;
  total: number;
}

export interface ImportReport {
  /** dry_run: nothing written; imported: written; refused: mode "all" and the file has problems. */
  outcome: 'dry_run' | 'imported' | 'refused';
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
const CHUNK = 250;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** Keys of the rows of this file already in the organisation: by import key or by identity. */
async function existingKeys(
  db: DbOrTx,
  organisationId: string,
  target: ImportTarget,
  rows: AnalysedRow[],
): Promise<Set<string>> {
  const keys = rows.map((row) => row.key!);
  const found = new Set<string>();
  if (target === 'people') {
    for (const part of chunks(keys, 1000)) {
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
    for (const part of chunks(birthDates, 1000)) {
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
    for (const part of chunks(keys, 1000)) {
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
      ...chunks(emails, 1000).map((part) => sql`lower(${visitors.email}) in ${part}`),
      ...chunks(phones, 1000).map((part) => inArray(visitors.phone, part)),
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

function baseReport(analysis: Analysis, input: RunImportInput): ImportReport {
  const rejectedRows = analysis.totalRows - analysis.validRows;
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
    wouldCreate: 0,
    alreadyPresent: 0,
    alreadyPresentLines: [],
    created: 0,
    skipped: 0,
    toLocate: 0,
  };
}

/** Locates the addresses before the transaction (a network geocoder must not hold it open). */
async function locateAll(
  ctx: AuthenticatedContext,
  rows: AnalysedRow[],
  onProgress?: (progress: ImportProgress) => void,
): Promise<LocationFields[]> {
  const cache = new Map<string, Promise<LocationFields>>();
  const results: LocationFields[] = new Array(rows.length);
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const index = next++;
      const data = rows[index]!.data as PersonCreateInput | VisitorCreateInput;
      const address = {
        street: data.street,
        postalCode: data.postalCode,
        communeName: data.communeName,
        inseeCode: data.inseeCode,
      };
      const cacheKey = JSON.stringify(address);
      let located = cache.get(cacheKey);
      if (!located) {
        located = locateAddress(ctx.geocoder, address);
        cache.set(cacheKey, located);
      }
      results[index] = await located;
      done++;
      if (onProgress && (done % 50 === 0 || done === rows.length))
        onProgress({ phase: 'locate', done, total: rows.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, rows.length) }, worker));
  return results;
}

/**
 * Writes the records in one write (src/server/write/write.ts), checked under the route's action
 * (`import.run`). The audit keeps one row per created record (`person.create` about that person,
 * `visitor.create`) and the import's own row (`import.run`), all under the import's id as their
 * batch.
 */
async function writeRecords(
  ctx: AuthenticatedContext,
  input: RunImportInput,
  analysis: Analysis,
  rows: AnalysedRow[],
  locations: LocationFields[],
  counts: { alreadyPresent: number },
  onProgress?: (progress: ImportProgress) => void,
) {
  const importId = randomUUID();
  const organisationId = ctx.actor.organisationId;
  const defaultLocalService = ctx.actor.localServiceId;
  return write(ctx, {
    apply: async (tx, _none, trail: AuditTrail) => {
      trail.batchId = importId;
      let created = 0;
      let toLocate = 0;
      let done = 0;
      const indexed = rows.map((row, index) => ({ row, location: locations[index]! }));
      for (const part of chunks(indexed)) {
        if (input.target === 'people') {
          const values = part.map(({ row, location }) => {
            const {
              contacts: _contacts,
              confirmNotDuplicate: _confirm,
              ...fields
            } = row.data as PersonCreateInput;
            return {
              ...fields,
              ...location,
              localServiceId: fields.localServiceId ?? defaultLocalService,
              organisationId,
              importKey: row.key!,
            };
          });
          // A concurrent import of the same rows: the unique key keeps one, the other skips it.
          const inserted = await tx
            .insert(people)
            .values(values)
            .onConflictDoNothing({ target: [people.organisationId, people.importKey] })
            .returning();
          if (inserted.length > 0) {
            await tx.insert(statusChanges).values(
              inserted.map((person) => ({
                personId: person.id,
                fromStatus: null,
                toStatus: 'referred',
                effectiveDate: today(),
                changedBy: ctx.actor.id,
                comment: `Fiche créée par import (${input.fileName.slice(0, 150)})`,
              })),
            );
            for (const person of inserted) {
              trail.record({
                action: 'person.create',
                entityType: 'person',
                entityId: person.id,
                subjectId: person.id,
                after: { ...person, status: 'referred', contacts: [], importId },
              });
            }
          }
          created += inserted.length;
          toLocate += inserted.filter((person) => person.locationStatus === 'to_locate').length;
          counts.alreadyPresent += part.length - inserted.length;
        } else {
          const values = part.map(({ row, location }) => {
            const fields = row.data as VisitorCreateInput;
            return {
              ...fields,
              ...location,
              localServiceId: fields.localServiceId ?? defaultLocalService,
              organisationId,
              importKey: row.key!,
            };
          });
          const inserted = await tx
            .insert(visitors)
            .values(values)
            .onConflictDoNothing({ target: [visitors.organisationId, visitors.importKey] })
            .returning();
          for (const visitor of inserted) {
            trail.record({
              action: 'visitor.create',
              entityType: 'visitor',
              entityId: visitor.id,
              after: { ...visitor, importId },
            });
          }
          created += inserted.length;
          toLocate += inserted.filter((visitor) => visitor.locationStatus === 'to_locate').length;
          counts.alreadyPresent += part.length - inserted.length;
        }
        done += part.length;
        onProgress?.({ phase: 'write', done, total: rows.length });
      }
      const rejected = analysis.totalRows - analysis.validRows;
      const [run] = await tx
        .insert(imports)
        .values({
          id: importId,
          organisationId,
          userId: ctx.actor.id,
          target: input.target,
          fileName: input.fileName.slice(0, 255),
          fileSha256: analysis.fileSha256,
          mode: input.mode,
          created,
          skipped: counts.alreadyPresent,
          rejected,
        })
        .returning();
      // The import's own row comes first; `skipped` counts the rows already present.
      trail.record({ entityType: 'import', entityId: importId, after: run!, first: true });
      return { importId, created, toLocate };
    },
  });
}

/** The organisation's local services, to read a "Service local" column. */
async function localServicesOf(ctx: AuthenticatedContext) {
  return ctx.db
    .select({ id: localServices.id, name: localServices.name })
    .from(localServices)
    .where(eq(localServices.organisationId, ctx.actor.organisationId));
}

/** Reads the file and, unless it is a dry run, imports it. Refusals of the whole file are 400s. */
export async function runImport(
  ctx: AuthenticatedContext,
  input: RunImportInput,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportReport> {
  // A dry run writes nothing, so the write mechanism does not check it: the same action is checked here.
  authorizeRole(ctx.actor, 'import.run');
  let analysis: Analysis;
  try {
    analysis = await analyseImport({
      target: input.target,
      fileName: input.fileName,
      bytes: input.content,
      mapping: input.mapping,
      sheet: input.sheet,
      today: today(),
      localServices: await localServicesOf(ctx),
      onlyLocalServiceId: ctx.actor.localServiceId,
    });
  } catch (error) {
    if (error instanceof ImportFileError)
      throw new HttpError(400, error.code, error.message, error.details);
    throw error;
  }

  const report = baseReport(analysis, input);
  const valid = analysis.rows.filter((row) => row.data !== null);
  const present = await existingKeys(ctx.db, ctx.actor.organisationId, input.target, valid);
  const toCreate = valid.filter((row) => !present.has(row.key!));
  const alreadyPresentLines = valid.filter((row) => present.has(row.key!)).map((row) => row.line);
  report.wouldCreate = toCreate.length;
  report.alreadyPresent = alreadyPresentLines.length;
  report.alreadyPresentLines = alreadyPresentLines;
  report.skipped = analysis.totalRows - toCreate.length;

  if (input.mode === 'dry_run') return report;
  if (input.mode === 'all' && analysis.problems.length > 0) {
    report.outcome = 'refused';
    report.skipped = analysis.totalRows;
    return report;
  }

  const locations = await locateAll(ctx, toCreate, onProgress);
  const counts = { alreadyPresent: alreadyPresentLines.length };
  const written = await writeRecords(ctx, input, analysis, toCreate, locations, counts, onProgress);
  report.outcome = 'imported';
  report.importId = written.importId;
  report.created = written.created;
  report.toLocate = written.toLocate;
  report.alreadyPresent = counts.alreadyPresent;
  report.skipped = analysis.totalRows - written.created;
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
  return { items, total: total?.total ?? 0, page, pageSize };
}

/** French summary of a refusal in mode "all". */
export function refusalMessage(report: ImportReport) {
  const rows = report.rejectedRows;
  return `Import refusé : ${report.problemCount} problème${report.problemCount > 1 ? 's' : ''} sur ${rows} ligne${rows > 1 ? 's' : ''}. Rien n’a été enregistré. Corrigez le fichier, ou importez seulement les lignes valides.`;
}
