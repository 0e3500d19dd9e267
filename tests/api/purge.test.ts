/**
 * The purge (expired sessions, used links, old login attempts) goes through the write mechanism:
 * it removes exactly what its rules say and leaves one audit row per rule that removed something,
 * with its source, and no copy of what it removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { auditLog, loginAttempts, sessions } from '../../src/db/schema.js';
import { systemContext } from '../../src/server/http/context.js';
import { purgeExpiredData } from '../../src/server/retention/purge.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('purge of expired data', () => {
  it('removes expired sessions and old login attempts, keeps live ones, and audits each rule', async () => {
    const { db } = t.services;
    const userId = t.fixtures.usersA.viewer.id;
    const past = new Date(Date.now() - 3600_000);
    const future = new Date(Date.now() + 3600_000);
    await db.insert(sessions).values([
      { tokenHash: 'expired-session-hash', userId, csrfToken: 'x', expiresAt: past },
      { tokenHash: 'live-session-hash', userId, csrfToken: 'y', expiresAt: future },
    ]);
    await db.insert(loginAttempts).values([
      {
        email: 'old@example.test',
        ip: '10.0.0.1',
        succeeded: false,
        at: new Date(Date.now() - 91 * 86400_000),
      },
      { email: 'recent@example.test', ip: '10.0.0.1', succeeded: false, at: new Date() },
    ]);

    const results = await purgeExpiredData(
      systemContext(t.services, pino({ level: 'silent' }), 'job:test-purge'),
    );
    expect(results.find((r) => r.what === 'Expired sessions')?.removed).toBeGreaterThanOrEqual(1);

    const left = await db.select({ tokenHash: sessions.tokenHash }).from(sessions);
    expect(left.map((s) => s.tokenHash)).toContain('live-session-hash');
    expect(left.map((s) => s.tokenHash)).not.toContain('expired-session-hash');
    const attempts = await db.select({ email: loginAttempts.email }).from(loginAttempts);
    expect(attempts.map((a) => a.email)).toContain('recent@example.test');
    expect(attempts.map((a) => a.email)).not.toContain('old@example.test');

    const rows = await db.select().from(auditLog).where(eq(auditLog.action, 'retention.purge'));
    expect(rows.map((r) => r.entityId).sort()).toEqual(
      expect.arrayContaining(['login_attempts', 'sessions']),
    );
    for (const row of rows) {
      expect(row.source).toBe('job:test-purge');
      expect(row.userId).toBeNull();
      expect(Object.keys(row.diff as object)).toEqual(['removed']);
    }
    expect(JSON.stringify(rows)).not.toContain('old@example.test');
  });
});
