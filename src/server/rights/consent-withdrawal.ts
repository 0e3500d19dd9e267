/**
 * The effects of a consent withdrawal, applied inside the withdrawal's write (same transaction,
 * every change on its trail): visits no longer consented are cancelled and the person's current
 * assignment ends; partners stop seeing the follow-up of their referrals (decided at read time by
 * `partnerSharingWithdrawn`); the heatwave register does not exist yet, which the answer says.
 */
import { and, eq, gte, inArray, isNull, ne } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/database.js';
import { assignments, consents, people, planRuns, referrals, visits } from '../../db/schema.js';
import { mondayOf, serviceToday } from '../../domain/common/calendar.js';
import {
  CONSENT_WITHDRAWN_REASON,
  scopesAfterWithdrawal,
  withdrawalEffects,
  type ConsentScopes,
} from '../../domain/rights/consent-withdrawal.js';
import { touchWeeks } from '../planning/week-lock.js';
import type { AuditTrail } from '../write/write.js';

/** Applies what the withdrawal of `consent` changes for the person; returns the effects in French. */
export async function applyConsentWithdrawal(
  tx: Tx,
  trail: AuditTrail,
  personId: string,
  consent: ConsentScopes & { id: string; withdrawnOn: string },
): Promise<string[]> {
  const stillInForce = await tx
    .select({
      scopeVisits: consents.scopeVisits,
      scopeDataSharing: consents.scopeDataSharing,
      scopeHeatwaveRegister: consents.scopeHeatwaveRegister,
    })
    .from(consents)
    .where(
      and(
        eq(consents.personId, personId),
        ne(consents.id, consent.id),
        isNull(consents.withdrawnOn),
      ),
    );
  const { lost, stillCovered } = scopesAfterWithdrawal(consent, stillInForce);

  const cancelledVisits: { date: string }[] = [];
  let assignmentEndedOn: string | null = null;
  if (lost.includes('visits')) {
    // Visits from the withdrawal on (never before today: past visits keep what happened), not
    // yet started.
    const today = serviceToday();
    const from = consent.withdrawnOn > today ? consent.withdrawnOn : today;
    // The weeks whose visits change are locked and marked changed first: a generation computing
    // one of them must not put the visits back (ADR 0017).
    const [person] = await tx
      .select({ localServiceId: people.localServiceId })
      .from(people)
      .where(eq(people.id, personId));
    const weeks = await tx
      .selectDistinct({ localServiceId: visits.localServiceId, weekStart: visits.weekStart })
      .from(visits)
      .where(
        and(eq(visits.personId, personId), eq(visits.status, 'planned'), gte(visits.date, from)),
      );
    const running = person?.localServiceId
      ? await tx
          .select({ localServiceId: planRuns.localServiceId, weekStart: planRuns.weekStart })
          .from(planRuns)
          .where(
            and(
              eq(planRuns.localServiceId, person.localServiceId),
              eq(planRuns.status, 'running'),
              gte(planRuns.weekStart, mondayOf(from)),
            ),
          )
      : [];
    await touchWeeks(tx, [
      ...weeks.flatMap((w) =>
        w.localServiceId ? [{ localServiceId: w.localServiceId, weekStart: w.weekStart }] : [],
      ),
      ...running,
    ]);
    const planned = await tx
      .select()
      .from(visits)
      .where(
        and(
          eq(visits.personId, personId),
          eq(visits.status, 'planned'),
          gte(visits.date, from),
          isNull(visits.checkedInAt),
        ),
      )
      .orderBy(visits.date, visits.startTime)
      .for('update');
    if (planned.length) {
      await tx
        .update(visits)
        .set({ status: 'cancelled', cancelReason: CONSENT_WITHDRAWN_REASON, updatedAt: new Date() })
        .where(
          inArray(
            visits.id,
            planned.map((v) => v.id),
          ),
        );
    }
    for (const visit of planned) {
      trail.record({
        entityType: 'visit',
        entityId: visit.id,
        subjectId: personId,
        before: { status: visit.status, cancelReason: visit.cancelReason },
        after: { status: 'cancelled', cancelReason: CONSENT_WITHDRAWN_REASON },
      });
      cancelledVisits.push({ date: visit.date });
    }

    const current = await tx
      .select()
      .from(assignments)
      .where(and(eq(assignments.personId, personId), isNull(assignments.endedOn)))
      .for('update');
    for (const assignment of current) {
      // An assignment cannot end before it started.
      const endedOn =
        consent.withdrawnOn < assignment.startedOn ? assignment.startedOn : consent.withdrawnOn;
      await tx.update(assignments).set({ endedOn }).where(eq(assignments.id, assignment.id));
      trail.record({
        entityType: 'assignment',
        entityId: assignment.id,
        subjectId: personId,
        before: { endedOn: null },
        after: { endedOn },
      });
      assignmentEndedOn = endedOn;
    }
  }

  let partnerReferrals = 0;
  if (lost.includes('dataSharing')) {
    partnerReferrals = (
      await tx.select({ id: referrals.id }).from(referrals).where(eq(referrals.personId, personId))
    ).length;
  }

  return withdrawalEffects({
    lost,
    stillCovered,
    cancelledVisits,
    assignmentEndedOn,
    partnerReferrals,
  });
}

/**
 * People (among `personIds`) whose data may no longer be shared with partners: they withdrew a
 * consent covering data sharing and no consent in force covers it any more. A partner then sees
 * only the status of the referral, not the coordinator's follow-up note.
 */
export async function partnerSharingWithdrawn(
  db: DbOrTx,
  personIds: readonly (string | null)[],
): Promise<Set<string>> {
  const ids = [...new Set(personIds.filter((id): id is string => !!id))];
  if (!ids.length) return new Set();
  const rows = await db
    .select({ personId: consents.personId, withdrawnOn: consents.withdrawnOn })
    .from(consents)
    .where(and(inArray(consents.personId, ids), eq(consents.scopeDataSharing, true)));
  const withdrawn = new Set(rows.filter((r) => r.withdrawnOn).map((r) => r.personId));
  for (const row of rows) if (!row.withdrawnOn) withdrawn.delete(row.personId);
  return withdrawn;
}
