/**
 * People accompanied: search (accents and case ignored by the server), filters, pagination. For a
 * visitor, the same API answers only the people they visit: the screen becomes "Mes personnes".
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, asPage, query, type Page as ApiPage } from '../api/client.js';
import { isVisitorOnly, useCan, useUser } from '../auth/session.js';
import { t, tPlural } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { Page } from '../ui/Page.js';
import { Checkbox, SelectField, TextField } from '../ui/form.js';
import { useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Table } from '../ui/Table.js';
import { Pagination } from '../ui/Pagination.js';
import { localServiceName, useOrganisation } from '../settings/organisation.js';
import { PERSON_STATUSES } from '../../domain/admission/values.js';
import type { PersonListItem } from '../../domain/people/api.js';
import { StatusBadge, ToLocateBadge } from './StatusBadge.js';
import { bornName } from '../i18n/agreement.js';
import { ExportLinks } from '../ui/ExportLinks.js';

const PAGE_SIZE = 25;

export function PeopleListPage() {
  const user = useUser();
  const can = useCan();
  const visitorOnly = isVisitorOnly(user.roles);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = params.get('statut') ?? '';
  const localServiceId = params.get('service') ?? '';
  const toLocate = params.get('localiser') === '1';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const org = useOrganisation(!visitorOnly);

  // The form edits a draft; the URL holds the search that is shown (so "back" works).
  const [draft, setDraft] = useState({ q, status, localServiceId, toLocate });
  useEffect(
    () => setDraft({ q, status, localServiceId, toLocate }),
    [q, status, localServiceId, toLocate],
  );

  const url = `/api/people${query({
    q,
    status,
    localServiceId,
    locationStatus: toLocate ? 'to_locate' : '',
    page,
    pageSize: PAGE_SIZE,
  })}`;
  const list = useLoad<ApiPage<PersonListItem>>(
    async (signal) => asPage(await api.get(url, { signal }), PAGE_SIZE),
    url,
  );

  function onSearch(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.q.trim()) next.set('q', draft.q.trim());
    if (draft.status) next.set('statut', draft.status);
    if (draft.localServiceId) next.set('service', draft.localServiceId);
    if (draft.toLocate) next.set('localiser', '1');
    setParams(next);
  }

  function hrefFor(target: number) {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    return `/personnes?${next.toString()}`;
  }

  const filtered = !!(q || status || localServiceId || toLocate);
  const data = list.data;
  const services = org.data?.localServices ?? [];

  return (
    <Page
      title={visitorOnly ? t('people.myTitle') : t('people.title')}
      actions={
        <>
          <ExportLinks
            list="people"
            filters={{ q, status, localServiceId, locationStatus: toLocate ? 'to_locate' : '' }}
          />
          {can('person.create') ? (
            <Link className="button button-primary" to="/personnes/nouvelle">
              {t('people.new')}
            </Link>
          ) : null}
        </>
      }
    >
      <form
        role="search"
        aria-label={t('people.searchLabel')}
        className="search-form card"
        onSubmit={onSearch}
        noValidate
      >
        <TextField
          name="q"
          plain
          type="search"
          label={t('people.search')}
          hint={t('people.searchHint')}
          value={draft.q}
          onValue={(value) => setDraft({ ...draft, q: value })}
          autoComplete="off"
          spellCheck={false}
        />
        {!visitorOnly ? (
          <div className="filters">
            <SelectField
              name="statut"
              plain
              label={t('people.filterStatus')}
              value={draft.status}
              onValue={(value) => setDraft({ ...draft, status: value })}
              emptyLabel={t('people.allStatuses')}
              options={PERSON_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            />
            {services.length > 0 ? (
              <SelectField
                name="service"
                plain
                label={t('people.filterService')}
                value={draft.localServiceId}
                onValue={(value) => setDraft({ ...draft, localServiceId: value })}
                emptyLabel={t('people.allServices')}
                options={services.map((s) => ({ value: s.id, label: s.name }))}
              />
            ) : null}
            <Checkbox
              name="localiser"
              label={t('people.filterToLocate')}
              checked={draft.toLocate}
              onChecked={(checked) => setDraft({ ...draft, toLocate: checked })}
            />
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('people.searchSubmit')}
          </button>
          {filtered ? (
            <Link to="/personnes" className="button button-link">
              {t('people.clear')}
            </Link>
          ) : null}
        </div>
      </form>

      <div role="status" aria-live="polite" className="result-count">
        {data && !list.loading
          ? filtered
            ? tPlural('people.foundCount', data.total, { count: data.total })
            : tPlural('people.totalCount', data.total, { count: data.total })
          : ''}
      </div>
      {list.loading && !data ? <Loading /> : null}
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {data && data.items.length === 0 && !list.loading ? (
        <div className="empty">
          <p>
            {filtered
              ? t('people.emptyFiltered')
              : visitorOnly
                ? t('people.emptyVisitor')
                : t('people.empty')}
          </p>
          {!filtered && can('person.create') ? (
            <Link to="/personnes/nouvelle" className="button button-secondary">
              {t('people.new')}
            </Link>
          ) : null}
        </div>
      ) : null}
      {data && data.items.length > 0 ? (
        <>
          <Table
            caption={visitorOnly ? t('people.myTitle') : t('people.tableCaption')}
            captionHidden
            rows={data.items}
            rowKey={(row) => row.id}
            columns={[
              {
                key: 'name',
                header: t('people.colName'),
                rowHeader: true,
                render: (row) => (
                  <Link to={`/personnes/${row.id}`}>
                    {row.lastName.toUpperCase()} {row.firstName}
                    {row.birthName ? (
                      <span className="muted"> {bornName(row.birthName, row.formOfAddress)}</span>
                    ) : null}
                  </Link>
                ),
              },
              {
                key: 'birth',
                header: t('people.colBirthDate'),
                render: (row) => formatDate(row.birthDate) || '—',
              },
              {
                key: 'commune',
                header: t('people.colCommune'),
                render: (row) => (
                  <>
                    {[row.postalCode, row.communeName].filter(Boolean).join(' ') || '—'}
                    {row.locationStatus === 'to_locate' ? (
                      <>
                        {' '}
                        <ToLocateBadge />
                      </>
                    ) : null}
                  </>
                ),
              },
              ...(services.length > 1
                ? [
                    {
                      key: 'service',
                      header: t('people.colService'),
                      render: (row: PersonListItem) =>
                        localServiceName(org.data, row.localServiceId) || '—',
                    },
                  ]
                : []),
              {
                key: 'status',
                header: t('people.colStatus'),
                render: (row) => <StatusBadge status={row.status} />,
              },
            ]}
          />
          <Pagination
            page={data.page}
            pageSize={data.pageSize}
            total={data.total}
            hrefFor={hrefFor}
          />
        </>
      ) : null}
    </Page>
  );
}
