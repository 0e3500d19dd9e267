/**
 * The visitor's side: the day's visits (address, phone, access notes, the pair partner), check-in
 * and check-out, and the visit report. A report carries an id chosen by the phone when it was
 * written, so a report queued offline and sent again when the network returns is stored once.
 * A concern, "nobody answered" or a hospital stay in a report raises an alert in the same
 * transaction.
 */
import { and, asc, desc, eq, getTableColumns, gte, inArray, lte, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/database.js';
import {
  people,
  personContacts,
  visitors,
  visitReports,
  visits,
  visitVisitors,
} from '../../db/schema.js';
import {
  addDays,
  frenchDate,
  minutesOfTime,
  serviceToday,
  timeOfMinutes,
} from '../../domain/common/calendar.js';
import { isoDate, longText, optionalText, uuid } from '../../domain/common/schemas.js';
import { visitWindow } from '../../domain/visits/window.js';
import { formatLongDate } from '../../domain/common/french.js';
import { auditRead } from '../audit/audit.js';
import { raiseAlert } from '../alerts/service.js';
import type { AuthenticatedContext } from '../http/context.js';
import { badRequest, conflict } from '../http/errors.js';
import { loadPersonFor } from '../people/service.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import { diffRecords } from '../write/trail.js';

const VISIT = 'Visite';

const OUTCOMES = ['done', 'absent', 'refused', 'hospital', 'no_answer'] as const;
const ACTIVITIES = [
  'conversation',
  'reading',
  'games',
  'workshop',
  'walk',
  'errands',
  'club_event',
] as const;
const MOODS = ['good', 'average', 'low'] as const;

export const reportSchema = z
  .object({
    clientId: uuid,
    outcome: z.enum(OUTCOMES, {
      message: 'Indiquez si la visite a eu lieu, ou pourquoi elle n’a pas eu lieu.',
    }),
    durationMinutes: z
      .int({ error: 'La durée est un nombre entier de minutes.' })
      .min(5, { error: 'Durée de 5 minutes au moins.' })
      .max(480, { error: 'Durée de 8 heures au plus.' })
      .nullish(),
    activities: z
      .array(z.enum(ACTIVITIES, { message: 'Activité inconnue.' }))
      .max(ACTIVITIES.length)
      .default([]),
    mood: z.enum(MOODS, { message: 'Humeur attendue : bonne, moyenne ou basse.' }).nullish(),
    observations: longText(4000),
    concern: optionalText(2000),
    concernSeverity: z
      .enum(['low', 'medium', 'high'], { message: 'Gravité attendue : faible, moyenne ou haute.' })
      .nullish(),
    /** The visitor confirmed "nobody answers" outside the visit's window (see `visitWindow`). */
    confirmOutsideWindow: z.boolean({ error: 'Confirmation attendue : vrai ou faux.' }).optional(),
    /** When the visitor wrote it, by the phone's clock. */
    writtenAt: z.iso.datetime({ offset: true, message: 'Date et heure de rédaction invalides.' }),
  })
  .refine((r) => r.outcome !== 'done' || (r.durationMinutes ?? null) !== null, {
    message: 'Indiquez la durée de la visite.',
    path: ['durationMinutes'],
  })
  .refine((r) => !r.concernSeverity || r.concern, {
    message: 'Décrivez l’inquiétude.',
    path: ['concern'],
  });
export type ReportInput = z.infer<typeof reportSchema>;

export const checkInSchema = z.object({
  /** The visitor confirmed their arrival outside the visit's window (see `visitWindow`). */
  confirmOutsideWindow: z.boolean({ error: 'Confirmation attendue : vrai ou faux.' }).optional(),
});

const hours = (time: string) => time.slice(0, 5).replace(':', ' h ');

/**
 * 409 `outside_window` unless confirmed: an arrival or a "nobody answers" an hour or more before
 * the slot, or after the visit's day, is most likely a mistake (and the latter raises an urgent
 * alert). The phone shows the message and sends again with `confirmOutsideWindow`.
 */
function checkWindow(
  row: { date: string; startTime: string },
  at: Date,
  what: 'arrival' | 'no_answer',
  confirmed: boolean | undefined,
) {
  const verdict = visitWindow(row, at);
  if (verdict.kind === 'open' || confirmed) return;
  const doing =
    what === 'arrival' ? 'Vous signalez votre arrivée' : 'Vous signalez que personne ne répond';
  const when =
    verdict.kind === 'too_late'
      ? `après le jour de la visite (${frenchDate(row.date)})`
      : verdict.laterDay
        ? `avant le jour de la visite (${frenchDate(row.date)} à ${hours(row.startTime)})`
        : `plus d’une heure avant la visite de ${hours(row.startTime)}`;
  throw conflict(
    'outside_window',
    `${doing} ${when}. Vérifiez qu’il s’agit de la bonne visite, puis confirmez.`,
    { window: verdict.kind, ...(verdict.kind === 'too_early' ? { opensAt: verdict.opensAt } : {}) },
  );
}

export const dayQuerySchema = z.object({ date: isoDate.optional() });

function ownVisitorId(ctx: AuthenticatedContext) {
  if (!ctx.actor.visitorId)
    throw badRequest('Ce compte n’est pas celui d’un visiteur : il n’a pas de visites à faire.');
  return ctx.actor.visitorId;
}

async function crewOf(db: DbOrTx, visitIds: string[]) {
  if (visitIds.length === 0)
    return new Map<string, { id: string; name: string; phone: string | null; role: string }[]>();
  const rows = await db
    .select({
      visitId: visitVisitors.visitId,
      id: visitors.id,
      firstName: visitors.firstName,
      lastName: visitors.lastName,
      phone: visitors.phone,
      role: visitVisitors.role,
    })
    .from(visitVisitors)
    .innerJoin(visitors, eq(visitors.id, visitVisitors.visitorId))
    .where(inArray(visitVisitors.visitId, visitIds));
  const map = new Map<string, { id: string; name: string; phone: string | null; role: string }[]>();
  for (const r of rows)
    map.set(r.visitId, [
      ...(map.get(r.visitId) ?? []),
      { id: r.id, name: `${r.firstName} ${r.lastName}`, phone: r.phone, role: r.role },
    ]);
  return map;
}

interface Partner {
  id: string;
  name: string;
  phone: string | null;
  role: string;
}
interface EmergencyContact {
  name: string;
  phone: string | null;
  relationship: string;
}

/**
 * The visitor's visits of a day (today by default), with everything needed at the door. One
 * query reads the visits with their person, report, partners and emergency contacts (the last two
 * aggregated per visit by PostgreSQL), one the week ahead, one writes the audit rows.
 */
export async function myDay(ctx: AuthenticatedContext, input: z.infer<typeof dayQuerySchema>) {
  const visitorId = ownVisitorId(ctx);
  const date = input.date ?? serviceToday();
  // Written qualified by hand: they are read inside the subqueries below.
  const partners = sql<Partner[]>`(select coalesce(json_agg(json_build_object(
      'id', v.id, 'name', v.first_name || ' ' || v.last_name, 'phone', v.phone, 'role', vv.role)
      order by v.last_name, v.first_name), '[]'::json)
    from ${visitVisitors} vv join ${visitors} v on v.id = vv.visitor_id
    where vv.visit_id = "visits"."id" and vv.visitor_id <> ${visitorId})`;
  const emergencyContacts = sql<EmergencyContact[]>`(select coalesce(json_agg(json_build_object(
      'name', c.name, 'phone', c.phone, 'relationship', c.relationship) order by c.created_at), '[]'::json)
    from ${personContacts} c where c.person_id = "people"."id" and c.is_emergency_contact)`;
  const rows = await ctx.db
    .select({
      id: visits.id,
      date: visits.date,
      startTime: visits.startTime,
      durationMinutes: visits.durationMinutes,
      place: visits.place,
      status: visits.status,
      checkedInAt: visits.checkedInAt,
      checkedOutAt: visits.checkedOutAt,
      person: {
        id: people.id,
        firstName: people.firstName,
        lastName: people.lastName,
        street: people.street,
        addressComplement: people.addressComplement,
        postalCode: people.postalCode,
        communeName: people.communeName,
        phones: people.phones,
        practicalNotes: people.practicalNotes,
        latitude: people.latitude,
        longitude: people.longitude,
      },
      reportOutcome: visitReports.outcome,
      reportClientId: visitReports.clientId,
      reportCreatedAt: visitReports.createdAt,
      partners,
      emergencyContacts,
    })
    // From the visitor's own rows of that day (index visit_visitors_day), not from the
    // organisation's visits of the day probed one by one.
    .from(visitVisitors)
    .innerJoin(visits, eq(visits.id, visitVisitors.visitId))
    .innerJoin(people, eq(people.id, visits.personId))
    .leftJoin(visitReports, eq(visitReports.visitId, visits.id))
    .where(
      and(
        eq(visitVisitors.visitorId, visitorId),
        eq(visitVisitors.visitDate, date),
        eq(visits.organisationId, ctx.actor.organisationId),
        eq(visits.date, date),
        ne(visits.status, 'cancelled'),
      ),
    )
    .orderBy(asc(visits.startTime));
  // With what the door needs (address, phones, access notes): the phone keeps the coming days
  // for a visit made without signal.
  const upcoming = await ctx.db
    .select({
      id: visits.id,
      date: visits.date,
      startTime: visits.startTime,
      durationMinutes: visits.durationMinutes,
      personId: visits.personId,
      personFirstName: people.firstName,
      personLastName: people.lastName,
      street: people.street,
      addressComplement: people.addressComplement,
      postalCode: people.postalCode,
      communeName: people.communeName,
      phones: people.phones,
      practicalNotes: people.practicalNotes,
      latitude: people.latitude,
      longitude: people.longitude,
    })
    .from(visitVisitors)
    .innerJoin(visits, eq(visits.id, visitVisitors.visitId))
    .innerJoin(people, eq(people.id, visits.personId))
    .where(
      and(
        eq(visitVisitors.visitorId, visitorId),
        gte(visitVisitors.visitDate, addDays(date, 1)),
        lte(visitVisitors.visitDate, addDays(date, 7)),
        eq(visits.organisationId, ctx.actor.organisationId),
        eq(visits.status, 'planned'),
      ),
    )
    .orderBy(asc(visits.date), asc(visits.startTime));
  // The visitor read these people's address, phones and notes (today and ahead): one row each.
  const shown = [...new Set([...rows.map((r) => r.person.id), ...upcoming.map((u) => u.personId)])];
  await auditRead(
    ctx.db,
    ctx,
    shown.map((personId) => ({
      action: 'visit.day',
      entityType: 'person',
      entityId: personId,
      subjectId: personId,
    })),
  );
  return {
    date,
    visits: rows.map((visit) => {
      const { person } = visit;
      const address = addressOf(person);
      return {
        id: visit.id,
        date: visit.date,
        startTime: visit.startTime.slice(0, 5),
        endTime: timeOfMinutes(minutesOfTime(visit.startTime) + visit.durationMinutes),
        durationMinutes: visit.durationMinutes,
        place: visit.place,
        status: visit.status,
        checkedInAt: visit.checkedInAt?.toISOString() ?? null,
        checkedOutAt: visit.checkedOutAt?.toISOString() ?? null,
        person: {
          id: person.id,
          name: `${person.firstName} ${person.lastName}`,
          address,
          phones: person.phones as { number: string; label?: string }[],
          accessNotes: person.practicalNotes,
          location:
            person.latitude !== null && person.longitude !== null
              ? { lat: person.latitude, lon: person.longitude }
              : null,
          emergencyContacts: visit.emergencyContacts,
        },
        partners: visit.partners,
        report:
          visit.reportOutcome !== null && visit.reportClientId !== null && visit.reportCreatedAt
            ? {
                outcome: visit.reportOutcome,
                clientId: visit.reportClientId,
                createdAt: visit.reportCreatedAt.toISOString(),
              }
            : null,
      };
    }),
    upcoming: upcoming.map((u) => ({
      id: u.id,
      date: u.date,
      startTime: u.startTime.slice(0, 5),
      endTime: timeOfMinutes(minutesOfTime(u.startTime) + u.durationMinutes),
      personId: u.personId,
      personName: `${u.personFirstName} ${u.personLastName}`,
      communeName: u.communeName,
      address: addressOf(u),
      phones: u.phones as { number: string; label?: string }[],
      accessNotes: u.practicalNotes,
      location:
        u.latitude !== null && u.longitude !== null ? { lat: u.latitude, lon: u.longitude } : null,
    })),
  };
}

/** "12 rue des Lilas, Bât. B, 60000 Beauvais". */
function addressOf(p: {
  street: string | null;
  addressComplement: string | null;
  postalCode: string | null;
  communeName: string | null;
}): string {
  return [p.street, p.addressComplement, [p.postalCode, p.communeName].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
}

type VisitRow = typeof visits.$inferSelect;

/**
 * A visit as the target of a write: locked, with its visitors (a visitor acts only on the visits
 * they are on; another visitor's visit does not exist for them) and the person it is about.
 */
async function visitTarget(tx: Tx, visitId: string): Promise<Target<VisitRow> | null> {
  // One statement: the visit locked, with its visitors (the lock is on the visit's row only).
  const [found] = await tx
    .select({
      ...getTableColumns(visits),
      crewIds: sql<
        string[]
      >`array(select vv.visitor_id::text from ${visitVisitors} vv where vv.visit_id = "visits"."id")`,
    })
    .from(visits)
    .where(eq(visits.id, visitId))
    .for('update', { of: visits });
  if (!found) return null;
  const { crewIds, ...row } = found;
  return {
    row,
    scope: {
      organisationId: row.organisationId,
      localServiceId: row.localServiceId,
      visitorIds: crewIds,
    },
    entityType: 'visit',
    entityId: row.id,
    subjectId: row.personId,
  };
}

/**
 * A write on one visit from the field (check-in, check-out, report). The visit is locked and the
 * route's action checked on it before `change` runs; its before/after go on the trail only when
 * it changed, so a retry (a check-in tapped twice, a report queued offline and sent again) answers
 * as the first time and leaves no audit row.
 */
async function writeVisit<Result>(
  ctx: AuthenticatedContext,
  visitId: string,
  audit: string | undefined,
  change: (tx: Tx, visit: VisitRow, trail: AuditTrail) => Promise<Result>,
) {
  let visit: VisitRow | null = null;
  return write(ctx, {
    what: VISIT,
    ...(audit ? { audit } : {}),
    scope: async (tx) => {
      const target = await visitTarget(tx, visitId);
      visit = target?.row ?? null;
      return target?.scope ?? null;
    },
    apply: async (tx, _none, trail) => {
      const before = visit!;
      const result = await change(tx, before, trail);
      const [after] = await tx.select().from(visits).where(eq(visits.id, visitId));
      if (Object.keys(diffRecords(before, after ?? null)).length) {
        trail.record({
          entityType: 'visit',
          entityId: visitId,
          subjectId: before.personId,
          before,
          after: after ?? null,
          first: true,
        });
      }
      return result;
    },
  });
}

export async function checkIn(
  ctx: AuthenticatedContext,
  visitId: string,
  input: z.infer<typeof checkInSchema> = {},
) {
  ownVisitorId(ctx);
  return writeVisit(ctx, visitId, 'visit.check_in', async (tx, row) => {
    if (row.status !== 'planned') throw conflict('not_planned', 'Cette visite n’est plus prévue.');
    if (row.date !== serviceToday())
      throw badRequest('On ne peut signaler son arrivée que le jour de la visite.');
    if (row.checkedInAt) return { id: row.id, checkedInAt: row.checkedInAt.toISOString() };
    const now = new Date();
    checkWindow(row, now, 'arrival', input.confirmOutsideWindow);
    await tx.update(visits).set({ checkedInAt: now, updatedAt: now }).where(eq(visits.id, row.id));
    return { id: row.id, checkedInAt: now.toISOString() };
  });
}

export async function checkOut(ctx: AuthenticatedContext, visitId: string) {
  ownVisitorId(ctx);
  return writeVisit(ctx, visitId, 'visit.check_out', async (tx, row) => {
    if (!row.checkedInAt) throw conflict('not_checked_in', 'Signalez d’abord votre arrivée.');
    if (row.checkedOutAt) return { id: row.id, checkedOutAt: row.checkedOutAt.toISOString() };
    const now = new Date();
    await tx.update(visits).set({ checkedOutAt: now, updatedAt: now }).where(eq(visits.id, row.id));
    return { id: row.id, checkedOutAt: now.toISOString() };
  });
}

/**
 * Stores a report once; the same `clientId` again answers with the stored one (`duplicate`) and
 * writes nothing. The visit's change, the report and any alert it raises are audited together,
 * about the visited person.
 */
export async function submitReport(ctx: AuthenticatedContext, visitId: string, input: ReportInput) {
  return writeVisit(ctx, visitId, undefined, async (tx, row, trail) => {
    // The same report again (a retry after a lost answer), or another report of this visit: one
    // lookup answers both.
    const found = await tx
      .select({
        id: visitReports.id,
        visitId: visitReports.visitId,
        clientId: visitReports.clientId,
      })
      .from(visitReports)
      .where(or(eq(visitReports.clientId, input.clientId), eq(visitReports.visitId, visitId)));
    const again = found.find((r) => r.clientId === input.clientId);
    if (again) {
      if (again.visitId !== visitId)
        throw conflict(
          'client_id_reused',
          'Ce compte rendu a déjà été envoyé pour une autre visite.',
        );
      return { id: again.id, visitId, duplicate: true, alertId: null };
    }
    if (row.status === 'cancelled')
      throw conflict('cancelled', 'Cette visite a été annulée : elle n’a pas de compte rendu.');
    if (row.date > serviceToday())
      throw badRequest('Le compte rendu s’écrit le jour de la visite ou après.');
    if (found.length) throw conflict('already_reported', 'Cette visite a déjà un compte rendu.');
    if (input.outcome === 'no_answer') {
      // Judged when the visitor wrote it (a report may wait offline for hours), never later than now.
      const written = Math.min(Date.parse(input.writtenAt), Date.now());
      checkWindow(row, new Date(written), 'no_answer', input.confirmOutsideWindow);
    }
    const [report] = await tx
      .insert(visitReports)
      .values({
        organisationId: row.organisationId,
        visitId,
        clientId: input.clientId,
        outcome: input.outcome,
        durationMinutes: input.durationMinutes ?? null,
        activities: input.outcome === 'done' ? input.activities : [],
        mood: input.mood ?? null,
        observations: input.observations,
        concern: input.concern,
        concernSeverity: input.concern ? (input.concernSeverity ?? 'medium') : null,
        writtenAt: new Date(input.writtenAt),
        submittedBy: ctx.actor.id,
      })
      .returning();
    if (!report) throw new Error('insert returned nothing');
    trail.record({
      entityType: 'visit_report',
      entityId: report.id,
      subjectId: row.personId,
      after: report,
    });
    const now = new Date();
    await tx
      .update(visits)
      .set({
        status: input.outcome === 'done' ? 'done' : 'not_done',
        checkedOutAt: row.checkedInAt && !row.checkedOutAt ? now : row.checkedOutAt,
        updatedAt: now,
      })
      .where(eq(visits.id, visitId));
    // The person's name titles an alert: read only when the report raises one.
    const raises = input.outcome === 'no_answer' || input.outcome === 'hospital' || !!input.concern;
    const [person] = raises
      ? await tx
          .select({ firstName: people.firstName, lastName: people.lastName })
          .from(people)
          .where(eq(people.id, row.personId))
      : [];
    const personName = `${person?.firstName ?? ''} ${person?.lastName ?? ''}`.trim();
    const base = {
      organisationId: row.organisationId,
      localServiceId: row.localServiceId,
      personId: row.personId,
      visitorId: ctx.actor.visitorId,
      visitId,
      userId: ctx.actor.id,
    };
    let alertId: string | null = null;
    if (input.outcome === 'no_answer') {
      alertId = await raiseAlert(tx, trail, {
        ...base,
        kind: 'no_answer',
        severity: 'urgent',
        title: `Personne ne répond : ${personName}`,
        details: `Visite du ${formatLongDate(row.date)} à ${row.startTime.slice(0, 5)} : personne n’a répondu à la porte ni au téléphone.${input.observations ? ` ${input.observations}` : ''}`,
      });
    } else if (input.outcome === 'hospital') {
      alertId = await raiseAlert(tx, trail, {
        ...base,
        kind: 'hospital',
        severity: 'high',
        title: `Personne hospitalisée : ${personName}`,
        details: input.observations,
      });
    }
    if (input.concern) {
      const concernAlert = await raiseAlert(tx, trail, {
        ...base,
        kind: 'concern',
        severity: input.concernSeverity ?? 'medium',
        title: `Inquiétude : ${personName}`,
        details: input.concern,
      });
      alertId ??= concernAlert;
    }
    return { id: report.id, visitId, duplicate: false, alertId };
  });
}

/** A person's visits, newest first, with what their reports said (the person's file). */
export async function personVisits(
  ctx: AuthenticatedContext,
  personId: string,
  input: { page: number; pageSize: number },
) {
  // The same gate as the person's file: erased and merged files do not exist, an archived one
  // only for administrators (each read audited).
  await loadPersonFor(ctx.db, ctx, personId, 'person.read');
  const rows = await ctx.db
    .select({ visit: visits, report: visitReports })
    .from(visits)
    .leftJoin(visitReports, eq(visitReports.visitId, visits.id))
    .where(eq(visits.personId, personId))
    .orderBy(desc(visits.date), desc(visits.startTime))
    .limit(input.pageSize + 1)
    .offset((input.page - 1) * input.pageSize);
  const crews = await crewOf(
    ctx.db,
    rows.map((r) => r.visit.id),
  );
  // The history holds the reports' observations and concerns: reading it is recorded.
  await auditRead(ctx.db, ctx, {
    action: 'visit.history',
    entityType: 'person',
    entityId: personId,
    subjectId: personId,
  });
  return {
    items: rows.slice(0, input.pageSize).map(({ visit, report }) => ({
      id: visit.id,
      date: visit.date,
      startTime: visit.startTime.slice(0, 5),
      status: visit.status,
      cancelReason: visit.cancelReason,
      visitors: (crews.get(visit.id) ?? []).map((c) => c.name),
      report: report
        ? {
            outcome: report.outcome,
            durationMinutes: report.durationMinutes,
            activities: report.activities,
            mood: report.mood,
            observations: report.observations,
            concern: report.concern,
          }
        : null,
    })),
    page: input.page,
    hasMore: rows.length > input.pageSize,
  };
}
