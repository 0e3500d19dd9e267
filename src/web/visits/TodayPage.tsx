/**
 * The visitor's phone: today's visits with what is needed at the door, check-in and check-out,
 * and the report in under a minute. Reports go through the outbox: saved on the phone first, sent
 * when the network allows, shown as waiting until then.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { formatDayHeading, formatLongDate } from '../i18n/format.js';
import { ErrorMessage, InfoMessage, SuccessMessage } from '../ui/Alert.js';
import { Badge } from '../ui/Badge.js';
import { Loading } from '../ui/Loading.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Outbox, type QueuedReport, type SendResult } from './outbox.js';
import { ReportForm } from './ReportForm.js';
import type { DayVisit, MyDay, UpcomingVisit } from '../../domain/visits/api.js';
import { googleMapsItineraryUrl, itineraryStops } from '../../domain/visits/itinerary.js';
import { CalendarLink } from './CalendarLink.js';
import { Phone, PhoneList } from '../ui/Phone.js';

// Leaflet is loaded with the map only: the visitor's first load stays light.
const DayMap = lazy(() => import('./DayMap.js'));

type Day = MyDay;

async function sendReport(item: QueuedReport): Promise<SendResult> {
  try {
    await api.post(`/api/visits/${item.visitId}/report`, { ...item.body, clientId: item.clientId });
    return { kind: 'sent' };
  } catch (error) {
    // No network, or the server unreachable or failing: try again later.
    if (
      error instanceof ApiError &&
      error.status !== 0 &&
      error.status < 500 &&
      error.status !== 401
    ) {
      return { kind: 'refused', message: error.message };
    }
    return { kind: 'retry' };
  }
}

function useOutbox() {
  const user = useUser();
  const box = useMemo(
    () => new Outbox(window.localStorage, `convivialite.outbox.${user.id}`, sendReport),
    [user.id],
  );
  const [items, setItems] = useState<QueuedReport[]>(() => box.items());
  const refresh = useCallback(() => setItems(box.items()), [box]);
  const flush = useCallback(async () => {
    const sent = await box.flush();
    refresh();
    return sent;
  }, [box, refresh]);
  useEffect(() => {
    void flush();
    const retry = () => void flush();
    window.addEventListener('online', retry);
    // Some phones come back online without the event: try again every half-minute.
    const timer = window.setInterval(retry, 30_000);
    return () => {
      window.removeEventListener('online', retry);
      window.clearInterval(timer);
    };
  }, [flush]);
  return { box, items, refresh, flush };
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const directionsUrl = (p: { lat: number; lon: number }) =>
  `https://www.openstreetmap.org/directions?route=%3B${p.lat}%2C${p.lon}#map=15/${p.lat}/${p.lon}`;

/** Where the phone keeps the day (today and the next 7 days) as last synchronised. */
const dayCacheKey = (userId: string) => `convivialite.day.${userId}`;

interface SavedDay extends Day {
  /** When the phone last read the day from the server. */
  syncedAt: string;
}

/**
 * The day as last read, kept on the phone at each synchronisation: today's visits and the next 7
 * days' with what the door needs. At a door without signal (no network, or the server
 * unreachable) the visitor still has the addresses, phone numbers and access notes.
 */
async function loadDay(
  userId: string,
  signal: AbortSignal,
): Promise<SavedDay & { offline: boolean }> {
  const key = dayCacheKey(userId);
  try {
    const day = await api.get<Day>('/api/me/visits', { signal });
    const saved: SavedDay = { ...day, syncedAt: new Date().toISOString() };
    try {
      window.localStorage.setItem(key, JSON.stringify(saved));
    } catch {
      // A full storage only loses the offline copy.
    }
    return { ...saved, offline: false };
  } catch (error) {
    const unreachable = error instanceof ApiError && (error.status === 0 || error.status >= 500);
    const saved = unreachable ? window.localStorage.getItem(key) : null;
    if (!saved) throw error;
    return { ...(JSON.parse(saved) as SavedDay), offline: true };
  }
}

const longDay = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const clock = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });

/** "jeudi 3 décembre à 08 h 15", in the phone's time zone. */
function syncTime(iso: string): string {
  const at = new Date(iso);
  const parts = Object.fromEntries(clock.formatToParts(at).map((p) => [p.type, p.value]));
  return t('today.syncTime', {
    date: longDay.format(at),
    time: `${parts.hour ?? ''} h ${parts.minute ?? ''}`,
  });
}

/** "14:30" → "14 h 30". */
const hours = (time: string) => time.replace(':', ' h ');

