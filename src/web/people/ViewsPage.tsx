/**
 * "Qui a consulté cette fiche": every opening and change of what is about the person (their
 * file, visits and reports, alerts, evaluations, consents, calendar feeds…), newest first.
 */
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, asPage, query, type Page as ApiPage } from '../api/client.js';
import { auditActionLabel, enumLabel, t } from '../i18n/fr.js';
import { formatDateTime } from '../i18n/format.js';
import { Page } from '../ui/Page.js';
import { useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Table } from '../ui/Table.js';
import { Badge } from '../ui/Badge.js';
import type { PersonFile, PersonViews } from '../../domain/people/api.js';
import { personName } from './PersonFilePage.js';

type View = PersonViews['items'][number];

const PAGE_SIZE = 50;

export function ViewsPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const url = `/api/people/${id}/views${query({ page, pageSize: PAGE_SIZE })}`;
  const views = useLoad<ApiPage<View>>(
    async (signal) => asPage<View>(await api.get(url, { signal }), PAGE_SIZE),
    url,
  );
  // The name for the title; opening the file here is itself recorded, as any opening.
  const file = useLoad<PersonFile | null>(
    (signal) => api.get<PersonFile>(`/api/people/${id}`, { signal }).catch(() => null),
    `name-${id}`,
  );
  const name = file.data?.person ? personName(file.data.person) : null;
  const data = views.data;
  const hasMore = data ? data.items.length === PAGE_SIZE : false;

  return (
    <Page
      title={name ? t('views.titleFor', { name }) : t('views.title')}
      lead={<p>{t('views.intro')}</p>}
    >
      <p>
        <Link to={`/personnes/${id}`}>
          {name ? t('evaluation.backToFile', { name }) : t('views.back')}
        </Link>
      </p>
      {views.loading && !data ? <Loading /> : null}
      {views.error ? <ErrorMessage>{views.error}</ErrorMessage> : null}
      {data && data.items.length === 0 ? <p className="empty">{t('views.empty')}</p> : null}
      {data && data.items.length > 0 ? (
        <Table
          caption={t('views.caption')}
          captionHidden
          rows={data.items}
          rowKey={(row) => String(row.id)}
          columns={[
            { key: 'at', header: t('views.when'), render: (row) => formatDateTime(row.at) },
            {
              key: 'who',
              header: t('views.who'),
              rowHeader: true,
              render: (row) =>
                row.userName ??
                (row.source ? t('views.system', { source: row.source }) : t('views.unknownUser')),
            },
            {
              key: 'kind',
              header: t('views.kind'),
              render: (row) => (
                <Badge tone={row.kind === 'write' ? 'info' : 'neutral'}>
                  {row.kind === 'write' ? t('views.write') : t('views.read')}
                </Badge>
              ),
            },
            {
              key: 'action',
              header: t('views.action'),
              render: (row) => auditActionLabel(row.action),
            },
            {
              key: 'about',
              header: t('views.about'),
              render: (row) => enumLabel('views.entity', row.entityType),
            },
          ]}
        />
      ) : null}
      {data && (page > 1 || hasMore) ? (
        <nav className="pagination" aria-label={t('pagination.label')}>
          <ul>
            <li>
              {page > 1 ? <Link to={`?page=${page - 1}`}>{t('pagination.previous')}</Link> : null}
            </li>
            <li aria-current="page">{t('pagination.pageOnly', { page })}</li>
            <li>{hasMore ? <Link to={`?page=${page + 1}`}>{t('pagination.next')}</Link> : null}</li>
          </ul>
        </nav>
      ) : null}
    </Page>
  );
}
