/**
 * A visitor's file: commitment, area and mobility, weekly availability (editable), absences
 * (training, leave…), pair history and the people visited. `/ma-fiche` shows the visitor's own.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { useCan, useUser } from '../auth/session.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatDate, todayIso } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import {
  ErrorSummary,
  SelectField,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { Table } from '../ui/Table.js';
import { Badge } from '../ui/Badge.js';
import { localServiceName, useOrganisation } from '../settings/organisation.js';
import { StatusBadge } from '../people/StatusBadge.js';
import type { AvailabilitySlot } from '../../domain/visitors/schemas.js';
import { ABSENCE_KINDS } from '../../domain/visitors/values.js';
import type { VisitorFile } from '../../domain/visitors/api.js';
import { ContactLogPanel } from '../contacts/ContactLogPanel.js';
import { fullName, pairMembers, WEEKDAYS } from './names.js';
import { Phone } from '../ui/Phone.js';
import { TrainingPanel } from '../training/TrainingPanel.js';
import { MatchPanel } from '../matches/MatchPanel.js';
import { JourneyPanel } from '../journey/JourneyPanel.js';
import { NeighbourPanel } from '../neighbours/NeighbourPanel.js';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {children === '' || children === null || children === undefined ? (
          <span className="muted">{t('common.notGiven')}</span>
        ) : (
          children
        )}
      </dd>
    </div>
  );
}

export function MyVisitorRecordPage() {
  const user = useUser();
  if (!user.visitorId) {
    return (
      <Page title={t('visitorFile.myTitle')}>
        <p>{t('visitorFile.noRecord')}</p>
      </Page>
    );
  }
  return <VisitorFileView id={user.visitorId} own />;
}

export function VisitorFilePage() {
  const { id = '' } = useParams();
  return <VisitorFileView id={id} />;
}

function VisitorFileView({ id, own }: { id: string; own?: boolean }) {
  const can = useCan();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const file = useLoad<VisitorFile>(
    (signal) => api.get<VisitorFile>(`/api/visitors/${id}`, { signal }),
    id,
  );
  const org = useOrganisation();

  if (file.loading && !file.data) {
    return (
      <Page title={own ? t('visitorFile.myTitle') : t('visitorFile.loadingTitle')}>
        <Loading />
      </Page>
    );
  }
  if (!file.data) {
    return (
      <Page title={own ? t('visitorFile.myTitle') : t('visitorFile.loadingTitle')}>
        <ErrorMessage>{file.error}</ErrorMessage>
      </Page>
    );
  }
  const { visitor, availability, absences, pairs, people } = file.data;
  const canEdit = can('visitor.update');
  const name = fullName(visitor);

  return (
    <Page
      title={own ? t('visitorFile.myTitle') : name}
      lead={
        <p>
          {enumLabel('visitorKind', visitor.kind)}{' '}
          {visitor.endedOn ? (
            <Badge>{t('visitorFile.endedOn', { date: formatDate(visitor.endedOn) })}</Badge>
          ) : (
            <Badge tone="success">{t('visitors.active')}</Badge>
          )}
        </p>
      }
      actions={
        canEdit && !own ? (
          <Link className="button button-secondary" to={`/visiteurs/${id}/modifier`}>
            {t('visitorFile.edit')}
          </Link>
        ) : null
      }
    >
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      <div className="grid">
        <Section id="visiteur-coordonnees" title={t('visitorFile.contact')}>
          <dl className="facts">
            {own ? <Fact label={t('visitorFile.name')}>{name}</Fact> : null}
            <Fact label={t('visitorForm.phone')}>
              {visitor.phone ? <Phone number={visitor.phone} /> : ''}
            </Fact>
            <Fact label={t('person.email')}>{visitor.email ?? ''}</Fact>
            <Fact label={t('visitorFile.area')}>
              {[visitor.postalCode, visitor.communeName].filter(Boolean).join(' ')}
            </Fact>
            {visitor.localServiceId ? (
              <Fact label={t('person.localService')}>
                {localServiceName(org.data, visitor.localServiceId)}
              </Fact>
            ) : null}
            <Fact label={t('visitors.mobility')}>
              {visitor.mobility ? enumLabel('mobility', visitor.mobility) : ''}
              {visitor.maxTripMinutes
                ? ` — ${t('visitorFile.maxTrip', { minutes: visitor.maxTripMinutes })}`
                : ''}
            </Fact>
            <Fact label={t('person.interests')}>{(visitor.interests ?? []).join(', ')}</Fact>
            <Fact label={t('person.languages')}>{(visitor.languages ?? []).join(', ')}</Fact>
          </dl>
        </Section>
        <Section id="visiteur-engagement" title={t('visitorForm.commitment')}>
          <dl className="facts">
            <Fact label={t('visitorForm.commitmentStart')}>
              {formatDate(visitor.commitmentStart)}
            </Fact>
            <Fact label={t('visitorForm.commitmentEnd')}>{formatDate(visitor.commitmentEnd)}</Fact>
            <Fact label={t('visitorForm.charterSignedOn')}>
              {formatDate(visitor.charterSignedOn)}
            </Fact>
            <Fact label={t('visitorForm.insuranceProvider')}>
              {visitor.insuranceProvider ?? ''}
            </Fact>
            <Fact label={t('visitorForm.insuranceValidUntil')}>
              {formatDate(visitor.insuranceValidUntil)}
            </Fact>
          </dl>
        </Section>
      </div>

      {can('training.read') && !own ? <TrainingPanel visitorId={id} /> : null}
      {own ? null : <JourneyPanel visitorId={id} />}
      {own ? null : <NeighbourPanel visitorId={id} />}
      <AvailabilitySection id={id} slots={availability} editable={canEdit} onSaved={file.reload} />
      <AbsencesSection id={id} absences={absences} editable={canEdit} onSaved={file.reload} />

      <Section id="visiteur-binomes" title={t('visitorFile.pairsTitle')}>
        {pairs.length ? (
          <ul className="plain-list">
            {pairs.map((pair) => {
              const partner = pairMembers(pair).filter((m) => m.id !== id);
              return (
                <li key={pair.id}>
                  {t('visitorFile.pairWith', {
                    name: partner.map(fullName).join(', ') || t('common.unknown'),
                  })}{' '}
                  {pair.dissolvedOn
                    ? t('visitorFile.pairFromTo', {
                        from: formatDate(pair.formedOn),
                        to: formatDate(pair.dissolvedOn),
                      })
                    : t('visitorFile.pairSince', { from: formatDate(pair.formedOn) })}
                  {pair.dissolvedOn ? null : (
                    <>
                      {' '}
                      <Badge tone="success">{t('pairs.active')}</Badge>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="muted">{t('visitorFile.noPair')}</p>
        )}
      </Section>
      {own ? null : <MatchPanel owner="visitor" id={id} />}

      {people.length ? (
        <Section id="visiteur-personnes" title={t('visitorFile.peopleTitle')}>
          <ul className="plain-list">
            {people.map((person) => (
              <li key={person.id}>
                {can('person.read') ? (
                  <Link
                    to={`/personnes/${person.id}`}
                  >{`${person.firstName} ${person.lastName}`}</Link>
                ) : (
                  `${person.firstName} ${person.lastName}`
                )}{' '}
                {person.status ? <StatusBadge status={person.status} /> : null}
                {person.via || person.since ? (
                  <div className="muted small">
                    {[
                      person.via === 'pair'
                        ? t('visitorFile.viaPair')
                        : person.via === 'alone'
                          ? t('visitorFile.viaAlone')
                          : null,
                      person.since
                        ? t('visitorFile.since', { date: formatDate(person.since) })
                        : null,
                    ]
                      .filter(Boolean)
                      .join(' ')}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <ContactLogPanel visitorId={id} />
      {canEdit && !own && !visitor.endedOn ? (
        <DepartureSection id={id} name={name} onSaved={file.reload} />
      ) : null}
    </Page>
  );
}

/** Recording that a visitor leaves the service (end of contract, volunteer who stops). */
function DepartureSection({
  id,
  name,
  onSaved,
}: {
  id: string;
  name: string;
  onSaved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [endedOn, setEndedOn] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!endedOn) {
      setErrors({ endedOn: t('form.dateMissing') });
      return;
    }
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      await api.post(`/api/visitors/${id}/end`, { endedOn, reason: reason.trim() || null });
      setOpen(false);
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="depart" title={t('departure.title')}>
      {open ? (
        <form onSubmit={onSubmit} noValidate className="form inline-form">
          <p className="hint">{t('departure.intro', { name })}</p>
          <ErrorSummary
            errors={errors}
            message={message}
            labels={{ endedOn: t('departure.date'), reason: t('departure.reason') }}
          />
          <TextField
            name="endedOn"
            type="date"
            label={t('departure.date')}
            required
            value={endedOn}
            onValue={setEndedOn}
            error={errors.endedOn}
          />
          <TextField
            name="reason"
            label={t('departure.reason')}
            value={reason}
            onValue={setReason}
            error={errors.reason}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('departure.submit')}</SubmitButton>
            <button type="button" className="button button-link" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('departure.open')}
        </button>
      )}
    </Section>
  );
}

