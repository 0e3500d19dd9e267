/**
 * Erasure on request (RGPD art. 17) and the legal holds that suspend it; the retention job's
 * anonymisation uses the same `anonymisePerson` (ADR 0012). Everything goes through `write()`:
 * the policy, the row lock, the audit rows, one transaction. The rules of what is kept are in
 * src/domain/rights/erasure.ts.
 *
 * The audit of an erasure never holds the erased values: every row it writes carries a
 * pseudonymised diff ("[effacé]" where a value was), and the rows already written about the
 * person are pseudonymised too (`pseudonymiseDiff`). Who decided, when, and why stays: the
 * reason is kept, with the person's names taken out of it.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Tx } from '../../db/database.js';
import {
  alertEvents,
  alerts,
  assignments,
  auditLog,
  contactLog,
  matchReviews,
  matchSteps,
  consents,
  evaluations,
  mailOutbox,
  smsInbound,
  smsOutbox,
  notifications,
  people,
  personContacts,
  planRuns,
  referrals,
  statusChanges,
  visitReports,
  visits,
  visitVisitors,
  helpRequests,
} from '../../db/schema.js';
import { ERASED, pseudonymiseDiff, type Diff } from '../../domain/audit/fields.js';
import {
  ERASED_NAME,
  erasedPersonFields,
  erasureRefusal,
  withoutNames,
  type LegalHoldInput,
} from '../../domain/rights/erasure.js';
import type { AuthenticatedContext, RequestContext } from '../http/context.js';
import { badRequest, conflict } from '../http/errors.js';
import { diffRecords } from '../write/trail.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import { personScope } from '../people/queries.js';

const PERSON = 'Personne';
/** What an audit diff says of a text that changed in an erasure. */
const MASKED_CHANGE = ERASED;

/** Fields of an erased record whose "clear" value still points at the identity (a hash of it). */
const IDENTITY_DERIVED = new Set(['importKey']);

/** The audit diff of an erased record: what changed, never what it was. */
function erasedDiff(entityType: string, before: object | null, after: object | null): Diff {
  const diff = pseudonymiseDiff(entityType, diffRecords(before, after));
  for (const field of IDENTITY_DERIVED) {
    const change = diff[field];
    if (change)
      diff[field] = [change[0] === null ? null : ERASED, change[1] === null ? null : ERASED];
  }
  return diff;
}

/** What the audit sees of the person as the target of an erasure or a hold: nothing that names them. */
interface RightsRow {
  id: string;
  organisationId: string;
  localServiceId: string | null;
  archivedAt: Date | null;
  erasedAt: Date | null;
  legalHoldKind: string | null;
  legalHoldSince: string | null;
  legalHoldBy: string | null;
  legalHoldReason: string | null;
  /** The erasure's reason (names taken out): only on the row after an erasure. */
  erasureReason?: string | null;
}

/** The person, locked, as an erasure or a hold sees them; null when unknown or merged away. */
export async function rightsTarget(
  tx: Tx,
  personId: string,
  erasureReason?: string,
): Promise<Target<RightsRow> | null> {
  const [person] = await tx.select().from(people).where(eq(people.id, personId)).for('update');
  if (!person || person.mergedIntoId) return null;
  const row: RightsRow = {
    id: person.id,
    organisationId: person.organisationId,
    localServiceId: person.localServiceId,
    archivedAt: person.archivedAt,
    erasedAt: person.erasedAt,
    legalHoldKind: person.legalHoldKind,
    legalHoldSince: person.legalHoldSince,
    legalHoldBy: person.legalHoldBy,
    legalHoldReason: person.legalHoldReason,
  };
  if (erasureReason !== undefined) row.erasureReason = person.erasedAt ? erasureReason : null;
  return {
    row,
    scope: await personScope(tx, person),
    entityType: 'person',
    entityId: person.id,
    subjectId: person.id,
  };
}

const anyOf = (conditions: (SQL | undefined)[]) => {
  const present = conditions.filter((c): c is SQL => !!c);
  return present.length ? or(...present) : undefined;
};

/**
 * Anonymises a person (and the files merged into theirs) inside the caller's write: see the
 * domain file for what is kept. Returns how many records of each kind were changed.
 */
