/**
 * The organisation as the screens need it: its local services (filters, forms), territories and
 * settings. GET /api/organisation is read once per screen; its answer may nest the organisation or
 * not, so both forms are accepted.
 */
import { api } from '../api/client.js';
import { useLoad } from '../ui/data.js';

interface LocalService {
  id: string;
  name: string;
}

interface Territory {
  id?: string;
  postalCode: string;
  communeName: string;
  inseeCode?: string | null;
  localServiceId?: string | null;
}

interface EligibilitySettings {
  minimumAge: number;
  isolationThreshold: number;
  requireIsolation: boolean;
  allowedDepartmentCodes: string[] | null;
}

export interface OrganisationData {
  id: string;
  name: string;
  kind: string | null;
  settings: Record<string, unknown>;
  eligibility: EligibilitySettings;
  localServices: LocalService[];
  territories: Territory[];
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function normaliseOrganisation(raw: unknown): OrganisationData {
  const top = record(raw);
  const org = record(top.organisation ?? top);
  const settings = record(org.settings ?? top.settings);
  const eligibility = record(settings.eligibility ?? top.eligibility ?? top.eligibilityRule);
  const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
  return {
    id: String(org.id ?? ''),
    name: String(org.name ?? ''),
    kind: typeof org.kind === 'string' ? org.kind : null,
    settings,
    eligibility: {
      minimumAge: typeof eligibility.minimumAge === 'number' ? eligibility.minimumAge : 65,
      isolationThreshold:
        typeof eligibility.isolationThreshold === 'number' ? eligibility.isolationThreshold : 12,
      requireIsolation:
        typeof eligibility.requireIsolation === 'boolean' ? eligibility.requireIsolation : true,
      allowedDepartmentCodes: Array.isArray(eligibility.allowedDepartmentCodes)
        ? (eligibility.allowedDepartmentCodes as string[])
        : null,
    },
    localServices: list<LocalService>(top.localServices ?? org.localServices),
    territories: list<Territory>(top.territories ?? org.territories),
  };
}

export async function fetchOrganisation(signal?: AbortSignal): Promise<OrganisationData> {
  return normaliseOrganisation(await api.get('/api/organisation', { signal }));
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
