/**
 * The first screen after sign-in, by role: a visitor sees the way to today's visits and "mes
 * personnes", a partner their referrals; a coordinator, an administrator, a planner or an
 * operator « À faire » (what is due today, each line a link to the place to act), then the
 * search, shortcuts and figures other staff (a viewer) see.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, asPage } from '../api/client.js';
import { isPartnerOnly, isVisitorOnly, useCan, useSession, useUser } from '../auth/session.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { formatNumber } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { TextField } from '../ui/form.js';
import { StatusBadge, isStatus, statusLabel } from '../people/StatusBadge.js';
import type { PersonListItem } from '../../domain/people/api.js';
import { ReferralTable } from '../referrals/ReferralTable.js';
import type { ReferralListItem as Referral } from '../../domain/referrals/api.js';
import { TodoSections } from '../todo/TodoPage.js';

export function HomePage() {
  const user = useUser();
  if (isVisitorOnly(user.roles)) return <VisitorHome />;
  if (isPartnerOnly(user.roles)) return <PartnerHome />;
  return <StaffHome />;
}

function VisitorHome() {
  const user = useUser();
  // The day's visits first: on a phone, that is what the visitor opens the app for.
  const today = useLoad(
    (signal) => api.get<{ visits: unknown[] }>('/api/me/visits', { signal }),
    'my-day',
  );
  const people = useLoad(
    async (signal) =>
      asPage<PersonListItem>(await api.get('/api/people?pageSize=100', { signal }), 100),
    'my-people',
  );
  return (
    <Page
      title={t('home.visitorTitle')}
      lead={<p>{t('home.hello', { name: user.displayName })}</p>}
    >
      <p className="card">
        <Link className="button button-primary" to="/aujourdhui">
          {today.data
            ? tPlural('home.todayVisits', today.data.visits.length, {
                count: today.data.visits.length,
              })
            : t('today.title')}
        </Link>
      </p>
      {people.loading && !people.data ? <Loading /> : null}
      {people.error ? <ErrorMessage>{people.error}</ErrorMessage> : null}
      {people.data ? (
        people.data.items.length ? (
          <ul className="cards">
            {people.data.items.map((person) => (
              <li key={person.id} className="card">
                <h2 className="card-title">
                  <Link
                    to={`/personnes/${person.id}`}
                  >{`${person.firstName} ${person.lastName}`}</Link>
                </h2>
                <p>{[person.postalCode, person.communeName].filter(Boolean).join(' ')}</p>
                {person.status ? <StatusBadge status={person.status} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('people.emptyVisitor')}</p>
        )
      ) : null}
    </Page>
  );
}

function PartnerHome() {
  const user = useUser();
  const { session } = useSession();
  const can = useCan();
  const referrals = useLoad(
    async (signal) => asPage<Referral>(await api.get('/api/referrals?pageSize=50', { signal }), 50),
    'my-referrals',
  );
  return (
    <Page
      title={t('home.partnerTitle')}
      lead={
        <p>
          {t('home.partnerIntro', {
            name: user.displayName,
            organisation: session?.organisation?.name ?? '',
          })}
        </p>
      }
    >
      {can('referral.create') ? (
        <p>
          <Link className="button button-primary button-large" to="/signalements/nouveau">
            {t('referrals.new')}
          </Link>
        </p>
      ) : null}
      <Section id="mes-signalements" title={t('referrals.myTitle')}>
        {referrals.loading && !referrals.data ? <Loading /> : null}
        {referrals.error ? <ErrorMessage>{referrals.error}</ErrorMessage> : null}
        {referrals.data ? (
          referrals.data.items.length ? (
            <ReferralTable items={referrals.data.items} partnerView />
          ) : (
            <p className="empty">{t('referrals.emptyPartner')}</p>
          )
        ) : null}
      </Section>
    </Page>
  );
}

/** One figure of the stats answer, whatever its nesting: numbers, or a breakdown by key. */
function StatsView({ stats }: { stats: Record<string, unknown> }) {
  const numbers: [string, number][] = [];
  const groups: [string, Record<string, unknown>][] = [];
  for (const [key, value] of Object.entries(stats)) {
    if (typeof value === 'number') numbers.push([key, value]);
    else if (value && typeof value === 'object' && !Array.isArray(value))
      groups.push([key, value as Record<string, unknown>]);
  }
  const labelOf = (group: string, key: string) =>
    isStatus(key) ? statusLabel(key) : enumLabel(group ? `stats.${group}` : 'stats', key);
  return (
    <>
      {numbers.length ? (
        <ul className="figures">
          {numbers.map(([key, value]) => (
            <li key={key}>
              <span className="figure">{formatNumber(value)}</span>{' '}
              <span className="figure-label">{labelOf('', key)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {groups.map(([group, values]) => (
        <div className="stats-group" key={group}>
          <h3>{enumLabel('stats', group)}</h3>
          <StatsGroup group={group} values={values} labelOf={labelOf} />
        </div>
      ))}
    </>
  );
}

function StatsGroup({
  group,
  values,
  labelOf,
}: {
  group: string;
  values: Record<string, unknown>;
  labelOf: (group: string, key: string) => string;
}) {
  const entries = Object.entries(values).filter(
    ([, v]) => typeof v === 'number' || (v && typeof v === 'object'),
  );
  return (
    <ul className="figures figures-small">
      {entries.map(([key, value]) =>
        typeof value === 'number' ? (
          <li key={key}>
            {group === 'byStatus' || group === 'peopleByStatus' || isStatus(key) ? (
              <Link to={`/personnes?statut=${key}`}>
                <span className="figure">{formatNumber(value)}</span>{' '}
                <span className="figure-label">{labelOf(group, key)}</span>
              </Link>
            ) : (
              <>
                <span className="figure">{formatNumber(value)}</span>{' '}
                <span className="figure-label">{labelOf(group, key)}</span>
              </>
            )}
          </li>
        ) : (
          <li key={key}>
            <span className="figure-label">{labelOf(group, key)}</span>
            <StatsGroup group={key} values={value as Record<string, unknown>} labelOf={labelOf} />
          </li>
        ),
      )}
    </ul>
  );
}

function StaffHome() {
  const user = useUser();
  const can = useCan();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const stats = useLoad<Record<string, unknown> | null>(
    (signal) =>
      can('stats.read')
        ? api.get<Record<string, unknown>>('/api/stats', { signal })
        : Promise.resolve(null),
    `stats-${can('stats.read')}`,
  );
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    navigate(q.trim() ? `/personnes?q=${encodeURIComponent(q.trim())}` : '/personnes');
  };
  const shortcuts: { to: string; label: string }[] = [];
  if (can('person.create')) shortcuts.push({ to: '/personnes/nouvelle', label: t('people.new') });
  if (can('referral.create'))
    shortcuts.push({ to: '/signalements/nouveau', label: t('referrals.new') });
  if (can('person.list')) {
    shortcuts.push({ to: '/personnes?statut=referred', label: t('home.toEvaluate') });
    shortcuts.push({ to: '/personnes?statut=waiting', label: t('home.waiting') });
    shortcuts.push({ to: '/personnes?localiser=1', label: t('home.toLocate') });
  }
  if (can('referral.process'))
    shortcuts.push({ to: '/signalements?statut=submitted', label: t('home.newReferrals') });
  if (can('import.run')) shortcuts.push({ to: '/imports', label: t('nav.imports') });

  const todo = can('todo.read');
  return (
    <Page
      title={todo ? t('todo.title') : t('home.title')}
      lead={<p>{t(todo ? 'todo.lead' : 'home.hello', { name: user.displayName })}</p>}
    >
      {todo ? <TodoSections /> : null}
      {can('person.list') ? (
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
            label={t('home.search')}
            hint={t('people.searchHint')}
            value={q}
            onValue={setQ}
            autoComplete="off"
          />
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              {t('people.searchSubmit')}
            </button>
          </div>
        </form>
      ) : null}
      {shortcuts.length ? (
        <nav aria-label={t('home.shortcuts')} className="shortcuts">
          <ul>
            {shortcuts.map((s) => (
              <li key={s.to}>
                <Link to={s.to} className="button button-secondary">
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {can('stats.read') ? (
        <Section id="chiffres" title={t('home.figures')}>
          {stats.loading && !stats.data ? <Loading /> : null}
          {stats.error ? <ErrorMessage>{stats.error}</ErrorMessage> : null}
          {stats.data ? <StatsView stats={stats.data} /> : null}
        </Section>
      ) : null}
    </Page>
  );
}
