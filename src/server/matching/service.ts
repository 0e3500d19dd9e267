/**
 * Matching in the product: propose units for the people waiting (nothing is written), then accept
 * proposals: each accepted person gets their unit and becomes active, all in one transaction,
 * audited. The coordinator accepts what they read: acceptance re-checks what may have changed
 * since (status, unit still active, a free place) and refuses the whole batch, naming the line,
 * if anything no longer holds.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  assignments,
  matchSteps,
  pairs,
  people,
  statusChanges,
  visitors,
} from '../../db/schema.js';
import { checkTransition, type PersonStatus } from '../../domain/admission/lifecycle.js';
import { serviceToday } from '../../domain/common/calendar.js';
import { uuid } from '../../domain/common/schemas.js';
import { UnitIndex } from '../../domain/matching/candidates.js';
import { proposeMatches, suggestUnits, type UnitOption } from '../../domain/matching/engine.js';
import type { MatchPerson, VisitorUnit } from '../../domain/matching/model.js';
import { straightLineEstimator, type TravelTimeEstimator } from '../../domain/matching/travel.js';
import { OsrmTravelTimes } from '../../geo/osrm-travel.js';
import { listScope } from '../../domain/permissions/policy.js';
import { currentStatus } from '../people/queries.js';
import { authorize } from '../http/authorize.js';
import type { AuthenticatedContext } from '../http/context.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { checkLocalService } from '../organisations/service.js';
import { lifecycleState, personTarget } from '../people/service.js';
import { checkAlso, write } from '../write/write.js';
import { loadMatchingInput, type UnitLabel } from './loader.js';

export const proposalRequestSchema = z.object({
  /** One local service, or the whole organisation (null). A user attached to a service always gets theirs. */
  localServiceId: uuid.nullable().optional(),
  /** `keep` (default): only the waiting list; `reoptimise`: the people visited now may be moved too. */
  mode: z
    .enum(['keep', 'reoptimise'], { message: 'Mode attendu : keep ou reoptimise.' })
    .default('keep'),
  /**
   * People for whom the coordinator asks to see again the units of a match that ended for want
   * of affinity (left out otherwise, and named in the answer).
   */
  includeAvoided: z
    .array(uuid, { message: 'La liste des personnes est invalide.' })
    .max(500, '500 personnes au plus.')
    .default([]),
});

export const suggestionsQuerySchema = z.object({
  /** `true`: the units of a match that ended for want of affinity are proposed too. */
  includeAvoided: z
    .enum(['true', 'false'], { message: 'includeAvoided attendu : true ou false.' })
    .default('false')
    .transform((v) => v === 'true'),
});

/** The units left out for a person (or proposed anyway, when asked), with their names. */
function avoidedView(
  person: MatchPerson,
  labels: Map<string, UnitLabel>,
  included: boolean,
): { unitId: string; unitLabel: string; included: boolean }[] {
  return (person.avoidUnitIds ?? [])
    .filter((unitId) => labels.has(unitId))
    .map((unitId) => ({ unitId, unitLabel: labels.get(unitId)!.label, included }));
}

/** The people as the engine sees them: without their units to avoid where the coordinator asks. */
const withAvoided = (people: readonly MatchPerson[], include: (id: string) => boolean) =>
  people.map((p) => (include(p.id) ? { ...p, avoidUnitIds: [] } : p));

export const acceptSchema = z.object({
  items: z
    .array(z.object({ personId: uuid, unitId: uuid }), {
      message: 'La liste des appariements est invalide.',
    })
    .min(1, 'Choisissez au moins un appariement.')
    .max(500, '500 appariements au plus à la fois.')
    .refine(
      (items) => new Set(items.map((i) => i.personId)).size === items.length,
      'Une personne apparaît deux fois.',
    ),
});
export type AcceptInput = z.infer<typeof acceptSchema>;

