/**
 * « Appel entrant »: the operator types the number that is calling (any French way of writing
 * it), sees the people and carers with that number, chooses who the help is for (or creates a
 * minimal file for a senior not yet known), then posts the request on their behalf with their
 * agreement to be put in touch. The call goes in the contact log with the request.
 */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { enumLabel, t } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { errorText } from '../ui/data.js';
import { InfoMessage } from '../ui/Alert.js';
import {
  Checkbox,
  ErrorSummary,
  RadioGroup,
  SelectField,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import type { CallerMatches } from '../../domain/help-requests/api.js';
import { CARER_RELATIONSHIPS } from '../../domain/help-requests/model.js';
import { EMPTY_REQUEST, RequestFields, requestBody, requestLabels } from './RequestFields.js';
import { activeKinds, useHelpKinds } from './kinds.js';

const EMPTY_PERSON = {
  lastName: '',
  firstName: '',
  formOfAddress: '',
  street: '',
  postalCode: '',
  communeName: '',
  phone: '',
};

export function IncomingCallPage() {
  const navigate = useNavigate();
  const [phone, setPhone] = useState('');
  const [searchError, setSearchError] = useState<string | null>(null);
  const [callers, setCallers] = useState<CallerMatches | null>(null);
  const [searching, setSearching] = useState(false);
  // '' | person:<id> | carer:<contactId>:<personId> | new
  const [subject, setSubject] = useState('');
  const [person, setPerson] = useState(EMPTY_PERSON);
  const [postedBy, setPostedBy] = useState('person');
  const [carer, setCarer] = useState({ name: '', phone: '', relationship: '' });
  const [draft, setDraft] = useState(EMPTY_REQUEST);
  const kinds = useHelpKinds();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState(false);
  const [confirmNew, setConfirmNew] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSearch(event: FormEvent) {
    event.preventDefault();
    setSearchError(null);
    setSearching(true);
    try {
      const found = await api.get<CallerMatches>(
        `/api/help-requests/callers?phone=${encodeURIComponent(phone.trim())}`,
      );
      setCallers(found);
      const first = found.people[0];
      const firstCarer = found.carers[0];
      setSubject(
        first
          ? `person:${first.id}`
          : firstCarer
            ? `carer:${firstCarer.id}:${firstCarer.personId}`
            : 'new',
      );
      setPostedBy(!first && firstCarer ? 'carer' : 'person');
      setPerson((p) => ({ ...p, phone: found.phone }));
      setCarer((c) => ({ ...c, phone: found.phone }));
    } catch (error) {
      setCallers(null);
      setSearchError(errorText(error));
    } finally {
      setSearching(false);
    }
  }

  const chooseSubject = (value: string) => {
    setSubject(value);
    setPostedBy(value.startsWith('carer:') ? 'carer' : 'person');
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setMessage(null);
    setBusy(true);
    const [kind, first, second] = subject.split(':');
    const text = (value: string) => value.trim() || null;
    try {
      const created = await api.post<{ id: string }>('/api/help-requests', {
        personId: kind === 'person' ? first : kind === 'carer' ? second : null,
        newPerson:
          kind === 'new'
            ? {
                lastName: person.lastName.trim(),
                firstName: person.firstName.trim(),
                formOfAddress: person.formOfAddress || null,
                street: text(person.street),
                postalCode: text(person.postalCode),
                communeName: text(person.communeName),
                phone: text(person.phone),
                confirmNotDuplicate: confirmNew,
              }
            : null,
        channel: 'phone',
        postedBy,
        personContactId: kind === 'carer' ? first : null,
        carerName: postedBy === 'carer' && kind !== 'carer' ? text(carer.name) : null,
        carerPhone: postedBy === 'carer' && kind !== 'carer' ? text(carer.phone) : null,
        carerRelationship:
          postedBy === 'carer' && kind !== 'carer' ? carer.relationship || null : null,
        callerPhone: text(phone),
        ...requestBody(draft),
      });
      navigate(`/entraide/${created.id}`);
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(error.fieldErrors());
        if (error.code === 'possible_duplicate') setDuplicate(true);
      }
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  const labels = {
    ...requestLabels(),
    personId: t('help.who'),
    'newPerson.lastName': t('help.newLastName'),
    'newPerson.firstName': t('help.newFirstName'),
    'newPerson.communeName': t('help.newCommune'),
    'newPerson.phone': t('help.newPhone'),
    carerName: t('help.carerName'),
    carerPhone: t('help.carerPhone'),
    carerRelationship: t('help.carerRelationship'),
    callerPhone: t('help.callerPhone'),
  };
  const subjectOptions = callers
    ? [
        ...callers.people.map((p) => ({
          value: `person:${p.id}`,
          label: `${p.firstName} ${p.lastName}${p.communeName ? ` (${p.communeName})` : ''}`,
        })),
        ...callers.carers.map((c) => ({
          value: `carer:${c.id}:${c.personId}`,
          label: t('help.carerOf', {
            carer: c.name,
            relationship: enumLabel('relationship', c.relationship).toLowerCase(),
            person: `${c.personFirstName} ${c.personLastName}`,
          }),
        })),
        { value: 'new', label: t('help.newPerson') },
      ]
    : [];

  return (
    <Page title={t('help.callTitle')} lead={<p>{t('help.callLead')}</p>}>
      <form onSubmit={onSearch} noValidate className="form card help-call-search">
        <TextField
          name="callerPhone"
          type="tel"
          label={labels.callerPhone}
          hint={t('help.callerPhoneHint')}
          required
          autoComplete="off"
          value={phone}
          onValue={setPhone}
          error={searchError ?? undefined}
        />
        <div className="form-actions">
          <SubmitButton busy={searching}>{t('help.search')}</SubmitButton>
        </div>
      </form>
      {callers ? (
        <form onSubmit={onSubmit} noValidate className="form help-call-form">
          <ErrorSummary errors={errors} message={message} labels={labels} />
          <div role="status">
            {callers.people.length + callers.carers.length === 0 ? (
              <InfoMessage>{t('help.nobody', { phone: callers.phone })}</InfoMessage>
            ) : null}
          </div>
          <RadioGroup
            name="personId"
            legend={labels.personId}
            required
            value={subject}
            onValue={chooseSubject}
            error={errors.personId}
            options={subjectOptions}
          />
          {subject === 'new' ? (
            <fieldset className="help-new-person">
              <legend>{t('help.newPersonLegend')}</legend>
              <p className="hint">{t('help.newPersonHint')}</p>
              <RadioGroup
                name="newPerson.formOfAddress"
                legend={t('help.newFormOfAddress')}
                inline
                value={person.formOfAddress}
                onValue={(v) => setPerson({ ...person, formOfAddress: v })}
                options={[
                  { value: 'madame', label: t('help.madame') },
                  { value: 'monsieur', label: t('help.monsieur') },
                ]}
              />
              <TextField
                name="newPerson.lastName"
                label={labels['newPerson.lastName']}
                required
                value={person.lastName}
                onValue={(v) => setPerson({ ...person, lastName: v })}
                error={errors['newPerson.lastName']}
                maxLength={100}
              />
              <TextField
                name="newPerson.firstName"
                label={labels['newPerson.firstName']}
                required
                value={person.firstName}
                onValue={(v) => setPerson({ ...person, firstName: v })}
                error={errors['newPerson.firstName']}
                maxLength={100}
              />
              <TextField
                name="newPerson.street"
                label={t('help.newStreet')}
                value={person.street}
                onValue={(v) => setPerson({ ...person, street: v })}
                error={errors['newPerson.street']}
                maxLength={200}
              />
              <TextField
                name="newPerson.postalCode"
                label={t('help.newPostalCode')}
                inputMode="numeric"
                value={person.postalCode}
                onValue={(v) => setPerson({ ...person, postalCode: v })}
                error={errors['newPerson.postalCode']}
                maxLength={5}
              />
              <TextField
                name="newPerson.communeName"
                label={labels['newPerson.communeName']}
                value={person.communeName}
                onValue={(v) => setPerson({ ...person, communeName: v })}
                error={errors['newPerson.communeName']}
                maxLength={100}
              />
              <TextField
                name="newPerson.phone"
                type="tel"
                label={labels['newPerson.phone']}
                value={person.phone}
                onValue={(v) => setPerson({ ...person, phone: v })}
                error={errors['newPerson.phone']}
              />
              {duplicate ? (
                <Checkbox
                  name="confirmNotDuplicate"
                  label={t('help.confirmNotDuplicate')}
                  checked={confirmNew}
                  onChecked={setConfirmNew}
                />
              ) : null}
            </fieldset>
          ) : null}
          <RadioGroup
            name="postedBy"
            legend={t('help.postedBy')}
            required
            inline
            value={postedBy}
            onValue={setPostedBy}
            error={errors.postedBy}
            options={[
              { value: 'person', label: t('help.postedByPerson') },
              { value: 'carer', label: t('help.postedByCarer') },
              { value: 'staff', label: t('help.postedByStaff') },
            ]}
          />
          {postedBy === 'carer' && !subject.startsWith('carer:') ? (
            <>
              <TextField
                name="carerName"
                label={labels.carerName}
                required
                value={carer.name}
                onValue={(v) => setCarer({ ...carer, name: v })}
                error={errors.carerName}
                maxLength={120}
              />
              <TextField
                name="carerPhone"
                type="tel"
                label={labels.carerPhone}
                value={carer.phone}
                onValue={(v) => setCarer({ ...carer, phone: v })}
                error={errors.carerPhone}
              />
              <SelectField
                name="carerRelationship"
                label={labels.carerRelationship}
                value={carer.relationship}
                onValue={(v) => setCarer({ ...carer, relationship: v })}
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
            kinds={activeKinds(kinds)}
            homeHasAddress={subject !== 'new'}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('help.submitCall')}</SubmitButton>
          </div>
        </form>
      ) : null}
    </Page>
  );
}
