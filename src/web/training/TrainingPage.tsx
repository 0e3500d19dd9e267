/**
 * « Formations et séances »: the training modules, the yearly seminar, practice-analysis
 * sessions, qualifying training days and tutoring meetings, newest first, with a form to plan
 * one (issue 12, ADR 0030). Each session opens its attendance sheet.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError, query, type Page as ApiPage } from '../api/client.js';
import { useCan, useUser } from '../auth/session.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatLongDate, todayIso } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import {
  ErrorSummary,
  SelectField,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Table } from '../ui/Table.js';
import { Pagination } from '../ui/Pagination.js';
import { Badge } from '../ui/Badge.js';
import { localServiceName, useOrganisation } from '../settings/organisation.js';
import { SESSION_KINDS } from '../../domain/training/values.js';
import type { SessionListItem } from '../../domain/training/api.js';
import { sessionHours } from './labels.js';

const PAGE_SIZE = 20;

const kindOptions = () =>
  SESSION_KINDS.map((k) => ({ value: k, label: enumLabel('trainingKind', k) }));

export function TrainingPage() {
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const kind = params.get('type') ?? '';
  const year = params.get('annee') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [draft, setDraft] = useState({ kind, year });
  useEffect(() => setDraft({ kind, year }), [kind, year]);
  const org = useOrganisation();

  const url = `/api/training/sessions${query({ kind, year, page, pageSize: PAGE_SIZE })}`;
  const list = useLoad<ApiPage<SessionListItem>>(
    (signal) => api.get<ApiPage<SessionListItem>>(url, { signal }),
    url,
  );
  const thisYear = Number(todayIso().slice(0, 4));
  const years = Array.from({ length: 6 }, (_, i) => String(thisYear + 1 - i));

  function onFilter(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.kind) next.set('type', draft.kind);
    if (draft.year) next.set('annee', draft.year);
    setParams(next);
  }
  const hrefFor = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    return `/formations?${next.toString()}`;
  };
  const data = list.data;

  return (
    <Page title={t('training.title')} lead={<p>{t('training.intro')}</p>}>
      <form
        aria-label={t('training.filters')}
        className="search-form card"
        onSubmit={onFilter}
        noValidate
      >
        <div className="filters">
          <SelectField
            name="type"
            plain
            label={t('training.filterKind')}
            value={draft.kind}
            onValue={(v) => setDraft({ ...draft, kind: v })}
            emptyLabel={t('training.allKinds')}
            options={kindOptions()}
          />
          <SelectField
            name="annee"
            plain
            label={t('training.filterYear')}
            value={draft.year}
            onValue={(v) => setDraft({ ...draft, year: v })}
            emptyLabel={t('training.allYears')}
            options={years.map((y) => ({ value: y, label: y }))}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('training.filterApply')}
          </button>
        </div>
      </form>
      {list.loading && !data ? <Loading /> : null}
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {data && data.items.length === 0 && !list.loading ? (
        <div className="empty">
          <p>{t('training.empty')}</p>
          {can('training.manage') ? <p className="muted">{t('training.emptyHint')}</p> : null}
        </div>
      ) : null}
      {data && data.items.length ? (
        <>
          <Table
            caption={t('training.listCaption')}
            captionHidden
            rows={data.items}
            rowKey={(s) => s.id}
            columns={[
              {
                key: 'date',
                header: t('training.colDate'),
                render: (s) => (
                  <>
                    {formatLongDate(s.heldOn)}
                    {s.startTime ? (
                      <div className="muted small">{sessionHours(s.startTime, s.endTime, t)}</div>
                    ) : null}
                  </>
                ),
              },
              {
                key: 'session',
                header: t('training.colSession'),
                rowHeader: true,
                render: (s) => (
                  <>
                    <Link to={`/formations/${s.id}`}>{s.title}</Link>{' '}
                    {s.cancelledAt ? <Badge tone="warning">{t('training.cancelled')}</Badge> : null}
                    <div className="muted small">{enumLabel('trainingKind', s.kind)}</div>
                  </>
                ),
              },
              {
                key: 'place',
                header: t('training.colPlace'),
                render: (s) =>
                  [s.place, localServiceName(org.data, s.localServiceId)]
                    .filter(Boolean)
                    .join(' — ') || '—',
              },
              {
                key: 'attendance',
                header: t('training.colAttendance'),
                render: (s) =>
                  t('training.attendanceCount', {
                    attended: s.attendedCount,
                    registered: s.registeredCount,
                  }),
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
      {can('training.manage') ? <CreateSessionForm /> : null}
    </Page>
  );
}

function CreateSessionForm() {
  const navigate = useNavigate();
  const user = useUser();
  const org = useOrganisation();
  const [form, setForm] = useState({
    kind: 'module',
    title: '',
    heldOn: todayIso(),
    startTime: '',
    endTime: '',
    place: '',
    ledBy: '',
    localServiceId: user.localServiceId ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const labels = {
    kind: t('training.kind'),
    title: t('training.sessionTitle'),
    heldOn: t('training.heldOn'),
    startTime: t('training.startTime'),
    endTime: t('training.endTime'),
    place: t('training.place'),
    ledBy: t('training.ledBy'),
    localServiceId: t('training.localService'),
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const missing: FieldErrors = {};
    if (!form.title.trim()) missing.title = t('form.fieldMissing');
    if (!form.heldOn) missing.heldOn = t('form.dateMissing');
    if (Object.keys(missing).length) {
      setErrors(missing);
      setMessage(null);
      return;
    }
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      const created = await api.post<{ id: string }>('/api/training/sessions', {
        kind: form.kind,
        title: form.title,
        heldOn: form.heldOn,
        startTime: form.startTime || null,
        endTime: form.endTime || null,
        place: form.place || null,
        ledBy: form.ledBy || null,
        localServiceId: form.localServiceId || null,
      });
      navigate(`/formations/${created.id}`, {
        state: { notice: t('training.created', { date: formatLongDate(form.heldOn) }) },
      });
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
      setBusy(false);
    }
  }

  const services = org.data?.localServices ?? [];
  return (
    <Section id="programmer-seance" title={t('training.createTitle')}>
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorSummary errors={errors} message={message} labels={labels} />
        <SelectField
          name="kind"
          label={labels.kind}
          required
          value={form.kind}
          onValue={(v) => set({ kind: v })}
          options={kindOptions()}
          error={errors.kind}
        />
        <TextField
          name="title"
          label={labels.title}
          hint={t('training.sessionTitleHint')}
          required
          value={form.title}
          onValue={(v) => set({ title: v })}
          error={errors.title}
          maxLength={200}
        />
        <div className="field-row">
          <TextField
            name="heldOn"
            type="date"
            label={labels.heldOn}
            required
            value={form.heldOn}
            onValue={(v) => set({ heldOn: v })}
            error={errors.heldOn}
          />
          <TextField
            name="startTime"
            type="time"
            label={labels.startTime}
            value={form.startTime}
            onValue={(v) => set({ startTime: v })}
            error={errors.startTime}
          />
          <TextField
            name="endTime"
            type="time"
            label={labels.endTime}
            value={form.endTime}
            onValue={(v) => set({ endTime: v })}
            error={errors.endTime}
          />
        </div>
        <TextField
          name="place"
          label={labels.place}
          value={form.place}
          onValue={(v) => set({ place: v })}
          error={errors.place}
          maxLength={200}
        />
        <TextField
          name="ledBy"
          label={labels.ledBy}
          value={form.ledBy}
          onValue={(v) => set({ ledBy: v })}
          error={errors.ledBy}
          maxLength={200}
        />
        {services.length && !user.localServiceId ? (
          <SelectField
            name="localServiceId"
            label={labels.localServiceId}
            value={form.localServiceId}
            onValue={(v) => set({ localServiceId: v })}
            emptyLabel={t('training.wholeOrganisation')}
            options={services.map((s) => ({ value: s.id, label: s.name }))}
            error={errors.localServiceId}
          />
        ) : null}
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('training.create')}</SubmitButton>
        </div>
      </form>
    </Section>
  );
}
