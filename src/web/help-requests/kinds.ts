/** The organisation's kinds of help (`/api/help-kinds`, ADR 0033), for the requests' screens. */
import { api } from '../api/client.js';
import { useLoad } from '../ui/data.js';
import type { HelpKindItem } from '../../domain/neighbours/api.js';
import { helpKindLabel } from '../../domain/help-requests/kinds.js';

export interface KindOption {
  code: string;
  label: string;
}

/** Every kind of the organisation (the deactivated ones still name old requests). */
export function useHelpKinds(): HelpKindItem[] {
  const kinds = useLoad(
    (signal) => api.get<{ items: HelpKindItem[] }>('/api/help-kinds', { signal }),
    'help-kinds',
  );
  return kinds.data?.items ?? [];
}

export const activeKinds = (kinds: readonly HelpKindItem[]): KindOption[] =>
  kinds.filter((k) => k.active).map((k) => ({ code: k.code, label: k.label }));

export { helpKindLabel };
