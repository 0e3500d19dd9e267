/**
 * « Demander un coup de main »: the public page of an organisation, in plain French, for a senior
 * or a carer, on a phone, without an account. The request waits for the association, who calls
 * back and links it to the person's file. A field hidden from people catches robots.
 */
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { enumLabel, t } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import {
  ErrorSummary,
  RadioGroup,
  SelectField,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import type { HelpRequestForm } from '../../domain/help-requests/api.js';
import { CARER_RELATIONSHIPS } from '../../domain/help-requests/model.js';
import { EMPTY_REQUEST, RequestFields, requestBody, requestLabels } from './RequestFields.js';

export function PublicHelpRequestPage() {
  const { organisationId = '' } = useParams();
  const form = useLoad<HelpRequestForm>(
    (signal) =>
      api.get<HelpRequestForm>(`/api/public/organisations/${organisationId}/help-request-form`, {
        signal,
      }),
    organisationId,
  );
  const [postedBy, setPostedBy] = useState('person');
  const [who, setWho] = useState({
    seniorName: '',
    seniorPhone: '',
    carerName: '',
    carerPhone: '',
    carerRelationship: '',
    website: '',
  });
  const [draft, setDraft] = useState(EMPTY_REQUEST);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const set = (key: keyof typeof who) => (value: string) => setWho((w) => ({ ...w, [key]: value }));

  if (form.loading && !form.data)
    return (
      <Page title={t('helpPublic.title')}>
        <Loading />
      </Page>
    );
  if (!form.data)
    return (
      <Page title={t('helpPublic.title')}>
        <ErrorMessage>{form.status === 404 ? t('helpPublic.unknown') : form.error}</ErrorMessage>
      </Page>
    );
  if (sent)
    return (
      <Page title={t('helpPublic.sentTitle')}>
        <SuccessMessage>{sent}</SuccessMessage>
      </Page>
    );

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setMessage(null);
    setBusy(true);
    const text = (value: string) => value.trim() || null;
    try {
      const answer = await api.post<{ message: string }>(
        `/api/public/organisations/${organisationId}/help-requests`,
        {
          postedBy,
          seniorName: who.seniorName.trim(),
          seniorPhone: text(who.seniorPhone),
          carerName: postedBy === 'carer' ? text(who.carerName) : null,
          carerPhone: postedBy === 'carer' ? text(who.carerPhone) : null,
          carerRelationship: postedBy === 'carer' ? who.carerRelationship || null : null,
          website: who.website,
          ...requestBody(draft),
        },
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

  const labels = {
    ...requestLabels(),
    postedBy: t('helpPublic.forWhom'),
    seniorName: postedBy === 'carer' ? t('helpPublic.seniorName') : t('helpPublic.yourName'),
    seniorPhone: postedBy === 'carer' ? t('helpPublic.seniorPhone') : t('helpPublic.yourPhone'),
    carerName: t('helpPublic.carerName'),
    carerPhone: t('helpPublic.carerPhone'),
    carerRelationship: t('helpPublic.carerRelationship'),
    consentToContact: t('help.consentPublic'),
  };

  return (
    <Page
      title={t('helpPublic.title')}
      lead={
        <>
          <p>{t('helpPublic.lead')}</p>
          <p className="muted">{t('helpPublic.with', { name: form.data.organisationName })}</p>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="form apply-form">
        <ErrorSummary errors={errors} message={message} labels={labels} />
        <RadioGroup
          name="postedBy"
          legend={labels.postedBy}
          required
          value={postedBy}
          onValue={setPostedBy}
          error={errors.postedBy}
          options={[
            { value: 'person', label: t('helpPublic.forMe') },
            { value: 'carer', label: t('helpPublic.forRelative') },
          ]}
        />
        <TextField
          name="seniorName"
          label={labels.seniorName}
          required
          autoComplete={postedBy === 'carer' ? 'off' : 'name'}
          value={who.seniorName}
          onValue={set('seniorName')}
          error={errors.seniorName}
          maxLength={200}
        />
        <TextField
          name="seniorPhone"
          type="tel"
          label={labels.seniorPhone}
          required={postedBy !== 'carer'}
          autoComplete={postedBy === 'carer' ? 'off' : 'tel'}
          value={who.seniorPhone}
          onValue={set('seniorPhone')}
          error={errors.seniorPhone}
        />
        {postedBy === 'carer' ? (
          <>
            <TextField
              name="carerName"
              label={labels.carerName}
              required
              autoComplete="name"
              value={who.carerName}
              onValue={set('carerName')}
              error={errors.carerName}
              maxLength={120}
            />
            <TextField
              name="carerPhone"
              type="tel"
              label={labels.carerPhone}
              required
              autoComplete="tel"
              value={who.carerPhone}
              onValue={set('carerPhone')}
              error={errors.carerPhone}
            />
            <SelectField
              name="carerRelationship"
              label={labels.carerRelationship}
              value={who.carerRelationship}
              onValue={set('carerRelationship')}
              error={errors.carerRelationship}
              emptyLabel={t('common.choose')}
              options={CARER_RELATIONSHIPS.map((r) => ({
                value: r,
                label: enumLabel('relationship', r),
              }))}
            />
          </>
        ) : null}
        <RequestFields
          draft={draft}
          onChange={setDraft}
          errors={errors}
          kinds={form.data.helpKinds}
          publicPage
        />
        {/* Hidden from people (and from assistive technologies); robots fill it. */}
        <div className="apply-trap" aria-hidden="true">
          <label htmlFor="help-website">{t('apply.website')}</label>
          <input
            id="help-website"
            name="website"
            tabIndex={-1}
            autoComplete="off"
            value={who.website}
            onChange={(event) => set('website')(event.target.value)}
          />
        </div>
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('helpPublic.submit')}</SubmitButton>
        </div>
      </form>
    </Page>
  );
}
