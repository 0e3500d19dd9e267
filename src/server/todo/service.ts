/**
 * « À faire », the coordinator's day (issue 12, section 4), and the callbacks worklist: what the
 * signed-in user has to do today, section by section, each line leading to the place to act.
 * Each section is shown only to the roles whose policy lets them act on it; each reads one
 * statement (src/server/todo/queries.ts); the people named are recorded as read, in one
 * statement, as the visitor's day does.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../db/schema.js';
import { serviceToday } from '../../domain/common/calendar.js';
import { pagination, uuid } from '../../domain/common/schemas.js';
import { can, type Action } from '../../domain/permissions/policy.js';
import {
  TODO_LINES_PER_SECTION,
  TODO_SECTIONS,
  TODO_SECTION_PAGE_SIZE,
  buildLines,
  sectionEmpty,
  sectionHeading,
  sectionTitle,
  seeAllHref,
  urgencyOf,
  lineHref,
  type TodoSection,
} from '../../domain/todo/sections.js';
import { auditRead } from '../audit/audit.js';
import { authorizeRole } from '../http/authorize.js';
import type { AuthenticatedContext } from '../http/context.js';
import { forbidden, notFound } from '../http/errors.js';
import { organisationFollowUpSettings } from '../organisations/service.js';
import {
  alertsSection,
  applicationsSection,
  callbackOwners,
  callbackRows,
  callbacksSection,
  documentsExpiringSection,
  documentsMissingSection,
  firstMeetingsSection,
  reviewsSection,
  suspensionsEndingSection,
  trialsSection,
  type Paging,
  type SectionRows,
  type TodoScope,
} from './queries.js';

const flag = z.enum(['0', '1'], { message: 'Valeur attendue : 0 ou 1.' });

export const todoQuerySchema = z.object({
  /** The whole service (administrators and coordinators), not only what is the user's own. */
  all: flag.optional(),
  /** One section, whole and paged (« voir tout »). */
  section: z
    .enum(TODO_SECTIONS, { message: `Rubrique attendue : ${TODO_SECTIONS.join(', ')}.` })
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

/** Who sees a section: the roles that may act on what it lists. */
const SECTION_ACTION: Record<TodoSection, Action> = {
  callbacks: 'contact.list',
  alerts: 'alert.list',
  firstMeetings: 'match.read',
  trials: 'match.read',
  reviews: 'match.read',
  documentsExpiring: 'journey.read',
  documentsMissing: 'journey.read',
  suspensionsEnding: 'journey.read',
  applications: 'journey.read',
};

/** The whole service's lists (everyone's callbacks, every first meeting): who may ask for them. */
const seesEveryone = (ctx: AuthenticatedContext) =>
  ctx.actor.roles.includes('admin') || ctx.actor.roles.includes('coordinator');

function scopeOf(ctx: AuthenticatedContext, all: boolean): TodoScope {
  if (all && !seesEveryone(ctx))
    throw forbidden(
      'Seuls les administrateurs et les coordinateurs voient ce qui est à faire pour tout le service.',
    );
  return {
    organisationId: ctx.actor.organisationId,
    localServiceId: ctx.actor.localServiceId,
    userId: ctx.actor.id,
    all,
    seeArchived: can(ctx.actor, 'person.read_archived').allowed,
    today: serviceToday(),
  };
}

/** The people a list names, recorded as read in one statement (none: no statement). */
async function auditPeople(ctx: AuthenticatedContext, personIds: Iterable<string>, action: string) {
  const ids = [...new Set(personIds)];
  await auditRead(
    ctx.db,
    ctx,
    ids.map((id) => ({ action, entityType: 'person', entityId: id, subjectId: id })),
  );
}

