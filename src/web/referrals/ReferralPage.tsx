/** One referral. The partner sees what they sent and its status; staff process it. */
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, asPage, query } from '../api/client.js';
import { isPartnerOnly, useCan, useUser } from '../auth/session.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import {
  TextField,
  ErrorSummary,
  RadioGroup,
  SubmitButton,
  TextArea,
  type FieldErrors,
} from '../ui/form.js';
import { ReferralStatus } from './ReferralTable.js';
import type { ReferralAnswer, ReferralProcessed } from '../../domain/referrals/api.js';
import {
  NEXT_STATUSES,
  type ReferralStatus as StatusValue,
} from '../../domain/referrals/statuses.js';
import { Phone } from '../ui/Phone.js';
import { bornOn } from '../i18n/agreement.js';

type Referral = ReferralAnswer['referral'];
/** The staff's view: the partner's view has no reason, urgency, consent nor file. */
type StaffReferral = Extract<Referral, { reason: string }>;

export function ReferralPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const user = useUser();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const item = useLoad<Referral>(
    async (signal) => (await api.get<ReferralAnswer>(`/api/referrals/${id}`, { signal })).referral,
    id,
  );
  const partnerView = isPartnerOnly(user.roles);

  if (item.loading && !item.data) {
    return (
      <Page title={t('referral.title')}>
        <Loading />
      </Page>
    );
  }
  if (!item.data) {
    return (
      <Page title={t('referral.title')}>
        <ErrorMessage>{item.error}</ErrorMessage>
      </Page>
    );
  }
  const r = item.data;
  const staff = 'reason' in r ? r : null;
  const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
  return (
    <Page
      title={name ? t('referral.titleFor', { name }) : t('referral.title')}
      lead={
        <p>
          {t('referral.statusNow')} <ReferralStatus status={r.status} />
        </p>
      }
    >
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      <p>
        <Link to="/signalements">
          {partnerView ? t('referral.backPartner') : t('referral.back')}
        </Link>
      </p>
      <Section id="signalement-detail" title={t('referral.detail')}>
        <dl className="facts">
          <div>
            <dt>{t('referrals.date')}</dt>
            <dd>{formatDateTime(r.createdAt)}</dd>
          </div>
          {staff?.partnerName ? (
            <div>
              <dt>{t('referrals.partner')}</dt>
              <dd>{staff.partnerName}</dd>
            </div>
          ) : null}
          {r.birthDate ? (
            <div>
              <dt>{t('person.birthDate')}</dt>
              <dd>{formatDate(r.birthDate)}</dd>
            </div>
          ) : null}
          {r.street || r.postalCode || r.communeName ? (
            <div>
              <dt>{t('person.address')}</dt>
              <dd>
                {[r.street, [r.postalCode, r.communeName].filter(Boolean).join(' ')]
                  .filter(Boolean)
                  .join(', ')}
              </dd>
            </div>
          ) : null}
          {r.phone ? (
            <div>
              <dt>{t('referralForm.phone')}</dt>
              <dd>
                <Phone number={r.phone} />
              </dd>
            </div>
          ) : null}
          {staff?.reason ? (
            <div>
              <dt>{t('referralForm.reason')}</dt>
              <dd className="pre">{staff.reason}</dd>
            </div>
          ) : null}
          {staff?.urgency ? (
            <div>
              <dt>{t('referrals.urgency')}</dt>
              <dd>{enumLabel('urgency', staff.urgency)}</dd>
            </div>
          ) : null}
          {staff?.contactConsent ? (
            <div>
              <dt>{t('referralForm.consent')}</dt>
              <dd>{enumLabel('contactConsent', staff.contactConsent)}</dd>
            </div>
          ) : null}
          {r.statusNote ? (
            <div>
              <dt>{partnerView ? t('referral.messageFromService') : t('referral.statusNote')}</dt>
              <dd>{r.statusNote}</dd>
            </div>
          ) : null}
        </dl>
        {staff?.personId && can('person.read') ? (
          <p>
            <Link to={`/personnes/${staff.personId}`}>{t('referral.openPerson')}</Link>
          </p>
        ) : null}
      </Section>
      {can('referral.process') && staff ? (
        <ProcessForm referral={staff} onDone={item.reload} />
      ) : null}
    </Page>
  );
}

interface Candidate {
  id: string;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  formOfAddress?: string | null;
  communeName: string | null;
}

