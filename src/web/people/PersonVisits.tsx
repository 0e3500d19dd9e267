/** On a person's file: their visits, newest first, with what each report said. */
import { useState } from 'react';
import { api, query } from '../api/client.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Section } from '../ui/Page.js';
import { Table } from '../ui/Table.js';
import { useLoad } from '../ui/data.js';
import type { PersonVisitList } from '../../domain/visits/api.js';

export function PersonVisits({ personId }: { personId: string }) {
  const [page, setPage] = useState(1);
  const url = `/api/people/${personId}/visits${query({ page, pageSize: 10 })}`;
  const list = useLoad((signal) => api.get<PersonVisitList>(url, { signal }), url);
  return (
    <Section id="visites" title={t('personVisits.title')}>
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {list.data && list.data.items.length === 0 ? (
        <p className="muted">{t('personVisits.none')}</p>
      ) : null}
      {list.data && list.data.items.length ? (
        <Table
          caption={t('personVisits.title')}
          captionHidden
          rows={list.data.items}
          rowKey={(v) => v.id}
          columns={[
            {
              key: 'date',
              header: t('personVisits.date'),
              rowHeader: true,
              render: (v) => `${formatDate(v.date)} ${v.startTime}`,
            },
            {
              key: 'visitors',
              header: t('personVisits.visitors'),
              render: (v) => v.visitors.join(t('common.and')),
            },
            {
              key: 'status',
              header: t('personVisits.status'),
              render: (v) =>
                v.report
                  ? enumLabel('visitOutcome', v.report.outcome)
                  : v.cancelReason
                    ? t('personVisits.cancelled', { reason: v.cancelReason })
                    : enumLabel('visitStatus', v.status),
            },
            {
              key: 'report',
              header: t('personVisits.report'),
              render: (v) =>
                v.report
                  ? [
                      v.report.durationMinutes
                        ? t('personVisits.minutes', { minutes: v.report.durationMinutes })
                        : null,
                      v.report.activities.map((a) => enumLabel('report.activity', a)).join(', ') ||
                        null,
                      v.report.mood
                        ? t('personVisits.mood', { mood: enumLabel('report.mood', v.report.mood) })
                        : null,
                      v.report.observations,
                      v.report.concern
                        ? t('personVisits.concern', { concern: v.report.concern })
                        : null,
                    ]
                      .filter(Boolean)
                      .join(' — ')
                  : '',
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
    </Section>
  );
}
