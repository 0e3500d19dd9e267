/** The audit trail (admin): who did or saw what, when; filters and pages. */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, asPage, query, type Page as ApiPage } from '../api/client.js';
import { auditActionLabel, enumLabel, messages, t, tPlural } from '../i18n/fr.js';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.js';
import { Page } from '../ui/Page.js';
import { SelectField, TextField } from '../ui/form.js';
import { useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Table } from '../ui/Table.js';
import { Pagination } from '../ui/Pagination.js';
import { Badge } from '../ui/Badge.js';
import type { AuditEntry as Entry } from '../../domain/audit/api.js';
import { ExportLinks } from '../ui/ExportLinks.js';

type AuditEntry = Entry;

const PAGE_SIZE = 50;
const ENTITY_TYPES = [
  'person',
  'evaluation',
  'consent',
  'person_contact',
  'visitor',
  'visitor_availability',
  'visitor_absence',
  'pair',
  'assignment',
  'visit',
  'visit_report',
  'alert',
  'referral',
  'plan_run',
  'service_closure',
  'user',
  'organisation',
  'local_service',
  'territory',
  'import',
] as const;

/** Every action of the journal, by its French label (the codes are for programs). */
const AUDIT_ACTIONS = Object.keys(messages)
  .filter((key) => key.startsWith('auditAction.'))
  .map((key) => {
    const code = key.slice('auditAction.'.length);
    return { value: code, label: auditActionLabel(code) };
  })
  .sort((a, b) => a.label.localeCompare(b.label, 'fr'));

