/**
 * Travel time between a visitor's home and a person's home. An interface, because a deployment
 * may ask an OSRM server for real road times; the default estimates them from the straight-line
 * distance.
 */
import { haversineKm } from '../geo/distance.js';
import type { GeoPoint, Mobility } from './model.js';

export interface TravelTimeEstimator {
  /** One-way minutes from `from` to `to` for this mobility. */
  minutes(from: GeoPoint, to: GeoPoint, mobility: Mobility): number;
  /**
   * The farthest straight-line distance (km) that can still be reached within `minutes`. The
   * candidate search drops everything farther: it must never be smaller than the truth, or a
   * feasible match would be lost.
   */
  reachKm(minutes: number, mobility: Mobility): number;
}

/**
 * Road distance is longer than the straight line: 1.3 is the usual ratio for French rural and
 * peri-urban roads (between 1.2 in open country and 1.4 in towns).
 */
const DETOUR_FACTOR = 1.3;

/**
 * Door-to-door average speeds (km/h) over the detoured distance, including parking or waiting:
 * car 40 (departmental roads and villages, not motorways), public transport 15 (rural buses,
 * with waits), bike 14, walk 4.5.
 */
const SPEED_KMH: Readonly<Record<Mobility, number>> = {
  car: 40,
  public_transport: 15,
  bike: 14,
  foot: 4.5,
};

/** Fixed minutes added to every trip: getting the car out, walking to the stop. */
const FIXED_MINUTES: Readonly<Record<Mobility, number>> = {
  car: 3,
  public_transport: 8,
  bike: 2,
  foot: 0,
};

export const straightLineEstimator: TravelTimeEstimator = {
  minutes(from, to, mobility) {
    const km = haversineKm(from, to) * DETOUR_FACTOR;
    return FIXED_MINUTES[mobility] + (km / SPEED_KMH[mobility]) * 60;
  },
  reachKm(minutes, mobility) {
    // Exact inverse of `minutes`: nothing within the limit lies farther than this.
    return (
      Math.max(0, ((minutes - FIXED_MINUTES[mobility]) / 60) * SPEED_KMH[mobility]) / DETOUR_FACTOR
    );
  },
};
