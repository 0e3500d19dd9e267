/**
 * The journey of a visitor or volunteer: its stages, interviews, documents and applications. Every
 * change goes through `write()` (the visitor locked and checked against the route's action, the
 * rules checked, the change, its `visitor_journey_steps` row and the audit in one transaction).
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/database.js';
import {
  assignments,
  organisations,
  pairs,
  visitorDocuments,
  visitorInterviews,
  visitorJourneySteps,
  visitors,
} from '../../db/schema.js';
import { serviceToday } from '../../domain/common/calendar.js';
import {
  checkJourneyStep,
  isJourneyStage,
  JOURNEY_STAGE_LABELS,
  type JourneyStage,
} from '../../domain/visitors/journey.js';
import type {
  DocumentInput,
  InterviewInput,
  JourneyMoveInput,
  PublicApplicationInput,
  StaffApplicationInput,
} from '../../domain/visitors/journey-api.js';
import type { AuthenticatedContext, RequestContext } from '../http/context.js';
import { badRequest, conflict, HttpError, notFound } from '../http/errors.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import { organisationFollowUpSettings } from '../organisations/service.js';
import { visitorScope } from '../visitors/queries.js';
import { takeSlots } from '../auth/throttle.js';

const VISITOR = 'Visiteur';
type VisitorRow = typeof visitors.$inferSelect;

async function visitorTarget(tx: Tx, id: string): Promise<Target<VisitorRow> | null> {
  const [visitor] = await tx.select().from(visitors).where(eq(visitors.id, id)).for('update');
  if (!visitor) return null;
  return { row: visitor, scope: visitorScope(visitor), entityType: 'visitor', entityId: id };
}

const stageOf = (row: VisitorRow): JourneyStage =>
  isJourneyStage(row.journeyStage) ? row.journeyStage : 'active';

/** The people this visitor follows now, alone or in one of their active pairs. */
async function activeMatchesOf(db: DbOrTx, visitorId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(assignments)
    .where(
      and(
        isNull(assignments.endedOn),
        or(
          eq(assignments.visitorId, visitorId),
          inArray(
            assignments.pairId,
            db
              .select({ id: pairs.id })
              .from(pairs)
              .where(
                and(
                  isNull(pairs.dissolvedOn),
                  or(eq(pairs.visitorAId, visitorId), eq(pairs.visitorBId, visitorId)),
                ),
              ),
          ),
        ),
      ),
    );
  return Number(row?.n ?? 0);
}

/** Writes one step: the visitor's stage fields and the history row (on the trail). */
async function recordStep(
  tx: Tx,
  trail: AuditTrail,
  ctx: RequestContext,
  visitor: VisitorRow,
  step: {
    to: JourneyStage;
    effectiveOn: string;
    reason: string | null;
    until?: string | null;
    comment?: string | null;
  },
) {
  const from = stageOf(visitor);
  const values: Partial<typeof visitors.$inferInsert> = {
    journeyStage: step.to,
    updatedAt: new Date(),
  };
  if (step.to === 'suspended') {
    values.suspendedReason = step.reason;
    values.suspendedUntil = step.until ?? null;
  } else if (from === 'suspended') {
    values.suspendedReason = null;
    values.suspendedUntil = null;
  }
  if (step.to === 'ended') {
    values.endedReason = step.reason;
    values.endedOn = visitor.endedOn ?? step.effectiveOn;
  }
  const [after] = await tx
    .update(visitors)
    .set(values)
    .where(eq(visitors.id, visitor.id))
    .returning();
  const [row] = await tx
    .insert(visitorJourneySteps)
    .values({
      organisationId: visitor.organisationId,
      visitorId: visitor.id,
      fromStage: from,
      toStage: step.to,
      effectiveOn: step.effectiveOn,
      reason: step.reason,
      comment: step.comment ?? null,
      changedBy: ctx.actor?.id ?? null,
    })
    .returning();
  trail.record({ entityType: 'visitor_journey_step', entityId: String(row!.id), after: row! });
  return after!;
}

function refuseStep(check: Exclude<ReturnType<typeof checkJourneyStep>, { ok: true }>): never {
  if (check.kind === 'conflict')
    throw conflict(check.code, check.message, { allowed: check.allowed });
  throw badRequest(check.message, { field: check.field ?? 'stage', allowed: check.allowed });
}

