/** The coordinators' alerts: the most serious first, with who handles each. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, query } from '../api/client.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { formatDateTime } from '../i18n/format.js';
import { ErrorMessage, InfoMessage, SuccessMessage } from '../ui/Alert.js';
import { Badge, type BadgeTone } from '../ui/Badge.js';
import { Loading } from '../ui/Loading.js';
import { Page } from '../ui/Page.js';
import { Table } from '../ui/Table.js';
import { errorText, useLoad } from '../ui/data.js';
import { SelectField } from '../ui/form.js';
import type { AlertList, ScanAnswer } from '../../domain/alerts/api.js';
import { ExportLinks } from '../ui/ExportLinks.js';

export const SEVERITY_TONES: Record<string, BadgeTone> = {
  urgent: 'danger',
  high: 'warning',
  medium: 'info',
  low: 'neutral',
};

const PAGE_SIZE = 25;

export function AlertsPage() {
  const [status, setStatus] = useState('active');
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = `/api/alerts${query({ status, page, pageSize: PAGE_SIZE })}`;
  const list = useLoad((signal) => api.get<AlertList>(url, { signal }), url);

  async function scan() {
    setError(null);
    try {
      const result = await api.post<ScanAnswer>('/api/alerts/scan', {});
      setNotice(tPlural('alerts.scanned', result.raised, { count: result.raised }));
      list.reload();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Page
      title={t('alerts.title')}
      lead={<p>{t('alerts.intro')}</p>}
      actions={
        <>
          <ExportLinks list="alerts" filters={{ status }} />
          <button type="button" className="button" onClick={() => void scan()}>
            {t('alerts.scan')}
          </button>
        </>
      }
    >
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <form
        className="card form inline-form"
        aria-label={t('alerts.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectField
          name="status"
          label={t('alerts.status')}
          plain
          value={status}
          onValue={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={['active', 'open', 'in_progress', 'closed'].map((s) => ({
            value: s,
            label: enumLabel('alertStatus', s),
          }))}
        />
      </form>
      {list.data ? (
        <p role="status">
          {tPlural('alerts.activeCount', list.data.activeCount, { count: list.data.activeCount })}{' '}
          {list.data.urgentCount ? (
            <Badge tone="danger">
              {tPlural('alerts.urgentCount', list.data.urgentCount, {
                count: list.data.urgentCount,
              })}
            </Badge>
          ) : null}
        </p>
      ) : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {list.data && list.data.items.length === 0 ? (
        <InfoMessage>{t('alerts.none')}</InfoMessage>
      ) : null}
      {list.data && list.data.items.length ? (
        <Table
          caption={t('alerts.caption')}
          rows={list.data.items}
          rowKey={(a) => a.id}
          columns={[
            {
              key: 'title',
              header: t('alerts.alert'),
              rowHeader: true,
              render: (a) => <Link to={`/alertes/${a.id}`}>{a.title}</Link>,
            },
            {
              key: 'severity',
              header: t('alerts.severity'),
              render: (a) => (
                <Badge tone={SEVERITY_TONES[a.severity] ?? 'neutral'}>
                  {enumLabel('alertSeverity', a.severity)}
                </Badge>
              ),
            },
            {
              key: 'kind',
              header: t('alerts.kind'),
              render: (a) => enumLabel('alertKind', a.kind),
            },
            {
              key: 'status',
              header: t('alerts.status'),
              render: (a) => enumLabel('alertStatus', a.status),
            },
            {
              key: 'owner',
              header: t('alerts.followedBy'),
              render: (a) => a.ownerName ?? t('alerts.unassigned'),
            },
            {
              key: 'created',
              header: t('alerts.createdAt'),
              render: (a) => formatDateTime(a.createdAt),
            },
          ]}
        />
      ) : null}
      <div className="button-row">
        {page > 1 ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setPage(page - 1)}
          >
            {t('pagination.previous')}
          </button>
        ) : null}
        {list.data?.hasMore ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setPage(page + 1)}
          >
            {t('pagination.next')}
          </button>
        ) : null}
      </div>
    </Page>
  );
}