async function anonymisePerson(tx: Tx, trail: AuditTrail, personId: string, now: Date) {
  const [main] = await tx.select().from(people).where(eq(people.id, personId)).for('update');
  if (!main) throw new Error(`anonymisePerson: unknown person ${personId}`);
  const merged = await tx
    .select()
    .from(people)
    .where(eq(people.mergedIntoId, personId))
    .for('update');
  const records = [main, ...merged];
  const ids = records.map((p) => p.id);
  // Texts shared with others (a visitor's notice) lose the names, the street and the e-mail.
  const literals = records
    .flatMap((p) => [p.street, p.email])
    .filter((v): v is string => !!v && v.trim().length >= 4);
  const scrub = (text: string) =>
    literals.reduce(
      (out, literal) =>
        out.replace(
          new RegExp(literal.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'),
          ERASED_NAME,
        ),
      records.reduce((out, p) => withoutNames(out, [p.lastName, p.firstName, p.birthName]), text),
    );
  const counts: Record<string, number> = {};
  const count = (what: string, n = 1) => (counts[what] = (counts[what] ?? 0) + n);

  // The person's records: identity, address, contact details, free text.
  for (const person of records) {
    const [after] = await tx
      .update(people)
      .set(erasedPersonFields(person, now))
      .where(eq(people.id, person.id))
      .returning();
    trail.record({
      entityType: 'person',
      entityId: person.id,
      subjectId: person.id,
      diff: erasedDiff('person', person, after!),
    });
    count('people');
  }
  const contacts = await tx
    .delete(personContacts)
    .where(inArray(personContacts.personId, ids))
    .returning();
  for (const contact of contacts) {
    trail.record({
      entityType: 'person_contact',
      entityId: contact.id,
      subjectId: contact.personId,
      diff: erasedDiff('person_contact', contact, null),
    });
  }
  count('contacts', contacts.length);

  const changed = async <T extends { id: string | number }>(
    entityType: string,
    subjectOf: (row: T) => string | null,
    pairs: [T, T | undefined][],
  ) => {
    for (const [before, after] of pairs) {
      trail.record({
        entityType,
        entityId: String(before.id),
        subjectId: subjectOf(before),
        diff: erasedDiff(entityType, before, after ?? null),
      });
    }
    count(entityType, pairs.length);
  };

  /** The rows `where` picks lose the free text `set` clears: one audit row each. */
  const clearFreeText = async <T extends PgTable & { id: PgColumn }>(
    table: T,
    where: SQL | undefined,
    set: PgUpdateSetSource<T>,
    entityType: string,
    subjectOf: (row: T['$inferSelect']) => string | null,
  ) => {
    type Row = T['$inferSelect'] & { id: string | number };
    const before = (await tx
      .select()
      .from(table as PgTable)
      .where(where)) as Row[];
    if (!before.length) return;
    const after = (await tx
      .update(table)
      .set(set)
      .where(
        inArray(
          table.id,
          before.map((r) => r.id),
        ),
      )
      .returning()) as Row[];
    await changed<Row>(
      entityType,
      subjectOf,
      before.map((r) => [r, after.find((a) => a.id === r.id)]),
    );
  };

  // Histories keep their dates and statuses; their free text goes.
  await clearFreeText(
    statusChanges,
    and(inArray(statusChanges.personId, ids), isNotNull(statusChanges.comment)),
    { comment: null },
    'status_change',
    (r) => r.personId,
  );
  await clearFreeText(
    evaluations,
    and(inArray(evaluations.personId, ids), isNotNull(evaluations.notes)),
    { notes: null },
    'evaluation',
    (r) => r.personId,
  );
  await clearFreeText(
    consents,
    and(
      inArray(consents.personId, ids),
      or(isNotNull(consents.givenByName), isNotNull(consents.notes)),
    ),
    { givenByName: null, notes: null },
    'consent',
    (r) => r.personId,
  );

  // Follow-up (issue 12): contacts, match steps and reviews keep their dates, channels, stages and
  // decisions (indicators count them); their notes and comments about the person go.
  await clearFreeText(
    contactLog,
    and(inArray(contactLog.personId, ids), isNotNull(contactLog.note)),
    { note: null },
    'contact',
    (r) => r.personId,
  );
  // SMS (ADR 0032): what was sent to the person is in the contact log (its note cleared above);
  // the outbox rows, their replies and whatever came from the person's numbers go.
  const numbers = records.flatMap((p) =>
    Array.isArray(p.phones)
      ? (p.phones as { number?: unknown }[])
          .map((phone) => phone?.number)
          .filter((n): n is string => typeof n === 'string')
      : [],
  );
  const smsSent = await tx
    .select({ id: smsOutbox.id })
    .from(smsOutbox)
    .where(inArray(smsOutbox.personId, ids))
    .for('update');
  const smsIds = smsSent.map((m) => m.id);
  const inboundWhere = [
    ...(smsIds.length ? [inArray(smsInbound.outboxId, smsIds)] : []),
    ...(numbers.length ? [inArray(smsInbound.sender, numbers)] : []),
  ];
  if (inboundWhere.length) {
    const received = await tx
      .delete(smsInbound)
      .where(or(...inboundWhere))
      .returning();
    for (const row of received)
      trail.record({
        entityType: 'sms_inbound',
        entityId: row.id,
        subjectId: personId,
        diff: erasedDiff('sms_inbound', row, null),
      });
    count('sms_inbound', received.length);
  }
  if (smsIds.length) {
    const sent = await tx.delete(smsOutbox).where(inArray(smsOutbox.id, smsIds)).returning();
    for (const row of sent)
      trail.record({
        entityType: 'outbox_sms',
        entityId: row.id,
        subjectId: personId,
        diff: erasedDiff('outbox_sms', row, null),
      });
    count('outbox_sms', sent.length);
  }
  // Neighbour help (issue 13): requests keep their kind, dates, statuses and commune (indicators);
  // what was typed about the person, where they go and who asked for them goes.
  await clearFreeText(
    helpRequests,
    and(
      inArray(helpRequests.personId, ids),
      or(
        isNotNull(helpRequests.description),
        isNotNull(helpRequests.street),
        isNotNull(helpRequests.destination),
        isNotNull(helpRequests.seniorName),
        isNotNull(helpRequests.seniorPhone),
        isNotNull(helpRequests.carerName),
        isNotNull(helpRequests.carerPhone),
      ),
    ),
    {
      description: null,
      street: null,
      destination: null,
      seniorName: null,
      seniorPhone: null,
      carerName: null,
      carerPhone: null,
    },
    'help_request',
    (r) => r.personId,
  );
  const matchRows = await tx
    .select({ id: assignments.id, personId: assignments.personId })
    .from(assignments)
    .where(inArray(assignments.personId, ids));
  const matchIds = matchRows.map((m) => m.id);
  const subjectOfMatch = new Map(matchRows.map((m) => [m.id, m.personId]));
  if (matchIds.length) {
    await clearFreeText(
      assignments,
      and(inArray(assignments.id, matchIds), isNotNull(assignments.endComment)),
      { endComment: null },
      'assignment',
      (r) => r.personId,
    );
    await clearFreeText(
      matchSteps,
      and(inArray(matchSteps.assignmentId, matchIds), isNotNull(matchSteps.comment)),
      { comment: null },
      'match_step',
      (r) => subjectOfMatch.get(r.assignmentId) ?? null,
    );
    await clearFreeText(
      matchReviews,
      and(inArray(matchReviews.assignmentId, matchIds), isNotNull(matchReviews.comment)),
      { comment: null },
      'match_review',
      (r) => subjectOfMatch.get(r.assignmentId) ?? null,
    );
  }

  // Visits stay (indicators count them); what the visitors wrote about the person goes.
  const visitRows = await tx
    .select({ id: visits.id, personId: visits.personId })
    .from(visits)
    .where(inArray(visits.personId, ids));
  const visitIds = visitRows.map((v) => v.id);
  const subjectOfVisit = new Map(visitRows.map((v) => [v.id, v.personId]));
  if (visitIds.length) {
    await clearFreeText(
      visitReports,
      and(
        inArray(visitReports.visitId, visitIds),
        or(isNotNull(visitReports.observations), isNotNull(visitReports.concern)),
      ),
      { observations: null, concern: null },
      'visit_report',
      (r) => subjectOfVisit.get(r.visitId) ?? null,
    );
  }

  // Alerts about the person or their visits: the title names them, the details describe them.
  const alertRows = await tx
    .select()
    .from(alerts)
    .where(
      anyOf([
        inArray(alerts.personId, ids),
        visitIds.length ? inArray(alerts.visitId, visitIds) : undefined,
      ]),
    );
  for (const alert of alertRows) {
    const [after] = await tx
      .update(alerts)
      .set({
        title: `Alerte (${alert.kind}) : personne effacée`,
        details: null,
        outcome: null,
        updatedAt: now,
      })
      .where(eq(alerts.id, alert.id))
      .returning();
    trail.record({
      entityType: 'alert',
      entityId: alert.id,
      subjectId: alert.personId,
      diff: erasedDiff('alert', alert, after!),
    });
  }
  count('alert', alertRows.length);
  const alertIds = alertRows.map((a) => a.id);
  if (alertIds.length) {
    // Notes and outcomes are free text; statuses, severities and checklist steps are not.
    const events = await tx
      .select()
      .from(alertEvents)
      .where(
        and(inArray(alertEvents.alertId, alertIds), inArray(alertEvents.kind, ['note', 'closed'])),
      );
    if (events.length)
      await tx
        .update(alertEvents)
        .set({ details: {} })
        .where(
          inArray(
            alertEvents.id,
            events.map((e) => e.id),
          ),
        );
    const subjectOfAlert = new Map(alertRows.map((a) => [a.id, a.personId]));
    for (const event of events) {
      trail.record({
        entityType: 'alert_event',
        entityId: String(event.id),
        subjectId: subjectOfAlert.get(event.alertId) ?? null,
        diff: { details: [MASKED_CHANGE, '{}'] },
      });
    }
    count('alert_event', events.length);
  }

  // Referrals about them copied their identity when they were made.
  const referralRows = await tx
    .select()
    .from(referrals)
    .where(inArray(referrals.personId, ids))
    .for('update');
  for (const referral of referralRows) {
    const [after] = await tx
      .update(referrals)
      .set({
        lastName: ERASED_NAME,
        firstName: ERASED_NAME,
        birthDate: null,
        street: null,
        phone: null,
        reason: ERASED_NAME,
        statusNote: null,
        updatedAt: now,
      })
      .where(eq(referrals.id, referral.id))
      .returning();
    trail.record({
      entityType: 'referral',
      entityId: referral.id,
      subjectId: referral.personId,
      diff: erasedDiff('referral', referral, after!),
    });
  }
  count('referral', referralRows.length);

  // Notifications have no person: the ones sent about their visits, or naming them, lose the name.
  const organisationId = main.organisationId;
  const visitorIds = visitIds.length
    ? (
        await tx
          .selectDistinct({ id: visitVisitors.visitorId })
          .from(visitVisitors)
          .where(inArray(visitVisitors.visitId, visitIds))
      ).map((v) => v.id)
    : [];
  const nameConditions = [main.lastName, ...merged.map((p) => p.lastName)]
    .filter((n) => n && n !== ERASED_NAME)
    .map(
      (n) =>
        sql`(search_key(${notifications.subject}) like search_key(${`%${n}%`}) or search_key(${notifications.body}) like search_key(${`%${n}%`}))`,
    );
  const notificationRows = await tx
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.organisationId, organisationId),
        anyOf([
          visitorIds.length ? inArray(notifications.visitorId, visitorIds) : undefined,
          ...nameConditions,
        ]),
      ),
    );
  let notificationsChanged = 0;
  for (const notification of notificationRows) {
    const subject = scrub(notification.subject);
    const body = scrub(notification.body);
    if (subject === notification.subject && body === notification.body) continue;
    await tx
      .update(notifications)
      .set({ subject, body })
      .where(eq(notifications.id, notification.id));
    trail.record({
      entityType: 'notification',
      entityId: notification.id,
      subjectId: personId,
      diff: { subject: [MASKED_CHANGE, MASKED_CHANGE], body: [MASKED_CHANGE, MASKED_CHANGE] },
    });
    notificationsChanged++;
  }
  count('notification', notificationsChanged);

  // E-mails not yet sent (or given up) still carry their text; sent ones were emptied (ADR 0015).
  const unsent = await tx
    .select()
    .from(mailOutbox)
    .where(
      and(
        eq(mailOutbox.organisationId, organisationId),
        inArray(mailOutbox.status, ['pending', 'sending', 'failed']),
      ),
    )
    .for('update');
  let mailsChanged = 0;
  for (const mail of unsent) {
    const subject = scrub(mail.subject);
    const textBody = scrub(mail.textBody);
    const htmlBody = scrub(mail.htmlBody);
    if (subject === mail.subject && textBody === mail.textBody && htmlBody === mail.htmlBody)
      continue;
    await tx
      .update(mailOutbox)
      .set({ subject, textBody, htmlBody })
      .where(eq(mailOutbox.id, mail.id));
    trail.record({
      entityType: 'outbox_mail',
      entityId: mail.id,
      subjectId: personId,
      diff: erasedDiff('outbox_mail', mail, { ...mail, subject, textBody, htmlBody }),
    });
    mailsChanged++;
  }
  count('outbox_mail', mailsChanged);

  // Planning summaries may quote a name in their messages.
  const runRows = await tx
    .select({ id: planRuns.id, summary: planRuns.summary })
    .from(planRuns)
    .where(and(eq(planRuns.organisationId, organisationId), isNotNull(planRuns.summary)));
  for (const run of runRows) {
    const text = JSON.stringify(run.summary);
    const cleaned = scrub(text);
    if (cleaned !== text)
      await tx
        .update(planRuns)
        .set({ summary: JSON.parse(cleaned) as unknown })
        .where(eq(planRuns.id, run.id));
  }

  // The audit rows about them: who did what and when stays, whom becomes "[effacé]".
  const entityConditions = [
    inArray(auditLog.subjectId, ids),
    and(eq(auditLog.entityType, 'person'), inArray(auditLog.entityId, ids)),
    visitIds.length
      ? and(eq(auditLog.entityType, 'visit'), inArray(auditLog.entityId, visitIds))
      : undefined,
    alertIds.length
      ? and(eq(auditLog.entityType, 'alert'), inArray(auditLog.entityId, alertIds))
      : undefined,
    referralRows.length
      ? and(
          eq(auditLog.entityType, 'referral'),
          inArray(
            auditLog.entityId,
            referralRows.map((r) => r.id),
          ),
        )
      : undefined,
    contacts.length
      ? and(
          eq(auditLog.entityType, 'person_contact'),
          inArray(
            auditLog.entityId,
            contacts.map((c) => c.id),
          ),
        )
      : undefined,
  ];
  const auditRows = await tx
    .select({ id: auditLog.id, entityType: auditLog.entityType, diff: auditLog.diff })
    .from(auditLog)
    .where(and(isNotNull(auditLog.diff), anyOf(entityConditions)));
  let pseudonymised = 0;
  for (const row of auditRows) {
    const diff = row.diff as Diff;
    const after = pseudonymiseDiff(row.entityType, diff);
    for (const field of IDENTITY_DERIVED)
      if (after[field])
        after[field] = after[field].map((v) => (v === null ? null : ERASED)) as [unknown, unknown];
    if (JSON.stringify(after) === JSON.stringify(diff)) continue;
    await tx.update(auditLog).set({ diff: after }).where(eq(auditLog.id, row.id));
    pseudonymised++;
  }
  // The record changed is the person's audit trail: named by the person's id (every row names its record).
  if (pseudonymised)
    trail.record({
      entityType: 'audit_log',
      entityId: personId,
      subjectId: personId,
      diff: { count: [null, pseudonymised] },
    });
  count('audit_log', pseudonymised);
  return counts;
}

