/** One alert: what happened, the protocol to follow (urgent ones), who handles it, its history, closing. */
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatDateTime } from '../i18n/format.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { Badge } from '../ui/Badge.js';
import { Loading } from '../ui/Loading.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Checkbox, SubmitButton, TextArea } from '../ui/form.js';
import { SEVERITY_TONES } from './AlertsPage.js';
import type { AlertDetail as Detail } from '../../domain/alerts/api.js';
import { PhoneList } from '../ui/Phone.js';

type AlertDetail = Detail;

function eventText(e: AlertDetail['events'][number]): string {
  const d = e.details;
  switch (e.kind) {
    case 'checklist':
      return t(d.done ? 'alert.event.checked' : 'alert.event.unchecked', {
        step: String(d.label ?? ''),
      });
    case 'note':
      return t('alert.event.note', { text: String(d.text ?? '') });
    case 'closed':
      return t('alert.event.closed', { outcome: String(d.outcome ?? '') });
    case 'status':
      return t('alert.event.status', { status: enumLabel('alertStatus', String(d.to ?? '')) });
    default:
      return enumLabel('alertEvent', e.kind);
  }
}

export function AlertPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const alert = useLoad((signal) => api.get<AlertDetail>(`/api/alerts/${id}`, { signal }), id);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState('');
  const [outcomeError, setOutcomeError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function patch(body: Record<string, unknown>, message: string) {
    setError(null);
    try {
      await api.patch(`/api/alerts/${id}`, body);
      setNotice(message);
      alert.reload();
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function close(event: FormEvent) {
    event.preventDefault();
    if (!outcome.trim()) {
      setOutcomeError(t('alert.outcomeRequired'));
      return;
    }
    setOutcomeError(undefined);
    setError(null);
    try {
      await api.post(`/api/alerts/${id}/close`, { outcome });
      setNotice(t('alert.closedNotice'));
      alert.reload();
    } catch (err) {
      setError(errorText(err));
    }
  }

  if (alert.loading && !alert.data) return <Loading />;
  if (!alert.data) return <ErrorMessage>{alert.error ?? t('errors.notFound')}</ErrorMessage>;
  const a = alert.data;
  const closed = a.status === 'closed';
  return (
    <Page title={a.title} lead={<p>{a.details}</p>}>
      <p>
        <Link to="/alertes">{t('alert.back')}</Link>
      </p>
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <Section id="alerte-resume" title={t('alert.summary')}>
        <dl className="facts">
          <div>
            <dt>{t('alerts.severity')}</dt>
            <dd>
              <Badge tone={SEVERITY_TONES[a.severity] ?? 'neutral'}>
                {enumLabel('alertSeverity', a.severity)}
              </Badge>
            </dd>
          </div>
          <div>
            <dt>{t('alerts.status')}</dt>
            <dd>{enumLabel('alertStatus', a.status)}</dd>
          </div>
          <div>
            <dt>{t('alerts.followedBy')}</dt>
            <dd>{a.owner?.name ?? t('alerts.unassigned')}</dd>
          </div>
          {a.person ? (
            <div>
              <dt>{t('alert.personFollowed')}</dt>
              <dd>
                <Link to={`/personnes/${a.person.id}`}>{a.person.name}</Link>
                <PhoneList phones={a.person.phones} />
              </dd>
            </div>
          ) : null}
          {a.visitor ? (
            <div>
              <dt>{t('alert.visitor')}</dt>
              <dd>
                {a.visitor.name}
                {a.visitor.phone ? <PhoneList phones={[{ number: a.visitor.phone }]} /> : null}
              </dd>
            </div>
          ) : null}
          {a.outcome ? (
            <div>
              <dt>{t('alert.outcome')}</dt>
              <dd>{a.outcome}</dd>
            </div>
          ) : null}
        </dl>
        {closed || a.owner?.id === user.id ? null : (
          <button
            type="button"
            className="button button-primary"
            onClick={() => void patch({ ownerId: user.id }, t('alert.takenNotice'))}
          >
            {t('alert.take')}
          </button>
        )}
      </Section>
      {a.checklist.length ? (
        <Section id="alerte-protocole" title={t('alert.protocol')}>
          <p>{t('alert.protocolIntro')}</p>
          <fieldset className="checkboxes">
            <legend className="visually-hidden">{t('alert.protocol')}</legend>
            {a.checklist.map((step) => (
              <Checkbox
                key={step.key}
                name={`etape-${step.key}`}
                label={step.label}
                hint={
                  step.doneAt ? t('alert.doneAt', { at: formatDateTime(step.doneAt) }) : undefined
                }
                checked={!!step.doneAt}
                disabled={closed}
                onChecked={(done) =>
                  void patch({ checklist: { key: step.key, done } }, t('alert.stepSaved'))
                }
              />
            ))}
          </fieldset>
        </Section>
      ) : null}
      {closed ? null : (
        <Section id="alerte-suivi" title={t('alert.followUp')}>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              if (note.trim()) void patch({ note }, t('alert.noteSaved')).then(() => setNote(''));
            }}
          >
            <TextArea
              name="note"
              label={t('alert.note')}
              value={note}
              onValue={setNote}
              rows={2}
              maxLength={2000}
            />
            <SubmitButton>{t('alert.addNote')}</SubmitButton>
          </form>
          <form className="form" onSubmit={(e) => void close(e)} noValidate>
            <TextArea
              name="outcome"
              label={t('alert.outcome')}
              hint={t('alert.outcomeHint')}
              required
              value={outcome}
              onValue={setOutcome}
              error={outcomeError}
              rows={2}
              maxLength={2000}
            />
            <SubmitButton>{t('alert.close')}</SubmitButton>
          </form>
        </Section>
      )}
      <Section id="alerte-historique" title={t('alert.history')}>
        <ol className="plain-list">
          {a.events.map((e, i) => (
            <li key={i}>
              {t('alert.eventLine', {
                at: formatDateTime(e.at),
                who: e.userName ?? t('alert.system'),
                what: eventText(e),
              })}
            </li>
          ))}
        </ol>
      </Section>
    </Page>
  );
}