function DiffView({ diff }: { diff: unknown }) {
  if (!diff || typeof diff !== 'object') return null;
  const entries = Object.entries(diff);
  if (!entries.length) return null;
  const show = (value: unknown) =>
    value === null || value === undefined
      ? t('audit.noValue')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
          ? formatDate(value)
          : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)
            ? formatDateTime(value)
            : String(value);
  return (
    <details className="diff">
      <summary>{tPlural('audit.changes', entries.length, { count: entries.length })}</summary>
      <ul>
        {entries.map(([field, change]) => (
          <li key={field}>
            <code>{field}</code> :{' '}
            {Array.isArray(change) && change.length === 2
              ? t('audit.fromTo', { from: show(change[0]), to: show(change[1]) })
              : show(change)}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** An export of a list: which list, in which format, how many rows, with which filters. */
function ExportDetails({ details }: { details: unknown }) {
  if (!details || typeof details !== 'object') return null;
  const { list, format, rows, filters } = details as {
    list?: string;
    format?: string;
    rows?: number;
    filters?: Record<string, unknown>;
  };
  const used = Object.entries(filters ?? {}).map(([key, value]) => `${key} = ${String(value)}`);
  return (
    <p className="small">
      {tPlural('exports.rows', rows ?? 0, {
        list: enumLabel('exportList', list),
        format: enumLabel('exportFormat', format),
        count: formatNumber(rows ?? 0),
      })}
      <br />
      {used.length ? t('exports.filters', { filters: used.join(', ') }) : t('exports.noFilter')}
    </p>
  );
}

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = {
    q: params.get('q') ?? '',
    kind: params.get('type') ?? '',
    entityType: params.get('objet') ?? '',
    from: params.get('du') ?? '',
    to: params.get('au') ?? '',
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [draft, setDraft] = useState(filters);
  const key = params.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setDraft(filters), [key]);
  const url = `/api/audit${query({
    q: filters.q,
    action: filters.q,
    kind: filters.kind,
    entityType: filters.entityType,
    from: filters.from,
    to: filters.to,
    page,
    pageSize: PAGE_SIZE,
  })}`;
  const list = useLoad<ApiPage<AuditEntry>>(
    async (signal) => asPage<AuditEntry>(await api.get(url, { signal }), PAGE_SIZE),
    url,
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.q.trim()) next.set('q', draft.q.trim());
    if (draft.kind) next.set('type', draft.kind);
    if (draft.entityType) next.set('objet', draft.entityType);
    if (draft.from) next.set('du', draft.from);
    if (draft.to) next.set('au', draft.to);
    setParams(next);
  }
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    return `/journal?${next.toString()}`;
  };
  const data = list.data;

  return (
    <Page
      title={t('audit.title')}
      lead={<p>{t('audit.intro')}</p>}
      actions={
        <ExportLinks
          list="audit"
          filters={{
            action: filters.q,
            kind: filters.kind,
            entityType: filters.entityType,
            from: filters.from,
            to: filters.to,
          }}
        />
      }
    >
      <form
        className="search-form card"
        onSubmit={onSubmit}
        noValidate
        aria-label={t('audit.filters')}
      >
        <div className="filters">
          <SelectField
            name="q"
            plain
            label={t('audit.action')}
            value={draft.q}
            onValue={(v) => setDraft({ ...draft, q: v })}
            emptyLabel={t('audit.allActions')}
            options={AUDIT_ACTIONS}
          />
          <SelectField
            name="type"
            plain
            label={t('audit.kind')}
            value={draft.kind}
            onValue={(v) => setDraft({ ...draft, kind: v })}
            emptyLabel={t('audit.allKinds')}
            options={[
              { value: 'write', label: t('views.write') },
              { value: 'read', label: t('views.read') },
            ]}
          />
          <SelectField
            name="objet"
            plain
            label={t('audit.entityType')}
            value={draft.entityType}
            onValue={(v) => setDraft({ ...draft, entityType: v })}
            emptyLabel={t('audit.allEntities')}
            options={ENTITY_TYPES.map((e) => ({ value: e, label: enumLabel('entity', e) }))}
          />
          <TextField
            name="du"
            plain
            type="date"
            label={t('audit.from')}
            value={draft.from}
            onValue={(v) => setDraft({ ...draft, from: v })}
          />
          <TextField
            name="au"
            plain
            type="date"
            label={t('audit.to')}
            value={draft.to}
            onValue={(v) => setDraft({ ...draft, to: v })}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('audit.filter')}
          </button>
          {key ? (
            <Link to="/journal" className="button button-link">
              {t('people.clear')}
            </Link>
          ) : null}
        </div>
      </form>
      <div role="status" className="result-count">
        {data && !list.loading
          ? data.totalIsCapped
            ? t('audit.countCapped', { count: formatNumber(data.total) })
            : tPlural('audit.count', data.total, { count: data.total })
          : ''}
      </div>
      {list.loading && !data ? <Loading /> : null}
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {data && data.items.length === 0 && !list.loading ? (
        <p className="empty">{t('audit.empty')}</p>
      ) : null}
      {data && data.items.length ? (
        <>
          <Table
            caption={t('audit.title')}
            captionHidden
            rows={data.items}
            rowKey={(e) => String(e.id)}
            columns={[
              { key: 'at', header: t('views.when'), render: (e) => formatDateTime(e.at) },
              {
                key: 'who',
                header: t('views.who'),
                render: (e) => e.userName ?? e.userEmail ?? t('views.unknownUser'),
              },
              {
                key: 'kind',
                header: t('audit.kind'),
                render: (e) => (
                  <Badge tone={e.kind === 'write' ? 'info' : 'neutral'}>
                    {e.kind === 'write' ? t('views.write') : t('views.read')}
                  </Badge>
                ),
              },
              {
                key: 'action',
                header: t('views.action'),
                rowHeader: true,
                render: (e) => auditActionLabel(e.action),
              },
              {
                key: 'entity',
                header: t('audit.entityType'),
                render: (e) =>
                  e.entityType === 'person' && e.entityId && e.entityName ? (
                    <>
                      {enumLabel('entity', e.entityType)} :{' '}
                      <Link to={`/personnes/${e.entityId}`}>{e.entityName}</Link>
                    </>
                  ) : e.entityType === 'person' && e.entityId ? (
                    <Link to={`/personnes/${e.entityId}`}>{enumLabel('entity', e.entityType)}</Link>
                  ) : (
                    enumLabel('entity', e.entityType)
                  ),
              },
              {
                key: 'diff',
                header: t('audit.details'),
                render: (e) =>
                  e.action === 'list.export' ? (
                    <ExportDetails details={e.diff} />
                  ) : (
                    <DiffView diff={e.diff} />
                  ),
              },
            ]}
          />
          <Pagination
            page={data.page}
            pageSize={data.pageSize}
            total={data.total}
            hrefFor={hrefFor}
          />
        </>
      ) : null}
    </Page>
  );
}