function ProcessForm({ referral, onDone }: { referral: StaffReferral; onDone: () => void }) {
  const navigate = useNavigate();
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<'create' | 'link' | 'none'>('create');
  const [q, setQ] = useState(`${referral.lastName ?? ''}`);
  const [found, setFound] = useState<Candidate[] | null>(null);
  const [personId, setPersonId] = useState('');
  const [duplicates, setDuplicates] = useState<Candidate[] | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = NEXT_STATUSES[referral.status as StatusValue] ?? [];
  const accepting = status === 'accepted' && !referral.personId;

  async function search() {
    if (!q.trim()) return;
    try {
      const page = asPage<Candidate>(
        await api.get(`/api/people${query({ q: q.trim(), pageSize: 20 })}`),
      );
      setFound(page.items);
    } catch (error) {
      setMessage(errorText(error));
    }
  }

  async function send(extra: { confirmNotDuplicate?: boolean; linkTo?: string } = {}) {
    if (busy) return;
    const problems: FieldErrors = {};
    if (!status) problems.status = t('referral.chooseStatus');
    if (status === 'declined' && !note.trim()) problems.note = t('referral.noteRequired');
    if (accepting && file === 'link' && !personId && !extra.linkTo)
      problems.personId = t('referral.choosePerson');
    setErrors(problems);
    setMessage(null);
    if (Object.keys(problems).length) return;
    setBusy(true);
    const linkTo = extra.linkTo ?? (accepting && file === 'link' ? personId : null);
    try {
      const answer = await api.post<ReferralProcessed>(`/api/referrals/${referral.id}/process`, {
        status,
        note: note.trim() || null,
        createPerson: accepting && file === 'create' && !linkTo,
        personId: linkTo || null,
        confirmNotDuplicate: !!extra.confirmNotDuplicate,
      });
      setBusy(false);
      setDuplicates(null);
      if (accepting && answer?.personId && (file === 'create' || linkTo)) {
        navigate(`/personnes/${answer.personId}`, {
          state: { notice: linkTo ? t('referral.personLinked') : t('referral.personCreated') },
        });
        return;
      }
      setStatus('');
      setNote('');
      onDone();
    } catch (error) {
      setBusy(false);
      if (
        error instanceof ApiError &&
        error.code === 'possible_duplicate' &&
        Array.isArray(error.body.candidates)
      ) {
        setDuplicates(error.body.candidates as Candidate[]);
        return;
      }
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void send();
  }

  if (!options.length) return null;
  return (
    <Section id="traitement" title={t('referral.processTitle')}>
      {duplicates ? (
        <div className="alert alert-warning" role="alert" aria-labelledby="doublons-signalement">
          <h3 id="doublons-signalement">{t('duplicates.title')}</h3>
          <p>{t('referral.duplicatesIntro')}</p>
          <ul className="plain-list">
            {duplicates.map((c) => (
              <li key={c.id}>
                <Link
                  to={`/personnes/${c.id}`}
                >{`${c.lastName.toUpperCase()} ${c.firstName}`}</Link>
                {c.birthDate ? ` — ${bornOn(formatDate(c.birthDate), c.formOfAddress)}` : ''}
                {c.communeName ? ` — ${c.communeName}` : ''}{' '}
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => void send({ linkTo: c.id })}
                >
                  {/* The visible words first, then whose file (WCAG 2.5.3). */}
                  {t('referral.linkTo')}
                  <span className="visually-hidden">
                    {' '}
                    {t('referral.linkToWhose', { name: `${c.firstName} ${c.lastName}` })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void send({ confirmNotDuplicate: true })}
          >
            {t('duplicates.createAnyway')}
          </button>
        </div>
      ) : null}
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{
          status: t('referral.newStatus'),
          note: t('referral.statusNote'),
          personId: t('referral.existingFile'),
        }}
      />
      <form onSubmit={onSubmit} noValidate className="form">
        <RadioGroup
          name="status"
          legend={t('referral.newStatus')}
          required
          value={status}
          onValue={setStatus}
          options={options.map((s) => ({ value: s, label: enumLabel('referralStatus', s) }))}
          error={errors.status}
        />
        {accepting ? (
          <RadioGroup
            name="file"
            legend={t('referral.fileLegend')}
            value={file}
            onValue={(v) => setFile(v as 'create' | 'link' | 'none')}
            options={[
              {
                value: 'create',
                label: t('referral.createPerson'),
                hint: t('referral.createPersonHint'),
              },
              { value: 'link', label: t('referral.linkPerson') },
              { value: 'none', label: t('referral.noPerson') },
            ]}
          />
        ) : null}
        {accepting && file === 'link' ? (
          <div className="inline-form">
            <TextField
              name="personSearch"
              type="search"
              plain
              label={t('referral.searchPerson')}
              value={q}
              onValue={setQ}
              autoComplete="off"
            />
            <p>
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => void search()}
              >
                {t('people.searchSubmit')}
              </button>
            </p>
            <div role="status" className="result-count">
              {found ? t('merge.resultCount', { count: found.length }) : ''}
            </div>
            {found && found.length ? (
              <RadioGroup
                name="personId"
                legend={t('referral.existingFile')}
                value={personId}
                onValue={setPersonId}
                error={errors.personId}
                options={found.map((c) => ({
                  value: c.id,
                  label: `${c.lastName.toUpperCase()} ${c.firstName}`,
                  hint: [c.birthDate ? formatDate(c.birthDate) : null, c.communeName]
                    .filter(Boolean)
                    .join(' — '),
                }))}
              />
            ) : null}
          </div>
        ) : null}
        <TextArea
          name="note"
          label={t('referral.statusNote')}
          hint={t('referral.statusNoteHint')}
          required={status === 'declined'}
          value={note}
          onValue={setNote}
          error={errors.note}
          maxLength={1000}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('referral.processSubmit')}</SubmitButton>
        </div>
      </form>
    </Section>
  );
}
