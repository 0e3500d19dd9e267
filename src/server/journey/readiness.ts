/**
 * Readiness read from the database: for visitors of one organisation, on given dates, the reasons
 * they cannot be proposed by matching or planned (src/domain/visitors/journey.ts decides; this
 * reads their documents and the organisation's required list once).
 */
import { asc, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import { visitorDocuments } from '../../db/schema.js';
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
export async function documentsOf(db: DbOrTx, visitorIds: readonly string[]) {
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
