/**
 * The signed-in user, their organisation and the actions the policy allows them. `permissions`
 * drives what the screens show: a link or a button whose action is not in it is not rendered (the
 * API checks again on every call).
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client.js';
import type { Action, Role } from '../../domain/permissions/policy.js';
import type { SessionAnswer, SignedSession } from '../../domain/auth/api.js';

export type { Action, Role };

export type SessionUser = SignedSession['user'];

/** The session as the screens hold it: signed in, or empty (no user, no permission, no map). */
export interface SessionData {
  user: SessionUser | null;
  organisation: SignedSession['organisation'];
  permissions: Action[];
  /** Map tiles; a null URL: maps without a background (offline machines). */
  map: SignedSession['map'];
  csrfToken: string | null;
  /**
   * The server could not be reached: this is the last session known on this phone, kept so that
   * a visitor without signal still has their day and their outbox. The server decides again as
   * soon as it answers (a 401 then signs out).
   */
  offline?: boolean;
}

interface SessionContextValue {
  /** null while the first answer is awaited. */
  session: SessionData | null;
  loading: boolean;
  /** Set when the session ended on its own (401): the login page says so. */
  expired: boolean;
  refresh(): Promise<SessionData>;
  /** After a successful login, with the login answer (same shape as GET /api/auth/session). */
  signedIn(data: SignedSession): void;
  logout(): Promise<void>;
}

const NO_MAP = { tileUrl: null, attribution: '' };
const EMPTY: SessionData = {
  user: null,
  organisation: null,
  permissions: [],
  map: NO_MAP,
  csrfToken: null,
};

function normalise(data: SessionAnswer): SessionData {
  return data.user === null ? EMPTY : data;
}

/** The last session the server confirmed, kept on the phone for when there is no network. */
const KNOWN_SESSION = 'convivialite.session';

function remember(data: SessionData) {
  try {
    if (data.user) window.localStorage.setItem(KNOWN_SESSION, JSON.stringify(data));
    else window.localStorage.removeItem(KNOWN_SESSION);
  } catch {
    // No storage (private browsing): the app works online only.
  }
}

function lastKnown(): SessionData | null {
  try {
    const raw = window.localStorage.getItem(KNOWN_SESSION);
    const data = raw ? (JSON.parse(raw) as SessionData) : null;
    return data?.user ? { ...data, offline: true } : null;
  } catch {
    return null;
  }
}

/** The server could not answer (no network, a proxy or server failure): not a sign-out. */
const unreachable = (error: unknown) =>
  error instanceof ApiError && (error.status === 0 || error.status >= 500);

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionData | null>(null);
  const [expired, setExpired] = useState(false);

  const apply = useCallback((data: SessionData) => {
    setCsrfToken(data.csrfToken);
    setSession(data);
    return data;
  }, []);

  const refresh = useCallback(async () => {
    try {
      const data = normalise(await api.get<SessionAnswer>('/api/auth/session'));
      remember(data);
      return apply(data);
    } catch (error) {
      // Without network the last known session stays; only the server's answer signs out.
      const known = unreachable(error) ? lastKnown() : null;
      if (!known) remember(EMPTY);
      return apply(known ?? EMPTY);
    }
  }, [apply]);

  useEffect(() => {
    void refresh();
    setUnauthorizedHandler(() => {
      setExpired(true);
      remember(EMPTY);
      apply(EMPTY);
    });
    // Back online: the server confirms the session (or ends it).
    const online = () => void refresh();
    window.addEventListener('online', online);
    return () => {
      setUnauthorizedHandler(null);
      window.removeEventListener('online', online);
    };
  }, [refresh, apply]);

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      loading: session === null,
      expired,
      refresh,
      signedIn(data: SignedSession) {
        setExpired(false);
        const session = normalise(data);
        remember(session);
        apply(session);
      },
      async logout() {
        try {
          await api.post('/api/auth/logout', {});
        } finally {
          setExpired(false);
          // A shared phone keeps nothing of the day once signed out (unsent reports stay, per account).
          if (session?.user) window.localStorage.removeItem(`convivialite.day.${session.user.id}`);
          remember(EMPTY);
          apply(EMPTY);
        }
      },
    }),
    [session, expired, refresh, apply],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user (screens behind `RequireAuth` only). */
export function useUser(): SessionUser {
  const { session } = useSession();
  if (!session?.user) throw new Error('useUser without a signed-in user');
  return session.user;
}

/** Where map tiles come from. */
export function useMapTiles(): SessionData['map'] {
  const { session } = useSession();
  return session?.map ?? NO_MAP;
}

/** `can(action)`: whether the policy lets the signed-in user do it. */
export function useCan(): (action: Action) => boolean {
  const { session } = useSession();
  const permissions = session?.permissions;
  return useCallback((action: Action) => !!permissions?.includes(action), [permissions]);
}

/** A user whose only role is visitor: sees "Mes personnes". */
export function isVisitorOnly(roles: readonly string[]): boolean {
  return roles.length > 0 && roles.every((role) => role === 'visitor');
}

/** A user whose only role is partner: sees their referrals' statuses only. */
export function isPartnerOnly(roles: readonly string[]): boolean {
  return roles.length > 0 && roles.every((role) => role === 'partner');
}
