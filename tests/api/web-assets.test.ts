/**
 * How the web app's files travel (issue 11, ADR 0023): hashed assets cached for a year, the page,
 * the service worker and the manifest revalidated, and text files sent compressed from the copies
 * the build made (brotli 11, gzip 9), not compressed again on each request.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/web-build.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));
let t: TestApp;
let script: string;

beforeAll(async () => {
  // The server serves the web app only if it is built when the app starts.
  await ensureWebBuild();
  t = await createTestApp();
  script = readdirSync(`${webRoot}/assets`).find((f) => /^index-.+\.js$/.test(f))!;
}, 600_000);

afterAll(async () => {
  await t?.close();
});

describe('the web app files', () => {
  it('sends the brotli copy the build made, with a year of cache for a hashed name', async () => {
    const response = await t.app.inject({
      url: `/assets/${script}`,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(response.headers['content-type'])).toMatch(/javascript/);
    expect(String(response.headers.vary)).toMatch(/accept-encoding/i);
    // Byte for byte the build's copy: nothing compressed it again on the way.
    const built = readFileSync(`${webRoot}/assets/${script}.br`);
    expect(response.rawPayload.equals(built)).toBe(true);
    expect(
      brotliDecompressSync(response.rawPayload).equals(readFileSync(`${webRoot}/assets/${script}`)),
    ).toBe(true);
    // Smaller than a quick compression of each answer would be (brotli 4, @fastify/compress).
    expect(response.rawPayload.length).toBeLessThan(
      readFileSync(`${webRoot}/assets/${script}`).length / 3.5,
    );
  });

  it('sends gzip to a browser without brotli, and the plain file to one without either', async () => {
    const gzip = await t.app.inject({
      url: `/assets/${script}`,
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).equals(readFileSync(`${webRoot}/assets/${script}`))).toBe(
      true,
    );
    const plain = await t.app.inject({
      url: `/assets/${script}`,
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(readFileSync(`${webRoot}/assets/${script}`))).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates the page (every route of the app), the service worker and the manifest', async () => {
    for (const url of ['/', '/index.html', '/aujourdhui', '/sw.js', '/manifest.webmanifest']) {
      const response = await t.app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
    const page = await t.app.inject({ url: '/aujourdhui', headers: { 'accept-encoding': 'br' } });
    const html =
      page.headers['content-encoding'] === 'br'
        ? brotliDecompressSync(page.rawPayload).toString()
        : page.body;
    expect(html).toContain('<div id="root">');
    // The session is asked for while the app's script downloads.
    expect(html).toContain('<link rel="preload" href="/api/auth/session" as="fetch" crossorigin');
  });

  it('still compresses API answers on the fly', async () => {
    const response = await t.app.inject({
      url: '/api/docs/json',
      headers: { 'accept-encoding': 'br' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
  });
});
