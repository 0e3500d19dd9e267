/**
 * The job queue (ADR 0015): pg-boss 10 on the application's own database, through its `db`
 * adapter, so it runs on the embedded PGlite as on PostgreSQL. Every process that writes hands
 * jobs to it (`enqueue`); a process started with `work` also runs them and keeps the cron
 * schedules, which pg-boss sends once across every process sharing the database.
 */
import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import type { SqlExecutor } from '../../db/database.js';
import type { AppServices } from '../http/context.js';
import type { EnqueueOptions, JobName, JobPayloads, JobSender } from './names.js';
import { JOB_TIME_ZONE, JOBS, type JobDefinition, type QueuePolicy } from './registry.js';

export interface JobQueueOptions {
  /** Run the jobs and keep the schedules (`worker`, `serve` by default); false: enqueue only. */
  work: boolean;
  /** With `work`: keep the cron schedules too (default true; tests that do not test them: false). */
  schedules?: boolean;
  /** Seconds between two polls of each queue when idle (pg-boss: at least 0.5). */
  pollingIntervalSeconds?: number;
  /** Seconds between two checks of the cron schedules (pg-boss: 1 to 45). */
  cronIntervalSeconds?: number;
  /** Replaces the registered retry policy of some jobs (tests: seconds instead of minutes). */
  policies?: Partial<Record<JobName, Partial<QueuePolicy>>>;
  /** Replaces the cron of some jobs (tests). */
  crons?: Partial<Record<JobName, string>>;
}

const NAMES = Object.keys(JOBS) as JobName[];

export class JobQueue implements JobSender {
  private boss: PgBoss | null = null;
  private started = false;

  constructor(
    private readonly services: AppServices,
    private readonly executor: SqlExecutor,
    private readonly log: FastifyBaseLogger,
    private readonly options: JobQueueOptions,
  ) {}

  private newBoss() {
    const boss = new PgBoss({
      db: this.executor,
      // Only a working process maintains the queue (expiry, archive) and sends the cron jobs.
      supervise: this.options.work,
      schedule: this.options.work && this.options.schedules !== false,
      cronMonitorIntervalSeconds: this.options.cronIntervalSeconds ?? 30,
      cronWorkerIntervalSeconds: Math.min(this.options.cronIntervalSeconds ?? 5, 5),
      // Finished jobs hold ids and counts only; kept a week for the operator, then removed.
      deleteAfterDays: 7,
    });
    boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
    return boss;
  }

  /** pg-boss running, its tables installed and our queues created with the code's policies. */
  private async setUp(boss: PgBoss) {
    await boss.start();
    for (const name of NAMES) {
      const policy = this.policyOf(name);
      const queue = { name, ...policy, policy: policy.policy ?? 'standard' };
      if (!(await boss.getQueue(name))) await boss.createQueue(name, queue);
      // An existing queue keeps its first settings otherwise: the code's policy wins.
      await boss.updateQueue(name, queue);
    }
  }

  /**
   * Two processes starting at once on a new database race on pg-boss's installation and on the
   * creation of the queues (seen on PostgreSQL 15: a duplicate schema name, a deadlock between
   * two partition creations). Every step is idempotent: the loser tries again and finds it done.
   */
  private async startBoss() {
    for (let attempt = 1; ; attempt++) {
      const boss = this.newBoss();
      try {
        await this.setUp(boss);
        return boss;
      } catch (error) {
        await boss.stop({ graceful: false, close: false }).catch(() => undefined);
        if (attempt >= 5) throw error;
        this.log.warn({ err: error, attempt }, 'job queue start failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, 300 * attempt + Math.random() * 300));
      }
    }
  }

  private get queue(): PgBoss {
    if (!this.boss || !this.started) throw new Error('job queue not started');
    return this.boss;
  }

  private policyOf(name: JobName): QueuePolicy {
    return { ...JOBS[name].queue, ...this.options.policies?.[name] };
  }

  /** Installs or upgrades the queue's tables, creates the queues, and starts working if asked. */
  async start() {
    const boss = await this.startBoss();
    this.boss = boss;
    this.started = true;
    if (!this.options.work) return;
    for (const name of NAMES) await this.workOn(name, JOBS[name] as JobDefinition<typeof name>);
    if (this.options.schedules === false) return;
    for (const name of NAMES) {
      const cron = this.options.crons?.[name] ?? JOBS[name].cron;
      if (cron) await boss.schedule(name, cron, {}, { tz: JOB_TIME_ZONE });
    }
  }

  private async workOn<N extends JobName>(name: N, definition: JobDefinition<N>) {
    await this.queue.work<JobPayloads[N]>(
      name,
      { includeMetadata: true, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 },
      async ([job]) => {
        if (!job) return;
        const log = this.log.child({ job: name, jobId: job.id, attempt: job.retryCount + 1 });
        try {
          return await definition.handle(
            { id: job.id, data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit },
            { services: this.services, log, jobs: this },
          );
        } catch (error) {
          log.error({ err: error }, `job ${name} failed`);
          throw error;
        }
      },
    );
  }

  async enqueue<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    return this.queue.send(name, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
      ...(options.retryDelaySeconds !== undefined ? { retryDelay: options.retryDelaySeconds } : {}),
      ...(options.retryBackoff !== undefined ? { retryBackoff: options.retryBackoff } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    });
  }

  /**
   * Stops fetching, waits up to `timeoutMs` for the jobs running to finish; those still running
   * then are failed, and retried by whichever process works next.
   */
  async stop(timeoutMs = 30_000) {
    if (!this.boss || !this.started) return;
    this.started = false;
    // `close: false`: the database belongs to the application, which closes it after.
    await this.boss.stop({ graceful: true, timeout: timeoutMs, wait: true, close: false });
  }
}
