/** Days the service closes (besides public holidays, which the planner knows). */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { t } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { ErrorMessage, InfoMessage } from '../ui/Alert.js';
import { Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { SubmitButton, TextField } from '../ui/form.js';
import type { ClosureList } from '../../domain/planning/api.js';

export function ClosuresPanel({
  localServiceId,
  onChange,
}: {
  localServiceId: string;
  onChange: () => void;
}) {
  const can = useCan();
  const list = useLoad(
    (signal) => api.get<ClosureList>('/api/planning/closures', { signal }),
    'closures',
  );
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api.post('/api/planning/closures', { date, reason, localServiceId });
      setDate('');
      setReason('');
      list.reload();
      onChange();
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function remove(id: string) {
    setError(null);
    try {
      await api.delete(`/api/planning/closures/${id}`);
      list.reload();
      onChange();
    } catch (err) {
      setError(errorText(err));
    }
  }
  const mayManage = can('closure.manage');
  return (
    <Section id="fermetures" title={t('closures.title')}>
      <p>{t('closures.intro')}</p>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {list.data && list.data.items.length === 0 ? (
        <InfoMessage>{t('closures.none')}</InfoMessage>
      ) : null}
      <ul className="plain-list">
        {list.data?.items.map((c) => (
          <li key={c.id}>
            {t('closures.line', {
              date: formatDate(c.date),
              reason: c.reason,
              scope: c.localServiceName ?? t('closures.wholeOrganisation'),
            })}{' '}
            {mayManage ? (
              <button
                type="button"
                className="button-link"
                onClick={() => void remove(c.id)}
                aria-label={t('closures.removeNamed', { date: formatDate(c.date) })}
              >
                {t('closures.remove')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {mayManage ? (
        <form
          className="form inline-form"
          onSubmit={(e) => void add(e)}
          aria-label={t('closures.add')}
        >
          <TextField
            name="closure-date"
            label={t('closures.date')}
            type="date"
            required
            value={date}
            onValue={setDate}
          />
          <TextField
            name="closure-reason"
            label={t('closures.reason')}
            required
            value={reason}
            onValue={setReason}
            maxLength={200}
          />
          <SubmitButton>{t('closures.add')}</SubmitButton>
        </form>
      ) : null}
    </Section>
  );
}
