/**
 * « Professionnels »: the directory of paid services (issue 13, ADR 0035), apart from the
 * volunteers and labelled as such; searched by trade and by a commune served.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, query, type Page as ApiPage } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { t, tPlural } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { Page } from '../ui/Page.js';
import { SelectField, TextField } from '../ui/form.js';
import { CommuneFields } from '../ui/CommuneFields.js';
import { useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Pagination } from '../ui/Pagination.js';
import { Badge } from '../ui/Badge.js';
import { Phone } from '../ui/Phone.js';
import { TRADES } from '../../domain/professionals/values.js';
import type { ProfessionalListItem } from '../../domain/professionals/api.js';

const PAGE_SIZE = 20;

export function ProfessionalsPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const filters = {
    trade: params.get('metier') ?? '',
    postalCode: params.get('cp') ?? '',
    communeName: params.get('commune') ?? '',
    q: params.get('nom') ?? '',
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [draft, setDraft] = useState(filters);
  const key = params.toString();
  useEffect(() => setDraft(filters), [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const url = `/api/professionals${query({ ...filters, page, pageSize: PAGE_SIZE })}`;
  const list = useLoad<ApiPage<ProfessionalListItem>>(
    (signal) => api.get<ApiPage<ProfessionalListItem>>(url, { signal }),
    url,
  );

  function onSearch(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.trade) next.set('metier', draft.trade);
    if (draft.postalCode) next.set('cp', draft.postalCode);
    if (draft.communeName) next.set('commune', draft.communeName);
    if (draft.q) next.set('nom', draft.q);
    setParams(next);
  }
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    return `/professionnels?${next.toString()}`;
  };
  const data = list.data;

  return (
    <Page
      title={t('pros.title')}
      lead={
        <p className="pro-paid" role="note">
          <strong>{t('pros.paidLabel')}</strong> {t('pros.paidExplanation')}
        </p>
      }
      actions={
        can('professional.manage') ? (
          <Link className="button button-primary" to="/professionnels/nouveau">
            {t('pros.add')}
          </Link>
        ) : null
      }
    >
      <form
        aria-label={t('pros.search')}
        className="search-form card"
        onSubmit={onSearch}
        noValidate
      >
        <div className="filters">
          <SelectField
            name="metier"
            plain
            label={t('pros.trade')}
            value={draft.trade}
            onValue={(trade) => setDraft({ ...draft, trade })}
            emptyLabel={t('pros.allTrades')}
            options={Object.entries(TRADES).map(([value, label]) => ({ value, label }))}
          />
          <TextField
            name="nom"
            plain
            label={t('pros.searchName')}
            value={draft.q}
            onValue={(q) => setDraft({ ...draft, q })}
          />
        </div>
        <p className="hint">{t('pros.communeFilterHint')}</p>
        <CommuneFields
          prefix="filtre."
          postalCode={draft.postalCode}
          communeName={draft.communeName}
          onChange={(v) => setDraft({ ...draft, ...v })}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('pros.searchButton')}
          </button>
        </div>
      </form>
      {list.loading && !data ? <Loading /> : null}
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {data && data.items.length === 0 && !list.loading ? (
        <div className="empty">
          <p>{t('pros.empty')}</p>
          {can('professional.manage') ? <p className="muted">{t('pros.emptyHint')}</p> : null}
        </div>
      ) : null}
      {data && data.items.length ? (
        <>
          <p role="status">{tPlural('pros.count', data.total, { count: data.total })}</p>
          <ul className="pro-list" aria-label={t('pros.listLabel')}>
            {data.items.map((pro) => (
              <li key={pro.id} className="card pro-card">
                <h2 className="pro-card-title">
                  <Link to={`/professionnels/${pro.id}`}>{pro.businessName}</Link>
                </h2>
                <p>
                  <Badge tone="info">{pro.tradeLabel}</Badge>{' '}
                  {pro.worksPublicHolidays ? (
                    <Badge tone="neutral">{t('pros.publicHolidays')}</Badge>
                  ) : null}{' '}
                  {!pro.active ? <Badge tone="warning">{t('pros.inactive')}</Badge> : null}
                </p>
                <p>
                  <Phone number={pro.phone} />
                  {pro.contactName ? <span className="muted"> — {pro.contactName}</span> : null}
                </p>
                <p className="muted small">
                  {t('pros.serves', { communes: pro.communesServed.join(', ') })}
                </p>
                <p className="muted small">
                  {pro.lastCheckedOn
                    ? t('pros.checkedOn', { date: formatDate(pro.lastCheckedOn) })
                    : t('pros.neverChecked')}
                  {pro.checkDue ? (
                    <>
                      {' '}
                      <Badge tone="warning">{t('pros.checkDue')}</Badge>
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
          <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} hrefFor={hrefFor} />
        </>
      ) : null}
    </Page>
  );
}
