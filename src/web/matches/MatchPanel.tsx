/**
 * « Suivi de l’appariement » on a person's or a visitor's file (ADR 0028): the running match as a
 * step list with its dates, the next action (log the calls, plan the first visit with me present,
 * start the trial, end it, hold the review, end the match), its history; earlier matches listed.
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, query } from '../api/client.js';
import { useCan, useUser } from '../auth/session.js';
import { t } from '../i18n/fr.js';
import { formatDate, todayIso } from '../i18n/format.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { Section } from '../ui/Page.js';
import { Table } from '../ui/Table.js';
import { errorText, useLoad } from '../ui/data.js';
import { SelectField, SubmitButton, TextArea, TextField } from '../ui/form.js';
import type { MatchList, MatchSummary, MatchView } from '../../domain/matching/match-api.js';
import { MATCH_END_REASONS, MATCH_STAGES } from '../../domain/matching/match-life.js';

const STEP_STAGES = MATCH_STAGES.filter((s) => s !== 'ended');
const stageLabel = (stage: string) =>
  t(`matchLife.stage.${stage as (typeof MATCH_STAGES)[number]}`);
const reasonLabel = (reason: string | null) =>
  reason ? t(`matchLife.endReason.${reason as (typeof MATCH_END_REASONS)[number]}`) : '';

/** The panel, for the roles that follow matches (nothing otherwise). */
export function MatchPanel({ owner, id }: { owner: 'person' | 'visitor'; id: string }) {
  const can = useCan();
  return can('match.read') ? <MatchList owner={owner} id={id} /> : null;
}

