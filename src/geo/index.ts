import { BanGeocoder } from './ban-geocoder.js';
import type { Geocoder } from './geocoder.js';
import { OfflineGeocoder } from './offline-geocoder.js';

export type { Geocoder } from './geocoder.js';
const DEFAULT_BAN_URL = 'https://api-adresse.data.gouv.fr';

export interface GeocoderConfig {
  /** Default "offline": no address leaves the server unless the deployment chooses so. */
  geocoder?: 'offline' | 'ban';
  /** Base URL of the national address API (or of a self-hosted instance). */
  banUrl?: string;
  timeoutMs?: number;
  /** BAN matches below this score (0–1) are not trusted; default 0.5. */
  minScore?: number;
  /** Told when the BAN could not be used, so that an outage does not go unnoticed. */
  log?: (message: string, detail?: unknown) => void;
}

export function createGeocoder(config: GeocoderConfig = {}): Geocoder {
  const offline = new OfflineGeocoder();
  if (config.geocoder !== 'ban') return offline;
  return new BanGeocoder({
    baseUrl: config.banUrl ?? DEFAULT_BAN_URL,
    fallback: offline,
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.minScore !== undefined ? { minScore: config.minScore } : {}),
    ...(config.log ? { log: config.log } : {}),
  });
}
