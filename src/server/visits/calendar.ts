/**
 * A visitor's private calendar feed (iCalendar), to subscribe to from their phone's agenda. The
 * link holds a random secret; only its SHA-256 is stored, so the link is shown once, and a new
 * link revokes the previous one. The feed carries what the visitor needs to get there (name,
 * address, partner), never the person's phone numbers or notes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Db, Tx } from '../../db/database.js';
import { calendarFeeds, people, users, visitors, visits, visitVisitors } from '../../db/schema.js';
import {
  addDays,
  minutesOfTime,
  serviceInstant,
  serviceToday,
} from '../../domain/common/calendar.js';
import type { ResourceScope } from '../../domain/permissions/policy.js';
import { auditRead } from '../audit/audit.js';
import type { AuthenticatedContext } from '../http/context.js';
import { badRequest } from '../http/errors.js';
import { write } from '../write/write.js';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

function ownVisitorId(ctx: AuthenticatedContext) {
  if (!ctx.actor.visitorId)
    throw badRequest('Ce compte n’est pas celui d’un visiteur : il n’a pas d’agenda de visites.');
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

const FEED = 'Lien d’agenda';

/**
 * The visitor's own record, locked: two link creations at once are serialised (one active link),
 * and the policy sees that the visitor acts on their own record.
 */
async function ownVisitorScope(tx: Tx, visitorId: string): Promise<ResourceScope | null> {
  const [visitor] = await tx
    .select({
      id: visitors.id,
      organisationId: visitors.organisationId,
      localServiceId: visitors.localServiceId,
    })
    .from(visitors)
    .where(eq(visitors.id, visitorId))
    .for('update');
  return visitor
    ? {
        organisationId: visitor.organisationId,
        localServiceId: visitor.localServiceId,
        visitorRecordId: visitor.id,
      }
    : null;
}

export async function createCalendarLink(ctx: AuthenticatedContext) {
  const visitorId = ownVisitorId(ctx);
  const token = randomBytes(32).toString('base64url');
  await write(ctx, {
    what: FEED,
    audit: 'calendar.create',
    scope: (tx) => ownVisitorScope(tx, visitorId),
    apply: async (tx, _none, trail) => {
      // A new link revokes the previous one.
      const revoked = await tx
        .update(calendarFeeds)
        .set({ revokedAt: new Date() })
        .where(and(eq(calendarFeeds.visitorId, visitorId), isNull(calendarFeeds.revokedAt)))
        .returning();
      for (const feed of revoked) {
        trail.record({
          action: 'calendar.revoke',
          entityType: 'calendar_feed',
          entityId: feed.id,
          before: { ...feed, revokedAt: null },
          after: feed,
        });
      }
      const [feed] = await tx
        .insert(calendarFeeds)
        .values({ visitorId, tokenHash: hashOf(token) })
        .returning();
      trail.record({ entityType: 'calendar_feed', entityId: feed!.id, after: feed! });
    },
  });
  return { url: `${ctx.config.publicUrl}/api/ical/${token}.ics` };
}

export async function revokeCalendarLink(ctx: AuthenticatedContext) {
  const visitorId = ownVisitorId(ctx);
  // The active link the first time; the same link, revoked, for the audit's "after".
  let feedId: string | null = null;
  return write(ctx, {
    what: FEED,
    audit: 'calendar.revoke',
    load: async (tx) => {
      // The visitor first, then the link: the same order as a creation, so the two cannot deadlock.
      const scope = await ownVisitorScope(tx, visitorId);
      if (!scope) return null;
      const [feed] = await tx
        .select()
        .from(calendarFeeds)
        .where(
          feedId
            ? eq(calendarFeeds.id, feedId)
            : and(eq(calendarFeeds.visitorId, visitorId), isNull(calendarFeeds.revokedAt)),
        )
        .orderBy(desc(calendarFeeds.createdAt))
        .limit(1)
        .for('update');
      if (!feed) return null;
      feedId = feed.id;
      return { row: feed, scope, entityType: 'calendar_feed', entityId: feed.id, subjectId: null };
    },
    apply: async (tx, feed, trail) => {
      const revokedAt = new Date();
      await tx.update(calendarFeeds).set({ revokedAt }).where(eq(calendarFeeds.id, feed.id));
      // Any other link still active (there should be none) goes too.
      const others = await tx
        .update(calendarFeeds)
        .set({ revokedAt })
        .where(and(eq(calendarFeeds.visitorId, visitorId), isNull(calendarFeeds.revokedAt)))
        .returning();
      for (const other of others) {
        trail.record({
          entityType: 'calendar_feed',
          entityId: other.id,
          before: { ...other, revokedAt: null },
          after: other,
        });
      }
      return { revoked: true };
    },
  });
}

