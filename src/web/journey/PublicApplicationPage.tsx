/**
 * « Devenir bénévole »: the public application form of an organisation, in plain French, usable on
 * a phone without an account. A field hidden from people catches robots; a consent box is required.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { Checkbox, ErrorSummary, SubmitButton, type FieldErrors } from '../ui/form.js';
import {
  ApplicationFields,
  EMPTY_APPLICATION,
  applicationBody,
  applicationLabels,
} from './ApplicationFields.js';
import type {
  ApplicationForm,
  PublicApplicationAnswer,
} from '../../domain/visitors/journey-api.js';

const EMPTY = { ...EMPTY_APPLICATION, website: '' };

export function PublicApplicationPage() {
  const { organisationId = '' } = useParams();
  const form = useLoad<ApplicationForm>(
    (signal) =>
      api.get<ApplicationForm>(`/api/public/organisations/${organisationId}/application-form`, {
        signal,
      }),
    organisationId,
  );
  const [draft, setDraft] = useState(EMPTY);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const sentRef = useRef<HTMLDivElement>(null);

  if (form.loading && !form.data) {
    return (
      <Page title={t('apply.title')}>
        <Loading />
      </Page>
    );
  }
  if (!form.data) {
    return (
      <Page title={t('apply.title')}>
        <ErrorMessage>{form.status === 404 ? t('apply.unknown') : form.error}</ErrorMessage>
      </Page>
    );
  }
  if (sent) {
    return (
      <Page title={t('apply.sentTitle')}>
        <div ref={sentRef}>
          <SuccessMessage>{sent}</SuccessMessage>
        </div>
      </Page>
    );
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      const answer = await api.post<PublicApplicationAnswer>(
        `/api/public/organisations/${organisationId}/applications`,
        { ...applicationBody(draft), consent, website: draft.website },
      );
      setSent(answer.message);
      window.scrollTo(0, 0);
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  const labels = { ...applicationLabels(), consent: t('apply.consent') };

  return (
    <Page
      title={t('apply.title')}
      lead={
        <>
          <p>{t('apply.lead')}</p>
          <p className="muted">{t('apply.with', { name: form.data.organisationName })}</p>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="form apply-form">
        <ErrorSummary errors={errors} message={message} labels={labels} />
        <ApplicationFields
          draft={draft}
          onChange={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
          errors={errors}
        />
        {/* Hidden from people (and from assistive technologies); robots fill it. */}
        <div className="apply-trap" aria-hidden="true">
          <label htmlFor="apply-website">{t('apply.website')}</label>
          <input
            id="apply-website"
            name="website"
            tabIndex={-1}
            autoComplete="off"
            value={draft.website}
            onChange={(event) => setDraft((d) => ({ ...d, website: event.target.value }))}
          />
        </div>
        <Checkbox
          name="consent"
          label={labels.consent}
          checked={consent}
          onChecked={setConsent}
          error={errors.consent}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('apply.submit')}</SubmitButton>
        </div>
      </form>
    </Page>
  );
}
