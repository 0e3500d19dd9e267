/** "Signaler une personne": a partner (or staff on the phone) refers someone who seems isolated. */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { enumLabel, t } from '../i18n/fr.js';
import { todayIso } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText } from '../ui/data.js';
import {
  ErrorSummary,
  RadioGroup,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { CommuneFields } from '../ui/CommuneFields.js';
import {
  CONTACT_CONSENTS,
  REFERRAL_URGENCIES as URGENCIES,
} from '../../domain/referrals/statuses.js';

const PARTNER_NAME_KEY = 'convivialite.partnerName';

/** The structure's name is typed once per browser: partners refer people again and again. */
function rememberedPartnerName(): string {
  try {
    return window.localStorage.getItem(PARTNER_NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

function rememberPartnerName(name: string): void {
  try {
    window.localStorage.setItem(PARTNER_NAME_KEY, name);
  } catch {
    // Private browsing: nothing to remember.
  }
}

export function ReferralFormPage() {
  const navigate = useNavigate();
  const [d, setD] = useState({
    partnerName: rememberedPartnerName(),
    lastName: '',
    firstName: '',
    birthDate: '',
    street: '',
    postalCode: '',
    communeName: '',
    phone: '',
    reason: '',
    urgency: 'normal',
    contactConsent: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof d, value: string) => setD((x) => ({ ...x, [key]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!d.partnerName.trim()) found.partnerName = t('referralForm.partnerNameMissing');
    if (!d.lastName.trim()) found.lastName = t('form.fieldMissing');
    if (!d.firstName.trim()) found.firstName = t('form.fieldMissing');
    if (!d.reason.trim()) found.reason = t('referralForm.reasonMissing');
    if (!d.contactConsent) found.contactConsent = t('referralForm.consentMissing');
    if (d.birthDate && d.birthDate > todayIso())
      found.birthDate = t('referralForm.birthDateFuture');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    const orNull = (v: string) => (v.trim() ? v.trim() : null);
    try {
      const answer = await api.post<{ id: string }>('/api/referrals', {
        partnerName: d.partnerName.trim(),
        lastName: d.lastName.trim(),
        firstName: d.firstName.trim(),
        birthDate: orNull(d.birthDate),
        street: orNull(d.street),
        postalCode: orNull(d.postalCode),
        communeName: orNull(d.communeName),
        phone: orNull(d.phone),
        reason: d.reason.trim(),
        urgency: d.urgency,
        contactConsent: d.contactConsent,
      });
      rememberPartnerName(d.partnerName.trim());
      navigate(answer?.id ? `/signalements/${answer.id}` : '/signalements', {
        state: { notice: t('referralForm.sent') },
      });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    }
  }

  const labels = {
    partnerName: t('referralForm.partnerName'),
    lastName: t('person.lastName'),
    firstName: t('person.firstName'),
    birthDate: t('person.birthDate'),
    phone: t('referralForm.phone'),
    reason: t('referralForm.reason'),
    contactConsent: t('referralForm.consent'),
    urgency: t('referrals.urgency'),
    postalCode: t('address.postalCode'),
    communeName: t('address.commune'),
  };

  return (
    <Page title={t('referralForm.title')} lead={<p>{t('referralForm.intro')}</p>}>
      <p>
        <Link to="/signalements">{t('common.back')}</Link>
      </p>
      <ErrorSummary errors={errors} message={message} labels={labels} />
      <form onSubmit={onSubmit} noValidate className="form">
        <Section id="signalement-partenaire" title={t('referralForm.whoTitle')}>
          <TextField
            name="partnerName"
            label={t('referralForm.partnerName')}
            hint={t('referralForm.partnerNameHint')}
            required
            value={d.partnerName}
            onValue={(v) => set('partnerName', v)}
            error={errors.partnerName}
            autoComplete="organization"
          />
        </Section>
        <Section id="signalement-personne" title={t('referralForm.personTitle')}>
          <div className="field-row">
            <TextField
              name="lastName"
              label={t('person.lastName')}
              required
              value={d.lastName}
              onValue={(v) => set('lastName', v)}
              error={errors.lastName}
              autoComplete="off"
            />
            <TextField
              name="firstName"
              label={t('person.firstName')}
              required
              value={d.firstName}
              onValue={(v) => set('firstName', v)}
              error={errors.firstName}
              autoComplete="off"
            />
          </div>
          <TextField
            name="birthDate"
            type="date"
            label={t('person.birthDate')}
            hint={t('referralForm.birthDateHint')}
            value={d.birthDate}
            onValue={(v) => set('birthDate', v)}
            error={errors.birthDate}
          />
          <TextField
            name="street"
            label={t('address.street')}
            value={d.street}
            onValue={(v) => set('street', v)}
            error={errors.street}
            autoComplete="off"
          />
          <CommuneFields
            postalCode={d.postalCode}
            communeName={d.communeName}
            onChange={(v) => setD((x) => ({ ...x, ...v }))}
            errors={errors}
          />
          <TextField
            name="phone"
            type="tel"
            label={t('referralForm.phone')}
            value={d.phone}
            onValue={(v) => set('phone', v)}
            error={errors.phone}
            autoComplete="off"
          />
        </Section>
        <Section id="signalement-motif" title={t('referralForm.whyTitle')}>
          <TextArea
            name="reason"
            label={t('referralForm.reason')}
            hint={t('referralForm.reasonHint')}
            required
            value={d.reason}
            onValue={(v) => set('reason', v)}
            error={errors.reason}
            maxLength={2000}
          />
          <RadioGroup
            name="urgency"
            legend={t('referrals.urgency')}
            required
            value={d.urgency}
            onValue={(v) => set('urgency', v)}
            options={URGENCIES.map((u) => ({
              value: u,
              label: enumLabel('urgency', u),
              hint: enumLabel('urgencyHint', u),
            }))}
            error={errors.urgency}
          />
          <RadioGroup
            name="contactConsent"
            legend={t('referralForm.consent')}
            required
            value={d.contactConsent}
            onValue={(v) => set('contactConsent', v)}
            options={CONTACT_CONSENTS.map((c) => ({
              value: c,
              label: enumLabel('contactConsent', c),
            }))}
            error={errors.contactConsent}
          />
        </Section>
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('referralForm.submit')}</SubmitButton>
          <Link to="/signalements">{t('common.cancel')}</Link>
        </div>
      </form>
    </Page>
  );
}