/** The next days, grouped by date, with what the door needs. */
function NextDays({ upcoming }: { upcoming: UpcomingVisit[] }) {
  const byDate = new Map<string, UpcomingVisit[]>();
  for (const u of upcoming) byDate.set(u.date, [...(byDate.get(u.date) ?? []), u]);
  return (
    <Section id="a-venir" title={t('today.upcoming')}>
      {[...byDate].map(([date, list]) => (
        <div key={date} className="next-day">
          <h3>{formatDayHeading(date)}</h3>
          <ul className="plain-list">
            {list.map((u) => (
              <li key={u.id} className="next-visit">
                <p className="next-visit-title">
                  {t('today.visitHeading', {
                    start: u.startTime,
                    end: u.endTime,
                    name: u.personName,
                  })}
                </p>
                <dl className="facts">
                  <Fact label={t('today.address')}>{u.address || t('common.notGiven')}</Fact>
                  <Fact label={t('today.phone')}>
                    <PhoneList phones={u.phones} empty={t('common.notGiven')} />
                  </Fact>
                  {u.accessNotes ? (
                    <Fact label={t('today.accessNotes')}>{u.accessNotes}</Fact>
                  ) : null}
                </dl>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </Section>
  );
}

/** The round of the day: the stops in order, on a map, and one link for the maps app. */
function Round({ visits }: { visits: DayVisit[] }) {
  const stops = useMemo(() => itineraryStops(visits), [visits]);
  const url = googleMapsItineraryUrl(stops);
  if (!url) return null;
  return (
    <Section id="tournee" title={t('today.round')}>
      <ol className="round-stops">
        {stops.map((stop) => (
          <li key={stop.visitIds[0]}>
            {t('today.roundStop', { start: stop.startTime, name: stop.name })}
          </li>
        ))}
      </ol>
      <p>
        <a href={url} target="_blank" rel="noreferrer" className="button">
          {t('today.roundLink')}
        </a>
      </p>
      <Suspense fallback={null}>
        <DayMap stops={stops} />
      </Suspense>
    </Section>
  );
}

export function TodayPage() {
  const user = useUser();
  const day = useLoad((signal) => loadDay(user.id, signal), 'today');
  const outbox = useOutbox();
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { reload } = day;

  // Back online: synchronise the day again (the phone may have reopened on its stored copy).
  useEffect(() => {
    window.addEventListener('online', reload);
    return () => window.removeEventListener('online', reload);
  }, [reload]);

  // When waiting reports leave the phone, the day is read again to show them as sent.
  const pendingCount = outbox.items.filter((i) => !i.refused).length;
  const [lastPending, setLastPending] = useState(pendingCount);
  useEffect(() => {
    if (pendingCount < lastPending) reload();
    setLastPending(pendingCount);
  }, [pendingCount, lastPending, reload]);

  /** An arrival outside the visit's window, waiting for the visitor's confirmation. */
  const [confirmArrival, setConfirmArrival] = useState<{ visitId: string; message: string } | null>(
    null,
  );

  async function check(visit: DayVisit, what: 'check-in' | 'check-out', confirmed = false) {
    setError(null);
    setNotice(null);
    setConfirmArrival(null);
    try {
      await api.post(
        `/api/visits/${visit.id}/${what}`,
        confirmed ? { confirmOutsideWindow: true } : {},
      );
      setNotice(
        what === 'check-in'
          ? t('today.checkedInNotice', { name: visit.person.name })
          : t('today.checkedOutNotice'),
      );
      reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'outside_window') {
        setConfirmArrival({ visitId: visit.id, message: err.message });
        return;
      }
      setError(errorText(err));
    }
  }

  async function submitted(visit: DayVisit, item: QueuedReport) {
    outbox.box.add(item);
    outbox.refresh();
    setOpen(null);
    const sent = await outbox.flush();
    setNotice(sent > 0 ? t('report.sent') : t('report.queued'));
    if (item.body.outcome === 'no_answer' && sent > 0) setNotice(t('report.noAnswerSent'));
    if (sent > 0) reload();
    document.getElementById(`visite-${visit.id}`)?.focus();
  }

  const refused = outbox.items.filter((i) => i.refused);
  return (
    <Page
      title={t('today.title')}
      lead={day.data ? <p>{formatLongDate(day.data.date)}</p> : null}
      narrow
    >
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {pendingCount > 0 ? (
        <section className="card outbox" aria-labelledby="outbox-title">
          <h2 id="outbox-title">{t('today.outboxTitle')}</h2>
          <p role="status">{tPlural('today.pending', pendingCount, { count: pendingCount })}</p>
          <ul className="plain-list outbox-list">
            {outbox.items
              .filter((i) => !i.refused)
              .map((item) => (
                <li key={item.clientId}>
                  {t('today.outboxItem', {
                    name: item.about?.personName ?? t('today.outboxUnknownVisit'),
                    date: item.about ? formatDayHeading(item.about.date) : '',
                    start: item.about ? hours(item.about.startTime) : '',
                    outcome: enumLabel('visitOutcome', String(item.body.outcome ?? '')),
                    written: clock.format(new Date(item.queuedAt)),
                  })}
                </li>
              ))}
          </ul>
          <button type="button" className="button" onClick={() => void outbox.flush()}>
            {t('today.sendNow')}
          </button>
        </section>
      ) : null}
      {refused.map((item) => (
        <ErrorMessage key={item.clientId}>
          {t('today.refused', { message: item.refused ?? '' })}{' '}
          <button
            type="button"
            className="button-link"
            onClick={() => {
              outbox.box.dismiss(item.clientId);
              outbox.refresh();
            }}
          >
            {t('today.dismiss')}
          </button>
        </ErrorMessage>
      ))}
      {day.data?.offline ? <InfoMessage>{t('today.offlineCopy')}</InfoMessage> : null}
      {day.data ? <p className="muted sync-time">{syncTime(day.data.syncedAt)}</p> : null}
      {day.loading && !day.data ? <Loading /> : null}
      {day.error ? <ErrorMessage>{day.error}</ErrorMessage> : null}
      {day.data && day.data.visits.length === 0 ? (
        <InfoMessage>{t('today.none')}</InfoMessage>
      ) : null}
      {day.data?.visits.map((visit) => {
        const waiting = outbox.items.find((i) => i.visitId === visit.id && !i.refused);
        return (
          <article
            key={visit.id}
            className="card visit-card"
            aria-labelledby={`visite-${visit.id}`}
          >
            <h2 id={`visite-${visit.id}`} tabIndex={-1}>
              {t('today.visitHeading', {
                start: visit.startTime,
                end: visit.endTime,
                name: visit.person.name,
              })}
            </h2>
            <p>
              {visit.report ? (
                <Badge tone="success">
                  {t('today.reported', {
                    outcome: enumLabel('visitOutcome', visit.report.outcome),
                  })}
                </Badge>
              ) : waiting ? (
                <Badge tone="warning">{t('today.waiting')}</Badge>
              ) : visit.checkedOutAt ? (
                <Badge tone="info">{t('today.checkedOut')}</Badge>
              ) : visit.checkedInAt ? (
                <Badge tone="info">{t('today.checkedIn')}</Badge>
              ) : (
                <Badge>{enumLabel('visitPlace', visit.place)}</Badge>
              )}
            </p>
            <dl className="facts">
              <Fact label={t('today.address')}>
                {visit.person.address || t('common.notGiven')}
                {visit.person.location ? (
                  <>
                    {' '}
                    <a href={directionsUrl(visit.person.location)} target="_blank" rel="noreferrer">
                      {t('today.directions')}
                    </a>
                  </>
                ) : null}
              </Fact>
              <Fact label={t('today.phone')}>
                <PhoneList phones={visit.person.phones} empty={t('common.notGiven')} />
              </Fact>
              {visit.person.accessNotes ? (
                <Fact label={t('today.accessNotes')}>{visit.person.accessNotes}</Fact>
              ) : null}
              <Fact label={t('today.partner')}>
                {visit.partners.length
                  ? visit.partners.map((p) => (
                      <span key={p.id} className="partner">
                        {p.name}
                        {p.role === 'substitute' ? ` ${t('today.substitute')}` : ''}
                        {p.phone ? (
                          <>
                            {' '}
                            <Phone number={p.phone} />
                          </>
                        ) : null}
                      </span>
                    ))
                  : t('today.alone')}
              </Fact>
              {visit.person.emergencyContacts.length ? (
                <Fact label={t('today.emergencyContact')}>
                  {visit.person.emergencyContacts.map((c) => (
                    <span key={c.name} className="partner">
                      {c.name} {c.phone ? <Phone number={c.phone} /> : null}
                    </span>
                  ))}
                </Fact>
              ) : null}
            </dl>
            {confirmArrival?.visitId === visit.id ? (
              <div className="callout callout-danger window-confirm" role="alert">
                <p>{confirmArrival.message}</p>
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => void check(visit, 'check-in', true)}
                  >
                    {t('window.confirmArrival')}
                  </button>
                  <button type="button" className="button" onClick={() => setConfirmArrival(null)}>
                    {t('window.notYet')}
                  </button>
                </div>
              </div>
            ) : null}
            {visit.report || waiting ? null : (
              <div className="button-row">
                {!visit.checkedInAt ? (
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => void check(visit, 'check-in')}
                  >
                    {t('today.checkIn')}
                  </button>
                ) : !visit.checkedOutAt ? (
                  <button
                    type="button"
                    className="button"
                    onClick={() => void check(visit, 'check-out')}
                  >
                    {t('today.checkOut')}
                  </button>
                ) : null}
                <button
                  type="button"
                  className={visit.checkedInAt ? 'button button-primary' : 'button'}
                  aria-expanded={open === visit.id}
                  onClick={() => setOpen(open === visit.id ? null : visit.id)}
                >
                  {t('today.writeReport')}
                </button>
              </div>
            )}
            {open === visit.id ? (
              <ReportForm
                visit={visit}
                onQueued={(item) => void submitted(visit, item)}
                onCancel={() => setOpen(null)}
              />
            ) : null}
          </article>
        );
      })}
      {day.data ? <Round visits={day.data.visits} /> : null}
      {day.data && day.data.upcoming.length ? <NextDays upcoming={day.data.upcoming} /> : null}
      <CalendarLink />
    </Page>
  );
}
