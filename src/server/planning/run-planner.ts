/** Starts the planner in a worker thread (see planner-worker.ts) and follows it. */
import type { WeekInput, WeekPlan } from '../../domain/planning/week/model.js';
import { runInWorker } from '../threads/in-worker.js';

const WORKER_URL = new URL('./planner-worker.ts', import.meta.url);

export type PlannerInput = Omit<WeekInput, 'travel' | 'onProgress'>;

export function runPlannerInWorker(
  input: PlannerInput,
  onProgress: (fraction: number) => void,
  /** Aborted: the worker is stopped (its run was failed meanwhile) and the promise rejects. */
  signal?: AbortSignal,
): Promise<WeekPlan> {
  return runInWorker<PlannerInput, number, WeekPlan>(WORKER_URL, input, {
    label: 'planner',
    onMessage: onProgress,
    // The planner stops itself at its time limit; a worker still busy a minute later is stuck.
    timeoutMs: input.timeLimitMs + 60_000,
    ...(signal ? { signal } : {}),
  });
}
