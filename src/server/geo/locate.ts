import type { Geocoder } from '../../geo/geocoder.js';

export interface AddressInput {
  street?: string | null;
  postalCode?: string | null;
  communeName?: string | null;
  inseeCode?: string | null;
}

export interface LocationFields {
  latitude: number | null;
  longitude: number | null;
  locationStatus: 'located' | 'to_locate';
  locationPrecision: string | null;
  locationNote: string | null;
  inseeCode: string | null;
}

/**
 * Locates an address for storage. An address that cannot be located is kept and flagged
 * "to_locate" with the reason, never refused and never placed somewhere wrong.
 */
export async function locateAddress(
  geocoder: Geocoder,
  address: AddressInput,
): Promise<LocationFields> {
  if (!address.postalCode && !address.communeName) {
    return {
      latitude: null,
      longitude: null,
      locationStatus: 'to_locate',
      locationPrecision: null,
      locationNote: 'Adresse incomplète : ni code postal ni commune.',
      inseeCode: address.inseeCode ?? null,
    };
  }
  const result = await geocoder.locate({
    street: address.street ?? null,
    postalCode: address.postalCode ?? null,
    commune: address.communeName ?? null,
    inseeCode: address.inseeCode ?? null,
  });
  if (result.status === 'located') {
    return {
      latitude: result.lat,
      longitude: result.lon,
      locationStatus: 'located',
      locationPrecision: result.precision,
      locationNote: null,
      inseeCode: address.inseeCode ?? result.inseeCode,
    };
  }
  return {
    latitude: null,
    longitude: null,
    locationStatus: 'to_locate',
    locationPrecision: null,
    locationNote: result.reason,
    inseeCode: address.inseeCode ?? null,
  };
}

export const addressChanged = (before: AddressInput, patch: AddressInput) =>
  (['street', 'postalCode', 'communeName', 'inseeCode'] as const).some(
    (key) => key in patch && (patch[key] ?? null) !== (before[key] ?? null),
  );
