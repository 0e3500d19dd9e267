/**
 * The organisation as the screens need it: its local services (filters, forms), territories and
 * settings (the defaults where the organisation set none). GET /api/organisation is read once per
 * screen.
 */
import type { Organisation } from '../../domain/organisations/api.js';
import { api } from '../api/client.js';
import { useLoad } from '../ui/data.js';

export type OrganisationData = Organisation;

export function fetchOrganisation(signal?: AbortSignal): Promise<OrganisationData> {
  return api.get<Organisation>('/api/organisation', { signal });
}

/** The organisation, or null while loading or when it cannot be read (forms then do without). */
export function useOrganisation(enabled = true) {
  return useLoad<OrganisationData | null>(
    (signal) => (enabled ? fetchOrganisation(signal).catch(() => null) : Promise.resolve(null)),
    `organisation-${enabled}`,
  );
}

export function localServiceName(
  org: OrganisationData | null | undefined,
  id: string | null | undefined,
): string {
  if (!id) return '';
  return org?.localServices.find((service) => service.id === id)?.name ?? '';
}
