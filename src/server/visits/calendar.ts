/**
 * A visitor's private calendar feed (iCalendar), to subscribe to from their phone's agenda. The
 * link holds a random secret; only its SHA-256 is stored, so the link is shown once, and a new
 * link revokes the previous one. The feed carries what the visitor needs to get there (name,
 * address, partner), never the person's phone numbers or notes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Db } from '../../db/database.js';
import { calendarFeeds, people, visitors, visits, visitVisitors } from '../../db/schema.js';
import { addDays, minutesOfTime, serviceInstant, serviceToday } from '../../domain/common/calendar.js';
import { auditWrite } from '../audit/audit.js';
import type { AuthenticatedContext } from '../http/context.js';
import { badRequest, notFound } from '../http/errors.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

function ownVisitorId(ctx: AuthenticatedContext) {
  if (!ctx.actor.visitorId) throw badRequest('Ce compte n’est pas celui d’un visiteur : il n’a pas d’agenda de visites.');
  return ctx.actor.visitorId;
}

export async function readCalendarLink(ctx: AuthenticatedContext) {
  const visitorId = ownVisitorId(ctx);
  const [feed] = await ctx.db
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.visitorId, visitorId), isNull(calendarFeeds.revokedAt)));
  return { active: Boolean(feed), createdAt: feed?.createdAt.toISOString() ?? null };
}

export async function createCalendarLink(ctx: AuthenticatedContext) {
  const visitorId = ownVisitorId(ctx);
  const token = randomBytes(32).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    await tx.update(calendarFeeds).set({ revokedAt: new Date() }).where(and(eq(calendarFeeds.visitorId, visitorId), isNull(calendarFeeds.revokedAt)));
    const [feed] = await tx.insert(calendarFeeds).values({ visitorId, tokenHash: hashOf(token) }).returning({ id: calendarFeeds.id });
    await auditWrite(tx, ctx, { action: 'calendar.create', entityType: 'visitor', entityId: visitorId, after: { feedId: feed!.id } });
  });
  return { url: `${ctx.config.publicUrl}/api/ical/${token}.ics` };
}

export async function revokeCalendarLink(ctx: AuthenticatedContext) {
  const visitorId = ownVisitorId(ctx);
  return ctx.db.transaction(async (tx) => {
    const revoked = await tx
      .update(calendarFeeds)
      .set({ revokedAt: new Date() })
      .where(and(eq(calendarFeeds.visitorId, visitorId), isNull(calendarFeeds.revokedAt)))
      .returning({ id: calendarFeeds.id });
    if (revoked.length === 0) throw notFound('Lien d’agenda');
    await auditWrite(tx, ctx, { action: 'calendar.revoke', entityType: 'visitor', entityId: visitorId, after: { revoked: revoked.length } });
    return { revoked: true };
  });
}

const PLACE_LABELS: Record<string, string> = { home: 'à domicile', walk: 'promenade', errands: 'courses', club: 'club' };

/** The feed of a secret link: a month back and two months ahead. `null`: unknown or revoked link. */
export async function calendarFeed(db: Db, token: string, publicUrl: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [feed] = await db
    .select({ visitorId: calendarFeeds.visitorId })
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.tokenHash, hashOf(token)), isNull(calendarFeeds.revokedAt)));
  if (!feed) return null;
  const today = serviceToday();
  const rows = await db
    .select({ visit: visits, person: people })
    .from(visits)
    .innerJoin(visitVisitors, and(eq(visitVisitors.visitId, visits.id), eq(visitVisitors.visitorId, feed.visitorId)))
    .innerJoin(people, eq(people.id, visits.personId))
    .where(and(gte(visits.date, addDays(today, -30)), lte(visits.date, addDays(today, 60))));
  const crews = rows.length
    ? await db
        .select({ visitId: visitVisitors.visitId, visitorId: visitors.id, firstName: visitors.firstName, lastName: visitors.lastName })
        .from(visitVisitors)
        .innerJoin(visitors, eq(visitors.id, visitVisitors.visitorId))
        .where(inArray(visitVisitors.visitId, rows.map((r) => r.visit.id)))
    : [];
  const calendar = ical({ name: 'Mes visites — Convivialité', prodId: { company: 'convivialite', product: 'visites', language: 'FR' }, ttl: 3600 });
  for (const { visit, person } of rows) {
    const start = serviceInstant(visit.date, minutesOfTime(visit.startTime));
    const partners = crews.filter((c) => c.visitId === visit.id && c.visitorId !== feed.visitorId).map((c) => `${c.firstName} ${c.lastName}`);
    const address = [person.street, [person.postalCode, person.communeName].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    calendar.createEvent({
      id: `${visit.id}@convivialite`,
      start,
      end: new Date(start.getTime() + visit.durationMinutes * 60_000),
      summary: `Visite chez ${person.firstName} ${person.lastName}`,
      location: address || null,
      description: [
        `Visite ${PLACE_LABELS[visit.place] ?? ''}`.trim(),
        partners.length ? `Avec ${partners.join(' et ')}` : 'Seul(e)',
        `Détails et compte rendu : ${publicUrl}/aujourdhui`,
      ].join('\n'),
      status: visit.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: Math.floor(visit.updatedAt.getTime() / 1000) % 2_000_000_000,
    });
  }
  return calendar.toString();
}
