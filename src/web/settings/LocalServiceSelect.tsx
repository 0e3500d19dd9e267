/** The choice of one of the organisation's local services; nothing when it has none. */
import { t } from '../i18n/fr.js';
import { SelectField } from '../ui/form.js';
import type { OrganisationData } from './organisation.js';

export function LocalServiceSelect({
  org,
  name,
  value,
  onValue,
  emptyLabel,
  hint,
  required,
}: {
  org: OrganisationData | null | undefined;
  name: string;
  value: string;
  onValue: (value: string) => void;
  /** The first option, with an empty value ("Toute l’organisation", "Aucun"…). */
  emptyLabel: string;
  hint?: string;
  /** A service must be chosen (the screen shows nothing without one). */
  required?: boolean;
}) {
  if (!org?.localServices.length) return null;
  return (
    <SelectField
      name={name}
      label={t('person.localService')}
      hint={hint}
      required={required}
      value={value}
      onValue={onValue}
      emptyLabel={emptyLabel}
      options={org.localServices.map((s) => ({ value: s.id, label: s.name }))}
    />
  );
}
