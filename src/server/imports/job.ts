/**
 * Writing an accepted import (ADR 0018). `executeImport(ctx, importId)` needs only the import's id
 * and a system context, so any process can run it (a job queue, the command line, the process
 * that received the file). It writes the rows in slices, one `write()` each, and yields to the
 * event loop between slices: the API keeps answering during a 20,000-row import, and the import's
 * row says how far it is (status, processed / total), which the import screen polls.
 *
 * Each slice's transaction moves `processed` forward under a lock of the import's row, so a slice
 * is written once even if two processes run the same import, and a run can resume where it stopped.
 */
import type { FastifyBaseLogger } from 'fastify';
import { and, eq, getTableColumns, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { imports, people, statusChanges, users, visitors } from '../../db/schema.js';
import type { ImportTarget } from '../../domain/import/mapping.js';
import { serviceToday } from '../../domain/common/calendar.js';
import { authorizeRole } from '../http/authorize.js';
import {
  systemContext,
  type AppServices,
  type AuthenticatedContext,
  type RequestContext,
} from '../http/context.js';
import { HttpError, notFound } from '../http/errors.js';
import { locateAddress, type LocationFields } from '../geo/locate.js';
import { write, type AuditTrail } from '../write/write.js';
import type { Tx } from '../../db/database.js';
import {
  existingKeys,
  type ImportProgress,
  type ImportStatus,
  type PayloadRow,
} from './service.js';

/** Rows per slice: one transaction each, short enough for other requests to pass between. */
const IMPORT_SLICE = 500;
/** Rows per statement within a slice, with a pause for the event loop between two. */
const IMPORT_CHUNK = 100;

type ImportRow = typeof imports.$inferSelect;

/** The import's row as the audit sees it: its counters and status, not the rows it carries. */
function audited(run: ImportRow) {
  const { payload: _rows, heartbeatAt: _beat, ...rest } = run;
  return rest;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Locates the addresses before the slice's transaction (a network geocoder must not hold it). */
async function locateAll(ctx: RequestContext, rows: PayloadRow[]): Promise<LocationFields[]> {
  const cache = new Map<string, Promise<LocationFields>>();
  const results: LocationFields[] = new Array(rows.length);
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const index = next++;
      const data = rows[index]!.data as Record<string, string | null | undefined>;
      const address = {
        street: data.street ?? null,
        postalCode: data.postalCode ?? null,
        communeName: data.communeName ?? null,
        inseeCode: data.inseeCode ?? null,
      };
      const cacheKey = JSON.stringify(address);
      let located = cache.get(cacheKey);
      if (!located) {
        located = locateAddress(ctx.geocoder, address);
        cache.set(cacheKey, located);
      }
      results[index] = await located;
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, rows.length) }, worker));
  return results;
}

/** Another process finished this slice (or the import) first: this one stops. */
class SliceTaken extends Error {}

type FreshRow = { row: PayloadRow; location: LocationFields };

/** Creates people from import rows, each with its first status and its audit row. */
async function insertPeople(tx: Tx, run: ImportRow, chunk: FreshRow[], trail: AuditTrail) {
  const organisationId = run.organisationId;
  const rows = await tx
    .insert(people)
    .values(
      chunk.map(({ row, location }) => ({
        ...(row.data as Omit<typeof people.$inferInsert, 'organisationId'>),
        ...location,
        organisationId,
        importKey: row.key,
      })),
    )
    // A concurrent import of the same rows: the unique key keeps one, the other skips it.
    .onConflictDoNothing({ target: [people.organisationId, people.importKey] })
    .returning();
  if (rows.length > 0)
    await tx.insert(statusChanges).values(
      rows.map((person) => ({
        personId: person.id,
        fromStatus: null,
        toStatus: 'referred',
        effectiveDate: serviceToday(),
        changedBy: run.userId,
        comment: `Fiche créée par import (${run.fileName.slice(0, 150)})`,
      })),
    );
  for (const person of rows)
    trail.record({
      action: 'person.create',
      entityType: 'person',
      entityId: person.id,
      subjectId: person.id,
      userId: run.userId,
      after: { ...person, status: 'referred', contacts: [], importId: run.id },
    });
  return rows;
}

