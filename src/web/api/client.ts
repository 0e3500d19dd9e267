/**
 * The one way the web app talks to the API: same-origin cookies, the session's CSRF token on every
 * change, and errors turned into `ApiError`s whose French `message` can be shown as is.
 */
import { t } from '../i18n/fr.js';

export interface ApiIssue {
  path: string;
  /** The field as the form names it ("phones.0.number"), when the server says it. */
  field?: string;
  /** Its French label ("Téléphone 1"). */
  label?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field errors keyed by field path without the `body.` prefix ("lastName", "phones.0.number"). */
  fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const issue of this.issues) {
      const key = issue.field ?? issue.path.replace(/^(body|querystring|params)\.?/, '');
      if (key && !errors[key]) errors[key] = issue.message;
    }
    const field = this.body.field;
    if (typeof field === 'string' && !errors[field]) errors[field] = this.message;
    return errors;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the API answers 401 outside the sign-in routes: the session is gone. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  signal?: AbortSignal;
}

async function request<T>(
  method: Method,
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', t('errors.network'));
  }
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (response.ok) return json as T;

  const data = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const code = typeof data.error === 'string' ? data.error : 'http_' + response.status;
  const message =
    typeof data.message === 'string' && data.message
      ? data.message
      : response.status === 404
        ? t('errors.notFound')
        : response.status === 403
          ? t('errors.forbidden')
          : t('errors.unknown', { status: response.status });
  const issues = Array.isArray(data.issues)
    ? (data.issues as unknown[])
        .filter((i): i is ApiIssue => !!i && typeof i === 'object' && 'message' in i)
        .map((i) => ({
          path: String(i.path ?? ''),
          field: typeof i.field === 'string' ? i.field : undefined,
          label: typeof i.label === 'string' ? i.label : undefined,
          message: String(i.message),
        }))
    : [];
  if (response.status === 401 && !url.startsWith('/api/auth/')) onUnauthorized?.();
  throw new ApiError(response.status, code, message, issues, data);
}

export const api = {
  get: <T>(url: string, options?: RequestOptions) => request<T>('GET', url, undefined, options),
  post: <T>(url: string, body: unknown = {}, options?: RequestOptions) =>
    request<T>('POST', url, body, options),
  patch: <T>(url: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', url, body, options),
  put: <T>(url: string, body: unknown, options?: RequestOptions) =>
    request<T>('PUT', url, body, options),
  delete: <T>(url: string, options?: RequestOptions) =>
    request<T>('DELETE', url, undefined, options),
};

/** Builds a query string from the defined, non-empty values. */
export function query(
  params: Record<string, string | number | boolean | null | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Lists come as `{ items, total }` or as a bare array depending on the route: accept both. */
export interface Page<T> {
  items: T[];
  total: number;
  /** The list counted only up to `total` (the audit log): more rows match. */
  totalIsCapped?: boolean;
  page: number;
  pageSize: number;
}

export function asPage<T>(data: unknown, fallbackPageSize = 25): Page<T> {
  if (Array.isArray(data))
    return {
      items: data as T[],
      total: data.length,
      page: 1,
      pageSize: Math.max(data.length, fallbackPageSize),
    };
  const object = (data ?? {}) as Partial<Page<T>> & Record<string, unknown>;
  const items = Array.isArray(object.items) ? object.items : [];
  return {
    items,
    total: typeof object.total === 'number' ? object.total : items.length,
    totalIsCapped: object.totalIsCapped === true,
    page: typeof object.page === 'number' ? object.page : 1,
    pageSize: typeof object.pageSize === 'number' ? object.pageSize : fallbackPageSize,
  };
}
