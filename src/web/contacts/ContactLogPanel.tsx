/**
 * The contact log on a person's or a visitor's file (issue 12, ADR 0027): the contacts noted,
 * newest first, with the call backs still to make; one-tap buttons for the frequent entries; a
 * full form for the others, with the CNIL reminder where the note is typed.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, query } from '../api/client.js';
import { useCan, useUser } from '../auth/session.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { formatLongDate, formatLongDateTime, todayIso } from '../i18n/format.js';
import { Section } from '../ui/Page.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { errorText, useLoad } from '../ui/data.js';
import {
  ErrorSummary,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import {
  CONTACT_CHANNELS,
  CONTACT_PRESETS,
  NOTE_MAX,
  OUTCOMES_BY_CHANNEL,
  presetEntry,
  type ContactChannel,
  type ContactPreset,
} from '../../domain/contacts/model.js';
import type { CallbackOwners, ContactEntry, ContactPage } from '../../domain/contacts/api.js';

interface Carer {
  id?: string | null;
  name: string;
}

type Props =
  | { personId: string; visitorId?: undefined; carers?: readonly Carer[] }
  | { visitorId: string; personId?: undefined; carers?: undefined };

const PAGE_SIZE = 10;

/** "2026-12-03T14:05" in the reader's time zone: what a datetime-local field holds. */
function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function ContactLogPanel(props: Props) {
  const can = useCan();
  const subject = props.personId ? { personId: props.personId } : { visitorId: props.visitorId! };
  const base = props.personId
    ? `/api/people/${props.personId}/contacts`
    : `/api/visitors/${props.visitorId}/contacts`;
  const [version, setVersion] = useState(0);
  const [older, setOlder] = useState<{ items: ContactEntry[]; cursor: string | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [formOpen, setFormOpen] = useState(false);
  const mayList = can('contact.list');
  const mayCreate = can('contact.create');
  const mayUpdate = can('contact.update');
  const url = `${base}${query({ pageSize: PAGE_SIZE })}`;
  const first = useLoad<ContactPage | null>(
    (signal) => (mayList ? api.get<ContactPage>(url, { signal }) : Promise.resolve(null)),
    `${url}#${version}`,
  );
  const owners = useLoad<CallbackOwners | null>(
    (signal) =>
      mayCreate
        ? api.get<CallbackOwners>('/api/contacts/callback-owners', { signal })
        : Promise.resolve(null),
    `owners#${mayCreate}`,
  );
  if (!mayList) return null;

  const reload = (message: string) => {
    setOlder(null);
    setNotice(message);
    setError(null);
    setVersion((v) => v + 1);
  };
  const items = [...(first.data?.items ?? []), ...(older?.items ?? [])];
  const cursor = older ? older.cursor : (first.data?.nextCursor ?? null);

  async function logPreset(preset: ContactPreset) {
    if (busy) return;
    setBusy(true);
    setNotice(null);
    setError(null);
    try {
      await api.post('/api/contacts', {
        ...subject,
        ...presetEntry(preset),
        occurredAt: new Date().toISOString(),
      });
      reload(t('contacts.presetSaved', { label: t(`contacts.preset.${preset}`) }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function loadOlder() {
    if (!cursor || busy) return;
    setBusy(true);
    try {
      const page = await api.get<ContactPage>(
        `${base}${query({ pageSize: PAGE_SIZE, after: cursor })}`,
      );
      setOlder({
        items: [...(older?.items ?? []), ...page.items],
        cursor: page.nextCursor ?? null,
      });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const total = first.data?.total ?? 0;
  return (
    <Section id="journal-contacts" title={t('contacts.title')}>
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {mayCreate ? (
        <div role="group" aria-labelledby="journal-contacts-rapide" className="contact-quick">
          <h3 id="journal-contacts-rapide" className="small">
            {t('contacts.quickTitle')}
          </h3>
          <div className="button-row">
            {CONTACT_PRESETS.map((preset) => (
              <button
                key={preset}
                type="button"
                className="button button-secondary"
                aria-disabled={busy || undefined}
                onClick={() => void logPreset(preset)}
              >
                {t(`contacts.preset.${preset}`)}
              </button>
            ))}
            {formOpen ? null : (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setFormOpen(true)}
              >
                {t('contacts.openForm')}
              </button>
            )}
          </div>
        </div>
      ) : null}
      {mayCreate && formOpen ? (
        <ContactForm
          subject={subject}
          carers={(props.carers ?? []).filter((c): c is Carer & { id: string } => !!c.id)}
          owners={owners.data?.items ?? []}
          onCancel={() => setFormOpen(false)}
          onSaved={() => {
            setFormOpen(false);
            reload(t('contacts.saved'));
          }}
        />
      ) : null}

      {first.error ? <ErrorMessage>{first.error}</ErrorMessage> : null}
      {first.data && items.length === 0 ? <p className="muted">{t('contacts.empty')}</p> : null}
      {items.length ? (
        <>
          <p className="muted small">{tPlural('contacts.count', total)}</p>
          <ol className="plain-list contact-log">
            {items.map((entry) => (
              <ContactItem
                key={entry.id}
                entry={entry}
                owners={owners.data?.items ?? []}
                mayUpdate={mayUpdate}
                onChanged={reload}
              />
            ))}
          </ol>
        </>
      ) : null}
      {cursor ? (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void loadOlder()}
          >
            {t('contacts.older')}
          </button>
        </div>
      ) : null}
    </Section>
  );
}

function ContactItem({
  entry,
  owners,
  mayUpdate,
  onChanged,
}: {
  entry: ContactEntry;
  owners: CallbackOwners['items'];
  mayUpdate: boolean;
  onChanged: (message: string) => void;
}) {
  const [moving, setMoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = entry.callbackOn !== null && entry.callbackDoneAt === null;

  async function markDone() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/contacts/${entry.id}/callback-done`, {});
      onChanged(t('contacts.callbackDoneSaved'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="contact-entry">
      <p className="contact-entry-head">
        <strong>{enumLabel('contactChannel', entry.channel)}</strong>
        {' — '}
        {enumLabel('contactOutcome', entry.outcome)}
        {entry.purpose ? ` — ${enumLabel('contactPurpose', entry.purpose)}` : null}
      </p>
      <p className="muted small">
        <time dateTime={entry.occurredAt}>{formatLongDateTime(entry.occurredAt)}</time>
        {entry.personContactName
          ? `, ${t('contacts.withCarer', { name: entry.personContactName })}`
          : null}
        {entry.createdByName ? `, ${t('contacts.by', { name: entry.createdByName })}` : null}
      </p>
      {entry.note ? <p className="pre">{entry.note}</p> : null}
      {entry.callbackOn ? (
        <p className={pending ? 'contact-callback' : 'muted small'}>
          {entry.callbackDoneAt
            ? t('contacts.callbackDoneOn', { date: formatLongDate(entry.callbackDoneAt) })
            : entry.callbackOwnerName
              ? t('contacts.callbackDueBy', {
                  date: formatLongDate(entry.callbackOn),
                  name: entry.callbackOwnerName,
                })
              : t('contacts.callbackDue', { date: formatLongDate(entry.callbackOn) })}
        </p>
      ) : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {pending && mayUpdate ? (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary button-small"
            aria-disabled={busy || undefined}
            onClick={() => void markDone()}
          >
            {t('contacts.callbackDone')}
          </button>
          {moving ? null : (
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => setMoving(true)}
            >
              {t('contacts.move')}
            </button>
          )}
        </div>
      ) : null}
      {pending && mayUpdate && moving ? (
        <MoveCallbackForm
          entry={entry}
          owners={owners}
          onCancel={() => setMoving(false)}
          onSaved={() => {
            setMoving(false);
            onChanged(t('contacts.moved'));
          }}
        />
      ) : null}
    </li>
  );
}

function MoveCallbackForm({
  entry,
  owners,
  onCancel,
  onSaved,
}: {
  entry: ContactEntry;
  owners: CallbackOwners['items'];
  onCancel: () => void;
  onSaved: () => void;
}) {
  const [callbackOn, setCallbackOn] = useState(entry.callbackOn ?? todayIso());
  const [ownerId, setOwnerId] = useState(entry.callbackOwnerId ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `rappel-${entry.id}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      await api.patch(`/api/contacts/${entry.id}/callback`, {
        callbackOn,
        ...(ownerId ? { callbackOwnerId: ownerId } : {}),
      });
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) setErrors(prefixed(err.fieldErrors(), prefix));
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="contact-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={t('contacts.moveTitle', { date: formatLongDate(entry.callbackOn) })}
    >
      <ErrorSummary errors={errors} message={message} />
      <TextField
        name={`${prefix}.callbackOn`}
        label={t('contacts.callbackOn')}
        type="date"
        required
        min={todayIso()}
        value={callbackOn}
        onValue={setCallbackOn}
        error={errors[`${prefix}.callbackOn`]}
      />
      {owners.length ? (
        <SelectField
          name={`${prefix}.callbackOwnerId`}
          label={t('contacts.callbackOwner')}
          value={ownerId}
          onValue={setOwnerId}
          options={owners.map((o) => ({ value: o.id, label: o.displayName }))}
          error={errors[`${prefix}.callbackOwnerId`]}
        />
      ) : null}
      <div className="button-row">
        <SubmitButton busy={busy}>{t('contacts.moveSave')}</SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The server names fields plainly ("callbackOn"); a form with prefixed names finds them. */
function prefixed(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([key, value]) => [`${prefix}.${key}`, value]),
  );
}

function ContactForm({
  subject,
  carers,
  owners,
  onCancel,
  onSaved,
}: {
  subject: { personId: string } | { visitorId: string };
  carers: readonly (Carer & { id: string })[];
  owners: CallbackOwners['items'];
  onCancel: () => void;
  onSaved: () => void;
}) {
  const me = useUser();
  const [channel, setChannel] = useState<ContactChannel>('call_out');
  const [outcome, setOutcome] = useState<string>(OUTCOMES_BY_CHANNEL.call_out[0]!);
  const [occurredAt, setOccurredAt] = useState(() => localDateTime(new Date()));
  const [carerId, setCarerId] = useState('');
  const [note, setNote] = useState('');
  const [callbackOn, setCallbackOn] = useState('');
  const [ownerId, setOwnerId] = useState(me.id);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function chooseChannel(value: string) {
    const next = value as ContactChannel;
    setChannel(next);
    // The usual outcome of the channel, unless the one chosen still fits.
    const fitting = OUTCOMES_BY_CHANNEL[next] ?? [];
    if (!fitting.includes(outcome as never)) setOutcome(fitting[0] ?? 'other');
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const when = occurredAt ? new Date(occurredAt) : null;
    if (!when || Number.isNaN(when.getTime())) {
      setErrors({ occurredAt: t('form.dateMissing') });
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      await api.post('/api/contacts', {
        ...subject,
        personContactId: carerId || null,
        channel,
        outcome,
        occurredAt: when.toISOString(),
        note: note.trim() || null,
        callbackOn: callbackOn || null,
        callbackOwnerId: callbackOn && ownerId ? ownerId : null,
      });
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const ownerOptions = owners.some((o) => o.id === me.id)
    ? owners
    : [{ id: me.id, displayName: me.displayName }, ...owners];

  return (
    <form
      className="contact-form"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="contact-form-titre"
    >
      <h3 id="contact-form-titre">{t('contacts.formTitle')}</h3>
      <ErrorSummary errors={errors} message={message} />
      <SelectField
        name="channel"
        label={t('contacts.channel')}
        required
        value={channel}
        onValue={chooseChannel}
        options={CONTACT_CHANNELS.map((c) => ({ value: c, label: enumLabel('contactChannel', c) }))}
        error={errors.channel}
      />
      <SelectField
        name="outcome"
        label={t('contacts.outcome')}
        required
        value={outcome}
        onValue={setOutcome}
        options={OUTCOMES_BY_CHANNEL[channel].map((o) => ({
          value: o,
          label: enumLabel('contactOutcome', o),
        }))}
        error={errors.outcome}
      />
      <TextField
        name="occurredAt"
        label={t('contacts.occurredAt')}
        hint={t('contacts.occurredAtHint')}
        type="datetime-local"
        required
        value={occurredAt}
        onValue={setOccurredAt}
        error={errors.occurredAt}
      />
      {'personId' in subject && carers.length ? (
        <SelectField
          name="personContactId"
          label={t('contacts.with')}
          value={carerId}
          onValue={setCarerId}
          emptyLabel={t('contacts.withPerson')}
          options={carers.map((c) => ({ value: c.id, label: c.name }))}
          error={errors.personContactId}
        />
      ) : null}
      <TextArea
        name="note"
        label={t('contacts.note')}
        hint={t('contacts.cnil')}
        maxLength={NOTE_MAX}
        value={note}
        onValue={setNote}
        error={errors.note}
      />
      <TextField
        name="callbackOn"
        label={t('contacts.callbackOn')}
        hint={t('contacts.callbackOnHint')}
        type="date"
        min={todayIso()}
        value={callbackOn}
        onValue={setCallbackOn}
        error={errors.callbackOn}
      />
      {callbackOn ? (
        <SelectField
          name="callbackOwnerId"
          label={t('contacts.callbackOwner')}
          value={ownerId}
          onValue={setOwnerId}
          options={ownerOptions.map((o) => ({ value: o.id, label: o.displayName }))}
          error={errors.callbackOwnerId}
        />
      ) : null}
      <div className="button-row">
        <SubmitButton busy={busy}>{t('contacts.save')}</SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