/** Creates visitors from import rows, each with its audit row. */
async function insertVisitors(tx: Tx, run: ImportRow, chunk: FreshRow[], trail: AuditTrail) {
  const organisationId = run.organisationId;
  const rows = await tx
    .insert(visitors)
    .values(
      chunk.map(({ row, location }) => ({
        ...(row.data as Omit<typeof visitors.$inferInsert, 'organisationId'>),
        ...location,
        organisationId,
        importKey: row.key,
      })),
    )
    .onConflictDoNothing({ target: [visitors.organisationId, visitors.importKey] })
    .returning();
  for (const visitor of rows)
    trail.record({
      action: 'visitor.create',
      entityType: 'visitor',
      entityId: visitor.id,
      userId: run.userId,
      after: { ...visitor, importId: run.id },
    });
  return rows;
}

/** Writes one slice; the audit keeps one row per record created, by the user who sent the file. */
async function writeSlice(
  ctx: RequestContext,
  run: ImportRow,
  start: number,
  part: PayloadRow[],
  locations: LocationFields[],
) {
  const target = run.target as ImportTarget;
  const organisationId = run.organisationId;
  return write(ctx, {
    systemAction: 'import.run',
    scope: async () => ({ organisationId }),
    apply: async (tx, _none, trail) => {
      trail.batchId = run.id;
      const [locked] = await tx
        .select({ processed: imports.processed, status: imports.status })
        .from(imports)
        .where(eq(imports.id, run.id))
        .for('update');
      if (!locked || locked.processed !== start || !['pending', 'running'].includes(locked.status))
        throw new SliceTaken();
      // Rows entered by hand (or by another import) since the file was read are not created twice.
      const present = await existingKeys(tx, organisationId, target, part);
      const fresh = part
        .map((row, index) => ({ row, location: locations[index]! }))
        .filter(({ row }) => !present.has(row.key));
      const inserted: { id: string; locationStatus: string }[] = [];
      // The slice is written in chunks with a pause between them: building and sending a
      // 500-row statement and its audit holds the event loop too long for other requests.
      for (let from = 0; from < fresh.length; from += IMPORT_CHUNK) {
        if (from > 0) await yieldToEventLoop();
        const chunk = fresh.slice(from, from + IMPORT_CHUNK);
        inserted.push(
          ...(target === 'people'
            ? await insertPeople(tx, run, chunk, trail)
            : await insertVisitors(tx, run, chunk, trail)),
        );
      }
      // Progress is bookkeeping, not a change of anyone's data: the import's audit rows are its
      // start and its end, with the counters' final values. The counters move in SQL: reading
      // the import's row back would bring its whole payload (megabytes of JSON) on every slice.
      const toLocate = inserted.filter((r) => r.locationStatus === 'to_locate').length;
      await tx
        .update(imports)
        .set({
          status: 'running',
          processed: start + part.length,
          created: sql`${imports.created} + ${inserted.length}`,
          skipped: sql`${imports.skipped} + ${part.length - inserted.length}`,
          toLocate: sql`${imports.toLocate} + ${toLocate}`,
        })
        .where(eq(imports.id, run.id));
    },
  });
}

/** Ends an import: done or failed, its rows dropped, one audit row with what the run did. */
async function finish(
  ctx: RequestContext,
  before: ImportRow,
  outcome: { status: 'done' } | { status: 'failed'; error: string },
  /** Ends it only if this still holds under the row's lock (the watchdog: still stale). */
  stillSo?: SQL,
): Promise<boolean> {
  return write(ctx, {
    systemAction: outcome.status === 'done' ? 'import.finish' : 'import.fail',
    scope: async () => ({ organisationId: before.organisationId }),
    apply: async (tx, _none, trail) => {
      trail.batchId = before.id;
      const [after] = await tx
        .update(imports)
        .set({
          status: outcome.status,
          error: outcome.status === 'failed' ? outcome.error : null,
          payload: null,
          finishedAt: new Date(),
        })
        .where(
          and(eq(imports.id, before.id), inArray(imports.status, ['pending', 'running']), stillSo),
        )
        .returning();
      if (!after) return false;
      trail.record({
        entityType: 'import',
        entityId: before.id,
        userId: before.userId,
        before: audited(before),
        after: audited(after),
      });
      return true;
    },
  });
}

