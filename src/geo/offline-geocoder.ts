import type { Gazetteer } from '../domain/geo/gazetteer.js';
import type { AddressQuery, GeocodeResult, Geocoder } from './geocoder.js';
import { loadGazetteer } from './load-gazetteer.js';

/**
 * Commune-level location from the offline gazetteer: always available, no network, no personal
 * data leaving the server. The street is ignored (the gazetteer only knows commune centres) and
 * so is the INSEE code (its source has none).
 */
export class OfflineGeocoder implements Geocoder {
  readonly name = 'gazetteer';

  /** A getter, not a gazetteer: the asset is read on the first address, not at start-up. */
  constructor(private readonly gazetteer: () => Promise<Gazetteer> = loadGazetteer) {}

  async locate(address: AddressQuery): Promise<GeocodeResult> {
    const result = (await this.gazetteer()).locate({
      postalCode: address.postalCode,
      commune: address.commune,
    });
    if (result.status !== 'located') return { status: 'to_locate', reason: result.reason };
    return {
      status: 'located',
      lat: result.lat,
      lon: result.lon,
      precision: 'commune',
      inseeCode: null,
      communeName: result.communeName,
      postalCode: result.postalCode,
      label: result.postalCode ? `${result.postalCode} ${result.communeName}` : result.communeName,
      source: 'gazetteer',
    };
  }
}
