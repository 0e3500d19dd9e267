/**
 * Neighbour help's writes (ADR 0033), each through `write()`: the organisation's kinds of help,
 * a neighbour's offer on the visitor's file, and the sign-up of a neighbour by staff after a
 * phone call or by the public page. A sign-up is a volunteer's application (ADR 0029): a visitor
 * at « Candidature reçue » with the role `neighbour_help`, their offer and their availability.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import {
  helpKinds,
  neighbourProfiles,
  visitorAvailability,
  visitorJourneySteps,
  visitors,
} from '../../db/schema.js';
import { serviceToday } from '../../domain/common/calendar.js';
import type {
  HelpKindCreateInput,
  HelpKindUpdateInput,
  NeighbourProfileInput,
  NeighbourPublicSignUpInput,
  NeighbourSignUpInput,
  NeighbourStaffSignUpInput,
} from '../../domain/neighbours/api.js';
import {
  checkNotifyChannel,
  checkOffers,
  helpKindCodeOf,
  rolesWithNeighbourHelp,
  slotsOfPeriods,
  type Check,
} from '../../domain/neighbours/model.js';
import type { AuthenticatedContext, RequestContext } from '../http/context.js';
import { badRequest, HttpError } from '../http/errors.js';
import { locateAddress } from '../geo/locate.js';
import { takeSlots } from '../auth/throttle.js';
import { publicOrganisation } from '../journey/service.js';
import { visitorScope } from '../visitors/queries.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import { listHelpKinds } from './queries.js';

const VISITOR = 'Visiteur';
const HELP_KIND = 'Type d’aide';
type VisitorRow = typeof visitors.$inferSelect;
type HelpKindRow = typeof helpKinds.$inferSelect;

const refuse = (check: Check) => {
  if (!check.ok) throw badRequest(check.message, { field: check.field });
};

// ---------------------------------------------------------------- help kinds

async function helpKindTarget(tx: Tx, id: string): Promise<Target<HelpKindRow> | null> {
  const [row] = await tx.select().from(helpKinds).where(eq(helpKinds.id, id)).for('update');
  if (!row) return null;
  return {
    row,
    scope: { organisationId: row.organisationId },
    entityType: 'help_kind',
    entityId: id,
  };
}

const sameLabel = (a: string, b: string) => a.localeCompare(b, 'fr', { sensitivity: 'base' }) === 0;

/** A new kind of help, at the end of the list; its code comes from its label. */
export async function createHelpKind(ctx: AuthenticatedContext, input: HelpKindCreateInput) {
  const organisationId = ctx.actor.organisationId;
  return write(ctx, {
    audit: 'help_kind.create',
    apply: async (tx, _none, trail) => {
      // The organisation's kinds are read under its lock: two kinds added at once get two codes.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`help_kinds:${organisationId}`}, 0))`,
      );
      const kinds = await listHelpKinds(tx, organisationId);
      if (kinds.some((k) => sameLabel(k.label, input.label)))
        throw badRequest(`Le type d’aide « ${input.label} » existe déjà.`, { field: 'label' });
      const [row] = await tx
        .insert(helpKinds)
        .values({
          organisationId,
          code: helpKindCodeOf(
            input.label,
            kinds.map((k) => k.code),
          ),
          label: input.label,
          position: Math.max(0, ...kinds.map((k) => k.position)) + 1,
        })
        .returning();
      trail.record({ entityType: 'help_kind', entityId: row!.id, after: row! });
      return row!;
    },
  });
}

/** Renames, deactivates (or reactivates) or moves a kind; its code never changes. */
export async function updateHelpKind(
  ctx: AuthenticatedContext,
  id: string,
  input: HelpKindUpdateInput,
) {
  return write(ctx, {
    what: HELP_KIND,
    audit: 'help_kind.update',
    load: (tx) => helpKindTarget(tx, id),
    validate: async (tx, kind) => {
      if (input.label === undefined) return;
      const kinds = await listHelpKinds(tx, kind.organisationId);
      if (kinds.some((k) => k.id !== id && sameLabel(k.label, input.label!)))
        throw badRequest(`Le type d’aide « ${input.label} » existe déjà.`, { field: 'label' });
    },
    apply: async (tx) => {
      const [row] = await tx
        .update(helpKinds)
        .set({
          ...(input.label === undefined ? {} : { label: input.label }),
          ...(input.active === undefined ? {} : { active: input.active }),
          ...(input.position === undefined ? {} : { position: input.position }),
          updatedAt: new Date(),
        })
        .where(eq(helpKinds.id, id))
        .returning();
      return row!;
    },
  });
}

// ---------------------------------------------------------------- a neighbour's offer

