/**
 * Generated from the registered routes: every route × every role gets the answer the policy
 * says; anonymous callers get 401; users of one organisation get 404 on every resource of the
 * other; lists never show the other organisation's records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Action, type Role } from '../../src/domain/permissions/policy.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { ROUTE_CATALOGUE } from '../helpers/route-catalogue.js';

let t: TestApp;
const clients = {} as Record<Role, Client>;

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) clients[role] = await t.login(t.fixtures.usersA[role].email);
});
afterAll(async () => t?.close());

const keys = Object.keys(ROUTE_CATALOGUE).sort();
const methodOf = (key: string) => key.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function accessOf(key: string) {
  const [method, url] = key.split(' ');
  const route = t.app.registeredRoutes.find((r) => r.method === method && r.url === url);
  if (!route) throw new Error(`${key} is in the catalogue but not registered`);
  return route.access;
}

function actorOf(role: Role) {
  const user = t.fixtures.usersA[role];
  return { id: user.id, organisationId: user.organisationId, localServiceId: user.localServiceId, roles: [role], visitorId: user.visitorId };
}

describe('route catalogue', () => {
  it('has a sample for every registered route, and no stale entry', () => {
    const registered = t.app.registeredRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered.filter((key) => !keys.includes(key))).toEqual([]);
    expect(keys.filter((key) => !registered.includes(key))).toEqual([]);
    expect(registered.length).toBeGreaterThan(20);
  });
});

describe.each(keys)('%s', (key) => {
  const sample = ROUTE_CATALOGUE[key]!;

  it('answers 401 to an anonymous caller unless public', async () => {
    const access = accessOf(key);
    const response = await t.client().request(methodOf(key), sample.url(t.fixtures), sample.body?.(t.fixtures));
    if (access === 'public') expect(response.status).not.toBe(401);
    else expect(response.status).toBe(401);
  });

  it.each(ROLES)('gives role %s the answer of the policy', async (role) => {
    const access = accessOf(key);
    const method = methodOf(key);
    const client = sample.sessionChanging ? await t.login(t.fixtures.usersA[role].email) : clients[role];
    const response = await client.request(method, sample.url(t.fixtures), sample.body?.(t.fixtures));
    expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
    if (access === 'public' || access === 'authenticated') {
      expect(response.status).not.toBe(403);
      expect(response.status).not.toBe(401);
      return;
    }
    const allowed = can(actorOf(role), access as Action).allowed;
    if (!allowed) {
      expect(response.status, `${role} must be refused ${access}`).toBe(403);
      expect(response.body.message).toMatch(/rôle/);
      return;
    }
    if (method === 'GET') {
      // A read allowed to the role answers with data (the sample targets what the role may see).
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    } else {
      // A write allowed to the role is never refused for its role; it may meet a business rule
      // (409, 400, or 404 once an earlier role merged the record) since roles share the data.
      expect([401, 403]).not.toContain(response.status);
    }
  });

  if (sample.foreignUrl) {
    it.each(ROLES)('hides the other organisation’s resource from role %s (404)', async (role) => {
      const access = accessOf(key) as Action;
      const response = await clients[role].request(methodOf(key), sample.foreignUrl!(t.fixtures), sample.body?.(t.fixtures));
      const allowed = can(actorOf(role), access).allowed;
      expect(response.status, JSON.stringify(response.body)).toBe(allowed ? 404 : 403);
    });
  }

  if (methodOf(key) === 'GET') {
    it('never shows the other organisation’s records', async () => {
      const f = t.fixtures;
      const foreignIds = [f.orgB.id, f.pB.id, f.vB.id, f.refB.id, f.invitedB.id, f.territoryB.id, ...Object.values(f.usersB).map((u) => u.id)];
      for (const role of ROLES) {
        const response = await clients[role].get(sample.url(f));
        const text = response.raw.body;
        for (const id of foreignIds) expect(text, `${role} sees ${id}`).not.toContain(id);
      }
    });
  }
});
