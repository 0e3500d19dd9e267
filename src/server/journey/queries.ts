/** Reads of a visitor's journey: stage, history, interviews, documents and readiness today. */
import { asc, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import {
  users,
  visitorDocuments,
  visitorInterviews,
  visitorJourneySteps,
  visitors,
} from '../../db/schema.js';
import {
  documentsRequiredOf,
  isJourneyStage,
  JOURNEY_STAGE_LABELS,
  nextStages,
  readiness,
  type InterviewOutcome,
} from '../../domain/visitors/journey.js';
import { organisationFollowUpSettings } from '../organisations/service.js';

type VisitorRow = typeof visitors.$inferSelect;

export async function journeyOf(db: DbOrTx, visitor: VisitorRow, today: string) {
  const settings = await organisationFollowUpSettings(db, visitor.organisationId);
  const steps = await db
    .select({
      id: visitorJourneySteps.id,
      fromStage: visitorJourneySteps.fromStage,
      toStage: visitorJourneySteps.toStage,
      effectiveOn: visitorJourneySteps.effectiveOn,
      reason: visitorJourneySteps.reason,
      comment: visitorJourneySteps.comment,
      changedBy: users.displayName,
      at: visitorJourneySteps.at,
    })
    .from(visitorJourneySteps)
    .leftJoin(users, eq(users.id, visitorJourneySteps.changedBy))
    .where(eq(visitorJourneySteps.visitorId, visitor.id))
    .orderBy(desc(visitorJourneySteps.id));
  const interviews = await db
    .select({
      id: visitorInterviews.id,
      heldOn: visitorInterviews.heldOn,
      interviewerName: visitorInterviews.interviewerName,
      interviewerUser: users.displayName,
      outcome: visitorInterviews.outcome,
      reason: visitorInterviews.reason,
    })
    .from(visitorInterviews)
    .leftJoin(users, eq(users.id, visitorInterviews.interviewerId))
    .where(eq(visitorInterviews.visitorId, visitor.id))
    .orderBy(desc(visitorInterviews.heldOn), desc(visitorInterviews.createdAt));
  const documents = await db
    .select()
    .from(visitorDocuments)
    .where(eq(visitorDocuments.visitorId, visitor.id))
    .orderBy(desc(visitorDocuments.receivedOn), asc(visitorDocuments.kind));

  const stage = isJourneyStage(visitor.journeyStage) ? visitor.journeyStage : 'active';
  const rules = documentsRequiredOf(visitor.kind, settings.requiredDocuments);
  const state = readiness(visitor, documents, rules, today, settings.expiryWarningDays);
  const labelOf = new Map(settings.requiredDocuments.map((d) => [d.key, d.label]));
  return {
    visitorId: visitor.id,
    stage,
    stageLabel: JOURNEY_STAGE_LABELS[stage],
    nextStages: nextStages(stage).map((s) => ({ stage: s, label: JOURNEY_STAGE_LABELS[s] })),
    appliedOn: visitor.appliedOn,
    applicationSource: visitor.applicationSource,
    applicationNote: visitor.applicationNote,
    suspendedReason: visitor.suspendedReason,
    suspendedUntil: visitor.suspendedUntil,
    endedReason: visitor.endedReason,
    endedOn: visitor.endedOn,
    steps,
    interviews: interviews.map((i) => ({
      id: i.id,
      heldOn: i.heldOn,
      interviewer: i.interviewerName ?? i.interviewerUser ?? null,
      outcome: i.outcome as InterviewOutcome,
      reason: i.reason,
    })),
    required: state.documents.map((d) => ({
      key: d.key,
      label: d.label,
      status: d.status,
      message: d.message,
      document: d.document
        ? {
            version: d.document.version,
            receivedOn: d.document.receivedOn,
            expiresOn: d.document.expiresOn,
          }
        : null,
    })),
    documents: documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      label: d.kind === 'other' ? (d.label ?? 'Autre document') : (labelOf.get(d.kind) ?? d.kind),
      version: d.version,
      provider: d.provider,
      receivedOn: d.receivedOn,
      expiresOn: d.expiresOn,
    })),
    readiness: { ready: state.ready, reasons: state.reasons, warnings: state.warnings },
    expiryWarningDays: settings.expiryWarningDays,
  };
}