export async function readTodo(ctx: AuthenticatedContext, input: z.infer<typeof todoQuerySchema>) {
  authorizeRole(ctx.actor, 'todo.read');
  const all = input.all === '1';
  const scope = scopeOf(ctx, all);
  const one = input.section ?? null;
  if (one) authorizeRole(ctx.actor, SECTION_ACTION[one]);
  const visible = TODO_SECTIONS.filter(
    (s) => (one ? s === one : true) && can(ctx.actor, SECTION_ACTION[s]).allowed,
  );
  const paging: Paging = one
    ? { limit: TODO_SECTION_PAGE_SIZE + 1, offset: (input.page - 1) * TODO_SECTION_PAGE_SIZE }
    : { limit: TODO_LINES_PER_SECTION, offset: 0 };
  const needsSettings = visible.some((s) => s === 'documentsExpiring' || s === 'documentsMissing');
  const settings = needsSettings
    ? await organisationFollowUpSettings(ctx.db, scope.organisationId)
    : null;
  const labels = new Map(settings?.requiredDocuments.map((d) => [d.key, d.label]) ?? []);
  const read = (section: TodoSection): Promise<SectionRows> => {
    switch (section) {
      case 'callbacks':
        return callbacksSection(ctx.db, scope, paging);
      case 'alerts':
        return alertsSection(ctx.db, scope, paging);
      case 'firstMeetings':
        return firstMeetingsSection(ctx.db, scope, paging);
      case 'trials':
        return trialsSection(ctx.db, scope, paging);
      case 'reviews':
        return reviewsSection(ctx.db, scope, paging);
      case 'documentsExpiring':
        return documentsExpiringSection(ctx.db, scope, paging, settings!.expiryWarningDays, labels);
      case 'documentsMissing':
        return documentsMissingSection(ctx.db, scope, paging, settings!.requiredDocuments);
      case 'suspensionsEnding':
        return suspensionsEndingSection(ctx.db, scope, paging);
      case 'applications':
        return applicationsSection(ctx.db, scope, paging);
    }
  };
  // One after the other: a request holds one connection at a time (PGlite has one).
  const results: [TodoSection, SectionRows][] = [];
  for (const section of visible) results.push([section, await read(section)]);
  let hasMore = false;
  const sections = results.map(([key, found]) => {
    let rows = found.rows;
    if (one && rows.length > TODO_SECTION_PAGE_SIZE) {
      hasMore = true;
      rows = rows.slice(0, TODO_SECTION_PAGE_SIZE);
    }
    return {
      key,
      title: sectionTitle(key),
      heading: sectionHeading(key, found.total, found.flagged),
      empty: sectionEmpty(key),
      total: found.total,
      flagged: found.flagged,
      lines: buildLines(key, rows, scope.today).map((line) => ({
        ...line,
        lastContact: line.lastContact ?? null,
      })),
      seeAll: seeAllHref(key, all),
    };
  });
  const named = sections.flatMap((s) =>
    s.lines.filter((l) => l.subjectKind === 'person').map((l) => l.subjectId),
  );
  await auditPeople(ctx, named, 'todo.read');
  return { today: scope.today, all, sections, page: input.page, hasMore };
}

// ------------------------------------------------------------------ the callbacks worklist

export const callbackListSchema = pagination.extend({
  /** The staff member whose callbacks (administrators and coordinators); default: me. */
  ownerId: uuid.optional(),
  /** Everyone's callbacks in the service (administrators and coordinators). */
  all: flag.optional(),
  /** `due` (default): today's and the late ones; `all`: the coming ones too. */
  when: z.enum(['due', 'all'], { message: 'Valeur attendue : due ou all.' }).default('due'),
});

export async function listCallbacks(
  ctx: AuthenticatedContext,
  input: z.infer<typeof callbackListSchema>,
) {
  authorizeRole(ctx.actor, 'contact.list');
  const everyone = input.all === '1';
  const other = input.ownerId && input.ownerId !== ctx.actor.id ? input.ownerId : null;
  if ((everyone || other) && !seesEveryone(ctx))
    throw forbidden(
      'Seuls les administrateurs et les coordinateurs voient les rappels d’un autre membre du personnel.',
    );
  const scope = scopeOf(ctx, everyone);
  if (other) {
    const [owner] = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, other), eq(users.organisationId, scope.organisationId)));
    if (!owner) throw notFound('Membre du personnel');
  }
  const ownerId = everyone ? null : (other ?? ctx.actor.id);
  const rows = await callbackRows(
    ctx.db,
    scope,
    { ownerId, until: input.when === 'due' ? scope.today : null },
    { limit: input.pageSize, offset: (input.page - 1) * input.pageSize },
  );
  const items = rows.map((r) => {
    const subjectKind = r.personId ? ('person' as const) : ('visitor' as const);
    const subjectId = (r.personId ?? r.visitorId)!;
    const todoRow = { id: r.id, subjectKind, subjectId, name: '', dueOn: r.callbackOn };
    return {
      id: r.id,
      subjectKind,
      subjectId,
      name: (r.personName ?? r.visitorName) || '',
      phone: r.carerPhone ?? r.personPhone ?? r.visitorPhone,
      carerName: r.carerName,
      callbackOn: r.callbackOn!,
      ownerId: r.ownerId,
      ownerName: r.ownerName,
      purpose: r.purpose,
      urgency: urgencyOf('callbacks', todoRow, scope.today),
      href: lineHref('callbacks', todoRow),
      lastContact: r.lastContact,
    };
  });
  await auditPeople(
    ctx,
    items.filter((i) => i.subjectKind === 'person').map((i) => i.subjectId),
    'contact.callbacks',
  );
  // Administrators and coordinators choose whose callbacks to see: the staff with some pending.
  const owners = seesEveryone(ctx) ? await callbackOwners(ctx.db, scope) : [];
  const totalCount = rows[0]?.total ?? 0;
  const overdue = rows[0]?.flagged ?? 0;
  return {
    items,
    total: totalCount,
    overdue,
    page: input.page,
    pageSize: input.pageSize,
    ownerId,
    heading: sectionHeading('callbacks', totalCount, overdue),
    owners,
  };
}
