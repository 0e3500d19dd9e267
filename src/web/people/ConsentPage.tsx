/** Recording a consent: when, how, by whom, and what it covers. */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { enumLabel, t } from '../i18n/fr.js';
import { todayIso } from '../i18n/format.js';
import { Page } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import {
  Checkbox,
  ErrorSummary,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { personName } from './PersonFilePage.js';
import { CONSENT_GIVERS, CONSENT_METHODS } from '../../domain/people/values.js';
import type { PersonFile } from '../../domain/people/api.js';

export function ConsentPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const file = useLoad<PersonFile>(
    (signal) => api.get<PersonFile>(`/api/people/${id}`, { signal }),
    id,
  );
  const [givenOn, setGivenOn] = useState(todayIso());
  const [method, setMethod] = useState('oral');
  const [givenBy, setGivenBy] = useState('person');
  const [givenByName, setGivenByName] = useState('');
  const [scopeVisits, setScopeVisits] = useState(true);
  const [scopeDataSharing, setScopeDataSharing] = useState(false);
  const [scopeHeatwaveRegister, setScopeHeatwaveRegister] = useState(false);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const person = file.data?.person;
  const title = person ? t('consent.titleFor', { name: personName(person) }) : t('consent.title');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!givenOn) found.givenOn = t('form.dateMissing');
    else if (givenOn > todayIso()) found.givenOn = t('consent.dateFuture');
    if (givenBy !== 'person' && !givenByName.trim())
      found.givenByName = t('consent.givenByNameMissing');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post(`/api/people/${id}/consents`, {
        givenOn,
        method,
        givenBy,
        givenByName: givenByName.trim() || null,
        scopeVisits,
        scopeDataSharing,
        scopeHeatwaveRegister,
        notes: notes.trim() || null,
      });
      navigate(`/personnes/${id}`, { state: { notice: t('consent.saved') } });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    }
  }

  if (file.loading && !file.data) {
    return (
      <Page title={title}>
        <Loading />
      </Page>
    );
  }
  if (!person) {
    return (
      <Page title={title}>
        <ErrorMessage>{file.error}</ErrorMessage>
      </Page>
    );
  }

  return (
    <Page title={title}>
      <p>
        <Link to={`/personnes/${id}`}>
          {t('evaluation.backToFile', { name: personName(person) })}
        </Link>
      </p>
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{
          givenOn: t('consent.date'),
          givenByName: t('consent.givenByName'),
          method: t('consent.methodLabel'),
          givenBy: t('consent.givenByLabel'),
        }}
      />
      <form onSubmit={onSubmit} noValidate className="form">
        <TextField
          name="givenOn"
          type="date"
          label={t('consent.date')}
          required
          value={givenOn}
          onValue={setGivenOn}
          error={errors.givenOn}
          max={todayIso()}
        />
        <SelectField
          name="method"
          label={t('consent.methodLabel')}
          required
          value={method}
          onValue={setMethod}
          options={CONSENT_METHODS.map((value) => ({
            value,
            label: enumLabel('consent.method', value),
          }))}
          error={errors.method}
        />
        <SelectField
          name="givenBy"
          label={t('consent.givenByLabel')}
          required
          value={givenBy}
          onValue={setGivenBy}
          options={CONSENT_GIVERS.map((value) => ({
            value,
            label: enumLabel('consent.givenBy', value),
          }))}
          error={errors.givenBy}
        />
        {givenBy !== 'person' ? (
          <TextField
            name="givenByName"
            label={t('consent.givenByName')}
            required
            value={givenByName}
            onValue={setGivenByName}
            error={errors.givenByName}
            autoComplete="off"
          />
        ) : null}
        <fieldset className="checkboxes">
          <legend>{t('consent.scopes')}</legend>
          <Checkbox
            name="scopeVisits"
            label={t('consent.scopeVisits')}
            checked={scopeVisits}
            onChecked={setScopeVisits}
          />
          <Checkbox
            name="scopeDataSharing"
            label={t('consent.scopeDataSharing')}
            hint={t('consent.scopeDataSharingHint')}
            checked={scopeDataSharing}
            onChecked={setScopeDataSharing}
          />
          <Checkbox
            name="scopeHeatwaveRegister"
            label={t('consent.scopeHeatwaveRegister')}
            hint={t('consent.scopeHeatwaveHint')}
            checked={scopeHeatwaveRegister}
            onChecked={setScopeHeatwaveRegister}
          />
        </fieldset>
        <TextArea
          name="notes"
          label={t('consent.notes')}
          value={notes}
          onValue={setNotes}
          error={errors.notes}
          maxLength={1000}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('consent.submit')}</SubmitButton>
          <Link to={`/personnes/${id}`}>{t('common.cancel')}</Link>
        </div>
      </form>
    </Page>
  );
}
