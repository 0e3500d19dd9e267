/**
 * One session and its attendance sheet (issue 12, ADR 0030): who is on the list and how it went,
 * saved in one write. Made for a phone held during the session: one block per visitor with large
 * choices, a "everyone present" shortcut, and visitors added by ticking them. A session that has
 * not happened yet takes registrations and excused absences only; a cancelled one no longer
 * changes.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, ApiError, query, type Page as ApiPage } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatLongDate, todayIso } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../ui/form.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, InfoMessage, SuccessMessage } from '../ui/Alert.js';
import { ATTENDANCE_STATUSES, EMPLOYED_YOUNG } from '../../domain/training/values.js';
import type { SessionDetail } from '../../domain/training/api.js';
import type { VisitorListItem } from '../../domain/visitors/api.js';
import { attendanceStatusLabel, sessionHours } from './labels.js';

type Line = SessionDetail['attendance'][number];

export function SessionPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const session = useLoad<SessionDetail>(
    (signal) => api.get<SessionDetail>(`/api/training/sessions/${id}`, { signal }),
    id,
  );
  const can = useCan();

  if (session.loading && !session.data) {
    return (
      <Page title={t('training.sheetTitle')}>
        <Loading />
      </Page>
    );
  }
  if (!session.data) {
    return (
      <Page title={t('training.sheetTitle')}>
        <ErrorMessage>
          {session.status === 404 ? t('training.notFound') : (session.error ?? '')}
        </ErrorMessage>
        <p>
          <Link to="/formations">{t('training.back')}</Link>
        </p>
      </Page>
    );
  }
  const s = session.data;
  const hours = sessionHours(s.startTime, s.endTime, t);
  const editable = can('training.manage') && !s.cancelledAt;

  return (
    <Page
      title={s.title}
      lead={
        <p>
          {enumLabel('trainingKind', s.kind)} — {formatLongDate(s.heldOn)}
          {hours ? `, ${hours}` : ''}
          {s.place ? ` — ${s.place}` : ''}
          {s.ledBy ? ` — ${t('training.ledBy')} : ${s.ledBy}` : ''}
        </p>
      }
      actions={
        <Link className="button button-secondary" to="/formations">
          {t('training.back')}
        </Link>
      }
    >
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {s.cancelledAt ? <InfoMessage>{t('training.sheetCancelled')}</InfoMessage> : null}
      <AttendanceSheet session={s} editable={editable} onSaved={session.reload} />
      {editable ? <CancelSection id={s.id} onDone={session.reload} /> : null}
    </Page>
  );
}

function AttendanceSheet({
  session,
  editable,
  onSaved,
}: {
  session: SessionDetail;
  editable: boolean;
  onSaved: () => void;
}) {
  const [lines, setLines] = useState<Line[]>(session.attendance);
  useEffect(() => setLines(session.attendance), [session.attendance]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const held = session.heldOn <= todayIso();
  const tutoring = session.kind === 'tutoring';
  const statuses = held
    ? ATTENDANCE_STATUSES
    : ATTENDANCE_STATUSES.filter((s) => s === 'registered' || s === 'excused');

  const setStatus = (visitorId: string, status: string) => {
    setSaved(false);
    setLines(lines.map((l) => (l.visitorId === visitorId ? { ...l, status } : l)));
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setMessage(null);
    setSaved(false);
    setBusy(true);
    try {
      await api.put(`/api/training/sessions/${session.id}/attendance`, {
        attendance: lines.map((l) => ({ visitorId: l.visitorId, status: l.status })),
      });
      setSaved(true);
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  const list = lines.length ? (
    <ul className="attendance-sheet">
      {lines.map((line) => {
        const name = `${line.firstName} ${line.lastName}`;
        return (
          <li key={line.visitorId}>
            {editable ? (
              <fieldset>
                <legend>{name}</legend>
                <div className="attendance-choices">
                  {statuses.map((status) => {
                    const inputId = `presence-${line.visitorId}-${status}`;
                    return (
                      <span className="attendance-choice" key={status}>
                        <input
                          type="radio"
                          id={inputId}
                          name={`presence-${line.visitorId}`}
                          value={status}
                          checked={line.status === status}
                          onChange={() => setStatus(line.visitorId, status)}
                        />
                        <label htmlFor={inputId}>
                          {attendanceStatusLabel(status, line.gender)}
                        </label>
                      </span>
                    );
                  })}
                </div>
                <button
                  type="button"
                  className="button button-link button-small"
                  onClick={() => {
                    setSaved(false);
                    setLines(lines.filter((l) => l.visitorId !== line.visitorId));
                  }}
                >
                  {t('training.sheetRemove', { name })}
                </button>
              </fieldset>
            ) : (
              <>
                <span className="attendance-name">{name}</span>{' '}
                <span className="muted">{attendanceStatusLabel(line.status, line.gender)}</span>
              </>
            )}
          </li>
        );
      })}
    </ul>
  ) : (
    <p className="empty">{t('training.sheetEmpty')}</p>
  );

  return (
    <Section id="feuille-presence" title={t('training.sheetTitle')}>
      {!held && editable ? <p className="hint">{t('training.sheetFuture')}</p> : null}
      {tutoring && editable ? <p className="hint">{t('training.sheetTutoring')}</p> : null}
      {editable ? (
        <form onSubmit={onSubmit} noValidate className="form">
          <ErrorSummary errors={errors} message={message} />
          {saved ? <SuccessMessage>{t('training.sheetSaved')}</SuccessMessage> : null}
          {list}
          {held && lines.length > 1 ? (
            <p>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setSaved(false);
                  setLines(lines.map((l) => ({ ...l, status: 'attended' })));
                }}
              >
                {t('training.sheetAllPresent')}
              </button>
            </p>
          ) : null}
          <AddVisitors
            onlyYoung={tutoring}
            exclude={lines.map((l) => l.visitorId)}
            onAdd={(added) => {
              setSaved(false);
              setLines([
                ...lines,
                ...added.map((v) => ({
                  visitorId: v.id,
                  firstName: v.firstName,
                  lastName: v.lastName,
                  gender: null,
                  kind: v.kind,
                  status: 'registered',
                })),
              ]);
            }}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('training.sheetSave')}</SubmitButton>
          </div>
        </form>
      ) : (
        list
      )}
    </Section>
  );
}

/** Ticking visitors to put them on the list (active ones, found by name). */
function AddVisitors({
  exclude,
  onlyYoung,
  onAdd,
}: {
  exclude: string[];
  onlyYoung: boolean;
  onAdd: (visitors: VisitorListItem[]) => void;
}) {
  const [search, setSearch] = useState('');
  const [ticked, setTicked] = useState<string[]>([]);
  const url = `/api/visitors${query({ active: 'true', kind: onlyYoung ? EMPLOYED_YOUNG : '', pageSize: 200 })}`;
  const visitors = useLoad<ApiPage<VisitorListItem>>(
    (signal) => api.get<ApiPage<VisitorListItem>>(url, { signal }),
    url,
  );
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const candidates = useMemo(() => {
    const words = fold(search).split(/\s+/).filter(Boolean);
    return (visitors.data?.items ?? []).filter(
      (v) =>
        !exclude.includes(v.id) &&
        words.every((w) => fold(`${v.firstName} ${v.lastName}`).includes(w)),
    );
  }, [visitors.data, exclude, search]);

  return (
    <fieldset className="attendance-add">
      <legend>{t('training.sheetAdd')}</legend>
      <TextField
        name="recherche-visiteur"
        type="search"
        label={t('training.sheetSearch')}
        hint={t('training.sheetSearchHint')}
        value={search}
        onValue={setSearch}
        autoComplete="off"
      />
      {visitors.loading && !visitors.data ? <Loading /> : null}
      {visitors.data && candidates.length === 0 ? (
        <p className="muted">{t('training.sheetNoMatch')}</p>
      ) : null}
      {candidates.length ? (
        <ul className="attendance-candidates">
          {candidates.slice(0, 30).map((v) => (
            <li key={v.id} className="checkbox">
              <input
                type="checkbox"
                id={`ajouter-${v.id}`}
                checked={ticked.includes(v.id)}
                onChange={(event) =>
                  setTicked(
                    event.target.checked ? [...ticked, v.id] : ticked.filter((x) => x !== v.id),
                  )
                }
              />
              <label htmlFor={`ajouter-${v.id}`}>
                {v.firstName} {v.lastName}{' '}
                <span className="muted small">{enumLabel('visitorKind', v.kind)}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          const chosen = (visitors.data?.items ?? []).filter((v) => ticked.includes(v.id));
          if (chosen.length) onAdd(chosen);
          setTicked([]);
        }}
      >
        {t('training.sheetAdd')}
      </button>
    </fieldset>
  );
}

function CancelSection({ id, onDone }: { id: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      await api.post(`/api/training/sessions/${id}/cancel`, { reason: reason.trim() || null });
      setOpen(false);
      onDone();
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="annuler-seance" title={t('training.cancelOpen')}>
      {open ? (
        <form onSubmit={onSubmit} noValidate className="form inline-form">
          <ErrorSummary errors={{}} message={message} />
          <TextField
            name="reason"
            label={t('training.cancelReason')}
            value={reason}
            onValue={setReason}
            maxLength={500}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('training.cancelConfirm')}</SubmitButton>
            <button type="button" className="button button-link" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('training.cancelOpen')}
        </button>
      )}
    </Section>
  );
}
