/**
 * The first start of the demo, as `npm start` runs it (issue 11): `convivialite serve` on an empty
 * database listens and serves the web app before the demo data is loaded; the API says to wait
 * (503, in French) until the data is in, then answers. On a server database (TEST_DATABASE_URL):
 * the helper starts processes on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { ensureWebBuild } from '../../scripts/web-build.js';
import {
  createServerDatabase,
  eventually,
  serverDatabaseUrl,
  startServer,
  type ServerProcess,
} from '../helpers/processes.js';

describe.skipIf(!serverDatabaseUrl)('the first start of the demo', () => {
  let server: ServerProcess | undefined;
  let database: Awaited<ReturnType<typeof createServerDatabase>>;

  beforeAll(async () => {
    await ensureWebBuild();
    database = await createServerDatabase();
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  }, 60_000);

  it('serves the page while the demo loads, then signs the demo visitor in', async () => {
    server = await startServer({
      databaseUrl: database.url,
      env: { CONVIVIALITE_MODE: 'demo', LOG_LEVEL: 'info' },
      // The page: as soon as the server listens.
      readyPath: '/',
    });
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');

    // The demo takes seconds to load: the API asks to wait meanwhile.
    const early = await fetch(`${server.url}/api/auth/demo-accounts`);
    expect(early.status, server.output()).toBe(503);
    expect(early.headers.get('retry-after')).toBe('5');
    const body = (await early.json()) as { error: string; message: string };
    expect(body.error).toBe('demo_loading');
    expect(body.message).toMatch(/données de démonstration/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);

    await eventually(
      async () => ((await fetch(`${server!.url}/healthz`)).ok ? true : undefined),
      300_000,
      'the demo data',
    );
    expect(server.output()).toMatch(/Demo data ready/);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'visiteur@demo.convivialite.fr', password: DEMO_PASSWORD }),
    });
    expect(login.status, await login.clone().text()).toBe(200);
  }, 600_000);
});
