/**
 * « Appels à rendre »: the worklist of a coordinator or an operator (issue 12, section 1). The
 * callbacks promised, the late ones first, each with the number to dial, the last contact, and a
 * one-tap « Fait » (POST /api/contacts/:id/callback-done, the contact log's route). Administrators
 * and coordinators may look at a colleague's list, or the whole service's.
 */
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { CallbackItem, CallbackList } from '../../domain/todo/api.js';
import { api, query } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { t } from '../i18n/fr.js';
import { formatLongDate } from '../i18n/format.js';
import { ErrorMessage, InfoMessage, SuccessMessage } from '../ui/Alert.js';
import { Loading } from '../ui/Loading.js';
import { Page } from '../ui/Page.js';
import { Pagination } from '../ui/Pagination.js';
import { errorText, useLoad } from '../ui/data.js';
import { SelectField } from '../ui/form.js';
import { Phone } from '../ui/Phone.js';
import { lastContactText, UrgencyBadge } from './TodoLines.js';
import { seesEveryone } from './TodoPage.js';

const PAGE_SIZE = 25;

export function CallbacksPage() {
  const user = useUser();
  const chooses = seesEveryone(user.roles);
  const [params, setParams] = useSearchParams();
  const all = chooses && params.get('tous') === '1';
  const ownerId = chooses && !all ? (params.get('responsable') ?? '') : '';
  const when = params.get('periode') === 'tout' ? 'all' : 'due';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const status = useRef<HTMLDivElement>(null);
  const url = `/api/contacts/callbacks${query({
    all: all ? 1 : undefined,
    ownerId: ownerId || undefined,
    when,
    page,
    pageSize: PAGE_SIZE,
  })}`;
  const list = useLoad((signal) => api.get<CallbackList>(url, { signal }), url);

  const setFilter = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    next.delete('page');
    setParams(next);
  };
  const ownerValue = all ? 'tous' : ownerId || 'moi';
  const hrefFor = (p: number) => {
    const next = new URLSearchParams(params);
    if (p > 1) next.set('page', String(p));
    else next.delete('page');
    const text = next.toString();
    return `/rappels${text ? `?${text}` : ''}`;
  };

  async function done(item: CallbackItem) {
    setError(null);
    setNotice(null);
    setBusy(item.id);
    try {
      await api.post(`/api/contacts/${item.id}/callback-done`, {});
      setNotice(t('callbacks.doneNotice', { name: item.name }));
      list.reload();
      // The line is gone: the focus goes to the message saying so, not to the page's top.
      requestAnimationFrame(() => status.current?.focus());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Page title={t('callbacks.title')} lead={<p>{t('callbacks.lead')}</p>}>
      <form
        className="card form inline-form"
        aria-label={t('callbacks.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        {chooses ? (
          <SelectField
            name="responsable"
            label={t('callbacks.owner')}
            plain
            value={ownerValue}
            onValue={(value) =>
              setFilter(
                value === 'tous'
                  ? { tous: '1', responsable: null }
                  : { tous: null, responsable: value === 'moi' ? null : value },
              )
            }
            options={[
              { value: 'moi', label: t('callbacks.ownerMe') },
              { value: 'tous', label: t('callbacks.ownerAll') },
              ...(list.data?.owners ?? [])
                .filter((o) => o.id !== user.id)
                .map((o) => ({
                  value: o.id,
                  label: t('callbacks.ownerDue', { name: o.name, count: o.due }),
                })),
              ...(ownerId && !list.data?.owners.some((o) => o.id === ownerId)
                ? [{ value: ownerId, label: t('callbacks.ownerOther') }]
                : []),
            ]}
          />
        ) : null}
        <SelectField
          name="periode"
          label={t('callbacks.when')}
          plain
          value={when}
          onValue={(value) => setFilter({ periode: value === 'all' ? 'tout' : null })}
          options={[
            { value: 'due', label: t('callbacks.whenDue') },
            { value: 'all', label: t('callbacks.whenAll') },
          ]}
        />
      </form>
      <div ref={status} tabIndex={-1} className="todo-status">
        {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      </div>
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {list.data ? <p role="status">{list.data.heading}</p> : null}
      {list.data && !list.data.items.length ? <InfoMessage>{t('todo.nothing')}</InfoMessage> : null}
      {list.data?.items.length ? (
        <ul className="todo-lines">
          {list.data.items.map((item) => {
            const contact = lastContactText(item.lastContact);
            return (
              <li key={item.id} className={`todo-line todo-${item.urgency}`}>
                <div className="todo-line-head">
                  <Link to={item.href} className="todo-line-link">
                    {item.name}
                  </Link>{' '}
                  <UrgencyBadge urgency={item.urgency} />
                </div>
                <p className="todo-line-due">
                  {t('todo.due.callbacks', { date: formatLongDate(item.callbackOn) })}
                </p>
                {item.carerName ? (
                  <p className="todo-line-detail">{t('todo.carer', { name: item.carerName })}</p>
                ) : null}
                {item.phone ? (
                  <p className="todo-line-phone">
                    <span className="visually-hidden">{t('todo.phone')} : </span>
                    <Phone number={item.phone} />
                  </p>
                ) : null}
                {contact ? <p className="todo-line-detail muted">{contact}</p> : null}
                {item.ownerName && item.ownerId !== user.id ? (
                  <p className="todo-line-detail muted">
                    {t('callbacks.followedBy', { name: item.ownerName })}
                  </p>
                ) : null}
                <div className="todo-line-actions">
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={busy === item.id}
                    onClick={() => void done(item)}
                  >
                    {t('callbacks.done')}
                    <span className="visually-hidden">
                      {' '}
                      : {t('callbacks.doneLabel', { name: item.name })}
                    </span>
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      {list.data ? (
        <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} hrefFor={hrefFor} />
      ) : null}
    </Page>
  );
}
