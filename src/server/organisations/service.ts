/**
 * The organisation: its settings (eligibility rule), local services and territories, and the
 * figures of the home page. Writes go through the write mechanism (src/server/write/write.ts).
 */
import { and, asc, count, eq, gte, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/database.js';
import {
  authTokens,
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
import { followUpSettingsSchema } from '../../domain/follow-up/settings.js';
import { PERSON_STATUSES } from '../../domain/admission/lifecycle.js';
import { serviceToday } from '../../domain/common/calendar.js';
import { email as emailSchema, shortText, uuid } from '../../domain/common/schemas.js';
import type { Actor } from '../../domain/permissions/policy.js';
import { loadGazetteer } from '../../geo/load-gazetteer.js';
import { authorizeRole } from '../http/authorize.js';
import { insertDefaultHelpKinds } from '../neighbours/defaults.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import type { AuthenticatedContext, RequestContext } from '../http/context.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { currentStatus } from '../people/queries.js';

export const ORGANISATION_KINDS = [
  'departement',
  'ccas',
  'association',
  'commune',
  'other',
] as const;

export const settingsUpdateSchema = z.object({
  eligibility: eligibilityRuleSchema,
  /** Absent: the planning settings stay as they are. */
  planning: planningSettingsSchema.optional(),
  /** Absent: the follow-up settings (trial, reviews, required documents) stay as they are. */
  followUp: followUpSettingsSchema.optional(),
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

const organisationCreateSchema = z.object({
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
  const settings = (raw ?? {}) as {
    eligibility?: unknown;
    planning?: unknown;
    followUp?: unknown;
  };
  return {
    eligibility: eligibilityRuleSchema.parse(settings.eligibility ?? {}),
    planning: planningSettingsSchema.parse(settings.planning ?? {}),
    followUp: followUpSettingsSchema.parse(settings.followUp ?? {}),
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

/** The follow-up settings an organisation applies: trial, reviews, required documents. */
export async function organisationFollowUpSettings(db: DbOrTx, organisationId: string) {
  const [organisation] = await db
    .select({ settings: organisations.settings })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return readSettings(organisation?.settings).followUp;
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

type OrganisationRow = typeof organisations.$inferSelect;

/**
 * The organisation as the target of a write: locked, its settings as they apply (the defaults
 * filled in, other keys kept) so the audit diff shows the rule before and after.
 */
async function organisationTarget(tx: Tx, id: string): Promise<Target<OrganisationRow> | null> {
  const [row] = await tx.select().from(organisations).where(eq(organisations.id, id)).for('update');
  if (!row) return null;
  return {
    row: { ...row, settings: { ...(row.settings as object), ...readSettings(row.settings) } },
    scope: { organisationId: id },
    entityType: 'organisation',
    entityId: id,
  };
}

/** For what is created in the organisation (a local service, a commune): locked, one at a time. */
async function lockOrganisation(tx: Tx, id: string) {
  const [row] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.id, id))
    .for('update');
  return row ? { organisationId: row.id } : null;
}

export async function updateSettings(ctx: AuthenticatedContext, input: SettingsUpdateInput) {
  return write(ctx, {
    what: ORGANISATION,
    audit: 'organisation.update_settings',
    load: (tx) => organisationTarget(tx, ctx.actor.organisationId),
    apply: async (tx, before) => {
      const settings = {
        ...(before.settings as object),
        eligibility: input.eligibility,
        ...(input.planning ? { planning: input.planning } : {}),
        ...(input.followUp ? { followUp: input.followUp } : {}),
      };
      const [after] = await tx
        .update(organisations)
        .set({ settings, updatedAt: new Date() })
        .where(eq(organisations.id, ctx.actor.organisationId))
        .returning();
      return readSettings(after?.settings);
    },
  });
}

export async function createLocalService(ctx: AuthenticatedContext, name: string) {
  const { actor } = ctx;
  return write(ctx, {
    what: ORGANISATION,
    audit: 'organisation.create_local_service',
    scope: (tx) => lockOrganisation(tx, actor.organisationId),
    validate: async (tx) => {
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
    },
    apply: async (tx, _none, trail) => {
      const [created] = await tx
        .insert(localServices)
        .values({ organisationId: actor.organisationId, name })
        .returning();
      if (!created) throw new Error('insert into local_services returned no row');
      trail.record({ entityType: 'local_service', entityId: created.id, after: created });
      return { id: created.id, name: created.name };
    },
  });
}

/** Checks that a local service belongs to the actor's organisation (a foreign one answers 400). */
export async function checkLocalService(
  db: DbOrTx,
  organisationId: string,
  localServiceId: string,
) {
  const [service] = await db
    .select({ id: localServices.id })
    .from(localServices)
    .where(
      and(eq(localServices.id, localServiceId), eq(localServices.organisationId, organisationId)),
    );
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
  const gazetteer = await loadGazetteer();
  const found = gazetteer.locate({ postalCode: input.postalCode, commune: input.communeName });
  let communeName: string;
  if (found.status === 'located') communeName = found.communeName;
  else if (found.status === 'not_found' && found.code === 'no_coordinates')
    communeName = input.communeName;
  else {
    const candidates = found.status === 'ambiguous' ? found.candidates.slice(0, 10) : [];
    throw badRequest(found.reason, {
      issues: [{ path: 'body.communeName', message: found.reason }],
      candidates: candidates.map((c) => ({ postalCode: c.postalCode, communeName: c.name })),
    });
  }
  return write(ctx, {
    what: ORGANISATION,
    audit: 'organisation.add_territory',
    scope: (tx) => lockOrganisation(tx, actor.organisationId),
    validate: async (tx) => {
      if (input.localServiceId)
        await checkLocalService(tx, actor.organisationId, input.localServiceId);
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
    },
    apply: async (tx, _none, trail) => {
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
      trail.record({ entityType: 'territory', entityId: created.id, after: created });
      return {
        id: created.id,
        postalCode: created.postalCode,
        communeName: created.communeName,
        inseeCode: created.inseeCode,
        localServiceId: created.localServiceId,
      };
    },
  });
}

export async function deleteTerritory(ctx: AuthenticatedContext, id: string) {
  await write(ctx, {
    what: 'Commune du territoire',
    audit: 'organisation.remove_territory',
    load: async (tx) => {
      const [territory] = await tx
        .select()
        .from(territories)
        .where(eq(territories.id, id))
        .for('update');
      if (!territory) return null;
      return {
        row: territory,
        scope: { organisationId: territory.organisationId },
        entityType: 'territory',
        entityId: id,
      };
    },
    apply: async (tx) => {
      await tx.delete(territories).where(eq(territories.id, id));
    },
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
    .select({ status: currentStatus, n: count() })
    .from(people)
    .where(peopleWhere)
    .groupBy(currentStatus);
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
    .where(
      and(
        eq(referrals.organisationId, org),
        sql`${referrals.status} in ('submitted', 'in_review')`,
      ),
    );
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
 * Creates an organisation and its first administrator (CLI: `convivialite create-organisation`,
 * with a system context). The administrator gets an invitation link to choose a password (made by
 * `invite`, the users service's, inside the same write, which puts its e-mail in the outbox).
 * The organisation, the account and the invitation token are on the audit trail.
 */
export async function createOrganisation<Invitation>(
  ctx: RequestContext,
  input: OrganisationCreateInput,
  invite: (tx: Tx, admin: typeof users.$inferSelect, trail: AuditTrail) => Promise<Invitation>,
) {
  const parsed = organisationCreateSchema.parse(input);
  return write(ctx, {
    systemAction: 'organisation.create',
    validate: async (tx) => {
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(sql`lower(${users.email})`, parsed.adminEmail));
      if (taken) {
        throw conflict('email_taken', `Un compte existe déjà pour ${parsed.adminEmail}.`);
      }
    },
    apply: async (tx, _none, trail) => {
      const [organisation] = await tx
        .insert(organisations)
        .values({ name: parsed.name, kind: parsed.kind, settings: {} })
        .returning();
      if (!organisation) throw new Error('insert into organisations returned no row');
      const organisationId = organisation.id;
      trail.record({
        entityType: 'organisation',
        entityId: organisationId,
        organisationId,
        after: organisation,
      });
      // The kinds of help of neighbour help (issue 13), the organisation's to extend.
      await insertDefaultHelpKinds(tx, organisationId, trail);
      const [admin] = await tx
        .insert(users)
        .values({
          organisationId,
          email: parsed.adminEmail,
          displayName: parsed.adminName,
          roles: ['admin'],
        })
        .returning();
      if (!admin) throw new Error('insert into users returned no row');
      trail.record({ entityType: 'user', entityId: admin.id, organisationId, after: admin });
      const invitation = await invite(tx, admin, trail);
      const tokens = await tx
        .select()
        .from(authTokens)
        .where(
          and(
            eq(authTokens.userId, admin.id),
            eq(authTokens.purpose, 'invitation'),
            isNull(authTokens.usedAt),
          ),
        );
      for (const token of tokens)
        trail.record({
          entityType: 'auth_token',
          entityId: token.id,
          organisationId,
          after: token,
        });
      return { organisation, admin, invitation };
    },
  });
}
