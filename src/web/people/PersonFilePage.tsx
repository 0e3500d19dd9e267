/**
 * A person's file: identity, address, phones, contacts, status and its history, evaluations and
 * their decision, consents, the visitors assigned. Every action is shown only when permitted.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, asPage } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { enumLabel, t } from '../i18n/fr.js';
import { ageFrom, formatDate, todayIso } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import {
  Checkbox,
  ErrorSummary,
  RadioGroup,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { PersonVisits } from './PersonVisits.js';
import { ContactLogPanel } from '../contacts/ContactLogPanel.js';
import { MatchPanel } from '../matches/MatchPanel.js';
import { Table } from '../ui/Table.js';
import { localServiceName, useOrganisation } from '../settings/organisation.js';
import type {
  PairListItem as Pair,
  VisitorListItem as Visitor,
} from '../../domain/visitors/api.js';
import { pairName } from '../visitors/names.js';
import { StatusBadge, statusLabel, ToLocateBadge } from './StatusBadge.js';
import { Badge } from '../ui/Badge.js';
import { DecisionBadge, ReasonList, ScoreSummary } from './Decision.js';
import { reasonLabel } from './labels.js';
import type { Consent, ConsentWithdrawal, PersonFile } from '../../domain/people/api.js';
import { Phone, PhoneList } from '../ui/Phone.js';

export function personName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`;
}

function yesNo(value: boolean | null | undefined): string {
  return value === true ? t('common.yes') : value === false ? t('common.no') : t('common.unknown');
}

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

export function PersonFilePage() {
  const { id = '' } = useParams();
  const can = useCan();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const file = useLoad<PersonFile>(
    (signal) => api.get<PersonFile>(`/api/people/${id}`, { signal }),
    id,
  );
  const org = useOrganisation();

  if (file.loading && !file.data) {
    return (
      <Page title={t('person.loadingTitle')}>
        <Loading />
      </Page>
    );
  }
  if (!file.data) {
    return (
      <Page title={file.status === 404 ? t('person.notFoundTitle') : t('person.loadingTitle')}>
        <ErrorMessage>{file.error}</ErrorMessage>
        <p>
          <Link to="/personnes">{t('person.backToList')}</Link>
        </p>
      </Page>
    );
  }

  const { person, status, contacts, statusHistory, evaluations, consents, transitions } = file.data;
  const age = ageFrom(person.birthDate);
  const phones = person.phones ?? [];
  const actions: { to: string; label: string }[] = [];
  if (can('person.update'))
    actions.push({ to: `/personnes/${id}/modifier`, label: t('person.edit') });
  if (can('evaluation.create'))
    actions.push({ to: `/personnes/${id}/evaluation`, label: t('person.evaluate') });
  if (can('person.transition') && transitions.length)
    actions.push({ to: `/personnes/${id}/statut`, label: t('person.changeStatus') });
  if (can('matching.suggest') && status === 'waiting')
    actions.push({ to: `/personnes/${id}/binome`, label: t('suggest.action') });
  if (can('consent.create'))
    actions.push({ to: `/personnes/${id}/consentement`, label: t('person.addConsent') });
  if (can('person.merge'))
    actions.push({ to: `/personnes/${id}/fusion`, label: t('person.merge') });
  if (can('person.views'))
    actions.push({ to: `/personnes/${id}/consultations`, label: t('person.views') });
  const prefs = person.preferences ?? {};

  return (
    <Page
      title={personName(person)}
      lead={
        <p className="status-line">
          {t('person.statusNow')} <StatusBadge status={status} />
          {status === 'waiting' && person.waitingPrioritySince ? (
            <>
              {' '}
              <Badge tone="warning">{t('person.waitingPriority')}</Badge>{' '}
              <span className="muted small">
                {t('person.waitingPrioritySince', {
                  date: formatDate(person.waitingPrioritySince),
                })}
              </span>
            </>
          ) : null}
        </p>
      }
    >
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {actions.length || can('person.export') ? (
        <nav aria-label={t('person.actions')} className="action-bar">
          <ul>
            {actions.map((action) => (
              <li key={action.to}>
                <Link className="button button-secondary" to={action.to}>
                  {action.label}
                </Link>
              </li>
            ))}
            {can('person.export') ? (
              <li>
                <ExportMenu id={id} />
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}

      <div className="grid">
        <Section id="identite" title={t('person.identity')}>
          <dl className="facts">
            {person.formOfAddress ? (
              <Fact label={t('formOfAddress.label')}>
                {enumLabel('formOfAddress', person.formOfAddress)}
              </Fact>
            ) : null}
            <Fact label={t('person.lastName')}>{person.lastName}</Fact>
            {person.birthName !== undefined ? (
              <Fact label={t('person.birthName')}>{person.birthName}</Fact>
            ) : null}
            <Fact label={t('person.firstName')}>{person.firstName}</Fact>
            {person.birthDate !== undefined ? (
              <Fact label={t('person.birthDate')}>
                {person.birthDate
                  ? `${formatDate(person.birthDate)}${age !== null ? ` (${t('person.age', { age })})` : ''}`
                  : ''}
              </Fact>
            ) : null}
            {person.gender !== undefined ? (
              <Fact label={t('person.gender')}>
                {person.gender ? enumLabel('gender', String(person.gender)) : ''}
              </Fact>
            ) : null}
            {person.livesAlone !== undefined ? (
              <Fact label={t('person.livesAlone')}>{yesNo(person.livesAlone)}</Fact>
            ) : null}
            {person.apa !== undefined ? (
              <Fact label={t('person.apa')}>{yesNo(person.apa)}</Fact>
            ) : null}
            {person.gir !== undefined ? (
              <Fact label={t('person.gir')}>{person.gir ? String(person.gir) : ''}</Fact>
            ) : null}
            {person.teleAssistance !== undefined ? (
              <Fact label={t('person.teleAssistance')}>{yesNo(person.teleAssistance)}</Fact>
            ) : null}
            {person.localServiceId ? (
              <Fact label={t('person.localService')}>
                {localServiceName(org.data, person.localServiceId)}
              </Fact>
            ) : null}
            {person.referralSource !== undefined ? (
              <Fact label={t('person.referralSource')}>{person.referralSource}</Fact>
            ) : null}
          </dl>
        </Section>

        <Section id="adresse" title={t('person.address')}>
          <address className="address">
            {person.street ? <div>{person.street}</div> : null}
            {person.addressComplement ? <div>{person.addressComplement}</div> : null}
            <div>
              {[person.postalCode, person.communeName].filter(Boolean).join(' ') ||
                t('common.notGiven')}
            </div>
          </address>
          {person.locationStatus === 'to_locate' ? (
            <div className="to-locate">
              <ToLocateBadge />
              <p>
                {person.locationNote
                  ? t('person.toLocateReason', { reason: person.locationNote })
                  : t('person.toLocateNoReason')}
              </p>
            </div>
          ) : person.locationStatus === 'located' ? (
            <p className="muted">{t('person.located')}</p>
          ) : null}
        </Section>

        <Section id="telephones" title={t('person.phonesTitle')}>
          {phones.length ? (
            <PhoneList phones={phones} />
          ) : (
            <p className="muted">{t('person.noPhone')}</p>
          )}
          {person.email ? (
            <p>
              {t('person.email')} : <a href={`mailto:${person.email}`}>{person.email}</a>
            </p>
          ) : null}
        </Section>

        <Section id="contacts" title={t('person.contactsTitle')}>
          {contacts.length ? (
            <ul className="plain-list">
              {contacts.map((contact, index) => (
                <li key={contact.id ?? index}>
                  <strong>{contact.name}</strong> —{' '}
                  {enumLabel('relationship', String(contact.relationship))}
                  {contact.isEmergencyContact ? (
                    <span className="badge badge-warning">{t('person.emergencyContact')}</span>
                  ) : null}
                  {contact.phone ? (
                    <div>
                      <Phone number={contact.phone} />
                    </div>
                  ) : null}
                  {contact.email ? <div>{contact.email}</div> : null}
                  {contact.notes ? <div className="muted">{contact.notes}</div> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('person.noContact')}</p>
          )}
        </Section>
      </div>

      <AssignmentSection id={id} file={file.data} onChange={file.reload} />
      <PersonVisits personId={id} />
      <ContactLogPanel personId={id} carers={contacts} />
      <MatchPanel owner="person" id={id} />

      {statusHistory.length ? (
        <Section id="historique" title={t('person.historyTitle')}>
          <Table
            caption={t('person.historyTitle')}
            captionHidden
            rows={statusHistory}
            rowKey={(row) => String(row.id)}
            columns={[
              {
                key: 'date',
                header: t('person.historyDate'),
                render: (row) => formatDate(row.effectiveDate),
              },
              {
                key: 'status',
                header: t('person.historyStatus'),
                rowHeader: true,
                render: (row) => statusLabel(row.toStatus),
              },
              {
                key: 'reason',
                header: t('person.historyReason'),
                render: (row) =>
                  [
                    row.reason ? reasonLabel(row.toStatus, row.reason) : null,
                    row.comment,
                    row.until ? t('person.until', { date: formatDate(row.until) }) : null,
                  ]
                    .filter(Boolean)
                    .join(' — ') || '—',
              },
              {
                key: 'by',
                header: t('person.historyBy'),
                render: (row) => row.changedByName ?? '—',
              },
            ]}
          />
        </Section>
      ) : null}

      {can('evaluation.read') ? (
        <Section
          id="evaluations"
          title={t('person.evaluationsTitle')}
          actions={
            can('evaluation.create') ? (
              <Link
                to={`/personnes/${id}/evaluation`}
                className="button button-secondary button-small"
              >
                {t('person.evaluate')}
              </Link>
            ) : null
          }
        >
          {evaluations.length ? (
            <ol className="evaluations">
              {evaluations.map((evaluation) => (
                <li key={evaluation.id} className="evaluation">
                  <h3>
                    {t('person.evaluationOn', { date: formatDate(evaluation.evaluatedOn) })}{' '}
                    <DecisionBadge decision={evaluation.decision} />
                  </h3>
                  {evaluation.evaluatorName ? (
                    <p className="muted">
                      {t('person.evaluatedBy', { name: evaluation.evaluatorName })}
                    </p>
                  ) : null}
                  <ScoreSummary score={evaluation.score} />
                  <h4>{t('evaluation.reasonsTitle')}</h4>
                  <ReasonList reasons={evaluation.decisionReasons ?? []} />
                  {evaluation.notes ? <p className="notes">{evaluation.notes}</p> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{t('person.noEvaluation')}</p>
          )}
        </Section>
      ) : null}

      {can('consent.read') ? (
        <Section
          id="consentements"
          title={t('person.consentsTitle')}
          actions={
            can('consent.create') ? (
              <Link
                to={`/personnes/${id}/consentement`}
                className="button button-secondary button-small"
              >
                {t('person.addConsent')}
              </Link>
            ) : null
          }
        >
          {person.consentPendingReason ? (
            <p className="consent-pending-note">
              {t('consent.pending', {
                date: formatDate(person.consentPendingSince ?? null),
                reason: person.consentPendingReason,
              })}
            </p>
          ) : null}
          {consents.length ? (
            <ul className="plain-list consents">
              {consents.map((consent) => (
                <ConsentItem
                  key={consent.id}
                  personId={id}
                  consent={consent}
                  canWithdraw={can('consent.create')}
                  onChange={file.reload}
                />
              ))}
            </ul>
          ) : (
            <p className="muted">{t('person.noConsent')}</p>
          )}
        </Section>
      ) : null}

      <Section id="preferences" title={t('person.preferencesTitle')}>
        <dl className="facts">
          <Fact label={t('person.interests')}>{(person.interests ?? []).join(', ')}</Fact>
          <Fact label={t('person.languages')}>{(person.languages ?? []).join(', ')}</Fact>
          <Fact label={t('person.prefDays')}>
            {(prefs.days ?? []).map((d) => enumLabel('weekday', String(d))).join(', ')}
          </Fact>
          <Fact label={t('person.prefPeriods')}>
            {(prefs.periods ?? []).map((p) => enumLabel('period', String(p))).join(', ')}
          </Fact>
          {prefs.visitorGender ? (
            <Fact label={t('person.prefVisitorGender')}>
              {enumLabel('gender', String(prefs.visitorGender))}
            </Fact>
          ) : null}
          {prefs.notes ? <Fact label={t('person.prefNotes')}>{prefs.notes}</Fact> : null}
          <Fact label={t('person.practicalNotes')}>{person.practicalNotes ?? ''}</Fact>
        </dl>
      </Section>
      {can('person.erase') ? <ErasureSection personId={id} /> : null}
    </Page>
  );
}

/** The right of access: the person's data as a PDF to hand over, or as JSON (each download is audited). */
function ExportMenu({ id }: { id: string }) {
  return (
    <details className="export-menu">
      <summary className="button button-secondary">{t('person.export')}</summary>
      <ul>
        <li>
          <a href={`/api/people/${id}/export.pdf`} download>
            {t('person.exportPdf')}
          </a>
        </li>
        <li>
          <a href={`/api/people/${id}/export.json`} download>
            {t('person.exportJson')}
          </a>
        </li>
      </ul>
      <p className="muted">{t('person.exportHint')}</p>
    </details>
  );
}