/** `/api/people/:id/matches` or `/api/visitors/:id/matches`: running matches, then the others. */
function MatchList({ owner, id }: { owner: 'person' | 'visitor'; id: string }) {
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  // Held here, not in the match's own block: a match that ends leaves the running list, and its
  // confirmation (« … revient sur la liste d’attente ») must stay on screen.
  const [notice, setNotice] = useState<string | null>(null);
  const base = owner === 'person' ? `/api/people/${id}/matches` : `/api/visitors/${id}/matches`;
  const url = `${base}${query({ page, pageSize: 10 })}`;
  const list = useLoad((signal) => api.get<MatchList>(url, { signal }), `${url}#${version}`);
  const items = list.data?.items ?? [];
  const running = items.filter((m) => m.stage !== 'ended');
  const ended = items.filter((m) => m.stage === 'ended');
  return (
    <Section id="suivi-appariement" title={t('matchLife.title')}>
      {list.error ? <ErrorMessage>{list.error}</ErrorMessage> : null}
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {list.data && items.length === 0 ? <p className="muted">{t('matchLife.none')}</p> : null}
      {running.map((m) => (
        <MatchDetail
          key={m.id}
          matchId={m.id}
          owner={owner}
          onChange={(message) => {
            setNotice(message);
            setVersion((v) => v + 1);
          }}
        />
      ))}
      {ended.length ? (
        <>
          <h3>{t('matchLife.previous')}</h3>
          <ul className="match-previous">
            {ended.map((m) => (
              <li key={m.id}>
                <EndedLine match={m} owner={owner} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {list.data && (page > 1 || list.data.total > page * list.data.pageSize) ? (
        <div className="button-row">
          {page > 1 ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setPage(page - 1)}
            >
              {t('pagination.previous')}
            </button>
          ) : null}
          {list.data.total > page * list.data.pageSize ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setPage(page + 1)}
            >
              {t('pagination.next')}
            </button>
          ) : null}
        </div>
      ) : null}
    </Section>
  );
}

function EndedLine({ match, owner }: { match: MatchSummary; owner: 'person' | 'visitor' }) {
  const who =
    owner === 'person'
      ? t('matchLife.with', { unit: match.unit.label })
      : t('matchLife.for', { name: `${match.person.firstName} ${match.person.lastName}` });
  return (
    <>
      {who} : {formatDate(match.startedOn)} – {formatDate(match.endedOn)}
      {match.endReason ? ` (${reasonLabel(match.endReason)})` : ''}
    </>
  );
}

function MatchDetail({
  matchId,
  owner,
  onChange,
}: {
  matchId: string;
  owner: 'person' | 'visitor';
  onChange: (message: string) => void;
}) {
  const [version, setVersion] = useState(0);
  const url = `/api/matches/${matchId}`;
  const view = useLoad((signal) => api.get<MatchView>(url, { signal }), `${url}#${version}`);
  if (view.error) return <ErrorMessage>{view.error}</ErrorMessage>;
  if (!view.data) return null;
  const data = view.data;
  const { match } = data;
  const refresh = (message: string) => {
    setVersion((v) => v + 1);
    onChange(message);
  };
  const dateOf = (stage: string) =>
    [...data.steps].reverse().find((s) => s.toStage === stage)?.effectiveOn ?? null;
  const currentIndex = STEP_STAGES.indexOf(match.stage as (typeof STEP_STAGES)[number]);
  return (
    <div className="match-life">
      <h3>
        {owner === 'person'
          ? t('matchLife.with', { unit: data.unit.label })
          : t('matchLife.for', { name: `${match.person.firstName} ${match.person.lastName}` })}
      </h3>
      <ol className="match-steps" aria-label={t('matchLife.steps')}>
        {STEP_STAGES.map((stage, index) => {
          const date = dateOf(stage);
          const current = index === currentIndex;
          return (
            <li
              key={stage}
              className={index < currentIndex ? 'done' : current ? 'current' : 'todo'}
              aria-current={current ? 'step' : undefined}
            >
              <span className="match-step-label">{stageLabel(stage)}</span>
              {date ? (
                <span className="muted"> {t('matchLife.on', { date: formatDate(date) })}</span>
              ) : null}
              {current ? (
                <span className="visually-hidden"> ({t('matchLife.current')})</span>
              ) : null}
            </li>
          );
        })}
      </ol>
      <ul className="match-facts">
        {match.firstVisit ? (
          <li>
            {t('matchLife.firstVisit', {
              date: formatDate(match.firstVisit.date),
              time: match.firstVisit.startTime,
              staff: match.firstVisit.staffName ?? '',
            })}
          </li>
        ) : null}
        {match.trialEndsOn && match.stage === 'trial' ? (
          <li>{t('matchLife.trialEnds', { date: formatDate(match.trialEndsOn) })}</li>
        ) : null}
        {match.nextReviewOn && match.stage === 'confirmed' ? (
          <li>{t('matchLife.nextReview', { date: formatDate(match.nextReviewOn) })}</li>
        ) : null}
        {match.due.map((d) => (
          <li key={d.kind} className="match-due">
            <strong>{t(`matchLife.due.${d.kind}`, { date: formatDate(d.dueOn) })}</strong>
          </li>
        ))}
      </ul>
      {data.canManage ? <NextAction data={data} onDone={refresh} /> : null}
      {data.canReview && (match.stage === 'trial' || match.stage === 'confirmed') ? (
        <p>
          <Link className="button button-secondary" to={`/appariements/${matchId}/bilan`}>
            {t('matchLife.review')}
          </Link>
        </p>
      ) : null}
      {data.canManage ? <EndForm matchId={matchId} onDone={refresh} /> : null}
      <History data={data} />
    </div>
  );
}

function useSubmit(onDone: (message: string) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (event: FormEvent, send: () => Promise<string>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await send());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** The form of the next step the match is waiting for. */
function NextAction({ data, onDone }: { data: MatchView; onDone: (message: string) => void }) {
  const { match } = data;
  if (match.stage === 'accepted')
    return <CallForm data={data} purpose="match_announcement" onDone={onDone} />;
  if (match.stage === 'announced') return <FirstVisitForm matchId={match.id} onDone={onDone} />;
  if (match.stage === 'first_visit_planned') return <TrialForm data={data} onDone={onDone} />;
  if (match.stage === 'trial')
    return (
      <>
        <CallForm data={data} purpose="trial_check" onDone={onDone} />
        <ConfirmForm data={data} onDone={onDone} />
      </>
    );
  return null;
}

function CallForm({
  data,
  purpose,
  onDone,
}: {
  data: MatchView;
  purpose: 'match_announcement' | 'trial_check';
  onDone: (message: string) => void;
}) {
  const { match } = data;
  const sides = [
    {
      value: 'person',
      label: `${match.person.firstName} ${match.person.lastName} (${
        match.personReached && purpose === 'match_announcement'
          ? t('matchLife.reached')
          : t('matchLife.notReached')
      })`,
    },
    ...(purpose === 'match_announcement'
      ? data.unit.visitors.map((v) => ({
          value: v.id,
          label: `${v.firstName} ${v.lastName} (${v.reached ? t('matchLife.reached') : t('matchLife.notReached')})`,
        }))
      : []),
  ];
  const firstToCall =
    purpose === 'trial_check'
      ? 'person'
      : !match.personReached
        ? 'person'
        : (data.unit.visitors.find((v) => !v.reached)?.id ?? 'person');
  const [who, setWho] = useState(firstToCall);
  const [outcome, setOutcome] = useState('reached');
  const [note, setNote] = useState('');
  const { busy, error, run } = useSubmit(onDone);
  const prefix = `appel-${purpose}-${match.id}`;
  return (
    <form
      className="match-form"
      noValidate
      onSubmit={(event) =>
        run(event, async () => {
          const answer = await api.post<{ stage: string }>(`/api/matches/${match.id}/calls`, {
            side: who === 'person' ? 'person' : 'visitor',
            visitorId: who === 'person' ? null : who,
            purpose,
            outcome,
            note: note || null,
          });
          setNote('');
          return answer.stage === 'announced' && match.stage === 'accepted'
            ? t('matchLife.announced')
            : t('matchLife.callLogged');
        })
      }
    >
      <h4>
        {purpose === 'trial_check' ? t('matchLife.trialCallTitle') : t('matchLife.callTitle')}
      </h4>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <SelectField
        name={`${prefix}-qui`}
        label={t('matchLife.callWho')}
        required
        value={who}
        onValue={setWho}
        options={sides}
      />
      <SelectField
        name={`${prefix}-resultat`}
        label={t('matchLife.callOutcome')}
        required
        value={outcome}
        onValue={setOutcome}
        options={(['reached', 'no_answer', 'message_left', 'wrong_number', 'other'] as const).map(
          (o) => ({ value: o, label: t(`matchLife.outcome.${o}`) }),
        )}
      />
      <TextArea
        name={`${prefix}-note`}
        label={t('matchLife.callNote')}
        hint={t('matchLife.cnil')}
        value={note}
        onValue={setNote}
        maxLength={1000}
      />
      <SubmitButton busy={busy}>{t('matchLife.logCall')}</SubmitButton>
    </form>
  );
}

function FirstVisitForm({ matchId, onDone }: { matchId: string; onDone: (m: string) => void }) {
  const user = useUser();
  const [date, setDate] = useState(todayIso());
  const [startTime, setStartTime] = useState('14:00');
  const [duration, setDuration] = useState('90');
  const { busy, error, run } = useSubmit(onDone);
  return (
    <form
      className="match-form"
      noValidate
      onSubmit={(event) =>
        run(event, async () => {
          await api.post(`/api/matches/${matchId}/first-visit`, {
            date,
            startTime,
            durationMinutes: Number(duration),
            staffUserId: user.id,
          });
          return t('matchLife.planned');
        })
      }
    >
      <h4>{t('matchLife.planTitle')}</h4>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <TextField
        name="premiere-visite-date"
        type="date"
        label={t('matchLife.date')}
        required
        value={date}
        onValue={setDate}
      />
      <TextField
        name="premiere-visite-heure"
        type="time"
        label={t('matchLife.startTime')}
        required
        value={startTime}
        onValue={setStartTime}
      />
      <TextField
        name="premiere-visite-duree"
        type="number"
        min={15}
        max={480}
        step={15}
        label={t('matchLife.duration')}
        required
        value={duration}
        onValue={setDuration}
      />
      <SubmitButton busy={busy}>{t('matchLife.plan')}</SubmitButton>
    </form>
  );
}

function TrialForm({ data, onDone }: { data: MatchView; onDone: (m: string) => void }) {
  const visit = data.match.firstVisit;
  const today = todayIso();
  const [doneOn, setDoneOn] = useState(visit && visit.date <= today ? visit.date : today);
  const { busy, error, run } = useSubmit(onDone);
  return (
    <form
      className="match-form"
      noValidate
      onSubmit={(event) =>
        run(event, async () => {
          await api.post(`/api/matches/${data.match.id}/steps`, {
            to: 'trial',
            firstVisitDoneOn: visit?.status === 'done' ? null : doneOn,
          });
          return t('matchLife.trialStarted');
        })
      }
    >
      <h4>{t('matchLife.trialTitle')}</h4>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {visit?.status === 'done' ? null : (
        <TextField
          name="premiere-visite-faite"
          type="date"
          label={t('matchLife.doneOn')}
          required
          max={today}
          value={doneOn}
          onValue={setDoneOn}
        />
      )}
      <SubmitButton busy={busy}>{t('matchLife.startTrial')}</SubmitButton>
    </form>
  );
}

function ConfirmForm({ data, onDone }: { data: MatchView; onDone: (m: string) => void }) {
  const { busy, error, run } = useSubmit(onDone);
  const next = data.next.find((n) => n.to === 'confirmed');
  return (
    <form
      className="match-form"
      noValidate
      onSubmit={(event) =>
        run(event, async () => {
          await api.post(`/api/matches/${data.match.id}/steps`, { to: 'confirmed' });
          return t('matchLife.confirmed');
        })
      }
    >
      <h4>{t('matchLife.confirmTitle')}</h4>
      {next && !next.ready && next.missing ? <p className="hint">{next.missing}</p> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <SubmitButton busy={busy}>{t('matchLife.confirm')}</SubmitButton>
    </form>
  );
}

function EndForm({ matchId, onDone }: { matchId: string; onDone: (m: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [endedOn, setEndedOn] = useState(todayIso());
  const [comment, setComment] = useState('');
  const { busy, error, run } = useSubmit(onDone);
  if (!open)
    return (
      <p>
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('matchLife.endTitle')}
        </button>
      </p>
    );
  return (
    <form
      className="match-form"
      noValidate
      onSubmit={(event) =>
        run(event, async () => {
          const answer = await api.post<{ personStatus?: string | null }>(
            `/api/matches/${matchId}/end`,
            { reason, endedOn, comment: comment || null },
          );
          return answer.personStatus === 'waiting'
            ? `${t('matchLife.ended')} ${t('matchLife.backToWaiting')}`
            : t('matchLife.ended');
        })
      }
    >
      <h4>{t('matchLife.endTitle')}</h4>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <SelectField
        name={`fin-motif-${matchId}`}
        label={t('matchLife.endReason')}
        required
        value={reason}
        onValue={setReason}
        emptyLabel="—"
        options={MATCH_END_REASONS.map((r) => ({ value: r, label: reasonLabel(r) }))}
      />
      <TextField
        name={`fin-date-${matchId}`}
        type="date"
        label={t('matchLife.endedOn')}
        required
        max={todayIso()}
        value={endedOn}
        onValue={setEndedOn}
      />
      <TextArea
        name={`fin-commentaire-${matchId}`}
        label={t('matchLife.comment')}
        hint={`${t('matchLife.commentOther')} ${t('matchLife.cnil')}`}
        value={comment}
        onValue={setComment}
        maxLength={1000}
      />
      <SubmitButton busy={busy}>{t('matchLife.end')}</SubmitButton>
    </form>
  );
}

function History({ data }: { data: MatchView }) {
  return (
    <details className="match-history">
      <summary>{t('matchLife.history')}</summary>
      <Table
        caption={t('matchLife.stepsHistory')}
        rows={data.steps}
        rowKey={(s) => String(s.id)}
        columns={[
          {
            key: 'date',
            header: t('matchLife.col.date'),
            rowHeader: true,
            render: (s) => formatDate(s.effectiveOn),
          },
          { key: 'step', header: t('matchLife.col.step'), render: (s) => stageLabel(s.toStage) },
          { key: 'by', header: t('matchLife.col.by'), render: (s) => s.changedBy ?? '' },
          {
            key: 'detail',
            header: t('matchLife.col.detail'),
            render: (s) => [reasonLabel(s.reason), s.comment].filter(Boolean).join(' — '),
          },
        ]}
      />
      {data.reviews.length ? (
        <Table
          caption={t('matchLife.reviews')}
          rows={data.reviews}
          rowKey={(r) => r.id}
          columns={[
            {
              key: 'date',
              header: t('matchLife.col.date'),
              rowHeader: true,
              render: (r) => formatDate(r.heldOn),
            },
            {
              key: 'satisfaction',
              header: t('matchLife.col.satisfaction'),
              render: (r) =>
                t('matchLife.satisfactionPair', {
                  person: r.personSatisfaction ?? '–',
                  visitor: r.visitorSatisfaction ?? '–',
                }),
            },
            { key: 'lsns', header: t('matchLife.col.lsns'), render: (r) => r.lsns6Total ?? '' },
            {
              key: 'decision',
              header: t('matchLife.col.decision'),
              render: (r) => t(`matchLife.decision.${r.decision}`),
            },
          ]}
        />
      ) : (
        <p className="muted">{t('matchLife.noReview')}</p>
      )}
    </details>
  );
}
