/** The animator's list of active neighbours: what they offer, where, their journey's stage. */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, asPage, query, type Page as ApiPage } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { SelectField, TextField } from '../ui/form.js';
import { useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Table } from '../ui/Table.js';
import { Pagination } from '../ui/Pagination.js';
import { Badge } from '../ui/Badge.js';
import { JOURNEY_STAGES } from '../../domain/visitors/journey.js';
import type { HelpKindItem, NeighbourListItem } from '../../domain/neighbours/api.js';
import { stageTone } from '../journey/JourneyPanel.js';

const PAGE_SIZE = 25;

export function NeighboursListPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const helpKind = params.get('aide') ?? '';
  const commune = params.get('commune') ?? '';
  const stage = params.get('etape') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [draft, setDraft] = useState({ helpKind, commune, stage });
  useEffect(() => setDraft({ helpKind, commune, stage }), [helpKind, commune, stage]);
  const kinds = useLoad<{ items: HelpKindItem[] }>(
    (signal) => api.get('/api/help-kinds', { signal }),
    'help-kinds',
  );
  const url = `/api/neighbours${query({ helpKind, commune, stage, page, pageSize: PAGE_SIZE })}`;
  const list = useLoad<ApiPage<NeighbourListItem>>(
    async (signal) => asPage<NeighbourListItem>(await api.get(url, { signal }), PAGE_SIZE),
    url,
  );

  function onSearch(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.helpKind) next.set('aide', draft.helpKind);
    if (draft.commune.trim()) next.set('commune', draft.commune.trim());
    if (draft.stage) next.set('etape', draft.stage);
    setParams(next);
  }
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    return `/voisins?${next.toString()}`;
  };
  const data = list.data;
  const items = data?.items ?? [];
  const filtered = Boolean(helpKind || commune || stage);

  return (
    <Page
      title={t('neighbours.title')}
      actions={
        can('neighbour.manage') ? (
          <Link className="button button-primary" to="/voisins/inscription">
            {t('neighbours.new')}
          </Link>
        ) : null
      }
    >
      <form
        role="search"
        aria-label={t('neighbours.searchLabel')}
        className="search-form card"
        onSubmit={onSearch}
        noValidate
      >
        <div className="filters">
          <SelectField
            name="aide"
            plain
            label={t('neighbours.helpKind')}
            value={draft.helpKind}
            onValue={(v) => setDraft({ ...draft, helpKind: v })}
            emptyLabel={t('neighbours.allHelpKinds')}
            options={(kinds.data?.items ?? []).map((k) => ({ value: k.code, label: k.label }))}
          />
          <TextField
            name="commune"
            plain
            label={t('neighbours.commune')}
            value={draft.commune}
            onValue={(v) => setDraft({ ...draft, commune: v })}
            autoComplete="off"
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
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('people.searchSubmit')}
          </button>
        </div>
      </form>
      <div role="status" className="result-count">
        {data && !list.loading
          ? tPlural('neighbours.count', data.total, { count: data.total })
          : ''}
      </div>
      {list.loading && !data ? <Loading /> : null}
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {data && items.length === 0 && !list.loading ? (
        <p className="empty">{filtered ? t('neighbours.emptyFiltered') : t('neighbours.empty')}</p>
      ) : null}
      {items.length ? (
        <>
          <Table
            caption={t('neighbours.title')}
            captionHidden
            rows={items}
            rowKey={(n) => n.id}
            columns={[
              {
                key: 'name',
                header: t('people.colName'),
                rowHeader: true,
                render: (n) =>
                  can('visitor.read') ? (
                    <Link to={`/visiteurs/${n.id}`}>
                      {n.lastName.toUpperCase()} {n.firstName}
                    </Link>
                  ) : (
                    `${n.lastName.toUpperCase()} ${n.firstName}`
                  ),
              },
              {
                key: 'offers',
                header: t('neighbours.offers'),
                render: (n) => n.offers.map((o) => o.label).join(', '),
              },
              {
                key: 'commune',
                header: t('people.colCommune'),
                render: (n) => [n.postalCode, n.communeName].filter(Boolean).join(' ') || '—',
              },
              {
                key: 'distance',
                header: t('neighbours.distanceShort'),
                render: (n) => t('neighbours.km', { count: n.maxDistanceKm }),
              },
              {
                key: 'notify',
                header: t('neighbours.notifyShort'),
                render: (n) => enumLabel('notifyBy', n.notifyBy),
              },
              {
                key: 'state',
                header: t('visitors.state'),
                render: (n) => (
                  <>
                    <Badge tone={stageTone(n.journeyStage)}>{n.stageLabel}</Badge>{' '}
                    {n.validated ? <Badge tone="success">{t('neighbours.validated')}</Badge> : null}
                  </>
                ),
              },
            ]}
          />
          <Pagination
            page={data!.page}
            pageSize={data!.pageSize}
            total={data!.total}
            hrefFor={hrefFor}
          />
        </>
      ) : null}
    </Page>
  );
}
