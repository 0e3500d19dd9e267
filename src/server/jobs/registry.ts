/**
 * Every job the queue runs: its handler, its retry policy and, for periodic work, its cron
 * (Europe/Paris time; pg-boss sends a scheduled job once across every process). A handler's
 * writes go through write() with `systemContext(services, log, 'job:<name>', organisationId)`.
 *
 * To add a job: name it and its payload in names.ts, then add its definition here (the type
 * below refuses a name without one).
 */
import type { FastifyBaseLogger } from 'fastify';
import { organisations } from '../../db/schema.js';
import { serviceToday } from '../../domain/common/calendar.js';
import { scanSilences } from '../alerts/service.js';
import { systemContext, type AppServices } from '../http/context.js';
import { deliverOutboxMail, sweepOutbox } from '../mail/outbox.js';
import { deliverOutboxSms, sweepSmsOutbox } from '../sms/outbox.js';
import { runDailyRetention } from '../rights/retention.js';
import { executeRun } from '../planning/service.js';
import { failStaleRuns } from '../planning/runs.js';
import {
  executeImport,
  failImport,
  failStaleImports,
  IMPORT_FAILED_MESSAGE,
} from '../imports/job.js';
import { HttpError } from '../http/errors.js';
import { runProfessionalChecks } from '../professionals/campaign.js';
import { extendAllHorizons } from '../help-requests/service.js';
import type { JobName, JobPayloads, JobSender } from './names.js';

/** One run of a job, as its handler sees it. */
interface JobRun<N extends JobName> {
  id: string;
  data: JobPayloads[N];
  /** 0 on the first attempt. */
  retryCount: number;
  retryLimit: number;
}

interface JobEnvironment {
  services: AppServices;
  /** This run's logger (job name and id bound). */
  log: FastifyBaseLogger;
  jobs: JobSender;
}

export interface QueuePolicy {
  /** Attempts after the first. */
  retryLimit: number;
  /** Seconds before the first retry. */
  retryDelay: number;
  /** Doubles the delay at each retry (with jitter). */
  retryBackoff: boolean;
  /** A run taking longer is failed (and retried): the handler is considered dead. */
  expireInSeconds: number;
  /** pg-boss queue policy; `stately` or `singleton` make `singletonKey` mean "one at a time". */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
}

export interface JobDefinition<N extends JobName> {
  queue: QueuePolicy;
  /** Five-field cron in Europe/Paris time. */
  cron?: string;
  /** What the run returns is kept as the job's output (counts, never personal data). */
  handle(run: JobRun<N>, env: JobEnvironment): Promise<object | void>;
}

export const JOB_TIME_ZONE = 'Europe/Paris';

/** The silence scan of every organisation, each as its own system work (`job:silence-scan`). */
export async function scanAllOrganisations(services: AppServices, log: FastifyBaseLogger) {
  let raised = 0;
  for (const organisation of await services.db
    .select({ id: organisations.id })
    .from(organisations)) {
    raised += (
      await scanSilences(systemContext(services, log, 'job:silence-scan', organisation.id))
    ).raised;
  }
  return raised;
}

