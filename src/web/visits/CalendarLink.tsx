/** The visitor's private calendar link: created (shown once), replaced, revoked. */
import { useState } from 'react';
import { api } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import type {
  CalendarLink as CalendarLinkState,
  CalendarLinkCreated,
} from '../../domain/visits/api.js';

export function CalendarLink() {
  const status = useLoad(
    (signal) => api.get<CalendarLinkState>('/api/me/calendar', { signal }),
    'calendar',
  );
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create() {
    setError(null);
    try {
      const answer = await api.post<CalendarLinkCreated>('/api/me/calendar', {});
      setUrl(answer.url);
      status.reload();
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function revoke() {
    setError(null);
    try {
      await api.delete('/api/me/calendar');
      setUrl(null);
      status.reload();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Section id="agenda" title={t('calendar.title')}>
      <p>{t('calendar.intro')}</p>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {url ? (
        <div className="field">
          <label htmlFor="lien-agenda">{t('calendar.link')}</label>
          <div className="hint" id="lien-agenda-aide">
            {t('calendar.linkHint')}
          </div>
          <input
            id="lien-agenda"
            readOnly
            value={url}
            aria-describedby="lien-agenda-aide"
            onFocus={(e) => e.currentTarget.select()}
          />
          <p>
            <a href={url.replace(/^https?:/, 'webcal:')}>{t('calendar.subscribe')}</a>
          </p>
        </div>
      ) : status.data?.active ? (
        <p>{t('calendar.active', { date: formatDate(status.data.createdAt) })}</p>
      ) : status.data ? (
        <p>{t('calendar.none')}</p>
      ) : null}
      <div className="button-row">
        <button type="button" className="button" onClick={() => void create()}>
          {status.data?.active || url ? t('calendar.replace') : t('calendar.create')}
        </button>
        {status.data?.active ? (
          <button type="button" className="button button-secondary" onClick={() => void revoke()}>
            {t('calendar.revoke')}
          </button>
        ) : null}
      </div>
    </Section>
  );
}
