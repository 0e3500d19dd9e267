/**
 * A screen: sets the document title, renders the one <h1>, and after a navigation moves the focus
 * to that heading so screen-reader and keyboard users start at the new content.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { t } from '../i18n/fr.js';

let firstScreen = true;

function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = t('app.documentTitle', { title });
  }, [title]);
}

export function Page({
  title,
  lead,
  actions,
  children,
  narrow,
}: {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  narrow?: boolean;
}) {
  usePageTitle(title);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // The first screen of a visit keeps the browser's own focus (the skip link comes first).
    if (firstScreen) {
      firstScreen = false;
      return;
    }
    heading.current?.focus({ preventScroll: false });
  }, []);
  return (
    <div className={narrow ? 'page page-narrow' : 'page'}>
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {lead ? <div className="lead">{lead}</div> : null}
      {children}
    </div>
  );
}

/** A titled part of a screen, with its <h2> labelling the region. */
export function Section({
  id,
  title,
  actions,
  children,
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={`${id}-titre`} id={id}>
      <div className="card-head">
        <h2 id={`${id}-titre`}>{title}</h2>
        {actions ? <div className="card-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
