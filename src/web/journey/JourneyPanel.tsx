/**
 * « Parcours » on a visitor's file: the stage, whether they can be proposed and planned (and why
 * not), the next steps, the interview, the documents with their expiry, suspending and ending.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatDate, todayIso } from '../i18n/format.js';
import { Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, InfoMessage, SuccessMessage } from '../ui/Alert.js';
import { Badge, type BadgeTone } from '../ui/Badge.js';
import {
  ErrorSummary,
  SelectField,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import type { JourneyMoved, JourneyView } from '../../domain/visitors/journey-api.js';

const STATUS_TONE: Record<string, BadgeTone> = {
  valid: 'success',
  expiring: 'warning',
  expired: 'danger',
  outdated: 'danger',
  missing: 'danger',
};

export function stageTone(stage: string): BadgeTone {
  if (stage === 'active') return 'success';
  if (stage === 'suspended') return 'warning';
  if (stage === 'ended') return 'neutral';
  return 'info';
}

/** A small form's state: errors, the message, busy, and a submit that reloads on success. */
function useSubmit(onDone: (answer: unknown) => void) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(send: () => Promise<unknown>) {
    if (busy) return;
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      onDone(await send());
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }
  return { errors, message, busy, submit };
}

export function JourneyPanel({ visitorId }: { visitorId: string }) {
  const can = useCan();
  const journey = useLoad<JourneyView>(
    (signal) => api.get<JourneyView>(`/api/visitors/${visitorId}/journey`, { signal }),
    visitorId,
  );
  const [notice, setNotice] = useState<string | null>(null);
  if (!can('journey.read')) return null;
  const manage = can('journey.manage');
  const done = (text: string) => {
    setNotice(text);
    journey.reload();
  };

  return (
    <Section id="parcours" title={t('journey.title')}>
      {journey.loading && !journey.data ? <Loading /> : null}
      {journey.error ? <ErrorMessage>{journey.error}</ErrorMessage> : null}
      {journey.data ? (
        <JourneyBody data={journey.data} manage={manage} notice={notice} onDone={done} />
      ) : null}
    </Section>
  );
}

