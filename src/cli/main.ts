#!/usr/bin/env node
/**
 * The `convivialite` command: serve, run the jobs (worker), migrate, seed the demo, create an
 * organisation, import.
 * Operator-facing messages are in English.
 */
import { Command } from 'commander';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { loadConfig } from '../server/config.js';
import { openServices } from '../server/services.js';
import { buildApp } from '../server/app.js';
import { holdApiWhile } from '../server/http/starting.js';
import { seedDemo } from '../demo/seed.js';
import { seedDemoPlanning } from '../demo/planning.js';
import { serviceToday } from '../domain/common/calendar.js';
import { DEMO_PASSWORD } from '../demo/accounts.js';
import { hashPassword } from '../server/auth/tokens.js';
import { registerImportCommand } from './import.js';
import { purgeExpiredData } from '../server/retention/purge.js';
import { queryRows, type Database, type Db } from '../db/database.js';
import { systemContext, type AppServices } from '../server/http/context.js';
import { JobQueue } from '../server/jobs/queue.js';
import { startSmsReception } from '../server/sms/receive.js';
import { JOBS, scanAllOrganisations } from '../server/jobs/registry.js';
import type { JobName } from '../server/jobs/names.js';
import { createOrganisation, ORGANISATION_KINDS } from '../server/organisations/service.js';
import { createInvitation, INVITATION_DAYS } from '../server/users/service.js';
import { HttpError } from '../server/http/errors.js';
import { ZodError } from 'zod';
import { runRetention } from '../server/rights/retention.js';

const program = new Command('convivialite').description(
  'Convivialité: fighting the isolation of older people',
);

async function open() {
  const config = loadConfig();
  const services = await openServices(config);
  return { services, config, close: () => services.database.close() };
}

async function loadDemoIfEmpty(db: Db, log: (message: string) => void) {
  const started = Date.now();
  const result = await seedDemo(db, { passwordHash: await hashPassword(DEMO_PASSWORD) });
  if (result.seeded) {
    log(
      `Demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(result.counts ?? {})}`,
    );
    const planning = await seedDemoPlanning(db, serviceToday());
    log(
      `Demo visits planned in ${(planning.ms / 1000).toFixed(1)} s: ${planning.planned} visits over three weeks (last, this and next), ${planning.reportedPast} already reported, ${planning.todayVisits} today for the demo visitor`,
    );
  }
  return result;
}

/**
 * This process's job queue: `work` runs the jobs and keeps the cron schedules (once across every
 * process); without it, the process only hands jobs to the queue.
 */
async function startJobs(
  services: AppServices & { database: Database },
  log: FastifyBaseLogger,
  work: boolean,
) {
  const crons = services.config.jobCrons;
  for (const name of Object.keys(crons)) {
    if (!(name in JOBS) || !JOBS[name as JobName].cron)
      throw new Error(
        `JOB_CRON_${name.toUpperCase().replace(/-/g, '_')}: there is no periodic job "${name}" (periodic jobs: ${Object.entries(
          JOBS,
        )
          .filter(([, job]) => job.cron)
          .map(([jobName]) => jobName)
          .join(', ')})`,
      );
  }
  const queue = new JobQueue(services, services.database, log, { work, crons });
  await queue.start();
  services.jobs = queue;
  // A working process sends SMS, so it also takes the SMSC's receipts and replies (ADR 0032).
  if (work) await startSmsReception(services, log);
  return queue;
}

