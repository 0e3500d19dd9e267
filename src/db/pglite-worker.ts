/**
 * The embedded database's own thread (ADR 0022): PGlite runs PostgreSQL compiled to WebAssembly,
 * synchronously, so in the server's thread every query stopped the event loop — requests, timers
 * and `/healthz` waited behind it. Here it has a thread (and, on a 2-core machine, a core) of its
 * own; `pglite-thread.ts` is the other end. Each message is one operation; the main thread sends
 * one at a time (its queue is the "pool of one"), so nothing interleaves inside a transaction.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type QueryOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { WorkerReply, WorkerRequest } from './pglite-protocol.js';

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts must run in a worker thread');
const { dataDir } = workerData as { dataDir: string | undefined };

/** The fields of a PostgreSQL error the server reads (code, constraint…), cloneable. */
function errorFields(error: unknown) {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Record<string, unknown> = { message: error.message, name: error.name };
  for (const key of [
    'code',
    'detail',
    'hint',
    'constraint',
    'table',
    'column',
    'schema',
    'severity',
    'position',
  ])
    if (key in error) fields[key] = (error as unknown as Record<string, unknown>)[key];
  return fields;
}

const reply = (message: WorkerReply) => port.postMessage(message);

try {
  const db = await PGlite.create(dataDir, { extensions: { unaccent, pg_trgm } });
  reply({ id: 0, ok: true, result: null });
  port.on('message', async (request: WorkerRequest) => {
    try {
      switch (request.op) {
        case 'query': {
          // Drizzle asks for some types (dates, timestamps, intervals) as PostgreSQL wrote them:
          // its parsers are identity functions, which cannot cross threads, so their type ids do.
          const options: QueryOptions = { rowMode: request.rowMode ?? 'object' };
          if (request.rawTypes.length)
            options.parsers = Object.fromEntries(
              request.rawTypes.map((t) => [t, (v: string) => v]),
            );
          const result = await db.query(request.text, request.params, options);
          reply({
            id: request.id,
            ok: true,
            result: { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows },
          });
          break;
        }
        case 'exec': {
          const results = await db.exec(request.text);
          reply({
            id: request.id,
            ok: true,
            result: results.map((r) => ({
              rows: r.rows,
              fields: r.fields,
              affectedRows: r.affectedRows,
            })),
          });
          break;
        }
        case 'close':
          await db.close();
          reply({ id: request.id, ok: true, result: null });
          port.close();
          break;
      }
    } catch (error) {
      reply({ id: request.id, ok: false, error: errorFields(error) });
    }
  });
} catch (error) {
  reply({ id: 0, ok: false, error: errorFields(error) });
}
