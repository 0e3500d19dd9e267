/**
 * Alerts for the coordinators of a service: a concern written in a report, nobody answering the
 * door (urgent, with the protocol as a checklist), and silences (an active person with no visit
 * done for too long, a visitor leaving visits unreported). Each alert has a severity, an owner, a
 * status and its history; it closes only with an outcome.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/database.js';
import {
  alertEvents,
  alerts,
  assignments,
  organisations,
  people,
  users,
  visitors,
  visits,
} from '../../db/schema.js';
import { addDays, serviceToday } from '../../domain/common/calendar.js';
import { longText, pagination, shortText, uuid } from '../../domain/common/schemas.js';
import { can, listScope } from '../../domain/permissions/policy.js';
import { planningSettingsSchema } from '../../domain/planning/settings.js';
import { auditRead } from '../audit/audit.js';
import { authorize, authorizeRole } from '../http/authorize.js';
import type { AuthenticatedContext, RequestContext } from '../http/context.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { currentStatus } from '../people/queries.js';
import { write, type AuditTrail, type Target } from '../write/write.js';

const ALERT_KINDS = [
  'concern',
  'no_answer',
  'hospital',
  'silent_person',
  'unreported_visits',
] as const;
const SEVERITIES = ['low', 'medium', 'high', 'urgent'] as const;
const ALERT_STATUSES = ['open', 'in_progress', 'closed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type Severity = (typeof SEVERITIES)[number];

/** "Personne ne répond": what the visitor and the coordinator do, in this order. */
const NO_ANSWER_PROTOCOL = [
  { key: 'call_person', label: 'Appeler la personne' },
  { key: 'call_contact', label: 'Appeler le contact d’urgence' },
  { key: 'call_coordinator', label: 'Prévenir le coordinateur' },
  { key: 'call_emergency', label: 'Appeler les secours (15 ou 112) si personne ne répond' },
] as const;

interface ChecklistItem {
  key: string;
  label: string;
  doneAt: string | null;
  doneBy: string | null;
}

const ALERT = 'Alerte';

/** What an alert event records (alert_events.details), by kind of event. */
interface AlertEventDetails {
  severity?: string;
  ownerId?: string | null;
  from?: string;
  to?: string;
  key?: string;
  label?: string;
  done?: boolean;
  text?: string;
  outcome?: string;
}

/**
 * Raises an alert inside the caller's write (a report, a scan), with its first event; the alert
 * goes on the caller's audit trail ('alert.raise', about the person when there is one).
 */
