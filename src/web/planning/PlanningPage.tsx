/**
 * The planner's week: generate it (with progress), read it per pair or per visitor, move or
 * cancel a visit (the server checks every constraint and names the broken one), close days, and
 * declare an absence to get the repair proposal to accept.
 */
import { PlanningLeftOut } from '../journey/LeftOut.js';
import { useEffect, useState } from 'react';
import { ExportLinks } from '../ui/ExportLinks.js';
import { api, ApiError, query } from '../api/client.js';
import { useCan, useUser } from '../auth/session.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import {
  formatColumnDate,
  formatDayHeading,
  formatLongDate,
  formatDuration,
  todayIso,
} from '../i18n/format.js';
import { ErrorMessage, InfoMessage, SuccessMessage } from '../ui/Alert.js';
import { Badge } from '../ui/Badge.js';
import { Loading } from '../ui/Loading.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { SelectField, TextField } from '../ui/form.js';
import { useOrganisation } from '../settings/organisation.js';
import { LocalServiceSelect } from '../settings/LocalServiceSelect.js';
import { AbsencePanel } from './AbsencePanel.js';
import { ClosuresPanel } from './ClosuresPanel.js';
import { MovePanel } from './MovePanel.js';
import type { Run, RunStarted, Week, WeekVisit } from '../../domain/planning/api.js';

/** What the page shows of a run (the start answers only its id; the page polls the rest). */
type RunState = Pick<Run, 'id' | 'status' | 'progress' | 'error' | 'summary'>;

/** The Monday of the week of a date (local calendar arithmetic on "YYYY-MM-DD"). */
function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

type View = { kind: 'pair' | 'visitor'; id: string } | null;

