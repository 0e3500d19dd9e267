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
import { api, setCsrfToken, setUnauthorizedHandler } from '../api/client.js';
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
      return apply(normalise(await api.get<SessionAnswer>('/api/auth/session')));
    } catch {
      return apply(EMPTY);
    }
  }, [apply]);

  useEffect(() => {
    void refresh();
    setUnauthorizedHandler(() => {
      setExpired(true);
      apply(EMPTY);
    });
    return () => setUnauthorizedHandler(null);
  }, [refresh, apply]);

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      loading: session === null,
      expired,
      refresh,
      signedIn(data: SignedSession) {
        setExpired(false);
        apply(normalise(data));
      },
      async logout() {
        try {
          await api.post('/api/auth/logout', {});
        } finally {
          setExpired(false);
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