export async function raiseAlert(
  tx: Tx,
  trail: AuditTrail,
  input: {
    organisationId: string;
    localServiceId: string | null;
    kind: AlertKind;
    severity: Severity;
    title: string;
    details?: string | null;
    personId?: string | null;
    visitorId?: string | null;
    visitId?: string | null;
    dedupeKey?: string | null;
    userId?: string | null;
  },
) {
  const checklist: ChecklistItem[] =
    input.kind === 'no_answer'
      ? NO_ANSWER_PROTOCOL.map((step) => ({ ...step, doneAt: null, doneBy: null }))
      : [];
  const [row] = await tx
    .insert(alerts)
    .values({
      organisationId: input.organisationId,
      localServiceId: input.localServiceId,
      kind: input.kind,
      severity: input.severity,
      title: input.title,
      details: input.details ?? null,
      personId: input.personId ?? null,
      visitorId: input.visitorId ?? null,
      visitId: input.visitId ?? null,
      dedupeKey: input.dedupeKey ?? null,
      checklist,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return null; // the same silence is already open
  await tx.insert(alertEvents).values({
    alertId: row.id,
    userId: input.userId ?? null,
    kind: 'created',
    details: { severity: input.severity },
  });
  trail.record({
    action: 'alert.raise',
    entityType: 'alert',
    entityId: row.id,
    subjectId: row.personId,
    after: row,
  });
  return row.id;
}

// ------------------------------------------------------------------ reading

export const alertListSchema = pagination.extend({
  status: z.enum(['active', ...ALERT_STATUSES]).default('active'),
  severity: z.enum(SEVERITIES).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  /** The alerts about one person (their file): reading them is recorded. */
  personId: uuid.optional(),
});

/** An alert about an archived file is archived with it (ADR 0012): only archive readers see it. */
const notAboutArchived = sql`not exists (select 1 from ${people} p where p.id = ${alerts.personId} and p.archived_at is not null)`;

function scopeCondition(ctx: AuthenticatedContext): SQL | undefined {
  const scope = listScope(ctx.actor, 'alert.list');
  if (scope.kind !== 'organisation') return sql`false`;
  return and(
    eq(alerts.organisationId, scope.organisationId),
    scope.localServiceId
      ? or(eq(alerts.localServiceId, scope.localServiceId), isNull(alerts.localServiceId))
      : undefined,
    can(ctx.actor, 'person.read_archived').allowed ? undefined : notAboutArchived,
  );
}

async function isAboutArchived(db: DbOrTx, personId: string | null) {
  if (!personId) return false;
  const [person] = await db
    .select({ archivedAt: people.archivedAt })
    .from(people)
    .where(eq(people.id, personId));
  return !!person?.archivedAt;
}

const SEVERITY_ORDER = sql`case ${alerts.severity} when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;

export async function listAlerts(
  ctx: AuthenticatedContext,
  input: z.infer<typeof alertListSchema>,
) {
  authorizeRole(ctx.actor, 'alert.list');
  const where = and(
    scopeCondition(ctx),
    input.status === 'active'
      ? inArray(alerts.status, ['open', 'in_progress'])
      : eq(alerts.status, input.status),
    input.severity ? eq(alerts.severity, input.severity) : undefined,
    input.kind ? eq(alerts.kind, input.kind) : undefined,
    input.personId ? eq(alerts.personId, input.personId) : undefined,
  );
  const rows = await ctx.db
    .select({
      id: alerts.id,
      kind: alerts.kind,
      severity: alerts.severity,
      status: alerts.status,
      title: alerts.title,
      createdAt: alerts.createdAt,
      personId: alerts.personId,
      personName: sql<
        string | null
      >`(select p.first_name || ' ' || p.last_name from ${people} p where p.id = ${alerts.personId})`,
      visitorName: sql<
        string | null
      >`(select v.first_name || ' ' || v.last_name from ${visitors} v where v.id = ${alerts.visitorId})`,
      ownerName: users.displayName,
    })
    .from(alerts)
    .leftJoin(users, eq(users.id, alerts.ownerId))
    .where(where)
    // The id last: a total order, so pages (and an export read page by page) never repeat a row.
    .orderBy(SEVERITY_ORDER, desc(alerts.createdAt), asc(alerts.id))
    .limit(input.pageSize + 1)
    .offset((input.page - 1) * input.pageSize);
  const [counts] = await ctx.db
    .select({
      urgent: sql<number>`count(*) filter (where ${alerts.severity} = 'urgent')::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(alerts)
    .where(and(scopeCondition(ctx), inArray(alerts.status, ['open', 'in_progress'])));
  // The alerts about one person are a read of that person's data (their titles name concerns).
  if (input.personId && rows.length) {
    await auditRead(ctx.db, ctx, {
      action: 'alert.list',
      entityType: 'person',
      entityId: input.personId,
      subjectId: input.personId,
    });
  }
  return {
    items: rows
      .slice(0, input.pageSize)
      .map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    page: input.page,
    hasMore: rows.length > input.pageSize,
    activeCount: counts?.total ?? 0,
    urgentCount: counts?.urgent ?? 0,
  };
}

type AlertRow = typeof alerts.$inferSelect;

/** An alert as the target of a write: locked, with what the policy needs. */
async function alertTarget(tx: Tx, id: string): Promise<Target<AlertRow> | null> {
  const [row] = await tx.select().from(alerts).where(eq(alerts.id, id)).for('update');
  if (!row) return null;
  return {
    row,
    scope: { organisationId: row.organisationId, localServiceId: row.localServiceId },
    entityType: 'alert',
    entityId: id,
    subjectId: row.personId,
    archived: await isAboutArchived(tx, row.personId),
  };
}

export async function readAlert(ctx: AuthenticatedContext, id: string) {
  const [row] = await ctx.db.select().from(alerts).where(eq(alerts.id, id));
  if (!row) throw notFound(ALERT);
  authorize(
    ctx.actor,
    'alert.list',
    { organisationId: row.organisationId, localServiceId: row.localServiceId },
    ALERT,
  );
  if (
    !can(ctx.actor, 'person.read_archived').allowed &&
    (await isAboutArchived(ctx.db, row.personId))
  )
    throw notFound(ALERT);
  const events = await ctx.db
    .select({
      at: alertEvents.at,
      kind: alertEvents.kind,
      details: alertEvents.details,
      userName: users.displayName,
    })
    .from(alertEvents)
    .leftJoin(users, eq(users.id, alertEvents.userId))
    .where(eq(alertEvents.alertId, id))
    .orderBy(asc(alertEvents.id));
  const [person] = row.personId
    ? await ctx.db
        .select({
          id: people.id,
          firstName: people.firstName,
          lastName: people.lastName,
          phones: people.phones,
          communeName: people.communeName,
        })
        .from(people)
        .where(eq(people.id, row.personId))
    : [];
  const [visitor] = row.visitorId
    ? await ctx.db
        .select({
          id: visitors.id,
          firstName: visitors.firstName,
          lastName: visitors.lastName,
          phone: visitors.phone,
        })
        .from(visitors)
        .where(eq(visitors.id, row.visitorId))
    : [];
  const [owner] = row.ownerId
    ? await ctx.db
        .select({ id: users.id, name: users.displayName })
        .from(users)
        .where(eq(users.id, row.ownerId))
    : [];
  await auditRead(ctx.db, ctx, {
    action: 'alert.read',
    entityType: 'alert',
    entityId: id,
    subjectId: row.personId,
  });
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    title: row.title,
    details: row.details,
    outcome: row.outcome,
    checklist: row.checklist as ChecklistItem[],
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    visitId: row.visitId,
    person: person
      ? {
          id: person.id,
          name: `${person.firstName} ${person.lastName}`,
          phones: person.phones as { number: string; label?: string }[],
          communeName: person.communeName,
        }
      : null,
    visitor: visitor
      ? { id: visitor.id, name: `${visitor.firstName} ${visitor.lastName}`, phone: visitor.phone }
      : null,
    owner: owner ?? null,
    events: events.map((e) => ({
      ...e,
      details: e.details as AlertEventDetails,
      at: e.at.toISOString(),
    })),
  };
}

