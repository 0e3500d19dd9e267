/**
 * The first start of the demo (issue 11): the server listens before the demo data is loaded; the
 * web app is served, the API and /healthz answer 503 with a French sentence until the data is in.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { DEMO_LOADING_MESSAGE, holdApiWhile } from '../../src/server/http/starting.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { TEST_PASSWORD } from '../helpers/fixtures.js';

let t: TestApp;
let app: FastifyInstance;
let loading = true;

beforeAll(async () => {
  t = await createTestApp();
  app = await buildApp(t.services, { logger: false });
  holdApiWhile(app, () => loading);
  await app.ready();
}, 600_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

const built = existsSync(fileURLToPath(new URL('../../dist/web/index.html', import.meta.url)));

describe('while the demo data loads', () => {
  it('answers the API and /healthz with 503, Retry-After and a French sentence', async () => {
    loading = true;
    const email = t.fixtures.usersA.coordinator.email;
    for (const request of [
      { method: 'GET' as const, url: '/api/auth/session' },
      { method: 'GET' as const, url: '/api/auth/demo-accounts' },
      { method: 'GET' as const, url: '/api/adresse-inconnue?x=1' },
      { method: 'GET' as const, url: '/healthz' },
      {
        method: 'POST' as const,
        url: '/api/auth/login',
        payload: { email, password: TEST_PASSWORD },
      },
    ]) {
      const response = await app.inject(request);
      expect(response.statusCode, request.url).toBe(503);
      expect(response.headers['retry-after'], request.url).toBe('5');
      expect(response.json(), request.url).toEqual({
        error: 'demo_loading',
        message: DEMO_LOADING_MESSAGE,
      });
    }
    expect(DEMO_LOADING_MESSAGE).toMatch(/données de démonstration/);
  });

  it.skipIf(!built)('serves the web app meanwhile (needs `npm run build:web`)', async () => {
    loading = true;
    for (const url of ['/', '/connexion', '/aujourdhui']) {
      const page = await app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/text\/html/);
    }
  });

  it('answers as usual once the data is in', async () => {
    loading = false;
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const session = await app.inject({ url: '/api/auth/session' });
    expect(session.statusCode).toBe(200);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: t.fixtures.usersA.coordinator.email, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
  });
});
