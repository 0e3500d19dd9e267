/** An application on a fresh test database, and a client that signs in like the web app does. */
import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/server/app.js';
import { pendingRuns } from '../../src/server/planning/service.js';
import { loadConfig, type Config } from '../../src/server/config.js';
import { createMailer } from '../../src/server/mail/mailer.js';
import { createGeocoder } from '../../src/geo/index.js';
import type { AppServices } from '../../src/server/http/context.js';
import { JobQueue, type JobQueueOptions } from '../../src/server/jobs/queue.js';
import { deliverPendingMail } from '../../src/server/mail/outbox.js';
import { openTestDatabase } from './database.js';
import { createFixtures, TEST_PASSWORD, type Fixtures } from './fixtures.js';

export interface TestApp {
  app: FastifyInstance;
  services: AppServices;
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

export interface TestAppOptions {
  /**
   * Start a job queue working on the test database (pg-boss: its tables, polling). Opt-in: only
   * tests about jobs, or that wait for e-mails through SMTP, pay for it. Schedules are off unless
   * asked (`schedules: true`): an hourly cron must not fire in the middle of another test.
   */
  jobs?: boolean | Partial<Omit<JobQueueOptions, 'work'>>;
}

export async function createTestApp(
  configOverrides: Partial<Config> = {},
  servicesOverrides: Partial<AppServices> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = await openTestDatabase();
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
  return {
    app,
    services,
    fixtures,
    jobs,
    deliverMail: (mailOptions) => deliverPendingMail(services, log, mailOptions),
    client: () => new Client(app),
    async login(email: string, password = TEST_PASSWORD) {
      const client = new Client(app);
      const response = await client.post('/api/auth/login', { email, password });
      if (response.status !== 200)
        throw new Error(`login failed for ${email}: ${JSON.stringify(response.body)}`);
      client.csrfToken = response.body.csrfToken;
      return client;
    },
    async close() {
      // Week generations run in the background: let them finish before the database goes.
      await Promise.allSettled([...pendingRuns]);
      await jobs?.stop(5_000);
      await app.close();
      await database.close();
    },
  };
}
