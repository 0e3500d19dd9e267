/**
 * Signing up as an active neighbour (« voisin actif »): the public page of an organisation, in
 * plain French and usable on a phone without an account (a field hidden from people catches
 * robots; a consent box is required), and the staff form for someone who calls on the phone.
 * Both ask who they are, where they live, what they offer, how far they go, when, how often and
 * how they want to be told.
 */
import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import {
  Checkbox,
  ErrorSummary,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import type {
  HelpKindItem,
  NeighbourForm,
  NeighbourPublicAnswer,
} from '../../domain/neighbours/api.js';
import {
  EMPTY_OFFER,
  OfferFields,
  offerBody,
  PeriodsPicker,
  periodsBody,
  type OfferDraft,
} from './fields.js';

const EMPTY = {
  lastName: '',
  firstName: '',
  email: '',
  phone: '',
  street: '',
  postalCode: '',
  communeName: '',
  note: '',
  website: '',
};
type Draft = typeof EMPTY;

/** Who they are and where they live, then the offer and the periods. */
function SignUpFields({
  draft,
  onDraft,
  offer,
  onOffer,
  periods,
  onPeriods,
  errors,
  helpKinds,
  plainWording,
}: {
  draft: Draft;
  onDraft: (draft: Draft) => void;
  offer: OfferDraft;
  onOffer: (offer: OfferDraft) => void;
  periods: string[];
  onPeriods: (periods: string[]) => void;
  errors: FieldErrors;
  helpKinds: readonly { code: string; label: string }[];
  plainWording?: boolean;
}) {
  const set = (key: keyof Draft) => (value: string) => onDraft({ ...draft, [key]: value });
  return (
    <>
      <TextField
        name="lastName"
        label={t('apply.lastName')}
        required
        autoComplete="family-name"
        value={draft.lastName}
        onValue={set('lastName')}
        error={errors.lastName}
        maxLength={100}
      />
      <TextField
        name="firstName"
        label={t('apply.firstName')}
        required
        autoComplete="given-name"
        value={draft.firstName}
        onValue={set('firstName')}
        error={errors.firstName}
        maxLength={100}
      />
      <p className="hint">{t('neighbours.contactHint')}</p>
      <TextField
        name="phone"
        type="tel"
        label={t('apply.phone')}
        autoComplete="tel"
        value={draft.phone}
        onValue={set('phone')}
        error={errors.phone}
      />
      <TextField
        name="email"
        type="email"
        label={t('apply.email')}
        autoComplete="email"
        value={draft.email}
        onValue={set('email')}
        error={errors.email}
      />
      <TextField
        name="street"
        label={t('neighbours.street')}
        hint={t('neighbours.streetHint')}
        autoComplete="street-address"
        value={draft.street}
        onValue={set('street')}
        error={errors.street}
        maxLength={200}
      />
      <TextField
        name="postalCode"
        label={t('apply.postalCode')}
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
        label={t('apply.commune')}
        required
        autoComplete="address-level2"
        value={draft.communeName}
        onValue={set('communeName')}
        error={errors.communeName}
        maxLength={100}
      />
      <OfferFields
        draft={offer}
        onDraft={onOffer}
        errors={errors}
        helpKinds={helpKinds}
        plainWording={plainWording ?? false}
      />
      <PeriodsPicker idPrefix="" values={periods} onValues={onPeriods} error={errors.periods} />
      <TextArea
        name="note"
        label={plainWording ? t('neighbours.noteYou') : t('neighbours.note')}
        value={draft.note}
        onValue={set('note')}
        error={errors.note}
        maxLength={1000}
      />
    </>
  );
}

const LABELS = () => ({
  lastName: t('apply.lastName'),
  firstName: t('apply.firstName'),
  email: t('apply.email'),
  phone: t('apply.phone'),
  street: t('neighbours.street'),
  postalCode: t('apply.postalCode'),
  communeName: t('apply.commune'),
  offers: t('neighbours.offers'),
  maxDistanceKm: t('neighbours.distance'),
  weeklyLimit: t('neighbours.weeklyLimit'),
  notifyBy: t('neighbours.notifyBy'),
  periods: t('neighbours.when'),
  note: t('neighbours.note'),
  consent: t('apply.consent'),
});

const bodyOf = (draft: Draft, offer: OfferDraft, periods: string[]) => ({
  lastName: draft.lastName.trim(),
  firstName: draft.firstName.trim(),
  email: draft.email.trim() || null,
  phone: draft.phone.trim() || null,
  street: draft.street.trim() || null,
  postalCode: draft.postalCode.trim(),
  communeName: draft.communeName.trim(),
  ...offerBody(offer),
  periods: periodsBody(periods),
  note: draft.note.trim() || null,
});

/** « Devenir voisin actif »: the public page (no sign-in). */
export function PublicNeighbourPage() {
  const { organisationId = '' } = useParams();
  const form = useLoad<NeighbourForm>(
    (signal) =>
      api.get<NeighbourForm>(`/api/public/organisations/${organisationId}/neighbour-form`, {
        signal,
      }),
    organisationId,
  );
  const [draft, setDraft] = useState(EMPTY);
  const [offer, setOffer] = useState<OfferDraft>(EMPTY_OFFER);
  const [periods, setPeriods] = useState<string[]>([]);
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);

  if (form.loading && !form.data)
    return (
      <Page title={t('neighbours.signUpTitle')}>
        <Loading />
      </Page>
    );
  if (!form.data)
    return (
      <Page title={t('neighbours.signUpTitle')}>
        <ErrorMessage>{form.status === 404 ? t('apply.unknown') : form.error}</ErrorMessage>
      </Page>
    );
  if (sent)
    return (
      <Page title={t('neighbours.sentTitle')}>
        <SuccessMessage>{sent}</SuccessMessage>
      </Page>
    );

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      const answer = await api.post<NeighbourPublicAnswer>(
        `/api/public/organisations/${organisationId}/neighbour-sign-ups`,
        { ...bodyOf(draft, offer, periods), consent, website: draft.website },
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

  return (
    <Page
      title={t('neighbours.signUpTitle')}
      lead={
        <>
          <p>{t('neighbours.signUpLead')}</p>
          <p className="muted">{t('apply.with', { name: form.data.organisationName })}</p>
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="form apply-form">
        <ErrorSummary errors={errors} message={message} labels={LABELS()} />
        <SignUpFields
          draft={draft}
          onDraft={setDraft}
          offer={offer}
          onOffer={setOffer}
          periods={periods}
          onPeriods={setPeriods}
          errors={errors}
          helpKinds={form.data.helpKinds}
          plainWording
        />
        {/* Hidden from people (and from assistive technologies); robots fill it. */}
        <div className="apply-trap" aria-hidden="true">
          <label htmlFor="neighbour-website">{t('apply.website')}</label>
          <input
            id="neighbour-website"
            name="website"
            tabIndex={-1}
            autoComplete="off"
            value={draft.website}
            onChange={(event) => setDraft({ ...draft, website: event.target.value })}
          />
        </div>
        <Checkbox
          name="consent"
          label={t('apply.consent')}
          checked={consent}
          onChecked={setConsent}
          error={errors.consent}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('neighbours.submit')}</SubmitButton>
        </div>
      </form>
    </Page>
  );
}

/** Staff sign someone up who calls on the phone (source « staff »). */
export function StaffNeighbourSignUpPage() {
  const navigate = useNavigate();
  const kinds = useLoad<{ items: HelpKindItem[] }>(
    (signal) => api.get('/api/help-kinds', { signal }),
    'help-kinds',
  );
  const [draft, setDraft] = useState(EMPTY);
  const [offer, setOffer] = useState<OfferDraft>(EMPTY_OFFER);
  const [periods, setPeriods] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      const created = await api.post<{ id: string }>(
        '/api/neighbours/sign-ups',
        bodyOf(draft, offer, periods),
      );
      setDone(created.id);
      window.scrollTo(0, 0);
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  if (done)
    return (
      <Page title={t('neighbours.staffTitle')}>
        <SuccessMessage>{t('neighbours.staffDone')}</SuccessMessage>
        <div className="form-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => navigate('/voisins')}
          >
            {t('neighbours.backToList')}
          </button>
        </div>
      </Page>
    );

  return (
    <Page title={t('neighbours.staffTitle')} lead={<p>{t('neighbours.staffLead')}</p>}>
      {kinds.loading && !kinds.data ? <Loading /> : null}
      {kinds.error ? <ErrorMessage>{kinds.error}</ErrorMessage> : null}
      {kinds.data ? (
        <form onSubmit={onSubmit} noValidate className="form apply-form">
          <ErrorSummary errors={errors} message={message} labels={LABELS()} />
          <SignUpFields
            draft={draft}
            onDraft={setDraft}
            offer={offer}
            onOffer={setOffer}
            periods={periods}
            onPeriods={setPeriods}
            errors={errors}
            helpKinds={kinds.data.items.filter((k) => k.active)}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('neighbours.staffSubmit')}</SubmitButton>
          </div>
        </form>
      ) : null}
    </Page>
  );
}
