/**
 * Long CPU work (reading an import file, building a PDF, planning a week) runs in a worker
 * thread, so the event loop keeps answering meanwhile (ADR 0021). `runInWorker` hands the input
 * to a worker on a module that calls `serveInWorker`; the module may post messages on the way
 * (rows, progress) before its result. A worker that throws, dies, is aborted or runs out of time
 * rejects the promise and is terminated: the caller's own error path (French for users, English
 * log) takes over, and that worker is never used again.
 *
 * Loading a worker (tsx, then the module and its libraries) takes about a second, longer on a
 * busy machine; so one worker per module waits, idle and not holding the process open, for the
 * next task (for `SPARE_IDLE_MS` at most): the worker of a task that ended cleanly (result or
 * thrown error), or one started in advance when a task took the waiting one.
 */
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';

/** An error thrown in the worker, as it crossed to this thread (own fields kept: code, details…). */
export interface RemoteError {
  name: string;
  message: string;
  stack: string | null;
  fields: Record<string, unknown>;
}

type FromWorker<Message, Result> =
  | { kind: 'message'; message: Message }
  | { kind: 'done'; result: Result }
  | { kind: 'error'; error: RemoteError };

/** The worker failed: it threw (`remote`), died, was stopped, or ran out of time. English. */
export class WorkerFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'threw' | 'crashed' | 'exited' | 'timeout' | 'aborted',
    readonly remote: RemoteError | null = null,
  ) {
    super(message);
    this.name = 'WorkerFailure';
  }
}

export interface RunInWorkerOptions<Message> {
  /** What runs, for the error messages ("import reader"). */
  label: string;
  /** Buffers handed to the worker rather than copied (they are unusable here afterwards). */
  transfer?: readonly ArrayBuffer[];
  onMessage?: (message: Message) => void;
  /** The worker is terminated and the promise rejects after this long. */
  timeoutMs?: number;
  /** Aborted: the worker is terminated and the promise rejects. */
  signal?: AbortSignal;
  resourceLimits?: ResourceLimits;
}

/** How long a started worker waits for a task before it ends. */
const SPARE_IDLE_MS = 5 * 60_000;

interface Spare {
  worker: Worker;
  /** The worker died while waiting (it is not used). */
  dead: boolean;
  timer: NodeJS.Timeout;
}

/** One waiting worker per module (a cache: losing it costs only a start). */
const spares = new Map<string, Spare>();

/**
 * The workers are TypeScript run through tsx, as the rest of the server (and under vitest, whose
 * transform does not reach worker threads): tsx's loader is registered inside the worker before
 * the module is imported.
 */
