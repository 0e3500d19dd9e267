/**
 * runInWorker (ADR 0021): the result, messages and errors cross from the worker; a worker that
 * throws, exits, crashes, is aborted or outlives its time rejects instead of hanging.
 */
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runInWorker, WorkerFailure } from './in-worker.js';

const FIXTURE = new URL('../../../tests/fixtures/workers/behaving-worker.ts', import.meta.url);
const THREAD_FIXTURE = new URL('../../../tests/fixtures/workers/thread-worker.ts', import.meta.url);

const run = (input: unknown, options: Partial<Parameters<typeof runInWorker>[2]> = {}) =>
  runInWorker<unknown, number, string>(FIXTURE, input, { label: 'test worker', ...options });

async function failureOf(promise: Promise<unknown>): Promise<WorkerFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkerFailure);
  return error as WorkerFailure;
}

describe('runInWorker', () => {
  it('answers the result, after the messages posted on the way, in order', async () => {
    const messages: number[] = [];
    const result = await run(
      { do: 'echo', value: 'bonjour', messages: 5 },
      { onMessage: (m) => messages.push(m as number) },
    );
    expect(result).toBe('BONJOUR');
    expect(messages).toEqual([0, 1, 2, 3, 4]);
  });

  it('runs in another thread, and a worker that answered serves the next task', async () => {
    const first = await runInWorker<null, never, number>(THREAD_FIXTURE, null, { label: 't' });
    const second = await runInWorker<null, never, number>(THREAD_FIXTURE, null, { label: 't' });
    expect(first).not.toBe(threadId);
    expect(second).toBe(first);
  });

  it('never gives a task to a worker whose task failed', async () => {
    await failureOf(run({ do: 'exit' }));
    // Still serves: a fresh or waiting worker, not the dead one.
    expect(await run({ do: 'echo', value: 'encore', messages: 0 })).toBe('ENCORE');
  });

  it('carries an error thrown in the worker back with its fields', async () => {
    const failure = await failureOf(run({ do: 'throw' }));
    expect(failure.reason).toBe('threw');
    expect(failure.remote).toMatchObject({
      name: 'CodedError',
      message: 'Fichier refusé.',
      fields: { code: 'refused', details: { line: 3 } },
    });
  });

  it('rejects when the worker exits before answering', async () => {
    const failure = await failureOf(run({ do: 'exit' }));
    expect(failure.reason).toBe('exited');
    expect(failure.message).toContain('code 3');
  });

  it('rejects when the worker crashes outside its task', async () => {
    const failure = await failureOf(run({ do: 'crash' }));
    expect(failure.reason).toBe('crashed');
    expect(failure.message).toContain('boom outside the task');
  });

  it('terminates a worker that outlives its time, and rejects', async () => {
    const failure = await failureOf(run({ do: 'hang' }, { timeoutMs: 300 }));
    expect(failure.reason).toBe('timeout');
  });

  it('terminates a worker whose work is cancelled, and rejects', async () => {
    const controller = new AbortController();
    const pending = run({ do: 'hang' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await failureOf(pending)).reason).toBe('aborted');
  });
});
