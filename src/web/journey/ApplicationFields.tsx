/**
 * The fields of an application, shared by the public « Devenir bénévole » form and the staff's
 * form for someone who calls (the same questions, so both land in the same journey).
 */
import { enumLabel, t } from '../i18n/fr.js';
import { RadioGroup, TextArea, TextField, type FieldErrors } from '../ui/form.js';
import { MOBILITIES } from '../../domain/visitors/values.js';

export const EMPTY_APPLICATION = {
  lastName: '',
  firstName: '',
  email: '',
  phone: '',
  postalCode: '',
  communeName: '',
  mobility: '',
  wish: '',
  availability: '',
};
export type ApplicationDraft = typeof EMPTY_APPLICATION;

export const applicationLabels = () => ({
  lastName: t('apply.lastName'),
  firstName: t('apply.firstName'),
  email: t('apply.email'),
  phone: t('apply.phone'),
  postalCode: t('apply.postalCode'),
  communeName: t('apply.commune'),
  mobility: t('apply.mobility'),
  wish: t('apply.wish'),
  availability: t('apply.availability'),
});

/** The request body's shared part: trimmed, empty contact fields sent as null. */
export function applicationBody(draft: ApplicationDraft) {
  return {
    lastName: draft.lastName.trim(),
    firstName: draft.firstName.trim(),
    email: draft.email.trim() || null,
    phone: draft.phone.trim() || null,
    postalCode: draft.postalCode.trim(),
    communeName: draft.communeName.trim(),
    mobility: draft.mobility || undefined,
    wish: draft.wish.trim(),
    availability: draft.availability.trim(),
  };
}

export function ApplicationFields({
  draft,
  onChange,
  errors,
}: {
  draft: ApplicationDraft;
  onChange: (key: keyof ApplicationDraft, value: string) => void;
  errors: FieldErrors;
}) {
  const labels = applicationLabels();
  const set = (key: keyof ApplicationDraft) => (value: string) => onChange(key, value);
  return (
    <>
      <TextField
        name="lastName"
        label={labels.lastName}
        required
        autoComplete="family-name"
        value={draft.lastName}
        onValue={set('lastName')}
        error={errors.lastName}
        maxLength={100}
      />
      <TextField
        name="firstName"
        label={labels.firstName}
        required
        autoComplete="given-name"
        value={draft.firstName}
        onValue={set('firstName')}
        error={errors.firstName}
        maxLength={100}
      />
      <p className="hint">{t('apply.contactHint')}</p>
      <TextField
        name="email"
        type="email"
        label={labels.email}
        autoComplete="email"
        value={draft.email}
        onValue={set('email')}
        error={errors.email}
      />
      <TextField
        name="phone"
        type="tel"
        label={labels.phone}
        autoComplete="tel"
        value={draft.phone}
        onValue={set('phone')}
        error={errors.phone}
      />
      <TextField
        name="postalCode"
        label={labels.postalCode}
        required
        inputMode="numeric"
        autoComplete="postal-code"
        value={draft.postalCode}
        onValue={set('postalCode')}
        error={errors.postalCode}
        maxLength={5}
      />
      <TextField
        name="communeName"
        label={labels.communeName}
        required
        autoComplete="address-level2"
        value={draft.communeName}
        onValue={set('communeName')}
        error={errors.communeName}
        maxLength={100}
      />
      <RadioGroup
        name="mobility"
        legend={labels.mobility}
        required
        value={draft.mobility}
        onValue={set('mobility')}
        error={errors.mobility}
        options={MOBILITIES.map((m) => ({ value: m, label: enumLabel('mobility', m) }))}
      />
      <TextArea
        name="wish"
        label={labels.wish}
        hint={t('apply.wishHint')}
        required
        value={draft.wish}
        onValue={set('wish')}
        error={errors.wish}
        maxLength={1000}
      />
      <TextField
        name="availability"
        label={labels.availability}
        hint={t('apply.availabilityHint')}
        required
        value={draft.availability}
        onValue={set('availability')}
        error={errors.availability}
        maxLength={500}
      />
    </>
  );
}
