/**
 * « Vos coordonnées sont-elles toujours justes ? »: the page the yearly e-mail's link opens, in
 * plain French, without an account (issue 13, ADR 0035). One button when all is right; otherwise
 * the same page lets the professional correct their details.
 */
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { ErrorSummary, SubmitButton, type FieldErrors } from '../ui/form.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { hoursLines, tradeLabel } from '../../domain/professionals/values.js';
import type { SelfCheck } from '../../domain/professionals/api.js';
import { bodyOf, DetailsFields, draftOf, type DetailsDraft } from './DetailsFields.js';

export function PublicCheckPage() {
  const [params] = useSearchParams();
  const token = params.get('jeton') ?? '';
  const check = useLoad<SelfCheck>(
    (signal) => api.post<SelfCheck>('/api/public/professional-check', { token }, { signal }),
    token,
  );
  const [done, setDone] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState<DetailsDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (done)
    return (
      <Page title={t('proCheck.doneTitle')} narrow>
        <SuccessMessage>{done}</SuccessMessage>
      </Page>
    );
  if (!check.data)
    return (
      <Page title={t('proCheck.title')} narrow>
        {check.loading ? <Loading /> : null}
        {check.error ? <ErrorMessage>{check.error}</ErrorMessage> : null}
      </Page>
    );
  const { details, organisationName, expiresAt } = check.data;

  async function send(url: string, body: object) {
    if (busy) return;
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const answer = await api.post<{ message: string }>(url, { token, ...body });
      setDone(answer.message);
    } catch (error) {
      setMessage(errorText(error));
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    } finally {
      setBusy(false);
    }
  }

  if (correcting)
    return (
      <Page title={t('proCheck.correctTitle')} narrow>
        <form
          className="card"
          noValidate
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            void send('/api/public/professional-check/correct', bodyOf(correcting));
          }}
        >
          <ErrorSummary errors={errors} message={message} />
          <DetailsFields
            draft={correcting}
            onChange={setCorrecting}
            errors={errors}
            suggest={false}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('proCheck.saveCorrection')}</SubmitButton>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setCorrecting(null)}
            >
              {t('pros.cancel')}
            </button>
          </div>
        </form>
      </Page>
    );

  return (
    <Page
      title={t('proCheck.title')}
      narrow
      lead={<p>{t('proCheck.intro', { organisation: organisationName })}</p>}
    >
      {message ? <ErrorMessage>{message}</ErrorMessage> : null}
      <Section id="pro-fiche" title={details.businessName}>
        <dl className="pro-details">
          <dt>{t('pros.trade')}</dt>
          <dd>{tradeLabel(details.trade)}</dd>
          {details.contactName ? (
            <>
              <dt>{t('pros.contactName')}</dt>
              <dd>{details.contactName}</dd>
            </>
          ) : null}
          <dt>{t('pros.phone')}</dt>
          <dd>{details.phone}</dd>
          <dt>{t('pros.email')}</dt>
          <dd>{details.email ?? '—'}</dd>
          <dt>{t('pros.website')}</dt>
          <dd>{details.website ?? '—'}</dd>
          <dt>{t('pros.address')}</dt>
          <dd>
            {details.communeName
              ? [details.street, `${details.postalCode} ${details.communeName}`]
                  .filter(Boolean)
                  .join(', ')
              : '—'}
          </dd>
          <dt>{t('pros.communesServed')}</dt>
          <dd>{details.communesServed.map((c) => c.communeName).join(', ')}</dd>
          <dt>{t('pros.hours')}</dt>
          <dd>
            {details.hours.length ? hoursLines(details.hours).join(' ; ') : t('pros.noHours')}
            <div>
              {details.worksPublicHolidays ? t('pros.publicHolidays') : t('pros.noPublicHolidays')}
            </div>
          </dd>
        </dl>
      </Section>
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => void send('/api/public/professional-check/confirm', {})}
        >
          {t('proCheck.allRight')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => setCorrecting(draftOf(details))}
        >
          {t('proCheck.correct')}
        </button>
      </div>
      <p className="muted small">{t('proCheck.expires', { date: formatDate(expiresAt) })}</p>
    </Page>
  );
}