/** Erases a person on request: refused under a legal hold; the reason is kept without names. */
export async function erasePerson(ctx: AuthenticatedContext, personId: string, reason: string) {
  let keptReason = reason;
  return write(ctx, {
    what: PERSON,
    load: (tx) => rightsTarget(tx, personId, keptReason),
    validate: async (tx, row) => {
      const refusal = erasureRefusal(row);
      if (refusal) throw conflict(refusal.code, refusal.message);
      const [person] = await tx
        .select({
          lastName: people.lastName,
          firstName: people.firstName,
          birthName: people.birthName,
        })
        .from(people)
        .where(eq(people.id, row.id));
      keptReason = withoutNames(reason, [person?.lastName, person?.firstName, person?.birthName]);
    },
    apply: async (tx, _row, trail) => {
      // An erasure touches many records (the file, its histories, alerts, referrals, the audit):
      // their rows share a batch, as a job's do.
      trail.batchId = `erasure:${randomUUID()}`;
      const counts = await anonymisePerson(tx, trail, personId, new Date());
      return { id: personId, erased: counts };
    },
  });
}

/** Anonymisation at the end of the archive period, by the retention job (no user). */
export async function anonymiseForRetention(
  ctx: RequestContext,
  personId: string,
  why: string,
  now: Date,
  batchId: string,
) {
  return write(ctx, {
    what: PERSON,
    systemAction: 'retention.anonymise',
    load: (tx) => rightsTarget(tx, personId, why),
    validate: (_tx, row) => {
      const refusal = erasureRefusal(row);
      if (refusal) throw conflict(refusal.code, refusal.message);
    },
    apply: (tx, _row, trail) => {
      trail.batchId = batchId;
      return anonymisePerson(tx, trail, personId, now);
    },
  });
}

