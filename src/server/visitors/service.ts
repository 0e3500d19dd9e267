/**
 * Writes about visitors and pairs, each through the write mechanism (src/server/write/write.ts):
 * the visitor or pair is locked and checked against the route's action (a scope refusal answers
 * 404), the business rules are checked, and the change and its audit rows are one transaction.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/database.js';
import {
  assignments,
  pairs,
  people,
  visitorAbsences,
  visitorAvailability,
  visitors,
  visits,
  visitVisitors,
} from '../../db/schema.js';
import { frenchDate, serviceToday } from '../../domain/common/calendar.js';
import { formatShortDate } from '../../domain/common/french.js';
import { can, type Action } from '../../domain/permissions/policy.js';
import {
  COMMITMENT_ORDER_MESSAGE,
  type AbsenceInput,
  type AvailabilityInput,
  type PairCreateInput,
  type PairDissolveInput,
  type VisitorCreateInput,
  type VisitorUpdateInput,
} from '../../domain/visitors/schemas.js';
import type { AuthenticatedContext } from '../http/context.js';
import { authorize } from '../http/authorize.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { checkAlso, write, type Target } from '../write/write.js';
import { resolveLocalService } from '../organisations/service.js';
import { addressChanged, locateAddress } from '../geo/locate.js';
import { activePairOf, findVisitor, hhmm, overlappingAbsence, visitorScope } from './queries.js';

const VISITOR = 'Visiteur';
const PAIR = 'Binôme';

const fullName = (v: { firstName: string; lastName: string }) => `${v.firstName} ${v.lastName}`;

type VisitorRow = typeof visitors.$inferSelect;
type PairRow = typeof pairs.$inferSelect;

/** Loads a visitor and checks the action on them; 404 when outside the user's scope (reads). */
export async function loadVisitorFor(
  db: DbOrTx,
  ctx: AuthenticatedContext,
  id: string,
  action: Action,
) {
  const visitor = await findVisitor(db, id);
  if (!visitor) throw notFound(VISITOR);
  authorize(ctx.actor, action, visitorScope(visitor), VISITOR);
  return visitor;
}

/** A visitor as the target of a write: locked (`FOR UPDATE`), with the scope the policy needs. */
async function visitorTarget(tx: Tx, id: string): Promise<Target<VisitorRow> | null> {
  const [visitor] = await tx.select().from(visitors).where(eq(visitors.id, id)).for('update');
  if (!visitor) return null;
  return { row: visitor, scope: visitorScope(visitor), entityType: 'visitor', entityId: id };
}

/** A pair as the target of a write: locked, scoped by its organisation and local service. */
async function pairTarget(tx: Tx, id: string): Promise<Target<PairRow> | null> {
  const [pair] = await tx.select().from(pairs).where(eq(pairs.id, id)).for('update');
  if (!pair) return null;
  return {
    row: pair,
    scope: { organisationId: pair.organisationId, localServiceId: pair.localServiceId },
    entityType: 'pair',
    entityId: id,
  };
}

/** Locks visitors in id order (two pairs formed at once for one visitor are serialised). */
async function lockVisitors(tx: Tx, ids: string[]) {
  const rows = await tx
    .select()
    .from(visitors)
    .where(inArray(visitors.id, ids))
    .orderBy(asc(visitors.id))
    .for('update');
  return new Map(rows.map((row) => [row.id, row]));
}

/** The scope of a visitor for a write on what belongs to them (availability, absences): locked. */
async function visitorScopeLocked(tx: Tx, id: string) {
  const target = await visitorTarget(tx, id);
  return target?.scope ?? null;
}

const assertLocalService = (db: DbOrTx, ctx: AuthenticatedContext, localServiceId: string | null) =>
  resolveLocalService(
    db,
    ctx.actor,
    localServiceId,
    'Vous ne pouvez rattacher un visiteur qu’à votre propre service local.',
  );

const ADDRESS_FIELDS = ['street', 'postalCode', 'communeName', 'inseeCode'] as const;
const addressOf = (v: VisitorRow) => Object.fromEntries(ADDRESS_FIELDS.map((key) => [key, v[key]]));

// ---------------------------------------------------------------- visitor record

