/**
 * Changing a person's status, from the transitions the server offers from the current one: each
 * with whether it can be made now (and why not), and the reason / end date / comment it needs.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { todayIso } from '../i18n/format.js';
import { Page } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, InfoMessage } from '../ui/Alert.js';
import {
  ErrorSummary,
  RadioGroup,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { personName } from './PersonFilePage.js';
import { StatusBadge, statusLabel } from './StatusBadge.js';
import { reasonLabel } from './labels.js';
import { END_REASONS, PAUSE_REASONS } from '../../domain/admission/values.js';
import type { PersonFile, Transition } from '../../domain/people/api.js';

function needsReason(transition: Transition | undefined): 'pause' | 'end' | null {
  if (!transition) return null;
  if (transition.requires) return transition.requires.reason;
  return transition.to === 'paused' ? 'pause' : transition.to === 'ended' ? 'end' : null;
}

export function StatusChangePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const file = useLoad<PersonFile>(
    (signal) => api.get<PersonFile>(`/api/people/${id}`, { signal }),
    id,
  );
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [comment, setComment] = useState('');
  const [consentPendingReason, setConsentPendingReason] = useState('');
  const [effectiveDate, setEffectiveDate] = useState(todayIso());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const person = file.data?.person;
  const title = person
    ? t('transition.titleFor', { name: personName(person) })
    : t('transition.title');
  if (file.loading && !file.data) {
    return (
      <Page title={title}>
        <Loading />
      </Page>
    );
  }
  if (!file.data || !person) {
    return (
      <Page title={title}>
        <ErrorMessage>{file.error}</ErrorMessage>
      </Page>
    );
  }
  const transitions = file.data.transitions ?? [];
  const chosen = transitions.find((transition) => transition.to === to);
  const reasonKind = needsReason(chosen);
  const untilAllowed = chosen ? (chosen.requires?.untilAllowed ?? chosen.to === 'paused') : false;
  const reasons = reasonKind === 'pause' ? PAUSE_REASONS : reasonKind === 'end' ? END_REASONS : [];
  // Into "waiting" only with the consent to visits, or the reason it is not collected yet.
  const consentMissing =
    chosen?.to === 'waiting' &&
    !person.consentPendingReason &&
    !(file.data.consents ?? []).some((c) => c.scopeVisits && !c.withdrawnOn);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!chosen) found.to = t('transition.chooseStatus');
    if (reasonKind && !reason)
      found.reason =
        reasonKind === 'pause'
          ? t('transition.pauseReasonMissing')
          : t('transition.endReasonMissing');
    if (reason === 'other' && !comment.trim()) found.comment = t('transition.commentRequired');
    if (!effectiveDate) found.effectiveDate = t('form.dateMissing');
    if (consentMissing && !consentPendingReason.trim())
      found.consentPendingReason = t('transition.consentPendingMissing');
    if (until && effectiveDate && until < effectiveDate)
      found.until = t('transition.untilBeforeStart');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length || !chosen) return;
    setBusy(true);
    try {
      await api.post(`/api/people/${id}/transitions`, {
        to: chosen.to,
        reason: reasonKind ? reason : null,
        until: untilAllowed && until ? until : null,
        comment: comment.trim() || null,
        effectiveDate,
        consentPendingReason: consentMissing ? consentPendingReason.trim() : null,
      });
      navigate(`/personnes/${id}`, {
        state: { notice: t('transition.done', { status: statusLabel(chosen.to) }) },
      });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    }
  }

  return (
    <Page
      title={title}
      lead={
        <p>
          {t('person.statusNow')} <StatusBadge status={file.data.status} />
        </p>
      }
    >
      <p>
        <Link to={`/personnes/${id}`}>
          {t('evaluation.backToFile', { name: personName(person) })}
        </Link>
      </p>
      {transitions.length === 0 ? <InfoMessage>{t('transition.none')}</InfoMessage> : null}
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{
          to: t('transition.newStatus'),
          reason: t('transition.reason'),
          until: t('transition.until'),
          comment: t('transition.comment'),
          effectiveDate: t('transition.effectiveDate'),
          consentPendingReason: t('transition.consentPendingReason'),
        }}
      />
      {transitions.length ? (
        <form onSubmit={onSubmit} noValidate className="form">
          <RadioGroup
            name="to"
            legend={t('transition.newStatus')}
            required
            value={to}
            onValue={(value) => {
              setTo(value);
              setReason('');
              setUntil('');
            }}
            error={errors.to}
            options={transitions.map((transition) => ({
              value: transition.to,
              label: transition.actionLabel,
              disabled: !transition.possible,
              hint: transition.possible
                ? t('transition.leadsTo', { status: statusLabel(transition.to) })
                : (transition.whyNot ?? t('transition.impossible')),
            }))}
          />
          {reasonKind ? (
            <SelectField
              name="reason"
              label={
                reasonKind === 'pause' ? t('transition.pauseReason') : t('transition.endReason')
              }
              required
              value={reason}
              onValue={setReason}
              emptyLabel={t('common.choose')}
              options={reasons.map((code) => ({
                value: code,
                label: reasonLabel(reasonKind === 'pause' ? 'paused' : 'ended', code),
              }))}
              error={errors.reason}
            />
          ) : null}
          {consentMissing ? (
            <div className="consent-pending">
              <InfoMessage>
                {t('transition.consentMissing')}{' '}
                <Link to={`/personnes/${id}/consentement`}>{t('transition.recordConsent')}</Link>
              </InfoMessage>
              <TextArea
                name="consentPendingReason"
                label={t('transition.consentPendingReason')}
                hint={t('transition.consentPendingHint')}
                required
                value={consentPendingReason}
                onValue={setConsentPendingReason}
                error={errors.consentPendingReason}
                maxLength={500}
              />
            </div>
          ) : null}
          <TextField
            name="effectiveDate"
            type="date"
            label={t('transition.effectiveDate')}
            required
            value={effectiveDate}
            onValue={setEffectiveDate}
            error={errors.effectiveDate}
          />
          {untilAllowed ? (
            <TextField
              name="until"
              type="date"
              label={t('transition.until')}
              hint={t('transition.untilHint')}
              value={until}
              onValue={setUntil}
              error={errors.until}
            />
          ) : null}
          <TextArea
            name="comment"
            label={t('transition.comment')}
            hint={reason === 'other' ? t('transition.commentRequired') : undefined}
            required={reason === 'other'}
            value={comment}
            onValue={setComment}
            error={errors.comment}
            maxLength={2000}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('transition.submit')}</SubmitButton>
            <Link to={`/personnes/${id}`}>{t('common.cancel')}</Link>
          </div>
        </form>
      ) : null}
    </Page>
  );
}
