import { describe, expect, it } from 'vitest';
import { googleMapsItineraryUrl, itineraryStops, type ItineraryVisit } from './itinerary.js';

const visit = (
  id: string,
  startTime: string,
  person: Partial<ItineraryVisit['person']> = {},
  extra: Partial<ItineraryVisit> = {},
): ItineraryVisit => ({
  id,
  date: '2026-12-03',
  startTime,
  status: 'planned',
  person: { name: `Personne ${id}`, address: '', location: null, ...person },
  ...extra,
});

describe('the itinerary of the day', () => {
  it('orders the stops by start time, whatever order the visits come in', () => {
    const stops = itineraryStops([
      visit('c', '16:00', { location: { lat: 49.1, lon: 2.1 } }),
      visit('a', '09:30', { location: { lat: 49.4312345, lon: 2.0812345 } }),
      visit('b', '14:00', { location: { lat: 49.2, lon: 2.2 } }),
    ]);
    expect(stops.map((s) => s.visitIds)).toEqual([['a'], ['b'], ['c']]);
    expect(stops[0]!.query).toBe('49.43123,2.08123');
  });

  it('finds a person without coordinates by the address text, and skips one with neither', () => {
    const stops = itineraryStops([
      visit('a', '09:30', { address: '3 rue de la Gare, 60000 Beauvais' }),
      visit('b', '11:00'),
      visit('c', '14:00', { location: { lat: 49.2, lon: 2.2 }, address: 'ignored' }),
    ]);
    expect(stops.map((s) => s.query)).toEqual(['3 rue de la Gare, 60000 Beauvais', '49.2,2.2']);
  });

  it('leaves cancelled visits out and merges two visits in a row at the same place', () => {
    const home = { location: { lat: 49.2, lon: 2.2 } };
    const stops = itineraryStops([
      visit('a', '09:00', home),
      visit('b', '10:30', home),
      visit('x', '12:00', { location: { lat: 48, lon: 2 } }, { status: 'cancelled' }),
      visit('c', '14:00', { address: 'Mairie, Allonne' }),
    ]);
    expect(stops.map((s) => s.visitIds)).toEqual([['a', 'b'], ['c']]);
  });

  it('orders across days by date first', () => {
    const stops = itineraryStops([
      visit('b', '09:00', { address: 'B' }, { date: '2026-12-04' }),
      visit('a', '17:00', { address: 'A' }, { date: '2026-12-03' }),
    ]);
    expect(stops.map((s) => s.query)).toEqual(['A', 'B']);
  });

  it('makes one Google Maps link: every stop in order, the last one as destination', () => {
    const url = googleMapsItineraryUrl(
      itineraryStops([
        visit('a', '09:00', { location: { lat: 49.43, lon: 2.08 } }),
        visit('b', '11:00', { address: '12 rue des Lilas, 60000 Beauvais' }),
        visit('c', '14:00', { location: { lat: 49.2, lon: 2.2 } }),
      ]),
    )!;
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe('https://www.google.com/maps/dir/');
    expect(parsed.searchParams.get('api')).toBe('1');
    expect(parsed.searchParams.get('origin')).toBeNull();
    expect(parsed.searchParams.get('waypoints')).toBe(
      '49.43,2.08|12 rue des Lilas, 60000 Beauvais',
    );
    expect(parsed.searchParams.get('destination')).toBe('49.2,2.2');
  });

  it('has a link for a single stop and none for no stop', () => {
    const one = new URL(
      googleMapsItineraryUrl(itineraryStops([visit('a', '09:00', { address: 'A' })]))!,
    );
    expect(one.searchParams.get('destination')).toBe('A');
    expect(one.searchParams.has('waypoints')).toBe(false);
    expect(googleMapsItineraryUrl([])).toBeNull();
  });
});
