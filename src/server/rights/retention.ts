/**
 * The retention job for files of people accompanied (rules: src/domain/retention/rules.ts,
 * ADR 0012): archive the files whose active period is over, anonymise those whose archive period
 * is over. Runs by itself once a day (`runDailyRetention`, the `retention` job of the queue,
 * src/server/jobs), and from the command line (`convivialite retention`).
 * Every change goes through `write()` with a system context (`job:retention`).
 */
import type { FastifyBaseLogger } from 'fastify';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/database.js';
import { organisations, people, scheduledRuns } from '../../db/schema.js';
import { purgeExpiredData } from '../retention/purge.js';
import {
  lastContactOf,
  personRetention,
  retentionSettingsOf,
  type RetentionCandidate,
  type RetentionPlan,
  type RetentionSettings,
} from '../../domain/retention/rules.js';
import { SERVICE_TIME_ZONE } from '../../domain/common/calendar.js';
import type { AppServices } from '../http/context.js';
import { systemContext } from '../http/context.js';
import { conflict, HttpError } from '../http/errors.js';
import { write } from '../write/write.js';
import { anonymiseForRetention, rightsTarget } from './erasure.js';

const RETENTION_JOB = 'retention';
const SOURCE = 'job:retention';

interface ContactRow {
  id: string;
  created_on: string;
  archived: boolean;
  legal_hold: boolean;
  visit_done: string | null;
  report_written: string | null;
  evaluated: string | null;
  consent: string | null;
  status_change: string | null;
  /** A call or meeting that reached the person or a carer (the contact log, issue 12). */
  contact_reached: string | null;
  match_review: string | null;
}

/**
 * The files of an organisation with what "last contact" is derived from: visits done, reports
 * written (on the service's calendar), evaluations, consents given or withdrawn, status changes,
 * contacts that reached the person or a carer, reviews of their matches. A call nobody answered
 * is not a contact.
 */
async function retentionCandidates(db: Db, organisationId: string): Promise<RetentionCandidate[]> {
  const rows = await queryRows<ContactRow>(
    db,
    sql`select p.id,
        to_char(p.created_at at time zone ${SERVICE_TIME_ZONE}, 'YYYY-MM-DD') as created_on,
        p.archived_at is not null as archived,
        p.legal_hold_kind is not null as legal_hold,
        (select max(v.date)::text from visits v where v.person_id = p.id and v.status = 'done') as visit_done,
        (select to_char(max(r.written_at) at time zone ${SERVICE_TIME_ZONE}, 'YYYY-MM-DD') from visit_reports r join visits v on v.id = r.visit_id where v.person_id = p.id) as report_written,
        (select max(e.evaluated_on)::text from evaluations e where e.person_id = p.id) as evaluated,
        (select max(greatest(c.given_on, coalesce(c.withdrawn_on, c.given_on)))::text from consents c where c.person_id = p.id) as consent,
        (select max(s.effective_date)::text from status_changes s where s.person_id = p.id) as status_change,
        (select to_char(max(k.occurred_at) at time zone ${SERVICE_TIME_ZONE}, 'YYYY-MM-DD') from contact_log k where k.person_id = p.id and k.outcome = 'reached') as contact_reached,
        (select max(mr.held_on)::text from match_reviews mr join assignments a on a.id = mr.assignment_id where a.person_id = p.id) as match_review
      from people p
      where p.organisation_id = ${organisationId} and p.merged_into_id is null and p.erased_at is null`,
  );
  return rows.map((row) => {
    const contacts = [
      row.visit_done,
      row.report_written,
      row.evaluated,
      row.consent,
      row.status_change,
      row.contact_reached,
      row.match_review,
    ];
    // The file's creation counts only when nothing at all happened with the person.
    return {
      personId: row.id,
      lastContact: contacts.some(Boolean) ? lastContactOf(contacts, '0000-01-01') : row.created_on,
      archived: row.archived,
      erased: false,
      legalHold: row.legal_hold,
    };
  });
}

/** A conflict (the file changed since the plan) skips that file; any other error stops the run. */
const skipChanged = (log: FastifyBaseLogger, personId: string) => (error: unknown) => {
  if (error instanceof HttpError && error.statusCode === 409) {
    log.info(
      { personId, reason: error.code },
      'retention: file skipped, it changed since the plan',
    );
    return null;
  }
  throw error;
};