export async function createVisitor(ctx: AuthenticatedContext, input: VisitorCreateInput) {
  // Never refused for its address: an address that cannot be located is flagged "to_locate".
  const location = await locateAddress(ctx.geocoder, input);
  return write(ctx, {
    apply: async (tx, _none, trail) => {
      const localServiceId = await assertLocalService(tx, ctx, input.localServiceId);
      const [visitor] = await tx
        .insert(visitors)
        .values({ ...input, ...location, localServiceId, organisationId: ctx.actor.organisationId })
        .returning();
      if (!visitor) throw new Error('insert returned nothing');
      trail.record({ entityType: 'visitor', entityId: visitor.id, after: visitor });
      return visitor;
    },
  });
}

export async function updateVisitor(
  ctx: AuthenticatedContext,
  id: string,
  patch: VisitorUpdateInput,
) {
  // The address is located before the transaction (a network call must not hold a row lock), and
  // only for a visitor the user may change; if the address changed meanwhile, the write locates
  // again.
  const current = await findVisitor(ctx.db, id);
  const locate = (v: VisitorRow) =>
    addressChanged(v, patch)
      ? locateAddress(ctx.geocoder, { ...v, ...patch })
      : Promise.resolve({});
  let location =
    current && can(ctx.actor, 'visitor.update', visitorScope(current)).allowed
      ? await locate(current)
      : {};
  return write(ctx, {
    what: VISITOR,
    load: (tx) => visitorTarget(tx, id),
    validate: (_tx, existing) => {
      const merged = { ...existing, ...patch };
      if (
        merged.commitmentStart &&
        merged.commitmentEnd &&
        merged.commitmentEnd < merged.commitmentStart
      ) {
        throw badRequest(COMMITMENT_ORDER_MESSAGE, { field: 'commitmentEnd' });
      }
    },
    apply: async (tx, existing) => {
      if (!current || addressChanged(current, addressOf(existing)))
        location = await locate(existing);
      const values: Partial<typeof visitors.$inferInsert> = {
        ...patch,
        ...location,
        updatedAt: new Date(),
      };
      if ('localServiceId' in patch) {
        const localServiceId = await assertLocalService(tx, ctx, patch.localServiceId ?? null);
        if (localServiceId !== existing.localServiceId && (await activePairOf(tx, id))) {
          throw conflict(
            'in_pair',
            'Ce visiteur est en binôme : dissolvez le binôme avant de le rattacher à un autre service local.',
          );
        }
        values.localServiceId = localServiceId;
      }
      const [after] = await tx.update(visitors).set(values).where(eq(visitors.id, id)).returning();
      return after!;
    },
  });
}

/** The visitor leaves the service. Refused while they are in an active pair or still visit alone. */
export async function endVisitor(
  ctx: AuthenticatedContext,
  id: string,
  input: { endedOn: string; reason: string | null },
) {
  let ended = false;
  return write(ctx, {
    what: VISITOR,
    audit: 'visitor.end',
    // The reason has no column: the audit row keeps that one was given (free text is masked).
    load: async (tx) => {
      const target = await visitorTarget(tx, id);
      return target && { ...target, row: { ...target.row, reason: ended ? input.reason : null } };
    },
    validate: async (tx, existing) => {
      if (existing.endedOn) {
        throw conflict(
          'already_ended',
          `Ce visiteur a déjà quitté le service (le ${formatShortDate(existing.endedOn)}).`,
        );
      }
      if (existing.commitmentStart && input.endedOn < existing.commitmentStart) {
        throw badRequest('La date de départ ne peut pas précéder le début de l’engagement.', {
          field: 'endedOn',
        });
      }
      const pair = await activePairOf(tx, id);
      if (pair) {
        throw conflict(
          'in_active_pair',
          'Ce visiteur fait encore partie d’un binôme actif : dissolvez d’abord le binôme (en confiant les personnes visitées à un autre binôme ou visiteur), puis enregistrez son départ.',
          { pairId: pair.id },
        );
      }
      const alone = await tx
        .select({ id: assignments.id })
        .from(assignments)
        .where(and(eq(assignments.visitorId, id), isNull(assignments.endedOn)));
      if (alone.length > 0) {
        throw conflict(
          'still_visiting',
          `Ce visiteur visite encore seul ${alone.length === 1 ? 'une personne' : `${alone.length} personnes`} : confiez-les à un autre binôme ou visiteur avant d’enregistrer son départ.`,
        );
      }
    },
    apply: async (tx) => {
      const [after] = await tx
        .update(visitors)
        .set({ endedOn: input.endedOn, updatedAt: new Date() })
        .where(eq(visitors.id, id))
        .returning();
      ended = true;
      return after!;
    },
  });
}

// ---------------------------------------------------------------- availability and absences

const slotKey = (s: { weekday: number; startTime: string; endTime: string }) =>
  `${s.weekday}|${hhmm(s.startTime)}|${hhmm(s.endTime)}`;

