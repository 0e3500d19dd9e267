/**
 * Moving, replacing or cancelling one visit; a refusal lists every constraint the move breaks.
 * A modal dialog opened by the visit (the grid is thousands of pixels long: a panel after it was
 * out of sight and out of the keyboard's reach), focused on its title; Escape or "Fermer" closes
 * it and the page returns the focus to the visit.
 */
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { ErrorMessage } from '../ui/Alert.js';
import { errorText } from '../ui/data.js';
import { Checkbox, RadioGroup, SelectField, SubmitButton, TextField } from '../ui/form.js';
import type { Week, WeekVisit } from '../../domain/planning/api.js';

/** Room kept between the dialog and the edges of the window, in pixels. */
const MARGIN = 8;

/**
 * Where the dialog goes: under the visit, else above it, else beside it (right, then left), always
 * inside the window and never over the visit when there is room. On a narrow screen (or without
 * its visit) CSS centres it instead.
 */
function placeBy(dialog: HTMLDialogElement, anchor: Element | null) {
  if (!anchor || window.innerWidth < 640) {
    dialog.style.removeProperty('top');
    dialog.style.removeProperty('left');
    return;
  }
  const visit = anchor.getBoundingClientRect();
  const box = dialog.getBoundingClientRect();
  const width = window.innerWidth;
  const height = window.innerHeight;
  const clamp = (value: number, size: number, room: number) =>
    Math.min(Math.max(MARGIN, value), Math.max(MARGIN, room - MARGIN - size));
  let top: number;
  let left: number;
  if (visit.bottom + MARGIN + box.height <= height - MARGIN) {
    top = visit.bottom + MARGIN;
    left = clamp(visit.left, box.width, width);
  } else if (visit.top - MARGIN - box.height >= MARGIN) {
    top = visit.top - MARGIN - box.height;
    left = clamp(visit.left, box.width, width);
  } else {
    top = clamp(visit.top, box.height, height);
    left =
      visit.right + MARGIN + box.width <= width - MARGIN
        ? visit.right + MARGIN
        : visit.left - MARGIN - box.width >= MARGIN
          ? visit.left - MARGIN - box.width
          : clamp(visit.left, box.width, width);
  }
  dialog.style.top = `${Math.round(top)}px`;
  dialog.style.left = `${Math.round(left)}px`;
}

export function MovePanel({
  visit,
  week,
  anchor,
  onDone,
  onClose,
}: {
  visit: WeekVisit;
  week: Week;
  /** The visit's button in the grid: the dialog opens by it. */
  anchor: Element | null;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  // Opened once, as a modal (the rest of the page inert), then placed and focused.
  useLayoutEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    title.current?.focus({ preventScroll: true });
    placeBy(element, anchor);
    // The page may still scroll or change size under the dialog: it follows its visit.
    const follow = () => placeBy(element, anchor);
    window.addEventListener('scroll', follow, { passive: true });
    window.addEventListener('resize', follow);
    // Its own content may grow after it is placed (fonts, a refusal's list): placed again then.
    const growth = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(follow);
    growth?.observe(element);
    return () => {
      window.removeEventListener('scroll', follow);
      window.removeEventListener('resize', follow);
      growth?.disconnect();
    };
  }, [anchor]);
  // Escape closes a native dialog by itself: the page learns it through `close`.
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const closed = () => onClose();
    element.addEventListener('close', closed);
    return () => element.removeEventListener('close', closed);
  }, [onClose]);
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
    <dialog ref={dialog} className="move-dialog card" aria-labelledby="deplacer-titre">
      <div className="card-head">
        <h2 id="deplacer-titre" ref={title} tabIndex={-1}>
          {t('move.title', { name: visit.person.name })}
        </h2>
        <div className="card-actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => dialog.current?.close()}
          >
            {t('move.close')}
          </button>
        </div>
      </div>
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
    </dialog>
  );
}
