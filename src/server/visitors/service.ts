/**
 * Writes about visitors and pairs. Each one loads the record, checks permission on it (a scope
 * refusal answers 404), validates the business rules, writes and records the audit diff in one
 * transaction.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
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
import type { Action } from '../../domain/permissions/policy.js';
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
import { auditWrite } from '../audit/audit.js';
import { resolveLocalService } from '../organisations/service.js';
import { addressChanged, locateAddress } from '../geo/locate.js';
import { activePairOf, findPair, findVisitor, hhmm, overlappingAbsence, visitorScope } from './queries.js';

const VISITOR = 'Visiteur';
const PAIR = 'Binôme';

const fullName = (v: { firstName: string; lastName: string }) => `${v.firstName} ${v.lastName}`;

/** Loads a visitor and checks the action on them; 404 when outside the user's scope. */
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

async function loadPairFor(db: DbOrTx, ctx: AuthenticatedContext, id: string) {
  const pair = await findPair(db, id);
  if (!pair) throw notFound(PAIR);
  authorize(
    ctx.actor,
    'pair.manage',
    { organisationId: pair.organisationId, localServiceId: pair.localServiceId },
    PAIR,
  );
  return pair;
}

/** Serialises the writes that check a visitor's pairs (two pairs formed at once for one visitor). */
async function lockVisitors(tx: DbOrTx, ids: string[]) {
  for (const id of [...ids].sort())
    await tx.execute(sql`select id from visitors where id = ${id} for update`);
}

const assertLocalService = (db: DbOrTx, ctx: AuthenticatedContext, localServiceId: string | null) =>
  resolveLocalService(db, ctx.actor, localServiceId, 'Vous ne pouvez rattacher un visiteur qu’à votre propre service local.');

// ---------------------------------------------------------------- visitor record

export async function createVisitor(ctx: AuthenticatedContext, input: VisitorCreateInput) {
  // Never refused for its address: an address that cannot be located is flagged "to_locate".
  const location = await locateAddress(ctx.geocoder, input);
  return ctx.db.transaction(async (tx) => {
    const localServiceId = await assertLocalService(tx, ctx, input.localServiceId);
    const [visitor] = await tx
      .insert(visitors)
      .values({ ...input, ...location, localServiceId, organisationId: ctx.actor.organisationId })
      .returning();
    if (!visitor) throw new Error('insert returned nothing');
    await auditWrite(tx, ctx, {
      action: 'visitor.create',
      entityType: 'visitor',
      entityId: visitor.id,
      after: visitor,
    });
    return visitor;
  });
}

export async function updateVisitor(
  ctx: AuthenticatedContext,
  id: string,
  patch: VisitorUpdateInput,
) {
  const existing = await loadVisitorFor(ctx.db, ctx, id, 'visitor.update');
  const merged = { ...existing, ...patch };
  if (
    merged.commitmentStart &&
    merged.commitmentEnd &&
    merged.commitmentEnd < merged.commitmentStart
  ) {
    throw badRequest(COMMITMENT_ORDER_MESSAGE, { field: 'commitmentEnd' });
  }
  const location = addressChanged(existing, patch) ? await locateAddress(ctx.geocoder, merged) : {};
  return ctx.db.transaction(async (tx) => {
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
    await auditWrite(tx, ctx, {
      action: 'visitor.update',
      entityType: 'visitor',
      entityId: id,
      before: existing,
      after: after!,
    });
    return after!;
  });
}

