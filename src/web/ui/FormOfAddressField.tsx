/** "Civilité": Madame, Monsieur or not given (the texts then use neutral wording). */
import { t } from '../i18n/fr.js';
import { SelectField } from './form.js';

export function FormOfAddressField({
  name,
  value,
  onValue,
  error,
}: {
  name: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
}) {
  return (
    <SelectField
      name={name}
      label={t('formOfAddress.label')}
      hint={t('formOfAddress.hint')}
      value={value}
      onValue={onValue}
      error={error}
      emptyLabel={t('formOfAddress.none')}
      options={[
        { value: 'madame', label: t('formOfAddress.madame') },
        { value: 'monsieur', label: t('formOfAddress.monsieur') },
      ]}
    />
  );
}
