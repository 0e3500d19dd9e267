import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../common/random.js';
import { hhcCost, parseHhc, scheduleRoutes, type HhcInstance } from './instance.js';
import { HhcState, HhcTasks, type HhcInsertion } from './state.js';

/** Three published instances copied into the project (the tests need nothing beside it). */
const MANKOWSKA = fileURLToPath(
  new URL('../../../../tests/fixtures/hhcrsp-mankowska/', import.meta.url),
);
const load = (name: string) =>
  parseHhc(name, JSON.parse(readFileSync(`${MANKOWSKA}${name}.json`, 'utf8')));

/** A random insertion of a patient's tasks (different carers for a double visit). */
function randomInsertion(state: HhcState, p: number, rnd: () => number): HhcInsertion[] {
  const { base, able } = state.tasks;
  const list: HhcInsertion[] = [];
  for (let k = base[p]!; k < base[p + 1]!; k++) {
    const carers = Array.from(able[k]!).filter((c) => !list.some((i) => i.route === c));
    const route = carers[Math.floor(rnd() * carers.length)]!;
    list.push({ task: k, route, position: Math.floor(rnd() * (state.routes[route]!.length + 1)) });
  }
  return list;
}

function withInsertions(state: HhcState, insertions: HhcInsertion[]) {
  const routes = state.exportRoutes();
  for (const { task, route, position } of insertions)
    routes[route]!.splice(position, 0, [state.tasks.patient[task]!, state.tasks.index[task]!]);
  return routes;
}

/** Start times of the state against the full schedule, task by task. */
function expectSameStarts(instance: HhcInstance, state: HhcState) {
  const full = scheduleRoutes(instance, state.exportRoutes());
  expect(full.feasible).toBe(true);
  const ours = state.exportStart();
  full.start.forEach((starts, p) =>
    starts.forEach((s, t) => expect(ours[p]![t]).toBeCloseTo(s, 6)),
  );
  const cost = hhcCost(instance, state.exportRoutes(), full.start);
  expect(state.cost3 / 3).toBeCloseTo(cost.totalCost, 6);
}

describe('incremental schedule of home-care routes (real Mankowska instances)', () => {
  for (const [name, seed] of [
    ['InstanzCPLEX_HCSRP_25_1', 1],
    ['InstanzCPLEX_HCSRP_50_6', 2],
    ['InstanzVNS_HCSRP_100_3', 3],
  ] as const) {
    it(`${name}: every random insertion gives the start times and the cost of the full schedule`, () => {
      const instance = load(name);
      const rnd = mulberry32(seed);
      const state = new HhcState(new HhcTasks(instance));
      const order = instance.patients.map((_, p) => p).sort(() => rnd() - 0.5);
      let cycles = 0;
      let checked = 0;
      // Build a solution patient by patient at random positions, comparing each trial.
      for (const p of order) {
        for (let attempt = 0; ; attempt++) {
          const insertions = randomInsertion(state, p, rnd);
          const full = scheduleRoutes(instance, withInsertions(state, insertions));
          const trial = state.tryInsert(insertions);
          checked++;
          expect(Number.isFinite(trial)).toBe(full.feasible);
          if (!full.feasible) {
            cycles++;
            expect(attempt).toBeLessThan(50);
            continue;
          }
          expect(trial / 3).toBeCloseTo(
            hhcCost(instance, withInsertions(state, insertions), full.start).totalCost,
            6,
          );
          // A bound below the cost stops the trial; a bound above it changes nothing.
          expect(state.tryInsert(insertions, trial - 1e-3)).toBe(Number.POSITIVE_INFINITY);
          expect(state.tryInsert(insertions, trial + 1e-3)).toBeCloseTo(trial, 9);
          expect(state.insert(insertions)).toBe(true);
          expectSameStarts(instance, state);
          break;
        }
      }
      expect(checked).toBeGreaterThan(instance.patients.length);
      // Remove random patients and put them back elsewhere: rescheduling in full, then incremental.
      for (let round = 0; round < 40; round++) {
        const p = Math.floor(rnd() * instance.patients.length);
        const tasks = [];
        for (let k = state.tasks.base[p]!; k < state.tasks.base[p + 1]!; k++) tasks.push(k);
        state.remove(tasks);
        expectSameStarts(instance, state);
        for (;;) {
          const insertions = randomInsertion(state, p, rnd);
          const full = scheduleRoutes(instance, withInsertions(state, insertions));
          expect(state.insert(insertions)).toBe(full.feasible);
          if (full.feasible) break;
          cycles++;
        }
        expectSameStarts(instance, state);
      }
      // Random positions on these instances do meet cycles of waits: both outcomes were checked.
      expect(cycles).toBeGreaterThan(0);
    });
  }
});
