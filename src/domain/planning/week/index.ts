/**
 * The weekly planner (pure, no I/O): plan a local service's week, check a manual move, repair the
 * week after an absence. Model in `model.ts`, decisions in ADR 0009.
 */
export { planWeek, unplannedMessage } from './search.js';
export { repairWeek } from './mend.js';
export { checkMove, describeViolation } from './check.js';
export { PLANNING_WEIGHTS } from './state.js';
export * from './model.js';
