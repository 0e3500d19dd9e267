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
import { openTestDatabase } from './database.js';
import { createFixtures, TEST_PASSWORD, type Fixtures } from './fixtures.js';

export interface TestApp {
  app: FastifyInstance;
  services: AppServices;
  fixtures: Fixtures;
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

export async function createTestApp(
  configOverrides: Partial<Config> = {},
  servicesOverrides: Partial<AppServices> = {},
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
  const app = await buildApp(services, { logger: false });
  await app.ready();
  const fixtures = await createFixtures(database.db);
  return {
    app,
    services,
    fixtures,
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
      await Promise.allSettled([...pendingRuns, ...pendingImports]);
      await app.close();
      await database.close();
    },
  };
}