function startWorker(moduleUrl: URL, resourceLimits: ResourceLimits | undefined) {
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); });`,
    { eval: true, ...(resourceLimits ? { resourceLimits } : {}) },
  );
}

function keepSpare(moduleUrl: URL, worker: Worker) {
  // Waiting does not keep the process alive (tests, shutdown).
  worker.unref();
  const spare: Spare = {
    worker,
    dead: false,
    timer: setTimeout(() => {
      if (spares.get(moduleUrl.href) === spare) spares.delete(moduleUrl.href);
      void worker.terminate();
    }, SPARE_IDLE_MS).unref(),
  };
  const drop = () => {
    spare.dead = true;
    clearTimeout(spare.timer);
    if (spares.get(moduleUrl.href) === spare) spares.delete(moduleUrl.href);
  };
  worker.on('error', drop);
  worker.on('exit', drop);
  spares.set(moduleUrl.href, spare);
}

/**
 * A worker whose task ended cleanly waits for the next one, in place of any other waiting one
 * (which may still be loading; this one is ready).
 */
function release(moduleUrl: URL, worker: Worker) {
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  const other = spares.get(moduleUrl.href);
  if (other) {
    spares.delete(moduleUrl.href);
    clearTimeout(other.timer);
    void other.worker.terminate();
  }
  keepSpare(moduleUrl, worker);
}

/** The waiting worker for this module if there is one, else a new one; and the next one. */
function takeWorker(moduleUrl: URL, resourceLimits: ResourceLimits | undefined): Worker {
  const spare = spares.get(moduleUrl.href);
  spares.delete(moduleUrl.href);
  let worker: Worker;
  if (spare && !spare.dead) {
    clearTimeout(spare.timer);
    spare.worker.removeAllListeners('error');
    spare.worker.removeAllListeners('exit');
    spare.worker.ref();
    worker = spare.worker;
  } else worker = startWorker(moduleUrl, resourceLimits);
  keepSpare(moduleUrl, startWorker(moduleUrl, resourceLimits));
  return worker;
}

export function runInWorker<Input, Message, Result>(
  moduleUrl: URL,
  input: Input,
  options: RunInWorkerOptions<Message>,
): Promise<Result> {
  const { label } = options;
  return new Promise<Result>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new WorkerFailure(`${label} stopped before it started`, 'aborted'));
      return;
    }
    const worker = takeWorker(moduleUrl, options.resourceLimits);
    let settled = false;
    let timer: NodeJS.Timeout | null = null;
    /** `reuse`: the task ended cleanly (the worker answered), so the worker can serve again. */
    const settle = (outcome: () => void, reuse = false) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
      if (reuse) release(moduleUrl, worker);
      else void worker.terminate();
    };
    const fail = (error: Error) => settle(() => reject(error));
    const onAbort = () =>
      fail(new WorkerFailure(`${label} stopped: its work was cancelled`, 'aborted'));
    options.signal?.addEventListener('abort', onAbort);
    if (options.timeoutMs)
      timer = setTimeout(
        () =>
          fail(new WorkerFailure(`${label} timed out after ${options.timeoutMs} ms`, 'timeout')),
        options.timeoutMs,
      );
    worker.on('message', (message: FromWorker<Message, Result>) => {
      if (settled) return;
      if (message.kind === 'message') {
        try {
          options.onMessage?.(message.message);
        } catch (error) {
          fail(error as Error);
        }
      } else if (message.kind === 'done') settle(() => resolve(message.result), true);
      else
        settle(
          () =>
            reject(
              new WorkerFailure(
                `${label} failed: ${message.error.message}`,
                'threw',
                message.error,
              ),
            ),
          true,
        );
    });
    worker.on('error', (error) =>
      fail(new WorkerFailure(`${label} crashed: ${error.message}`, 'crashed')),
    );
    worker.on('exit', (code) =>
      fail(new WorkerFailure(`${label} exited with code ${code} before answering`, 'exited')),
    );
    // Queued until the worker's module listens, if it is still loading.
    worker.postMessage(input, [...(options.transfer ?? [])]);
  });
}

function remoteError(error: unknown): RemoteError {
  if (!(error instanceof Error))
    return { name: 'Error', message: String(error), stack: null, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    try {
      fields[key] = structuredClone(value);
    } catch {
      fields[key] = String(value);
    }
  }
  return { name: error.name, message: error.message, stack: error.stack ?? null, fields };
}

/**
 * The worker's side: waits for the input `runInWorker` sends, runs `work` on it (which may post
 * messages), then posts its result (with `transferOf`: buffers handed over, not copied) or the
 * error it threw.
 */
export function serveInWorker<Input, Message, Result>(
  work: (input: Input, post: (message: Message) => void) => Promise<Result> | Result,
  transferOf: (result: Result) => readonly ArrayBuffer[] = () => [],
) {
  const port = parentPort;
  if (!port) throw new Error('serveInWorker runs in a worker thread only');
  // One task at a time: the main thread sends the next input only after this one's answer.
  port.on('message', (input: Input) => {
    void (async () => {
      try {
        const result = await work(input, (message) =>
          port.postMessage({ kind: 'message', message } satisfies FromWorker<Message, Result>),
        );
        port.postMessage({ kind: 'done', result } satisfies FromWorker<Message, Result>, [
          ...transferOf(result),
        ]);
      } catch (error) {
        port.postMessage({ kind: 'error', error: remoteError(error) } satisfies FromWorker<
          Message,
          Result
        >);
      }
    })();
  });
}