// ------------------------------------------------------------------ acting

export const alertUpdateSchema = z
  .object({
    /** Take the alert ("je m’en occupe") or give it to another coordinator. */
    ownerId: uuid.nullable().optional(),
    status: z.enum(['open', 'in_progress']).optional(),
    severity: z.enum(SEVERITIES).optional(),
    /** Tick or untick a protocol step. */
    checklist: z.object({ key: z.string().max(60), done: z.boolean() }).optional(),
    note: longText(2000),
  })
  .refine((v) => v.ownerId !== undefined || v.status || v.severity || v.checklist || v.note, {
    message:
      'Rien à modifier : indiquez un responsable, un statut, une gravité, une étape ou une note.',
  });

export const alertCloseSchema = z.object({ outcome: shortText(2000) });

export async function updateAlert(
  ctx: AuthenticatedContext,
  id: string,
  input: z.infer<typeof alertUpdateSchema>,
) {
  // A note lives in the alert's history, not in the alert: the audited alert carries the note this
  // write adds (none before, the note after), so its row shows that a note was added (masked).
  let note: string | null = null;
  return write(ctx, {
    what: ALERT,
    audit: 'alert.update',
    load: async (tx) => {
      const target = await alertTarget(tx, id);
      return target && { ...target, row: { ...target.row, note } };
    },
    validate: (_tx, row) => {
      if (row.status === 'closed')
        throw conflict('closed', 'Cette alerte est close : elle ne peut plus être modifiée.');
    },
    apply: async (tx, row) => {
      const changes: Partial<typeof alerts.$inferInsert> = { updatedAt: new Date() };
      const events: { kind: string; details: Record<string, unknown> }[] = [];
      if (input.ownerId !== undefined) {
        if (input.ownerId) {
          const [owner] = await tx
            .select({ id: users.id, roles: users.roles, disabled: users.disabledAt })
            .from(users)
            .where(and(eq(users.id, input.ownerId), eq(users.organisationId, row.organisationId)));
          if (
            !owner ||
            owner.disabled ||
            !owner.roles.some((r) => r === 'coordinator' || r === 'admin')
          ) {
            throw badRequest(
              'Le responsable doit être un coordinateur ou un administrateur actif de votre organisation.',
            );
          }
        }
        changes.ownerId = input.ownerId;
        events.push({ kind: 'assigned', details: { ownerId: input.ownerId } });
        if (input.ownerId && row.status === 'open' && !input.status) changes.status = 'in_progress';
      }
      if (input.status && input.status !== row.status) {
        changes.status = input.status;
        events.push({ kind: 'status', details: { from: row.status, to: input.status } });
      }
      if (input.severity && input.severity !== row.severity) {
        changes.severity = input.severity;
        events.push({ kind: 'severity', details: { from: row.severity, to: input.severity } });
      }
      if (input.checklist) {
        const list = row.checklist as ChecklistItem[];
        const item = list.find((i) => i.key === input.checklist!.key);
        if (!item) throw badRequest('Cette étape n’existe pas dans le protocole de cette alerte.');
        changes.checklist = list.map((i) =>
          i.key === item.key
            ? {
                ...i,
                doneAt: input.checklist!.done ? new Date().toISOString() : null,
                doneBy: input.checklist!.done ? ctx.actor.id : null,
              }
            : i,
        );
        events.push({
          kind: 'checklist',
          details: { key: item.key, label: item.label, done: input.checklist.done },
        });
      }
      if (input.note) {
        events.push({ kind: 'note', details: { text: input.note } });
        note = input.note;
      }
      await tx.update(alerts).set(changes).where(eq(alerts.id, id));
      if (events.length)
        await tx
          .insert(alertEvents)
          .values(events.map((e) => ({ alertId: id, userId: ctx.actor.id, ...e })));
      return { id };
    },
  });
}

