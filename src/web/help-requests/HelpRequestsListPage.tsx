/**
 * « Demandes d'entraide »: the requests of the organisation, the most urgent first, filtered by
 * status, kind, urgency and commune, page by page; the operator's « Appel entrant » from here.
 */
import { Link, useSearchParams } from 'react-router-dom';
import { useState } from 'react';
import { api, query } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { SelectField, TextField } from '../ui/form.js';
import { useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Pagination } from '../ui/Pagination.js';
import { Table } from '../ui/Table.js';
import { Badge } from '../ui/Badge.js';
import type { HelpRequestPage } from '../../domain/help-requests/api.js';
import { helpKindLabel, useHelpKinds } from './kinds.js';
import { REQUEST_STATUSES, URGENCIES } from '../../domain/help-requests/model.js';
import { scheduleText, statusTone, urgencyTone } from './labels.js';

const PAGE_SIZE = 25;

export function HelpRequestsListPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const status = params.get('statut') ?? '';
  const helpKind = params.get('aide') ?? '';
  const kinds = useHelpKinds();
  const urgency = params.get('urgence') ?? '';
  const commune = params.get('commune') ?? '';
  const [communeDraft, setCommuneDraft] = useState(commune);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const url = `/api/help-requests${query({ status, helpKind, urgency, commune, page, pageSize: PAGE_SIZE })}`;
  const list = useLoad<HelpRequestPage>((signal) => api.get(url, { signal }), url);
  const data = list.data;
  const setFilter = (key: string) => (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    return `/entraide?${next.toString()}`;
  };

  return (
    <Page
      title={t('help.listTitle')}
      actions={
        can('help_request.create') ? (
          <Link className="button button-primary" to="/entraide/appel">
            {t('help.callTitle')}
          </Link>
        ) : null
      }
    >
      <div className="filters card">
        <SelectField
          name="statut"
          plain
          label={t('help.filterStatus')}
          value={status}
          onValue={setFilter('statut')}
          emptyLabel={t('help.allStatuses')}
          options={REQUEST_STATUSES.map((s) => ({ value: s, label: enumLabel('helpStatus', s) }))}
        />
        <SelectField
          name="aide"
          plain
          label={t('help.kind')}
          value={helpKind}
          onValue={setFilter('aide')}
          emptyLabel={t('help.allKinds')}
          options={kinds.map((k) => ({ value: k.code, label: k.label }))}
        />
        <SelectField
          name="urgence"
          plain
          label={t('help.urgency')}
          value={urgency}
          onValue={setFilter('urgence')}
          emptyLabel={t('help.allUrgencies')}
          options={URGENCIES.map((u) => ({ value: u, label: enumLabel('helpUrgency', u) }))}
        />
        <form
          className="help-commune-filter"
          onSubmit={(event) => {
            event.preventDefault();
            setFilter('commune')(communeDraft.trim());
          }}
        >
          <TextField
            name="commune"
            plain
            label={t('help.commune')}
            value={communeDraft}
            onValue={setCommuneDraft}
            maxLength={100}
          />
          <button type="submit" className="button button-secondary">
            {t('help.filter')}
          </button>
        </form>
      </div>
      <div role="status" className="result-count">
        {data && !list.loading ? tPlural('help.count', data.total, { count: data.total }) : ''}
      </div>
      {list.loading && !data ? <Loading /> : null}
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {data && data.items.length === 0 && !list.loading ? (
        <p className="empty">{t('help.empty')}</p>
      ) : null}
      {data && data.items.length ? (
        <>
          <Table
            caption={t('help.listTitle')}
            captionHidden
            rows={data.items}
            rowKey={(r) => r.id}
            columns={[
              {
                key: 'person',
                header: t('help.colPerson'),
                rowHeader: true,
                render: (r) => (
                  <Link to={`/entraide/${r.id}`}>{r.personName ?? t('help.unnamed')}</Link>
                ),
              },
              {
                key: 'kind',
                header: t('help.kind'),
                render: (r) => helpKindLabel(r.helpKind, kinds),
              },
              { key: 'when', header: t('help.colWhen'), render: (r) => scheduleText(r) },
              { key: 'commune', header: t('help.commune'), render: (r) => r.communeName ?? '—' },
              {
                key: 'urgency',
                header: t('help.urgency'),
                render: (r) => (
                  <Badge tone={urgencyTone(r.urgency)}>{enumLabel('helpUrgency', r.urgency)}</Badge>
                ),
              },
              {
                key: 'status',
                header: t('help.status'),
                render: (r) => (
                  <Badge tone={statusTone(r.status)}>{enumLabel('helpStatus', r.status)}</Badge>
                ),
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
