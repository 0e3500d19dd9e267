/**
 * The organisation: its settings (eligibility rule), local services and territories, and the
 * figures of the home page. Writes check permission, validate, write and audit in one transaction.
 */
import { and, asc, count, eq, gte, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/database.js';
import {
  evaluations,
  localServices,
  organisations,
  pairs,
  people,
  referrals,
  territories,
  users,
  visitors,
} from '../../db/schema.js';
import { eligibilityRuleSchema } from '../../domain/admission/eligibility.js';
import { planningSettingsSchema } from '../../domain/planning/settings.js';
import { PERSON_STATUSES } from '../../domain/admission/lifecycle.js';
import { serviceToday } from '../../domain/common/calendar.js';
import { email as emailSchema, shortText, uuid } from '../../domain/common/schemas.js';
import type { Actor } from '../../domain/permissions/policy.js';
import { loadGazetteer } from '../../geo/load-gazetteer.js';
import { auditWrite } from '../audit/audit.js';
import { authorize, authorizeRole } from '../http/authorize.js';
import type { AuthenticatedContext, RequestContext } from '../http/context.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { currentStatusSql } from '../people/queries.js';

export const ORGANISATION_KINDS = ['departement', 'ccas', 'association', 'commune', 'other'] as const;

export const settingsUpdateSchema = z.object({
  eligibility: eligibilityRuleSchema,
  /** Absent: the planning settings stay as they are. */
  planning: planningSettingsSchema.optional(),
});
export type SettingsUpdateInput = z.infer<typeof settingsUpdateSchema>;

export const localServiceCreateSchema = z.object({ name: shortText(120) });

export const territoryCreateSchema = z.object({
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'Le code postal doit comporter 5 chiffres.'),
  communeName: shortText(120),
  localServiceId: uuid.nullable().optional(),
});
export type TerritoryCreateInput = z.infer<typeof territoryCreateSchema>;

export const organisationCreateSchema = z.object({
  name: shortText(160),
  kind: z.enum(ORGANISATION_KINDS, {
    message: `Type d’organisation attendu : ${ORGANISATION_KINDS.join(', ')}.`,
  }),
  adminEmail: emailSchema,
  adminName: shortText(120),
});
export type OrganisationCreateInput = z.infer<typeof organisationCreateSchema>;

const ORGANISATION = 'Organisation';

/** The settings stored as JSON, read back through the same schema that validated them. */
function readSettings(raw: unknown) {
  const settings = (raw ?? {}) as { eligibility?: unknown; planning?: unknown };
  return {
    eligibility: eligibilityRuleSchema.parse(settings.eligibility ?? {}),
    planning: planningSettingsSchema.parse(settings.planning ?? {}),
  };
}

/** The planning and alert settings an organisation applies (the defaults where it set none). */
export async function organisationPlanningSettings(db: DbOrTx, organisationId: string) {
  const [organisation] = await db
    .select({ settings: organisations.settings })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return readSettings(organisation?.settings).planning;
}

/** The eligibility rule an organisation applies (the defaults where it set none). */
export async function organisationRule(db: DbOrTx, organisationId: string) {
  const [organisation] = await db
    .select({ settings: organisations.settings })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return readSettings(organisation?.settings).eligibility;
}

export async function readOrganisation(db: DbOrTx, actor: Actor) {
  authorizeRole(actor, 'organisation.read');
  const [organisation] = await db
    .select()
    .from(organisations)
    .where(eq(organisations.id, actor.organisationId));
  if (!organisation) throw notFound(ORGANISATION);
  const services = await db
    .select({ id: localServices.id, name: localServices.name })
    .from(localServices)
    .where(eq(localServices.organisationId, actor.organisationId))
    .orderBy(asc(localServices.name));
  const communes = await db
    .select({
      id: territories.id,
      postalCode: territories.postalCode,
      communeName: territories.communeName,
      inseeCode: territories.inseeCode,
      localServiceId: territories.localServiceId,
    })
    .from(territories)
    .where(eq(territories.organisationId, actor.organisationId))
    .orderBy(asc(territories.postalCode), asc(territories.communeName));
  return {
    id: organisation.id,
    name: organisation.name,
    kind: organisation.kind,
    settings: readSettings(organisation.settings),
    localServices: services,
    territories: communes,
  };
}

export async function updateSettings(ctx: AuthenticatedContext, input: SettingsUpdateInput) {
  const { actor } = ctx;
  authorize(actor, 'organisation.update', { organisationId: actor.organisationId }, ORGANISATION);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(organisations)
      .where(eq(organisations.id, actor.organisationId))
      .for('update');
    if (!before) throw notFound(ORGANISATION);
    const settings = {
      ...(before.settings as object),
      eligibility: input.eligibility,
      ...(input.planning ? { planning: input.planning } : {}),
    };
    const [after] = await tx
      .update(organisations)
      .set({ settings, updatedAt: new Date() })
      .where(eq(organisations.id, actor.organisationId))
      .returning();
    await auditWrite(tx, ctx, {
      action: 'organisation.update_settings',
      entityType: 'organisation',
      entityId: actor.organisationId,
      before: readSettings(before.settings),
      after: readSettings(settings),
    });
    return readSettings(after?.settings);
  });
}

