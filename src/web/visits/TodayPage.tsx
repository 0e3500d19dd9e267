/**
 * The visitor's phone: today's visits with what is needed at the door, check-in and check-out,
 * and the report in under a minute. Reports go through the outbox: saved on the phone first, sent
 * when the network allows, shown as waiting until then.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { formatDateTime, formatDayHeading, formatLongDate } from '../i18n/format.js';
import { ErrorMessage, InfoMessage, SuccessMessage } from '../ui/Alert.js';
import { Badge } from '../ui/Badge.js';
import { Loading } from '../ui/Loading.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Outbox, type QueuedReport, type SendResult } from './outbox.js';
import { ReportForm } from './ReportForm.js';
import type { DayVisit, MyDay } from '../../domain/visits/api.js';
import { CalendarLink } from './CalendarLink.js';
import { Phone, PhoneList } from '../ui/Phone.js';

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

/**
 * The day as last read, kept on the phone: at a door without signal the visitor still has the
 * address, the phone numbers and the access notes.
 */
async function loadDay(
  userId: string,
  signal: AbortSignal,
): Promise<Day & { offlineSince?: string }> {
  const key = `convivialite.day.${userId}`;
  try {
    const day = await api.get<Day>('/api/me/visits', { signal });
    try {
      window.localStorage.setItem(
        key,
        JSON.stringify({ ...day, savedAt: new Date().toISOString() }),
      );
    } catch {
      // A full storage only loses the offline copy.
    }
    return day;
  } catch (error) {
    const saved =
      error instanceof ApiError && error.status === 0 ? window.localStorage.getItem(key) : null;
    if (!saved) throw error;
    const day = JSON.parse(saved) as Day & { savedAt: string };
    return { ...day, offlineSince: day.savedAt };
  }
}

export function TodayPage() {
  const user = useUser();
  const day = useLoad((signal) => loadDay(user.id, signal), 'today');
  const outbox = useOutbox();
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { reload } = day;

  // When waiting reports leave the phone, the day is read again to show them as sent.
  const pendingCount = outbox.items.filter((i) => !i.refused).length;
  const [lastPending, setLastPending] = useState(pendingCount);
  useEffect(() => {
    if (pendingCount < lastPending) reload();
    setLastPending(pendingCount);
  }, [pendingCount, lastPending, reload]);

  async function check(visit: DayVisit, what: 'check-in' | 'check-out') {
    setError(null);
    setNotice(null);
    try {
      await api.post(`/api/visits/${visit.id}/${what}`, {});
      setNotice(
        what === 'check-in'
          ? t('today.checkedInNotice', { name: visit.person.name })
          : t('today.checkedOutNotice'),
      );
      reload();
    } catch (err) {
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
        <div className="card outbox" role="status">
          <p>{tPlural('today.pending', pendingCount, { count: pendingCount })}</p>
          <button type="button" className="button" onClick={() => void outbox.flush()}>
            {t('today.sendNow')}
          </button>
        </div>
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
      {day.data?.offlineSince ? (
        <InfoMessage>
          {t('today.offlineCopy', { time: formatDateTime(day.data.offlineSince) })}
        </InfoMessage>
      ) : null}
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
      {day.data && day.data.upcoming.length ? (
        <Section id="a-venir" title={t('today.upcoming')}>
          <ul className="plain-list">
            {day.data.upcoming.map((u) => (
              <li key={u.id}>
                {t('today.upcomingLine', {
                  date: formatDayHeading(u.date),
                  start: u.startTime,
                  name: u.personName,
                  commune: u.communeName ?? '',
                })}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <CalendarLink />
    </Page>
  );
}
