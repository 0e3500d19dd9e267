/**
 * The « Formation » panel of a visitor's file (issue 12, ADR 0030): sessions attended per kind,
 * the last seminar and practice analysis, the qualifying-training calendar, tutoring meetings;
 * for an employed young visitor, the contract and the outcome at the end, with their forms.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { enumLabel, t } from '../i18n/fr.js';
import { tAgreed } from '../i18n/agreement.js';
import { formatLongDate, todayIso } from '../i18n/format.js';
import { formOfAddressOf } from '../../domain/common/french.js';
import { Section } from '../ui/Page.js';
import {
  ErrorSummary,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import {
  CONTRACT_TYPES,
  EMPLOYED_YOUNG,
  EXIT_OUTCOMES,
  SESSION_KINDS,
} from '../../domain/training/values.js';
import type { TrainingRecordView } from '../../domain/training/api.js';
import { attendanceStatusLabel } from './labels.js';

export function TrainingPanel({ visitorId }: { visitorId: string }) {
  const can = useCan();
  const data = useLoad<TrainingRecordView>(
    (signal) => api.get<TrainingRecordView>(`/api/visitors/${visitorId}/training`, { signal }),
    visitorId,
  );
  if (data.loading && !data.data) {
    return (
      <Section id="visiteur-formation" title={t('trainingPanel.title')}>
        <Loading />
      </Section>
    );
  }
  if (!data.data) {
    return (
      <Section id="visiteur-formation" title={t('trainingPanel.title')}>
        <ErrorMessage>{data.error ?? ''}</ErrorMessage>
      </Section>
    );
  }
  const { visitor, record, sessions } = data.data;
  const attendedKinds = SESSION_KINDS.filter((k) => record.attendedByKind[k] > 0);
  const young = visitor.kind === EMPLOYED_YOUNG;
  const manage = can('journey.manage');

  return (
    <Section id="visiteur-formation" title={t('trainingPanel.title')}>
      <dl className="facts">
        <div>
          <dt>{t('trainingPanel.attended')}</dt>
          <dd>
            {attendedKinds.length ? (
              <ul className="plain-list">
                {attendedKinds.map((k) => (
                  <li key={k}>
                    {t('trainingPanel.byKind', {
                      kind: enumLabel('trainingKind', k),
                      count: record.attendedByKind[k],
                    })}
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">{t('trainingPanel.none')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('trainingPanel.lastSeminar')}</dt>
          <dd>
            {record.lastSeminarOn ? formatLongDate(record.lastSeminarOn) : t('trainingPanel.never')}
          </dd>
        </div>
        <div>
          <dt>{t('trainingPanel.lastPracticeAnalysis')}</dt>
          <dd>
            {record.lastPracticeAnalysisOn
              ? formatLongDate(record.lastPracticeAnalysisOn)
              : t('trainingPanel.never')}
          </dd>
        </div>
        {young ? (
          <>
            <div>
              <dt>{t('trainingPanel.qualifying')}</dt>
              <dd>
                {t('trainingPanel.qualifyingDays', {
                  attended: record.qualifyingDaysAttended,
                  planned: record.qualifyingDaysPlanned,
                })}
              </dd>
            </div>
            <div>
              <dt>{t('trainingPanel.tutoring')}</dt>
              <dd>{record.tutoringMeetingsHeld}</dd>
            </div>
          </>
        ) : null}
        <div>
          <dt>{t('trainingPanel.nextSession')}</dt>
          <dd>
            {record.nextSessionOn ? formatLongDate(record.nextSessionOn) : t('trainingPanel.none')}
          </dd>
        </div>
      </dl>
      <h3>{t('trainingPanel.recent')}</h3>
      {sessions.length ? (
        <ul className="plain-list">
          {sessions.slice(0, 10).map((s) => (
            <li key={s.sessionId}>
              {can('training.read') ? (
                <Link to={`/formations/${s.sessionId}`}>{s.title}</Link>
              ) : (
                s.title
              )}{' '}
              — {formatLongDate(s.heldOn)} —{' '}
              {s.cancelled
                ? t('training.cancelled')
                : attendanceStatusLabel(s.status, visitor.gender)}
              <div className="muted small">{enumLabel('trainingKind', s.kind)}</div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">
          {tAgreed(
            {
              masculine: 'trainingPanel.noSession',
              feminine: 'trainingPanel.noSessionFeminine',
              neutral: 'trainingPanel.noSessionNeutral',
            },
            formOfAddressOf({ gender: visitor.gender }),
          )}
        </p>
      )}
      {young ? (
        <>
          <ContractPart visitor={visitor} editable={manage} onSaved={data.reload} />
          <OutcomePart visitor={visitor} editable={manage} onSaved={data.reload} />
        </>
      ) : null}
    </Section>
  );
}

type Visitor = TrainingRecordView['visitor'];

function ContractPart({
  visitor,
  editable,
  onSaved,
}: {
  visitor: Visitor;
  editable: boolean;
  onSaved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({
    contractType: visitor.contractType ?? 'cdd',
    start: visitor.commitmentStart ?? '',
    end: visitor.commitmentEnd ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const labels = {
    contractType: t('trainingPanel.contractType'),
    start: t('trainingPanel.contractStart'),
    end: t('trainingPanel.contractEnd'),
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const missing: FieldErrors = {};
    if (!form.start) missing.start = t('form.dateMissing');
    if (!form.end) missing.end = t('form.dateMissing');
    setErrors(missing);
    setMessage(null);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      await api.put(`/api/visitors/${visitor.id}/contract`, form);
      setOpen(false);
      setSaved(true);
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="training-part">
      <h3>{t('trainingPanel.contract')}</h3>
      {saved ? <SuccessMessage>{t('trainingPanel.contractSaved')}</SuccessMessage> : null}
      {visitor.contractType || visitor.commitmentStart ? (
        <dl className="facts">
          <div>
            <dt>{labels.contractType}</dt>
            <dd>{enumLabel('contractType', visitor.contractType) || t('common.notGiven')}</dd>
          </div>
          <div>
            <dt>{labels.start}</dt>
            <dd>{visitor.commitmentStart ? formatLongDate(visitor.commitmentStart) : '—'}</dd>
          </div>
          <div>
            <dt>{labels.end}</dt>
            <dd>{visitor.commitmentEnd ? formatLongDate(visitor.commitmentEnd) : '—'}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">{t('trainingPanel.contractNone')}</p>
      )}
      {editable && open ? (
        <form onSubmit={onSubmit} noValidate className="form inline-form">
          <ErrorSummary errors={errors} message={message} labels={labels} />
          <SelectField
            name="contractType"
            label={labels.contractType}
            required
            value={form.contractType}
            onValue={(v) => setForm({ ...form, contractType: v })}
            options={CONTRACT_TYPES.map((c) => ({ value: c, label: enumLabel('contractType', c) }))}
            error={errors.contractType}
          />
          <div className="field-row">
            <TextField
              name="start"
              type="date"
              label={labels.start}
              required
              value={form.start}
              onValue={(v) => setForm({ ...form, start: v })}
              error={errors.start}
            />
            <TextField
              name="end"
              type="date"
              label={labels.end}
              required
              value={form.end}
              onValue={(v) => setForm({ ...form, end: v })}
              error={errors.end}
            />
          </div>
          <SaveOrCancel
            busy={busy}
            label={t('trainingPanel.contractSave')}
            onCancel={() => setOpen(false)}
          />
        </form>
      ) : editable ? (
        <EditButton
          label={t('trainingPanel.contractEdit')}
          onClick={() => {
            setSaved(false);
            setOpen(true);
          }}
        />
      ) : null}
    </div>
  );
}

function OutcomePart({
  visitor,
  editable,
  onSaved,
}: {
  visitor: Visitor;
  editable: boolean;
  onSaved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({
    outcome: visitor.exitOutcome ?? 'job',
    on: visitor.exitOutcomeOn ?? todayIso(),
    note: visitor.exitOutcomeNote ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const labels = {
    outcome: t('trainingPanel.outcomeKind'),
    on: t('trainingPanel.outcomeOn'),
    note: t('trainingPanel.outcomeNote'),
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!form.on) {
      setErrors({ on: t('form.dateMissing') });
      return;
    }
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      await api.put(`/api/visitors/${visitor.id}/exit-outcome`, {
        outcome: form.outcome,
        on: form.on,
        note: form.note.trim() || null,
      });
      setOpen(false);
      setSaved(true);
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="training-part">
      <h3>{t('trainingPanel.outcome')}</h3>
      {saved ? <SuccessMessage>{t('trainingPanel.outcomeSaved')}</SuccessMessage> : null}
      {visitor.exitOutcome && visitor.exitOutcomeOn ? (
        <p>
          {t('trainingPanel.outcomeOf', {
            outcome: enumLabel('exitOutcome', visitor.exitOutcome),
            date: formatLongDate(visitor.exitOutcomeOn),
          })}
          {visitor.exitOutcomeNote ? (
            <span className="muted small"> — {visitor.exitOutcomeNote}</span>
          ) : null}
        </p>
      ) : (
        <p className="muted">{t('trainingPanel.outcomeNone')}</p>
      )}
      {editable && open ? (
        <form onSubmit={onSubmit} noValidate className="form inline-form">
          <ErrorSummary errors={errors} message={message} labels={labels} />
          <SelectField
            name="outcome"
            label={labels.outcome}
            required
            value={form.outcome}
            onValue={(v) => setForm({ ...form, outcome: v })}
            options={EXIT_OUTCOMES.map((o) => ({ value: o, label: enumLabel('exitOutcome', o) }))}
            error={errors.outcome}
          />
          <TextField
            name="on"
            type="date"
            label={labels.on}
            required
            max={todayIso()}
            value={form.on}
            onValue={(v) => setForm({ ...form, on: v })}
            error={errors.on}
          />
          <TextArea
            name="note"
            label={labels.note}
            hint={t('trainingPanel.notesReminder')}
            value={form.note}
            onValue={(v) => setForm({ ...form, note: v })}
            error={errors.note}
            maxLength={1000}
          />
          <SaveOrCancel
            busy={busy}
            label={t('trainingPanel.outcomeSave')}
            onCancel={() => setOpen(false)}
          />
        </form>
      ) : editable ? (
        <EditButton
          label={t('trainingPanel.outcomeEdit')}
          onClick={() => {
            setSaved(false);
            setOpen(true);
          }}
        />
      ) : null}
    </div>
  );
}

/** The footer of the contract's and the outcome's forms. */
function SaveOrCancel({
  busy,
  label,
  onCancel,
}: {
  busy: boolean;
  label: string;
  onCancel: () => void;
}) {
  return (
    <div className="form-actions">
      <SubmitButton busy={busy}>{label}</SubmitButton>
      <button type="button" className="button button-link" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

function EditButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="button button-secondary button-small" onClick={onClick}>
      {label}
    </button>
  );
}
