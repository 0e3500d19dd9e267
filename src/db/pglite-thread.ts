/**
 * The embedded database, run in a thread of its own (ADR 0022), seen from the server's thread as
 * the client Drizzle's PGlite driver expects (`query`, `exec`, `transaction`, `close`).
 *
 * PGlite is one PostgreSQL session: it is a pool of one connection. Every operation waits for its
 * turn in one queue, and a transaction keeps the turn from BEGIN to COMMIT, so nothing from
 * another request lands inside it. A request that waits longer than `queueTimeoutMs` fails as
 * "unavailable" (503 with Retry-After, as when a PostgreSQL pool has no free connection) rather
 * than hanging.
 */
import { Worker } from 'node:worker_threads';
import type { ThreadResult, WorkerReply, WorkerRequest } from './pglite-protocol.js';

/** A request without its id (the client numbers them). */
type Unnumbered<R> = R extends unknown ? Omit<R, 'id'> : never;

const WORKER_URL = new URL('./pglite-worker.ts', import.meta.url).href;

interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, unknown>;
}

/** What a transaction's callback receives: the same calls, inside the transaction's turn. */
export interface ThreadTransaction {
  query(text: string, params?: unknown[], options?: QueryOptions): Promise<ThreadResult>;
  exec(text: string): Promise<ThreadResult[]>;
}

/** PostgreSQL's code for "too many connections": the waiting request is told to come back. */
export const QUEUE_TIMEOUT_CODE = '53300';

function rebuildError(fields: Record<string, unknown>): Error {
  const error = new Error(String(fields.message ?? 'embedded database error'));
  Object.assign(error, fields);
  return error;
}

/** One turn at a time, first come first served; a waiter gives up after its timeout. */
class TurnQueue {
  private busy = false;
  private readonly waiters: { grant: () => void }[] = [];

  constructor(private readonly timeoutMs: number) {}

  async take(): Promise<() => void> {
    if (!this.busy) {
      this.busy = true;
      return () => this.next();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          Object.assign(
            new Error(
              `embedded database busy: no turn within ${this.timeoutMs} ms (${this.waiters.length} still waiting)`,
            ),
            { code: QUEUE_TIMEOUT_CODE },
          ),
        );
      }, this.timeoutMs);
      this.waiters.push(waiter);
    });
    return () => this.next();
  }

  private next() {
    const waiter = this.waiters.shift();
    if (waiter) waiter.grant();
    else this.busy = false;
  }
}

export class PGliteThread {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: any) => void; reject: (e: Error) => void }
  >();
  private failure: Error | null = null;
  private readonly turns: TurnQueue;

  private constructor(
    private readonly worker: Worker,
    queueTimeoutMs: number,
  ) {
    this.turns = new TurnQueue(queueTimeoutMs);
    worker.on('message', (message: WorkerReply) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(rebuildError(message.error));
    });
    const fail = (error: Error) => {
      // Answered as "unavailable" (503) by the server: the database is gone, not the query wrong.
      this.failure = Object.assign(new Error(`embedded database stopped: ${error.message}`), {
        code: '57P02',
      });
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`its thread exited with code ${code}`)));
  }

  /** Starts the thread and opens the database (memory when `dataDir` is undefined). */
  static async start(dataDir: string | undefined, queueTimeoutMs: number): Promise<PGliteThread> {
    // The worker is TypeScript, run through tsx as the rest of the server.
    const worker = new Worker(
      `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); });`,
      { eval: true, workerData: { dataDir } },
    );
    const ready = await new Promise<WorkerReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`embedded database thread exited (${code})`)));
    });
    if (!ready.ok) {
      await worker.terminate();
      throw rebuildError(ready.error);
    }
    return new PGliteThread(worker, queueTimeoutMs);
  }

  private send<T>(request: Unnumbered<WorkerRequest>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private sendQuery(text: string, params?: unknown[], options?: QueryOptions) {
    return this.send<ThreadResult>({
      op: 'query',
      text,
      params,
      rowMode: options?.rowMode,
      rawTypes: Object.keys(options?.parsers ?? {}).map(Number),
    });
  }

  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.turns.take();
    try {
      return await work();
    } finally {
      release();
    }
  }

  query(text: string, params?: unknown[], options?: QueryOptions): Promise<ThreadResult> {
    return this.inTurn(() => this.sendQuery(text, params, options));
  }

  /** A script of statements without parameters; one result per statement. */
  exec(text: string): Promise<ThreadResult[]> {
    return this.inTurn(() => this.send<ThreadResult[]>({ op: 'exec', text }));
  }

  transaction<T>(callback: (tx: ThreadTransaction) => Promise<T>): Promise<T> {
    return this.inTurn(async () => {
      let open = true;
      const guard = () => {
        if (!open) throw new Error('transaction already finished');
      };
      const tx: ThreadTransaction = {
        query: async (text, params, options) => (guard(), this.sendQuery(text, params, options)),
        exec: async (text) => (guard(), this.send<ThreadResult[]>({ op: 'exec', text })),
      };
      await this.sendQuery('BEGIN');
      try {
        const result = await callback(tx);
        await this.sendQuery('COMMIT');
        return result;
      } catch (error) {
        // A failed ROLLBACK (thread gone) must not hide the error that caused it.
        await this.sendQuery('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        open = false;
      }
    });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.inTurn(() => this.send({ op: 'close' }));
    await this.worker.terminate();
  }
}
