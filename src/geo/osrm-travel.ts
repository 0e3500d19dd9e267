/**
 * Road travel times from an OSRM server's table service (`OSRM_URL`), for trips by car. The
 * matching engine is synchronous and pure, so times are fetched beforehand for the candidate
 * pairs (`prefetch`), in batches, and then read from memory. Walking, cycling and public
 * transport keep the straight-line estimate (a car-routing server knows nothing of bus times),
 * and so does any pair OSRM could not answer for (logged, counted in `fallbacks`).
 */
import type { GeoPoint, Mobility } from '../domain/matching/model.js';
import { straightLineEstimator, type TravelTimeEstimator } from '../domain/matching/travel.js';

/**
 * No road trip is faster than the straight line at 130 km/h (the motorway limit): the candidate
 * search may prune beyond that and still lose nothing OSRM could have found.
 */
const MAX_CAR_SPEED_KMH = 130;

export interface OsrmOptions {
  baseUrl: string;
  /** OSRM profile for cars (the path segment after /table/v1/). */
  profile?: string;
  /** Coordinates per request: OSRM's default `max-table-size` is 100. */
  batchSize?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const key = (from: GeoPoint, to: GeoPoint) =>
  `${from.lon.toFixed(5)},${from.lat.toFixed(5)};${to.lon.toFixed(5)},${to.lat.toFixed(5)}`;

export class OsrmTravelTimes implements TravelTimeEstimator {
  private readonly seconds = new Map<string, number>();
  private readonly options: Required<Omit<OsrmOptions, 'fetch'>> & { fetch: typeof fetch };
  /** Car trips answered by the straight-line estimate because OSRM had no answer. */
  fallbacks = 0;

  constructor(options: OsrmOptions) {
    this.options = {
      profile: 'driving',
      batchSize: 100,
      timeoutMs: 10_000,
      fetch: globalThis.fetch,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
  }

  /** Fetches the road times of these trips (car only), grouped by origin, in batches. */
  async prefetch(
    trips: readonly { from: GeoPoint; to: GeoPoint; mobility: Mobility }[],
  ): Promise<void> {
    const byOrigin = new Map<string, { from: GeoPoint; to: Map<string, GeoPoint> }>();
    for (const trip of trips) {
      if (trip.mobility !== 'car' || this.seconds.has(key(trip.from, trip.to))) continue;
      const origin = `${trip.from.lon.toFixed(5)},${trip.from.lat.toFixed(5)}`;
      const entry = byOrigin.get(origin) ?? { from: trip.from, to: new Map() };
      entry.to.set(`${trip.to.lon.toFixed(5)},${trip.to.lat.toFixed(5)}`, trip.to);
      byOrigin.set(origin, entry);
    }
    for (const { from, to } of byOrigin.values()) {
      const destinations = [...to.values()];
      for (let i = 0; i < destinations.length; i += this.options.batchSize - 1) {
        await this.fetchTable(from, destinations.slice(i, i + this.options.batchSize - 1));
      }
    }
  }

  private async fetchTable(from: GeoPoint, destinations: GeoPoint[]) {
    const coordinates = [from, ...destinations]
      .map((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`)
      .join(';');
    const url = `${this.options.baseUrl}/table/v1/${this.options.profile}/${coordinates}?sources=0&annotations=duration`;
    const response = await this.options.fetch(url, {
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`OSRM table request failed: HTTP ${response.status}`);
    const body = (await response.json()) as {
      code?: string;
      message?: string;
      durations?: (number | null)[][];
    };
    if (body.code !== 'Ok' || !Array.isArray(body.durations?.[0])) {
      throw new Error(
        `OSRM table request failed: ${body.code ?? 'no code'} ${body.message ?? ''}`.trim(),
      );
    }
    const row = body.durations[0];
    destinations.forEach((to, i) => {
      const seconds = row[i + 1];
      // null: no route (an island without a bridge…): left out, the estimate is used.
      if (typeof seconds === 'number' && Number.isFinite(seconds))
        this.seconds.set(key(from, to), seconds);
    });
  }

  minutes(from: GeoPoint, to: GeoPoint, mobility: Mobility): number {
    if (mobility === 'car') {
      const seconds = this.seconds.get(key(from, to));
      if (seconds !== undefined) return seconds / 60;
      this.fallbacks++;
    }
    return straightLineEstimator.minutes(from, to, mobility);
  }

  reachKm(minutes: number, mobility: Mobility): number {
    if (mobility !== 'car') return straightLineEstimator.reachKm(minutes, mobility);
    // Also at least the estimate's reach, since a missing OSRM answer falls back to it.
    return Math.max(
      (minutes / 60) * MAX_CAR_SPEED_KMH,
      straightLineEstimator.reachKm(minutes, mobility),
    );
  }
}