/**
 * Replaces the weekly availability: the slots no longer given are deleted, the new ones added,
 * the unchanged ones kept; each slot deleted or added is on the audit trail.
 */
export async function replaceAvailability(
  ctx: AuthenticatedContext,
  id: string,
  input: AvailabilityInput,
) {
  return write(ctx, {
    what: VISITOR,
    audit: 'visitor.availability',
    scope: (tx) => visitorScopeLocked(tx, id),
    apply: async (tx, _none, trail) => {
      const old = await tx
        .select()
        .from(visitorAvailability)
        .where(eq(visitorAvailability.visitorId, id));
      const wanted = new Set(input.slots.map(slotKey));
      const kept = new Set(old.map(slotKey));
      const removed = old.filter((slot) => !wanted.has(slotKey(slot)));
      if (removed.length) {
        await tx.delete(visitorAvailability).where(
          inArray(
            visitorAvailability.id,
            removed.map((slot) => slot.id),
          ),
        );
      }
      const added = input.slots.filter((slot) => !kept.has(slotKey(slot)));
      const inserted = added.length
        ? await tx
            .insert(visitorAvailability)
            .values(added.map((s) => ({ ...s, visitorId: id })))
            .returning()
        : [];
      for (const slot of removed)
        trail.record({ entityType: 'visitor_availability', entityId: slot.id, before: slot });
      for (const slot of inserted)
        trail.record({ entityType: 'visitor_availability', entityId: slot.id, after: slot });
      const rows = await tx
        .select()
        .from(visitorAvailability)
        .where(eq(visitorAvailability.visitorId, id));
      return rows
        .map((s) => ({
          weekday: s.weekday,
          startTime: hhmm(s.startTime),
          endTime: hhmm(s.endTime),
        }))
        .sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime));
    },
  });
}

/** Refuses an absence over days the visitor is already declared absent (409, in French). */
export async function refuseOverlappingAbsence(
  db: DbOrTx,
  visitorId: string,
  from: string,
  to: string,
) {
  const existing = await overlappingAbsence(db, visitorId, from, to);
  if (existing) {
    throw conflict(
      'absence_overlap',
      `Une absence est déjà déclarée pour ce visiteur du ${frenchDate(existing.startsOn)} au ${frenchDate(existing.endsOn)} : modifiez ou supprimez-la plutôt que d’en ajouter une autre sur les mêmes jours.`,
    );
  }
}

export async function addAbsence(ctx: AuthenticatedContext, id: string, input: AbsenceInput) {
  return write(ctx, {
    what: VISITOR,
    audit: 'visitor.absence.create',
    scope: (tx) => visitorScopeLocked(tx, id),
    validate: async (tx) => {
      await refuseOverlappingAbsence(tx, id, input.startsOn, input.endsOn);
      // Visits already planned over those days would stay with an absent visitor: the planning's
      // "Déclarer une absence" repairs them first.
      const [planned] = await tx
        .select({ date: visits.date })
        .from(visits)
        .innerJoin(visitVisitors, eq(visitVisitors.visitId, visits.id))
        .where(
          and(
            eq(visitVisitors.visitorId, id),
            eq(visits.status, 'planned'),
            sql`${visits.date} >= ${input.startsOn}`,
            sql`${visits.date} <= ${input.endsOn}`,
            sql`${visits.date} >= ${serviceToday()}`,
          ),
        )
        .orderBy(asc(visits.date))
        .limit(1);
      if (planned) {
        throw conflict(
          'absence_has_visits',
          `Ce visiteur a des visites prévues pendant cette absence (la première le ${frenchDate(planned.date)}) : déclarez-la depuis le planning (« Déclarer une absence »), qui propose qui les assure.`,
        );
      }
    },
    apply: async (tx, _none, trail) => {
      const [absence] = await tx
        .insert(visitorAbsences)
        .values({ ...input, visitorId: id })
        .returning();
      if (!absence) throw new Error('insert returned nothing');
      trail.record({ entityType: 'visitor_absence', entityId: absence.id, after: absence });
      return absence;
    },
  });
}

