/**
 * Reads of neighbour help (ADR 0033): the organisation's kinds of help, the animator's list of
 * neighbours, one neighbour's offer, and the validated neighbours the request matching ranks.
 */
import { and, asc, count, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern, type DbOrTx } from '../../db/database.js';
import {
  helpKinds,
  neighbourProfiles,
  visitorAvailability,
  visitorDocuments,
  visitors,
} from '../../db/schema.js';
import {
  neighbourValidation,
  type NeighbourValidation,
  type NotifyChannel,
} from '../../domain/neighbours/model.js';
import type { NeighbourListQuery } from '../../domain/neighbours/api.js';
import type { ListScope } from '../../domain/permissions/policy.js';
import {
  isJourneyStage,
  JOURNEY_STAGE_LABELS,
  type JourneyDocument,
} from '../../domain/visitors/journey.js';
import { organisationFollowUpSettings } from '../organisations/service.js';
import { hhmm } from '../visitors/queries.js';

/** The kinds of help of an organisation, in their order (the inactive ones too unless asked). */
export async function listHelpKinds(
  db: DbOrTx,
  organisationId: string,
  options: { activeOnly?: boolean } = {},
) {
  return db
    .select({
      id: helpKinds.id,
      code: helpKinds.code,
      label: helpKinds.label,
      active: helpKinds.active,
      position: helpKinds.position,
    })
    .from(helpKinds)
    .where(
      and(
        eq(helpKinds.organisationId, organisationId),
        options.activeOnly ? eq(helpKinds.active, true) : undefined,
      ),
    )
    .orderBy(asc(helpKinds.position), asc(helpKinds.label));
}

/** code → label, for the offers' names (an unknown code shows as itself). */
const labelsOf = (kinds: readonly { code: string; label: string }[]) =>
  new Map(kinds.map((k) => [k.code, k.label]));

const offersOf = (codes: readonly string[], labels: ReadonlyMap<string, string>) =>
  codes.map((code) => ({ code, label: labels.get(code) ?? code }));

/** The documents of these visitors, by visitor (the readiness's input). */
async function documentsOf(db: DbOrTx, visitorIds: readonly string[]) {
  const byVisitor = new Map<string, JourneyDocument[]>();
  if (visitorIds.length === 0) return byVisitor;
  const rows = await db
    .select({
      visitorId: visitorDocuments.visitorId,
      kind: visitorDocuments.kind,
      version: visitorDocuments.version,
      receivedOn: visitorDocuments.receivedOn,
      expiresOn: visitorDocuments.expiresOn,
      createdAt: visitorDocuments.createdAt,
    })
    .from(visitorDocuments)
    .where(inArray(visitorDocuments.visitorId, [...visitorIds]));
  for (const { visitorId, ...doc } of rows) {
    const list = byVisitor.get(visitorId) ?? [];
    list.push(doc);
    byVisitor.set(visitorId, list);
  }
  return byVisitor;
}

interface ValidationSubject {
  id: string;
  kind: string;
  roles: string[];
  journeyStage: string;
  suspendedReason: string | null;
  suspendedUntil: string | null;
  endedOn: string | null;
}

/** Each neighbour's validation on `today`: one query for the documents, one for the settings. */
async function validationsOf(
  db: DbOrTx,
  organisationId: string,
  subjects: readonly ValidationSubject[],
  today: string,
): Promise<Map<string, NeighbourValidation>> {
  const result = new Map<string, NeighbourValidation>();
  if (subjects.length === 0) return result;
  const settings = await organisationFollowUpSettings(db, organisationId);
  const documents = await documentsOf(
    db,
    subjects.map((s) => s.id),
  );
  for (const s of subjects)
    result.set(
      s.id,
      neighbourValidation(
        s,
        documents.get(s.id) ?? [],
        settings.requiredDocuments,
        today,
        settings.expiryWarningDays,
      ),
    );
  return result;
}

const isNeighbour = sql`'neighbour_help' = any(${visitors.roles})`;

function scopeCondition(scope: ListScope): SQL | undefined {
  if (scope.kind !== 'organisation') return sql`false`;
  return and(
    eq(visitors.organisationId, scope.organisationId),
    scope.localServiceId
      ? or(eq(visitors.localServiceId, scope.localServiceId), isNull(visitors.localServiceId))
      : undefined,
  );
}

