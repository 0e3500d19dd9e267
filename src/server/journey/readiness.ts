/**
 * Readiness read from the database: for visitors of one organisation, on given dates, the reasons
 * they cannot be proposed by matching or planned (src/domain/visitors/journey.ts decides; this
 * reads their documents and the organisation's required list once).
 */
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { visitorDocuments, visitors } from '../../db/schema.js';
import {
  documentsRequiredOf,
  readiness,
  type JourneyDocument,
  type ReadinessVisitor,
} from '../../domain/visitors/journey.js';
import { organisationFollowUpSettings } from '../organisations/service.js';

export interface ReadinessSubject extends ReadinessVisitor {
  id: string;
  kind: string;
}

/** The documents of these visitors, by visitor. */
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
    .where(inArray(visitorDocuments.visitorId, [...visitorIds]))
    .orderBy(asc(visitorDocuments.receivedOn));
  for (const { visitorId, ...doc } of rows) {
    const list = byVisitor.get(visitorId) ?? [];
    list.push(doc);
    byVisitor.set(visitorId, list);
  }
  return byVisitor;
}

/**
 * visitor id → date → reasons, for the visitors NOT ready on that date only (a ready visitor is
 * absent from the map). One query for the documents, one for the settings.
 */
export async function notReadyOn(
  db: DbOrTx,
  organisationId: string,
  subjects: readonly ReadinessSubject[],
  dates: readonly string[],
): Promise<Map<string, Map<string, string[]>>> {
  const result = new Map<string, Map<string, string[]>>();
  if (subjects.length === 0 || dates.length === 0) return result;
  const settings = await organisationFollowUpSettings(db, organisationId);
  const documents = await documentsOf(
    db,
    subjects.map((s) => s.id),
  );
  for (const subject of subjects) {
    for (const date of dates) {
      const r = readiness(
        subject,
        documents.get(subject.id) ?? [],
        documentsRequiredOf(subject.kind, settings.requiredDocuments),
        date,
        settings.expiryWarningDays,
      );
      if (r.ready) continue;
      const byDate = result.get(subject.id) ?? new Map<string, string[]>();
      byDate.set(date, r.reasons);
      result.set(subject.id, byDate);
    }
  }
  return result;
}

/** The reasons each visitor is not ready on one day (matching: today); ready ones are absent. */
export async function notReadyToday(
  db: DbOrTx,
  organisationId: string,
  subjects: readonly ReadinessSubject[],
  today: string,
): Promise<Map<string, string[]>> {
  const byVisitor = await notReadyOn(db, organisationId, subjects, [today]);
  return new Map([...byVisitor].map(([id, byDate]) => [id, byDate.get(today) ?? []]));
}

/** A unit left out of matching: its label and, for each member not ready, why (French). */
export interface LeftOutUnit {
  unitLabel: string;
  reasons: string[];
}

/**
 * The reasons a unit cannot be proposed: those of its members not ready, named when the unit is a
 * pair. Empty: the unit can be proposed.
 */
export function unitNotReadyReasons(
  members: readonly { id: string; firstName: string; lastName: string }[],
  notReady: ReadonlyMap<string, readonly string[]>,
): string[] {
  return members.flatMap((m) =>
    (notReady.get(m.id) ?? []).map((reason) =>
      members.length > 1 ? `${m.firstName} ${m.lastName} : ${reason}` : reason,
    ),
  );
}

/** A visitor not ready on some dates of a week: which dates, and why (the first such date's reasons). */
export interface LeftOutVisitor {
  visitorId: string;
  name: string;
  dates: string[];
  reasons: string[];
}

export function leftOutOfWeek(
  subjects: readonly (ReadinessSubject & { firstName: string; lastName: string })[],
  notReady: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>,
): LeftOutVisitor[] {
  const result: LeftOutVisitor[] = [];
  for (const s of subjects) {
    const byDate = notReady.get(s.id);
    if (!byDate || byDate.size === 0) continue;
    const dates = [...byDate.keys()].sort();
    result.push({
      visitorId: s.id,
      name: `${s.firstName} ${s.lastName}`,
      dates,
      reasons: [...(byDate.get(dates[0]!) ?? [])],
    });
  }
  return result.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** The visitors of a local service not ready on some dates of the week (the planning screen). */
export async function weekLeftOut(
  db: DbOrTx,
  scope: { organisationId: string; localServiceId: string },
  dates: readonly string[],
) {
  const rows = await db
    .select({
      id: visitors.id,
      kind: visitors.kind,
      firstName: visitors.firstName,
      lastName: visitors.lastName,
      journeyStage: visitors.journeyStage,
      suspendedReason: visitors.suspendedReason,
      suspendedUntil: visitors.suspendedUntil,
      endedOn: visitors.endedOn,
    })
    .from(visitors)
    .where(
      and(
        eq(visitors.organisationId, scope.organisationId),
        or(eq(visitors.localServiceId, scope.localServiceId), isNull(visitors.localServiceId)),
        // Still applying: not a visitor of the planning yet; ended before the week: gone.
        sql`${visitors.journeyStage} not in ('applied', 'interview', 'checks', 'training')`,
        or(isNull(visitors.endedOn), sql`${visitors.endedOn} >= ${dates[0]!}`),
        // A neighbour-only volunteer (issue 13) is not a visitor of the planning.
        sql`'visits' = any(${visitors.roles})`,
      ),
    );
  return leftOutOfWeek(rows, await notReadyOn(db, scope.organisationId, rows, dates));
}
