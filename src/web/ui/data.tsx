/** Loading data for a screen: the answer, the error to show, and a way to load again. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** The HTTP status of the failure (404 shows "introuvable"), 0 for a network error. */
  status: number | null;
  loading: boolean;
  reload(): void;
  setData(data: T): void;
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return t('errors.unexpected');
}

/** Runs `load` whenever `key` changes (the URL or filters), ignoring stale answers. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    loader
      .current(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setStatus(200);
        setLoading(false);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(errorText(err));
        setStatus(err instanceof ApiError ? err.status : null);
        setLoading(false);
      });
    return () => controller.abort();
  }, [key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, status, loading, reload, setData };
}
