/**
 * A screen that could not load (its code is loaded on demand, and the network is gone, or a new
 * version was deployed meanwhile) shows a plain message and a way to try again, never a blank
 * page. Reset at each navigation.
 */
import { Component, type ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { t } from '../i18n/fr.js';

class Boundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="page page-narrow">
        <div className="alert alert-error" role="alert">
          <p>{t('app.offlinePage')}</p>
          <p>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              {t('app.reload')}
            </button>
          </p>
        </div>
      </div>
    );
  }
}

export function ScreenErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <Boundary key={pathname}>{children}</Boundary>;
}
