/**
 * The « Voisin actif » section of a visitor's file: what they offer, how far they go, when they
 * are free (the visitor's weekly availability), how many helps a week, how they want to be told,
 * whether they can be asked today and why not; staff who may keep it edit it here.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { enumLabel, t } from '../i18n/fr.js';
import { Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { Checkbox, ErrorSummary, SubmitButton, TextArea, type FieldErrors } from '../ui/form.js';
import type { HelpKindItem, NeighbourView } from '../../domain/neighbours/api.js';
import { EMPTY_OFFER, OfferFields, offerBody, type OfferDraft } from './fields.js';

export function NeighbourPanel({ visitorId }: { visitorId: string }) {
  const can = useCan();
  const neighbour = useLoad<NeighbourView>(
    (signal) => api.get<NeighbourView>(`/api/visitors/${visitorId}/neighbour`, { signal }),
    visitorId,
  );
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (!can('neighbour.read')) return null;
  const data = neighbour.data;
  const profile = data?.profile ?? null;

  return (
    <Section
      id="voisin-actif"
      title={t('neighbours.panelTitle')}
      actions={
        can('neighbour.manage') && data && !editing ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setEditing(true)}
          >
            {profile ? t('neighbours.edit') : t('neighbours.makeNeighbour')}
          </button>
        ) : null
      }
    >
      {neighbour.loading && !data ? <Loading /> : null}
      {neighbour.error ? <ErrorMessage>{neighbour.error}</ErrorMessage> : null}
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {data && !editing ? (
        profile ? (
          <dl className="details">
            <dt>{t('neighbours.offers')}</dt>
            <dd>{profile.offers.map((o) => o.label).join(', ')}</dd>
            <dt>{t('neighbours.distance')}</dt>
            <dd>
              {t('neighbours.km', { count: profile.maxDistanceKm })}
              {data.home.communeName ? ` — ${data.home.communeName}` : ''}
              {data.home.located ? '' : ` (${t('neighbours.notLocated')})`}
            </dd>
            <dt>{t('neighbours.when')}</dt>
            <dd>
              {data.availability.length
                ? data.availability
                    .map(
                      (s) =>
                        `${enumLabel('weekday', String(s.weekday))} ${s.startTime}-${s.endTime}`,
                    )
                    .join(', ')
                : t('neighbours.noAvailability')}
            </dd>
            <dt>{t('neighbours.weeklyLimit')}</dt>
            <dd>{profile.weeklyLimit}</dd>
            <dt>{t('neighbours.notifyBy')}</dt>
            <dd>{enumLabel('notifyBy', profile.notifyBy)}</dd>
            <dt>{t('neighbours.alsoVisits')}</dt>
            <dd>{data.roles.includes('visits') ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('neighbours.validation')}</dt>
            <dd>
              {data.validation.validated
                ? t('neighbours.canHelp')
                : data.validation.reasons.join(' ; ')}
            </dd>
          </dl>
        ) : (
          <p className="empty">{t('neighbours.notANeighbour')}</p>
        )
      ) : null}
      {data && editing ? (
        <ProfileForm
          visitorId={visitorId}
          view={data}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setNotice(t('neighbours.saved'));
            neighbour.reload();
          }}
        />
      ) : null}
    </Section>
  );
}

function ProfileForm({
  visitorId,
  view,
  onCancel,
  onSaved,
}: {
  visitorId: string;
  view: NeighbourView;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const kinds = useLoad<{ items: HelpKindItem[] }>(
    (signal) => api.get('/api/help-kinds', { signal }),
    'help-kinds',
  );
  const profile = view.profile;
  const [offer, setOffer] = useState<OfferDraft>(
    profile
      ? {
          offers: profile.offers.map((o) => o.code),
          maxDistanceKm: String(profile.maxDistanceKm),
          weeklyLimit: String(profile.weeklyLimit),
          notifyBy: profile.notifyBy,
        }
      : EMPTY_OFFER,
  );
  const [notes, setNotes] = useState(profile?.notes ?? '');
  const [alsoVisits, setAlsoVisits] = useState(view.roles.includes('visits'));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      await api.put(`/api/visitors/${visitorId}/neighbour`, {
        ...offerBody(offer),
        notes: notes.trim() || null,
        alsoVisits,
      });
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  if (!kinds.data) return kinds.error ? <ErrorMessage>{kinds.error}</ErrorMessage> : <Loading />;
  // A deactivated kind the neighbour still offers stays visible so it can be unticked.
  const options = kinds.data.items.filter((k) => k.active || offer.offers.includes(k.code));
  return (
    <form onSubmit={onSubmit} noValidate className="form">
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{
          offers: t('neighbours.offers'),
          maxDistanceKm: t('neighbours.distance'),
          weeklyLimit: t('neighbours.weeklyLimit'),
          notifyBy: t('neighbours.notifyBy'),
          phone: t('apply.phone'),
          email: t('apply.email'),
        }}
      />
      <OfferFields
        prefix="nb-"
        draft={offer}
        onDraft={setOffer}
        errors={errors}
        helpKinds={options}
      />
      <Checkbox
        name="nb-alsoVisits"
        label={t('neighbours.alsoVisitsLabel')}
        checked={alsoVisits}
        onChecked={setAlsoVisits}
      />
      <TextArea
        name="nb-notes"
        label={t('neighbours.notes')}
        value={notes}
        onValue={setNotes}
        error={errors.notes}
        maxLength={1000}
      />
      <p className="hint">{t('neighbours.availabilityHint')}</p>
      <div className="form-actions">
        <SubmitButton busy={busy}>{t('neighbours.save')}</SubmitButton>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