export async function deleteAbsence(ctx: AuthenticatedContext, id: string, absenceId: string) {
  return write(ctx, {
    what: 'Absence',
    audit: 'visitor.absence.delete',
    load: async (tx) => {
      const visitor = await visitorTarget(tx, id);
      if (!visitor) throw notFound(VISITOR);
      // The visitor first: an absence of a visitor out of reach does not exist for this user.
      checkAlso(ctx, visitor.scope, VISITOR);
      const [absence] = await tx
        .select()
        .from(visitorAbsences)
        .where(and(eq(visitorAbsences.id, absenceId), eq(visitorAbsences.visitorId, id)))
        .for('update');
      if (!absence) return null;
      return {
        row: absence,
        scope: visitor.scope,
        entityType: 'visitor_absence',
        entityId: absenceId,
      };
    },
    apply: async (tx, absence) => {
      await tx.delete(visitorAbsences).where(eq(visitorAbsences.id, absenceId));
      return absence;
    },
  });
}

// ---------------------------------------------------------------- pairs

export async function formPair(ctx: AuthenticatedContext, input: PairCreateInput) {
  if (input.visitorAId === input.visitorBId)
    throw badRequest('Un binôme réunit deux visiteurs différents.', { field: 'visitorBId' });
  let a: VisitorRow | undefined;
  let b: VisitorRow | undefined;
  return write(ctx, {
    what: VISITOR,
    audit: 'pair.create',
    // Both visitors locked; another organisation's (or service's) visitor does not exist for this
    // user: 404. The second is checked here, the first by the write.
    scope: async (tx) => {
      const locked = await lockVisitors(tx, [input.visitorAId, input.visitorBId]);
      a = locked.get(input.visitorAId);
      b = locked.get(input.visitorBId);
      if (!a) return null;
      checkAlso(ctx, visitorScope(a), VISITOR);
      if (!b) throw notFound(VISITOR);
      checkAlso(ctx, visitorScope(b), VISITOR);
      return visitorScope(a);
    },
    validate: async (tx) => {
      for (const v of [a!, b!]) {
        if (v.endedOn) {
          throw conflict(
            'visitor_ended',
            `${fullName(v)} a quitté le service (le ${formatShortDate(v.endedOn)}) : impossible de l’inclure dans un binôme.`,
            { visitorId: v.id },
          );
        }
      }
      for (const v of [a!, b!]) {
        const current = await activePairOf(tx, v.id);
        if (current) {
          throw conflict(
            'already_in_pair',
            `${fullName(v)} fait déjà partie d’un binôme actif : dissolvez-le avant d’en former un nouveau.`,
            { visitorId: v.id, pairId: current.id },
          );
        }
      }
      if (a!.localServiceId !== b!.localServiceId) {
        throw conflict(
          'different_local_services',
          `${fullName(a!)} et ${fullName(b!)} ne sont pas rattachés au même service local : un binôme réunit deux visiteurs du même service. Changez d’abord le service de l’un d’eux.`,
        );
      }
    },
    apply: async (tx, _none, trail) => {
      const [pair] = await tx
        .insert(pairs)
        .values({
          organisationId: ctx.actor.organisationId,
          localServiceId: a!.localServiceId,
          visitorAId: a!.id,
          visitorBId: b!.id,
          formedOn: input.formedOn,
        })
        .returning();
      if (!pair) throw new Error('insert returned nothing');
      trail.record({ entityType: 'pair', entityId: pair.id, after: pair });
      return pair;
    },
  });
}

/**
 * Dissolves a pair; the row stays as history. The people the pair visits must go somewhere:
 * to another active pair or a visitor alone (`reassignTo`), or their visits end
 * (`endAssignments`); without either choice the dissolution is refused, listing them. Each
 * assignment ended or created is on the audit trail, about its person.
 */
