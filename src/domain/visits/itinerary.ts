/**
 * The visitor's round of the day, in order, for the usual maps app: one link with every stop.
 * A stop is a person's home (the visit's place is the person's home or a meeting point near it);
 * a person without coordinates is found by the address text; cancelled visits are left out, and
 * two visits in a row at the same place make one stop.
 */

export interface ItineraryVisit {
  id: string;
  date: string;
  /** "HH:MM". */
  startTime: string;
  status?: string;
  person: { name: string; address: string; location: { lat: number; lon: number } | null };
}

export interface Stop {
  visitIds: string[];
  name: string;
  startTime: string;
  /** What the maps app searches: "49.43,2.08" when known, else the address. */
  query: string;
  location: { lat: number; lon: number } | null;
}

/** Coordinates as maps apps read them, rounded to about a metre. */
const coordinates = (p: { lat: number; lon: number }) =>
  `${Number(p.lat.toFixed(5))},${Number(p.lon.toFixed(5))}`;

/** The stops of the visits, by date then start time; visits without place nor address are left out. */
export function itineraryStops(visits: readonly ItineraryVisit[]): Stop[] {
  const ordered = visits
    .filter((v) => v.status !== 'cancelled')
    .filter((v) => v.person.location !== null || v.person.address.trim() !== '')
    .slice()
    .sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime));
  const stops: Stop[] = [];
  for (const visit of ordered) {
    const query = visit.person.location
      ? coordinates(visit.person.location)
      : visit.person.address.trim();
    const last = stops[stops.length - 1];
    if (last && last.query === query) {
      last.visitIds.push(visit.id);
      continue;
    }
    stops.push({
      visitIds: [visit.id],
      name: visit.person.name,
      startTime: visit.startTime,
      query,
      location: visit.person.location,
    });
  }
  return stops;
}

/**
 * Google Maps directions through every stop in order (Maps URLs, no key needed; opens the app on
 * phones). No origin: the app starts from where the phone is. Null when there is no stop.
 */
export function googleMapsItineraryUrl(stops: readonly Stop[]): string | null {
  if (stops.length === 0) return null;
  const params = new URLSearchParams({ api: '1' });
  params.set('destination', stops[stops.length - 1]!.query);
  const waypoints = stops.slice(0, -1).map((s) => s.query);
  if (waypoints.length) params.set('waypoints', waypoints.join('|'));
  params.set('travelmode', 'driving');
  return `https://www.google.com/maps/dir/?${params.toString()}`;
}