interface OrganisationRetention {
  organisationId: string;
  settings: RetentionSettings;
  plan: RetentionPlan;
  archived: number;
  anonymised: number;
}

/** Applies the retention rules of every organisation for `today`; `dryRun` only says what it would do. */
export async function runRetention(
  services: AppServices,
  log: FastifyBaseLogger,
  options: { today: string; dryRun?: boolean; now?: Date },
) {
  const results: OrganisationRetention[] = [];
  const now = options.now ?? new Date();
  for (const organisation of await services.db
    .select({ id: organisations.id, settings: organisations.settings })
    .from(organisations)
    .orderBy(organisations.id)) {
    const settings = retentionSettingsOf(organisation.settings);
    const plan = personRetention(
      await retentionCandidates(services.db, organisation.id),
      settings,
      options.today,
    );
    const result: OrganisationRetention = {
      organisationId: organisation.id,
      settings,
      plan,
      archived: 0,
      anonymised: 0,
    };
    results.push(result);
    if (options.dryRun) continue;
    const ctx = systemContext(services, log, SOURCE, organisation.id);
    for (const decision of plan.archive) {
      // A file changed since the plan was made (archived or erased meanwhile) is skipped, not fatal.
      const done = await write(ctx, {
        what: 'Personne',
        systemAction: 'retention.archive',
        load: (tx) => rightsTarget(tx, decision.personId),
        validate: (_tx, row) => {
          if (row.archivedAt || row.erasedAt)
            throw conflict('already_archived', 'Fiche déjà archivée ou effacée.');
        },
        apply: async (tx, _row, trail) => {
          trail.batchId = `retention:${options.today}`;
          await tx
            .update(people)
            .set({ archivedAt: now })
            .where(and(eq(people.id, decision.personId), isNull(people.archivedAt)));
          trail.record({
            entityType: 'person',
            entityId: decision.personId,
            subjectId: decision.personId,
            diff: { retentionRule: [null, decision.why] },
          });
          return true;
        },
      }).catch(skipChanged(log, decision.personId));
      if (done) result.archived++;
    }
    for (const decision of plan.anonymise) {
      const done = await anonymiseForRetention(
        ctx,
        decision.personId,
        decision.why,
        now,
        `retention:${options.today}`,
      ).catch(skipChanged(log, decision.personId));
      if (done) result.anonymised++;
    }
    if (plan.held.length)
      log.info(
        { organisationId: organisation.id, held: plan.held.length },
        'retention: files due for anonymisation kept under a legal hold',
      );
  }
  return results;
}

/**
 * The daily run. The queue sends the cron job once across processes; the day's row in
 * `scheduled_runs` still adds what the queue does not: one run per service day whatever sends
 * the job (a retry after a run that finished but whose completion was lost, an operator sending
 * it by hand), and the run's outcome kept with its day. A day whose run failed may be claimed
 * again (the queue's retry). Returns null when the day's run is done already.
 */
export async function runDailyRetention(
  services: AppServices,
  log: FastifyBaseLogger,
  today: string,
) {
  const ctx = systemContext(services, log, SOURCE);
  const claimed = await write(ctx, {
    systemAction: 'retention.run',
    apply: async (tx, _none, trail) => {
      const [row] = await tx
        .insert(scheduledRuns)
        .values({ job: RETENTION_JOB, day: today })
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
  try {
    const results = await runRetention(services, log, { today });
    // The same daily run removes expired sessions, used links and old logs (rules.ts).
    await purgeExpiredData(ctx);
    const summary = results.map((r) => ({
      organisationId: r.organisationId,
      archived: r.archived,
      anonymised: r.anonymised,
      held: r.plan.held.length,
    }));
    await services.db
      .update(scheduledRuns)
      .set({ finishedAt: new Date(), result: { organisations: summary } })
      .where(eq(scheduledRuns.id, claimed.id));
    return results;
  } catch (error) {
    await services.db
      .update(scheduledRuns)
      .set({
        finishedAt: new Date(),
        result: { error: error instanceof Error ? error.message : String(error) },
      })
      .where(eq(scheduledRuns.id, claimed.id));
    throw error;
  }
}
