/**
 * A professional's details, as staff enter them and as the professional corrects them by the
 * e-mailed link: trade, business, contact, address, communes served, opening hours. Field names
 * follow the API's (`communesServed.0.communeName`, `hours.1.end`) so its errors land on them.
 */
import { t } from '../i18n/fr.js';
import { CommuneFields } from '../ui/CommuneFields.js';
import { Checkbox, SelectField, TextField, type FieldErrors } from '../ui/form.js';
import { TRADES, WEEKDAY_LABELS } from '../../domain/professionals/values.js';

export interface DetailsDraft {
  trade: string;
  businessName: string;
  contactName: string;
  phone: string;
  email: string;
  website: string;
  street: string;
  postalCode: string;
  communeName: string;
  communesServed: { postalCode: string; communeName: string }[];
  hours: { weekday: string; start: string; end: string }[];
  worksPublicHolidays: boolean;
}

export const EMPTY_DETAILS: DetailsDraft = {
  trade: '',
  businessName: '',
  contactName: '',
  phone: '',
  email: '',
  website: '',
  street: '',
  postalCode: '',
  communeName: '',
  communesServed: [{ postalCode: '', communeName: '' }],
  hours: [],
  worksPublicHolidays: false,
};

/** The draft of a stored record (API answer). */
export function draftOf(details: {
  trade: string;
  businessName: string;
  contactName: string | null;
  phone: string;
  email: string | null;
  website: string | null;
  street: string | null;
  postalCode: string | null;
  communeName: string | null;
  communesServed: { postalCode: string; communeName: string }[];
  hours: { weekday: number; start: string; end: string }[];
  worksPublicHolidays: boolean;
}): DetailsDraft {
  return {
    trade: details.trade,
    businessName: details.businessName,
    contactName: details.contactName ?? '',
    phone: details.phone,
    email: details.email ?? '',
    website: details.website ?? '',
    street: details.street ?? '',
    postalCode: details.postalCode ?? '',
    communeName: details.communeName ?? '',
    communesServed: details.communesServed.map(({ postalCode, communeName }) => ({
      postalCode,
      communeName,
    })),
    hours: details.hours.map((slot) => ({ ...slot, weekday: String(slot.weekday) })),
    worksPublicHolidays: details.worksPublicHolidays,
  };
}

/** What the API receives. */
export function bodyOf(draft: DetailsDraft) {
  const orNull = (value: string) => (value.trim() ? value.trim() : null);
  return {
    trade: draft.trade,
    businessName: draft.businessName,
    contactName: orNull(draft.contactName),
    phone: draft.phone,
    email: orNull(draft.email),
    website: orNull(draft.website),
    street: orNull(draft.street),
    postalCode: orNull(draft.postalCode),
    communeName: orNull(draft.communeName),
    communesServed: draft.communesServed.filter((c) => c.postalCode.trim() || c.communeName.trim()),
    hours: draft.hours.map((slot) => ({
      weekday: Number(slot.weekday),
      start: slot.start,
      end: slot.end,
    })),
    worksPublicHolidays: draft.worksPublicHolidays,
  };
}

function CommunePair({
  prefix,
  value,
  onChange,
  errors,
  suggest,
}: {
  prefix: string;
  value: { postalCode: string; communeName: string };
  onChange: (value: { postalCode: string; communeName: string }) => void;
  errors: FieldErrors;
  suggest: boolean;
}) {
  if (suggest)
    return (
      <CommuneFields
        prefix={prefix}
        postalCode={value.postalCode}
        communeName={value.communeName}
        onChange={onChange}
        errors={errors}
      />
    );
  // The public page has no session: no autocompletion, the server checks the commune.
  return (
    <div className="field-row">
      <TextField
        name={`${prefix}postalCode`}
        label={t('address.postalCode')}
        value={value.postalCode}
        inputMode="numeric"
        maxLength={5}
        className="field-short"
        onValue={(postalCode) => onChange({ ...value, postalCode })}
        error={errors[`${prefix}postalCode`]}
      />
      <TextField
        name={`${prefix}communeName`}
        label={t('address.commune')}
        value={value.communeName}
        onValue={(communeName) => onChange({ ...value, communeName })}
        error={errors[`${prefix}communeName`]}
      />
    </div>
  );
}

