/**
 * Runs the weekly planner off the main thread: it is CPU-bound for seconds, and the server must
 * keep answering (the progress display polls while it runs). Receives the week without its
 * functions, posts progress, then the plan.
 */
import { straightLineEstimator } from '../../domain/matching/travel.js';
import { planWeek } from '../../domain/planning/week/index.js';
import type { WeekPlan } from '../../domain/planning/week/model.js';
import { serveInWorker } from '../threads/in-worker.js';
import type { PlannerInput } from './run-planner.js';

serveInWorker<PlannerInput, number, WeekPlan>((input, post) => {
  let lastSent = -1;
  return planWeek({
    ...input,
    travel: straightLineEstimator,
    onProgress(fraction) {
      // A message per percent at most.
      const percent = Math.floor(fraction * 100);
      if (percent > lastSent) {
        lastSent = percent;
        post(fraction);
      }
    },
  });
});
