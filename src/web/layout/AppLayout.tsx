/**
 * Every signed-in screen: skip link, header (organisation, user, sign-out), the menu by role (a
 * "Menu" button opens it on a phone), the main content and a short footer.
 */
import { Suspense, useEffect, useId, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { ScreenErrorBoundary } from './ScreenErrorBoundary.js';
import { useCan, useSession, useUser } from '../auth/session.js';
import { t } from '../i18n/fr.js';
import { visibleNavItems } from './navigation.js';
import { Loading } from '../ui/Loading.js';
import { roleNames } from '../i18n/agreement.js';

function SkipLink() {
  return (
    <a className="skip-link" href="#contenu">
      {t('layout.skipLink')}
    </a>
  );
}

export function AppLayout() {
  const user = useUser();
  const { session, logout } = useSession();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const menuId = useId();

  // A navigation closes the phone menu.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  const items = visibleNavItems(user, can);
  const roles = roleNames(user.roles, user.formOfAddress);

  async function onLogout() {
    if (leaving) return;
    setLeaving(true);
    try {
      await logout();
    } finally {
      navigate('/connexion', { replace: true });
    }
  }

  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <div className="brand">
            <NavLink to="/" className="brand-name">
              {t('app.name')}
            </NavLink>
            {session?.organisation ? (
              <span className="brand-org">{session.organisation.name}</span>
            ) : null}
          </div>
          <div className="header-user">
            <p className="user-line">
              <span className="visually-hidden">{t('layout.signedInAs')} </span>
              <span className="user-name">{user.displayName}</span>
              <span className="user-roles">{roles}</span>
            </p>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={onLogout}
            >
              {t('layout.logout')}
            </button>
          </div>
          <button
            type="button"
            className="menu-toggle button button-secondary"
            aria-expanded={menuOpen}
            aria-controls={menuId}
            onClick={() => setMenuOpen((open) => !open)}
          >
            {menuOpen ? t('layout.closeMenu') : t('layout.openMenu')}
          </button>
        </div>
        <nav
          aria-label={t('layout.mainNav')}
          className={`main-nav${menuOpen ? ' is-open' : ''}`}
          id={menuId}
        >
          <ul>
            {items.map((item) => (
              <li key={item.to + item.label}>
                <NavLink to={item.to} end={item.end}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="contenu" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <ScreenErrorBoundary>
            <Outlet />
          </ScreenErrorBoundary>
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('layout.footer')}</p>
      </footer>
    </>
  );
}

/** Sign-in and password pages: no menu, the same skip link and landmarks. */
export function PublicLayout() {
  return (
    <>
      <SkipLink />
      <header className="site-header">
        <div className="header-inner">
          <div className="brand">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-org">{t('app.tagline')}</span>
          </div>
        </div>
      </header>
      <main id="contenu" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('layout.footer')}</p>
      </footer>
    </>
  );
}