const optionView = (
  option: UnitOption,
  labels: Map<string, UnitLabel>,
  homes: Map<string, { lat: number; lon: number }[]>,
) => ({
  unitId: option.unitId,
  homes: homes.get(option.unitId) ?? [],
  unitKind: labels.get(option.unitId)?.kind ?? 'pair',
  unitLabel: labels.get(option.unitId)?.label ?? '',
  cost: Math.round(option.cost * 10) / 10,
  explanation: option.explanation,
  travelMinutes: Math.round(option.facts.travelMinutes),
  commonDays: option.facts.commonDays,
  sharedInterests: option.facts.sharedInterests,
  hasFreePlace: option.hasFreePlace,
  parts: option.parts,
});

export async function proposeForWaitingList(
  ctx: AuthenticatedContext,
  input: z.infer<typeof proposalRequestSchema>,
) {
  const { actor } = ctx;
  authorize(actor, 'matching.propose', { organisationId: actor.organisationId });
  const scope = listScope(actor, 'matching.propose');
  if (scope.kind !== 'organisation') throw notFound();
  const localServiceId = scope.localServiceId ?? input.localServiceId ?? null;
  if (localServiceId) await checkLocalService(ctx.db, actor.organisationId, localServiceId);
  const started = performance.now();
  const loaded = await loadMatchingInput(
    ctx.db,
    { organisationId: actor.organisationId, localServiceId },
    serviceToday(),
    input.mode,
  );
  const travel = await travelTimes(ctx, loaded.people, loaded.units);
  const included = new Set(input.includeAvoided);
  const result = proposeMatches(
    withAvoided(loaded.people, (id) => included.has(id)),
    loaded.units,
    {
      travel: travel.estimator,
      mode: input.mode,
    },
  );
  const currentOf = new Map(loaded.people.map((p) => [p.id, p.currentUnitId ?? null]));
  const matchPersonOf = new Map(loaded.people.map((p) => [p.id, p]));
  const currentUnit = (personId: string) => {
    const unitId = currentOf.get(personId);
    return unitId ? { unitId, unitLabel: loaded.labels.get(unitId)?.label ?? '' } : null;
  };
  const name = (id: string) => {
    const p = loaded.personInfo.get(id);
    const location =
      p && p.latitude !== null && p.longitude !== null
        ? { lat: p.latitude, lon: p.longitude }
        : null;
    return p
      ? { id, firstName: p.firstName, lastName: p.lastName, communeName: p.communeName, location }
      : { id, firstName: '', lastName: '', communeName: null, location: null };
  };
  const homes = new Map(loaded.units.map((u) => [u.id, u.members.map((m) => m.home)]));
  ctx.log.info(
    {
      people: loaded.people.length,
      units: loaded.units.length,
      arcs: result.arcs,
      ms: Math.round(performance.now() - started),
    },
    'matching proposals computed',
  );
  return {
    localServiceId,
    people: loaded.people.length,
    units: loaded.units.length,
    matched: result.matched,
    unmatched: result.unmatched,
    totalCost: Math.round(result.totalCost * 10) / 10,
    travelTimes: travel.source,
    mode: input.mode,
    proposals: result.proposals.map((proposal) => ({
      person: name(proposal.personId),
      /** Re-optimisation: the unit visiting the person now, and whether the proposal keeps it. */
      current: currentUnit(proposal.personId),
      unchanged: proposal.unchanged,
      choice: proposal.choice ? optionView(proposal.choice, loaded.labels, homes) : null,
      alternatives: proposal.alternatives.map((a) => optionView(a, loaded.labels, homes)),
      unmatchedReason: proposal.unmatchedReason,
      priority: matchPersonOf.get(proposal.personId)?.priority ?? false,
      avoided: avoidedView(
        matchPersonOf.get(proposal.personId)!,
        loaded.labels,
        included.has(proposal.personId),
      ),
    })),
    notLocated: loaded.notLocated.map((p) => name(p.id)),
    leftOut: loaded.leftOut,
  };
}

/**
 * The best units for one waiting person (a new arrival), from their file: the engine's candidate
 * search and cost for that person alone (`suggestUnits`), nothing written. Accepting one goes
 * through `acceptProposals`. Another organisation's person (or another local service's): 404.
 */
