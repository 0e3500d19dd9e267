/**
 * One neighbour-help request: who it is for and who asked, what, where, when, the agreement to be
 * put in touch; its dates, each of which can be cancelled alone with a reason; the end of the
 * series. A request from the public page is first linked to the person's file.
 */
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError, query } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { Page } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { Badge } from '../ui/Badge.js';
import { Table } from '../ui/Table.js';
import { RadioGroup, SubmitButton, TextField } from '../ui/form.js';
import type { HelpOccurrence, HelpRequest } from '../../domain/help-requests/api.js';
import type { PersonListItem } from '../../domain/people/api.js';
import { CANCEL_REASONS } from '../../domain/help-requests/model.js';
import { scheduleText, statusTone, urgencyTone } from './labels.js';
import { helpKindLabel, useHelpKinds } from './kinds.js';

export function HelpRequestPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const loaded = useLoad<HelpRequest>(
    (signal) => api.get<HelpRequest>(`/api/help-requests/${id}`, { signal }),
    id,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const kinds = useHelpKinds();
  const request = loaded.data;
  if (loaded.loading && !request)
    return (
      <Page title={t('help.requestTitle')}>
        <Loading />
      </Page>
    );
  if (!request)
    return (
      <Page title={t('help.requestTitle')}>
        <ErrorMessage>{loaded.error}</ErrorMessage>
      </Page>
    );
  const manage = can('help_request.manage');
  const update = (next: HelpRequest, text: string) => {
    loaded.setData(next);
    setNotice(text);
  };
  const live = request.status === 'open' || request.status === 'pending';

  return (
    <Page
      title={t('help.requestOf', {
        kind: helpKindLabel(request.helpKind, kinds),
        name: request.personName ?? t('help.unnamed'),
      })}
      actions={
        <Link className="button button-secondary" to="/entraide">
          {t('help.backToList')}
        </Link>
      }
    >
      <div role="status">{notice ? <SuccessMessage>{notice}</SuccessMessage> : null}</div>
      <section className="card" aria-labelledby="help-summary">
        <h2 id="help-summary">{t('help.summary')}</h2>
        <p>
          <Badge tone={statusTone(request.status)}>{enumLabel('helpStatus', request.status)}</Badge>{' '}
          <Badge tone={urgencyTone(request.urgency)}>
            {enumLabel('helpUrgency', request.urgency)}
          </Badge>
        </p>
        <dl className="help-details">
          <dt>{t('help.colPerson')}</dt>
          <dd>
            {request.personId ? (
              <Link to={`/personnes/${request.personId}`}>{request.personName}</Link>
            ) : (
              <>
                {request.seniorName}
                {request.seniorPhone ? ` — ${request.seniorPhone}` : ''}
              </>
            )}
          </dd>
          <dt>{t('help.postedBy')}</dt>
          <dd>
            {enumLabel('helpPostedBy', request.postedBy)}
            {request.carerName
              ? ` — ${request.carerName}${request.carerRelationship ? ` (${enumLabel('relationship', request.carerRelationship).toLowerCase()})` : ''}${request.carerPhone ? `, ${request.carerPhone}` : ''}`
              : ''}
          </dd>
          <dt>{t('help.channel')}</dt>
          <dd>
            {enumLabel('helpChannel', request.channel)}
            {request.takenByName ? ` — ${t('help.takenBy', { name: request.takenByName })}` : ''}
          </dd>
          <dt>{t('help.colWhen')}</dt>
          <dd>{scheduleText(request)}</dd>
          <dt>{t('help.place')}</dt>
          <dd>
            {request.place === 'home'
              ? t('help.placeHome')
              : [request.street, request.postalCode, request.communeName].filter(Boolean).join(' ')}
            {request.destination ? ` → ${request.destination}` : ''}
          </dd>
          {request.description ? (
            <>
              <dt>{t('help.description')}</dt>
              <dd>{request.description}</dd>
            </>
          ) : null}
          <dt>{t('help.consentShort')}</dt>
          <dd>
            {request.consentToContact
              ? request.consentRecordedByName
                ? t('help.consentBy', {
                    name: request.consentRecordedByName,
                    date: formatDateTime(request.consentRecordedAt ?? ''),
                  })
                : t('help.consentSelf', { date: formatDateTime(request.consentRecordedAt ?? '') })
              : t('common.no')}
          </dd>
        </dl>
      </section>
      {request.status === 'pending' && manage ? (
        <LinkPerson request={request} onDone={(next) => update(next, t('help.linked'))} />
      ) : null}
      <section className="card" aria-labelledby="help-dates">
        <h2 id="help-dates">{t('help.dates')}</h2>
        {request.occurrences.length === 0 ? (
          <p className="empty">{t('help.noDates')}</p>
        ) : (
          <Table
            caption={t('help.dates')}
            captionHidden
            rows={request.occurrences}
            rowKey={(o) => o.id}
            columns={[
              {
                key: 'date',
                header: t('help.date'),
                rowHeader: true,
                render: (o) =>
                  `${formatDate(o.date)}, ${t('help.hours', { start: o.startTime, end: o.endTime })}`,
              },
              {
                key: 'status',
                header: t('help.status'),
                render: (o) => (
                  <>
                    {enumLabel('helpOccurrenceStatus', o.status)}
                    {o.cancelReason ? ` — ${enumLabel('helpCancelReason', o.cancelReason)}` : ''}
                  </>
                ),
              },
              {
                key: 'actions',
                header: t('common.actions'),
                render: (o) =>
                  manage && o.status === 'open' ? (
                    <CancelOccurrence
                      occurrence={o}
                      onDone={(next) =>
                        update(next, t('help.dateCancelled', { date: formatDate(o.date) }))
                      }
                    />
                  ) : null,
              },
            ]}
          />
        )}
      </section>
      {manage && live ? (
        <EndRequest request={request} onDone={(next) => update(next, t('help.ended'))} />
      ) : null}
    </Page>
  );
}

