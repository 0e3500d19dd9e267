/** Moving, replacing or cancelling one visit; a refusal lists every constraint the move breaks. */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Section } from '../ui/Page.js';
import { errorText } from '../ui/data.js';
import { Checkbox, RadioGroup, SelectField, SubmitButton, TextField } from '../ui/form.js';
import type { Week, WeekVisit } from '../../domain/planning/api.js';

export function MovePanel({
  visit,
  week,
  onDone,
  onClose,
}: {
  visit: WeekVisit;
  week: Week;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [date, setDate] = useState(visit.date);
  const [startTime, setStartTime] = useState(visit.startTime);
  const [crew, setCrew] = useState<Set<string>>(new Set(visit.visitors.map((v) => v.id)));
  const [mode, setMode] = useState('move');
  const [reason, setReason] = useState('');
  const [violations, setViolations] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | undefined>();

  async function move(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setViolations([]);
    try {
      await api.post(`/api/visits/${visit.id}/move`, {
        date,
        startTime,
        visitorIds: [...crew],
        mode,
      });
      onDone(t('move.done', { name: visit.person.name, date: formatDate(date), start: startTime }));
    } catch (err) {
      if (err instanceof ApiError && Array.isArray(err.body.violations))
        setViolations(err.body.violations as string[]);
      else setError(errorText(err));
    }
  }

  async function cancel() {
    if (!reason.trim()) {
      setReasonError(t('move.reasonRequired'));
      return;
    }
    setReasonError(undefined);
    setError(null);
    try {
      await api.post(`/api/visits/${visit.id}/cancel`, { reason });
      onDone(t('move.cancelled', { name: visit.person.name }));
    } catch (err) {
      setError(errorText(err));
    }
  }

  const toggle = (id: string, on: boolean) =>
    setCrew((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const editable = visit.status === 'planned';
  return (
    <Section
      id="deplacer"
      title={t('move.title', { name: visit.person.name })}
      actions={
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('move.close')}
        </button>
      }
    >
      <p>
        {t('move.current', {
          date: formatDate(visit.date),
          start: visit.startTime,
          end: visit.endTime,
          visitors: visit.visitors.map((v) => v.name).join(t('common.and')),
        })}
      </p>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {violations.length ? (
        <div className="error-summary" role="alert">
          <h3>{t('move.refused')}</h3>
          <ul>
            {violations.map((v) => (
              <li key={v}>{v}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {editable ? (
        <>
          <form className="form" onSubmit={(e) => void move(e)} aria-label={t('move.formLabel')}>
            <SelectField
              name="move-date"
              label={t('move.date')}
              value={date}
              onValue={setDate}
              options={week.days.map((d) => ({
                value: d.date,
                label: d.closedReason
                  ? t('move.closedDay', { date: formatDate(d.date), reason: d.closedReason })
                  : formatDate(d.date),
              }))}
            />
            <TextField
              name="move-start"
              label={t('move.start')}
              type="time"
              step={900}
              required
              value={startTime}
              onValue={setStartTime}
            />
            <fieldset className="checkboxes">
              <legend>{t('move.visitors')}</legend>
              {week.visitors.map((v) => (
                <Checkbox
                  key={v.id}
                  name={`move-visitor-${v.id}`}
                  label={v.name}
                  checked={crew.has(v.id)}
                  onChecked={(on) => toggle(v.id, on)}
                />
              ))}
            </fieldset>
            <RadioGroup
              name="move-mode"
              legend={t('move.mode')}
              value={mode}
              onValue={setMode}
              options={[
                { value: 'move', label: t('move.modeMove') },
                { value: 'replace', label: t('move.modeReplace') },
              ]}
            />
            <SubmitButton>{t('move.submit')}</SubmitButton>
          </form>
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              void cancel();
            }}
            aria-label={t('move.cancelLabel')}
          >
            <TextField
              name="cancel-reason"
              label={t('move.reason')}
              required
              value={reason}
              onValue={setReason}
              error={reasonError}
              maxLength={300}
            />
            <button type="submit" className="button button-secondary">
              {t('move.cancel')}
            </button>
          </form>
        </>
      ) : (
        <p>{t('move.notEditable')}</p>
      )}
    </Section>
  );
}