export async function suggestForPerson(
  ctx: AuthenticatedContext,
  personId: string,
  query: { includeAvoided: boolean } = { includeAvoided: false },
) {
  const { actor } = ctx;
  const [person] = await ctx.db
    .select({
      id: people.id,
      organisationId: people.organisationId,
      localServiceId: people.localServiceId,
      status: currentStatus,
      latitude: people.latitude,
      longitude: people.longitude,
      mergedIntoId: people.mergedIntoId,
      erasedAt: people.erasedAt,
    })
    .from(people)
    .where(eq(people.id, personId));
  if (!person || person.mergedIntoId || person.erasedAt) throw notFound('Personne');
  authorize(actor, 'matching.suggest', {
    organisationId: person.organisationId,
    localServiceId: person.localServiceId,
  });
  if (person.status !== 'waiting')
    throw conflict(
      'not_waiting',
      'Seule une personne en attente de visiteur peut recevoir des propositions de binôme ou de bénévole.',
    );
  if (person.latitude === null || person.longitude === null)
    throw conflict(
      'not_located',
      'Le domicile de la personne n’est pas localisé : corrigez son adresse pour trouver des binômes ou des bénévoles proches.',
    );
  const loaded = await loadMatchingInput(
    ctx.db,
    // As for the waiting list: the user's local service's units, or the organisation's.
    { organisationId: actor.organisationId, localServiceId: actor.localServiceId ?? null },
    serviceToday(),
    'keep',
  );
  const found = loaded.people.find((p) => p.id === personId)!;
  const [subject] = withAvoided([found], () => query.includeAvoided) as [MatchPerson];
  const travel = await travelTimes(ctx, [subject], loaded.units);
  const index = new UnitIndex(loaded.units, travel.estimator);
  const options = suggestUnits(subject, index, { travel: travel.estimator, limit: 5 });
  const info = loaded.personInfo.get(personId)!;
  const homes = new Map(loaded.units.map((u) => [u.id, u.members.map((m) => m.home)]));
  const free = loaded.units.filter((u) => u.capacity - u.currentLoad > 0).length;
  return {
    person: {
      id: personId,
      firstName: info.firstName,
      lastName: info.lastName,
      communeName: info.communeName,
      location: subject.location,
    },
    travelTimes: travel.source,
    units: loaded.units.length,
    suggestions: options.map((option) => optionView(option, loaded.labels, homes)),
    priority: found.priority ?? false,
    avoided: avoidedView(found, loaded.labels, query.includeAvoided),
    leftOut: loaded.leftOut,
    noneReason:
      options.length > 0
        ? null
        : loaded.units.length === 0
          ? 'Aucun binôme ni bénévole disponible dans ce service aujourd’hui.'
          : free === 0
            ? 'Tous les binômes et bénévoles ont déjà le nombre de personnes qu’ils peuvent suivre.'
            : 'Aucun binôme ni bénévole avec une place libre n’est assez proche, ni disponible aux moments qui conviennent à la personne.',
  };
}

/**
 * Road times from OSRM when `OSRM_URL` is set, fetched for the candidate pairs only; if the server
 * cannot be reached the straight-line estimate is used and the answer says so.
 */
async function travelTimes(
  ctx: AuthenticatedContext,
  people: readonly MatchPerson[],
  units: readonly VisitorUnit[],
): Promise<{ estimator: TravelTimeEstimator; source: 'osrm' | 'estimate' }> {
  if (!ctx.config.osrmUrl) return { estimator: straightLineEstimator, source: 'estimate' };
  const osrm = new OsrmTravelTimes({ baseUrl: ctx.config.osrmUrl });
  const index = new UnitIndex(units, osrm);
  const trips = people.flatMap((person) =>
    index.candidatesNear(person.location).flatMap((u) => {
      const unit = index.units[u]!;
      return unit.members.map((m) => ({
        from: m.home,
        to: person.location,
        mobility: unit.mobility,
      }));
    }),
  );
  try {
    await osrm.prefetch(trips);
    return { estimator: osrm, source: 'osrm' };
  } catch (error) {
    ctx.log.error(
      { err: error },
      'OSRM unavailable: matching uses the straight-line travel estimate',
    );
    return { estimator: straightLineEstimator, source: 'estimate' };
  }
}