const trimTime = (value: string) => value.slice(0, 5);

function AvailabilitySection({
  id,
  slots,
  editable,
  onSaved,
}: {
  id: string;
  slots: VisitorFile['availability'];
  editable: boolean;
  onSaved: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<AvailabilitySlot[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sorted = [...slots].sort(
    (a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime),
  );

  function start() {
    setDraft(
      sorted.map((s) => ({
        weekday: s.weekday,
        startTime: trimTime(s.startTime),
        endTime: trimTime(s.endTime),
      })),
    );
    setErrors({});
    setMessage(null);
    setEditing(true);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    draft.forEach((slot, i) => {
      if (!slot.startTime) found[`slots.${i}.startTime`] = t('availability.timeMissing');
      if (!slot.endTime) found[`slots.${i}.endTime`] = t('availability.timeMissing');
      if (slot.startTime && slot.endTime && slot.startTime >= slot.endTime)
        found[`slots.${i}.endTime`] = t('availability.endBeforeStart');
    });
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.put(`/api/visitors/${id}/availability`, { slots: draft });
      setEditing(false);
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  const labels: Record<string, string> = {};
  draft.forEach((_, i) => {
    labels[`slots.${i}.startTime`] = t('availability.startN', { n: i + 1 });
    labels[`slots.${i}.endTime`] = t('availability.endN', { n: i + 1 });
  });

  return (
    <Section
      id="disponibilites"
      title={t('availability.title')}
      actions={
        editable && !editing ? (
          <button type="button" className="button button-secondary button-small" onClick={start}>
            {t('availability.edit')}
          </button>
        ) : null
      }
    >
      {!editing ? (
        sorted.length ? (
          <ul className="plain-list">
            {sorted.map((slot) => (
              <li key={slot.id}>
                {t('availability.slot', {
                  day: enumLabel('weekday', String(slot.weekday)),
                  start: trimTime(slot.startTime),
                  end: trimTime(slot.endTime),
                })}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('availability.none')}</p>
        )
      ) : (
        <form onSubmit={onSubmit} noValidate className="form">
          <ErrorSummary errors={errors} message={message} labels={labels} />
          {draft.map((slot, i) => {
            const update = (patch: Partial<AvailabilitySlot>) =>
              setDraft(draft.map((s, j) => (j === i ? { ...s, ...patch } : s)));
            return (
              <fieldset className="repeat-group field-row" key={i}>
                <legend>{t('availability.slotN', { n: i + 1 })}</legend>
                <SelectField
                  name={`slots.${i}.weekday`}
                  label={t('availability.day')}
                  value={String(slot.weekday)}
                  onValue={(v) => update({ weekday: Number(v) })}
                  options={WEEKDAYS.map((d) => ({
                    value: String(d),
                    label: enumLabel('weekday', String(d)),
                  }))}
                />
                <TextField
                  name={`slots.${i}.startTime`}
                  type="time"
                  label={t('availability.start')}
                  value={slot.startTime}
                  onValue={(v) => update({ startTime: v })}
                  error={errors[`slots.${i}.startTime`]}
                />
                <TextField
                  name={`slots.${i}.endTime`}
                  type="time"
                  label={t('availability.end')}
                  value={slot.endTime}
                  onValue={(v) => update({ endTime: v })}
                  error={errors[`slots.${i}.endTime`]}
                />
                <button
                  type="button"
                  className="button button-link"
                  onClick={() => setDraft(draft.filter((_, j) => j !== i))}
                >
                  {t('availability.removeN', { n: i + 1 })}
                </button>
              </fieldset>
            );
          })}
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() =>
              setDraft([...draft, { weekday: 1, startTime: '14:00', endTime: '17:00' }])
            }
          >
            {t('availability.add')}
          </button>
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('availability.save')}</SubmitButton>
            <button type="button" className="button button-link" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </Section>
  );
}

function AbsencesSection({
  id,
  absences,
  editable,
  onSaved,
}: {
  id: string;
  absences: VisitorFile['absences'];
  editable: boolean;
  onSaved: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState('training');
  const [startsOn, setStartsOn] = useState(todayIso());
  const [endsOn, setEndsOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!startsOn) found.startsOn = t('form.dateMissing');
    if (!endsOn) found.endsOn = t('form.dateMissing');
    if (startsOn && endsOn && endsOn < startsOn) found.endsOn = t('absences.endBeforeStart');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post(`/api/visitors/${id}/absences`, {
        kind,
        startsOn,
        endsOn,
        note: note.trim() || null,
      });
      setOpen(false);
      setNote('');
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  const sorted = [...absences].sort((a, b) => b.startsOn.localeCompare(a.startsOn));
  return (
    <Section
      id="absences"
      title={t('absences.title')}
      actions={
        editable && !open ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setOpen(true)}
          >
            {t('absences.add')}
          </button>
        ) : null
      }
    >
      {open ? (
        <form onSubmit={onSubmit} noValidate className="form inline-form">
          <ErrorSummary
            errors={errors}
            message={message}
            labels={{
              startsOn: t('absences.startsOn'),
              endsOn: t('absences.endsOn'),
              kind: t('absences.kind'),
            }}
          />
          <SelectField
            name="kind"
            label={t('absences.kind')}
            required
            value={kind}
            onValue={setKind}
            options={ABSENCE_KINDS.map((k) => ({ value: k, label: enumLabel('absenceKind', k) }))}
            error={errors.kind}
          />
          <div className="field-row">
            <TextField
              name="startsOn"
              type="date"
              label={t('absences.startsOn')}
              required
              value={startsOn}
              onValue={setStartsOn}
              error={errors.startsOn}
            />
            <TextField
              name="endsOn"
              type="date"
              label={t('absences.endsOn')}
              required
              value={endsOn}
              onValue={setEndsOn}
              error={errors.endsOn}
            />
          </div>
          <TextField
            name="note"
            label={t('absences.note')}
            value={note}
            onValue={setNote}
            error={errors.note}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('absences.save')}</SubmitButton>
            <button type="button" className="button button-link" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {sorted.length ? (
        <Table
          caption={t('absences.title')}
          captionHidden
          rows={sorted}
          rowKey={(a) => a.id}
          columns={[
            {
              key: 'kind',
              header: t('absences.kind'),
              rowHeader: true,
              render: (a) => enumLabel('absenceKind', a.kind),
            },
            { key: 'from', header: t('absences.startsOn'), render: (a) => formatDate(a.startsOn) },
            { key: 'to', header: t('absences.endsOn'), render: (a) => formatDate(a.endsOn) },
            { key: 'note', header: t('absences.note'), render: (a) => a.note ?? '—' },
            ...(editable
              ? [
                  {
                    key: 'actions',
                    header: t('common.actions'),
                    render: (a: VisitorFile['absences'][number]) => (
                      <DeleteAbsenceButton visitorId={id} absence={a} onDone={onSaved} />
                    ),
                  },
                ]
              : []),
          ]}
        />
      ) : (
        <p className="muted">{t('absences.none')}</p>
      )}
    </Section>
  );
}

function DeleteAbsenceButton({
  visitorId,
  absence,
  onDone,
}: {
  visitorId: string;
  absence: VisitorFile['absences'][number];
  onDone: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = t('absences.deleteNamed', {
    kind: enumLabel('absenceKind', absence.kind),
    from: formatDate(absence.startsOn),
    to: formatDate(absence.endsOn),
  });
  async function onClick() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.delete(`/api/visitors/${visitorId}/absences/${absence.id}`);
      onDone();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return (
    <>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <button type="button" className="button button-link" onClick={onClick} aria-label={label}>
        {t('absences.delete')}
      </button>
    </>
  );
}
