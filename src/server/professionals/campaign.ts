/**
 * The yearly "is this still right?" campaign (ADR 0035). A daily job (`professional-check`) asks
 * every active professional with an e-mail address whose details were last checked twelve months
 * ago or more: one e-mail through the outbox with a link (its token's hash stored, 30 days).
 *
 * Sent once: the day's row in `scheduled_runs` lets one run per day across every instance; and
 * each professional is asked inside a write that locks their row and checks again, under the
 * lock, that no live link exists (a second run, another instance, a retry: nothing sent twice).
 */
import { and, eq, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Tx } from '../../db/database.js';
import {
  organisations,
  professionalChecks,
  professionals,
  scheduledRuns,
} from '../../db/schema.js';
import { checkDueBefore, CHECK_LINK_DAYS } from '../../domain/professionals/values.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { systemContext, type AppServices } from '../http/context.js';
import { conflict, HttpError } from '../http/errors.js';
import { queueMail } from '../mail/outbox.js';
import { professionalCheckEmail } from '../mail/templates.js';
import { write } from '../write/write.js';

const CHECK_JOB = 'professional-check';
const SOURCE = `job:${CHECK_JOB}`;

/** The professionals due for a check, with no live link; at most `limit` per run. */
function dueCondition(today: string, now: Date) {
  return and(
    eq(professionals.active, true),
    isNotNull(professionals.email),
    or(
      isNull(professionals.lastCheckedOn),
      lte(professionals.lastCheckedOn, checkDueBefore(today)),
    ),
    sql`not exists (select 1 from ${professionalChecks}
          where ${professionalChecks.professionalId} = ${professionals.id}
            and ${professionalChecks.answeredAt} is null
            and ${professionalChecks.expiresAt} > ${now.toISOString()}::timestamptz)`,
  );
}

/** Asks one professional, if still due under the row lock; false when there was nothing to do. */
async function askOne(
  services: AppServices,
  log: FastifyBaseLogger,
  organisationId: string,
  professionalId: string,
  today: string,
  now: Date,
): Promise<boolean> {
  const ctx = systemContext(services, log, SOURCE, organisationId);
  try {
    await write(ctx, {
      systemAction: 'professional.check_request',
      what: 'Professionnel',
      load: async (tx: Tx) => {
        const [row] = await tx
          .select({
            id: professionals.id,
            organisationId: professionals.organisationId,
            businessName: professionals.businessName,
            email: professionals.email,
          })
          .from(professionals)
          .where(eq(professionals.id, professionalId))
          .for('update');
        if (!row) return null;
        return {
          row,
          scope: { organisationId: row.organisationId },
          entityType: 'professional',
          entityId: row.id,
        };
      },
      validate: async (tx) => {
        const [still] = await tx
          .select({ id: professionals.id })
          .from(professionals)
          .where(and(eq(professionals.id, professionalId), dueCondition(today, now)));
        if (!still) throw conflict('not_due', 'already asked or no longer due');
      },
      apply: async (tx, row, trail) => {
        const token = newToken();
        const expiresAt = new Date(now.getTime() + CHECK_LINK_DAYS * 86_400_000);
        const [check] = await tx
          .insert(professionalChecks)
          .values({
            organisationId: row.organisationId,
            professionalId: row.id,
            tokenHash: hashToken(token),
            recipient: row.email!,
            expiresAt,
          })
          .returning();
        trail.record({ entityType: 'professional_check', entityId: check!.id, after: check! });
        const [organisation] = await tx
          .select({ name: organisations.name })
          .from(organisations)
          .where(eq(organisations.id, row.organisationId));
        await queueMail(tx, trail, {
          kind: 'professional_check',
          organisationId: row.organisationId,
          to: row.email!,
          ...professionalCheckEmail({
            organisationName: organisation?.name ?? 'L’association',
            businessName: row.businessName,
            link: `${services.config.publicUrl}/pro/verification?jeton=${token}`,
            expiresAt,
          }),
        });
      },
    });
    return true;
  } catch (error) {
    if (error instanceof HttpError && error.code === 'not_due') return false;
    throw error;
  }
}

/**
 * Sends the e-mails of the professionals due, across every organisation. Without `today`'s row
 * claimed in `scheduled_runs` (another instance ran it, or it ran already), does nothing and
 * answers null. `claim: false` (tests, an operator's "send now") skips the day's claim: the
 * per-professional check alone still sends nothing twice.
 */
export async function runProfessionalChecks(
  services: AppServices,
  log: FastifyBaseLogger,
  today: string,
  options: { now?: Date; claim?: boolean; limit?: number } = {},
): Promise<{ asked: number } | null> {
  const now = options.now ?? new Date();
  const ctx = systemContext(services, log, SOURCE);
  let claimedId: number | null = null;
  if (options.claim !== false) {
    const claimed = await write(ctx, {
      systemAction: 'professional.check_campaign',
      apply: async (tx, _none, trail) => {
        const [row] = await tx
          .insert(scheduledRuns)
          .values({ job: CHECK_JOB, day: today })
          .onConflictDoUpdate({
            target: [scheduledRuns.job, scheduledRuns.day],
            set: { startedAt: new Date(), finishedAt: null, result: null },
            setWhere: sql`${scheduledRuns.result} ? 'error'`,
          })
          .returning();
        if (row)
          trail.record({
            entityType: 'scheduled_run',
            entityId: String(row.id),
            after: { job: row.job, day: row.day },
          });
        return row ?? null;
      },
    });
    if (!claimed) return null;
    claimedId = claimed.id;
  }
  try {
    const due = await services.db
      .select({ id: professionals.id, organisationId: professionals.organisationId })
      .from(professionals)
      .where(dueCondition(today, now))
      .orderBy(professionals.lastCheckedOn, professionals.id)
      .limit(options.limit ?? 5000);
    let asked = 0;
    for (const professional of due)
      if (await askOne(services, log, professional.organisationId, professional.id, today, now))
        asked++;
    if (claimedId !== null)
      await services.db
        .update(scheduledRuns)
        .set({ finishedAt: new Date(), result: { asked } })
        .where(eq(scheduledRuns.id, claimedId));
    return { asked };
  } catch (error) {
    if (claimedId !== null)
      await services.db
        .update(scheduledRuns)
        .set({
          finishedAt: new Date(),
          result: { error: error instanceof Error ? error.message : String(error) },
        })
        .where(eq(scheduledRuns.id, claimedId));
    throw error;
  }
}
