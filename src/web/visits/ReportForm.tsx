/**
 * The visit report, in under a minute: done or not (and why), duration, activities, mood,
 * observations, and a concern if there is one. Nothing is sent from here: the report goes to the
 * outbox, which keeps it on the phone until the server has it.
 */
import { useState, type FormEvent } from 'react';
import { t } from '../i18n/fr.js';
import {
  Checkbox,
  ErrorSummary,
  RadioGroup,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import type { QueuedReport } from './outbox.js';
import type { DayVisit } from '../../domain/visits/api.js';
import { needsWindow, visitWindow } from '../../domain/visits/window.js';

const OUTCOMES = ['done', 'absent', 'refused', 'hospital', 'no_answer'] as const;
const ACTIVITIES = [
  'conversation',
  'reading',
  'games',
  'workshop',
  'walk',
  'errands',
  'club_event',
] as const;
const MOODS = ['good', 'average', 'low'] as const;
const SEVERITIES = ['low', 'medium', 'high'] as const;

/** The duration the visitor most likely wants: from check-in to check-out, or the planned one. */
function likelyDuration(visit: DayVisit): number {
  if (visit.checkedInAt) {
    const end = visit.checkedOutAt ? Date.parse(visit.checkedOutAt) : Date.now();
    const minutes = Math.round((end - Date.parse(visit.checkedInAt)) / 60_000);
    if (minutes >= 5 && minutes <= 480) return minutes;
  }
  return visit.durationMinutes;
}

export function ReportForm({
  visit,
  onQueued,
  onCancel,
}: {
  visit: DayVisit;
  onQueued: (item: QueuedReport) => void;
  onCancel: () => void;
}) {
  const [outcome, setOutcome] = useState('');
  const [duration, setDuration] = useState(String(likelyDuration(visit)));
  const [activities, setActivities] = useState<Set<string>>(new Set(['conversation']));
  const [mood, setMood] = useState('');
  const [observations, setObservations] = useState('');
  const [concern, setConcern] = useState('');
  const [severity, setSeverity] = useState('medium');
  const [errors, setErrors] = useState<FieldErrors>({});
  /** "Nobody answers" outside the visit's window: asked once before it is queued. */
  const [confirming, setConfirming] = useState<string | null>(null);
  const prefix = `rapport-${visit.id}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    queue(false);
  }

  function queue(confirmed: boolean) {
    const found: FieldErrors = {};
    if (!outcome) found[`${prefix}-outcome`] = t('report.outcomeRequired');
    const minutes = Number(duration);
    if (outcome === 'done' && (!Number.isInteger(minutes) || minutes < 5 || minutes > 480))
      found[`${prefix}-duration`] = t('report.durationInvalid');
    setErrors(found);
    if (Object.keys(found).length) return;
    // Judged on the phone's clock, offline too; the server judges again when it receives it.
    const verdict = visitWindow(visit, new Date());
    const outside = needsWindow({ outcome }) && verdict.kind !== 'open';
    if (outside && !confirmed) {
      setConfirming(
        verdict.kind === 'too_late'
          ? t('window.noAnswerLate')
          : t('window.noAnswerEarly', { start: visit.startTime.replace(':', ' h ') }),
      );
      return;
    }
    setConfirming(null);
    onQueued({
      clientId: crypto.randomUUID(),
      visitId: visit.id,
      queuedAt: new Date().toISOString(),
      about: { personName: visit.person.name, date: visit.date, startTime: visit.startTime },
      body: {
        outcome,
        durationMinutes: outcome === 'done' ? minutes : null,
        activities: outcome === 'done' ? [...activities] : [],
        mood: outcome === 'done' && mood ? mood : null,
        observations: observations.trim() || null,
        concern: concern.trim() || null,
        concernSeverity: concern.trim() ? severity : null,
        ...(outside ? { confirmOutsideWindow: true } : {}),
        writtenAt: new Date().toISOString(),
      },
    });
  }

  const toggle = (activity: string, on: boolean) =>
    setActivities((current) => {
      const next = new Set(current);
      if (on) next.add(activity);
      else next.delete(activity);
      return next;
    });

  return (
    <form
      className="form report-form"
      aria-label={t('report.formLabel', { name: visit.person.name })}
      onSubmit={submit}
      noValidate
    >
      <ErrorSummary errors={errors} />
      <RadioGroup
        name={`${prefix}-outcome`}
        legend={t('report.outcome')}
        required
        value={outcome}
        onValue={(value) => {
          setOutcome(value);
          setConfirming(null);
        }}
        error={errors[`${prefix}-outcome`]}
        options={OUTCOMES.map((o) => ({ value: o, label: t(`report.outcome.${o}`) }))}
      />
      {outcome === 'no_answer' ? (
        <p className="callout callout-danger">{t('report.noAnswerHint')}</p>
      ) : null}
      {outcome === 'done' ? (
        <>
          <TextField
            name={`${prefix}-duration`}
            label={t('report.duration')}
            type="number"
            inputMode="numeric"
            min={5}
            max={480}
            required
            value={duration}
            onValue={setDuration}
            error={errors[`${prefix}-duration`]}
          />
          <fieldset className="checkboxes">
            <legend>{t('report.activities')}</legend>
            {ACTIVITIES.map((a) => (
              <Checkbox
                key={a}
                name={`${prefix}-activity-${a}`}
                label={t(`report.activity.${a}`)}
                checked={activities.has(a)}
                onChecked={(on) => toggle(a, on)}
              />
            ))}
          </fieldset>
          <RadioGroup
            name={`${prefix}-mood`}
            legend={t('report.mood')}
            inline
            value={mood}
            onValue={setMood}
            options={MOODS.map((m) => ({ value: m, label: t(`report.mood.${m}`) }))}
          />
        </>
      ) : null}
      <TextArea
        name={`${prefix}-observations`}
        label={t('report.observations')}
        value={observations}
        onValue={setObservations}
        maxLength={4000}
        rows={3}
      />
      <TextArea
        name={`${prefix}-concern`}
        label={t('report.concern')}
        hint={t('report.concernHint')}
        value={concern}
        onValue={setConcern}
        maxLength={2000}
        rows={2}
      />
      {concern.trim() ? (
        <RadioGroup
          name={`${prefix}-severity`}
          legend={t('report.severity')}
          inline
          value={severity}
          onValue={setSeverity}
          options={SEVERITIES.map((s) => ({ value: s, label: t(`report.severity.${s}`) }))}
        />
      ) : null}
      {confirming ? (
        <div className="callout callout-danger window-confirm" role="alert">
          <p>{confirming}</p>
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => queue(true)}>
              {t('window.confirmNoAnswer')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              {t('window.notYet')}
            </button>
          </div>
        </div>
      ) : null}
      <div className="button-row">
        <SubmitButton>{t('report.submit')}</SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
