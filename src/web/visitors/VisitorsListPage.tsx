/** Visitors: employed young visitors, volunteers, civic service; search and filters. */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, asPage, query, type Page as ApiPage } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { Checkbox, SelectField, TextField } from '../ui/form.js';
import { useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Table } from '../ui/Table.js';
import { Pagination } from '../ui/Pagination.js';
import { Badge } from '../ui/Badge.js';
import { JOURNEY_STAGES } from '../../domain/visitors/journey.js';
import { stageTone } from '../journey/JourneyPanel.js';
import { localServiceName, useOrganisation } from '../settings/organisation.js';
import { VISITOR_KINDS } from '../../domain/visitors/values.js';
import type { VisitorListItem as Visitor } from '../../domain/visitors/api.js';
import { fullName } from './names.js';
import { ExportLinks } from '../ui/ExportLinks.js';

const PAGE_SIZE = 25;

export function VisitorsListPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kind = params.get('type') ?? '';
  const includeEnded = params.get('partis') === '1';
  const stage = params.get('etape') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [draft, setDraft] = useState({ q, kind, includeEnded, stage });
  useEffect(() => setDraft({ q, kind, includeEnded, stage }), [q, kind, includeEnded, stage]);
  const org = useOrganisation();

  const url = `/api/visitors${query({ q, kind, stage, active: includeEnded || stage === 'ended' ? '' : 'true', page, pageSize: PAGE_SIZE })}`;
  const list = useLoad<ApiPage<Visitor>>(
    async (signal) => asPage<Visitor>(await api.get(url, { signal }), PAGE_SIZE),
    url,
  );

  function onSearch(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.q.trim()) next.set('q', draft.q.trim());
    if (draft.kind) next.set('type', draft.kind);
    if (draft.includeEnded) next.set('partis', '1');
    if (draft.stage) next.set('etape', draft.stage);
    setParams(next);
  }
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    return `/visiteurs?${next.toString()}`;
  };
  const data = list.data;
  // Filter on the client too, in case the server ignores a filter.
  const items = (data?.items ?? []).filter(
    (v) =>
      (!kind || v.kind === kind) &&
      (includeEnded || stage === 'ended' || !v.endedOn) &&
      (!stage || v.journeyStage === stage),
  );

  return (
    <Page
      title={t('visitors.title')}
      actions={
        <>
          <ExportLinks list="visitors" filters={{ q, kind, active: includeEnded ? '' : 'true' }} />
          {can('pair.list') ? (
            <Link className="button button-secondary" to="/binomes">
              {t('visitors.pairsLink')}
            </Link>
          ) : null}
          {can('journey.manage') ? (
            <Link className="button button-secondary" to="/visiteurs/candidature">
              {t('staffApply.link')}
            </Link>
          ) : null}
          {can('visitor.create') ? (
            <Link className="button button-primary" to="/visiteurs/nouveau">
              {t('visitors.new')}
            </Link>
          ) : null}
        </>
      }
    >
      <form
        role="search"
        aria-label={t('visitors.searchLabel')}
        className="search-form card"
        onSubmit={onSearch}
        noValidate
      >
        <TextField
          name="q"
          plain
          type="search"
          label={t('visitors.search')}
          value={draft.q}
          onValue={(v) => setDraft({ ...draft, q: v })}
          autoComplete="off"
        />
        <div className="filters">
          <SelectField
            name="type"
            plain
            label={t('visitors.kind')}
            value={draft.kind}
            onValue={(v) => setDraft({ ...draft, kind: v })}
            emptyLabel={t('visitors.allKinds')}
            options={VISITOR_KINDS.map((k) => ({ value: k, label: enumLabel('visitorKind', k) }))}
          />
          <SelectField
            name="etape"
            plain
            label={t('journey.stageFilter')}
            value={draft.stage}
            onValue={(v) => setDraft({ ...draft, stage: v })}
            emptyLabel={t('journey.allStages')}
            options={JOURNEY_STAGES.map((s) => ({ value: s, label: enumLabel('journeyStage', s) }))}
          />
          <Checkbox
            name="partis"
            label={t('visitors.includeEnded')}
            checked={draft.includeEnded}
            onChecked={(v) => setDraft({ ...draft, includeEnded: v })}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('people.searchSubmit')}
          </button>
        </div>
      </form>
      <div role="status" className="result-count">
        {data && !list.loading ? tPlural('visitors.count', data.total, { count: data.total }) : ''}
      </div>
      {list.loading && !data ? <Loading /> : null}
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {data && items.length === 0 && !list.loading ? (
        <p className="empty">{t('visitors.empty')}</p>
      ) : null}
      {items.length ? (
        <>
          <Table
            caption={t('visitors.title')}
            captionHidden
            rows={items}
            rowKey={(v) => v.id}
            columns={[
              {
                key: 'name',
                header: t('people.colName'),
                rowHeader: true,
                render: (v) => (
                  <Link to={`/visiteurs/${v.id}`}>
                    {v.lastName.toUpperCase()} {v.firstName}
                  </Link>
                ),
              },
              {
                key: 'kind',
                header: t('visitors.kind'),
                render: (v) => enumLabel('visitorKind', v.kind),
              },
              {
                key: 'pair',
                header: t('visitors.pair'),
                render: (v) =>
                  v.pair ? t('visitors.pairWith', { name: fullName(v.pair.partner) }) : '—',
              },
              {
                key: 'commune',
                header: t('people.colCommune'),
                render: (v) => [v.postalCode, v.communeName].filter(Boolean).join(' ') || '—',
              },
              {
                key: 'service',
                header: t('people.colService'),
                render: (v) => localServiceName(org.data, v.localServiceId) || '—',
              },
              {
                key: 'mobility',
                header: t('visitors.mobility'),
                render: (v) => (v.mobility ? enumLabel('mobility', v.mobility) : '—'),
              },
              {
                key: 'state',
                header: t('visitors.state'),
                render: (v) =>
                  v.endedOn ? (
                    <Badge>{t('visitors.ended')}</Badge>
                  ) : (
                    <Badge tone={stageTone(v.journeyStage)}>
                      {enumLabel('journeyStage', v.journeyStage)}
                    </Badge>
                  ),
              },
            ]}
          />
          {data ? (
            <Pagination
              page={data.page}
              pageSize={data.pageSize}
              total={data.total}
              hrefFor={hrefFor}
            />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
