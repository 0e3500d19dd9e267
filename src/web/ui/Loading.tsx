import { t } from '../i18n/fr.js';

export function Loading({ label }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label ?? t('common.loading')}
    </p>
  );
}