/**
 * The import without its rows: 20,000 rows are megabytes of JSON, which the driver would parse
 * in one go on the event loop; they are read a slice at a time (`payloadSlice`).
 */
async function loadImport(ctx: RequestContext, importId: string): Promise<ImportRow | null> {
  const { payload: _rows, ...columns } = getTableColumns(imports);
  const [run] = await ctx.db.select(columns).from(imports).where(eq(imports.id, importId));
  return run ? { ...run, payload: null } : null;
}

/** Rows `start` to `start + count - 1` of an import still to write. */
async function payloadSlice(ctx: RequestContext, importId: string, start: number, count: number) {
  const path = `$[${start} to ${start + count - 1}]`;
  const [row] = await ctx.db
    .select({
      rows: sql<PayloadRow[] | null>`jsonb_path_query_array(${imports.payload}, ${path}::jsonpath)`,
    })
    .from(imports)
    .where(eq(imports.id, importId));
  return row?.rows ?? [];
}

/** The context of a run: trusted work for the import's organisation only. */
function runContext(ctx: RequestContext, run: ImportRow): RequestContext {
  return {
    ...ctx,
    access: 'system',
    actor: null,
    source: ctx.source ?? 'job:import',
    systemOrganisationId: run.organisationId,
  };
}

/**
 * Writes an accepted import to its end. Returns false when there was nothing to do (unknown,
 * already finished, or finished by another process meanwhile).
 */
export async function executeImport(
  ctx: RequestContext,
  importId: string,
  onProgress?: (progress: ImportProgress) => void,
): Promise<boolean> {
  const run = await loadImport(ctx, importId);
  if (!run || !['pending', 'running'].includes(run.status)) return false;
  const job = runContext(ctx, run);
  const heartbeat = startImportHeartbeat(job, run.id);
  try {
    await heartbeat.beat();
    for (let start = run.processed; start < run.total; start += IMPORT_SLICE) {
      const part = await payloadSlice(
        job,
        run.id,
        start,
        Math.min(IMPORT_SLICE, run.total - start),
      );
      // Emptied meanwhile: another process finished the import.
      if (part.length === 0) return false;
      const locations = await locateAll(job, part);
      await writeSlice(job, run, start, part, locations);
      onProgress?.({ phase: 'write', done: start + part.length, total: run.total });
      await yieldToEventLoop();
    }
  } catch (error) {
    if (error instanceof SliceTaken) return false;
    throw error;
  } finally {
    heartbeat.stop();
  }
  await finish(job, run, { status: 'done' });
  return true;
}

/**
 * The heartbeat of an import being written (every sixth of `importStaleSeconds`, at most 5 s):
 * progress only, not a change of anyone's data, so not audited.
 */
function startImportHeartbeat(ctx: RequestContext, importId: string) {
  const beat = async () => {
    await ctx.db
      .update(imports)
      .set({ heartbeatAt: sql`now()`, status: 'running' })
      .where(and(eq(imports.id, importId), inArray(imports.status, ['pending', 'running'])));
  };
  const everyMs = Math.max(200, Math.min(5000, (ctx.config.importStaleSeconds * 1000) / 6));
  const timer = setInterval(() => {
    beat().catch((error: unknown) =>
      ctx.log.warn({ err: error, importId }, 'import heartbeat failed'),
    );
  }, everyMs);
  return { beat, stop: () => clearInterval(timer) };
}

/** A file accepted but never taken by a job for this long: its hand-over was lost. */
const QUEUE_WAIT_MINUTES = 15;

const IMPORT_INTERRUPTED_MESSAGE =
  'Import interrompu (le serveur qui l’écrivait s’est arrêté). Les lignes déjà écrites sont conservées : réimportez le même fichier pour écrire les autres (elles ne seront pas créées deux fois).';

