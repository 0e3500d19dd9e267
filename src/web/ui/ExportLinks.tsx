/**
 * "Exporter en CSV" / "Exporter en Excel" on a list screen: plain download links to the list's
 * export with the filters the screen shows (ADR 0024). Shown only to roles allowed the export.
 */
import { query } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { t } from '../i18n/fr.js';
import type { Action } from '../../domain/permissions/policy.js';
import type { ExportList } from '../../domain/exports/lists.js';

export function ExportLinks({
  list,
  filters,
}: {
  list: ExportList;
  /** The list's own filters, as its API takes them (empty values are left out). */
  filters: Record<string, string | number | boolean | null | undefined>;
}) {
  const can = useCan();
  if (!can(`export.${list}` as Action)) return null;
  const href = (format: 'csv' | 'xlsx') => `/api/exports/${list}${query({ ...filters, format })}`;
  return (
    <div className="export-links" role="group" aria-label={t('exports.group')}>
      <a className="button button-secondary" href={href('csv')} download>
        {t('exports.csv')}
      </a>
      <a className="button button-secondary" href={href('xlsx')} download>
        {t('exports.xlsx')}
      </a>
    </div>
  );
}
