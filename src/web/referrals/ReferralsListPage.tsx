/**
 * Referrals (signalements). A partner sees their own, with the status only; staff see all of them
 * with the urgency and open one to process it.
 */
import { Link, useSearchParams } from 'react-router-dom';
import { api, asPage, query, type Page as ApiPage } from '../api/client.js';
import { isPartnerOnly, useCan, useUser } from '../auth/session.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { SelectField } from '../ui/form.js';
import { useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Pagination } from '../ui/Pagination.js';
import type { ReferralListItem as Referral } from '../../domain/referrals/api.js';
import { REFERRAL_STATUSES } from '../../domain/referrals/statuses.js';
import { ReferralTable } from './ReferralTable.js';
import { ExportLinks } from '../ui/ExportLinks.js';

const PAGE_SIZE = 25;

export function ReferralsListPage() {
  const user = useUser();
  const can = useCan();
  const partnerView = isPartnerOnly(user.roles);
  const [params, setParams] = useSearchParams();
  const status = params.get('statut') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const url = `/api/referrals${query({ status, page, pageSize: PAGE_SIZE })}`;
  const list = useLoad<ApiPage<Referral>>(
    async (signal) => asPage<Referral>(await api.get(url, { signal }), PAGE_SIZE),
    url,
  );
  const data = list.data;
  const items = (data?.items ?? []).filter((r) => !status || r.status === status);
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    return `/signalements?${next.toString()}`;
  };

  return (
    <Page
      title={partnerView ? t('referrals.myTitle') : t('referrals.title')}
      lead={partnerView ? <p>{t('referrals.partnerIntro')}</p> : null}
      actions={
        <>
          <ExportLinks list="referrals" filters={{ status }} />
          {can('referral.create') ? (
            <Link className="button button-primary" to="/signalements/nouveau">
              {t('referrals.new')}
            </Link>
          ) : null}
        </>
      }
    >
      <div className="filters card">
        <SelectField
          name="statut"
          plain
          label={t('referrals.filterStatus')}
          value={status}
          onValue={(value) => {
            const next = new URLSearchParams();
            if (value) next.set('statut', value);
            setParams(next);
          }}
          emptyLabel={t('referrals.allStatuses')}
          options={REFERRAL_STATUSES.map((s) => ({
            value: s,
            label: enumLabel('referralStatus', s),
          }))}
        />
      </div>
      <div role="status" className="result-count">
        {data && !list.loading ? tPlural('referrals.count', data.total, { count: data.total }) : ''}
      </div>
      {list.loading && !data ? <Loading /> : null}
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {data && items.length === 0 && !list.loading ? (
        <p className="empty">{partnerView ? t('referrals.emptyPartner') : t('referrals.empty')}</p>
      ) : null}
      {items.length ? (
        <>
          <ReferralTable items={items} partnerView={partnerView} />
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
