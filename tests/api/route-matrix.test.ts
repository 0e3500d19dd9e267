/**
 * Every route × every role against the reviewed table (route-permissions.table.ts), not against
 * the policy the guard itself asks: a changed policy, a route declaring another action or a new
 * route nobody decided on fails here. Anonymous callers get 401; users of organisation A get 404 on
 * a real record of organisation B for every route with an id, and nothing changes; lists never
 * show the other organisation's records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/permissions/policy.js';
import { pendingRuns } from '../../src/server/planning/service.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { ROUTE_CATALOGUE } from '../helpers/route-catalogue.js';
import { fingerprint } from '../helpers/snapshot.js';
import { ROUTE_PERMISSIONS } from './route-permissions.table.js';

let t: TestApp;
const clients = {} as Record<Role, Client>;

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) clients[role] = await t.login(t.fixtures.usersA[role].email);
});
afterAll(async () => t?.close());

const keys = Object.keys(ROUTE_CATALOGUE).sort();
const methodOf = (key: string) => key.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function registeredAccess(key: string) {
  const route = t.app.registeredRoutes.find((r) => `${r.method} ${r.url}` === key);
  if (!route) throw new Error(`${key} is in the catalogue but not registered`);
  return route.access;
}

function expectation(key: string) {
  const expected = ROUTE_PERMISSIONS[key];
  if (!expected)
    throw new Error(
      `${key} is not in tests/api/route-permissions.table.ts: decide who may call it and add it there`,
    );
  return expected;
}

describe('the reviewed table and the catalogue', () => {
  it('name every registered route, and no route that is gone', () => {
    const registered = t.app.registeredRoutes.map((r) => `${r.method} ${r.url}`).sort();
    const table = Object.keys(ROUTE_PERMISSIONS).sort();
    expect(
      registered.filter((key) => !table.includes(key)),
      'routes missing from route-permissions.table.ts',
    ).toEqual([]);
    expect(
      table.filter((key) => !registered.includes(key)),
      'stale entries of route-permissions.table.ts',
    ).toEqual([]);
    expect(
      registered.filter((key) => !keys.includes(key)),
      'routes missing from the catalogue',
    ).toEqual([]);
    expect(
      keys.filter((key) => !registered.includes(key)),
      'stale entries of the catalogue',
    ).toEqual([]);
    expect(registered.length).toBeGreaterThan(20);
  });

  it('gives every route with an id a record of the other organisation', () => {
    const missing = keys.filter((key) => key.includes('/:') && !ROUTE_CATALOGUE[key]!.foreignUrl);
    expect(missing).toEqual([]);
  });
});

describe.each(keys)('%s', (key) => {
  const sample = ROUTE_CATALOGUE[key]!;

  it('declares the access of the reviewed table', () => {
    expect(registeredAccess(key)).toBe(expectation(key).action);
  });

  it('answers 401 to an anonymous caller unless public', async () => {
    const response = await t
      .client()
      .request(methodOf(key), sample.url(t.fixtures), sample.body?.(t.fixtures));
    if (expectation(key).action === 'public') expect(response.status).not.toBe(401);
    else expect(response.status).toBe(401);
  });

  it.each(ROLES)('gives role %s the answer of the table', async (role) => {
    const { action, roles } = expectation(key);
    const method = methodOf(key);
    const client = sample.sessionChanging
      ? await t.login(t.fixtures.usersA[role].email)
      : clients[role];
    const response = await client.request(
      method,
      sample.url(t.fixtures),
      sample.body?.(t.fixtures),
    );
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
    if (!roles.includes(role)) {
      expect(
        response.status,
        `${role} must be refused ${action}: ${JSON.stringify(response.body)}`,
      ).toBe(403);
      expect(response.body.message).toMatch(/rôle/);
      return;
    }
    if (method === 'GET' && action !== 'public') {
      // A read allowed to the role answers with data (the sample targets what the role may see).
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    } else {
      // A write allowed to the role is never refused for its role; it may meet a business rule
      // (409, 400, or 404 once an earlier role merged the record) since roles share the data.
      expect([401, 403], JSON.stringify(response.body)).not.toContain(response.status);
    }
  });

  if (sample.foreignUrl) {
    it('hides the other organisation’s record from every role (404, or 403 for a refused role) and changes nothing', async () => {
      const { roles } = expectation(key);
      // A week generation started by an earlier sample finishes in the background: it must not be
      // counted as a change made by these requests (write-audit.test.ts waits for it likewise).
      await Promise.allSettled([...pendingRuns]);
      const before = await fingerprint(t.services.db);
      for (const role of ROLES) {
        const response = await clients[role].request(
          methodOf(key),
          sample.foreignUrl!(t.fixtures),
          sample.body?.(t.fixtures),
        );
        expect(response.status, `${role}: ${JSON.stringify(response.body)}`).toBe(
          roles.includes(role) ? 404 : 403,
        );
        if (response.status === 404 && response.raw.body) {
          // The answer does not carry the record either.
          const url = sample.foreignUrl!(t.fixtures);
          const ids = url.match(/[0-9a-f]{8}-[0-9a-f-]{27}/g) ?? [];
          for (const id of ids) expect(response.raw.body).not.toContain(id);
        }
      }
      await Promise.allSettled([...pendingRuns]);
      expect(
        await fingerprint(t.services.db),
        'a request on the other organisation’s record changed data or audit',
      ).toEqual(before);
    });
  }

  if (methodOf(key) === 'GET') {
    it('never shows the other organisation’s records', async () => {
      const f = t.fixtures;
      const foreignIds = [
        f.orgB.id,
        f.pB.id,
        f.vB.id,
        f.vB2.id,
        f.refB.id,
        f.invitedB.id,
        f.territoryB.id,
        f.pairB.id,
        f.absenceB.id,
        f.runB.id,
        f.closureB.id,
        f.visitB.id,
        f.alertB.id,
        f.calendarFeedB.id,
        f.evaluationB.id,
        f.consentB.id,
        ...Object.values(f.usersB).map((u) => u.id),
      ];
      for (const role of ROLES) {
        const response = await clients[role].get(sample.url(f));
        const text = response.raw.body;
        for (const id of foreignIds) expect(text, `${role} sees ${id}`).not.toContain(id);
      }
    });
  }
});