/** The animator's list: neighbours by name, filtered by kind of help, commune and stage. */
export async function listNeighbours(
  db: DbOrTx,
  scope: ListScope,
  filters: NeighbourListQuery,
  today: string,
) {
  if (scope.kind !== 'organisation')
    return { items: [], total: 0, page: filters.page, pageSize: filters.pageSize };
  const conditions: (SQL | undefined)[] = [scopeCondition(scope), isNeighbour];
  if (filters.helpKind)
    conditions.push(sql`${neighbourProfiles.offers} @> array[${filters.helpKind}]::text[]`);
  if (filters.commune) {
    const digits = filters.commune.replace(/\D/g, '');
    conditions.push(
      digits.length === 5 && digits === filters.commune.trim()
        ? eq(visitors.postalCode, digits)
        : sql`search_key(coalesce(${visitors.communeName}, '')) like search_key(${containsPattern(filters.commune)})`,
    );
  }
  if (filters.stage) conditions.push(eq(visitors.journeyStage, filters.stage));
  const where = and(...conditions);
  const [totalRow] = await db
    .select({ total: count() })
    .from(visitors)
    .innerJoin(neighbourProfiles, eq(neighbourProfiles.visitorId, visitors.id))
    .where(where);
  const rows = await db
    .select({
      id: visitors.id,
      kind: visitors.kind,
      roles: visitors.roles,
      firstName: visitors.firstName,
      lastName: visitors.lastName,
      phone: visitors.phone,
      email: visitors.email,
      postalCode: visitors.postalCode,
      communeName: visitors.communeName,
      journeyStage: visitors.journeyStage,
      suspendedReason: visitors.suspendedReason,
      suspendedUntil: visitors.suspendedUntil,
      endedOn: visitors.endedOn,
      offers: neighbourProfiles.offers,
      maxDistanceKm: neighbourProfiles.maxDistanceKm,
      weeklyLimit: neighbourProfiles.weeklyLimit,
      notifyBy: neighbourProfiles.notifyBy,
    })
    .from(visitors)
    .innerJoin(neighbourProfiles, eq(neighbourProfiles.visitorId, visitors.id))
    .where(where)
    .orderBy(
      asc(sql`search_key(${visitors.lastName})`),
      asc(sql`search_key(${visitors.firstName})`),
      asc(visitors.id),
    )
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize);
  const labels = labelsOf(await listHelpKinds(db, scope.organisationId));
  const validations = await validationsOf(db, scope.organisationId, rows, today);
  const items = rows.map((row) => {
    const stage = isJourneyStage(row.journeyStage) ? row.journeyStage : 'active';
    return {
      id: row.id,
      firstName: row.firstName,
      lastName: row.lastName,
      phone: row.phone,
      email: row.email,
      postalCode: row.postalCode,
      communeName: row.communeName,
      journeyStage: stage,
      stageLabel: JOURNEY_STAGE_LABELS[stage],
      offers: offersOf(row.offers, labels),
      maxDistanceKm: row.maxDistanceKm,
      weeklyLimit: row.weeklyLimit,
      notifyBy: row.notifyBy as NotifyChannel,
      validated: validations.get(row.id)?.validated ?? false,
    };
  });
  return { items, total: totalRow?.total ?? 0, page: filters.page, pageSize: filters.pageSize };
}

const slotsOf = async (db: DbOrTx, visitorIds: readonly string[]) => {
  const byVisitor = new Map<string, { weekday: number; startTime: string; endTime: string }[]>();
  if (visitorIds.length === 0) return byVisitor;
  const rows = await db
    .select()
    .from(visitorAvailability)
    .where(inArray(visitorAvailability.visitorId, [...visitorIds]))
    .orderBy(asc(visitorAvailability.weekday), asc(visitorAvailability.startTime));
  for (const s of rows) {
    const list = byVisitor.get(s.visitorId) ?? [];
    list.push({ weekday: s.weekday, startTime: hhmm(s.startTime), endTime: hhmm(s.endTime) });
    byVisitor.set(s.visitorId, list);
  }
  return byVisitor;
};

