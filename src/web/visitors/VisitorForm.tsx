/** Creating and editing a visitor: commitment, home area, mobility (documents: « Parcours »). */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatPhone } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import {
  ErrorSummary,
  RadioGroup,
  SelectField,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { CommuneFields } from '../ui/CommuneFields.js';
import { useOrganisation } from '../settings/organisation.js';
import { MOBILITIES, VISITOR_KINDS } from '../../domain/visitors/values.js';
import type { VisitorFile } from '../../domain/visitors/api.js';
import { fullName } from './names.js';

interface Draft {
  kind: string;
  lastName: string;
  firstName: string;
  gender: string;
  email: string;
  phone: string;
  commitmentStart: string;
  commitmentEnd: string;
  street: string;
  postalCode: string;
  communeName: string;
  mobility: string;
  maxTripMinutes: string;
  interests: string;
  languages: string;
  localServiceId: string;
}

const EMPTY: Draft = {
  kind: 'volunteer',
  lastName: '',
  firstName: '',
  gender: '',
  email: '',
  phone: '',
  commitmentStart: '',
  commitmentEnd: '',
  street: '',
  postalCode: '',
  communeName: '',
  mobility: 'car',
  maxTripMinutes: '30',
  interests: '',
  languages: '',
  localServiceId: '',
};

const orNull = (v: string) => (v.trim() ? v.trim() : null);
const tags = (v: string) =>
  v
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

function draftFrom(v: VisitorFile['visitor']): Draft {
  return {
    kind: v.kind,
    lastName: v.lastName,
    firstName: v.firstName,
    gender: v.gender ?? '',
    email: v.email ?? '',
    phone: v.phone ? formatPhone(v.phone) : '',
    commitmentStart: v.commitmentStart ?? '',
    commitmentEnd: v.commitmentEnd ?? '',
    street: v.street ?? '',
    postalCode: v.postalCode ?? '',
    communeName: v.communeName ?? '',
    mobility: v.mobility ?? 'car',
    maxTripMinutes: v.maxTripMinutes !== undefined ? String(v.maxTripMinutes) : '30',
    interests: (v.interests ?? []).join(', '),
    languages: (v.languages ?? []).join(', '),
    localServiceId: v.localServiceId ?? '',
  };
}

function payloadOf(d: Draft) {
  return {
    kind: d.kind,
    lastName: d.lastName.trim(),
    firstName: d.firstName.trim(),
    gender: orNull(d.gender),
    email: orNull(d.email),
    phone: orNull(d.phone),
    commitmentStart: orNull(d.commitmentStart),
    commitmentEnd: orNull(d.commitmentEnd),
    street: orNull(d.street),
    postalCode: orNull(d.postalCode),
    communeName: orNull(d.communeName),
    mobility: d.mobility,
    maxTripMinutes: Number(d.maxTripMinutes) || 30,
    interests: tags(d.interests),
    languages: tags(d.languages),
    localServiceId: orNull(d.localServiceId),
  };
}

export function VisitorCreatePage() {
  return <VisitorForm mode="create" />;
}

export function VisitorEditPage() {
  const { id = '' } = useParams();
  const file = useLoad((signal) => api.get<VisitorFile>(`/api/visitors/${id}`, { signal }), id);
  if (file.loading && !file.data) {
    return (
      <Page title={t('visitorForm.editTitle')}>
        <Loading />
      </Page>
    );
  }
  if (!file.data) {
    return (
      <Page title={t('visitorForm.editTitle')}>
        <ErrorMessage>{file.error}</ErrorMessage>
      </Page>
    );
  }
  return (
    <VisitorForm
      mode="edit"
      id={id}
      initial={draftFrom(file.data.visitor)}
      name={fullName(file.data.visitor)}
    />
  );
}

function VisitorForm({
  mode,
  id,
  initial,
  name,
}: {
  mode: 'create' | 'edit';
  id?: string;
  initial?: Draft;
  name?: string;
}) {
  const navigate = useNavigate();
  const org = useOrganisation();
  const [draft, setDraft] = useState<Draft>(initial ?? EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const title =
    mode === 'create'
      ? t('visitorForm.createTitle')
      : t('visitorForm.editTitleFor', { name: name ?? '' });
  const backTo = mode === 'create' ? '/visiteurs' : `/visiteurs/${id}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!draft.lastName.trim()) found.lastName = t('form.fieldMissing');
    if (!draft.firstName.trim()) found.firstName = t('form.fieldMissing');
    const minutes = Number(draft.maxTripMinutes);
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 180)
      found.maxTripMinutes = t('visitorForm.minutesInvalid');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      if (mode === 'create') {
        const answer = await api.post<{ id: string }>('/api/visitors', payloadOf(draft));
        navigate(`/visiteurs/${answer.id}`, { state: { notice: t('visitorForm.created') } });
      } else {
        await api.patch(`/api/visitors/${id}`, payloadOf(draft));
        navigate(`/visiteurs/${id}`, { state: { notice: t('visitorForm.saved') } });
      }
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    }
  }

  const labels: Record<string, string> = {
    lastName: t('person.lastName'),
    firstName: t('person.firstName'),
    email: t('person.email'),
    phone: t('visitorForm.phone'),
    maxTripMinutes: t('visitorForm.maxTripMinutes'),
    postalCode: t('address.postalCode'),
    communeName: t('address.commune'),
    commitmentStart: t('visitorForm.commitmentStart'),
    commitmentEnd: t('visitorForm.commitmentEnd'),
  };
  const services = org.data?.localServices ?? [];

  return (
    <Page title={title}>
      <p>
        <Link to={backTo}>{t('common.back')}</Link>
      </p>
      <ErrorSummary errors={errors} message={message} labels={labels} />
      <form onSubmit={onSubmit} noValidate className="form">
        <Section id="visiteur-identite" title={t('person.identity')}>
          <RadioGroup
            name="kind"
            legend={t('visitors.kind')}
            required
            value={draft.kind}
            onValue={(v) => set('kind', v)}
            options={VISITOR_KINDS.map((k) => ({ value: k, label: enumLabel('visitorKind', k) }))}
            error={errors.kind}
          />
          <div className="field-row">
            <TextField
              name="lastName"
              label={t('person.lastName')}
              required
              value={draft.lastName}
              onValue={(v) => set('lastName', v)}
              error={errors.lastName}
              autoComplete="off"
            />
            <TextField
              name="firstName"
              label={t('person.firstName')}
              required
              value={draft.firstName}
              onValue={(v) => set('firstName', v)}
              error={errors.firstName}
              autoComplete="off"
            />
          </div>
          <SelectField
            name="gender"
            label={t('person.gender')}
            value={draft.gender}
            onValue={(v) => set('gender', v)}
            emptyLabel={t('common.notGiven')}
            options={['female', 'male', 'other'].map((g) => ({
              value: g,
              label: enumLabel('gender', g),
            }))}
          />
          <TextField
            name="email"
            type="email"
            label={t('person.email')}
            value={draft.email}
            onValue={(v) => set('email', v)}
            error={errors.email}
            autoComplete="off"
          />
          <TextField
            name="phone"
            type="tel"
            label={t('visitorForm.phone')}
            value={draft.phone}
            onValue={(v) => set('phone', v)}
            error={errors.phone}
            autoComplete="off"
          />
          {services.length ? (
            <SelectField
              name="localServiceId"
              label={t('person.localService')}
              value={draft.localServiceId}
              onValue={(v) => set('localServiceId', v)}
              emptyLabel={t('personForm.noService')}
              options={services.map((s) => ({ value: s.id, label: s.name }))}
              error={errors.localServiceId}
            />
          ) : null}
        </Section>
        <Section id="visiteur-engagement" title={t('visitorForm.commitment')}>
          <div className="field-row">
            <TextField
              name="commitmentStart"
              type="date"
              label={t('visitorForm.commitmentStart')}
              value={draft.commitmentStart}
              onValue={(v) => set('commitmentStart', v)}
              error={errors.commitmentStart}
            />
            <TextField
              name="commitmentEnd"
              type="date"
              label={t('visitorForm.commitmentEnd')}
              value={draft.commitmentEnd}
              onValue={(v) => set('commitmentEnd', v)}
              error={errors.commitmentEnd}
            />
          </div>
          {/* The charter and the insurance are documents of the journey (issue 12). */}
          <p className="hint">{t('journey.documentsPanelHint')}</p>
        </Section>
        <Section id="visiteur-secteur" title={t('visitorForm.area')}>
          <TextField
            name="street"
            label={t('address.street')}
            value={draft.street}
            onValue={(v) => set('street', v)}
            error={errors.street}
            autoComplete="off"
          />
          <CommuneFields
            postalCode={draft.postalCode}
            communeName={draft.communeName}
            onChange={(v) => setDraft((d) => ({ ...d, ...v }))}
            errors={errors}
          />
          <SelectField
            name="mobility"
            label={t('visitors.mobility')}
            required
            value={draft.mobility}
            onValue={(v) => set('mobility', v)}
            options={MOBILITIES.map((m) => ({ value: m, label: enumLabel('mobility', m) }))}
            error={errors.mobility}
          />
          <TextField
            name="maxTripMinutes"
            type="number"
            inputMode="numeric"
            min={5}
            max={180}
            label={t('visitorForm.maxTripMinutes')}
            hint={t('visitorForm.maxTripMinutesHint')}
            required
            value={draft.maxTripMinutes}
            onValue={(v) => set('maxTripMinutes', v)}
            error={errors.maxTripMinutes}
            className="field-short"
          />
          <TextField
            name="interests"
            label={t('person.interests')}
            hint={t('personForm.listHint')}
            value={draft.interests}
            onValue={(v) => set('interests', v)}
            error={errors.interests}
          />
          <TextField
            name="languages"
            label={t('person.languages')}
            hint={t('personForm.listHint')}
            value={draft.languages}
            onValue={(v) => set('languages', v)}
            error={errors.languages}
          />
        </Section>
        <div className="form-actions">
          <SubmitButton busy={busy}>
            {mode === 'create' ? t('visitorForm.create') : t('personForm.save')}
          </SubmitButton>
          <Link to={backTo}>{t('common.cancel')}</Link>
        </div>
      </form>
    </Page>
  );
}