async function visitorTarget(tx: Tx, id: string): Promise<Target<VisitorRow> | null> {
  const [visitor] = await tx.select().from(visitors).where(eq(visitors.id, id)).for('update');
  if (!visitor) return null;
  return { row: visitor, scope: visitorScope(visitor), entityType: 'visitor', entityId: id };
}

/**
 * Saves a visitor's neighbour offer (created or changed) and gives them the neighbour role; they
 * keep visiting unless told otherwise.
 */
export async function saveNeighbourProfile(
  ctx: AuthenticatedContext,
  id: string,
  input: NeighbourProfileInput,
) {
  return write(ctx, {
    what: VISITOR,
    audit: 'neighbour.profile',
    load: (tx) => visitorTarget(tx, id),
    validate: async (tx, visitor) => {
      refuse(checkOffers(input.offers, await listHelpKinds(tx, visitor.organisationId)));
      refuse(checkNotifyChannel(input.notifyBy, visitor));
    },
    apply: async (tx, visitor, trail) => {
      const roles = rolesWithNeighbourHelp(visitor.roles, input.alsoVisits ?? null);
      if (roles.join() !== visitor.roles.join())
        await tx.update(visitors).set({ roles, updatedAt: new Date() }).where(eq(visitors.id, id));
      const [before] = await tx
        .select()
        .from(neighbourProfiles)
        .where(eq(neighbourProfiles.visitorId, id));
      const values = {
        offers: input.offers,
        maxDistanceKm: input.maxDistanceKm,
        weeklyLimit: input.weeklyLimit,
        notifyBy: input.notifyBy,
        notes: input.notes,
      };
      const [after] = before
        ? await tx
            .update(neighbourProfiles)
            .set({ ...values, updatedAt: new Date() })
            .where(eq(neighbourProfiles.visitorId, id))
            .returning()
        : await tx
            .insert(neighbourProfiles)
            .values({ visitorId: id, organisationId: visitor.organisationId, ...values })
            .returning();
      trail.record({
        entityType: 'neighbour_profile',
        entityId: id,
        ...(before ? { before } : {}),
        after: after!,
      });
      return { visitorId: id, roles };
    },
  });
}

// ---------------------------------------------------------------- sign-up

const signUpNote = (input: NeighbourSignUpInput) =>
  ['Inscription comme voisin actif (entraide)', input.note ? `Message : ${input.note}` : null]
    .filter(Boolean)
    .join('\n');

/** Refusals common to both sign-ups: offers of the organisation, a contact for the channel. */
async function checkSignUp(tx: Tx, organisationId: string, input: NeighbourSignUpInput) {
  refuse(checkOffers(input.offers, await listHelpKinds(tx, organisationId)));
  refuse(checkNotifyChannel(input.notifyBy, input));
}

/** The neighbour's visitor row (at « Candidature reçue »), offer, availability and first step. */
async function insertNeighbour(
  tx: Tx,
  trail: AuditTrail,
  a: {
    organisationId: string;
    localServiceId: string | null;
    source: 'staff' | 'web';
    appliedOn: string;
    input: NeighbourSignUpInput;
    location: Awaited<ReturnType<typeof locateAddress>>;
    changedBy: string | null;
  },
) {
  const { input, organisationId } = a;
  // The visitor, their offer, their week and their first step are read together.
  trail.batchId = `neighbour_sign_up:${randomUUID()}`;
  const [visitor] = await tx
    .insert(visitors)
    .values({
      organisationId,
      localServiceId: a.localServiceId,
      kind: 'volunteer',
      roles: ['neighbour_help'],
      lastName: input.lastName,
      firstName: input.firstName,
      email: input.email,
      phone: input.phone,
      street: input.street,
      postalCode: input.postalCode,
      communeName: input.communeName,
      ...a.location,
      // How far they go is the profile's distance; the visit matching's trip time is unused.
      mobility: 'car',
      maxTripMinutes: 30,
      journeyStage: 'applied',
      appliedOn: a.appliedOn,
      applicationSource: a.source,
      applicationNote: signUpNote(input),
    })
    .returning();
  const id = visitor!.id;
  trail.record({ entityType: 'visitor', entityId: id, organisationId, after: visitor! });
  const [profile] = await tx
    .insert(neighbourProfiles)
    .values({
      visitorId: id,
      organisationId,
      offers: input.offers,
      maxDistanceKm: input.maxDistanceKm,
      weeklyLimit: input.weeklyLimit,
      notifyBy: input.notifyBy,
    })
    .returning();
  trail.record({ entityType: 'neighbour_profile', entityId: id, organisationId, after: profile! });
  const slots = await tx
    .insert(visitorAvailability)
    .values(slotsOfPeriods(input.periods).map((s) => ({ ...s, visitorId: id })))
    .returning();
  for (const slot of slots)
    trail.record({
      entityType: 'visitor_availability',
      entityId: slot.id,
      organisationId,
      after: slot,
    });
  const [step] = await tx
    .insert(visitorJourneySteps)
    .values({
      organisationId,
      visitorId: id,
      fromStage: null,
      toStage: 'applied',
      effectiveOn: a.appliedOn,
      reason:
        a.source === 'web'
          ? 'Inscription comme voisin actif par le formulaire en ligne'
          : 'Inscription comme voisin actif par téléphone',
      changedBy: a.changedBy,
    })
    .returning();
  trail.record({
    entityType: 'visitor_journey_step',
    entityId: String(step!.id),
    organisationId,
    after: step!,
  });
  return { id };
}