/** One visitor's neighbour section: roles, offer (null before one is saved), home, availability. */
export async function neighbourOf(
  db: DbOrTx,
  visitor: typeof visitors.$inferSelect,
  today: string,
) {
  const [profile] = await db
    .select()
    .from(neighbourProfiles)
    .where(eq(neighbourProfiles.visitorId, visitor.id));
  const labels = labelsOf(await listHelpKinds(db, visitor.organisationId));
  const validation = (await validationsOf(db, visitor.organisationId, [visitor], today)).get(
    visitor.id,
  )!;
  return {
    visitorId: visitor.id,
    roles: visitor.roles.filter((r): r is 'visits' | 'neighbour_help' =>
      ['visits', 'neighbour_help'].includes(r),
    ),
    profile: profile
      ? {
          offers: offersOf(profile.offers, labels),
          maxDistanceKm: profile.maxDistanceKm,
          weeklyLimit: profile.weeklyLimit,
          notifyBy: profile.notifyBy as NotifyChannel,
          notes: profile.notes,
        }
      : null,
    home: {
      communeName: visitor.communeName,
      located: visitor.latitude !== null && visitor.longitude !== null,
    },
    availability: (await slotsOf(db, [visitor.id])).get(visitor.id) ?? [],
    validation,
  };
}

/** A validated neighbour as the request matching ranks them (issue 13, point 3). */
export interface NeighbourCandidate {
  visitorId: string;
  firstName: string;
  lastName: string;
  localServiceId: string | null;
  communeName: string | null;
  home: { lat: number; lon: number };
  offers: string[];
  maxDistanceKm: number;
  weeklyLimit: number;
  notifyBy: NotifyChannel;
  phone: string | null;
  email: string | null;
  /** Weekly availability (ISO weekday, HH:MM). */
  availability: { weekday: number; startTime: string; endTime: string }[];
  /** Documents to renew soon (validated still). */
  warnings: string[];
}

/**
 * The neighbours the request matching may rank (for the integrator): of one organisation, with
 * the neighbour role and a profile, located, validated today (journey active, not suspended, the
 * required documents valid), offering `helpKind` when given. Distance, time, blocks and the weekly
 * count of helps given are the ranking's (it knows the request).
 */
export async function neighbourCandidatesBase(
  db: DbOrTx,
  organisationId: string,
  options: { today: string; helpKind?: string; localServiceId?: string | null },
): Promise<NeighbourCandidate[]> {
  const rows = await db
    .select({
      id: visitors.id,
      kind: visitors.kind,
      roles: visitors.roles,
      firstName: visitors.firstName,
      lastName: visitors.lastName,
      localServiceId: visitors.localServiceId,
      communeName: visitors.communeName,
      latitude: visitors.latitude,
      longitude: visitors.longitude,
      phone: visitors.phone,
      email: visitors.email,
      journeyStage: visitors.journeyStage,
      suspendedReason: visitors.suspendedReason,
      suspendedUntil: visitors.suspendedUntil,
      endedOn: visitors.endedOn,
      offers: neighbourProfiles.offers,
      maxDistanceKm: neighbourProfiles.maxDistanceKm,
      weeklyLimit: neighbourProfiles.weeklyLimit,
      notifyBy: neighbourProfiles.notifyBy,
    })
    .from(visitors)
    .innerJoin(neighbourProfiles, eq(neighbourProfiles.visitorId, visitors.id))
    .where(
      and(
        eq(visitors.organisationId, organisationId),
        isNeighbour,
        // Cheap filters first; the readiness (documents, suspension's end) decides after.
        sql`${visitors.journeyStage} in ('active', 'suspended')`,
        sql`${visitors.latitude} is not null and ${visitors.longitude} is not null`,
        options.helpKind
          ? sql`${neighbourProfiles.offers} @> array[${options.helpKind}]::text[]`
          : undefined,
        options.localServiceId
          ? or(eq(visitors.localServiceId, options.localServiceId), isNull(visitors.localServiceId))
          : undefined,
      ),
    );
  const validations = await validationsOf(db, organisationId, rows, options.today);
  const validated = rows.filter((r) => validations.get(r.id)?.validated);
  const slots = await slotsOf(
    db,
    validated.map((r) => r.id),
  );
  return validated.map((r) => ({
    visitorId: r.id,
    firstName: r.firstName,
    lastName: r.lastName,
    localServiceId: r.localServiceId,
    communeName: r.communeName,
    home: { lat: r.latitude!, lon: r.longitude! },
    offers: r.offers,
    maxDistanceKm: r.maxDistanceKm,
    weeklyLimit: r.weeklyLimit,
    notifyBy: r.notifyBy as NotifyChannel,
    phone: r.phone,
    email: r.email,
    availability: slots.get(r.id) ?? [],
    warnings: validations.get(r.id)?.warnings ?? [],
  }));
}
