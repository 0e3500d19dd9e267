/**
 * Neighbour-help ranking benchmark: `npm run bench:neighbours [-- --neighbours 10000 --requests 2000]`.
 *
 * A département's scale (issue 13): 10,000 active neighbours placed in the Meuse's communes (the
 * gazetteer, seeded), each offering two or three kinds of help within 1 to 15 km and free on two
 * or three half-days a week; 2,000 open requests at people's homes in the same communes. The
 * product's own `NeighbourIndex` (the matching's kd-tree and travel-time estimator) is built
 * once, then ranks the candidates of every request. Prints the index build time and the median,
 * 95th percentile and maximum time to rank one request (target: under 20 ms), and how many
 * neighbours each ranking keeps. Targets are in docs/PERFORMANCE.md.
 *
 * Not measured here (not built yet): the board of one neighbour on PostgreSQL and sending 500
 * asks through the SMS and e-mail outboxes.
 */
import { parseArgs } from 'node:util';
import { loadGazetteer } from '../src/geo/load-gazetteer.js';
import { mulberry32 } from '../src/domain/common/random.js';
import { straightLineEstimator } from '../src/domain/matching/travel.js';
import type { Mobility } from '../src/domain/matching/model.js';
import { DEFAULT_HELP_KINDS } from '../src/domain/neighbours/model.js';
import {
  NeighbourIndex,
  type HelpSlot,
  type RankableNeighbour,
} from '../src/domain/neighbours/ranking.js';

const { values } = parseArgs({
  options: {
    neighbours: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '2000' },
    department: { type: 'string', default: '55' },
  },
});
const neighbourCount = Number(values.neighbours);
const requestCount = Number(values.requests);

const gazetteer = await loadGazetteer();
const communes = gazetteer.rows.filter(
  (c) => c.departmentCode === values.department && c.lat !== null && c.lon !== null,
);
if (communes.length === 0) throw new Error(`no commune in department ${values.department}`);

const rnd = mulberry32(13);
const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
const place = () => {
  const c = pick(communes);
  return { lat: c.lat! + (rnd() - 0.5) * 0.027, lon: c.lon! + (rnd() - 0.5) * 0.04 };
};
const codes = DEFAULT_HELP_KINDS.map((k) => k.code);
const MOBILITIES: Mobility[] = ['car', 'car', 'car', 'foot', 'bike'];
const HALF_DAYS = [
  { startTime: '09:00', endTime: '12:00' },
  { startTime: '14:00', endTime: '18:00' },
];

const neighbours: RankableNeighbour[] = Array.from({ length: neighbourCount }, (_, i) => ({
  visitorId: `n${i}`,
  home: place(),
  mobility: pick(MOBILITIES),
  offers: [...new Set(Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => pick(codes)))],
  maxDistanceKm: 1 + Math.floor(rnd() * 15),
  weeklyLimit: 1 + Math.floor(rnd() * 3),
  availability: Array.from({ length: 2 + Math.floor(rnd() * 2) }, () => ({
    weekday: 1 + Math.floor(rnd() * 6),
    ...pick(HALF_DAYS),
  })),
}));
const requests: HelpSlot[] = Array.from({ length: requestCount }, () => {
  const half = pick(HALF_DAYS);
  const start = Number(half.startTime.slice(0, 2)) + Math.floor(rnd() * 2);
  return {
    at: place(),
    helpKind: pick(codes),
    weekday: 1 + Math.floor(rnd() * 6),
    startTime: `${String(start).padStart(2, '0')}:00`,
    endTime: `${String(start + 1).padStart(2, '0')}:00`,
  };
});
const helpsThisWeek = new Map(
  neighbours.filter(() => rnd() < 0.2).map((n) => [n.visitorId, Math.floor(rnd() * 3)]),
);

const built = performance.now();
const index = new NeighbourIndex(neighbours, straightLineEstimator);
const buildMs = performance.now() - built;

// A first pass warms the JIT; the second is measured.
const rankAll = () =>
  requests.map((slot) => {
    const started = performance.now();
    const result = index.rank(slot, { kindLabel: 'Courses', limit: 10, helpsThisWeek });
    return { ms: performance.now() - started, kept: result.ranked.length };
  });
rankAll();
const runs = rankAll();
const times = runs.map((r) => r.ms).sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
const kept = runs.map((r) => r.kept).sort((a, b) => a - b);

const round = (ms: number) => Math.round(ms * 100) / 100;
console.log(
  JSON.stringify(
    {
      department: values.department,
      communes: communes.length,
      neighbours: neighbourCount,
      requests: requestCount,
      indexBuildMs: round(buildMs),
      rankOneRequest: {
        medianMs: round(at(0.5)),
        p95Ms: round(at(0.95)),
        maxMs: round(times[times.length - 1]!),
        targetMs: 20,
      },
      rankedPerRequest: { median: kept[Math.floor(kept.length / 2)], limit: 10 },
      requestsWithNobody: kept.filter((k) => k === 0).length,
    },
    null,
    2,
  ),
);
