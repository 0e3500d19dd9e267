/**
 * Creating and editing a person's file. Creation may answer "possible duplicate": the candidates
 * are shown with links, and the user can confirm it is another person and create anyway.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatDate, formatPhone } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import {
  Checkbox,
  ErrorSummary,
  RadioGroup,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { CommuneFields } from '../ui/CommuneFields.js';
import { useOrganisation } from '../settings/organisation.js';
import { personName } from './PersonFilePage.js';
import { GENDERS, RELATIONSHIPS } from '../../domain/people/values.js';
import type { DuplicateCandidate, PersonFile } from '../../domain/people/api.js';
import { bornOn } from '../i18n/agreement.js';
import { FormOfAddressField } from '../ui/FormOfAddressField.js';

interface ContactDraft {
  name: string;
  relationship: string;
  phone: string;
  email: string;
  isEmergencyContact: boolean;
  notes: string;
}

interface Draft {
  lastName: string;
  birthName: string;
  firstName: string;
  birthDate: string;
  gender: string;
  formOfAddress: string;
  street: string;
  addressComplement: string;
  postalCode: string;
  communeName: string;
  email: string;
  phones: { number: string; label: string }[];
  livesAlone: string;
  apa: string;
  gir: string;
  teleAssistance: string;
  localServiceId: string;
  interests: string;
  languages: string;
  prefDays: number[];
  prefPeriods: string[];
  prefVisitorGender: string;
  prefNotes: string;
  practicalNotes: string;
  referralSource: string;
  contacts: ContactDraft[];
}

const EMPTY: Draft = {
  lastName: '',
  birthName: '',
  firstName: '',
  birthDate: '',
  gender: '',
  formOfAddress: '',
  street: '',
  addressComplement: '',
  postalCode: '',
  communeName: '',
  email: '',
  phones: [{ number: '', label: '' }],
  livesAlone: '',
  apa: '',
  gir: '',
  teleAssistance: '',
  localServiceId: '',
  interests: '',
  languages: '',
  prefDays: [],
  prefPeriods: [],
  prefVisitorGender: '',
  prefNotes: '',
  practicalNotes: '',
  referralSource: '',
  contacts: [],
};

const triState = (value: boolean | null | undefined) =>
  value === true ? 'yes' : value === false ? 'no' : '';
const fromTriState = (value: string) => (value === 'yes' ? true : value === 'no' ? false : null);
const orNull = (value: string) => (value.trim() ? value.trim() : null);
const tags = (value: string) =>
  value
    .split(/[,;\n]/)
    .map((v) => v.trim())
    .filter(Boolean);

function draftFrom(file: PersonFile): Draft {
  const p = file.person;
  return {
    lastName: p.lastName ?? '',
    birthName: p.birthName ?? '',
    firstName: p.firstName ?? '',
    birthDate: p.birthDate ?? '',
    gender: p.gender ?? '',
    formOfAddress: p.formOfAddress ?? '',
    street: p.street ?? '',
    addressComplement: p.addressComplement ?? '',
    postalCode: p.postalCode ?? '',
    communeName: p.communeName ?? '',
    email: p.email ?? '',
    phones: (p.phones ?? []).length
      ? (p.phones ?? []).map((ph) => ({ number: formatPhone(ph.number), label: ph.label ?? '' }))
      : [{ number: '', label: '' }],
    livesAlone: triState(p.livesAlone),
    apa: triState(p.apa),
    gir: p.gir ? String(p.gir) : '',
    teleAssistance: triState(p.teleAssistance),
    localServiceId: p.localServiceId ?? '',
    interests: (p.interests ?? []).join(', '),
    languages: (p.languages ?? []).join(', '),
    prefDays: p.preferences?.days ?? [],
    prefPeriods: p.preferences?.periods ?? [],
    prefVisitorGender: p.preferences?.visitorGender ?? '',
    prefNotes: p.preferences?.notes ?? '',
    practicalNotes: p.practicalNotes ?? '',
    referralSource: p.referralSource ?? '',
    contacts: file.contacts.map((c) => ({
      name: c.name,
      relationship: c.relationship,
      phone: c.phone ? formatPhone(c.phone) : '',
      email: c.email ?? '',
      isEmergencyContact: c.isEmergencyContact,
      notes: c.notes ?? '',
    })),
  };
}

function payloadOf(draft: Draft) {
  return {
    lastName: draft.lastName.trim(),
    birthName: orNull(draft.birthName),
    firstName: draft.firstName.trim(),
    birthDate: orNull(draft.birthDate),
    gender: orNull(draft.gender),
    formOfAddress: orNull(draft.formOfAddress),
    street: orNull(draft.street),
    addressComplement: orNull(draft.addressComplement),
    postalCode: orNull(draft.postalCode),
    communeName: orNull(draft.communeName),
    email: orNull(draft.email),
    phones: draft.phones
      .filter((p) => p.number.trim())
      .map((p) => ({ number: p.number.trim(), label: orNull(p.label) })),
    livesAlone: fromTriState(draft.livesAlone),
    apa: fromTriState(draft.apa),
    gir: draft.gir ? Number(draft.gir) : null,
    teleAssistance: fromTriState(draft.teleAssistance),
    localServiceId: orNull(draft.localServiceId),
    interests: tags(draft.interests),
    languages: tags(draft.languages),
    preferences: {
      days: draft.prefDays,
      periods: draft.prefPeriods,
      visitorGender: orNull(draft.prefVisitorGender),
      notes: orNull(draft.prefNotes),
    },
    practicalNotes: orNull(draft.practicalNotes),
    referralSource: orNull(draft.referralSource),
    contacts: draft.contacts.map((c) => ({
      name: c.name.trim(),
      relationship: c.relationship,
      phone: orNull(c.phone),
      email: orNull(c.email),
      isEmergencyContact: c.isEmergencyContact,
      notes: orNull(c.notes),
    })),
  };
}

function candidateReasons(reasons: unknown[]): string {
  return reasons
    .map((reason) => {
      if (typeof reason === 'string') return enumLabel('duplicateReason', reason);
      if (reason && typeof reason === 'object') {
        const r = reason as { message?: string; label?: string; code?: string };
        return r.message ?? r.label ?? (r.code ? enumLabel('duplicateReason', r.code) : '');
      }
      return '';
    })
    .filter(Boolean)
    .join(' ; ');
}

export function PersonCreatePage() {
  return <PersonForm mode="create" />;
}

export function PersonEditPage() {
  const { id = '' } = useParams();
  const file = useLoad<PersonFile>(
    (signal) => api.get<PersonFile>(`/api/people/${id}`, { signal }),
    id,
  );
  if (file.loading && !file.data) {
    return (
      <Page title={t('personForm.editTitle')}>
        <Loading />
      </Page>
    );
  }
  if (!file.data) {
    return (
      <Page title={t('personForm.editTitle')}>
        <ErrorMessage>{file.error}</ErrorMessage>
      </Page>
    );
  }
  return (
    <PersonForm
      mode="edit"
      id={id}
      initial={draftFrom(file.data)}
      name={personName(file.data.person)}
    />
  );
}

function PersonForm({
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
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[] | null>(null);
  const duplicateBox = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (duplicates) duplicateBox.current?.focus();
  }, [duplicates]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const title =
    mode === 'create'
      ? t('personForm.createTitle')
      : t('personForm.editTitleFor', { name: name ?? '' });
  const backTo = mode === 'create' ? '/personnes' : `/personnes/${id}`;

  const labels: Record<string, string> = {
    lastName: t('person.lastName'),
    firstName: t('person.firstName'),
    birthName: t('person.birthName'),
    birthDate: t('person.birthDate'),
    email: t('person.email'),
    postalCode: t('address.postalCode'),
    communeName: t('address.commune'),
    gir: t('person.gir'),
    localServiceId: t('person.localService'),
  };
  draft.phones.forEach(
    (_, i) => (labels[`phones.${i}.number`] = t('personForm.phoneN', { n: i + 1 })),
  );
  draft.contacts.forEach((_, i) => {
    labels[`contacts.${i}.name`] = t('personForm.contactNameN', { n: i + 1 });
    labels[`contacts.${i}.phone`] = t('personForm.contactPhoneN', { n: i + 1 });
    labels[`contacts.${i}.email`] = t('personForm.contactEmailN', { n: i + 1 });
  });

  async function send(confirmNotDuplicate: boolean) {
    if (busy) return;
    const found: FieldErrors = {};
    if (!draft.lastName.trim()) found.lastName = t('form.fieldMissing');
    if (!draft.firstName.trim()) found.firstName = t('form.fieldMissing');
    if (draft.postalCode.trim() && !/^\d{5}$/.test(draft.postalCode.trim()))
      found.postalCode = t('address.postalCodeInvalid');
    draft.contacts.forEach((c, i) => {
      if (!c.name.trim()) found[`contacts.${i}.name`] = t('form.fieldMissing');
    });
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      if (mode === 'create') {
        const answer = await api.post<{ id: string }>('/api/people', {
          ...payloadOf(draft),
          confirmNotDuplicate,
        });
        navigate(`/personnes/${answer.id}`, { state: { notice: t('personForm.created') } });
      } else {
        await api.patch(`/api/people/${id}`, payloadOf(draft));
        navigate(`/personnes/${id}`, { state: { notice: t('personForm.saved') } });
      }
    } catch (error) {
      setBusy(false);
      if (
        error instanceof ApiError &&
        error.code === 'possible_duplicate' &&
        Array.isArray(error.body.candidates)
      ) {
        setDuplicates(error.body.candidates as DuplicateCandidate[]);
        return;
      }
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDuplicates(null);
    void send(false);
  }

  const yesNoOptions = [
    { value: 'yes', label: t('common.yes') },
    { value: 'no', label: t('common.no') },
    { value: '', label: t('common.unknown') },
  ];
  const services = org.data?.localServices ?? [];

  return (
    <Page title={title}>
      <p>
        <Link to={backTo}>
          {mode === 'create'
            ? t('person.backToList')
            : t('evaluation.backToFile', { name: name ?? '' })}
        </Link>
      </p>
      {duplicates ? (
        <div
          className="duplicates alert alert-warning"
          tabIndex={-1}
          ref={duplicateBox}
          role="alert"
          aria-labelledby="doublons-titre"
        >
          <h2 id="doublons-titre">{t('duplicates.title')}</h2>
          <p>{t('duplicates.intro')}</p>
          <ul>
            {duplicates.map((candidate) => (
              <li key={candidate.id}>
                <Link to={`/personnes/${candidate.id}`}>
                  {candidate.lastName.toUpperCase()} {candidate.firstName}
                </Link>
                {candidate.birthDate
                  ? ` — ${bornOn(formatDate(candidate.birthDate), candidate.formOfAddress)}`
                  : ''}
                {candidate.communeName ? ` — ${candidate.communeName}` : ''}
                {candidate.reasons?.length ? (
                  <div className="muted">
                    {t('duplicates.why', { reasons: candidateReasons(candidate.reasons) })}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => void send(true)}>
              {t('duplicates.createAnyway')}
            </button>
          </div>
        </div>
      ) : null}
      <ErrorSummary errors={errors} message={message} labels={labels} />
      <form onSubmit={onSubmit} noValidate className="form">
        <Section id="form-identite" title={t('person.identity')}>
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
          <TextField
            name="birthName"
            label={t('person.birthName')}
            hint={t('personForm.birthNameHint')}
            value={draft.birthName}
            onValue={(v) => set('birthName', v)}
            error={errors.birthName}
            autoComplete="off"
          />
          <TextField
            name="birthDate"
            type="date"
            label={t('person.birthDate')}
            value={draft.birthDate}
            onValue={(v) => set('birthDate', v)}
            error={errors.birthDate}
          />
          <FormOfAddressField
            name="formOfAddress"
            value={draft.formOfAddress}
            onValue={(v) => set('formOfAddress', v)}
            error={errors.formOfAddress}
          />
          <SelectField
            name="gender"
            label={t('person.gender')}
            value={draft.gender}
            onValue={(v) => set('gender', v)}
            emptyLabel={t('common.notGiven')}
            options={GENDERS.map((g) => ({ value: g, label: enumLabel('gender', g) }))}
            error={errors.gender}
          />
        </Section>

        <Section id="form-adresse" title={t('person.address')}>
          <TextField
            name="street"
            label={t('address.street')}
            hint={t('address.streetHint')}
            value={draft.street}
            onValue={(v) => set('street', v)}
            error={errors.street}
            autoComplete="address-line1"
          />
          <TextField
            name="addressComplement"
            label={t('address.complement')}
            value={draft.addressComplement}
            onValue={(v) => set('addressComplement', v)}
            error={errors.addressComplement}
            autoComplete="address-line2"
          />
          <CommuneFields
            postalCode={draft.postalCode}
            communeName={draft.communeName}
            onChange={(value) => setDraft((d) => ({ ...d, ...value }))}
            errors={errors}
          />
        </Section>

        <Section id="form-telephones" title={t('person.phonesTitle')}>
          {draft.phones.map((phone, index) => (
            <div className="field-row repeat" key={index}>
              <TextField
                name={`phones.${index}.number`}
                type="tel"
                label={t('personForm.phoneN', { n: index + 1 })}
                hint={index === 0 ? t('personForm.phoneHint') : undefined}
                value={phone.number}
                onValue={(v) =>
                  set(
                    'phones',
                    draft.phones.map((p, i) => (i === index ? { ...p, number: v } : p)),
                  )
                }
                error={errors[`phones.${index}.number`] ?? errors[`phones.${index}`]}
                autoComplete="off"
              />
              <TextField
                name={`phones.${index}.label`}
                label={t('personForm.phoneLabelN', { n: index + 1 })}
                hint={index === 0 ? t('personForm.phoneLabelHint') : undefined}
                value={phone.label}
                onValue={(v) =>
                  set(
                    'phones',
                    draft.phones.map((p, i) => (i === index ? { ...p, label: v } : p)),
                  )
                }
                error={errors[`phones.${index}.label`]}
              />
              {draft.phones.length > 1 ? (
                <button
                  type="button"
                  className="button button-link"
                  onClick={() =>
                    set(
                      'phones',
                      draft.phones.filter((_, i) => i !== index),
                    )
                  }
                >
                  {t('personForm.removePhoneN', { n: index + 1 })}
                </button>
              ) : null}
            </div>
          ))}
          {draft.phones.length < 5 ? (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => set('phones', [...draft.phones, { number: '', label: '' }])}
            >
              {t('personForm.addPhone')}
            </button>
          ) : null}
          <TextField
            name="email"
            type="email"
            label={t('person.email')}
            value={draft.email}
            onValue={(v) => set('email', v)}
            error={errors.email}
            autoComplete="off"
            inputMode="email"
          />
        </Section>

        <Section id="form-situation" title={t('personForm.situation')}>
          <RadioGroup
            name="livesAlone"
            legend={t('person.livesAlone')}
            inline
            value={draft.livesAlone}
            onValue={(v) => set('livesAlone', v)}
            options={yesNoOptions}
            error={errors.livesAlone}
          />
          <RadioGroup
            name="apa"
            legend={t('person.apa')}
            inline
            value={draft.apa}
            onValue={(v) => set('apa', v)}
            options={yesNoOptions}
            error={errors.apa}
          />
          <SelectField
            name="gir"
            label={t('person.gir')}
            hint={t('personForm.girHint')}
            value={draft.gir}
            onValue={(v) => set('gir', v)}
            emptyLabel={t('common.notGiven')}
            options={[1, 2, 3, 4, 5, 6].map((n) => ({
              value: String(n),
              label: t('personForm.girN', { n }),
            }))}
            error={errors.gir}
          />
          <RadioGroup
            name="teleAssistance"
            legend={t('person.teleAssistance')}
            inline
            value={draft.teleAssistance}
            onValue={(v) => set('teleAssistance', v)}
            options={yesNoOptions}
            error={errors.teleAssistance}
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
          <TextField
            name="referralSource"
            label={t('person.referralSource')}
            hint={t('personForm.referralSourceHint')}
            value={draft.referralSource}
            onValue={(v) => set('referralSource', v)}
            error={errors.referralSource}
          />
        </Section>

        <Section id="form-contacts" title={t('person.contactsTitle')}>
          {draft.contacts.length === 0 ? <p className="muted">{t('person.noContact')}</p> : null}
          {draft.contacts.map((contact, index) => {
            const update = (patch: Partial<ContactDraft>) =>
              set(
                'contacts',
                draft.contacts.map((c, i) => (i === index ? { ...c, ...patch } : c)),
              );
            return (
              <fieldset className="repeat-group" key={index}>
                <legend>{t('personForm.contactN', { n: index + 1 })}</legend>
                <TextField
                  name={`contacts.${index}.name`}
                  label={t('personForm.contactName')}
                  required
                  value={contact.name}
                  onValue={(v) => update({ name: v })}
                  error={errors[`contacts.${index}.name`]}
                  autoComplete="off"
                />
                <SelectField
                  name={`contacts.${index}.relationship`}
                  label={t('personForm.contactRelationship')}
                  required
                  value={contact.relationship}
                  onValue={(v) => update({ relationship: v })}
                  options={RELATIONSHIPS.map((r) => ({
                    value: r,
                    label: enumLabel('relationship', r),
                  }))}
                  error={errors[`contacts.${index}.relationship`]}
                />
                <TextField
                  name={`contacts.${index}.phone`}
                  type="tel"
                  label={t('personForm.contactPhone')}
                  value={contact.phone}
                  onValue={(v) => update({ phone: v })}
                  error={errors[`contacts.${index}.phone`]}
                  autoComplete="off"
                />
                <TextField
                  name={`contacts.${index}.email`}
                  type="email"
                  label={t('personForm.contactEmail')}
                  value={contact.email}
                  onValue={(v) => update({ email: v })}
                  error={errors[`contacts.${index}.email`]}
                  autoComplete="off"
                />
                <Checkbox
                  name={`contacts.${index}.isEmergencyContact`}
                  label={t('personForm.contactEmergency')}
                  checked={contact.isEmergencyContact}
                  onChecked={(v) => update({ isEmergencyContact: v })}
                />
                <TextField
                  name={`contacts.${index}.notes`}
                  label={t('personForm.contactNotes')}
                  value={contact.notes}
                  onValue={(v) => update({ notes: v })}
                  error={errors[`contacts.${index}.notes`]}
                />
                <button
                  type="button"
                  className="button button-link"
                  onClick={() =>
                    set(
                      'contacts',
                      draft.contacts.filter((_, i) => i !== index),
                    )
                  }
                >
                  {t('personForm.removeContactN', { n: index + 1 })}
                </button>
              </fieldset>
            );
          })}
          {draft.contacts.length < 10 ? (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() =>
                set('contacts', [
                  ...draft.contacts,
                  {
                    name: '',
                    relationship: 'child',
                    phone: '',
                    email: '',
                    isEmergencyContact: false,
                    notes: '',
                  },
                ])
              }
            >
              {t('personForm.addContact')}
            </button>
          ) : null}
        </Section>

        <Section id="form-preferences" title={t('person.preferencesTitle')}>
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
          <fieldset className="checkboxes checkboxes-inline">
            <legend>{t('person.prefDays')}</legend>
            {[1, 2, 3, 4, 5, 6, 7].map((day) => (
              <Checkbox
                key={day}
                name={`prefDays-${day}`}
                label={enumLabel('weekday', String(day))}
                checked={draft.prefDays.includes(day)}
                onChecked={(checked) =>
                  set(
                    'prefDays',
                    checked
                      ? [...draft.prefDays, day].sort()
                      : draft.prefDays.filter((d) => d !== day),
                  )
                }
              />
            ))}
          </fieldset>
          <fieldset className="checkboxes checkboxes-inline">
            <legend>{t('person.prefPeriods')}</legend>
            {['morning', 'afternoon'].map((period) => (
              <Checkbox
                key={period}
                name={`prefPeriods-${period}`}
                label={enumLabel('period', period)}
                checked={draft.prefPeriods.includes(period)}
                onChecked={(checked) =>
                  set(
                    'prefPeriods',
                    checked
                      ? [...draft.prefPeriods, period]
                      : draft.prefPeriods.filter((p) => p !== period),
                  )
                }
              />
            ))}
          </fieldset>
          <SelectField
            name="prefVisitorGender"
            label={t('person.prefVisitorGender')}
            value={draft.prefVisitorGender}
            onValue={(v) => set('prefVisitorGender', v)}
            emptyLabel={t('personForm.noPreference')}
            options={['female', 'male'].map((g) => ({
              value: g,
              label: enumLabel('visitorGender', g),
            }))}
          />
          <TextField
            name="preferences.notes"
            label={t('person.prefNotes')}
            value={draft.prefNotes}
            onValue={(v) => set('prefNotes', v)}
            error={errors['preferences.notes']}
          />
          <TextArea
            name="practicalNotes"
            label={t('person.practicalNotes')}
            hint={t('personForm.practicalNotesHint')}
            value={draft.practicalNotes}
            onValue={(v) => set('practicalNotes', v)}
            error={errors.practicalNotes}
            maxLength={2000}
          />
        </Section>

        <div className="form-actions">
          <SubmitButton busy={busy}>
            {mode === 'create' ? t('personForm.create') : t('personForm.save')}
          </SubmitButton>
          <Link to={backTo}>{t('common.cancel')}</Link>
        </div>
      </form>
    </Page>
  );
}
