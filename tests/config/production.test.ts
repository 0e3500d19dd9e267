/**
 * Production refuses to start without what demo mode invents (the public address, the mail
 * server), with an English message naming every missing setting; demo mode needs nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('configuration', () => {
  it('needs nothing in demo mode', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('demo');
    expect(config.trustProxy).toBe(false);
  });

  it('refuses production without PUBLIC_URL, SMTP_URL and MAIL_FROM, naming each', () => {
    expect(() => loadConfig({ CONVIVIALITE_MODE: 'production' })).toThrow(
      /^Cannot start in production mode: PUBLIC_URL, SMTP_URL, MAIL_FROM are not set\.\n {2}- PUBLIC_URL: .+\n {2}- SMTP_URL: .+\n {2}- MAIL_FROM: .+\nSet them in the environment/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://convivialite.example.fr',
        MAIL_FROM: 'Convivialité <ne-pas-repondre@example.fr>',
      }),
    ).toThrow(/^Cannot start in production mode: SMTP_URL is not set\./);
    const complete = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://convivialite.example.fr',
      SMTP_URL: 'smtp://mail.example.fr:587',
      MAIL_FROM: 'Convivialité <ne-pas-repondre@example.fr>',
    });
    expect(complete.mode).toBe('production');
  });

  it('reads TRUST_PROXY as off, a hop count or a list of addresses, and refuses anything else', () => {
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.1.0/24,loopback' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.0.1.0/24',
      'loopback',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'mon-proxy' })).toThrow(
      /TRUST_PROXY must be .* not understood: mon-proxy/,
    );
  });

  it('the server command stops at once with that message', () => {
    // Were the check gone, the server would start: on a free port and a throw-away directory.
    const dataDir = mkdtempSync(join(tmpdir(), 'conv-production-'));
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const result = spawnSync(process.execPath, [tsx, 'src/cli/main.ts', 'serve'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CONVIVIALITE_MODE: 'production',
        PORT: '0',
        DATA_DIR: dataDir,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    rmSync(dataDir, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /Cannot start in production mode: PUBLIC_URL, SMTP_URL, MAIL_FROM/,
    );
  });
});
