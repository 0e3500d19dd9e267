/**
 * HTTP hardening (ADR 0016): security headers and CSP, compression, cache headers of the web
 * build, secrets kept out of the logs, and calendar links that die with the visitor's account or
 * departure.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { deliverPendingMail } from '../../src/server/mail/outbox.js';
import { calendarFeeds, users, visitors } from '../../src/db/schema.js';
import { tileSources } from '../../src/server/http/hardening.js';
import type { Mailer, OutgoingMail } from '../../src/server/mail/mailer.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { TEST_PASSWORD } from '../helpers/fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
}, 600_000);

afterAll(async () => {
  await t?.close();
});

/** Another app on the same database and fixtures, with other settings. */
async function appWith(
  config: Partial<TestApp['services']['config']>,
  extra: { mailer?: Mailer; logStream?: Writable } = {},
): Promise<FastifyInstance> {
  const app = await buildApp(
    {
      ...t.services,
      config: { ...t.services.config, ...config },
      ...(extra.mailer ? { mailer: extra.mailer } : {}),
    },
    { logger: extra.logStream ? { level: 'info', stream: extra.logStream } : false },
  );
  await app.ready();
  return app;
}

describe('security headers', () => {
  it('sends a strict Content-Security-Policy and the usual protections on every answer', async () => {
    const response = await t.app.inject({ url: '/api/auth/session' });
    const csp = String(response.headers['content-security-policy']);
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    // The test app has no tile server: images from ourselves and data: URIs only.
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    // Plain HTTP: no HSTS (a browser would ignore it, and a demo on localhost must not pin it).
    expect(response.headers['strict-transport-security']).toBeUndefined();
    // API answers are personal data: not kept in the browser's cache.
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('adds HSTS and allows the tile server when the public address is HTTPS', async () => {
    const app = await appWith({
      publicUrl: 'https://convivialite.example.fr',
      tileUrl: 'https://{s}.tile.example.fr/{z}/{x}/{y}.png',
    });
    const response = await app.inject({ url: '/healthz' });
    expect(response.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("img-src 'self' data: https://*.tile.example.fr;");
    expect(csp).toContain('upgrade-insecure-requests');
    await app.close();
  });

  it('names the tile server by its origin in the policy', () => {
    expect(tileSources('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toEqual([
      'https://tile.openstreetmap.org',
    ]);
    expect(tileSources('http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png')).toEqual([
      'http://127.0.0.1:8080',
    ]);
    expect(tileSources('https://tiles-{s}.example.fr/{z}/{x}/{y}.png')).toEqual(['https:']);
    expect(tileSources('/tuiles/{z}/{x}/{y}.png')).toEqual([]);
    expect(tileSources(null)).toEqual([]);
  });

  it('gives the API documentation its own policy (inline styles only there)', async () => {
    const response = await t.app.inject({ url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe('compression', () => {
  it('compresses large JSON answers and leaves tiny ones alone', async () => {
    const coordinator = await t.login(t.fixtures.usersA.coordinator.email);
    const headers = { cookie: coordinator.cookie!, 'accept-encoding': 'br, gzip' };
    const large = await t.app.inject({ url: '/api/docs/json', headers });
    expect(large.statusCode).toBe(200);
    expect(large.headers['content-encoding']).toBe('br');
    const plain = await t.app.inject({ url: '/api/docs/json' });
    expect(large.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    const gzip = await t.app.inject({
      url: '/api/docs/json',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const tiny = await t.app.inject({ url: '/healthz', headers });
    expect(tiny.statusCode).toBe(200);
    expect(tiny.headers['content-encoding']).toBeUndefined();
  });
});

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));
const built = existsSync(`${webRoot}/index.html`);

// The web app is served only once built (`npm test` and the browser tests build it first).
describe.skipIf(!built)('cache headers of the web app (needs `npm run build:web`)', () => {
  it('caches hashed assets for a year and revalidates index.html and the service worker', async () => {
    const script = readdirSync(`${webRoot}/assets`).find((f) => /^index-.+\.js$/.test(f))!;
    const asset = await t.app.inject({
      url: `/assets/${script}`,
      headers: { 'accept-encoding': 'br' },
    });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('br');
    for (const url of ['/', '/index.html', '/personnes/abc', '/sw.js', '/manifest.webmanifest']) {
      const page = await t.app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-cache');
    }
    // An asset of another build is missing, not the app's page served as a script.
    const missing = await t.app.inject({ url: '/assets/index-00000000.js' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('logs', () => {
  it('never hold a calendar link, an e-mailed link token, a password, a cookie or a CSRF token', async () => {
    let log = '';
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        log += String(chunk);
        done();
      },
    });
    const sent: OutgoingMail[] = [];
    const mailer: Mailer = {
      async send(mail) {
        sent.push(mail);
        return `<${sent.length}@test>`;
      },
    };
    const app = await appWith({}, { mailer, logStream });

    // A calendar feed fetched through its secret link.
    const calendarToken = t.fixtures.calendarTokenB;
    const feed = await app.inject({ url: `/api/ical/${calendarToken}.ics` });
    expect(feed.statusCode).toBe(200);

    // A password reset: the e-mailed page is opened, then the new password is chosen with it.
    const email = t.fixtures.usersA.partner.email;
    const asked = await app.inject({
      method: 'POST',
      url: '/api/auth/password-reset',
      payload: { email },
    });
    expect(asked.statusCode).toBe(200);
    // The e-mail leaves the outbox by the job's own code, logging where the server logs.
    await deliverPendingMail({ ...t.services, mailer }, app.log);
    const resetToken = /jeton=([A-Za-z0-9_-]+)/.exec(sent[0]!.text)?.[1];
    expect(resetToken).toBeTruthy();
    await app.inject({ url: `/mot-de-passe/nouveau?jeton=${resetToken}` });
    // An invitation link (any token: the page is served before the token is checked).
    const invitationToken = 'jeton-d-invitation-qui-ne-doit-pas-paraitre';
    await app.inject({ url: `/invitation?jeton=${invitationToken}&from=mail` });
    const newPassword = 'un-nouveau-mot-de-passe-solide-42';
    const reset = await app.inject({
      method: 'POST',
      url: '/api/auth/set-password',
      payload: { token: resetToken, password: newPassword },
    });
    expect(reset.statusCode).toBe(200);

    // A signed-in request: the session cookie and the CSRF token travel in headers.
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: newPassword },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'conv_session')!.value;
    const csrfToken = login.json<{ csrfToken: string }>().csrfToken;
    const authorization = 'Bearer un-jeton-qui-ne-doit-pas-paraitre';
    await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: `conv_session=${cookie}`, 'x-csrf-token': csrfToken, authorization },
      payload: {},
    });
    await app.close();

    // The requests were logged (their URLs, without the secrets).
    expect(log).toContain('/api/ical/[redacted]');
    expect(log).toContain('/mot-de-passe/nouveau?jeton=[redacted]');
    expect(log).toContain('/invitation?jeton=[redacted]&from=mail');
    expect(log).toContain('/api/auth/logout');
    for (const secret of [
      calendarToken,
      resetToken!,
      invitationToken,
      newPassword,
      TEST_PASSWORD,
      cookie,
      decodeURIComponent(cookie),
      csrfToken,
      authorization,
    ]) {
      expect(log.includes(secret), `"${secret}" found in the log`).toBe(false);
    }
  });
});

describe('calendar links end with the visitor', () => {
  async function visitorWithFeed(suffix: string) {
    const { db } = t.services;
    const [visitor] = await db
      .insert(visitors)
      .values({
        organisationId: t.fixtures.orgA.id,
        kind: 'volunteer',
        firstName: 'Camille',
        lastName: `Départ ${suffix}`,
        mobility: 'car',
        maxTripMinutes: 30,
      })
      .returning();
    const [user] = await db
      .insert(users)
      .values({
        organisationId: t.fixtures.orgA.id,
        email: `calendrier-${suffix}@a.test`,
        displayName: `Camille ${suffix}`,
        roles: ['visitor'],
        visitorId: visitor!.id,
      })
      .returning();
    const token = `lien-agenda-${suffix}-0123456789abcdef`;
    await db.insert(calendarFeeds).values({
      visitorId: visitor!.id,
      tokenHash: createHash('sha256').update(token).digest('hex'),
    });
    const path = `/api/ical/${token}.ics`;
    expect((await t.client().get(path)).status).toBe(200);
    return { visitor: visitor!, user: user!, path };
  }

  it('answers 404 once the visitor’s account is disabled', async () => {
    const { user, path } = await visitorWithFeed('compte');
    const admin = await t.login(t.fixtures.usersA.admin.email);
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: true })).status).toBe(200);
    const feed = await t.client().get(path);
    expect(feed.status).toBe(404);
    expect(feed.raw.body).toBe('Lien d’agenda inconnu ou révoqué.');
  });

  it('answers 404 once the visitor has left the service', async () => {
    const { visitor, path } = await visitorWithFeed('depart');
    const coordinator = await t.login(t.fixtures.usersA.coordinator.email);
    const ended = await coordinator.post(`/api/visitors/${visitor.id}/end`, {
      endedOn: '2026-01-15',
      reason: null,
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect((await t.client().get(path)).status).toBe(404);
  });
});