export async function closeAlert(
  ctx: AuthenticatedContext,
  id: string,
  input: z.infer<typeof alertCloseSchema>,
) {
  return write(ctx, {
    what: ALERT,
    audit: 'alert.close',
    load: (tx) => alertTarget(tx, id),
    validate: (_tx, row) => {
      if (row.status === 'closed') throw conflict('closed', 'Cette alerte est déjà close.');
    },
    apply: async (tx) => {
      const closedAt = new Date();
      await tx
        .update(alerts)
        .set({ status: 'closed', outcome: input.outcome, closedAt, updatedAt: closedAt })
        .where(eq(alerts.id, id));
      await tx.insert(alertEvents).values({
        alertId: id,
        userId: ctx.actor.id,
        kind: 'closed',
        details: { outcome: input.outcome },
      });
      return { id, status: 'closed' as const };
    },
  });
}

// ------------------------------------------------------------------ silences

/**
 * Raises the silence alerts of one organisation: active people with no visit done for
 * `silenceDays`, and visitors with visits still unreported `unreportedAfterDays` after their date.
 * An alert already open for the same person or visitor is not raised again.
 *
 * Run by the hourly job and the command line (a system context for the organisation,
 * `job:silence-scan`), or by a coordinator from the alerts page (their organisation). Each alert
 * raised leaves one 'alert.raise' row; the rows of one scan share a batch id.
 */
