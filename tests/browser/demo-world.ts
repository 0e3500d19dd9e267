/**
 * A browser world on the demo, loaded as `npm start` loads it: the data set, then the planner's
 * weeks and the first meetings planned after them. For the tests that walk the demo's screens.
 */
import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { createMailer } from '../../src/server/mail/mailer.js';
import { createGeocoder } from '../../src/geo/index.js';
import type { AppServices } from '../../src/server/http/context.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { seedDemo } from '../../src/demo/seed.js';
import { seedDemoPlanning } from '../../src/demo/planning.js';
import { serviceToday } from '../../src/domain/common/calendar.js';
import { hashPassword } from '../../src/server/auth/tokens.js';
import { ensureWebBuild } from '../../scripts/web-build.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { chromiumExecutable } from './chromium.js';
import type { BrowserWorld } from './helpers.js';

export interface DemoWorld {
  /** What openPage needs: the browser and the address. */
  world: BrowserWorld;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function startDemoWorld(): Promise<DemoWorld> {
  const executablePath = chromiumExecutable();
  await ensureWebBuild();
  const database = await openTestDatabase();
  const today = serviceToday();
  await seedDemo(database.db, { today, passwordHash: await hashPassword(DEMO_PASSWORD) });
  await seedDemoPlanning(database.db, today);
  const config = loadConfig({}, { logLevel: 'silent', mode: 'demo', tileUrl: null });
  const services: AppServices = {
    db: database.db,
    config,
    mailer: createMailer(
      { smtpUrl: config.smtpUrl, from: config.mailFrom },
      pino({ level: 'silent' }),
    ),
    geocoder: createGeocoder({ geocoder: 'offline' }),
  };
  const app: FastifyInstance = await buildApp(services, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  const browser: Browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const world = { browser, baseUrl: `http://127.0.0.1:${address.port}` } as BrowserWorld;
  return {
    world,
    database,
    async close() {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}