function CancelOccurrence({
  occurrence,
  onDone,
}: {
  occurrence: HelpOccurrence;
  onDone: (next: HelpRequest) => void;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => setOpen(true)}
      >
        {t('help.cancelDate')}
        <span className="visually-hidden">
          {t('help.cancelDateOf', { date: formatDate(occurrence.date) })}
        </span>
      </button>
    );
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(
        await api.post<HelpRequest>(`/api/help-occurrences/${occurrence.id}/cancel`, {
          reason: reason || undefined,
        }),
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={onSubmit} noValidate className="help-cancel">
      <RadioGroup
        name={`reason-${occurrence.id}`}
        legend={t('help.cancelReason', { date: formatDate(occurrence.date) })}
        required
        value={reason}
        onValue={setReason}
        error={error ?? undefined}
        options={CANCEL_REASONS.map((r) => ({ value: r, label: enumLabel('helpCancelReason', r) }))}
      />
      <div className="form-actions">
        <SubmitButton busy={busy}>{t('help.confirmCancel')}</SubmitButton>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          {t('common.back')}
        </button>
      </div>
    </form>
  );
}

function EndRequest({
  request,
  onDone,
}: {
  request: HelpRequest;
  onDone: (next: HelpRequest) => void;
}) {
  const [lastOn, setLastOn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(
        await api.post<HelpRequest>(`/api/help-requests/${request.id}/end`, {
          lastOn: lastOn || null,
        }),
      );
    } catch (err) {
      setError(
        err instanceof ApiError ? (err.fieldErrors().lastOn ?? err.message) : errorText(err),
      );
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="help-end">
      <h2 id="help-end">
        {request.recurrence === 'weekly' ? t('help.endSeries') : t('help.endRequest')}
      </h2>
      <form onSubmit={onSubmit} noValidate className="form">
        {request.recurrence === 'weekly' ? (
          <TextField
            name="lastOn"
            type="date"
            label={t('help.lastOn')}
            hint={t('help.lastOnHint')}
            value={lastOn}
            onValue={setLastOn}
            error={error ?? undefined}
          />
        ) : error ? (
          <ErrorMessage>{error}</ErrorMessage>
        ) : null}
        <div className="form-actions">
          <SubmitButton busy={busy}>
            {request.recurrence === 'weekly' ? t('help.endSeries') : t('help.endRequest')}
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

function LinkPerson({
  request,
  onDone,
}: {
  request: HelpRequest;
  onDone: (next: HelpRequest) => void;
}) {
  const [q, setQ] = useState(request.seniorName ?? '');
  const [found, setFound] = useState<PersonListItem[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSearch(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const page = await api.get<{ items: PersonListItem[] }>(
        `/api/people${query({ q: q.trim(), pageSize: 10 })}`,
      );
      setFound(page.items);
      setChosen(page.items[0]?.id ?? '');
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function onLink(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(
        await api.post<HelpRequest>(`/api/help-requests/${request.id}/person`, {
          personId: chosen,
        }),
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="help-link">
      <h2 id="help-link">{t('help.linkTitle')}</h2>
      <p>{t('help.linkLead')}</p>
      <form onSubmit={onSearch} noValidate className="form">
        <TextField name="q" label={t('help.linkSearch')} value={q} onValue={setQ} maxLength={100} />
        <div className="form-actions">
          <button type="submit" className="button button-secondary">
            {t('help.search')}
          </button>
        </div>
      </form>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {found ? (
        found.length === 0 ? (
          <p className="empty">{t('help.linkNobody')}</p>
        ) : (
          <form onSubmit={onLink} noValidate className="form">
            <RadioGroup
              name="linkPersonId"
              legend={t('help.linkChoose')}
              value={chosen}
              onValue={setChosen}
              options={found.map((p) => ({
                value: p.id,
                label: `${p.firstName} ${p.lastName}${p.communeName ? ` (${p.communeName})` : ''}`,
              }))}
            />
            <div className="form-actions">
              <SubmitButton busy={busy}>{t('help.link')}</SubmitButton>
            </div>
          </form>
        )
      ) : null}
    </section>
  );
}
