/** The planning and alert settings (admin): working hours, lunch break, visits alone, silences. */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { Section } from '../ui/Page.js';
import { errorText } from '../ui/data.js';
import { Checkbox, ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../ui/form.js';
import type { OrganisationData } from './organisation.js';
import type { Settings } from '../../domain/organisations/api.js';

type PlanningSettings = Settings['planning'];

export function PlanningSettingsForm({
  org,
  onDone,
}: {
  org: OrganisationData;
  onDone: (message: string) => void;
}) {
  const current = org.settings.planning;
  const [dayStart, setDayStart] = useState(current.dayStart);
  const [dayEnd, setDayEnd] = useState(current.dayEnd);
  const [breakStart, setBreakStart] = useState(current.breakStart ?? '');
  const [breakEnd, setBreakEnd] = useState(current.breakEnd ?? '');
  const [allowSolo, setAllowSolo] = useState(current.allowSoloVisits);
  const [maxPerDay, setMaxPerDay] = useState(String(current.maxVisitsPerVisitorPerDay));
  const [silenceDays, setSilenceDays] = useState(String(current.silenceDays));
  const [unreported, setUnreported] = useState(String(current.unreportedAfterDays));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    setErrors({});
    try {
      await api.patch('/api/organisation/settings', {
        eligibility: org.settings.eligibility,
        planning: {
          dayStart,
          dayEnd,
          breakStart: breakStart || null,
          breakEnd: breakEnd || null,
          allowSoloVisits: allowSolo,
          maxVisitsPerVisitorPerDay: Number(maxPerDay),
          silenceDays: Number(silenceDays),
          unreportedAfterDays: Number(unreported),
        },
      });
      onDone(t('planningSettings.saved'));
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: keyof PlanningSettings) => `planning.${name}`;
  return (
    <Section id="planification" title={t('planningSettings.title')}>
      <ErrorSummary errors={errors} message={message} />
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="form">
        <TextField
          name={field('dayStart')}
          type="time"
          label={t('planningSettings.dayStart')}
          required
          value={dayStart}
          onValue={setDayStart}
          error={errors[field('dayStart')]}
          className="field-short"
        />
        <TextField
          name={field('dayEnd')}
          type="time"
          label={t('planningSettings.dayEnd')}
          required
          value={dayEnd}
          onValue={setDayEnd}
          error={errors[field('dayEnd')]}
          className="field-short"
        />
        <TextField
          name={field('breakStart')}
          type="time"
          label={t('planningSettings.breakStart')}
          hint={t('planningSettings.breakHint')}
          value={breakStart}
          onValue={setBreakStart}
          error={errors[field('breakStart')]}
          className="field-short"
        />
        <TextField
          name={field('breakEnd')}
          type="time"
          label={t('planningSettings.breakEnd')}
          value={breakEnd}
          onValue={setBreakEnd}
          error={errors[field('breakEnd')]}
          className="field-short"
        />
        <Checkbox
          name={field('allowSoloVisits')}
          label={t('planningSettings.allowSolo')}
          hint={t('planningSettings.allowSoloHint')}
          checked={allowSolo}
          onChecked={setAllowSolo}
        />
        <TextField
          name={field('maxVisitsPerVisitorPerDay')}
          type="number"
          inputMode="numeric"
          min={1}
          max={8}
          label={t('planningSettings.maxPerDay')}
          required
          value={maxPerDay}
          onValue={setMaxPerDay}
          error={errors[field('maxVisitsPerVisitorPerDay')]}
          className="field-short"
        />
        <TextField
          name={field('silenceDays')}
          type="number"
          inputMode="numeric"
          min={3}
          max={90}
          label={t('planningSettings.silenceDays')}
          hint={t('planningSettings.silenceHint')}
          required
          value={silenceDays}
          onValue={setSilenceDays}
          error={errors[field('silenceDays')]}
          className="field-short"
        />
        <TextField
          name={field('unreportedAfterDays')}
          type="number"
          inputMode="numeric"
          min={1}
          max={30}
          label={t('planningSettings.unreported')}
          required
          value={unreported}
          onValue={setUnreported}
          error={errors[field('unreportedAfterDays')]}
          className="field-short"
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('planningSettings.save')}</SubmitButton>
        </div>
      </form>
    </Section>
  );
}
