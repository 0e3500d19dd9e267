/**
 * A professional's record (issue 13, ADR 0035): details, hours, communes served, when and by whom
 * they were last checked, what changed lately (including the professional's own corrections by
 * the e-mailed link); « Vérifié aujourd'hui » and the form to add or change one.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { auditActionLabel, t } from '../i18n/fr.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { Checkbox, ErrorSummary, SubmitButton, TextArea, type FieldErrors } from '../ui/form.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { Badge } from '../ui/Badge.js';
import { Phone } from '../ui/Phone.js';
import { hoursLines } from '../../domain/professionals/values.js';
import type { ProfessionalView } from '../../domain/professionals/api.js';
import {
  bodyOf,
  DetailsFields,
  draftOf,
  EMPTY_DETAILS,
  type DetailsDraft,
} from './DetailsFields.js';

export function ProfessionalPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const record = useLoad<ProfessionalView>(
    (signal) => api.get<ProfessionalView>(`/api/professionals/${id}`, { signal }),
    id,
  );
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const pro = record.data;

  if (!pro)
    return (
      <Page title={t('pros.recordTitle')}>
        {record.loading ? <Loading /> : null}
        {record.error ? (
          <ErrorMessage>{record.status === 404 ? t('pros.unknown') : record.error}</ErrorMessage>
        ) : null}
      </Page>
    );

  if (editing)
    return (
      <ProfessionalForm
        initial={pro}
        onSaved={(saved) => {
          record.setData(saved);
          setEditing(false);
          setNotice(t('pros.saved'));
        }}
        onCancel={() => setEditing(false)}
      />
    );

  async function markChecked() {
    setCheckError(null);
    try {
      record.setData(await api.post<ProfessionalView>(`/api/professionals/${id}/checked`));
      setNotice(t('pros.checkedToday'));
    } catch (error) {
      setCheckError(errorText(error));
    }
  }

  return (
    <Page
      title={pro.businessName}
      lead={
        <p className="pro-paid" role="note">
          <strong>{t('pros.paidLabel')}</strong> {t('pros.paidExplanation')}
        </p>
      }
      actions={
        <Link className="button button-secondary" to="/professionnels">
          {t('pros.backToList')}
        </Link>
      }
    >
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {checkError ? <ErrorMessage>{checkError}</ErrorMessage> : null}
      <Section
        id="pro-coordonnees"
        title={t('pros.details')}
        actions={
          can('professional.manage') ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setEditing(true)}
            >
              {t('pros.edit')}
            </button>
          ) : null
        }
      >
        <dl className="pro-details">
          <dt>{t('pros.trade')}</dt>
          <dd>
            <Badge tone="info">{pro.tradeLabel}</Badge>{' '}
            {!pro.active ? <Badge tone="warning">{t('pros.inactive')}</Badge> : null}
          </dd>
          {pro.contactName ? (
            <>
              <dt>{t('pros.contactName')}</dt>
              <dd>{pro.contactName}</dd>
            </>
          ) : null}
          <dt>{t('pros.phone')}</dt>
          <dd>
            <Phone number={pro.phone} />
          </dd>
          {pro.email ? (
            <>
              <dt>{t('pros.email')}</dt>
              <dd>
                <a href={`mailto:${pro.email}`}>{pro.email}</a>
              </dd>
            </>
          ) : null}
          {pro.website ? (
            <>
              <dt>{t('pros.website')}</dt>
              <dd>
                <a href={pro.website} rel="noopener noreferrer" target="_blank">
                  {pro.website}
                </a>
              </dd>
            </>
          ) : null}
          {pro.communeName ? (
            <>
              <dt>{t('pros.address')}</dt>
              <dd>
                {[pro.street, `${pro.postalCode} ${pro.communeName}`].filter(Boolean).join(', ')}
              </dd>
            </>
          ) : null}
          <dt>{t('pros.communesServed')}</dt>
          <dd>{pro.communesServed.map((c) => `${c.communeName} (${c.postalCode})`).join(', ')}</dd>
          <dt>{t('pros.hours')}</dt>
          <dd>
            {pro.hours.length ? (
              <ul className="plain-list">
                {hoursLines(pro.hours).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : (
              t('pros.noHours')
            )}
            <div>
              {pro.worksPublicHolidays ? t('pros.publicHolidays') : t('pros.noPublicHolidays')}
            </div>
          </dd>
          {pro.notes ? (
            <>
              <dt>{t('pros.notes')}</dt>
              <dd className="pre-line">{pro.notes}</dd>
            </>
          ) : null}
        </dl>
      </Section>
      <Section
        id="pro-verification"
        title={t('pros.checkTitle')}
        actions={
          can('professional.manage') ? (
            <button
              type="button"
              className="button button-primary"
              onClick={() => void markChecked()}
            >
              {t('pros.markChecked')}
            </button>
          ) : null
        }
      >
        <p>
          {pro.lastCheckedOn
            ? pro.checkedByProfessional
              ? t('pros.checkedByProfessional', { date: formatDate(pro.lastCheckedOn) })
              : t('pros.checkedBy', {
                  date: formatDate(pro.lastCheckedOn),
                  name: pro.checkedByName ?? '—',
                })
            : t('pros.neverChecked')}{' '}
          {pro.checkDue ? <Badge tone="warning">{t('pros.checkDue')}</Badge> : null}
        </p>
        {pro.lastCheckRequest ? (
          <p className="muted">
            {pro.lastCheckRequest.answeredAt
              ? t('pros.requestAnswered', {
                  sent: formatDate(pro.lastCheckRequest.sentAt),
                  answered: formatDate(pro.lastCheckRequest.answeredAt),
                  answer: t(
                    pro.lastCheckRequest.answer === 'corrected'
                      ? 'pros.answerCorrected'
                      : 'pros.answerConfirmed',
                  ),
                })
              : t('pros.requestPending', {
                  sent: formatDate(pro.lastCheckRequest.sentAt),
                  until: formatDate(pro.lastCheckRequest.expiresAt),
                })}
          </p>
        ) : null}
        <p className="muted small">{t('pros.campaignExplanation')}</p>
      </Section>
      <Section id="pro-historique" title={t('pros.history')}>
        {pro.history.length ? (
          <ul className="plain-list">
            {pro.history.map((entry, index) => (
              <li key={index}>
                {formatDateTime(entry.at)} — {auditActionLabel(entry.action)} —{' '}
                {entry.byProfessional ? t('pros.byProfessional') : (entry.byName ?? '—')}
                {entry.fields.length ? (
                  <div className="muted small">
                    {t('pros.changedFields', {
                      fields: entry.fields.map((f) => fieldLabel(f)).join(', '),
                    })}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('pros.noHistory')}</p>
        )}
      </Section>
    </Page>
  );
}

const FIELD_KEYS: Record<string, Parameters<typeof t>[0]> = {
  trade: 'pros.trade',
  businessName: 'pros.businessName',
  contactName: 'pros.contactName',
  phone: 'pros.phone',
  email: 'pros.email',
  website: 'pros.website',
  street: 'pros.street',
  postalCode: 'pros.postalCode',
  communeName: 'pros.commune',
  communesServed: 'pros.communesServed',
  hours: 'pros.hours',
  worksPublicHolidays: 'pros.worksPublicHolidays',
  notes: 'pros.notes',
  active: 'pros.active',
  lastCheckedOn: 'pros.lastCheckedOn',
};
const fieldLabel = (field: string) => (FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : null) ?? field;

/** « Ajouter un professionnel ». */
export function ProfessionalCreatePage() {
  const navigate = useNavigate();
  return (
    <ProfessionalForm
      initial={null}
      onSaved={(saved) => void navigate(`/professionnels/${saved.id}`)}
      onCancel={() => void navigate('/professionnels')}
    />
  );
}

function ProfessionalForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: ProfessionalView | null;
  onSaved: (saved: ProfessionalView) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<DetailsDraft>(initial ? draftOf(initial) : EMPTY_DETAILS);
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [active, setActive] = useState(initial?.active ?? true);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setMessage(null);
    const body = { ...bodyOf(draft), notes: notes.trim() || null, active };
    try {
      onSaved(
        initial
          ? await api.put<ProfessionalView>(`/api/professionals/${initial.id}`, body)
          : await api.post<ProfessionalView>('/api/professionals', body),
      );
    } catch (error) {
      setMessage(errorText(error));
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title={initial ? t('pros.editTitle', { name: initial.businessName }) : t('pros.addTitle')}
      narrow
    >
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="card">
        <ErrorSummary errors={errors} message={message} />
        <DetailsFields draft={draft} onChange={setDraft} errors={errors} />
        <TextArea
          name="notes"
          label={t('pros.notes')}
          hint={t('pros.notesHint')}
          value={notes}
          onValue={setNotes}
          error={errors.notes}
        />
        <Checkbox name="active" label={t('pros.active')} checked={active} onChecked={setActive} />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('pros.save')}</SubmitButton>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('pros.cancel')}
          </button>
        </div>
      </form>
    </Page>
  );
}
