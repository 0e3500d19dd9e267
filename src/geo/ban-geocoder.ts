/**
 * Adapter for the national address API (Base Adresse Nationale, GET /search/). Any failure
 * (network, timeout, HTTP error, unreadable answer, weak match) falls back to the offline
 * gazetteer; bad addresses never throw.
 */
import type { AddressQuery, GeocodePrecision, GeocodeResult, Geocoder } from './geocoder.js';

export interface BanGeocoderOptions {
  /** "https://api-adresse.data.gouv.fr", or a self-hosted instance (a path prefix is kept). */
  baseUrl: string;
  /** Whole request, body included; default 3000 ms. A slow API must not hold a form up. */
  timeoutMs?: number;
  /** Below this score (0–1) the match is not trusted; default 0.5. */
  minScore?: number;
  /** Used whenever the BAN gives nothing usable: in practice, the offline gazetteer. */
  fallback: Geocoder;
  log?: (message: string, detail?: unknown) => void;
}

const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_MIN_SCORE = 0.5;
/** The API refuses longer queries (HTTP 400). */
const MAX_QUERY_LENGTH = 200;

/** What we read of a BAN answer, checked field by field: it is outside input. */
interface BanMatch {
  lon: number;
  lat: number;
  score: number;
  label: string | null;
  type: string | null;
  citycode: string | null;
  postcode: string | null;
  city: string | null;
}

export class BanGeocoder implements Geocoder {
  readonly name = 'ban';
  private readonly searchUrl: string;

  constructor(private readonly options: BanGeocoderOptions) {
    this.searchUrl = `${options.baseUrl.replace(/\/+$/, '')}/search/`;
  }

  async locate(address: AddressQuery): Promise<GeocodeResult> {
    const postalCode = normalizePostalCode(address.postalCode);
    const q = [address.street, postalCode ?? address.postalCode, address.commune]
      .map((part) => part?.trim())
      .filter(Boolean)
      .join(' ')
      .slice(0, MAX_QUERY_LENGTH);
    // The API needs at least 3 characters; with less there is nothing it could find.
    if (q.length < 3) return this.fallBack(address, 'adresse trop courte pour être cherchée');

    const url = new URL(this.searchUrl);
    url.searchParams.set('q', q);
    url.searchParams.set('limit', '1');
    // Filters, not hints: a well-scored street of the same name in another town is still wrong.
    if (postalCode) url.searchParams.set('postcode', postalCode);
    const inseeCode = address.inseeCode?.trim().toUpperCase();
    if (inseeCode && /^(\d{5}|2[AB]\d{3})$/.test(inseeCode)) {
      url.searchParams.set('citycode', inseeCode);
    }

    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let match: BanMatch | null;
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        // Drain the body so that the connection can be reused.
        await response.body?.cancel().catch(() => undefined);
        return this.fallBack(
          address,
          `le service a répondu par une erreur (HTTP ${response.status})`,
        );
      }
      match = readFirstMatch(await response.json());
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return this.fallBack(
        address,
        timedOut ? `pas de réponse en ${timeoutMs} ms` : 'service injoignable ou réponse illisible',
        error instanceof Error ? error.message : error,
      );
    }

    if (!match) return this.fallBack(address, 'adresse introuvable');
    const minScore = this.options.minScore ?? DEFAULT_MIN_SCORE;
    if (match.score < minScore) {
      return this.fallBack(
        address,
        `adresse reconnue avec trop peu de certitude (score ${match.score.toFixed(2)})`,
      );
    }
    return {
      status: 'located',
      lat: match.lat,
      lon: match.lon,
      precision: precisionOf(match.type),
      inseeCode: match.citycode,
      communeName: match.city ?? address.commune?.trim() ?? '',
      postalCode: match.postcode ?? postalCode,
      label: match.label ?? q,
      source: 'ban',
    };
  }

  /** The gazetteer's answer; if it has none either, a reason that tells both stories. */
  private async fallBack(
    address: AddressQuery,
    banProblem: string,
    error?: unknown,
  ): Promise<GeocodeResult> {
    this.options.log?.('BAN not used, falling back to the gazetteer', {
      reason: banProblem,
      ...(error === undefined ? {} : { error }),
    });
    let result: GeocodeResult;
    try {
      result = await this.options.fallback.locate(address);
    } catch (error) {
      // A broken fallback (missing asset) is a deployment problem, reported through the log;
      // the address itself is still saved, flagged to be located.
      this.options.log?.(
        'Gazetteer fallback failed',
        error instanceof Error ? error.message : error,
      );
      return {
        status: 'to_locate',
        reason:
          `Localisation impossible pour le moment (Base Adresse Nationale : ${banProblem} ; ` +
          `base des communes indisponible).`,
      };
    }
    if (result.status === 'located') return result;
    return {
      status: 'to_locate',
      reason: `${result.reason} (Base Adresse Nationale : ${banProblem}.)`,
    };
  }
}

/** BAN result types: a lieu-dit ("locality") is placed finer than the commune centre. */
function precisionOf(type: string | null): GeocodePrecision {
  switch (type) {
    case 'housenumber':
      return 'housenumber';
    case 'street':
    case 'locality':
      return 'street';
    default:
      return 'commune';
  }
}

function readFirstMatch(body: unknown): BanMatch | null {
  if (!isObject(body) || !Array.isArray(body.features)) return null;
  const feature: unknown = body.features[0];
  if (!isObject(feature) || !isObject(feature.geometry) || !isObject(feature.properties))
    return null;
  const coordinates = feature.geometry.coordinates;
  if (!Array.isArray(coordinates)) return null;
  // GeoJSON order: longitude first.
  const [lon, lat] = coordinates as unknown[];
  const properties = feature.properties;
  if (!isCoordinate(lon, 180) || !isCoordinate(lat, 90)) return null;
  if (typeof properties.score !== 'number' || !Number.isFinite(properties.score)) return null;
  return {
    lon,
    lat,
    score: properties.score,
    label: text(properties.label),
    type: text(properties.type),
    citycode: text(properties.citycode),
    postcode: text(properties.postcode),
    city: text(properties.city),
  };
}

function normalizePostalCode(value: string | null | undefined): string | null {
  const digits = value?.replace(/\s+/g, '') ?? '';
  // "1400": a spreadsheet ate the leading zero; the API would refuse it as a filter.
  return /^\d{4,5}$/.test(digits) ? digits.padStart(5, '0') : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isCoordinate(value: unknown, bound: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= bound;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
