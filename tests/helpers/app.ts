/** An application on a fresh test database, and a client that signs in like the web app does. */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { pendingRuns } from '../../src/server/planning/service.js';
import { pendingImports } from '../../src/server/imports/job.js';
import { loadConfig, type Config } from '../../src/server/config.js';
import { createMailer } from '../../src/server/mail/mailer.js';
import { createGeocoder } from '../../src/geo/index.js';
import type { AppServices } from '../../src/server/http/context.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { JobQueue, type JobQueueOptions } from '../../src/server/jobs/queue.js';
import { deliverPendingMail } from '../../src/server/mail/outbox.js';
import { openTestDatabase } from './database.js';
import { createFixtures, TEST_PASSWORD, type Fixtures } from './fixtures.js';

export interface TestApp {
  app: FastifyInstance;
  services: AppServices;
  /** The PostgreSQL test database's address (a second process would open it); null on PGlite. */
  databaseUrl: string | null;
  fixtures: Fixtures;
  /** The job queue, when asked for (`createTestApp(…, …, { jobs })`). */
  jobs: JobQueue | null;
  /**
   * Sends the outbox's pending e-mails now, by the job's own code, for tests that run no queue
   * (e-mails are queued with the change that causes them, then sent by a job).
   */
  deliverMail(options?: { finalAttempt?: boolean }): Promise<{ sent: number; failed: number }>;
  close(): Promise<void>;
  client(): Client;
  login(email: string, password?: string): Promise<Client>;
  /**
   * A second server on the same database, as two processes behind one load balancer: on
   * PostgreSQL with its own connection pool; on PGlite (one in-process database) sharing it.
   * Closed with the first.
   */
  twin(configOverrides?: Partial<Config>): Promise<TwinApp>;
}

export interface TwinApp {
  app: FastifyInstance;
  services: AppServices;
  login(email: string, password?: string): Promise<Client>;
}

export class Client {
  cookie: string | null = null;
  csrfToken: string | null = null;
  constructor(private readonly app: FastifyInstance) {}

  async request(method: InjectOptions['method'], url: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const response = await this.app.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const setCookie = response.cookies.find((c) => c.name === 'conv_session');
    if (setCookie) this.cookie = setCookie.value ? `conv_session=${setCookie.value}` : null;
    let json: any;
    try {
      json = response.json();
    } catch {
      json = null;
    }
    return { status: response.statusCode, body: json, raw: response };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body: unknown = {}) {
    return this.request('POST', url, body);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

async function loginTo(app: FastifyInstance, email: string, password: string) {
  const client = new Client(app);
  const response = await client.post('/api/auth/login', { email, password });
  if (response.status !== 200)
    throw new Error(`login failed for ${email}: ${JSON.stringify(response.body)}`);
  client.csrfToken = response.body.csrfToken;
  return client;
}

export interface TestAppOptions {
  /**
   * Start a job queue working on the test database (pg-boss: its tables, polling). Opt-in: only
   * tests about jobs, or that wait for e-mails through SMTP, pay for it. Schedules are off unless
   * asked (`schedules: true`): an hourly cron must not fire in the middle of another test.
   */
  jobs?: boolean | Partial<Omit<JobQueueOptions, 'work'>>;
  /** Called with every statement the application sends through Drizzle (counting queries). */
  onQuery?: (query: string, params: unknown[]) => void;
}

export async function createTestApp(
  configOverrides: Partial<Config> = {},
  servicesOverrides: Partial<AppServices> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = await openTestDatabase(options.onQuery ? { onQuery: options.onQuery } : {});
  // No map tiles: tests run offline, as some services' machines do.
  const config = loadConfig(
    {},
    { logLevel: 'silent', mode: 'demo', tileUrl: null, ...configOverrides },
  );
  const services: AppServices = {
    db: database.db,
    config,
    mailer: createMailer(
      { smtpUrl: config.smtpUrl, from: config.mailFrom },
      pino({ level: 'silent' }),
    ),
    geocoder: createGeocoder({ geocoder: 'offline' }),
    ...servicesOverrides,
  };
  const log = pino({ level: 'silent' });
  let jobs: JobQueue | null = null;
  if (options.jobs) {
    jobs = new JobQueue(services, database, log, {
      work: true,
      schedules: false,
      pollingIntervalSeconds: 0.5,
      ...(options.jobs === true ? {} : options.jobs),
    });
    await jobs.start();
    services.jobs = jobs;
  }
  const app = await buildApp(services, { logger: false });
  await app.ready();
  const fixtures = await createFixtures(database.db);
  const twins: { app: FastifyInstance; database: Database | null }[] = [];
  return {
    app,
    services,
    databaseUrl: database.url,
    fixtures,
    jobs,
    deliverMail: (mailOptions) => deliverPendingMail(services, log, mailOptions),
    client: () => new Client(app),
    login: (email: string, password = TEST_PASSWORD) => loginTo(app, email, password),
    async twin(twinConfig: Partial<Config> = {}) {
      const own = database.url ? await openDatabase({ url: database.url }) : null;
      const twinServices: AppServices = {
        ...services,
        db: own?.db ?? services.db,
        config: { ...config, ...twinConfig },
      };
      const twinApp = await buildApp(twinServices, { logger: false });
      await twinApp.ready();
      twins.push({ app: twinApp, database: own });
      return {
        app: twinApp,
        services: twinServices,
        login: (email: string, password = TEST_PASSWORD) => loginTo(twinApp, email, password),
      };
    },
    async close() {
      // Week generations run in the background: let them finish before the database goes.
      await Promise.allSettled([...pendingRuns, ...pendingImports]);
      for (const twin of twins) {
        await twin.app.close();
        await twin.database?.close();
      }
      await jobs?.stop(5_000);
      await app.close();
      await database.close();
    },
  };
}
