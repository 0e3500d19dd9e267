/**
 * The weekly planner (pure, no I/O): plan a local service's week, check a manual move, repair the
 * week after an absence. Model in `model.ts`, decisions in ADR 0009.
 */
export { planWeek, repairWeek, checkMove, describeViolation, unplannedMessage } from './planner.js';
export * from './model.js';
