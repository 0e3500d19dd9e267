/**
 * The OSRM adapter against a real local HTTP server speaking the table service's format. The fake
 * server answers "road time = 2 × straight-line time at 60 km/h", and no route to a point at
 * latitude 0 (an island).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OsrmTravelTimes } from '../../src/geo/osrm-travel.js';
import { proposeMatches } from '../../src/domain/matching/engine.js';
import type { MatchPerson, VisitorUnit } from '../../src/domain/matching/model.js';
import { haversineKm } from '../../src/domain/geo/distance.js';
import { straightLineEstimator } from '../../src/domain/matching/travel.js';

let server: Server;
let baseUrl: string;
const requests: URL[] = [];
let failNext = false;

const fakeSeconds = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) =>
  2 * (haversineKm(a, b) / 60) * 3600;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    if (failNext) {
      failNext = false;
      res.writeHead(500).end('boom');
      return;
    }
    const match = /^\/table\/v1\/driving\/(.+)$/.exec(url.pathname);
    if (!match) {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 'InvalidUrl', message: 'bad' }));
      return;
    }
    const points = decodeURIComponent(match[1]!)
      .split(';')
      .map((pair) => {
        const [lon, lat] = pair.split(',').map(Number);
        return { lat: lat!, lon: lon! };
      });
    const source = points[0]!;
    const row = points.map((p) => (p.lat === 0 ? null : fakeSeconds(source, p)));
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ code: 'Ok', durations: [row] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

const home = { lat: 49.43, lon: 2.08 };
const people = [
  { lat: 49.45, lon: 2.1 },
  { lat: 49.5, lon: 2.2 },
  { lat: 49.4, lon: 2.0 },
  { lat: 0, lon: 2.0 },
];

describe('OsrmTravelTimes', () => {
  it('asks the table service from each origin in batches and answers with road times', async () => {
    requests.length = 0;
    const osrm = new OsrmTravelTimes({ baseUrl: `${baseUrl}/`, batchSize: 3 });
    await osrm.prefetch(people.map((to) => ({ from: home, to, mobility: 'car' as const })));
    // 4 destinations, 2 per request (the origin takes one of the 3 places).
    expect(requests).toHaveLength(2);
    expect(requests[0]!.searchParams.get('sources')).toBe('0');
    expect(requests[0]!.pathname).toContain('2.080000,49.430000;2.100000,49.450000');
    expect(osrm.minutes(home, people[0]!, 'car')).toBeCloseTo(
      fakeSeconds(home, people[0]!) / 60,
      6,
    );
    expect(osrm.fallbacks).toBe(0);
    // No route (null): the straight-line estimate, counted.
    expect(osrm.minutes(home, people[3]!, 'car')).toBeCloseTo(
      straightLineEstimator.minutes(home, people[3]!, 'car'),
      6,
    );
    expect(osrm.fallbacks).toBe(1);
    // Not a car: never asked, the estimate.
    expect(osrm.minutes(home, people[0]!, 'bike')).toBe(
      straightLineEstimator.minutes(home, people[0]!, 'bike'),
    );
    // Prefetching again asks nothing.
    await osrm.prefetch([{ from: home, to: people[0]!, mobility: 'car' }]);
    expect(requests).toHaveLength(2);
  });

  it('never prunes what a road trip could reach: reach at 130 km/h', () => {
    const osrm = new OsrmTravelTimes({ baseUrl });
    expect(osrm.reachKm(30, 'car')).toBe(65);
    expect(osrm.reachKm(30, 'foot')).toBe(straightLineEstimator.reachKm(30, 'foot'));
  });

  it('fails with an operator message when the server errs', async () => {
    failNext = true;
    const osrm = new OsrmTravelTimes({ baseUrl });
    await expect(osrm.prefetch([{ from: home, to: people[1]!, mobility: 'car' }])).rejects.toThrow(
      'OSRM table request failed: HTTP 500',
    );
  });

  it('feeds the matching engine, whose explanation then gives the road time', async () => {
    const osrm = new OsrmTravelTimes({ baseUrl });
    const person: MatchPerson = {
      id: 'p',
      location: people[0]!,
      visitsPerWeek: 1,
      visitMinutes: 60,
      availability: [{ day: 0, start: 540, end: 720 }],
      interests: [],
      languages: ['français'],
    };
    const unit: VisitorUnit = {
      id: 'u',
      kind: 'volunteer',
      members: [{ visitorId: 'v', home, languages: ['français'], interests: [] }],
      availability: [{ day: 0, start: 540, end: 720 }],
      capacity: 2,
      currentLoad: 0,
      mobility: 'car',
      maxTripMinutes: 30,
    };
    await osrm.prefetch([{ from: home, to: person.location, mobility: 'car' }]);
    const result = proposeMatches([person], [unit], { travel: osrm });
    const expected = Math.round(fakeSeconds(home, person.location) / 60);
    expect(result.proposals[0]!.choice!.explanation).toMatch(
      new RegExp(`^${expected} min en voiture`),
    );
  });
});
