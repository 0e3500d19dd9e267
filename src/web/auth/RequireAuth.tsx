/** Screens behind sign-in: send to the login page (and back afterwards) when there is no session;
 * a screen whose action the user may not perform shows a plain refusal instead of a broken page. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useCan, useSession, type Action } from './session.js';
import { Loading } from '../ui/Loading.js';
import { Page } from '../ui/Page.js';
import { t } from '../i18n/fr.js';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { session, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!session?.user) {
    const from = location.pathname + location.search;
    return (
      <Navigate
        to={`/connexion${from && from !== '/' ? `?retour=${encodeURIComponent(from)}` : ''}`}
        replace
      />
    );
  }
  return <>{children}</>;
}

/** Renders the screen only when one of the actions is allowed. */
export function RequirePermission({
  action,
  children,
}: {
  action: Action | Action[];
  children: ReactNode;
}) {
  const can = useCan();
  const actions = Array.isArray(action) ? action : [action];
  if (!actions.some((a) => can(a))) {
    return (
      <Page title={t('errors.forbiddenTitle')}>
        <p>{t('errors.forbiddenPage')}</p>
      </Page>
    );
  }
  return <>{children}</>;
}