/**
 * Fails the imports whose process stopped: written (running) with no heartbeat for
 * `importStaleSeconds`, or accepted (pending) and never taken for a quarter of an hour. Run every
 * minute by the watchdog job. Answers how many it failed.
 */
export async function failStaleImports(
  services: AppServices,
  log: FastifyBaseLogger,
  onlyId?: string,
) {
  const stale = or(
    and(
      eq(imports.status, 'running'),
      lt(
        imports.heartbeatAt,
        sql`now() - make_interval(secs => ${services.config.importStaleSeconds})`,
      ),
    ),
    and(
      eq(imports.status, 'pending'),
      lt(imports.createdAt, sql`now() - make_interval(mins => ${QUEUE_WAIT_MINUTES})`),
    ),
  );
  const { payload: _payload, ...columns } = getTableColumns(imports);
  const rows = await services.db
    .select(columns)
    .from(imports)
    .where(and(stale, onlyId ? eq(imports.id, onlyId) : undefined));
  let failed = 0;
  for (const run of rows) {
    const ctx = systemContext(services, log, 'job:import-watchdog', run.organisationId);
    if (
      await finish(
        ctx,
        { ...run, payload: null },
        { status: 'failed', error: IMPORT_INTERRUPTED_MESSAGE },
        stale,
      )
    ) {
      log.warn({ importId: run.id }, 'import without heartbeat: marked failed');
      failed += 1;
    }
  }
  return failed;
}

/** Records that an import could not finish: the screen shows `error`, in French. */
export async function failImport(ctx: RequestContext, importId: string, error: string) {
  const run = await loadImport(ctx, importId);
  if (!run) return;
  await finish(runContext(ctx, run), run, { status: 'failed', error });
}

export const IMPORT_FAILED_MESSAGE =
  'L’import a échoué en cours d’écriture. Les lignes déjà écrites sont conservées : réimportez le même fichier pour écrire les autres (elles ne seront pas créées deux fois).';

/** Imports being written by this process (tests and shutdown wait for them). */
export const pendingImports = new Set<Promise<void>>();

/**
 * Runs an import in this process, after the answer that accepted it: only where no job queue
 * runs (test applications); a server hands it to the `import-run` job. Either way, a failure is
 * recorded on the import.
 */
export function startImportInBackground(
  services: AppServices,
  log: FastifyBaseLogger,
  importId: string,
) {
  const ctx = systemContext(services, log, 'job:import');
  const done = yieldToEventLoop()
    .then(() => executeImport(ctx, importId))
    .then(() => undefined)
    .catch(async (error: unknown) => {
      log.error({ err: error, importId }, 'import failed');
      await failImport(
        ctx,
        importId,
        error instanceof HttpError ? error.userMessage : IMPORT_FAILED_MESSAGE,
      );
    })
    .catch((error: unknown) =>
      log.error({ err: error, importId }, 'recording a failed import failed'),
    );
  pendingImports.add(done);
  void done.finally(() => pendingImports.delete(done));
}

/** Where an import stands, for the screen that follows it. */
export async function readImport(ctx: AuthenticatedContext, importId: string) {
  authorizeRole(ctx.actor, 'import.run');
  // The screen following an import whose server stopped learns it here, not a minute later.
  await failStaleImports(ctx, ctx.log, importId);
  const [row] = await ctx.db
    .select({
      id: imports.id,
      organisationId: imports.organisationId,
      createdAt: imports.createdAt,
      finishedAt: imports.finishedAt,
      target: imports.target,
      fileName: imports.fileName,
      mode: imports.mode,
      status: imports.status,
      total: imports.total,
      processed: imports.processed,
      created: imports.created,
      skipped: imports.skipped,
      rejected: imports.rejected,
      toLocate: imports.toLocate,
      error: imports.error,
      userId: imports.userId,
      userName: users.displayName,
    })
    .from(imports)
    .leftJoin(users, eq(users.id, imports.userId))
    .where(eq(imports.id, importId));
  if (!row || row.organisationId !== ctx.actor.organisationId) throw notFound('Import');
  const { organisationId: _org, ...rest } = row;
  return { ...rest, status: rest.status as ImportStatus };
}