function scopes(consent: Consent): string {
  const list = [
    consent.scopeVisits ? t('consent.scopeVisits') : null,
    consent.scopeDataSharing ? t('consent.scopeDataSharing') : null,
    consent.scopeHeatwaveRegister ? t('consent.scopeHeatwaveRegister') : null,
  ].filter(Boolean);
  return list.length ? list.join(', ') : t('consent.noScope');
}

function ConsentItem({
  personId,
  consent,
  canWithdraw,
  onChange,
}: {
  personId: string;
  consent: Consent;
  canWithdraw: boolean;
  onChange: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(todayIso());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [effects, setEffects] = useState<string[] | null>(null);
  const fieldName = `withdraw-${consent.id}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<ConsentWithdrawal>(
        `/api/people/${personId}/consents/${consent.id}/withdraw`,
        { withdrawnOn: date },
      );
      setEffects(answer.effects);
      onChange();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <li className={consent.withdrawnOn ? 'consent is-withdrawn' : 'consent'}>
      <p>
        <strong>{t('consent.givenOn', { date: formatDate(consent.givenOn) })}</strong>{' '}
        {consent.withdrawnOn ? (
          <span className="badge badge-neutral">
            {t('consent.withdrawnOn', { date: formatDate(consent.withdrawnOn) })}
          </span>
        ) : (
          <span className="badge badge-success">{t('consent.inForce')}</span>
        )}
      </p>
      <p>
        {enumLabel('consent.method', String(consent.method))} —{' '}
        {enumLabel('consent.givenBy', String(consent.givenBy))}
        {consent.givenByName ? ` (${consent.givenByName})` : ''}
      </p>
      <p>
        {t('consent.scopes')} : {scopes(consent)}
      </p>
      {consent.notes ? <p className="muted">{consent.notes}</p> : null}
      {effects ? (
        <SuccessMessage>
          <p>{t('consent.withdrawnEffects')}</p>
          <ul>
            {effects.map((effect) => (
              <li key={effect}>{effect}</li>
            ))}
          </ul>
        </SuccessMessage>
      ) : null}
      {canWithdraw && !consent.withdrawnOn ? (
        open ? (
          <form onSubmit={onSubmit} className="inline-form" noValidate>
            {error ? <ErrorMessage>{error}</ErrorMessage> : null}
            <TextField
              name={fieldName}
              type="date"
              label={t('consent.withdrawDate')}
              required
              value={date}
              onValue={setDate}
            />
            <div className="form-actions">
              <SubmitButton busy={busy}>{t('consent.withdrawConfirm')}</SubmitButton>
              <button type="button" className="button button-link" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setOpen(true)}
          >
            {t('consent.withdraw')}
          </button>
        )
      ) : null}
    </li>
  );
}

/** Who visits the person, and (for coordinators) the form to entrust them to a pair or a volunteer. */
function AssignmentSection({
  id,
  file,
  onChange,
}: {
  id: string;
  file: PersonFile;
  onChange: () => void;
}) {
  const can = useCan();
  const manage = can('assignment.manage');
  const [open, setOpen] = useState(false);
  const assignment = file.assignment;
  const visitors = assignment?.visitors ?? [];
  return (
    <Section id="visiteurs" title={t('person.visitorsTitle')}>
      {assignment ? (
        <>
          <p>
            {assignment.pairId ? t('person.assignedPair') : t('person.assignedVisitor')}{' '}
            {t('person.since', { date: formatDate(assignment.startedOn) })}
          </p>
          <ul className="plain-list">
            {visitors.map((visitor) => (
              <li key={visitor.id}>
                {can('visitor.read') && (can('visitor.list') || false) ? (
                  <Link
                    to={`/visiteurs/${visitor.id}`}
                  >{`${visitor.firstName} ${visitor.lastName}`}</Link>
                ) : (
                  `${visitor.firstName} ${visitor.lastName}`
                )}
                {visitor.phone ? (
                  <>
                    {' — '}
                    <Phone number={visitor.phone} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t('person.noVisitor')}</p>
      )}
      {manage ? (
        open ? (
          <AssignForm
            id={id}
            onDone={() => {
              setOpen(false);
              onChange();
            }}
            onCancel={() => setOpen(false)}
          />
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
            {assignment ? t('assign.change') : t('assign.open')}
          </button>
        )
      ) : null}
    </Section>
  );
}

function AssignForm({
  id,
  onDone,
  onCancel,
}: {
  id: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [kind, setKind] = useState<'pair' | 'visitor'>('pair');
  const [unitId, setUnitId] = useState('');
  const [startedOn, setStartedOn] = useState(todayIso());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = useLoad(async (signal) => {
    const [pairs, visitors] = await Promise.all([
      api
        .get('/api/pairs', { signal })
        .then((d) => asPage<Pair>(d).items)
        .catch(() => [] as Pair[]),
      api
        .get('/api/visitors?pageSize=200', { signal })
        .then((d) => asPage<Visitor>(d).items)
        .catch(() => [] as Visitor[]),
    ]);
    return {
      pairs: pairs.filter((p) => !p.dissolvedOn),
      visitors: visitors.filter((v) => !v.endedOn),
    };
  }, 'assign-options');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!unitId)
      found.unitId = kind === 'pair' ? t('assign.choosePair') : t('assign.chooseVisitor');
    if (!startedOn) found.startedOn = t('form.dateMissing');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post(
        `/api/people/${id}/assignment`,
        kind === 'pair' ? { pairId: unitId, startedOn } : { visitorId: unitId, startedOn },
      );
      onDone();
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError) {
        const fields: FieldErrors = error.fieldErrors();
        if (fields.pairId || fields.visitorId) fields.unitId = fields.pairId ?? fields.visitorId;
        setErrors(fields);
      }
      setMessage(errorText(error));
    }
  }

  const visitors = options.data?.visitors ?? [];
  const unitOptions =
    kind === 'pair'
      ? (options.data?.pairs ?? []).map((pair) => ({
          value: pair.id,
          label: pairName(pair),
        }))
      : visitors.map((visitor) => ({
          value: visitor.id,
          label: `${visitor.firstName} ${visitor.lastName} (${enumLabel('visitorKind', String(visitor.kind))})`,
        }));

  return (
    <form onSubmit={onSubmit} className="inline-form" noValidate>
      <h3>{t('assign.title')}</h3>
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{ unitId: t('assign.unit'), startedOn: t('assign.startedOn') }}
      />
      <RadioGroup
        name="assignKind"
        legend={t('assign.kind')}
        inline
        value={kind}
        onValue={(value) => {
          setKind(value as 'pair' | 'visitor');
          setUnitId('');
        }}
        options={[
          { value: 'pair', label: t('assign.kindPair') },
          { value: 'visitor', label: t('assign.kindVisitor') },
        ]}
      />
      {options.loading ? (
        <Loading />
      ) : (
        <SelectField
          name="unitId"
          label={kind === 'pair' ? t('assign.pair') : t('assign.visitor')}
          required
          value={unitId}
          onValue={setUnitId}
          emptyLabel={t('common.choose')}
          options={unitOptions}
          error={errors.unitId}
        />
      )}
      <TextField
        name="startedOn"
        type="date"
        label={t('assign.startedOn')}
        required
        value={startedOn}
        onValue={setStartedOn}
        error={errors.startedOn}
      />
      <div className="form-actions">
        <SubmitButton busy={busy}>{t('assign.submit')}</SubmitButton>
        <button type="button" className="button button-link" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * Erasure on request (administrators): the reason is required and the erasure confirmed, since
 * it cannot be undone. A legal hold refuses it with the server's French reason.
 */
function ErasureSection({ personId }: { personId: string }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!confirmed) {
      setError(t('erasure.confirmRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/people/${personId}/erase`, { reason });
      navigate('/personnes', { state: { notice: t('erasure.done') } });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Section id="effacement" title={t('erasure.title')}>
      <p className="muted">{t('erasure.explanation')}</p>
      {open ? (
        <form onSubmit={onSubmit} noValidate>
          {error ? <ErrorMessage>{error}</ErrorMessage> : null}
          <TextArea
            name="erasure-reason"
            label={t('erasure.reason')}
            hint={t('erasure.reasonHint')}
            required
            value={reason}
            onValue={setReason}
          />
          <Checkbox
            name="erasure-confirm"
            label={t('erasure.confirm')}
            checked={confirmed}
            onChecked={setConfirmed}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('erasure.submit')}</SubmitButton>
            <button type="button" className="button button-link" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('erasure.open')}
        </button>
      )}
    </Section>
  );
}
