/**
 * The jobs of the platform and what each one carries (ADR 0015). Payloads hold ids only: the
 * personal data stays in our own tables, under their retention rules, never in the queue's.
 * No imports here, so the request context can name the queue without an import cycle.
 */
export interface JobPayloads {
  /** Hourly: raise the silence alerts of every organisation. */
  'silence-scan': Record<string, never>;
  /** Daily: archive and anonymise files (ADR 0012), purge expired technical records. */
  retention: Record<string, never>;
  /** Send one e-mail of the outbox. */
  'mail-send': { outboxId: string };
  /** Every few minutes: hand to `mail-send` the outbox e-mails whose job was lost. */
  'mail-sweep': Record<string, never>;
  /** Send one SMS of the outbox (ADR 0032). */
  'sms-send': { outboxId: string };
  /** Every few minutes: hand to `sms-send` the outbox SMS whose job was lost. */
  'sms-sweep': Record<string, never>;
  /** Compute and write one week generation (its plan_runs row says what). */
  'planning-generate': { runId: string };
  /** Every minute: fail the generations and imports whose server stopped (ADR 0017, 0018). */
  'planning-watchdog': Record<string, never>;
  /** Write an accepted import to its end (resumes where a stopped run left it, ADR 0018). */
  'import-run': { importId: string };
  /** Daily: e-mail the professionals whose details were checked a year ago or more (ADR 0035). */
  'professional-check': Record<string, never>;
  /** Daily: create the next occurrences of recurring neighbour-help requests (ADR 0034). */
  'help-horizon': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export interface EnqueueOptions {
  /** With a queue policy that honours it (`singleton`, `stately`): at most one such job queued. */
  singletonKey?: string;
  /** Attempts after the first; defaults to the job's registration. */
  retryLimit?: number;
  /** Seconds before the first retry; doubled at each attempt when `retryBackoff`. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** Not before this many seconds from now. */
  startAfterSeconds?: number;
}

/** What services use to put work on the queue (src/server/jobs/queue.ts implements it). */
export interface JobSender {
  enqueue<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    options?: EnqueueOptions,
  ): Promise<string | null>;
}