/** The visitor leaves the service. Refused while they are in an active pair or still visit alone. */
export async function endVisitor(
  ctx: AuthenticatedContext,
  id: string,
  input: { endedOn: string; reason: string | null },
) {
  return ctx.db.transaction(async (tx) => {
    const existing = await loadVisitorFor(tx, ctx, id, 'visitor.update');
    await lockVisitors(tx, [id]);
    if (existing.endedOn) {
      throw conflict(
        'already_ended',
        `Ce visiteur a déjà quitté le service (le ${existing.endedOn}).`,
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
    const [after] = await tx
      .update(visitors)
      .set({ endedOn: input.endedOn, updatedAt: new Date() })
      .where(eq(visitors.id, id))
      .returning();
    await auditWrite(tx, ctx, {
      action: 'visitor.end',
      entityType: 'visitor',
      entityId: id,
      diff: {
        endedOn: [null, input.endedOn],
        ...(input.reason ? { reason: [null, input.reason] } : {}),
      },
    });
    return after!;
  });
}

// ---------------------------------------------------------------- availability and absences

export async function replaceAvailability(
  ctx: AuthenticatedContext,
  id: string,
  input: AvailabilityInput,
) {
  return ctx.db.transaction(async (tx) => {
    await loadVisitorFor(tx, ctx, id, 'visitor.update');
    const old = await tx
      .select()
      .from(visitorAvailability)
      .where(eq(visitorAvailability.visitorId, id));
    await tx.delete(visitorAvailability).where(eq(visitorAvailability.visitorId, id));
    const slots = [...input.slots].sort(
      (a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime),
    );
    const rows = slots.length
      ? await tx
          .insert(visitorAvailability)
          .values(slots.map((s) => ({ ...s, visitorId: id })))
          .returning()
      : [];
    const plain = (list: { weekday: number; startTime: string; endTime: string }[]) =>
      list
        .map((s) => ({
          weekday: s.weekday,
          startTime: hhmm(s.startTime),
          endTime: hhmm(s.endTime),
        }))
        .sort((a, b) => a.weekday - b.weekday || a.startTime.localeCompare(b.startTime));
    await auditWrite(tx, ctx, {
      action: 'visitor.availability',
      entityType: 'visitor',
      entityId: id,
      before: { availability: plain(old) },
      after: { availability: plain(rows) },
    });
    return plain(rows);
  });
}

/** Refuses an absence over days the visitor is already declared absent (409, in French). */
export async function refuseOverlappingAbsence(db: DbOrTx, visitorId: string, from: string, to: string) {
  const existing = await overlappingAbsence(db, visitorId, from, to);
  if (existing) {
    throw conflict(
      'absence_overlap',
      `Une absence est déjà déclarée pour ce visiteur du ${frenchDate(existing.startsOn)} au ${frenchDate(existing.endsOn)} : modifiez ou supprimez-la plutôt que d’en ajouter une autre sur les mêmes jours.`,
    );
  }
}

export async function addAbsence(ctx: AuthenticatedContext, id: string, input: AbsenceInput) {
  return ctx.db.transaction(async (tx) => {
    await loadVisitorFor(tx, ctx, id, 'visitor.update');
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
    const [absence] = await tx
      .insert(visitorAbsences)
      .values({ ...input, visitorId: id })
      .returning();
    if (!absence) throw new Error('insert returned nothing');
    await auditWrite(tx, ctx, {
      action: 'visitor.absence.create',
      entityType: 'visitor',
      entityId: id,
      diff: {
        absence: [
          null,
          {
            id: absence.id,
            kind: absence.kind,
            startsOn: absence.startsOn,
            endsOn: absence.endsOn,
            note: absence.note,
          },
        ],
      },
    });
    return absence;
  });
}

export async function deleteAbsence(ctx: AuthenticatedContext, id: string, absenceId: string) {
  return ctx.db.transaction(async (tx) => {
    await loadVisitorFor(tx, ctx, id, 'visitor.update');
    const [absence] = await tx
      .delete(visitorAbsences)
      .where(and(eq(visitorAbsences.id, absenceId), eq(visitorAbsences.visitorId, id)))
      .returning();
    if (!absence) throw notFound('Absence');
    await auditWrite(tx, ctx, {
      action: 'visitor.absence.delete',
      entityType: 'visitor',
      entityId: id,
      diff: {
        absence: [
          {
            id: absence.id,
            kind: absence.kind,
            startsOn: absence.startsOn,
            endsOn: absence.endsOn,
            note: absence.note,
          },
          null,
        ],
      },
    });
    return absence;
  });
}

// ---------------------------------------------------------------- pairs

export async function formPair(ctx: AuthenticatedContext, input: PairCreateInput) {
  if (input.visitorAId === input.visitorBId)
    throw badRequest('Un binôme réunit deux visiteurs différents.', { field: 'visitorBId' });
  return ctx.db.transaction(async (tx) => {
    await lockVisitors(tx, [input.visitorAId, input.visitorBId]);
    // Another organisation's (or service's) visitor does not exist for this user: 404.
    const a = await loadVisitorFor(tx, ctx, input.visitorAId, 'pair.manage');
    const b = await loadVisitorFor(tx, ctx, input.visitorBId, 'pair.manage');
    for (const v of [a, b]) {
      if (v.endedOn) {
        throw conflict(
          'visitor_ended',
          `${fullName(v)} a quitté le service (le ${v.endedOn}) : impossible de l’inclure dans un binôme.`,
          { visitorId: v.id },
        );
      }
    }
    for (const v of [a, b]) {
      const current = await activePairOf(tx, v.id);
      if (current) {
        throw conflict(
          'already_in_pair',
          `${fullName(v)} fait déjà partie d’un binôme actif : dissolvez-le avant d’en former un nouveau.`,
          { visitorId: v.id, pairId: current.id },
        );
      }
    }
    if (a.localServiceId !== b.localServiceId) {
      throw conflict(
        'different_local_services',
        `${fullName(a)} et ${fullName(b)} ne sont pas rattachés au même service local : un binôme réunit deux visiteurs du même service. Changez d’abord le service de l’un d’eux.`,
      );
    }
    const [pair] = await tx
      .insert(pairs)
      .values({
        organisationId: ctx.actor.organisationId,
        localServiceId: a.localServiceId,
        visitorAId: a.id,
        visitorBId: b.id,
        formedOn: input.formedOn,
      })
      .returning();
    if (!pair) throw new Error('insert returned nothing');
    await auditWrite(tx, ctx, {
      action: 'pair.create',
      entityType: 'pair',
      entityId: pair.id,
      after: pair,
    });
    return pair;
  });
}

/**
 * Dissolves a pair; the row stays as history. The people the pair visits must go somewhere:
 * to another active pair or a visitor alone (`reassignTo`), or their visits end
 * (`endAssignments`); without either choice the dissolution is refused, listing them.
 */
export async function dissolvePair(
  ctx: AuthenticatedContext,
  id: string,
  input: PairDissolveInput,
) {
  return ctx.db.transaction(async (tx) => {
    const pair = await loadPairFor(tx, ctx, id);
    await tx.execute(sql`select id from pairs where id = ${id} for update`);
    if (pair.dissolvedOn)
      throw conflict('already_dissolved', `Ce binôme a déjà été dissous (le ${pair.dissolvedOn}).`);
    if (input.dissolvedOn < pair.formedOn) {
      throw badRequest(
        `La date de dissolution ne peut pas précéder la formation du binôme (le ${pair.formedOn}).`,
        { field: 'dissolvedOn' },
      );
    }
    const current = await tx
      .select({ assignment: assignments, firstName: people.firstName, lastName: people.lastName })
      .from(assignments)
      .innerJoin(people, eq(people.id, assignments.personId))
      .where(and(eq(assignments.pairId, id), isNull(assignments.endedOn)));
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
    const target =
      input.reassignTo && current.length > 0
        ? await checkReassignTarget(tx, ctx, id, input.reassignTo, input.dissolvedOn)
        : null;

    const [after] = await tx
      .update(pairs)
      .set({ dissolvedOn: input.dissolvedOn, dissolutionReason: input.reason })
      .where(eq(pairs.id, id))
      .returning();
    await auditWrite(tx, ctx, {
      action: 'pair.dissolve',
      entityType: 'pair',
      entityId: id,
      before: pair,
      after: after!,
    });

    for (const { assignment } of current) {
      await tx
        .update(assignments)
        .set({ endedOn: input.dissolvedOn })
        .where(eq(assignments.id, assignment.id));
      if (target) {
        await tx.insert(assignments).values({
          organisationId: ctx.actor.organisationId,
          personId: assignment.personId,
          pairId: target.pairId,
          visitorId: target.visitorId,
          startedOn: input.dissolvedOn,
          createdBy: ctx.actor.id,
        });
      }
      await auditWrite(tx, ctx, {
        action: target ? 'assignment.create' : 'assignment.end',
        entityType: 'person',
        entityId: assignment.personId,
        diff: {
          assignment: [
            { pairId: assignment.pairId, visitorId: assignment.visitorId },
            target ? { pairId: target.pairId, visitorId: target.visitorId } : null,
          ],
        },
      });
    }
    return {
      pair: after!,
      movedPeople: target ? current.length : 0,
      endedAssignments: target ? 0 : current.length,
    };
  });
}

async function checkReassignTarget(
  tx: DbOrTx,
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