export const JOBS: { [N in JobName]: JobDefinition<N> } = {
  'silence-scan': {
    // Every hour, on the hour. A failed scan is retried a few times; the next hour scans anyway.
    cron: '0 * * * *',
    queue: { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 30 * 60 },
    async handle(_run, { services, log }) {
      const raised = await scanAllOrganisations(services, log);
      if (raised) log.info(`Silence scan: ${raised} alert(s) raised`);
      return { raised };
    },
  },
  retention: {
    // Every day at 02:30, a quiet hour. `scheduled_runs` keeps one run per day (see retention.ts).
    cron: '30 2 * * *',
    queue: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3 * 3600 },
    async handle(_run, { services, log }) {
      const results = await runDailyRetention(services, log, serviceToday());
      if (!results) return { skipped: 'already run today' };
      const organisations = results.map((r) => ({
        organisationId: r.organisationId,
        archived: r.archived,
        anonymised: r.anonymised,
        held: r.plan.held.length,
      }));
      log.info({ retention: organisations }, 'Retention run done');
      return { organisations };
    },
  },
  'mail-send': {
    // About 30 s, 1 min, 2 min … 2 h between attempts: some 4 to 8 hours of SMTP outage covered.
    queue: { retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
    async handle(run, { services, log }) {
      const outcome = await deliverOutboxMail(services, log, run.data.outboxId, {
        finalAttempt: run.retryCount >= run.retryLimit,
      });
      return { outcome };
    },
  },
  'planning-generate': {
    // One attempt, and one more only if the process running it died before it began computing
    // (the job expires): a run failed on the way is failed for good, and offered again to the user.
    queue: { retryLimit: 1, retryDelay: 5, retryBackoff: false, expireInSeconds: 20 * 60 },
    async handle(run, { services, log }) {
      const outcome = await executeRun(
        systemContext(services, log, 'job:planning'),
        run.data.runId,
      );
      return { outcome };
    },
  },
  'planning-watchdog': {
    cron: '* * * * *',
    queue: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 5 * 60 },
    async handle(_run, { services, log }) {
      return {
        runs: await failStaleRuns(services, undefined, { log }),
        imports: await failStaleImports(services, log),
      };
    },
  },
  'import-run': {
    // A process that dies mid-import lets the job expire; the retry resumes at the next slice.
    queue: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 30 * 60 },
    async handle(run, { services, log }) {
      const ctx = systemContext(services, log, 'job:import');
      try {
        return { written: await executeImport(ctx, run.data.importId) };
      } catch (error) {
        // A failure of the import itself is recorded on it, in French, and not retried.
        log.error({ err: error, importId: run.data.importId }, 'import failed');
        const message = error instanceof HttpError ? error.userMessage : IMPORT_FAILED_MESSAGE;
        await failImport(ctx, run.data.importId, message);
        return { failed: true };
      }
    },
  },
  'professional-check': {
    // Every day at 09:30: each professional is asked a year after their last check, so the
    // "yearly campaign" is spread over the year. `scheduled_runs` keeps one run per day.
    cron: '30 9 * * *',
    queue: { retryLimit: 2, retryDelay: 600, retryBackoff: true, expireInSeconds: 30 * 60 },
    async handle(_run, { services, log }) {
      const result = await runProfessionalChecks(services, log, serviceToday());
      if (!result) return { skipped: 'already run today' };
      if (result.asked) log.info(`Professionals' check: ${result.asked} e-mail(s) queued`);
      return result;
    },
  },
  'mail-sweep': {
    cron: '*/5 * * * *',
    queue: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 5 * 60 },
    async handle(_run, { services, jobs, log }) {
      const requeued = await sweepOutbox(services, jobs);
      if (requeued) log.warn({ requeued }, 'outbox: e-mails handed to the queue again');
      return { requeued };
    },
  },
  'sms-send': {
    // As `mail-send`: about 30 s, 1 min, 2 min … 2 h between attempts (an SMSC outage of hours).
    queue: { retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 5 * 60 },
    async handle(run, { services, log }) {
      const outcome = await deliverOutboxSms(services, log, run.data.outboxId, {
        finalAttempt: run.retryCount >= run.retryLimit,
      });
      return { outcome };
    },
  },
  'sms-sweep': {
    cron: '*/5 * * * *',
    queue: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 5 * 60 },
    async handle(_run, { services, jobs, log }) {
      const requeued = await sweepSmsOutbox(services, jobs, log);
      if (requeued) log.warn({ requeued }, 'outbox: SMS handed to the queue again');
      return { requeued };
    },
  },
  'help-horizon': {
    // Every day at 03:15. `scheduled_runs` keeps one run per day; a failed run is retried.
    cron: '15 3 * * *',
    queue: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600 },
    async handle(_run, { services, log }) {
      const result = await extendAllHorizons(services, log, serviceToday());
      return result ?? { skipped: 'already run today' };
    },
  },
};