async function hasFavourableInterview(db: DbOrTx, visitorId: string) {
  const [row] = await db
    .select({ id: visitorInterviews.id })
    .from(visitorInterviews)
    .where(
      and(eq(visitorInterviews.visitorId, visitorId), eq(visitorInterviews.outcome, 'favourable')),
    )
    .limit(1);
  return Boolean(row);
}

/** Moves a visitor to a stage; a suspension or an end leaves their matches as they are. */
export async function moveJourney(ctx: AuthenticatedContext, id: string, input: JourneyMoveInput) {
  const today = serviceToday();
  const effectiveOn = input.effectiveOn ?? today;
  return write(ctx, {
    what: VISITOR,
    audit: 'journey.move',
    load: (tx) => visitorTarget(tx, id),
    validate: async (tx, visitor) => {
      const check = checkJourneyStep({
        from: stageOf(visitor),
        to: input.stage,
        effectiveOn,
        today,
        reason: input.reason,
        until: input.until,
        hasFavourableInterview:
          input.stage === 'checks' ? await hasFavourableInterview(tx, id) : false,
      });
      if (!check.ok) refuseStep(check);
    },
    apply: async (tx, visitor, trail) => {
      const after = await recordStep(tx, trail, ctx, visitor, {
        to: input.stage,
        effectiveOn,
        reason: input.reason,
        until: input.until,
        comment: input.comment,
      });
      const affected =
        input.stage === 'suspended' || input.stage === 'ended' ? await activeMatchesOf(tx, id) : 0;
      return {
        id: after.id,
        stage: stageOf(after),
        affectedMatches: affected,
        message:
          affected === 0
            ? null
            : `${affected === 1 ? 'Une personne est suivie' : `${affected} personnes sont suivies`} par ce visiteur (seul ou en binôme) : ${affected === 1 ? 'son suivi continue' : 'leurs suivis continuent'}. Il ne sera plus proposé ni planifié : confiez ${affected === 1 ? 'cette personne' : 'ces personnes'} à un autre binôme ou bénévole si besoin.`,
      };
    },
  });
}

/**
 * Records an interview. Favourable: the application moves to « Vérifications »; to continue: it
 * stays at (or comes to) « Entretien »; unfavourable: the application ends, with the reason.
 */
export async function recordInterview(
  ctx: AuthenticatedContext,
  id: string,
  input: InterviewInput,
) {
  const today = serviceToday();
  return write(ctx, {
    what: VISITOR,
    audit: 'journey.interview',
    load: (tx) => visitorTarget(tx, id),
    validate: (_tx, visitor) => {
      if (input.heldOn > today)
        throw badRequest('La date de l’entretien ne peut pas être dans le futur.', {
          field: 'heldOn',
        });
      const stage = stageOf(visitor);
      if (stage !== 'applied' && stage !== 'interview')
        throw conflict(
          'not_applying',
          `Un entretien se note pendant la candidature (étapes « ${JOURNEY_STAGE_LABELS.applied} » ou « ${JOURNEY_STAGE_LABELS.interview} ») ; ce parcours est à l’étape « ${JOURNEY_STAGE_LABELS[stage]} ».`,
          { allowed: ['applied', 'interview'] },
        );
      if (input.outcome === 'unfavourable' && !input.reason)
        throw badRequest('Indiquez en quelques mots pourquoi l’entretien est défavorable.', {
          field: 'reason',
        });
    },
    apply: async (tx, visitor, trail) => {
      // The interview and the steps it moves the journey through are read together.
      trail.batchId = `interview:${randomUUID()}`;
      const [interview] = await tx
        .insert(visitorInterviews)
        .values({
          organisationId: visitor.organisationId,
          visitorId: id,
          heldOn: input.heldOn,
          interviewerId: input.interviewerName ? null : ctx.actor.id,
          interviewerName: input.interviewerName,
          outcome: input.outcome,
          reason: input.reason,
        })
        .returning();
      trail.record({ entityType: 'visitor_interview', entityId: interview!.id, after: interview! });
      let current = visitor;
      const step = (to: JourneyStage, reason: string | null) =>
        recordStep(tx, trail, ctx, current, { to, effectiveOn: input.heldOn, reason });
      if (input.outcome === 'unfavourable') {
        current = await step('ended', `Entretien défavorable : ${input.reason}`);
      } else {
        if (stageOf(current) === 'applied') current = await step('interview', null);
        if (input.outcome === 'favourable') current = await step('checks', null);
      }
      return { id: interview!.id, stage: stageOf(current) };
    },
  });
}