export function PlanningPage() {
  const user = useUser();
  const can = useCan();
  const org = useOrganisation();
  const [localServiceId, setLocalServiceId] = useState(user.localServiceId ?? '');
  const [weekStart, setWeekStart] = useState(() => addDays(mondayOf(todayIso()), 7));
  const [view, setView] = useState('');
  const [run, setRun] = useState<RunState | null>(null);
  // The visit being moved, and its button in the grid (the dialog opens by it, focus returns to it).
  const [moving, setMoving] = useState<{ visit: WeekVisit; anchor: HTMLElement } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const serviceId = user.localServiceId ?? localServiceId;
  // The first service is shown at once: the planner rarely has more than a few.
  const firstService = org.data?.localServices[0]?.id;
  useEffect(() => {
    if (!localServiceId && firstService) setLocalServiceId(firstService);
  }, [localServiceId, firstService]);
  const url = `/api/planning/week${query({ localServiceId: serviceId, weekStart })}`;
  const week = useLoad(
    (signal) => (serviceId ? api.get<Week>(url, { signal }) : Promise.resolve(null)),
    url,
  );

  // Follows a generation until it is over.
  useEffect(() => {
    if (!run || run.status !== 'running') return;
    const timer = window.setTimeout(() => {
      api
        .get<Run>(`/api/planning/runs/${run.id}`)
        .then((next) => {
          setRun(next);
          if (next.status === 'done') week.reload();
        })
        .catch((err: unknown) => setError(errorText(err)));
    }, 400);
    return () => window.clearTimeout(timer);
  }, [run, week]);

  async function generate() {
    setError(null);
    setNotice(null);
    try {
      const started = await api.post<RunStarted>('/api/planning/generate', {
        localServiceId: serviceId,
        weekStart,
      });
      setRun({ id: started.runId, status: 'running', progress: 0, error: null, summary: null });
    } catch (err) {
      if (
        err instanceof ApiError &&
        err.code === 'already_running' &&
        typeof err.body.runId === 'string'
      ) {
        setRun({ id: err.body.runId, status: 'running', progress: 0, error: null, summary: null });
      } else setError(errorText(err));
    }
  }

  /** Closes the move and gives the focus back to the visit it was opened from. */
  function closeMove() {
    const from = moving;
    setMoving(null);
    if (!from) return;
    window.setTimeout(() => {
      const target = from.anchor.isConnected
        ? from.anchor
        : document.querySelector<HTMLElement>(`[data-visit-id="${from.visit.id}"]`);
      target?.focus();
    }, 0);
  }

  const selected: View = view
    ? { kind: view.startsWith('p:') ? 'pair' : 'visitor', id: view.slice(2) }
    : null;
  const data = week.data;
  const rows = data ? weekRows(data, selected) : [];
  return (
    <Page
      title={t('planning.title')}
      lead={<p>{t('planning.intro')}</p>}
      actions={
        serviceId ? (
          <ExportLinks list="planning" filters={{ localServiceId: serviceId, weekStart }} />
        ) : null
      }
    >
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <form
        className="card form inline-form"
        aria-label={t('planning.choose')}
        onSubmit={(e) => e.preventDefault()}
      >
        {user.localServiceId ? null : (
          <LocalServiceSelect
            org={org.data}
            name="localServiceId"
            required
            value={localServiceId}
            onValue={setLocalServiceId}
            emptyLabel={t('common.choose')}
          />
        )}
        <TextField
          name="weekStart"
          label={t('planning.week')}
          hint={t('planning.weekHint')}
          type="date"
          plain
          value={weekStart}
          onValue={(value) => value && setWeekStart(mondayOf(value))}
        />
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setWeekStart(addDays(weekStart, -7))}
          >
            {t('planning.previousWeek')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setWeekStart(addDays(weekStart, 7))}
          >
            {t('planning.nextWeek')}
          </button>
        </div>
      </form>
      {!serviceId && !org.loading ? <InfoMessage>{t('planning.chooseService')}</InfoMessage> : null}
      {serviceId && can('planning.generate') ? (
        <Section id="generation" title={t('planning.generateTitle')}>
          <p>{t('planning.generateIntro')}</p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void generate()}
            aria-disabled={run?.status === 'running' || undefined}
          >
            {t('planning.generate')}
          </button>
          {run ? (
            <div className="run" role="status" aria-live="polite">
              {run.status === 'running' ? (
                <>
                  <label htmlFor="progression">
                    {t('planning.progress', { percent: Math.round(run.progress * 100) })}
                  </label>
                  <progress id="progression" max={100} value={Math.round(run.progress * 100)} />
                </>
              ) : run.status === 'failed' ? (
                <>
                  <ErrorMessage>{run.error ?? t('errors.unexpected')}</ErrorMessage>
                  {/* A run stopped with its server, or by a change of the week: it can start again. */}
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => void generate()}
                  >
                    {t('planning.retry')}
                  </button>
                </>
              ) : run.summary ? (
                <RunSummary summary={run.summary} />
              ) : null}
            </div>
          ) : null}
        </Section>
      ) : null}
      {week.loading && !data ? <Loading /> : null}
      {week.error ? <ErrorMessage>{week.error}</ErrorMessage> : null}
      {data ? (
        <Section
          id="semaine"
          title={t('planning.weekTitle', { date: formatLongDate(data.weekStart) })}
        >
          <SelectField
            name="vue"
            label={t('planning.view')}
            plain
            value={view}
            onValue={setView}
            emptyLabel={t('planning.allPairs')}
            options={[
              ...data.pairs.map((p) => ({
                value: `p:${p.id}`,
                label: t('planning.pairOption', { label: p.label }),
              })),
              ...data.visitors.map((v) => ({
                value: `v:${v.id}`,
                label: t('planning.visitorOption', { name: v.name }),
              })),
            ]}
          />
          {data.visits.length === 0 ? <InfoMessage>{t('planning.empty')}</InfoMessage> : null}
          <div className="table-wrap">
            <table className="table week-grid">
              <caption className="visually-hidden">{t('planning.gridCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    {selected?.kind === 'visitor' ? t('planning.visitor') : t('planning.pair')}
                  </th>
                  {data.days.map((d) => (
                    <th scope="col" key={d.date}>
                      {formatColumnDate(d.date)}
                      {d.closedReason ? (
                        <span className="closed-day">
                          {' '}
                          {t('planning.closed', { reason: d.closedReason })}
                        </span>
                      ) : null}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{row.label}</th>
                    {data.days.map((d) => (
                      <td key={d.date} data-label={formatDayHeading(d.date)}>
                        <ul className="day-visits">
                          {row.visits
                            .filter((v) => v.date === d.date)
                            .map((v) => (
                              <li key={v.id}>
                                <VisitChip
                                  visit={v}
                                  onOpen={(anchor) => setMoving({ visit: v, anchor })}
                                />
                              </li>
                            ))}
                        </ul>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.cancelledCount ? (
            <p>
              {tPlural('planning.cancelledCount', data.cancelledCount, {
                count: data.cancelledCount,
              })}
            </p>
          ) : null}
        </Section>
      ) : null}
      {data ? <PlanningLeftOut leftOut={data.leftOut} /> : null}
      {moving && data ? (
        <MovePanel
          visit={moving.visit}
          week={data}
          anchor={moving.anchor}
          onDone={(message) => {
            closeMove();
            setNotice(message);
            week.reload();
          }}
          onClose={closeMove}
        />
      ) : null}
      {data && can('absence.declare') ? (
        <AbsencePanel
          week={data}
          onDone={(message) => {
            setNotice(message);
            week.reload();
          }}
        />
      ) : null}
      {serviceId ? (
        <ClosuresPanel localServiceId={serviceId} onChange={() => week.reload()} />
      ) : null}
    </Page>
  );
}

/**
 * A visit in the grid, a button that opens its move. Its accessible name is its visible text
 * first, word for word (WCAG 2.5.3, axe's label-content-name-mismatch), then who visits and what
 * the button does.
 */
function VisitChip({
  visit: v,
  onOpen,
}: {
  visit: WeekVisit;
  onOpen: (anchor: HTMLElement) => void;
}) {
  const time = `${v.startTime}–${v.endTime}`;
  const crew = v.crew !== 'pair' && v.crew !== 'volunteer' ? enumLabel('crew', v.crew) : null;
  const status = v.status !== 'planned' ? enumLabel('visitStatus', v.status) : null;
  const visible = [time, v.person.name, crew, status].filter(Boolean).join(' ');
  const more = t('planning.visitMore', {
    visitors: v.visitors.map((x) => x.name).join(t('common.and')),
  });
  return (
    <button
      type="button"
      className="visit-chip"
      data-visit-id={v.id}
      aria-haspopup="dialog"
      aria-label={`${visible}${more}`}
      onClick={(e) => onOpen(e.currentTarget)}
    >
      <span className="visit-time">{time}</span> {v.person.name}
      {crew ? (
        <>
          {' '}
          <Badge tone="warning">{crew}</Badge>
        </>
      ) : null}
      {status ? (
        <>
          {' '}
          <Badge tone="success">{status}</Badge>
        </>
      ) : null}
    </button>
  );
}

function RunSummary({ summary }: { summary: NonNullable<Run['summary']> }) {
  return (
    <div className="run-summary">
      <SuccessMessage>
        {tPlural('planning.planned', summary.planned, { count: summary.planned })}{' '}
        {t('planning.travel', { duration: formatDuration(summary.travelMinutes) })}
      </SuccessMessage>
      {summary.unplanned.length ? (
        <>
          <h3>
            {tPlural('planning.unplanned', summary.unplanned.length, {
              count: summary.unplanned.length,
            })}
          </h3>
          <ul className="plain-list">
            {summary.unplanned.map((u, i) => (
              <li key={i}>
                {t('planning.unplannedLine', { name: u.personName, reason: u.message })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {summary.leftOut?.length ? (
        <p>
          <a href="#visiteurs-ecartes">
            {tPlural('planning.leftOutInRun', summary.leftOut.length, {
              count: summary.leftOut.length,
            })}
          </a>
        </p>
      ) : null}
      {summary.notPlannable.length ? (
        <>
          <h3>
            {tPlural('planning.notPlannable', summary.notPlannable.length, {
              count: summary.notPlannable.length,
            })}
          </h3>
          <ul className="plain-list">
            {summary.notPlannable.map((u, i) => (
              <li key={i}>{t('planning.unplannedLine', { name: u.name, reason: u.reason })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The rows of the grid: one per pair (every pair, or the one chosen), or the chosen visitor. */
function weekRows(week: Week, view: View) {
  const visitorName = new Map(week.visitors.map((v) => [v.id, v.name]));
  if (view?.kind === 'visitor') {
    return [
      {
        key: view.id,
        label: visitorName.get(view.id) ?? '',
        visits: week.visits.filter((v) => v.visitors.some((x) => x.id === view.id)),
      },
    ];
  }
  const pairs = view?.kind === 'pair' ? week.pairs.filter((p) => p.id === view.id) : week.pairs;
  const rows = pairs.map((p) => ({
    key: p.id,
    label: p.label,
    visits: week.visits.filter((v) => v.visitors.some((x) => p.memberIds.includes(x.id))),
  }));
  if (!view) {
    // Volunteers visiting alone and visits of no listed pair get their own row each.
    const inPairs = new Set(week.pairs.flatMap((p) => p.memberIds));
    const others = new Map<string, WeekVisit[]>();
    for (const v of week.visits) {
      if (v.visitors.some((x) => inPairs.has(x.id))) continue;
      for (const x of v.visitors) others.set(x.id, [...(others.get(x.id) ?? []), v]);
    }
    for (const [id, visits] of others)
      rows.push({
        key: id,
        label: visitorName.get(id) ?? visits[0]?.visitors.find((x) => x.id === id)?.name ?? '',
        visits,
      });
  }
  return rows;
}
