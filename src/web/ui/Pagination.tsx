import { Link } from 'react-router-dom';
import { t } from '../i18n/fr.js';

/** Previous / next links and "page x of y"; nothing when everything fits on one page. */
export function Pagination({
  page,
  pageSize,
  total,
  hrefFor,
}: {
  page: number;
  pageSize: number;
  total: number;
  hrefFor: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <ul>
        <li>
          {page > 1 ? (
            <Link to={hrefFor(page - 1)} rel="prev">
              {t('pagination.previous')}
            </Link>
          ) : null}
        </li>
        <li aria-current="page">{t('pagination.position', { page, pages })}</li>
        <li>
          {page < pages ? (
            <Link to={hrefFor(page + 1)} rel="next">
              {t('pagination.next')}
            </Link>
          ) : null}
        </li>
      </ul>
    </nav>
  );
}