/** On SIGINT or SIGTERM: stop taking work, let running jobs finish (30 s at most), then close. */
function stopOn(signalled: () => Promise<void>, log: FastifyBaseLogger) {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info('Stopping…');
    try {
      await signalled();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'stop failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

program
  .command('serve')
  .description(
    'Run migrations, load the demo data on an empty database (demo mode), and serve the app; also runs the background jobs unless --no-worker or WORKER=off',
  )
  .option('--no-worker', 'serve HTTP only: the jobs run in `convivialite worker` processes')
  .action(async (options: { worker: boolean }) => {
    const { services, config } = await open();
    const work = options.worker && config.worker === 'on';
    const logger = pino({ level: config.logLevel });
    // Before the app: every request context carries the queue.
    const jobs = await startJobs(services, logger, work);
    const app = await buildApp(services);
    // Demo mode: the page is served at once and the API waits (503) until the demo data is loaded,
    // so that the first start after `npm ci` shows something within a minute (issue 11).
    let demoLoading = config.mode === 'demo';
    if (demoLoading) holdApiWhile(app, () => demoLoading);
    const where = config.databaseUrl
      ? 'PostgreSQL (DATABASE_URL)'
      : `embedded PGlite in ${config.dataDir}`;
    await app.listen({ host: config.host, port: config.port });
    app.log.info(
      `Convivialité (${config.mode} mode, ${where}) on ${config.publicUrl}; background jobs ${work ? 'run here' : 'off (run `convivialite worker`)'}`,
    );
    stopOn(async () => {
      await app.close();
      await jobs.stop();
      await services.sms?.close();
      await services.database.close();
    }, app.log);
    if (demoLoading) {
      const { seeded } = await loadDemoIfEmpty(services.db, (m) => app.log.info(m));
      demoLoading = false;
      if (seeded) app.log.info('Demo data ready: the API answers.');
    }
  });

program
  .command('worker')
  .description(
    'Run the background jobs (e-mails, silence scan, retention) without serving HTTP; as many as wanted, on one PostgreSQL',
  )
  .action(async () => {
    const { services, config } = await open();
    const logger = pino({ level: config.logLevel });
    const jobs = await startJobs(services, logger, true);
    logger.info(
      `Convivialité worker (${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}): running jobs`,
    );
    stopOn(async () => {
      await jobs.stop();
      await services.sms?.close();
      await services.database.close();
    }, logger);
  });

program
  .command('migrate')
  .description('Apply the database migrations and exit')
  .action(async () => {
    const { services, close } = await open();
    const [row] = await queryRows<{ n: number }>(
      services.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    console.log(`Migrations applied: ${row?.n ?? 0}`);
    await close();
  });

program
  .command('seed-demo')
  .description('Load the Oise demo data into an empty database')
  .action(async () => {
    const { services, close } = await open();
    const result = await loadDemoIfEmpty(services.db, console.log);
    if (!result.seeded) console.log('The database already holds organisations: nothing loaded.');
    await close();
  });

program
  .command('scan-alerts')
  .description('Raise the silence alerts now (the worker also does it every hour)')
  .action(async () => {
    const { services, config, close } = await open();
    console.log(
      `Silence alerts raised: ${await scanAllOrganisations(services, pino({ level: config.logLevel }))}`,
    );
    await close();
  });

program
  .command('purge')
  .description('Remove what the retention rules (src/domain/retention/rules.ts) say is expired')
  .action(async () => {
    const { services, config, close } = await open();
    const ctx = systemContext(services, pino({ level: config.logLevel }), 'cli:purge');
    for (const { what, removed } of await purgeExpiredData(ctx))
      console.log(`${what}: ${removed} removed`);
    await close();
  });

program
  .command('retention')
  .description(
    'Archive, then anonymise, the files of people accompanied as the retention rules say (src/domain/retention/rules.ts); the server does it daily',
  )
  .option('--today <date>', 'the day to apply the rules for (YYYY-MM-DD); defaults to today')
  .option('--dry-run', 'only list what would be archived and anonymised')
  .action(async (options: { today?: string; dryRun?: boolean }) => {
    const today = options.today ?? serviceToday();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today)))
      throw new Error(`--today must be a date YYYY-MM-DD, got ${today}`);
    const { services, close } = await open();
    try {
      const results = await runRetention(services, pino({ level: 'warn' }), {
        today,
        dryRun: Boolean(options.dryRun),
      });
      for (const r of results) {
        const verb = options.dryRun ? 'would be' : 'were';
        console.log(
          `Organisation ${r.organisationId} (active ${r.settings.activeMonths} months, archive ${r.settings.archiveMonths} months): ${r.plan.archive.length} file(s) ${verb} archived, ${r.plan.anonymise.length} ${verb} anonymised, ${r.plan.held.length} kept under a legal hold`,
        );
        for (const d of r.plan.archive)
          console.log(`  archive   ${d.personId}  last contact ${d.lastContact}`);
        for (const d of r.plan.anonymise)
          console.log(`  anonymise ${d.personId}  last contact ${d.lastContact}`);
        for (const d of r.plan.held)
          console.log(`  held      ${d.personId}  last contact ${d.lastContact}`);
      }
    } finally {
      await close();
    }
  });

program
  .command('create-organisation')
  .description(
    'Create an organisation and its first administrator, who receives an invitation by e-mail',
  )
  .requiredOption('--name <name>', 'name of the organisation, e.g. "CCAS de Beauvais"')
  .requiredOption('--kind <kind>', `one of: ${ORGANISATION_KINDS.join(', ')}`)
  .requiredOption('--admin-email <email>', 'e-mail address of the first administrator')
  .requiredOption('--admin-name <name>', 'display name of the first administrator')
  .action(
    async (options: { name: string; kind: string; adminEmail: string; adminName: string }) => {
      const { services, config, close } = await open();
      try {
        // A system write (no user yet): the organisation, its first administrator and the
        // invitation token are one write, on the audit trail with this command as their source.
        const ctx = systemContext(
          services,
          pino({ level: config.logLevel }),
          'cli:create-organisation',
        );
        const { organisation, admin, invitation } = await createOrganisation(
          ctx,
          {
            name: options.name,
            kind: options.kind as (typeof ORGANISATION_KINDS)[number],
            adminEmail: options.adminEmail,
            adminName: options.adminName,
          },
          (tx, user, trail) => createInvitation(tx, trail, services, user, null),
        );
        console.log(`Organisation created: ${organisation.name} (${organisation.id})`);
        console.log(
          `Administrator: ${admin.email}. Invitation link, valid ${INVITATION_DAYS} days:`,
        );
        console.log(invitation.link);
        console.log(
          'The invitation e-mail is in the outbox: a running worker (`serve` or `worker`) sends it (see SMTP_URL).',
        );
      } catch (error) {
        if (error instanceof ZodError) {
          throw new Error(
            `Invalid input: ${error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
            { cause: error },
          );
        }
        if (error instanceof HttpError)
          throw new Error(`Refused: ${error.userMessage}`, { cause: error });
        throw error;
      } finally {
        await close();
      }
    },
  );

registerImportCommand(program, async () => {
  const { services, close } = await open();
  return { services, close };
});

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