/**
 * Accepts proposals in one write: every person is locked (in id order, so two batches cannot
 * deadlock) and checked against the route's action, each unit is locked before its free places are
 * counted. Each assignment ended or created, and each status change, is on the audit trail about
 * its person.
 */
export async function acceptProposals(ctx: AuthenticatedContext, input: AcceptInput) {
  const { actor } = ctx;
  const today = serviceToday();
  type Step = {
    personId: string;
    fromStatus: PersonStatus;
    unit: { kind: 'pair' | 'volunteer'; id: string };
    current: typeof assignments.$inferSelect | null;
  };
  const plan: Step[] = [];
  return write(ctx, {
    what: 'Personne',
    scope: async (tx) => {
      // Locked: two coordinators accepting at once cannot both place the same person.
      const ids = input.items.map((item) => item.personId);
      await tx
        .select({ id: people.id })
        .from(people)
        .where(inArray(people.id, ids))
        .orderBy(asc(people.id))
        .for('update');
      return { organisationId: actor.organisationId };
    },
    // First every check, then every departure, then every arrival: in a re-optimisation a unit may
    // only have room once someone in the same batch has left it.
    validate: async (tx) => {
      for (const [index, item] of input.items.entries()) {
        const line = `Ligne ${index + 1}`;
        const person = await personTarget(tx, item.personId);
        if (!person) throw notFound('Personne');
        checkAlso(ctx, person.scope, 'Personne');
        const { status } = person.row;
        const who = `${person.row.firstName} ${person.row.lastName}`;
        if (status !== 'waiting' && status !== 'active') {
          throw conflict(
            'not_waiting',
            `${line} : ${who} n’est plus en attente ; relancez les propositions.`,
          );
        }
        const [current] = await tx
          .select()
          .from(assignments)
          .where(and(eq(assignments.personId, item.personId), isNull(assignments.endedOn)));
        const previous = current ? (current.pairId ?? current.visitorId) : null;
        if (status === 'active' && previous === item.unitId) {
          throw conflict(
            'unchanged',
            `${line} : ${who} est déjà suivie par ce binôme ou ce visiteur.`,
          );
        }
        const [pair] = await tx
          .select()
          .from(pairs)
          .where(
            and(
              eq(pairs.id, item.unitId),
              eq(pairs.organisationId, actor.organisationId),
              isNull(pairs.dissolvedOn),
            ),
          );
        const [volunteer] = pair
          ? []
          : await tx
              .select()
              .from(visitors)
              .where(
                and(
                  eq(visitors.id, item.unitId),
                  eq(visitors.organisationId, actor.organisationId),
                  isNull(visitors.endedOn),
                  sql`'visits' = any(${visitors.roles})`,
                ),
              );
        const unit = pair ?? volunteer;
        if (!unit)
          throw badRequest(`${line} : ce binôme ou ce visiteur n’existe plus ou n’est plus actif.`);
        if (
          actor.localServiceId &&
          unit.localServiceId &&
          unit.localServiceId !== actor.localServiceId
        )
          throw notFound('Binôme');
        if (status === 'waiting') {
          const check = checkTransition(await lifecycleState(tx, item.personId, status), {
            to: 'active',
            effectiveDate: today,
          });
          if (!check.ok) throw conflict(check.code, `${line} : ${check.message}`);
        }
        plan.push({
          personId: item.personId,
          fromStatus: status,
          unit: { kind: pair ? 'pair' : 'volunteer', id: unit.id },
          current: current ?? null,
        });
      }
    },
    apply: async (tx, _none, trail) => {
      for (const { personId, current } of plan) {
        if (!current) continue;
        // The match it ends is ended like any other (ADR 0028): stage, reason, a dated step.
        const endComment = 'Confiée à un autre binôme ou bénévole (réexamen des appariements).';
        const [ended] = await tx
          .update(assignments)
          .set({
            endedOn: today,
            stage: 'ended',
            stageSince: today,
            endReason: 'other',
            endComment,
          })
          .where(eq(assignments.id, current.id))
          .returning();
        trail.record({
          entityType: 'assignment',
          entityId: current.id,
          subjectId: personId,
          before: current,
          after: ended!,
        });
        const [endStep] = await tx
          .insert(matchSteps)
          .values({
            organisationId: current.organisationId,
            assignmentId: current.id,
            fromStage: current.stage,
            toStage: 'ended',
            effectiveOn: today,
            reason: 'other',
            comment: endComment,
            changedBy: actor.id,
          })
          .returning();
        trail.record({
          entityType: 'match_step',
          entityId: String(endStep!.id),
          subjectId: personId,
          after: endStep!,
        });
      }
      for (const [index, step] of plan.entries()) {
        const { unit } = step;
        // Serialise acceptances on the same unit, then check it still has a place: its capacity
        // and whether it is still active are read under that lock (a pair dissolved or made
        // smaller since the checks above counts as it is now).
        const [locked] =
          unit.kind === 'pair'
            ? await tx
                .select({ capacity: pairs.capacity, gone: pairs.dissolvedOn })
                .from(pairs)
                .where(eq(pairs.id, unit.id))
                .for('update')
            : await tx
                .select({ capacity: visitors.capacity, gone: visitors.endedOn })
                .from(visitors)
                .where(eq(visitors.id, unit.id))
                .for('update');
        if (!locked || locked.gone)
          throw badRequest(
            `Ligne ${index + 1} : ce binôme ou ce visiteur n’existe plus ou n’est plus actif.`,
          );
        const [load] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(assignments)
          .where(
            and(
              unit.kind === 'pair'
                ? eq(assignments.pairId, unit.id)
                : eq(assignments.visitorId, unit.id),
              isNull(assignments.endedOn),
            ),
          );
        if ((load?.n ?? 0) >= locked.capacity) {
          throw conflict(
            'unit_full',
            `Ligne ${index + 1} : ce binôme ou ce visiteur n’a plus de place (${locked.capacity} personnes suivies au plus).`,
          );
        }
        const [created] = await tx
          .insert(assignments)
          .values({
            organisationId: actor.organisationId,
            personId: step.personId,
            pairId: unit.kind === 'pair' ? unit.id : null,
            visitorId: unit.kind === 'pair' ? null : unit.id,
            startedOn: today,
            createdBy: actor.id,
            // The life of the match begins (ADR 0028): visits are planned from the trial on.
            stage: 'accepted',
            stageSince: today,
          })
          .returning();
        trail.record({
          entityType: 'assignment',
          entityId: created!.id,
          subjectId: step.personId,
          after: created!,
        });
        const [firstStep] = await tx
          .insert(matchSteps)
          .values({
            organisationId: actor.organisationId,
            assignmentId: created!.id,
            fromStage: null,
            toStage: 'accepted',
            effectiveOn: today,
            changedBy: actor.id,
          })
          .returning();
        trail.record({
          entityType: 'match_step',
          entityId: String(firstStep!.id),
          subjectId: step.personId,
          after: firstStep!,
        });
        // A priority on the waiting list (a match ended for want of affinity) is spent.
        const [prioritised] = await tx
          .select({
            since: people.waitingPrioritySince,
            reason: people.waitingPriorityReason,
          })
          .from(people)
          .where(eq(people.id, step.personId));
        if (prioritised?.since || prioritised?.reason) {
          await tx
            .update(people)
            .set({ waitingPrioritySince: null, waitingPriorityReason: null })
            .where(eq(people.id, step.personId));
          trail.record({
            entityType: 'person',
            entityId: step.personId,
            subjectId: step.personId,
            before: {
              waitingPrioritySince: prioritised.since,
              waitingPriorityReason: prioritised.reason,
            },
            after: { waitingPrioritySince: null, waitingPriorityReason: null },
          });
        }
        if (step.fromStatus === 'waiting') {
          await tx.insert(statusChanges).values({
            personId: step.personId,
            fromStatus: 'waiting',
            toStatus: 'active',
            reason: null,
            comment: 'Appariement accepté',
            until: null,
            effectiveDate: today,
            changedBy: actor.id,
          });
          trail.record({
            entityType: 'person',
            entityId: step.personId,
            subjectId: step.personId,
            before: { status: 'waiting' },
            after: { status: 'active' },
          });
        }
      }
      return { accepted: plan.length };
    },
  });
}
