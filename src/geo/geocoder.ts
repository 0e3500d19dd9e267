/**
 * Locating an address: one interface, two implementations (offline gazetteer, national address
 * API with the gazetteer as fallback). An address that cannot be located is not an error: it is
 * kept and flagged "to_locate" with a reason a person can act on.
 */
export interface AddressQuery {
  street?: string | null;
  postalCode?: string | null;
  commune?: string | null;
  inseeCode?: string | null;
}

export type GeocodePrecision = 'housenumber' | 'street' | 'commune';

export type GeocodeResult =
  | {
      status: 'located';
      lat: number;
      lon: number;
      precision: GeocodePrecision;
      /** Only the national API knows it; the gazetteer's source has no INSEE code. */
      inseeCode: string | null;
      communeName: string;
      postalCode: string | null;
      label: string;
      source: 'gazetteer' | 'ban';
    }
  | {
      status: 'to_locate';
      /** French, shown to users. */
      reason: string;
    };

export interface Geocoder {
  readonly name: string;
  /** Never rejects for a bad or unknown address: it resolves to "to_locate". */
  locate(address: AddressQuery): Promise<GeocodeResult>;
}
