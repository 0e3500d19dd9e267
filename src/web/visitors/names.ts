/** How the screens name visitors and pairs. The shapes are the API's (src/domain/visitors/api.ts). */
import type { PairListItem, VisitorFile } from '../../domain/visitors/api.js';
import { t } from '../i18n/fr.js';

/** ISO weekdays, 1 = Monday, in the order the week shows them. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Named {
  id: string;
  firstName: string;
  lastName: string;
}

export function fullName(member: Omit<Named, 'id'> | null | undefined): string {
  if (!member) return '';
  return [member.firstName, member.lastName].filter(Boolean).join(' ');
}

/** A pair of the list names both members; a pair in a visitor's file names the partner. */
export function pairMembers(pair: PairListItem | VisitorFile['pairs'][number]): Named[] {
  return 'partner' in pair ? [pair.partner] : [pair.visitorA, pair.visitorB];
}

export function pairName(pair: PairListItem): string {
  return pairMembers(pair).map(fullName).join(t('common.and'));
}
