/**
 * Sessions belong to the database, not to a process (ADR 0014): a user signed in on one server
 * process is signed in on another on the same database, and after a restart; the CSRF token goes
 * with the session. On PostgreSQL the second process has its own connection pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import type { AppServices } from '../../src/server/http/context.js';
import { Client, createTestApp, type TestApp } from '../helpers/app.js';
import { TEST_PASSWORD } from '../helpers/fixtures.js';

let t: TestApp;
let second: Database | null = null;
const apps: FastifyInstance[] = [];

/** A server process on the test database: the same services, its own pool on PostgreSQL. */
async function startInstance(): Promise<FastifyInstance> {
  const services: AppServices = { ...t.services, db: second?.db ?? t.services.db };
  const app = await buildApp(services, { logger: false });
  await app.ready();
  apps.push(app);
  return app;
}

/** The same browser (cookie, CSRF token) talking to another process. */
function sameBrowser(from: Client, app: FastifyInstance) {
  const client = new Client(app);
  client.cookie = from.cookie;
  client.csrfToken = from.csrfToken;
  return client;
}

beforeAll(async () => {
  t = await createTestApp();
  if (t.databaseUrl) second = await openDatabase({ url: t.databaseUrl });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await second?.close();
  await t?.close();
});

describe('sessions across server processes', () => {
  it('a user signed in on one process is signed in on another, writes included (CSRF)', async () => {
    const a = await startInstance();
    const b = await startInstance();
    const onA = new Client(a);
    const login = await onA.post('/api/auth/login', {
      email: t.fixtures.usersA.admin.email,
      password: TEST_PASSWORD,
    });
    expect(login.status).toBe(200);
    onA.csrfToken = login.body.csrfToken;

    const onB = sameBrowser(onA, b);
    const session = await onB.get('/api/auth/session');
    expect(session.body.user?.email).toBe(t.fixtures.usersA.admin.email);
    expect(session.body.csrfToken).toBe(login.body.csrfToken);
    const created = await onB.post('/api/organisation/local-services', {
      name: 'Antenne créée sur le second processus',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    // Signing out on B ends the session on A too: it is one row.
    expect((await onB.post('/api/auth/logout')).status).toBe(200);
    expect((await onA.get('/api/auth/session')).body.user).toBeNull();
  });

  it('a session survives a restart: the old cookie and CSRF token work on the new process', async () => {
    const before = await startInstance();
    const browser = new Client(before);
    const login = await browser.post('/api/auth/login', {
      email: t.fixtures.usersB.admin.email,
      password: TEST_PASSWORD,
    });
    expect(login.status).toBe(200);
    browser.csrfToken = login.body.csrfToken;
    await before.close();
    apps.splice(apps.indexOf(before), 1);

    const after = await startInstance();
    const resumed = sameBrowser(browser, after);
    const session = await resumed.get('/api/auth/session');
    expect(session.body.user?.email).toBe(t.fixtures.usersB.admin.email);
    expect(session.body.csrfToken).toBe(login.body.csrfToken);
    const created = await resumed.post('/api/organisation/local-services', {
      name: 'Antenne créée après le redémarrage',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it('the cookie is the random token only: a changed or unknown value signs nobody in', async () => {
    const app = await startInstance();
    const browser = await t.login(t.fixtures.usersA.viewer.email);
    const value = browser.cookie!.split('=')[1]!;
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const tampered = sameBrowser(browser, app);
    tampered.cookie = `conv_session=${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`;
    expect((await tampered.get('/api/auth/session')).body.user).toBeNull();
    expect((await sameBrowser(browser, app).get('/api/auth/session')).body.user?.email).toBe(
      t.fixtures.usersA.viewer.email,
    );
  });
});