export async function createLocalService(ctx: AuthenticatedContext, name: string) {
  const { actor } = ctx;
  authorize(actor, 'organisation.update', { organisationId: actor.organisationId }, ORGANISATION);
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: localServices.id })
      .from(localServices)
      .where(
        and(
          eq(localServices.organisationId, actor.organisationId),
          sql`lower(${localServices.name}) = lower(${name})`,
        ),
      );
    if (existing) {
      throw conflict('duplicate_local_service', `Un service local s’appelle déjà « ${name} ».`, {
        existingId: existing.id,
      });
    }
    const [created] = await tx
      .insert(localServices)
      .values({ organisationId: actor.organisationId, name })
      .returning();
    if (!created) throw new Error('insert into local_services returned no row');
    await auditWrite(tx, ctx, {
      action: 'organisation.create_local_service',
      entityType: 'local_service',
      entityId: created.id,
      after: { name: created.name },
    });
    return { id: created.id, name: created.name };
  });
}

/** Checks that a local service belongs to the actor's organisation (a foreign one answers 400). */
export async function checkLocalService(db: DbOrTx, organisationId: string, localServiceId: string) {
  const [service] = await db
    .select({ id: localServices.id })
    .from(localServices)
    .where(and(eq(localServices.id, localServiceId), eq(localServices.organisationId, organisationId)));
  if (!service) {
    throw badRequest('Ce service local n’existe pas dans votre organisation.', {
      issues: [{ path: 'body.localServiceId', message: 'Service local inconnu.' }],
    });
  }
}

/**
 * The local service a record is attached to: one of the organisation's, and for a user attached
 * to a local service, theirs (`ownServiceMessage` says so otherwise). None given: the user's own.
 */
export async function resolveLocalService(
  db: DbOrTx,
  actor: Actor,
  localServiceId: string | null,
  ownServiceMessage: string,
): Promise<string | null> {
  if (actor.localServiceId && localServiceId && localServiceId !== actor.localServiceId) {
    throw badRequest(ownServiceMessage, { field: 'localServiceId' });
  }
  if (!localServiceId) return actor.localServiceId;
  await checkLocalService(db, actor.organisationId, localServiceId);
  return localServiceId;
}

/** A commune is only accepted as it is in the gazetteer: its official name is what is stored. */
export async function createTerritory(ctx: AuthenticatedContext, input: TerritoryCreateInput) {
  const { actor } = ctx;
  authorize(actor, 'organisation.update', { organisationId: actor.organisationId }, ORGANISATION);
  const gazetteer = await loadGazetteer();
  const found = gazetteer.locate({ postalCode: input.postalCode, commune: input.communeName });
  let communeName: string;
  if (found.status === 'located') communeName = found.communeName;
  else if (found.status === 'not_found' && found.code === 'no_coordinates') communeName = input.communeName;
  else {
    const candidates = found.status === 'ambiguous' ? found.candidates.slice(0, 10) : [];
    throw badRequest(found.reason, {
      issues: [{ path: 'body.communeName', message: found.reason }],
      candidates: candidates.map((c) => ({ postalCode: c.postalCode, communeName: c.name })),
    });
  }
  return ctx.db.transaction(async (tx) => {
    if (input.localServiceId) await checkLocalService(tx, actor.organisationId, input.localServiceId);
    const [existing] = await tx
      .select({ id: territories.id })
      .from(territories)
      .where(
        and(
          eq(territories.organisationId, actor.organisationId),
          eq(territories.postalCode, input.postalCode),
          eq(territories.communeName, communeName),
        ),
      );
    if (existing) {
      throw conflict(
        'duplicate_territory',
        `${communeName} (${input.postalCode}) fait déjà partie du territoire.`,
        { existingId: existing.id },
      );
    }
    const [created] = await tx
      .insert(territories)
      .values({
        organisationId: actor.organisationId,
        postalCode: input.postalCode,
        communeName,
        localServiceId: input.localServiceId ?? null,
      })
      .returning();
    if (!created) throw new Error('insert into territories returned no row');
    const view = {
      id: created.id,
      postalCode: created.postalCode,
      communeName: created.communeName,
      inseeCode: created.inseeCode,
      localServiceId: created.localServiceId,
    };
    await auditWrite(tx, ctx, {
      action: 'organisation.add_territory',
      entityType: 'territory',
      entityId: created.id,
      after: view,
    });
    return view;
  });
}

