/**
 * Runs the weekly planner off the main thread: it is CPU-bound for seconds, and the server must
 * keep answering (the progress display polls while it runs). Receives the week without its
 * functions, posts progress, then the plan.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { straightLineEstimator } from '../../domain/matching/travel.js';
import { planWeek } from '../../domain/planning/week/index.js';
import type { WeekInput } from '../../domain/planning/week/model.js';

const input = workerData as Omit<WeekInput, 'travel' | 'onProgress'>;
let lastSent = -1;
const plan = planWeek({
  ...input,
  travel: straightLineEstimator,
  onProgress(fraction) {
    // A message per percent at most.
    const percent = Math.floor(fraction * 100);
    if (percent > lastSent) {
      lastSent = percent;
      parentPort?.postMessage({ kind: 'progress', fraction });
    }
  },
});
parentPort?.postMessage({ kind: 'done', plan });
