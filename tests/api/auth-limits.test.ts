/**
 * The sign-in and password-reset limits (ADR 0014) are counted in the database under a lock:
 * parallel attempts on two server processes reach the password check at most as often as the
 * limit allows; people behind one shared address are not locked out by each other's failures;
 * X-Forwarded-For counts only from a proxy TRUST_PROXY names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { buildApp } from '../../src/server/app.js';
import type { Config } from '../../src/server/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { loginAttempts } from '../../src/db/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { TEST_PASSWORD } from '../helpers/fixtures.js';

let t: TestApp;
let second: Database | null = null;
const apps: FastifyInstance[] = [];

/** Another server process on the test database (its own pool on PostgreSQL), with its config. */
async function startInstance(config: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildApp(
    {
      ...t.services,
      db: second?.db ?? t.services.db,
      config: { ...t.services.config, ...config },
    },
    { logger: false },
  );
  await app.ready();
  apps.push(app);
  return app;
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

interface From {
  address?: string;
  forwardedFor?: string;
}

function signIn(app: FastifyInstance, email: string, password: string, from: From = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    remoteAddress: from.address ?? '127.0.0.1',
    headers: from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {},
  });
}

function askReset(app: FastifyInstance, email: string, from: From = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/password-reset',
    payload: { email },
    remoteAddress: from.address ?? '127.0.0.1',
  });
}

async function attemptsOf(email: string) {
  return t.services.db
    .select({ ip: loginAttempts.ip, succeeded: loginAttempts.succeeded })
    .from(loginAttempts)
    .where(eq(loginAttempts.email, email));
}

describe('sign-in limits', () => {
  it('18 parallel wrong passwords on two processes: 5 are checked, 13 refused with 429 and Retry-After', async () => {
    const email = t.fixtures.usersA.planner.email;
    const other = await startInstance();
    const from = { address: '198.51.100.1' };
    const answers = await Promise.all(
      Array.from({ length: 18 }, (_, i) =>
        signIn(i % 2 ? other : t.app, email, 'pas le bon mot de passe', from),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(13);
    const refused = answers.find((a) => a.statusCode === 429)!;
    expect(refused.json().message).toMatch(
      /^Trop de tentatives de connexion\. Par sécurité, réessayez dans \d+ minutes, ou réinitialisez votre mot de passe\.$/,
    );
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Only the 5 checked attempts reached the password check and the security log.
    expect(await attemptsOf(email)).toHaveLength(5);

    // This account from this address waits, even with its password; from elsewhere it signs in.
    expect((await signIn(t.app, email, TEST_PASSWORD, from)).statusCode).toBe(429);
    expect(
      (await signIn(other, email, TEST_PASSWORD, { address: '198.51.100.2' })).statusCode,
    ).toBe(200);
  });

  it('a shared address: other people’s failures on other accounts do not lock out a right password, until the address ceiling', async () => {
    const shared = { address: '192.0.2.10' };
    const fail = (i: number) => signIn(t.app, `personne-${i}@inconnu.test`, 'mauvais', shared);
    // 30 failures from the office, on 30 accounts (more than the old per-address limit of 20).
    for (let batch = 0; batch < 30; batch += 6) {
      const answers = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => fail(batch + i)));
      expect(answers.map((a) => a.statusCode)).toEqual([401, 401, 401, 401, 401, 401]);
    }
    const colleague = await signIn(t.app, t.fixtures.usersA.operator.email, TEST_PASSWORD, shared);
    expect(colleague.statusCode, colleague.body).toBe(200);

    // 50 failures from one address within the window: the address itself waits.
    for (let batch = 30; batch < 50; batch += 5) {
      const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => fail(batch + i)));
      expect(answers.map((a) => a.statusCode)).toEqual([401, 401, 401, 401, 401]);
    }
    expect((await fail(50)).statusCode).toBe(429);
    expect(
      (await signIn(t.app, t.fixtures.usersA.viewer.email, TEST_PASSWORD, shared)).statusCode,
    ).toBe(429);
    expect(
      (
        await signIn(t.app, t.fixtures.usersA.viewer.email, TEST_PASSWORD, {
          address: '192.0.2.11',
        })
      ).statusCode,
    ).toBe(200);
  });

  it('a success forgets this account’s earlier failures from this address', async () => {
    const email = t.fixtures.usersA.coordinator.email;
    const from = { address: '198.51.100.30' };
    for (let i = 0; i < 4; i++)
      expect((await signIn(t.app, email, 'mauvais', from)).statusCode).toBe(401);
    expect((await signIn(t.app, email, TEST_PASSWORD, from)).statusCode).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await signIn(t.app, email, 'mauvais', from)).statusCode).toBe(401);
    expect((await signIn(t.app, email, 'mauvais', from)).statusCode).toBe(429);
  });
});

describe('client address and proxies', () => {
  it('without TRUST_PROXY, a spoofed X-Forwarded-For is ignored (production mode too): it does not reset the limit', async () => {
    const production = await startInstance({
      mode: 'production',
      publicUrl: 'https://convivialite.example',
      trustProxy: false,
      loginMaxFailures: 2,
      loginMaxFailuresPerAddress: 6,
    });
    const address = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const answer = await signIn(production, `usurpation-${i}@inconnu.test`, 'mauvais', {
        address,
        forwardedFor: `10.1.2.${i}`,
      });
      statuses.push(answer.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429, 429, 429]);
    const logged = await attemptsOf('usurpation-0@inconnu.test');
    expect(logged).toEqual([{ ip: address, succeeded: false }]);
  });

  it('with TRUST_PROXY naming the proxy, its X-Forwarded-For names the client; another peer’s is ignored', async () => {
    const behindProxy = await startInstance({ trustProxy: ['127.0.0.1'] });
    const email = t.fixtures.usersA.partner.email;
    await signIn(behindProxy, email, 'mauvais', { forwardedFor: '198.51.100.23' });
    await signIn(behindProxy, email, 'mauvais', {
      address: '203.0.113.99',
      forwardedFor: '198.51.100.24',
    });
    const rows = await t.services.db
      .select({ ip: loginAttempts.ip })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, false)));
    expect(rows.map((r) => r.ip).sort()).toEqual(['198.51.100.23', '203.0.113.99']);
  });
});

describe('password-reset limits', () => {
  it('limits the requests for one address, from any client address, whether or not it has an account', async () => {
    for (const email of [t.fixtures.usersB.viewer.email, 'personne@inconnu.test']) {
      for (let i = 0; i < 5; i++)
        expect(
          (await askReset(t.app, email, { address: `198.51.100.${100 + i}` })).statusCode,
        ).toBe(200);
      const refused = await askReset(t.app, email, { address: '198.51.100.120' });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().message).toMatch(
        /^Trop de demandes de réinitialisation\. Par sécurité, réessayez dans \d+ minutes\.$/,
      );
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('limits the requests from one client address', async () => {
    const from = { address: '192.0.2.50' };
    const answers = await Promise.all(
      Array.from({ length: 34 }, (_, i) => askReset(t.app, `demande-${i}@inconnu.test`, from)),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });
});
