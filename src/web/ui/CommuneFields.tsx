/**
 * Postal code and commune, with suggestions from GET /api/geo/communes as the user types: each
 * suggestion is a button that fills both fields; the number of suggestions is announced.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { t, tPlural } from '../i18n/fr.js';
import { TextField } from './form.js';
import type { Commune as GazetteerCommune } from '../../domain/geo/api.js';

type Commune = GazetteerCommune;

export function CommuneFields({
  prefix = '',
  postalCode,
  communeName,
  onChange,
  errors = {},
}: {
  /** Prefix of the field names ("" or "address."), for ids and error keys. */
  prefix?: string;
  postalCode: string;
  communeName: string;
  onChange: (value: { postalCode: string; communeName: string }) => void;
  errors?: Record<string, string | undefined>;
}) {
  const [suggestions, setSuggestions] = useState<Commune[]>([]);
  const [typed, setTyped] = useState<string | null>(null);

  useEffect(() => {
    if (!typed || typed.trim().length < 2) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .get<unknown>(`/api/geo/communes?q=${encodeURIComponent(typed.trim())}&limit=8`, {
          signal: controller.signal,
        })
        .then((data) => {
          const list = Array.isArray(data) ? data : ((data as { items?: unknown[] })?.items ?? []);
          setSuggestions((list as Commune[]).filter((c) => c && c.name));
        })
        .catch(() => setSuggestions([]));
    }, 250);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [typed]);

  const listId = `${prefix.replace(/\W/g, '-')}communes-proposees`;
  return (
    <div className="commune-fields">
      <div className="field-row">
        <TextField
          name={`${prefix}postalCode`}
          label={t('address.postalCode')}
          value={postalCode}
          inputMode="numeric"
          autoComplete="postal-code"
          maxLength={5}
          className="field-short"
          onValue={(value) => {
            onChange({ postalCode: value, communeName });
            if (/^\d{5}$/.test(value)) setTyped(value);
          }}
          error={errors[`${prefix}postalCode`]}
        />
        <TextField
          name={`${prefix}communeName`}
          label={t('address.commune')}
          hint={t('address.communeHint')}
          value={communeName}
          autoComplete="address-level2"
          onValue={(value) => {
            onChange({ postalCode, communeName: value });
            setTyped(value);
          }}
          error={errors[`${prefix}communeName`]}
        />
      </div>
      <p className="visually-hidden" role="status">
        {suggestions.length
          ? tPlural('address.suggestionCount', suggestions.length, { count: suggestions.length })
          : ''}
      </p>
      {suggestions.length ? (
        <ul className="suggestions" id={listId} aria-label={t('address.suggestions')}>
          {suggestions.map((commune) => (
            <li key={`${commune.postalCode}-${commune.name}`}>
              <button
                type="button"
                className="button button-link"
                onClick={() => {
                  onChange({ postalCode: commune.postalCode, communeName: commune.name });
                  setSuggestions([]);
                  setTyped(null);
                }}
              >
                {commune.postalCode} {commune.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