/** Sets a legal hold (an administrator's decision, with its reason and date). */
export async function setLegalHold(
  ctx: AuthenticatedContext,
  personId: string,
  input: LegalHoldInput,
) {
  return write(ctx, {
    what: PERSON,
    load: (tx) => rightsTarget(tx, personId),
    validate: (_tx, row) => {
      if (row.erasedAt)
        throw conflict(
          'already_erased',
          'Les données de cette personne ont déjà été effacées : il n’y a plus rien à conserver.',
        );
      if (input.since > new Date().toISOString().slice(0, 10))
        throw badRequest('La date du gel ne peut pas être dans le futur.', { field: 'since' });
    },
    apply: async (tx) => {
      await tx
        .update(people)
        .set({
          legalHoldKind: input.kind,
          legalHoldReason: input.reason,
          legalHoldSince: input.since,
          legalHoldBy: ctx.actor.id,
          updatedAt: new Date(),
        })
        .where(eq(people.id, personId));
      return { id: personId, legalHold: { kind: input.kind, since: input.since } };
    },
  });
}

/** Lifts a legal hold, saying why (the obligation to keep the file has ended). */
export async function liftLegalHold(ctx: AuthenticatedContext, personId: string, reason: string) {
  return write(ctx, {
    what: PERSON,
    audit: 'person.legal_hold_lift',
    load: async (tx) => {
      const target = await rightsTarget(tx, personId);
      if (!target) return null;
      // The lifting's reason proves the decision: kept in the audit, the person's names taken out.
      const [person] = await tx
        .select({
          lastName: people.lastName,
          firstName: people.firstName,
          birthName: people.birthName,
        })
        .from(people)
        .where(eq(people.id, personId));
      const liftReason = withoutNames(reason, [
        person?.lastName,
        person?.firstName,
        person?.birthName,
      ]);
      return {
        ...target,
        row: { ...target.row, liftReason: target.row.legalHoldKind ? null : liftReason },
      };
    },
    validate: (_tx, row) => {
      if (!row.legalHoldKind)
        throw conflict('no_legal_hold', 'Aucun gel juridique n’est en cours sur cette fiche.');
    },
    apply: async (tx) => {
      await tx
        .update(people)
        .set({
          legalHoldKind: null,
          legalHoldReason: null,
          legalHoldSince: null,
          legalHoldBy: null,
          updatedAt: new Date(),
        })
        .where(eq(people.id, personId));
      return { id: personId, legalHold: null };
    },
  });
}
