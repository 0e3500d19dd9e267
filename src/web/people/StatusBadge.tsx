import { t } from '../i18n/fr.js';
import { Badge, type BadgeTone } from '../ui/Badge.js';
import { PERSON_STATUSES, type PersonStatus } from '../../domain/admission/values.js';

const TONES: Record<PersonStatus, BadgeTone> = {
  referred: 'info',
  evaluation_planned: 'info',
  evaluated: 'info',
  waiting: 'warning',
  active: 'success',
  paused: 'neutral',
  ended: 'neutral',
};

export function isStatus(value: unknown): value is PersonStatus {
  return typeof value === 'string' && (PERSON_STATUSES as readonly string[]).includes(value);
}

export function statusLabel(status: string | null | undefined): string {
  return isStatus(status) ? t(`status.${status}`) : (status ?? '');
}

export function StatusBadge({ status }: { status: string | null | undefined }) {
  if (!status) return null;
  return <Badge tone={isStatus(status) ? TONES[status] : 'neutral'}>{statusLabel(status)}</Badge>;
}

export function ToLocateBadge() {
  return <Badge tone="warning">{t('people.toLocate')}</Badge>;
}
