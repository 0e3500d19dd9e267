/**
 * The fields every neighbour-help request has, shared by the operator's incoming-call screen and
 * the public page: the kind of help, a short description (with the CNIL reminder), where, when
 * (one-off or every week), urgency, and the person's agreement to be put in touch.
 */
import { enumLabel, t } from '../i18n/fr.js';
import {
  Checkbox,
  RadioGroup,
  SelectField,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { KINDS_WITH_DESTINATION } from '../../domain/help-requests/kinds.js';
import type { KindOption } from './kinds.js';
import { DESCRIPTION_MAX, URGENCIES } from '../../domain/help-requests/model.js';

export interface RequestDraft {
  helpKind: string;
  description: string;
  place: string;
  street: string;
  postalCode: string;
  communeName: string;
  destination: string;
  urgency: string;
  recurrence: string;
  startsOn: string;
  endsOn: string;
  startTime: string;
  endTime: string;
  consentToContact: boolean;
}

export const EMPTY_REQUEST: RequestDraft = {
  helpKind: '',
  description: '',
  place: 'home',
  street: '',
  postalCode: '',
  communeName: '',
  destination: '',
  urgency: 'normal',
  recurrence: 'once',
  startsOn: '',
  endsOn: '',
  startTime: '',
  endTime: '',
  consentToContact: false,
};

/** The body the API expects from a draft (empty texts sent as null). */
export function requestBody(draft: RequestDraft) {
  const text = (value: string) => value.trim() || null;
  return {
    helpKind: draft.helpKind || undefined,
    description: text(draft.description),
    place: draft.place,
    street: draft.place === 'other' ? text(draft.street) : null,
    postalCode: text(draft.postalCode),
    communeName: text(draft.communeName),
    destination: text(draft.destination),
    urgency: draft.urgency,
    recurrence: draft.recurrence,
    startsOn: draft.startsOn || undefined,
    endsOn: draft.recurrence === 'weekly' ? draft.endsOn || null : null,
    startTime: draft.startTime || undefined,
    endTime: draft.endTime || undefined,
    consentToContact: draft.consentToContact,
  };
}

export const requestLabels = () => ({
  helpKind: t('help.kind'),
  description: t('help.description'),
  place: t('help.place'),
  street: t('help.street'),
  postalCode: t('help.postalCode'),
  communeName: t('help.commune'),
  destination: t('help.destination'),
  urgency: t('help.urgency'),
  recurrence: t('help.recurrence'),
  startsOn: t('help.startsOn'),
  endsOn: t('help.endsOn'),
  startTime: t('help.startTime'),
  endTime: t('help.endTime'),
  consentToContact: t('help.consent'),
});

export function RequestFields({
  draft,
  onChange,
  errors,
  kinds,
  publicPage,
  homeHasAddress,
}: {
  draft: RequestDraft;
  /** The organisation's active kinds of help, in its order. */
  kinds: readonly KindOption[];
  onChange: (draft: RequestDraft) => void;
  errors: FieldErrors;
  /** The public page speaks to the senior or their carer; the staff screen about the person. */
  publicPage?: boolean;
  /** Staff: the person's file holds the home address. */
  homeHasAddress?: boolean;
}) {
  const labels = requestLabels();
  const set =
    <K extends keyof RequestDraft>(key: K) =>
    (value: RequestDraft[K]) =>
      onChange({ ...draft, [key]: value });
  const needsAddress = draft.place === 'other' || (publicPage && !homeHasAddress);
  return (
    <>
      <SelectField
        name="helpKind"
        label={labels.helpKind}
        required
        value={draft.helpKind}
        onValue={set('helpKind')}
        error={errors.helpKind}
        emptyLabel={t('common.choose')}
        options={kinds.map((k) => ({ value: k.code, label: k.label }))}
      />
      <TextArea
        name="description"
        label={labels.description}
        hint={t('help.descriptionHint')}
        value={draft.description}
        onValue={set('description')}
        error={errors.description}
        maxLength={DESCRIPTION_MAX}
      />
      <RadioGroup
        name="place"
        legend={labels.place}
        required
        inline
        value={draft.place}
        onValue={set('place')}
        error={errors.place}
        options={[
          { value: 'home', label: publicPage ? t('help.placeHomePublic') : t('help.placeHome') },
          { value: 'other', label: t('help.placeOther') },
        ]}
      />
      {needsAddress ? (
        <>
          <TextField
            name="street"
            label={labels.street}
            autoComplete="street-address"
            value={draft.street}
            onValue={set('street')}
            error={errors.street}
            maxLength={200}
          />
          <TextField
            name="postalCode"
            label={labels.postalCode}
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
        </>
      ) : null}
      {KINDS_WITH_DESTINATION.includes(draft.helpKind) ? (
        <TextField
          name="destination"
          label={labels.destination}
          hint={t('help.destinationHint')}
          required
          value={draft.destination}
          onValue={set('destination')}
          error={errors.destination}
          maxLength={300}
        />
      ) : null}
      <RadioGroup
        name="recurrence"
        legend={labels.recurrence}
        required
        inline
        value={draft.recurrence}
        onValue={set('recurrence')}
        error={errors.recurrence}
        options={[
          { value: 'once', label: t('help.once') },
          { value: 'weekly', label: t('help.weekly') },
        ]}
      />
      <TextField
        name="startsOn"
        type="date"
        label={draft.recurrence === 'weekly' ? t('help.firstDate') : labels.startsOn}
        hint={draft.recurrence === 'weekly' ? t('help.firstDateHint') : undefined}
        required
        value={draft.startsOn}
        onValue={set('startsOn')}
        error={errors.startsOn}
      />
      {draft.recurrence === 'weekly' ? (
        <TextField
          name="endsOn"
          type="date"
          label={labels.endsOn}
          hint={t('help.endsOnHint')}
          value={draft.endsOn}
          onValue={set('endsOn')}
          error={errors.endsOn}
        />
      ) : null}
      <div className="help-times">
        <TextField
          name="startTime"
          type="time"
          label={labels.startTime}
          required
          value={draft.startTime}
          onValue={set('startTime')}
          error={errors.startTime}
        />
        <TextField
          name="endTime"
          type="time"
          label={labels.endTime}
          required
          value={draft.endTime}
          onValue={set('endTime')}
          error={errors.endTime}
        />
      </div>
      <RadioGroup
        name="urgency"
        legend={labels.urgency}
        required
        inline
        value={draft.urgency}
        onValue={set('urgency')}
        error={errors.urgency}
        options={URGENCIES.map((u) => ({ value: u, label: enumLabel('helpUrgency', u) }))}
      />
      <Checkbox
        name="consentToContact"
        label={publicPage ? t('help.consentPublic') : labels.consentToContact}
        hint={t('help.consentHint')}
        checked={draft.consentToContact}
        onChecked={set('consentToContact')}
        error={errors.consentToContact}
      />
    </>
  );
}
