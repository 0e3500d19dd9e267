import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { haversineKm } from '../geo/distance.js';
import { straightLineEstimator } from '../matching/travel.js';
import { dayPart, freeFor, NeighbourIndex, type RankableNeighbour } from './ranking.js';

// Beauvais town hall, and points east of it (0.01° of longitude ≈ 0.72 km at this latitude).
const BEAUVAIS = { lat: 49.4295, lon: 2.0807 };
const east = (kmAway: number) => ({ lat: BEAUVAIS.lat, lon: BEAUVAIS.lon + kmAway / 72.4 });

const tuesdayMorning = [{ weekday: 2, startTime: '09:00', endTime: '12:00' }];
const neighbour = (id: string, over: Partial<RankableNeighbour> = {}): RankableNeighbour => ({
  visitorId: id,
  home: east(1),
  mobility: 'car',
  offers: ['shopping'],
  maxDistanceKm: 5,
  weeklyLimit: 2,
  availability: tuesdayMorning,
  ...over,
});
const slot = {
  at: BEAUVAIS,
  helpKind: 'shopping',
  weekday: 2,
  startTime: '10:00',
  endTime: '11:00',
};

describe('ranking the neighbours for one date of a request', () => {
  it('ranks nearest first and explains each one in French', () => {
    const index = new NeighbourIndex(
      [neighbour('far', { home: east(3) }), neighbour('near', { home: east(1.2) })],
      straightLineEstimator,
    );
    const { ranked } = index.rank(slot, { kindLabel: 'Courses', limit: 10 });
    expect(ranked.map((r) => r.visitorId)).toEqual(['near', 'far']);
    expect(ranked[0]!.explanation).toBe('à 1,2 km, propose courses, libre le mardi matin');
  });

  it('leaves out, by reason, who does not offer it, lives too far for themselves, is not free, is excluded or has helped enough', () => {
    const index = new NeighbourIndex(
      [
        neighbour('ok'),
        neighbour('garden', { offers: ['gardening'] }),
        neighbour('homebody', { home: east(4), maxDistanceKm: 2 }),
        neighbour('busy', { availability: [{ weekday: 2, startTime: '14:00', endTime: '18:00' }] }),
        neighbour('blocked'),
        neighbour('tired', { weeklyLimit: 1 }),
      ],
      straightLineEstimator,
    );
    const result = index.rank(slot, {
      kindLabel: 'Courses',
      limit: 10,
      excluded: new Set(['blocked']),
      helpsThisWeek: new Map([['tired', 1]]),
    });
    expect(result.ranked.map((r) => r.visitorId)).toEqual(['ok']);
    expect(result.leftOut).toEqual({
      not_offered: 1,
      too_far: 1,
      not_free: 1,
      excluded: 1,
      weekly_limit: 1,
    });
  });

  it('puts the one who helped least this week first among equals, and keeps to the limit and radius', () => {
    const index = new NeighbourIndex(
      [neighbour('a'), neighbour('b'), neighbour('c', { home: east(8), maxDistanceKm: 10 })],
      straightLineEstimator,
    );
    const helped = new Map([['a', 1]]);
    expect(
      index
        .rank(slot, { kindLabel: 'Courses', limit: 1, helpsThisWeek: helped })
        .ranked.map((r) => r.visitorId),
    ).toEqual(['b']);
    expect(
      index
        .rank(slot, { kindLabel: 'Courses', limit: 10, radiusKm: 5 })
        .ranked.map((r) => r.visitorId),
    ).toEqual(['a', 'b']);
  });

  it('reads the part of the day and whole-slot availability', () => {
    expect(dayPart(2, '09:30')).toBe('le mardi matin');
    expect(dayPart(4, '14:00')).toBe('le jeudi après-midi');
    expect(dayPart(6, '18:30')).toBe('le samedi soir');
    expect(freeFor(tuesdayMorning, { weekday: 2, startTime: '11:00', endTime: '12:00' })).toBe(
      true,
    );
    expect(freeFor(tuesdayMorning, { weekday: 2, startTime: '11:30', endTime: '12:30' })).toBe(
      false,
    );
    expect(freeFor(tuesdayMorning, { weekday: 3, startTime: '10:00', endTime: '11:00' })).toBe(
      false,
    );
  });

  it('agrees with a plain scan of every neighbour (any neighbours, any date)', () => {
    const arbitraryNeighbour = fc.record({
      kmEast: fc.double({ min: -30, max: 30, noNaN: true }),
      kmNorth: fc.double({ min: -30, max: 30, noNaN: true }),
      offersShopping: fc.boolean(),
      maxDistanceKm: fc.integer({ min: 1, max: 50 }),
      weeklyLimit: fc.integer({ min: 1, max: 3 }),
      helps: fc.integer({ min: 0, max: 3 }),
      weekday: fc.integer({ min: 1, max: 7 }),
      startHour: fc.integer({ min: 8, max: 18 }),
    });
    fc.assert(
      fc.property(
        fc.array(arbitraryNeighbour, { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 8, max: 18 }),
        (drawn, weekday, hour) => {
          const neighbours = drawn.map((d, i) =>
            neighbour(`n${String(i).padStart(2, '0')}`, {
              home: {
                lat: BEAUVAIS.lat + d.kmNorth / 111.2,
                lon: BEAUVAIS.lon + d.kmEast / 72.4,
              },
              offers: d.offersShopping ? ['shopping'] : ['company'],
              maxDistanceKm: d.maxDistanceKm,
              weeklyLimit: d.weeklyLimit,
              availability: [
                {
                  weekday: d.weekday,
                  startTime: `${String(d.startHour).padStart(2, '0')}:00`,
                  endTime: `${String(d.startHour + 3).padStart(2, '0')}:00`,
                },
              ],
            }),
          );
          const helps = new Map(drawn.map((d, i) => [`n${String(i).padStart(2, '0')}`, d.helps]));
          const at = {
            ...slot,
            weekday,
            startTime: `${String(hour).padStart(2, '0')}:00`,
            endTime: `${String(hour).padStart(2, '0')}:45`,
          };
          const result = new NeighbourIndex(neighbours, straightLineEstimator).rank(at, {
            kindLabel: 'Courses',
            limit: 1000,
            helpsThisWeek: helps,
          });
          const expected = neighbours
            .filter(
              (n) =>
                n.offers.includes('shopping') &&
                haversineKm(n.home, BEAUVAIS) <= n.maxDistanceKm &&
                freeFor(n.availability, at) &&
                (helps.get(n.visitorId) ?? 0) < n.weeklyLimit,
            )
            .map((n) => n.visitorId)
            .sort();
          expect(result.ranked.map((r) => r.visitorId).sort()).toEqual(expected);
          // Nearest first.
          for (let i = 1; i < result.ranked.length; i++)
            expect(result.ranked[i]!.travelMinutes).toBeGreaterThanOrEqual(
              result.ranked[i - 1]!.travelMinutes,
            );
        },
      ),
      { numRuns: 200 },
    );
  });
});