function JourneyBody({
  data,
  manage,
  notice,
  onDone,
}: {
  data: JourneyView;
  manage: boolean;
  notice: string | null;
  onDone: (notice: string) => void;
}) {
  const { readiness } = data;
  return (
    <div className="journey">
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      <p>
        {t('journey.stage')} : <Badge tone={stageTone(data.stage)}>{data.stageLabel}</Badge>
      </p>
      {data.appliedOn ? (
        <p className="muted small">
          {t('journey.applied', { date: formatDate(data.appliedOn) })}
          {data.applicationSource
            ? ` (${enumLabel('journey.source', data.applicationSource)})`
            : ''}
        </p>
      ) : null}
      {data.applicationNote ? <p className="journey-note">{data.applicationNote}</p> : null}
      {data.stage === 'suspended' && data.suspendedReason ? (
        <p>
          {data.suspendedUntil
            ? t('journey.suspendedUntil', {
                date: formatDate(data.suspendedUntil),
                reason: data.suspendedReason,
              })
            : t('journey.suspendedOpen', { reason: data.suspendedReason })}
        </p>
      ) : null}
      {data.stage === 'ended' && data.endedReason ? (
        <p>{t('journey.endedBecause', { reason: data.endedReason })}</p>
      ) : null}

      {readiness.ready ? (
        <InfoMessage>{t('journey.ready')}</InfoMessage>
      ) : (
        <div className="journey-reasons" role="status">
          <p>{t('journey.notReady')}</p>
          <ul>
            {readiness.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      {readiness.warnings.length ? (
        <div className="journey-warnings">
          <p>{t('journey.warnings')}</p>
          <ul>
            {readiness.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {manage && data.nextStages.length ? <NextSteps data={data} onDone={onDone} /> : null}

      {data.stage === 'applied' || data.stage === 'interview' || data.interviews.length ? (
        <>
          <h3>{t('journey.interviews')}</h3>
          {data.interviews.length ? (
            <ul className="plain-list">
              {data.interviews.map((i) => (
                <li key={i.id}>
                  {formatDate(i.heldOn)} — {enumLabel('interviewOutcome', i.outcome)}
                  {i.interviewer ? ` (${t('journey.by', { name: i.interviewer })})` : ''}
                  {i.reason ? ` : ${i.reason}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('journey.noInterview')}</p>
          )}
          {manage && (data.stage === 'applied' || data.stage === 'interview') ? (
            <InterviewForm visitorId={data.visitorId} onDone={onDone} />
          ) : null}
        </>
      ) : null}

      <h3>{t('journey.required')}</h3>
      {data.required.length ? (
        <ul className="plain-list">
          {data.required.map((d) => (
            <li key={d.key}>
              {d.label}{' '}
              <Badge tone={STATUS_TONE[d.status]}>{enumLabel('documentStatus', d.status)}</Badge>
              {d.document ? (
                <span className="muted small">
                  {' '}
                  {[
                    t('journey.receivedOnShort', { date: formatDate(d.document.receivedOn) }),
                    d.document.version
                      ? t('journey.versionShort', { version: d.document.version })
                      : null,
                    d.document.expiresOn
                      ? t('journey.expiresOnShort', { date: formatDate(d.document.expiresOn) })
                      : null,
                  ]
                    .filter(Boolean)
                    .join(', ')}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('journey.noDocument')}</p>
      )}
      {data.documents.length ? (
        <>
          <h3>{t('journey.documents')}</h3>
          <ul className="plain-list">
            {data.documents.map((d) => (
              <li key={d.id}>
                {d.label} —{' '}
                {[
                  t('journey.receivedOnShort', { date: formatDate(d.receivedOn) }),
                  d.version ? t('journey.versionShort', { version: d.version }) : null,
                  d.provider,
                  d.expiresOn
                    ? t('journey.expiresOnShort', { date: formatDate(d.expiresOn) })
                    : null,
                ]
                  .filter(Boolean)
                  .join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {manage && data.stage !== 'ended' ? <DocumentForm data={data} onDone={onDone} /> : null}

      {data.steps.length ? (
        <>
          <h3>{t('journey.history')}</h3>
          <ol className="plain-list">
            {data.steps.map((s) => (
              <li key={s.id}>
                {t('journey.stepLine', {
                  date: formatDate(s.effectiveOn),
                  stage: enumLabel('journeyStage', s.toStage),
                })}
                {s.reason ? ` — ${s.reason}` : ''}
                {s.changedBy ? (
                  <span className="muted small"> {t('journey.by', { name: s.changedBy })}</span>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}

function NextSteps({ data, onDone }: { data: JourneyView; onDone: (notice: string) => void }) {
  const [open, setOpen] = useState<'suspended' | 'ended' | null>(null);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const { errors, message, busy, submit } = useSubmit((answer) => {
    const moved = answer as JourneyMoved;
    setOpen(null);
    setReason('');
    setUntil('');
    const text = t('journey.moved', { stage: enumLabel('journeyStage', moved.stage) });
    onDone(moved.message ? `${text} ${moved.message}` : text);
  });
  const move = (stage: string, extra: Record<string, unknown> = {}) =>
    submit(() =>
      api.post<JourneyMoved>(`/api/visitors/${data.visitorId}/journey`, { stage, ...extra }),
    );
  const simple = data.nextStages.filter((s) => s.stage !== 'suspended' && s.stage !== 'ended');
  const canSuspend = data.nextStages.some((s) => s.stage === 'suspended');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!open) return;
    void move(open, {
      reason: reason.trim() || null,
      until: open === 'suspended' && until ? until : null,
    });
  }

  return (
    <div className="journey-next">
      <h3>{t('journey.next')}</h3>
      {!open ? <ErrorSummary errors={{}} message={message} labels={{}} /> : null}
      <div className="form-actions">
        {simple.map((s) => (
          <button
            key={s.stage}
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => void move(s.stage)}
          >
            {s.stage === 'active' && data.stage === 'suspended'
              ? t('journey.resume')
              : t('journey.moveTo', { stage: s.label })}
          </button>
        ))}
        {canSuspend ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setOpen('suspended')}
          >
            {t('journey.suspend')}
          </button>
        ) : null}
        <button type="button" className="button button-secondary" onClick={() => setOpen('ended')}>
          {t('journey.end')}
        </button>
      </div>
      {open ? (
        <form onSubmit={onSubmit} noValidate className="form inline-form">
          <h4>{open === 'suspended' ? t('journey.suspendTitle') : t('journey.endTitle')}</h4>
          <p className="hint">{t('journey.cnil')}</p>
          <ErrorSummary
            errors={errors}
            message={message}
            labels={{ reason: t('journey.reason'), until: t('journey.until') }}
          />
          <TextField
            name="journeyReason"
            label={t('journey.reason')}
            required
            value={reason}
            onValue={setReason}
            error={errors.reason}
            maxLength={500}
          />
          {open === 'suspended' ? (
            <TextField
              name="journeyUntil"
              type="date"
              label={t('journey.until')}
              hint={t('journey.untilHint')}
              value={until}
              onValue={setUntil}
              error={errors.until}
            />
          ) : null}
          <div className="form-actions">
            <SubmitButton busy={busy}>
              {open === 'suspended' ? t('journey.submitSuspend') : t('journey.submitEnd')}
            </SubmitButton>
            <button type="button" className="button button-link" onClick={() => setOpen(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

function InterviewForm({ visitorId, onDone }: { visitorId: string; onDone: (n: string) => void }) {
  const [heldOn, setHeldOn] = useState(todayIso());
  const [outcome, setOutcome] = useState('favourable');
  const [reason, setReason] = useState('');
  const [interviewer, setInterviewer] = useState('');
  const { errors, message, busy, submit } = useSubmit((answer) => {
    const stage = (answer as { stage: string }).stage;
    onDone(t('journey.moved', { stage: enumLabel('journeyStage', stage) }));
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(() =>
      api.post(`/api/visitors/${visitorId}/interviews`, {
        heldOn,
        outcome,
        reason: reason.trim() || null,
        interviewerName: interviewer.trim() || null,
      }),
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="form inline-form">
      <h4>{t('journey.interviewTitle')}</h4>
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{ heldOn: t('journey.heldOn'), reason: t('journey.interviewReason') }}
      />
      <TextField
        name="heldOn"
        type="date"
        label={t('journey.heldOn')}
        required
        value={heldOn}
        onValue={setHeldOn}
        error={errors.heldOn}
        max={todayIso()}
      />
      <SelectField
        name="outcome"
        label={t('journey.outcome')}
        required
        value={outcome}
        onValue={setOutcome}
        options={['favourable', 'to_continue', 'unfavourable'].map((o) => ({
          value: o,
          label: enumLabel('interviewOutcome', o),
        }))}
      />
      <TextField
        name="interviewReason"
        label={t('journey.interviewReason')}
        hint={t('journey.cnil')}
        value={reason}
        onValue={setReason}
        error={errors.reason}
        maxLength={500}
      />
      <TextField
        name="interviewerName"
        label={t('journey.interviewer')}
        value={interviewer}
        onValue={setInterviewer}
        maxLength={120}
      />
      <SubmitButton busy={busy}>{t('journey.submitInterview')}</SubmitButton>
    </form>
  );
}

function DocumentForm({ data, onDone }: { data: JourneyView; onDone: (n: string) => void }) {
  const [kind, setKind] = useState(data.required[0]?.key ?? 'other');
  const [label, setLabel] = useState('');
  const [version, setVersion] = useState('');
  const [provider, setProvider] = useState('');
  const [receivedOn, setReceivedOn] = useState(todayIso());
  const [expiresOn, setExpiresOn] = useState('');
  const { errors, message, busy, submit } = useSubmit(() => {
    setLabel('');
    setVersion('');
    setProvider('');
    setExpiresOn('');
    onDone(t('journey.documentSaved'));
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void submit(() =>
      api.post(`/api/visitors/${data.visitorId}/documents`, {
        kind,
        label: kind === 'other' ? label.trim() || null : null,
        version: version.trim() || null,
        provider: provider.trim() || null,
        receivedOn,
        expiresOn: expiresOn || null,
      }),
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="form inline-form">
      <h4>{t('journey.documentTitle')}</h4>
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{
          kind: t('journey.kind'),
          label: t('journey.label'),
          version: t('journey.version'),
          receivedOn: t('journey.receivedOn'),
          expiresOn: t('journey.expiresOn'),
        }}
      />
      <SelectField
        name="documentKind"
        label={t('journey.kind')}
        required
        value={kind}
        onValue={setKind}
        options={[
          ...data.required.map((d) => ({ value: d.key, label: d.label })),
          { value: 'other', label: t('journey.kindOther') },
        ]}
      />
      {kind === 'other' ? (
        <TextField
          name="label"
          label={t('journey.label')}
          required
          value={label}
          onValue={setLabel}
          error={errors.label}
          maxLength={80}
        />
      ) : null}
      <TextField
        name="version"
        label={t('journey.version')}
        value={version}
        onValue={setVersion}
        error={errors.version}
        maxLength={40}
      />
      <TextField
        name="provider"
        label={t('journey.provider')}
        value={provider}
        onValue={setProvider}
        maxLength={200}
      />
      <TextField
        name="receivedOn"
        type="date"
        label={t('journey.receivedOn')}
        required
        value={receivedOn}
        onValue={setReceivedOn}
        error={errors.receivedOn}
        max={todayIso()}
      />
      <TextField
        name="expiresOn"
        type="date"
        label={t('journey.expiresOn')}
        value={expiresOn}
        onValue={setExpiresOn}
        error={errors.expiresOn}
      />
      <SubmitButton busy={busy}>{t('journey.submitDocument')}</SubmitButton>
    </form>
  );
}
