/**
 * « À faire »: the home of a coordinator, an administrator, a planner or an operator (issue 12,
 * section 4). Each section says its counts (« 3 appels à rendre, dont 1 en retard »), shows its
 * most urgent lines, each a link to the place to act, and « voir tout » when there are more; the
 * sections with nothing are listed at the end with their empty state. One section whole, paged,
 * is its own page (/a-faire/:section).
 */
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { TodoSectionView, TodoView } from '../../domain/todo/api.js';
import { isTodoSection, sectionTitle } from '../../domain/todo/sections.js';
import { api, query } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { t } from '../i18n/fr.js';
import { ErrorMessage, InfoMessage } from '../ui/Alert.js';
import { Loading } from '../ui/Loading.js';
import { Page, Section } from '../ui/Page.js';
import { useLoad } from '../ui/data.js';
import { NotFoundPage } from '../layout/NotFoundPage.js';
import { TodoLineList } from './TodoLines.js';

/** Administrators and coordinators may look at the whole service's list. */
export function seesEveryone(roles: readonly string[]) {
  return roles.includes('admin') || roles.includes('coordinator');
}

/** « Ce qui me revient » / « Tout le service »: a link each, the current one marked. */
function ScopeSwitch({ all, hrefFor }: { all: boolean; hrefFor: (all: boolean) => string }) {
  return (
    <nav aria-label={t('todo.scopeLabel')} className="todo-scope">
      <ul>
        <li>
          <Link to={hrefFor(false)} aria-current={all ? undefined : 'page'}>
            {t('todo.scopeMine')}
          </Link>
        </li>
        <li>
          <Link to={hrefFor(true)} aria-current={all ? 'page' : undefined}>
            {t('todo.scopeAll')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}

function TodoSectionCard({ section }: { section: TodoSectionView }) {
  const more = section.total > section.lines.length;
  return (
    <Section
      id={`a-faire-${section.key}`}
      title={section.heading}
      actions={
        more ? (
          <Link to={section.seeAll} aria-label={t('todo.seeAllOf', { section: section.title })}>
            {t('todo.seeAll')}
          </Link>
        ) : undefined
      }
    >
      <TodoLineList lines={section.lines} />
    </Section>
  );
}

/** The sections of « À faire », for the home page. */
export function TodoSections() {
  const user = useUser();
  const [params] = useSearchParams();
  const all = seesEveryone(user.roles) && params.get('tous') === '1';
  const url = `/api/todo${query({ all: all ? 1 : undefined })}`;
  const todo = useLoad((signal) => api.get<TodoView>(url, { signal }), url);
  const data = todo.data;
  const busy = data?.sections.filter((s) => s.total > 0) ?? [];
  const idle = data?.sections.filter((s) => s.total === 0) ?? [];
  return (
    <>
      {seesEveryone(user.roles) ? (
        <ScopeSwitch all={all} hrefFor={(a) => (a ? '/?tous=1' : '/')} />
      ) : null}
      {todo.loading && !data ? <Loading /> : null}
      {todo.error ? <ErrorMessage>{todo.error}</ErrorMessage> : null}
      {data && !busy.length ? <InfoMessage>{t('todo.nothing')}</InfoMessage> : null}
      {busy.map((section) => (
        <TodoSectionCard key={section.key} section={section} />
      ))}
      {idle.length ? (
        <ul className="todo-idle" aria-label={t('todo.nothing')}>
          {idle.map((section) => (
            <li key={section.key}>{section.empty}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** One section whole (« voir tout »), page by page. */
export function TodoSectionPage() {
  const { section = '' } = useParams();
  const user = useUser();
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const all = seesEveryone(user.roles) && params.get('tous') === '1';
  const known = isTodoSection(section);
  const url = `/api/todo${query({ section, all: all ? 1 : undefined, page })}`;
  const todo = useLoad(
    (signal) => (known ? api.get<TodoView>(url, { signal }) : Promise.resolve(null)),
    url,
  );
  if (!known) return <NotFoundPage />;
  const found = todo.data?.sections[0];
  const hrefFor = (p: number, a = all) =>
    `/a-faire/${section}${query({ tous: a ? 1 : undefined, page: p > 1 ? p : undefined })}`;
  return (
    <Page
      title={sectionTitle(section)}
      lead={<p>{t('todo.sectionLead')}</p>}
      actions={<Link to="/">{t('todo.back')}</Link>}
    >
      {seesEveryone(user.roles) ? <ScopeSwitch all={all} hrefFor={(a) => hrefFor(1, a)} /> : null}
      {todo.loading && !todo.data ? <Loading /> : null}
      {todo.error ? <ErrorMessage>{todo.error}</ErrorMessage> : null}
      {found ? (
        <>
          <p role="status">{found.heading}</p>
          {found.lines.length ? <TodoLineList lines={found.lines} /> : null}
        </>
      ) : null}
      <div className="button-row">
        {page > 1 ? (
          <Link className="button button-secondary" to={hrefFor(page - 1)} rel="prev">
            {t('pagination.previous')}
          </Link>
        ) : null}
        {todo.data?.hasMore ? (
          <Link className="button button-secondary" to={hrefFor(page + 1)} rel="next">
            {t('pagination.next')}
          </Link>
        ) : null}
      </div>
    </Page>
  );
}
