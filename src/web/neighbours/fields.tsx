/**
 * The fields of a neighbour's offer, shared by the public sign-up page, the staff sign-up form and
 * the neighbour section of a visitor's file: what they offer, how far they go, how often, how they
 * want to be told, and (sign-ups) when they are free.
 */
import type { ReactNode } from 'react';
import { enumLabel, t } from '../i18n/fr.js';
import { Checkbox, RadioGroup, TextField, type FieldErrors } from '../ui/form.js';
import { DAY_PERIODS, NOTIFY_CHANNELS, type DayPeriod } from '../../domain/neighbours/model.js';

export interface OfferDraft {
  offers: string[];
  maxDistanceKm: string;
  weeklyLimit: string;
  notifyBy: string;
}

export const EMPTY_OFFER: OfferDraft = {
  offers: [],
  maxDistanceKm: '5',
  weeklyLimit: '2',
  notifyBy: '',
};

/** A whole number typed, or the text itself (the server then names the problem). */
const numberOrText = (value: string): number | string => {
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
};

export const offerBody = (draft: OfferDraft) => ({
  offers: draft.offers,
  maxDistanceKm: numberOrText(draft.maxDistanceKm),
  weeklyLimit: numberOrText(draft.weeklyLimit),
  notifyBy: draft.notifyBy || undefined,
});

/** Checkboxes in a fieldset; the first carries the field's id so an error link lands on it. */
function CheckboxGroup({
  name,
  legend,
  hint,
  error,
  options,
  values,
  onValues,
  inline,
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  options: { value: string; label: string }[];
  values: readonly string[];
  onValues: (values: string[]) => void;
  inline?: boolean;
}) {
  const toggle = (value: string, on: boolean) =>
    onValues(on ? [...values, value] : values.filter((v) => v !== value));
  return (
    <fieldset
      className={`checkboxes${inline ? ' checkboxes-inline' : ''}${error ? ' field-invalid' : ''}`}
    >
      <legend>{legend}</legend>
      {hint ? <div className="hint">{hint}</div> : null}
      {error ? <p className="field-error">{error}</p> : null}
      {options.map((option, index) => (
        <Checkbox
          key={option.value}
          name={index === 0 ? name : `${name}-${option.value}`}
          label={option.label}
          checked={values.includes(option.value)}
          onChecked={(on) => toggle(option.value, on)}
        />
      ))}
    </fieldset>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** When the neighbour is free: for each day, morning, afternoon, evening. */
export function PeriodsPicker({
  idPrefix,
  values,
  onValues,
  error,
}: {
  idPrefix: string;
  values: readonly string[];
  onValues: (values: string[]) => void;
  error?: string | undefined;
}) {
  return (
    <fieldset className={`neighbour-periods${error ? ' field-invalid' : ''}`}>
      <legend>{t('neighbours.when')}</legend>
      <div className="hint">{t('neighbours.whenHint')}</div>
      {error ? <p className="field-error">{error}</p> : null}
      {WEEKDAYS.map((weekday) => (
        <CheckboxGroup
          key={weekday}
          inline
          name={weekday === 1 ? `${idPrefix}periods` : `${idPrefix}periods-${weekday}`}
          legend={enumLabel('weekday', String(weekday))}
          options={DAY_PERIODS.map((period) => ({
            value: `${weekday}|${period}`,
            label: enumLabel('dayPeriod', period),
          }))}
          values={values.filter((v) => v.startsWith(`${weekday}|`))}
          onValues={(picked) =>
            onValues([...values.filter((v) => !v.startsWith(`${weekday}|`)), ...picked])
          }
        />
      ))}
    </fieldset>
  );
}

export const periodsBody = (values: readonly string[]) =>
  values.map((v) => {
    const [weekday, period] = v.split('|');
    return { weekday: Number(weekday), period: period as DayPeriod };
  });

/** Offers, distance, limit and channel. `prefix` keeps ids unique when two forms share a page. */
export function OfferFields({
  prefix = '',
  draft,
  onDraft,
  errors,
  helpKinds,
  plainWording,
}: {
  prefix?: string;
  draft: OfferDraft;
  onDraft: (draft: OfferDraft) => void;
  errors: FieldErrors;
  helpKinds: readonly { code: string; label: string }[];
  /** The public page speaks to the neighbour (« vous »); staff forms about them. */
  plainWording?: boolean;
}) {
  const set = (patch: Partial<OfferDraft>) => onDraft({ ...draft, ...patch });
  return (
    <>
      <CheckboxGroup
        name={`${prefix}offers`}
        legend={plainWording ? t('neighbours.offersYou') : t('neighbours.offers')}
        hint={t('neighbours.offersHint')}
        error={errors.offers}
        options={helpKinds.map((k) => ({ value: k.code, label: k.label }))}
        values={draft.offers}
        onValues={(offers) => set({ offers })}
      />
      <TextField
        name={`${prefix}maxDistanceKm`}
        label={plainWording ? t('neighbours.distanceYou') : t('neighbours.distance')}
        hint={t('neighbours.distanceHint')}
        required
        inputMode="numeric"
        value={draft.maxDistanceKm}
        onValue={(maxDistanceKm) => set({ maxDistanceKm })}
        error={errors.maxDistanceKm}
        maxLength={4}
      />
      <TextField
        name={`${prefix}weeklyLimit`}
        label={plainWording ? t('neighbours.weeklyLimitYou') : t('neighbours.weeklyLimit')}
        hint={t('neighbours.weeklyLimitHint')}
        required
        inputMode="numeric"
        value={draft.weeklyLimit}
        onValue={(weeklyLimit) => set({ weeklyLimit })}
        error={errors.weeklyLimit}
        maxLength={3}
      />
      <RadioGroup
        name={`${prefix}notifyBy`}
        legend={plainWording ? t('neighbours.notifyByYou') : t('neighbours.notifyBy')}
        required
        value={draft.notifyBy}
        onValue={(notifyBy) => set({ notifyBy })}
        error={errors.notifyBy}
        options={NOTIFY_CHANNELS.map((c) => ({ value: c, label: enumLabel('notifyBy', c) }))}
      />
    </>
  );
}
