/**
 * Right of access (RGPD art. 15): reads everything the platform holds about one person
 * accompanied, for the JSON and PDF exports. The shaping is pure (src/domain/rights/); this file
 * only reads, checks the permission on the person and leaves a trace of the export.
 */
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import {
  alertEvents,
  alerts,
  contactLog,
  helpRequests,
  matchReviews,
  matchSteps,
  assignments,
  auditLog,
  consents,
  evaluations,
  localServices,
  organisations,
  pairs,
  people,
  personContacts,
  referrals,
  statusChanges,
  users,
  visitReports,
  visits,
  visitVisitors,
  visitors,
} from '../../db/schema.js';
import {
  buildAccessExport,
  type AccessExport,
  type AccessSource,
} from '../../domain/rights/access-export.js';
import { auditRead } from '../audit/audit.js';
import type { AuthenticatedContext } from '../http/context.js';
import { loadPersonFor } from '../people/service.js';

const fullName = (v: { firstName: string; lastName: string }) => `${v.firstName} ${v.lastName}`;

async function namesOf(
  db: DbOrTx,
  table: 'users' | 'visitors',
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  if (table === 'users') {
    const rows = await db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(inArray(users.id, wanted));
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  const rows = await db
    .select({ id: visitors.id, firstName: visitors.firstName, lastName: visitors.lastName })
    .from(visitors)
    .where(inArray(visitors.id, wanted));
  return new Map(rows.map((r) => [r.id, fullName(r)]));
}

/**
 * Everything about the person, shaped for the export. Checks 'person.export' on the person (404
 * outside the user's organisation or local service) and records the export as a read of the
 * person's data, before reading, so the export's own trace is in the list it gives.
 */
export async function exportPersonData(
  ctx: AuthenticatedContext,
  personId: string,
): Promise<AccessExport> {
  const { db } = ctx;
  const { person, status } = await loadPersonFor(db, ctx, personId, 'person.export');
  await auditRead(db, ctx, {
    action: 'person.export',
    entityType: 'person',
    entityId: person.id,
    subjectId: person.id,
  });

  const id = person.id;
  const merged = await db.select({ id: people.id }).from(people).where(eq(people.mergedIntoId, id));
  const subjectIds = [id, ...merged.map((m) => m.id)];

  const [organisation] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, person.organisationId));
  const [localService] = person.localServiceId
    ? await db
        .select({ name: localServices.name })
        .from(localServices)
        .where(eq(localServices.id, person.localServiceId))
    : [];
  const [me] = await db
    .select({ name: users.displayName })
    .from(users)
    .where(eq(users.id, ctx.actor.id));

  const contacts = await db
    .select()
    .from(personContacts)
    .where(eq(personContacts.personId, id))
    .orderBy(asc(personContacts.createdAt), asc(personContacts.id));
  const changes = await db
    .select()
    .from(statusChanges)
    .where(eq(statusChanges.personId, id))
    .orderBy(asc(statusChanges.id));
  const evaluationRows = await db
    .select()
    .from(evaluations)
    .where(eq(evaluations.personId, id))
    .orderBy(asc(evaluations.evaluatedOn), asc(evaluations.createdAt));
  const consentRows = await db
    .select()
    .from(consents)
    .where(eq(consents.personId, id))
    .orderBy(asc(consents.givenOn), asc(consents.createdAt));

  const assignmentRows = await db
    .select({ assignment: assignments, pair: pairs })
    .from(assignments)
    .leftJoin(pairs, eq(pairs.id, assignments.pairId))
    .where(eq(assignments.personId, id))
    .orderBy(asc(assignments.startedOn), asc(assignments.createdAt));

  const matchIds = assignmentRows.map(({ assignment }) => assignment.id);
  const stepRows = matchIds.length
    ? await db
        .select()
        .from(matchSteps)
        .where(inArray(matchSteps.assignmentId, matchIds))
        .orderBy(asc(matchSteps.id))
    : [];
  const reviewRows = matchIds.length
    ? await db
        .select()
        .from(matchReviews)
        .where(inArray(matchReviews.assignmentId, matchIds))
        .orderBy(asc(matchReviews.heldOn), asc(matchReviews.createdAt))
    : [];

  const visitRows = await db
    .select()
    .from(visits)
    .where(eq(visits.personId, id))
    .orderBy(asc(visits.date), asc(visits.startTime));
  const visitIds = visitRows.map((v) => v.id);
  const crew = visitIds.length
    ? await db.select().from(visitVisitors).where(inArray(visitVisitors.visitId, visitIds))
    : [];
  const reports = visitIds.length
    ? await db.select().from(visitReports).where(inArray(visitReports.visitId, visitIds))
    : [];

  const alertRows = await db
    .select()
    .from(alerts)
    .where(eq(alerts.personId, id))
    .orderBy(asc(alerts.createdAt));
  const events = alertRows.length
    ? await db
        .select()
        .from(alertEvents)
        .where(
          inArray(
            alertEvents.alertId,
            alertRows.map((a) => a.id),
          ),
        )
        .orderBy(asc(alertEvents.at), asc(alertEvents.id))
    : [];

  const contactRows = await db
    .select({ contact: contactLog, carerName: personContacts.name })
    .from(contactLog)
    .leftJoin(personContacts, eq(personContacts.id, contactLog.personContactId))
    .where(inArray(contactLog.personId, subjectIds))
    .orderBy(asc(contactLog.occurredAt), asc(contactLog.id));

  const helpRows = await db
    .select()
    .from(helpRequests)
    .where(inArray(helpRequests.personId, subjectIds))
    .orderBy(asc(helpRequests.createdAt), asc(helpRequests.id));

  const referralRows = await db
    .select()
    .from(referrals)
    .where(eq(referrals.personId, id))
    .orderBy(asc(referrals.createdAt));

  // Every trace about the person: rows that name them as subject, and openings of their file.
  const accessRows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.organisationId, person.organisationId),
        or(
          inArray(auditLog.subjectId, subjectIds),
          and(eq(auditLog.entityType, 'person'), inArray(auditLog.entityId, subjectIds)),
        ),
      ),
    )
    .orderBy(asc(auditLog.id));

  const visitorNames = await namesOf(db, 'visitors', [
    ...crew.map((c) => c.visitorId),
    ...assignmentRows.flatMap(({ assignment, pair }) => [
      assignment.visitorId,
      pair?.visitorAId,
      pair?.visitorBId,
    ]),
  ]);
  const userNames = await namesOf(db, 'users', [
    ...changes.map((c) => c.changedBy),
    ...consentRows.map((c) => c.recordedBy),
    ...reports.map((r) => r.submittedBy),
    ...events.map((e) => e.userId),
    ...referralRows.map((r) => r.submittedBy),
    ...accessRows.map((r) => r.userId),
    ...contactRows.map((r) => r.contact.createdBy),
    ...stepRows.map((r) => r.changedBy),
    ...reviewRows.map((r) => r.heldBy),
  ]);
  const userName = (userId: string | null) => (userId ? (userNames.get(userId) ?? null) : null);
  const visitorName = (visitorId: string | null | undefined) =>
    visitorId ? (visitorNames.get(visitorId) ?? null) : null;

  const source: AccessSource = {
    exportedAt: new Date(),
    exportedBy: { id: ctx.actor.id, name: me?.name ?? '' },
    organisation: { id: organisation!.id, name: organisation!.name },
    localServiceName: localService?.name ?? null,
    person,
    mergedIds: merged.map((m) => m.id),
    status,
    contacts,
    statusChanges: changes.map((c) => ({ ...c, byName: userName(c.changedBy) })),
    evaluations: evaluationRows,
    consents: consentRows.map((c) => ({ ...c, recordedByName: userName(c.recordedBy) })),
    assignments: assignmentRows.map(({ assignment, pair }) => ({
      id: assignment.id,
      startedOn: assignment.startedOn,
      endedOn: assignment.endedOn,
      visitorNames: [assignment.visitorId, pair?.visitorAId, pair?.visitorBId]
        .map(visitorName)
        .filter((n): n is string => !!n),
      stage: assignment.stage,
      endReason: assignment.endReason,
      endComment: assignment.endComment,
      steps: stepRows
        .filter((s) => s.assignmentId === assignment.id)
        .map((s) => ({
          effectiveOn: s.effectiveOn,
          toStage: s.toStage,
          comment: s.comment,
          byName: userName(s.changedBy),
        })),
      reviews: reviewRows
        .filter((r) => r.assignmentId === assignment.id)
        .map((r) => ({
          heldOn: r.heldOn,
          decision: r.decision,
          personSatisfaction: r.personSatisfaction,
          visitorSatisfaction: r.visitorSatisfaction,
          newVisitsPerWeek: r.newVisitsPerWeek,
          comment: r.comment,
          byName: userName(r.heldBy),
        })),
    })),
    visits: visitRows.map((v) => {
      const report = reports.find((r) => r.visitId === v.id);
      return {
        ...v,
        visitorNames: crew
          .filter((c) => c.visitId === v.id)
          .map((c) => visitorName(c.visitorId))
          .filter((n): n is string => !!n),
        report: report ? { ...report, writtenByName: userName(report.submittedBy) } : null,
      };
    }),
    alerts: alertRows.map((a) => ({
      ...a,
      events: events
        .filter((e) => e.alertId === a.id)
        .map((e) => ({ at: e.at, kind: e.kind, byName: userName(e.userId), details: e.details })),
    })),
    referrals: referralRows.map((r) => ({ ...r, submittedByName: userName(r.submittedBy) })),
    contactLog: contactRows.map(({ contact, carerName }) => ({
      occurredAt: contact.occurredAt,
      channel: contact.channel,
      outcome: contact.outcome,
      carerName,
      note: contact.note,
      callbackOn: contact.callbackOn,
      byName: userName(contact.createdBy),
    })),
    helpRequests: helpRows.map((r) => ({
      createdAt: r.createdAt,
      helpKind: r.helpKind,
      status: r.status,
      recurrence: r.recurrence,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      startTime: r.startTime,
      endTime: r.endTime,
      description: r.description,
      destination: r.destination,
      carerName: r.carerName,
      consentToContact: r.consentToContact,
    })),
    accessLog: accessRows.map((r) => ({
      at: r.at,
      kind: r.kind,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      userName: userName(r.userId),
      source: r.source,
    })),
  };
  return buildAccessExport(source);
}
