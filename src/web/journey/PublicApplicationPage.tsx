/**
 * « Devenir bénévole »: the public application form of an organisation, in plain French, usable on
 * a phone without an account. A field hidden from people catches robots; a consent box is required.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { enumLabel, t } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import {
  Checkbox,
  ErrorSummary,
  RadioGroup,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { MOBILITIES } from '../../domain/visitors/values.js';
import type {
  ApplicationForm,
  PublicApplicationAnswer,
} from '../../domain/visitors/journey-api.js';

const EMPTY = {
  lastName: '',
  firstName: '',
  email: '',
  phone: '',
  postalCode: '',
  communeName: '',
  mobility: '',
  wish: '',
  availability: '',
  website: '',
};

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
  const set = (key: keyof typeof EMPTY) => (value: string) =>
    setDraft((d) => ({ ...d, [key]: value }));

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
        {
          lastName: draft.lastName.trim(),
          firstName: draft.firstName.trim(),
          email: draft.email.trim() || null,
          phone: draft.phone.trim() || null,
          postalCode: draft.postalCode.trim(),
          communeName: draft.communeName.trim(),
          mobility: draft.mobility || undefined,
          wish: draft.wish.trim(),
          availability: draft.availability.trim(),
          consent,
          website: draft.website,
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
    lastName: t('apply.lastName'),
    firstName: t('apply.firstName'),
    email: t('apply.email'),
    phone: t('apply.phone'),
    postalCode: t('apply.postalCode'),
    communeName: t('apply.commune'),
    mobility: t('apply.mobility'),
    wish: t('apply.wish'),
    availability: t('apply.availability'),
    consent: t('apply.consent'),
  };

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
        <TextField
          name="lastName"
          label={labels.lastName}
          required
          autoComplete="family-name"
          value={draft.lastName}
          onValue={set('lastName')}
          error={errors.lastName}
          maxLength={100}
        />
        <TextField
          name="firstName"
          label={labels.firstName}
          required
          autoComplete="given-name"
          value={draft.firstName}
          onValue={set('firstName')}
          error={errors.firstName}
          maxLength={100}
        />
        <p className="hint">{t('apply.contactHint')}</p>
        <TextField
          name="email"
          type="email"
          label={labels.email}
          autoComplete="email"
          value={draft.email}
          onValue={set('email')}
          error={errors.email}
        />
        <TextField
          name="phone"
          type="tel"
          label={labels.phone}
          autoComplete="tel"
          value={draft.phone}
          onValue={set('phone')}
          error={errors.phone}
        />
        <TextField
          name="postalCode"
          label={labels.postalCode}
          required
          inputMode="numeric"
          autoComplete="postal-code"
          value={draft.postalCode}
          onValue={set('postalCode')}
          error={errors.postalCode}
          maxLength={5}
        />
        <TextField
          name="communeName"
          label={labels.communeName}
          required
          autoComplete="address-level2"
          value={draft.communeName}
          onValue={set('communeName')}
          error={errors.communeName}
          maxLength={100}
        />
        <RadioGroup
          name="mobility"
          legend={labels.mobility}
          required
          value={draft.mobility}
          onValue={set('mobility')}
          error={errors.mobility}
          options={MOBILITIES.map((m) => ({ value: m, label: enumLabel('mobility', m) }))}
        />
        <TextArea
          name="wish"
          label={labels.wish}
          hint={t('apply.wishHint')}
          required
          value={draft.wish}
          onValue={set('wish')}
          error={errors.wish}
          maxLength={1000}
        />
        <TextField
          name="availability"
          label={labels.availability}
          hint={t('apply.availabilityHint')}
          required
          value={draft.availability}
          onValue={set('availability')}
          error={errors.availability}
          maxLength={500}
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
            onChange={(event) => set('website')(event.target.value)}
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