export async function scanSilences(ctx: RequestContext, today = serviceToday()) {
  const organisationId =
    ctx.access === 'system' ? ctx.systemOrganisationId : ctx.actor?.organisationId;
  if (!organisationId) throw new Error('a silence scan works for one organisation');
  const [organisation] = await ctx.db
    .select({ settings: organisations.settings })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  const settings = planningSettingsSchema.parse(
    (organisation?.settings as { planning?: unknown } | undefined)?.planning ?? {},
  );
  const silenceSince = addDays(today, -settings.silenceDays);
  return write(ctx, {
    ...(ctx.access === 'system' ? { systemAction: 'alert.raise' } : { audit: 'alert.raise' }),
    apply: async (tx, _none, trail) => {
      trail.batchId = `silence-scan:${randomUUID()}`;
      // Followed for longer than the silence, and no visit done since.
      const silent = await tx
        .select({
          id: people.id,
          firstName: people.firstName,
          lastName: people.lastName,
          localServiceId: people.localServiceId,
        })
        .from(people)
        .where(
          and(
            eq(people.organisationId, organisationId),
            isNull(people.mergedIntoId),
            // An archived or anonymised file is no longer followed: its silence is not a signal.
            isNull(people.archivedAt),
            isNull(people.erasedAt),
            sql`${currentStatus} = 'active'`,
            sql`exists (select 1 from ${assignments} a where a.person_id = ${people.id} and a.ended_on is null and a.started_on <= ${silenceSince})`,
            sql`not exists (select 1 from ${visits} v where v.person_id = ${people.id} and v.status = 'done' and v.date > ${silenceSince})`,
          ),
        );
      let raised = 0;
      for (const person of silent) {
        const id = await raiseAlert(tx, trail, {
          organisationId,
          localServiceId: person.localServiceId,
          kind: 'silent_person',
          severity: 'high',
          title: `Aucune visite faite depuis ${settings.silenceDays} jours : ${person.firstName} ${person.lastName}`,
          details:
            'La personne est suivie mais aucune visite n’a été faite sur la période. Vérifiez le planning et prenez de ses nouvelles.',
          personId: person.id,
          dedupeKey: `silent_person:${person.id}`,
        });
        if (id) raised++;
      }
      const overdue = addDays(today, -settings.unreportedAfterDays);
      const unreported = await tx
        .select({
          visitorId: sql<string>`vv.visitor_id`,
          count: sql<number>`count(*)::int`,
          firstName: visitors.firstName,
          lastName: visitors.lastName,
          localServiceId: visitors.localServiceId,
        })
        .from(visits)
        .innerJoin(sql`visit_visitors vv`, sql`vv.visit_id = ${visits.id}`)
        .innerJoin(visitors, sql`${visitors.id} = vv.visitor_id`)
        .where(
          and(
            eq(visits.organisationId, organisationId),
            eq(visits.status, 'planned'),
            lt(visits.date, overdue),
          ),
        )
        .groupBy(
          sql`vv.visitor_id`,
          visitors.firstName,
          visitors.lastName,
          visitors.localServiceId,
        );
      for (const row of unreported) {
        const id = await raiseAlert(tx, trail, {
          organisationId,
          localServiceId: row.localServiceId,
          kind: 'unreported_visits',
          severity: 'medium',
          title: `${row.count} visite${row.count > 1 ? 's' : ''} sans compte rendu : ${row.firstName} ${row.lastName}`,
          details: `Des visites prévues il y a plus de ${settings.unreportedAfterDays} jours n’ont pas de compte rendu.`,
          visitorId: row.visitorId,
          dedupeKey: `unreported_visits:${row.visitorId}`,
        });
        if (id) raised++;
      }
      return { silentPeople: silent.length, visitorsWithUnreported: unreported.length, raised };
    },
  });
}