export async function dissolvePair(
  ctx: AuthenticatedContext,
  id: string,
  input: PairDissolveInput,
) {
  const currentOf = (tx: Tx) =>
    tx
      .select({ assignment: assignments, firstName: people.firstName, lastName: people.lastName })
      .from(assignments)
      .innerJoin(people, eq(people.id, assignments.personId))
      .where(and(eq(assignments.pairId, id), isNull(assignments.endedOn)));
  let target: { pairId: string | null; visitorId: string | null } | null = null;
  return write(ctx, {
    what: PAIR,
    audit: 'pair.dissolve',
    load: (tx) => pairTarget(tx, id),
    validate: async (tx, pair) => {
      if (pair.dissolvedOn)
        throw conflict(
          'already_dissolved',
          `Ce binôme a déjà été dissous (le ${formatShortDate(pair.dissolvedOn)}).`,
        );
      if (input.dissolvedOn < pair.formedOn) {
        throw badRequest(
          `La date de dissolution ne peut pas précéder la formation du binôme (le ${formatShortDate(pair.formedOn)}).`,
          { field: 'dissolvedOn' },
        );
      }
      const current = await currentOf(tx);
      if (current.length > 0 && !input.reassignTo && !input.endAssignments) {
        throw conflict(
          'people_assigned',
          `Ce binôme visite encore ${current.length === 1 ? 'une personne' : `${current.length} personnes`} (${current.map((c) => `${c.firstName} ${c.lastName}`).join(', ')}) : choisissez à qui les confier, ou arrêtez leurs visites, avant de dissoudre le binôme.`,
          {
            people: current.map((c) => ({
              id: c.assignment.personId,
              firstName: c.firstName,
              lastName: c.lastName,
            })),
          },
        );
      }
      if (current.some(({ assignment }) => assignment.startedOn > input.dissolvedOn)) {
        throw badRequest(
          'Une personne a été confiée à ce binôme après la date de dissolution choisie : choisissez une date plus tardive.',
          { field: 'dissolvedOn' },
        );
      }
      target =
        input.reassignTo && current.length > 0
          ? await checkReassignTarget(tx, ctx, id, input.reassignTo, input.dissolvedOn)
          : null;
    },
    apply: async (tx, _pair, trail) => {
      const current = await currentOf(tx);
      const [after] = await tx
        .update(pairs)
        .set({ dissolvedOn: input.dissolvedOn, dissolutionReason: input.reason })
        .where(eq(pairs.id, id))
        .returning();
      for (const { assignment } of current) {
        const [ended] = await tx
          .update(assignments)
          .set({ endedOn: input.dissolvedOn })
          .where(eq(assignments.id, assignment.id))
          .returning();
        trail.record({
          entityType: 'assignment',
          entityId: assignment.id,
          subjectId: assignment.personId,
          before: assignment,
          after: ended!,
        });
        if (target) {
          const [created] = await tx
            .insert(assignments)
            .values({
              organisationId: ctx.actor.organisationId,
              personId: assignment.personId,
              pairId: target.pairId,
              visitorId: target.visitorId,
              startedOn: input.dissolvedOn,
              createdBy: ctx.actor.id,
            })
            .returning();
          trail.record({
            action: 'assignment.create',
            entityType: 'assignment',
            entityId: created!.id,
            subjectId: assignment.personId,
            after: created!,
          });
        }
      }
      return {
        pair: after!,
        movedPeople: target ? current.length : 0,
        endedAssignments: target ? 0 : current.length,
      };
    },
  });
}

async function checkReassignTarget(
  tx: Tx,
  ctx: AuthenticatedContext,
  dissolvingPairId: string,
  to: { pairId: string | null; visitorId: string | null },
  onDate: string,
): Promise<{ pairId: string | null; visitorId: string | null }> {
  if (to.pairId) {
    if (to.pairId === dissolvingPairId)
      throw badRequest('Choisissez un autre binôme que celui que vous dissolvez.', {
        field: 'reassignTo.pairId',
      });
    const [target] = await tx
      .select()
      .from(pairs)
      .where(
        and(
          eq(pairs.id, to.pairId),
          eq(pairs.organisationId, ctx.actor.organisationId),
          isNull(pairs.dissolvedOn),
        ),
      );
    if (
      !target ||
      (ctx.actor.localServiceId &&
        target.localServiceId &&
        target.localServiceId !== ctx.actor.localServiceId)
    ) {
      throw badRequest('Le binôme choisi pour reprendre les visites est inconnu ou dissous.', {
        field: 'reassignTo.pairId',
      });
    }
    if (target.formedOn > onDate) {
      throw badRequest('Le binôme choisi n’était pas encore formé à la date de dissolution.', {
        field: 'reassignTo.pairId',
      });
    }
    return { pairId: target.id, visitorId: null };
  }
  const [visitor] = await tx
    .select()
    .from(visitors)
    .where(
      and(eq(visitors.id, to.visitorId!), eq(visitors.organisationId, ctx.actor.organisationId)),
    );
  if (
    !visitor ||
    (ctx.actor.localServiceId &&
      visitor.localServiceId &&
      visitor.localServiceId !== ctx.actor.localServiceId)
  ) {
    throw badRequest('Le visiteur choisi pour reprendre les visites est inconnu.', {
      field: 'reassignTo.visitorId',
    });
  }
  if (visitor.endedOn) {
    throw badRequest(`${fullName(visitor)} a quitté le service : choisissez un autre visiteur.`, {
      field: 'reassignTo.visitorId',
    });
  }
  return { pairId: null, visitorId: visitor.id };
}
