/**
 * « Candidature reçue par téléphone »: staff enter the application of someone who called, with
 * the questions of the public form, the kind of visitor and the day of the call. The new file
 * opens at the journey's first step (ADR 0029).
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { enumLabel, t } from '../i18n/fr.js';
import { todayIso } from '../i18n/format.js';
import { Page } from '../ui/Page.js';
import { errorText } from '../ui/data.js';
import { ErrorSummary, RadioGroup, SubmitButton, TextField, type FieldErrors } from '../ui/form.js';
import { VISITOR_KINDS } from '../../domain/visitors/values.js';
import {
  ApplicationFields,
  EMPTY_APPLICATION,
  applicationBody,
  applicationLabels,
  type ApplicationDraft,
} from './ApplicationFields.js';

export function StaffApplicationPage() {
  const navigate = useNavigate();
  const [draft, setDraft] = useState<ApplicationDraft>(EMPTY_APPLICATION);
  const [kind, setKind] = useState('volunteer');
  const [appliedOn, setAppliedOn] = useState(todayIso());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const labels = {
    ...applicationLabels(),
    kind: t('staffApply.kind'),
    appliedOn: t('staffApply.appliedOn'),
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      const answer = await api.post<{ id: string }>('/api/visitors/applications', {
        ...applicationBody(draft),
        kind,
        appliedOn: appliedOn || null,
      });
      navigate(`/visiteurs/${answer.id}`, { state: { notice: t('staffApply.created') } });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    }
  }

  return (
    <Page title={t('staffApply.title')} lead={<p>{t('staffApply.lead')}</p>} narrow>
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorSummary errors={errors} message={message} labels={labels} />
        <RadioGroup
          name="kind"
          legend={labels.kind}
          required
          value={kind}
          onValue={setKind}
          error={errors.kind}
          options={VISITOR_KINDS.map((k) => ({ value: k, label: enumLabel('visitorKind', k) }))}
        />
        <TextField
          name="appliedOn"
          type="date"
          label={labels.appliedOn}
          max={todayIso()}
          value={appliedOn}
          onValue={setAppliedOn}
          error={errors.appliedOn}
        />
        <ApplicationFields
          draft={draft}
          onChange={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
          errors={errors}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('staffApply.submit')}</SubmitButton>
          <Link className="button button-link" to="/visiteurs">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </Page>
  );
}
