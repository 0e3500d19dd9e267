/**
 * The organisation's settings (admin): the eligibility rule (minimum age, isolation threshold),
 * its local services and the communes it serves.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { Checkbox, ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../ui/form.js';
import { LocalServiceSelect } from './LocalServiceSelect.js';
import { PlanningSettingsForm } from './PlanningSettingsForm.js';
import { HelpKindsSection } from '../neighbours/HelpKindsSection.js';
import { CommuneFields } from '../ui/CommuneFields.js';
import { Table } from '../ui/Table.js';
import { fetchOrganisation, localServiceName, type OrganisationData } from './organisation.js';

export function SettingsPage() {
  const org = useLoad<OrganisationData>((signal) => fetchOrganisation(signal), 'settings');
  const [notice, setNotice] = useState<string | null>(null);
  const done = (message: string) => {
    setNotice(message);
    org.reload();
  };
  return (
    <Page title={t('settings.title')} lead={org.data ? <p>{org.data.name}</p> : null}>
      <div role="status">{notice ? <SuccessMessage>{notice}</SuccessMessage> : null}</div>
      {org.loading && !org.data ? <Loading /> : null}
      {org.error ? <ErrorMessage>{org.error}</ErrorMessage> : null}
      {org.data ? (
        <>
          <EligibilityForm org={org.data} onDone={done} />
          <PlanningSettingsForm org={org.data} onDone={done} />
          <LocalServicesSection org={org.data} onDone={done} />
          <TerritoriesSection org={org.data} onDone={done} />
          <HelpKindsSection onDone={done} />
        </>
      ) : null}
    </Page>
  );
}

function EligibilityForm({
  org,
  onDone,
}: {
  org: OrganisationData;
  onDone: (message: string) => void;
}) {
  const rule = org.settings.eligibility;
  const [minimumAge, setMinimumAge] = useState(String(rule.minimumAge));
  const [threshold, setThreshold] = useState(String(rule.isolationThreshold));
  const [requireIsolation, setRequireIsolation] = useState(rule.requireIsolation);
  const [departments, setDepartments] = useState((rule.allowedDepartmentCodes ?? []).join(', '));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setMinimumAge(String(rule.minimumAge));
    setThreshold(String(rule.isolationThreshold));
    setRequireIsolation(rule.requireIsolation);
    setDepartments((rule.allowedDepartmentCodes ?? []).join(', '));
  }, [
    rule.minimumAge,
    rule.isolationThreshold,
    rule.requireIsolation,
    rule.allowedDepartmentCodes,
  ]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    const age = Number(minimumAge);
    const limit = Number(threshold);
    if (!Number.isInteger(age) || age < 0 || age > 120)
      found['eligibility.minimumAge'] = t('settings.ageInvalid');
    if (!Number.isInteger(limit) || limit < 1 || limit > 30)
      found['eligibility.isolationThreshold'] = t('settings.thresholdInvalid');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    const codes = departments
      .split(/[,;\s]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    try {
      await api.patch('/api/organisation/settings', {
        eligibility: {
          minimumAge: age,
          isolationThreshold: limit,
          requireIsolation,
          allowedDepartmentCodes: codes.length ? codes : null,
        },
      });
      onDone(t('settings.ruleSaved'));
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="regle" title={t('settings.ruleTitle')}>
      <p className="hint">{t('settings.ruleIntro')}</p>
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{
          'eligibility.minimumAge': t('settings.minimumAge'),
          'eligibility.isolationThreshold': t('settings.threshold'),
          'eligibility.allowedDepartmentCodes': t('settings.departments'),
        }}
      />
      <form onSubmit={onSubmit} noValidate className="form">
        <TextField
          name="eligibility.minimumAge"
          type="number"
          inputMode="numeric"
          min={0}
          max={120}
          label={t('settings.minimumAge')}
          required
          value={minimumAge}
          onValue={setMinimumAge}
          error={errors['eligibility.minimumAge']}
          className="field-short"
        />
        <TextField
          name="eligibility.isolationThreshold"
          type="number"
          inputMode="numeric"
          min={1}
          max={30}
          label={t('settings.threshold')}
          hint={t('settings.thresholdHint')}
          required
          value={threshold}
          onValue={setThreshold}
          error={errors['eligibility.isolationThreshold']}
          className="field-short"
        />
        <Checkbox
          name="eligibility.requireIsolation"
          label={t('settings.requireIsolation')}
          checked={requireIsolation}
          onChecked={setRequireIsolation}
        />
        <TextField
          name="eligibility.allowedDepartmentCodes"
          label={t('settings.departments')}
          hint={t('settings.departmentsHint')}
          value={departments}
          onValue={setDepartments}
          error={errors['eligibility.allowedDepartmentCodes']}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('settings.saveRule')}</SubmitButton>
        </div>
      </form>
    </Section>
  );
}

function LocalServicesSection({
  org,
  onDone,
}: {
  org: OrganisationData;
  onDone: (message: string) => void;
}) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setMessage(null);
    if (!name.trim()) {
      setError(t('form.fieldMissing'));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await api.post('/api/organisation/local-services', { name: name.trim() });
      setName('');
      onDone(t('settings.serviceAdded'));
    } catch (err) {
      if (err instanceof ApiError) setError(err.fieldErrors().name);
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="services" title={t('settings.servicesTitle')}>
      {org.localServices.length ? (
        <ul className="plain-list">
          {org.localServices.map((service) => (
            <li key={service.id}>{service.name}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('settings.noService')}</p>
      )}
      <form onSubmit={onSubmit} noValidate className="form inline-form">
        {message ? <ErrorMessage>{message}</ErrorMessage> : null}
        <TextField
          name="serviceName"
          label={t('settings.serviceName')}
          required
          value={name}
          onValue={setName}
          error={error}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('settings.addService')}</SubmitButton>
        </div>
      </form>
    </Section>
  );
}

function TerritoriesSection({
  org,
  onDone,
}: {
  org: OrganisationData;
  onDone: (message: string) => void;
}) {
  const [commune, setCommune] = useState({ postalCode: '', communeName: '' });
  const [localServiceId, setLocalServiceId] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!/^\d{5}$/.test(commune.postalCode.trim()))
      found['territory.postalCode'] = t('address.postalCodeInvalid');
    if (!commune.communeName.trim()) found['territory.communeName'] = t('form.fieldMissing');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post('/api/organisation/territories', {
        postalCode: commune.postalCode.trim(),
        communeName: commune.communeName.trim(),
        localServiceId: localServiceId || null,
      });
      setCommune({ postalCode: '', communeName: '' });
      onDone(t('settings.territoryAdded'));
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        setErrors(
          Object.fromEntries(Object.entries(fields).map(([k, v]) => [`territory.${k}`, v])),
        );
      }
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="territoires" title={t('settings.territoriesTitle')}>
      {org.territories.length ? (
        <Table
          caption={t('settings.territoriesTitle')}
          captionHidden
          rows={org.territories}
          rowKey={(tr) => tr.id ?? `${tr.postalCode}-${tr.communeName}`}
          columns={[
            {
              key: 'commune',
              header: t('address.commune'),
              rowHeader: true,
              render: (tr) => tr.communeName,
            },
            { key: 'cp', header: t('address.postalCode'), render: (tr) => tr.postalCode },
            {
              key: 'service',
              header: t('person.localService'),
              render: (tr) => localServiceName(org, tr.localServiceId) || '—',
            },
          ]}
        />
      ) : (
        <p className="muted">{t('settings.noTerritory')}</p>
      )}
      <form onSubmit={onSubmit} noValidate className="form inline-form">
        <h3>{t('settings.addTerritoryTitle')}</h3>
        <ErrorSummary
          errors={errors}
          message={message}
          labels={{
            'territory.postalCode': t('address.postalCode'),
            'territory.communeName': t('address.commune'),
          }}
        />
        <CommuneFields
          prefix="territory."
          postalCode={commune.postalCode}
          communeName={commune.communeName}
          onChange={setCommune}
          errors={errors}
        />
        <LocalServiceSelect
          org={org}
          name="territoryService"
          value={localServiceId}
          onValue={setLocalServiceId}
          emptyLabel={t('personForm.noService')}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('settings.addTerritory')}</SubmitButton>
        </div>
      </form>
    </Section>
  );
}