export function DetailsFields({
  draft,
  onChange,
  errors,
  suggest = true,
}: {
  draft: DetailsDraft;
  onChange: (draft: DetailsDraft) => void;
  errors: FieldErrors;
  /** Commune suggestions (signed-in screens only). */
  suggest?: boolean;
}) {
  const set =
    <K extends keyof DetailsDraft>(key: K) =>
    (value: DetailsDraft[K]) =>
      onChange({ ...draft, [key]: value });
  const setServed = (index: number, value: { postalCode: string; communeName: string }) =>
    set('communesServed')(draft.communesServed.map((c, i) => (i === index ? value : c)));
  const setSlot = (index: number, key: 'weekday' | 'start' | 'end', value: string) =>
    set('hours')(draft.hours.map((s, i) => (i === index ? { ...s, [key]: value } : s)));
  return (
    <>
      <SelectField
        name="trade"
        label={t('pros.trade')}
        required
        value={draft.trade}
        onValue={set('trade')}
        emptyLabel={t('pros.chooseTrade')}
        options={Object.entries(TRADES).map(([value, label]) => ({ value, label }))}
        error={errors.trade}
      />
      <TextField
        name="businessName"
        label={t('pros.businessName')}
        required
        value={draft.businessName}
        onValue={set('businessName')}
        error={errors.businessName}
        autoComplete="organization"
      />
      <TextField
        name="contactName"
        label={t('pros.contactName')}
        value={draft.contactName}
        onValue={set('contactName')}
        error={errors.contactName}
      />
      <TextField
        name="phone"
        label={t('pros.phone')}
        hint={t('pros.phoneHint')}
        required
        type="tel"
        value={draft.phone}
        onValue={set('phone')}
        error={errors.phone}
        autoComplete="tel"
      />
      <TextField
        name="email"
        label={t('pros.email')}
        hint={t('pros.emailHint')}
        type="email"
        value={draft.email}
        onValue={set('email')}
        error={errors.email}
        autoComplete="email"
      />
      <TextField
        name="website"
        label={t('pros.website')}
        value={draft.website}
        onValue={set('website')}
        error={errors.website}
        autoComplete="url"
      />
      <fieldset className="fieldset">
        <legend>{t('pros.address')}</legend>
        <TextField
          name="street"
          label={t('pros.street')}
          value={draft.street}
          onValue={set('street')}
          error={errors.street}
          autoComplete="street-address"
        />
        <CommunePair
          prefix=""
          value={{ postalCode: draft.postalCode, communeName: draft.communeName }}
          onChange={(v) => onChange({ ...draft, ...v })}
          errors={errors}
          suggest={suggest}
        />
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('pros.communesServed')}</legend>
        {errors.communesServed ? <p className="field-error">{errors.communesServed}</p> : null}
        {draft.communesServed.map((commune, index) => (
          <div className="pro-repeat" key={index}>
            <CommunePair
              prefix={`communesServed.${index}.`}
              value={commune}
              onChange={(value) => setServed(index, value)}
              errors={errors}
              suggest={suggest}
            />
            {draft.communesServed.length > 1 ? (
              <button
                type="button"
                className="button button-link button-small"
                onClick={() =>
                  set('communesServed')(draft.communesServed.filter((_, i) => i !== index))
                }
              >
                {t('pros.removeCommune', { commune: commune.communeName || String(index + 1) })}
              </button>
            ) : null}
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() =>
            set('communesServed')([...draft.communesServed, { postalCode: '', communeName: '' }])
          }
        >
          {t('pros.addCommune')}
        </button>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('pros.hours')}</legend>
        <p className="hint">{t('pros.hoursHint')}</p>
        {draft.hours.map((slot, index) => (
          <div className="pro-repeat field-row" key={index}>
            <SelectField
              name={`hours.${index}.weekday`}
              label={t('pros.weekday')}
              plain
              value={slot.weekday}
              onValue={(v) => setSlot(index, 'weekday', v)}
              options={WEEKDAY_LABELS.map((label, value) => ({ value: String(value), label }))}
              error={errors[`hours.${index}.weekday`]}
            />
            <TextField
              name={`hours.${index}.start`}
              label={t('pros.start')}
              plain
              type="time"
              className="field-short"
              value={slot.start}
              onValue={(v) => setSlot(index, 'start', v)}
              error={errors[`hours.${index}.start`]}
            />
            <TextField
              name={`hours.${index}.end`}
              label={t('pros.end')}
              plain
              type="time"
              className="field-short"
              value={slot.end}
              onValue={(v) => setSlot(index, 'end', v)}
              error={errors[`hours.${index}.end`]}
            />
            <button
              type="button"
              className="button button-link button-small"
              onClick={() => set('hours')(draft.hours.filter((_, i) => i !== index))}
            >
              {t('pros.removeSlot', { day: WEEKDAY_LABELS[Number(slot.weekday)] ?? '' })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() =>
            set('hours')([...draft.hours, { weekday: '0', start: '08:00', end: '12:00' }])
          }
        >
          {t('pros.addSlot')}
        </button>
        <Checkbox
          name="worksPublicHolidays"
          label={t('pros.worksPublicHolidays')}
          checked={draft.worksPublicHolidays}
          onChecked={set('worksPublicHolidays')}
        />
      </fieldset>
    </>
  );
}