export async function deleteTerritory(ctx: AuthenticatedContext, id: string) {
  const { actor } = ctx;
  return ctx.db.transaction(async (tx) => {
    const [territory] = await tx.select().from(territories).where(eq(territories.id, id));
    if (!territory) throw notFound('Commune du territoire');
    authorize(actor, 'organisation.update', { organisationId: territory.organisationId }, 'Commune du territoire');
    await tx.delete(territories).where(eq(territories.id, id));
    await auditWrite(tx, ctx, {
      action: 'organisation.remove_territory',
      entityType: 'territory',
      entityId: id,
      before: { postalCode: territory.postalCode, communeName: territory.communeName },
    });
  });
}

/**
 * The home page figures, for what the user may see: the whole organisation, or their local
 * service. Counts only, never names.
 */
export async function organisationStats(db: DbOrTx, actor: Actor) {
  authorizeRole(actor, 'stats.read');
  const org = actor.organisationId;
  const service = actor.localServiceId;
  const peopleWhere = and(
    eq(people.organisationId, org),
    isNull(people.mergedIntoId),
    service ? eq(people.localServiceId, service) : undefined,
  );
  const byStatusRows = await db
    .select({ status: currentStatusSql, n: count() })
    .from(people)
    .where(peopleWhere)
    .groupBy(currentStatusSql);
  const peopleByStatus: Record<string, number> = {};
  for (const status of PERSON_STATUSES) peopleByStatus[status] = 0;
  let peopleTotal = 0;
  for (const row of byStatusRows) {
    peopleByStatus[String(row.status)] = row.n;
    peopleTotal += row.n;
  }
  const [toLocate] = await db
    .select({ n: count() })
    .from(people)
    .where(and(peopleWhere, eq(people.locationStatus, 'to_locate')));
  const today = serviceToday();
  const [visitorsActive] = await db
    .select({ n: count() })
    .from(visitors)
    .where(
      and(
        eq(visitors.organisationId, org),
        service ? eq(visitors.localServiceId, service) : undefined,
        sql`(${visitors.endedOn} is null or ${visitors.endedOn} > ${today})`,
      ),
    );
  const [pairsActive] = await db
    .select({ n: count() })
    .from(pairs)
    .where(
      and(
        eq(pairs.organisationId, org),
        service ? eq(pairs.localServiceId, service) : undefined,
        isNull(pairs.dissolvedOn),
      ),
    );
  const [referralsOpen] = await db
    .select({ n: count() })
    .from(referrals)
    .where(and(eq(referrals.organisationId, org), sql`${referrals.status} in ('submitted', 'in_review')`));
  const [evaluationsThisYear] = await db
    .select({ n: count() })
    .from(evaluations)
    .innerJoin(people, eq(people.id, evaluations.personId))
    .where(and(peopleWhere, gte(evaluations.evaluatedOn, `${today.slice(0, 4)}-01-01`)));
  return {
    peopleTotal,
    toLocate: toLocate?.n ?? 0,
    visitorsActive: visitorsActive?.n ?? 0,
    pairsActive: pairsActive?.n ?? 0,
    referralsOpen: referralsOpen?.n ?? 0,
    evaluationsThisYear: evaluationsThisYear?.n ?? 0,
    peopleByStatus,
  };
}

/**
 * Creates an organisation and its first administrator (CLI: `convivialite create-organisation`).
 * The administrator gets an invitation link to choose a password; nothing is e-mailed here, the
 * caller decides (the CLI sends it and prints it).
 */
export async function createOrganisation(
  db: Db,
  ctx: Pick<RequestContext, 'ip'>,
  input: OrganisationCreateInput,
) {
  const parsed = organisationCreateSchema.parse(input);
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.email})`, parsed.adminEmail));
    if (taken) {
      throw conflict('email_taken', `Un compte existe déjà pour ${parsed.adminEmail}.`);
    }
    const [organisation] = await tx
      .insert(organisations)
      .values({ name: parsed.name, kind: parsed.kind, settings: {} })
      .returning();
    if (!organisation) throw new Error('insert into organisations returned no row');
    const [admin] = await tx
      .insert(users)
      .values({
        organisationId: organisation.id,
        email: parsed.adminEmail,
        displayName: parsed.adminName,
        roles: ['admin'],
      })
      .returning();
    if (!admin) throw new Error('insert into users returned no row');
    const actor: Actor = {
      id: admin.id,
      organisationId: organisation.id,
      localServiceId: null,
      roles: ['admin'],
      visitorId: null,
    };
    await auditWrite(tx, { actor, ip: ctx.ip }, {
      action: 'organisation.create',
      entityType: 'organisation',
      entityId: organisation.id,
      after: { name: organisation.name, kind: organisation.kind, adminEmail: admin.email },
    });
    return { organisation, admin };
  });
}