/**
 * Records a document received. Its kind is one of the organisation's required documents, or
 * 'other' with a name. The charter and the insurance also write the visitor's columns
 * (`charter_signed_on`, `insurance_*`) that exports and imports still read.
 */
export async function recordDocument(ctx: AuthenticatedContext, id: string, input: DocumentInput) {
  const today = serviceToday();
  const settings = await organisationFollowUpSettings(ctx.db, ctx.actor.organisationId);
  return write(ctx, {
    what: VISITOR,
    audit: 'journey.document',
    load: (tx) => visitorTarget(tx, id),
    validate: (_tx) => {
      const rule = settings.requiredDocuments.find((d) => d.key === input.kind);
      if (!rule && input.kind !== 'other')
        throw badRequest(
          `Type de document inconnu. Documents demandés par votre organisation : ${settings.requiredDocuments.map((d) => `« ${d.label} »`).join(', ')}, ou un autre document nommé.`,
          { field: 'kind' },
        );
      if (input.receivedOn > today)
        throw badRequest('La date de réception ne peut pas être dans le futur.', {
          field: 'receivedOn',
        });
      if (rule?.expires && !input.expiresOn)
        throw badRequest(`Indiquez la fin de validité (« ${rule.label} »).`, {
          field: 'expiresOn',
        });
      if (rule?.currentVersion && !input.version)
        throw badRequest(
          `Indiquez la version signée (version en cours : ${rule.currentVersion}).`,
          { field: 'version' },
        );
    },
    apply: async (tx, visitor, trail) => {
      const [document] = await tx
        .insert(visitorDocuments)
        .values({
          organisationId: visitor.organisationId,
          visitorId: id,
          kind: input.kind,
          label: input.kind === 'other' ? input.label : null,
          version: input.version,
          provider: input.provider,
          receivedOn: input.receivedOn,
          expiresOn: input.expiresOn,
          recordedBy: ctx.actor.id,
        })
        .returning();
      trail.record({ entityType: 'visitor_document', entityId: document!.id, after: document! });
      // The latest of each kind is the one the legacy columns show.
      const legacy: Partial<typeof visitors.$inferInsert> = {};
      if (
        input.kind === 'charter' &&
        (!visitor.charterSignedOn || input.receivedOn >= visitor.charterSignedOn)
      )
        legacy.charterSignedOn = input.receivedOn;
      if (input.kind === 'insurance') {
        const [latest] = await tx
          .select()
          .from(visitorDocuments)
          .where(and(eq(visitorDocuments.visitorId, id), eq(visitorDocuments.kind, 'insurance')))
          .orderBy(desc(visitorDocuments.receivedOn), desc(visitorDocuments.createdAt))
          .limit(1);
        if (latest?.id === document!.id) {
          legacy.insuranceValidUntil = input.expiresOn;
          legacy.insuranceProvider = input.provider;
        }
      }
      if (Object.keys(legacy).length)
        await tx
          .update(visitors)
          .set({ ...legacy, updatedAt: new Date() })
          .where(eq(visitors.id, id));
      return { id: document!.id };
    },
  });
}

const applicationNote = (input: { wish: string; availability: string }) =>
  `Souhaite : ${input.wish}\nDisponibilités : ${input.availability}`;

/** An application entered by staff after a phone call. */
export async function createStaffApplication(
  ctx: AuthenticatedContext,
  input: StaffApplicationInput,
) {
  const today = serviceToday();
  const appliedOn = input.appliedOn ?? today;
  return write(ctx, {
    audit: 'journey.application',
    validate: () => {
      if (appliedOn > today)
        throw badRequest('La date de la candidature ne peut pas être dans le futur.', {
          field: 'appliedOn',
        });
    },
    apply: async (tx, _none, trail) =>
      insertApplication(tx, trail, {
        organisationId: ctx.actor.organisationId,
        localServiceId: ctx.actor.localServiceId ?? null,
        kind: input.kind,
        source: 'staff',
        appliedOn,
        input,
        changedBy: ctx.actor.id,
      }),
  });
}

