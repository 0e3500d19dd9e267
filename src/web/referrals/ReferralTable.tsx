/** The list of referrals, shared by the referrals screen and the partner's home page. */
import { Link } from 'react-router-dom';
import { enumLabel, t } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { Table } from '../ui/Table.js';
import { Badge, type BadgeTone } from '../ui/Badge.js';
import type { ReferralListItem as Referral } from '../../domain/referrals/api.js';

function referralTone(status: string): BadgeTone {
  return status === 'accepted'
    ? 'success'
    : status === 'declined'
      ? 'danger'
      : status === 'closed'
        ? 'neutral'
        : 'info';
}

export function ReferralStatus({ status }: { status: string }) {
  return <Badge tone={referralTone(status)}>{enumLabel('referralStatus', status)}</Badge>;
}

/** The list itself, shared by this screen and the partner's home page. */
export function ReferralTable({ items, partnerView }: { items: Referral[]; partnerView: boolean }) {
  return (
    <Table
      caption={t('referrals.title')}
      captionHidden
      rows={items}
      rowKey={(r) => r.id}
      columns={[
        { key: 'date', header: t('referrals.date'), render: (r) => formatDate(r.createdAt) },
        {
          key: 'person',
          header: t('referrals.person'),
          rowHeader: true,
          render: (r) => (
            <Link to={`/signalements/${r.id}`}>
              {[r.firstName, r.lastName].filter(Boolean).join(' ') || t('referrals.open')}
            </Link>
          ),
        },
        ...(partnerView
          ? []
          : [
              {
                key: 'partner',
                header: t('referrals.partner'),
                render: (r: Referral) => ('partnerName' in r ? r.partnerName : '—'),
              },
              {
                key: 'commune',
                header: t('people.colCommune'),
                render: (r: Referral) => r.communeName ?? '—',
              },
              {
                key: 'urgency',
                header: t('referrals.urgency'),
                render: (r: Referral) =>
                  'urgency' in r ? (
                    <Badge tone={r.urgency === 'urgent' ? 'danger' : 'neutral'}>
                      {enumLabel('urgency', r.urgency)}
                    </Badge>
                  ) : (
                    '—'
                  ),
              },
            ]),
        {
          key: 'status',
          header: t('referrals.status'),
          render: (r) => <ReferralStatus status={r.status} />,
        },
      ]}
    />
  );
}