/** A neighbour signed up by staff during a phone call (source « staff »). */
export async function signUpNeighbourByStaff(
  ctx: AuthenticatedContext,
  input: NeighbourStaffSignUpInput,
) {
  const today = serviceToday();
  const appliedOn = input.appliedOn ?? today;
  const organisationId = ctx.actor.organisationId;
  // Located outside the transaction (a geocoder call); never refused for its address.
  const location = await locateAddress(ctx.geocoder, input);
  return write(ctx, {
    audit: 'neighbour.sign_up',
    validate: async (tx) => {
      if (appliedOn > today)
        throw badRequest('La date de l’inscription ne peut pas être dans le futur.', {
          field: 'appliedOn',
        });
      await checkSignUp(tx, organisationId, input);
    },
    apply: (tx, _none, trail) =>
      insertNeighbour(tx, trail, {
        organisationId,
        localServiceId: ctx.actor.localServiceId ?? null,
        source: 'staff',
        appliedOn,
        input,
        location,
        changedBy: ctx.actor.id,
      }),
  });
}

/** The public page's limits, as the volunteers' application form's: per address, per organisation. */
const PUBLIC_SIGN_UP_LIMITS = { perAddressPerHour: 5, perOrganisationPerDay: 200 };

export const PUBLIC_SIGN_UP_ANSWER =
  'Merci ! Votre inscription est bien arrivée. Une personne de l’association vous appellera pour faire connaissance, puis vous proposera de signer la charte.';

/**
 * A neighbour's sign-up from the public page: no sign-in; limited per address and per
 * organisation in the database; a filled honeypot answers the same thanks and writes nothing.
 */
export async function signUpNeighbourPublicly(
  ctx: RequestContext,
  organisationId: string,
  input: NeighbourPublicSignUpInput,
  ip: string,
) {
  const organisation = await publicOrganisation(ctx.db, organisationId);
  if (input.website && input.website.trim() !== '') {
    ctx.log.warn({ organisationId }, 'neighbour sign-up: honeypot filled, nothing written');
    return { honeypot: true as const };
  }
  const location = await locateAddress(ctx.geocoder, input);
  const outcome = await write(ctx, {
    audit: 'neighbour.sign_up',
    validate: (tx) => checkSignUp(tx, organisation.id, input),
    apply: async (tx, _none, trail) => {
      const verdict = await takeSlots(
        tx,
        [
          {
            key: `neighbour_sign_up:address:${ip}`,
            max: PUBLIC_SIGN_UP_LIMITS.perAddressPerHour,
            windowSeconds: 3600,
          },
          {
            key: `neighbour_sign_up:organisation:${organisation.id}`,
            max: PUBLIC_SIGN_UP_LIMITS.perOrganisationPerDay,
            windowSeconds: 86_400,
          },
        ],
        randomUUID(),
      );
      if (!verdict.allowed) return { verdict, id: null };
      const created = await insertNeighbour(tx, trail, {
        organisationId: organisation.id,
        localServiceId: null,
        source: 'web',
        appliedOn: serviceToday(),
        input,
        location,
        changedBy: null,
      });
      return { verdict, id: created.id };
    },
  });
  if (!outcome.verdict.allowed) {
    const minutes = Math.max(1, Math.ceil(outcome.verdict.retryAfterSeconds / 60));
    throw new HttpError(
      429,
      'too_many_sign_ups',
      `Trop d’inscriptions envoyées depuis cette connexion. Réessayez dans ${minutes === 1 ? 'une minute' : `${minutes} minutes`}, ou appelez l’association.`,
      { retryAfterSeconds: outcome.verdict.retryAfterSeconds },
    );
  }
  return { honeypot: false as const, id: outcome.id };
}

/** The public page's data: the organisation's name and its active kinds of help. */
export async function neighbourForm(ctx: RequestContext, organisationId: string) {
  const organisation = await publicOrganisation(ctx.db, organisationId);
  const kinds = await listHelpKinds(ctx.db, organisation.id, { activeOnly: true });
  return {
    organisationName: organisation.name,
    helpKinds: kinds.map((k) => ({ code: k.code, label: k.label })),
  };
}
