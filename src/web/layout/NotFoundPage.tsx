import { Link } from 'react-router-dom';
import { t } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';

export function NotFoundPage() {
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </Page>
  );
}
