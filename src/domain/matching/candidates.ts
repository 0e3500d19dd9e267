/**
 * The candidate search: which units could visit a person. Unit members' homes go into a spatial
 * index (kdbush); a person only looks at homes within the unit's reach (the straight-line
 * distance that its longest acceptable trip can cover, as given by the travel estimator).
 *
 * This pruning loses nothing: a unit whose members live farther than their reach cannot visit
 * the person within the trip limit, so the hard constraint would refuse it anyway. The optimum
 * over the candidate graph is therefore the optimum over all (person, unit) pairs.
 *
 * The same index serves neighbour-help requests: the nearest available volunteers within a radius.
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { GeoPoint, VisitorUnit } from './model.js';
import { haversineKm } from '../geo/distance.js';
import type { TravelTimeEstimator } from './travel.js';

/** Kilometres per degree on the haversine sphere is 111.19; a little less keeps the search box wide enough. */
const KM_PER_DEGREE_LAT = 110.5;

export class UnitIndex {
  private readonly index: KDBush;
  /** For each indexed point: the unit it belongs to. */
  private readonly unitOfPoint: Int32Array;
  /** Coordinates by point id (kdbush reorders its own copy when it sorts). */
  private readonly pointLon: Float64Array;
  private readonly pointLat: Float64Array;
  private readonly reachKm: Float64Array;
  readonly maxReachKm: number;

  constructor(
    readonly units: readonly VisitorUnit[],
    travel: TravelTimeEstimator,
  ) {
    const points: { unit: number; home: GeoPoint }[] = [];
    units.forEach((unit, u) => unit.members.forEach((m) => points.push({ unit: u, home: m.home })));
    this.index = new KDBush(Math.max(1, points.length));
    for (const point of points) this.index.add(point.home.lon, point.home.lat);
    if (points.length === 0) this.index.add(0, 0);
    this.index.finish();
    this.unitOfPoint = Int32Array.from(points, (p) => p.unit);
    this.pointLon = Float64Array.from(points, (p) => p.home.lon);
    this.pointLat = Float64Array.from(points, (p) => p.home.lat);
    this.reachKm = Float64Array.from(units, (unit) =>
      travel.reachKm(unit.maxTripMinutes, unit.mobility),
    );
    this.maxReachKm = this.reachKm.reduce((a, b) => Math.max(a, b), 0);
  }

  /**
   * Units with at least one member within the unit's own reach of `at` (for a pair the farther
   * member decides; the exact check is the cost function's). Sorted by unit index.
   */
  candidatesNear(at: GeoPoint): number[] {
    if (this.unitOfPoint.length === 0) return [];
    const found = new Set<number>();
    // A box that holds the whole circle of the largest reach, then the exact distance to each
    // home found in it (the estimator's own haversine, so the check matches the cost function).
    const r = this.maxReachKm;
    const dLat = r / KM_PER_DEGREE_LAT;
    const maxAbsLat = Math.min(89, Math.abs(at.lat) + dLat);
    const dLon = r / (KM_PER_DEGREE_LAT * Math.cos((maxAbsLat * Math.PI) / 180));
    for (const id of this.index.range(at.lon - dLon, at.lat - dLat, at.lon + dLon, at.lat + dLat)) {
      const unit = this.unitOfPoint[id]!;
      if (found.has(unit)) continue;
      if (
        haversineKm(at, { lat: this.pointLat[id]!, lon: this.pointLon[id]! }) <= this.reachKm[unit]!
      )
        found.add(unit);
    }
    return [...found].sort((a, b) => a - b);
  }

  /** Units within `radiusKm` of a point, nearest first (neighbour help). */
  nearest(
    at: GeoPoint,
    radiusKm: number,
    limit: number,
    accept: (unit: VisitorUnit) => boolean = () => true,
  ): VisitorUnit[] {
    if (this.unitOfPoint.length === 0) return [];
    const seen = new Set<number>();
    const out: VisitorUnit[] = [];
    for (const id of around(this.index, at.lon, at.lat, Infinity, radiusKm)) {
      const u = this.unitOfPoint[id]!;
      if (seen.has(u)) continue;
      seen.add(u);
      const unit = this.units[u]!;
      if (!accept(unit)) continue;
      out.push(unit);
      if (out.length >= limit) break;
    }
    return out;
  }
}
