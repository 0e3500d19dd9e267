/** Starts the planner in a worker thread (see planner-worker.ts) and follows it. */
import { Worker } from 'node:worker_threads';
import type { WeekInput, WeekPlan } from '../../domain/planning/week/model.js';

const WORKER_URL = new URL('./planner-worker.ts', import.meta.url).href;

/**
 * The worker is TypeScript run through tsx, as the rest of the server: its loader is registered
 * inside the worker before the planner is imported.
 */
export function runPlannerInWorker(
  input: Omit<WeekInput, 'travel' | 'onProgress'>,
  onProgress: (fraction: number) => void,
  /** Aborted: the worker is stopped (its run was failed meanwhile) and the promise rejects. */
  signal?: AbortSignal,
): Promise<WeekPlan> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(
      `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); });`,
      { eval: true, workerData: input },
    );
    let settled = false;
    signal?.addEventListener('abort', () => {
      if (settled) return;
      settled = true;
      reject(new Error('planner stopped: its run is no longer running'));
      void worker.terminate();
    });
    worker.on(
      'message',
      (message: { kind: 'progress'; fraction: number } | { kind: 'done'; plan: WeekPlan }) => {
        if (message.kind === 'progress') onProgress(message.fraction);
        else {
          settled = true;
          resolve(message.plan);
          void worker.terminate();
        }
      },
    );
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`planner worker exited with code ${code} before answering`));
    });
  });
}