const PLACE_LABELS: Record<string, string> = {
  home: 'à domicile',
  walk: 'promenade',
  errands: 'courses',
  club: 'club',
};

/**
 * The feed of a secret link: a month back and two months ahead. `null`: unknown or revoked link,
 * a visitor who left the service, or whose account is disabled.
 * Each fetch is recorded as a read by the visitor's account (one row per person the feed names),
 * never its content.
 */
export async function calendarFeed(
  db: Db,
  token: string,
  publicUrl: string,
  ip: string | null = null,
): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  // The link lives only while its visitor is in the service (no departure recorded) and has an
  // enabled account: checked at each fetch, so every way of ending or disabling cuts it at once.
  const [feed] = await db
    .select({
      id: calendarFeeds.id,
      visitorId: calendarFeeds.visitorId,
      organisationId: visitors.organisationId,
      userId: users.id,
    })
    .from(calendarFeeds)
    .innerJoin(visitors, and(eq(visitors.id, calendarFeeds.visitorId), isNull(visitors.endedOn)))
    .innerJoin(users, and(eq(users.visitorId, visitors.id), isNull(users.disabledAt)))
    .where(and(eq(calendarFeeds.tokenHash, hashOf(token)), isNull(calendarFeeds.revokedAt)))
    .limit(1);
  if (!feed) return null;
  const today = serviceToday();
  const rows = await db
    .select({ visit: visits, person: people })
    .from(visits)
    .innerJoin(
      visitVisitors,
      and(eq(visitVisitors.visitId, visits.id), eq(visitVisitors.visitorId, feed.visitorId)),
    )
    .innerJoin(people, eq(people.id, visits.personId))
    .where(and(gte(visits.date, addDays(today, -30)), lte(visits.date, addDays(today, 60))));
  const crews = rows.length
    ? await db
        .select({
          visitId: visitVisitors.visitId,
          visitorId: visitors.id,
          firstName: visitors.firstName,
          lastName: visitors.lastName,
        })
        .from(visitVisitors)
        .innerJoin(visitors, eq(visitors.id, visitVisitors.visitorId))
        .where(
          inArray(
            visitVisitors.visitId,
            rows.map((r) => r.visit.id),
          ),
        )
    : [];
  const subjects = [...new Set(rows.map((r) => r.person.id))];
  await auditRead(
    db,
    { actor: null, ip, source: 'ical' },
    (subjects.length ? subjects : [null]).map((subjectId) => ({
      action: 'calendar.fetch',
      entityType: 'calendar_feed',
      entityId: feed.id,
      subjectId,
      userId: feed.userId,
      organisationId: feed.organisationId,
    })),
  );
  const calendar = ical({
    name: 'Mes visites — Convivialité',
    prodId: { company: 'convivialite', product: 'visites', language: 'FR' },
    ttl: 3600,
  });
  for (const { visit, person } of rows) {
    const start = serviceInstant(visit.date, minutesOfTime(visit.startTime));
    const partners = crews
      .filter((c) => c.visitId === visit.id && c.visitorId !== feed.visitorId)
      .map((c) => `${c.firstName} ${c.lastName}`);
    const address = [
      person.street,
      [person.postalCode, person.communeName].filter(Boolean).join(' '),
    ]
      .filter(Boolean)
      .join(', ');
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