async function insertApplication(
  tx: Tx,
  trail: AuditTrail,
  a: {
    organisationId: string;
    localServiceId: string | null;
    kind: string;
    source: 'staff' | 'web';
    appliedOn: string;
    input: Omit<StaffApplicationInput, 'kind' | 'appliedOn'>;
    changedBy: string | null;
  },
) {
  const { input } = a;
  const [visitor] = await tx
    .insert(visitors)
    .values({
      organisationId: a.organisationId,
      localServiceId: a.localServiceId,
      kind: a.kind,
      lastName: input.lastName,
      firstName: input.firstName,
      email: input.email,
      phone: input.phone,
      postalCode: input.postalCode,
      communeName: input.communeName,
      mobility: input.mobility,
      maxTripMinutes: 30,
      journeyStage: 'applied',
      appliedOn: a.appliedOn,
      applicationSource: a.source,
      applicationNote: applicationNote(input),
    })
    .returning();
  trail.record({
    entityType: 'visitor',
    entityId: visitor!.id,
    organisationId: a.organisationId,
    after: visitor!,
  });
  const [step] = await tx
    .insert(visitorJourneySteps)
    .values({
      organisationId: a.organisationId,
      visitorId: visitor!.id,
      fromStage: null,
      toStage: 'applied',
      effectiveOn: a.appliedOn,
      reason: a.source === 'web' ? 'Candidature par le formulaire en ligne' : null,
      changedBy: a.changedBy,
    })
    .returning();
  trail.record({
    entityType: 'visitor_journey_step',
    entityId: String(step!.id),
    organisationId: a.organisationId,
    after: step!,
  });
  return { id: visitor!.id };
}

/** The public form's limits: per address an hour, per organisation a day. */
const PUBLIC_APPLICATION_LIMITS = { perAddressPerHour: 5, perOrganisationPerDay: 200 };

export const PUBLIC_APPLICATION_ANSWER =
  'Merci ! Votre candidature est bien arrivée. Une personne de l’association vous appellera ou vous écrira pour convenir d’un entretien.';

/** The organisation a public form is for; 404 when it does not exist. */
export async function publicOrganisation(db: DbOrTx, organisationId: string) {
  const [organisation] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!organisation) throw notFound('Organisation');
  return organisation;
}

/**
 * An application from the public form: no sign-in; limited per address and per organisation in
 * the database (the sign-in limiter); a filled honeypot answers the same thanks and writes nothing.
 */
export async function createPublicApplication(
  ctx: RequestContext,
  organisationId: string,
  input: PublicApplicationInput,
  ip: string,
) {
  const organisation = await publicOrganisation(ctx.db, organisationId);
  if (input.website && input.website.trim() !== '') {
    ctx.log.warn({ organisationId }, 'public application: honeypot filled, nothing written');
    return { honeypot: true as const };
  }
  const outcome = await write(ctx, {
    audit: 'journey.application',
    apply: async (tx, _none, trail) => {
      const verdict = await takeSlots(
        tx,
        [
          {
            key: `application:address:${ip}`,
            max: PUBLIC_APPLICATION_LIMITS.perAddressPerHour,
            windowSeconds: 3600,
          },
          {
            key: `application:organisation:${organisation.id}`,
            max: PUBLIC_APPLICATION_LIMITS.perOrganisationPerDay,
            windowSeconds: 86_400,
          },
        ],
        randomUUID(),
      );
      if (!verdict.allowed) return { verdict, id: null };
      const created = await insertApplication(tx, trail, {
        organisationId: organisation.id,
        localServiceId: null,
        kind: 'volunteer',
        source: 'web',
        appliedOn: serviceToday(),
        input,
        changedBy: null,
      });
      return { verdict, id: created.id };
    },
  });
  if (!outcome.verdict.allowed) {
    const minutes = Math.max(1, Math.ceil(outcome.verdict.retryAfterSeconds / 60));
    throw new HttpError(
      429,
      'too_many_applications',
      `Trop de candidatures envoyées depuis cette connexion. Réessayez dans ${minutes === 1 ? 'une minute' : `${minutes} minutes`}, ou appelez l’association.`,
      { retryAfterSeconds: outcome.verdict.retryAfterSeconds },
    );
  }
  return { honeypot: false as const, id: outcome.id };
}
