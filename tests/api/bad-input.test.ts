/**
 * Garbage to every route, generated from its own Zod schemas: wrong types, missing required
 * fields, oversized strings, unknown enum values, malformed ids and bodies. Each must answer 400
 * with a French message, and the database must not change at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ZodType } from 'zod';
import { queryRows } from '../../src/db/database.js';
import { rolesFor, type Action, type Role } from '../../src/domain/permissions/policy.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { ROUTE_CATALOGUE } from '../helpers/route-catalogue.js';

let t: TestApp;
let admin: Client;
const byRole = new Map<Role, Client>();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login(t.fixtures.usersA.admin.email);
});

/** The administrator, or for a route no administrator may call (a visitor's own day), a role that may. */
async function clientFor(access: string): Promise<Client> {
  if (access === 'public') return t.client();
  if (access === 'authenticated' || rolesFor(access as Action).includes('admin')) return admin;
  const role = rolesFor(access as Action)[0]!;
  if (!byRole.has(role)) byRole.set(role, await t.login(t.fixtures.usersA[role].email));
  return byRole.get(role)!;
}
afterAll(async () => t?.close());

/** A fingerprint of every table's content. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await queryRows<{ table_name: string }>(
    t.services.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const result: Record<string, string> = {};
  for (const { table_name: name } of tables) {
    const [row] = await queryRows<{ f: string }>(
      t.services.db,
      sql.raw(
        `select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as f from "${name}" t`,
      ),
    );
    result[name] = row?.f ?? '';
  }
  return result;
}

const WRONG_VALUES: unknown[] = [
  12345,
  'texte-inattendu',
  { objet: 'inattendu' },
  [1, 2, 3],
  true,
  -1,
];
const OVERSIZED = 'x'.repeat(100_001);

interface Variant {
  name: string;
  url: string;
  body?: unknown;
}

function objectShape(schema: unknown): Record<string, ZodType> | null {
  const candidate = schema as
    { shape?: Record<string, ZodType>; def?: { in?: unknown; schema?: unknown } } | undefined;
  if (!candidate) return null;
  if (candidate.shape) return candidate.shape;
  // Unwrap refinements and pipes to find the object underneath.
  if (candidate.def?.in) return objectShape(candidate.def.in);
  if (candidate.def?.schema) return objectShape(candidate.def.schema);
  return null;
}

function variantsFor(key: string): Variant[] {
  const [method, path] = key.split(' ') as [string, string];
  const sample = ROUTE_CATALOGUE[key]!;
  const route = t.app.registeredRoutes.find((r) => r.method === method && r.url === path)!;
  const url = sample.url(t.fixtures);
  const body = sample.body?.(t.fixtures);
  const variants: Variant[] = [];

  if (path.includes(':')) {
    variants.push({
      name: 'malformed id',
      url: url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, 'pas-un-identifiant'),
      body,
    });
  }
  const query = objectShape(route.schema?.querystring);
  if (query) {
    const base = url.split('?')[0]!;
    for (const [field, schema] of Object.entries(query)) {
      for (const value of ['-1', OVERSIZED.slice(0, 5000), 'valeur-inconnue']) {
        if (!schema.safeParse(value).success) {
          variants.push({
            name: `query ${field}=${value.slice(0, 20)}`,
            url: `${base}?${field}=${encodeURIComponent(value)}`,
          });
          break;
        }
      }
    }
  }
  const shape = objectShape(route.schema?.body);
  if (shape && body) {
    variants.push({ name: 'body is an array', url, body: [] });
    for (const [field, schema] of Object.entries(shape)) {
      const wrong = WRONG_VALUES.find((value) => !schema.safeParse(value).success);
      if (wrong !== undefined)
        variants.push({
          name: `${field} of the wrong type (${JSON.stringify(wrong)})`,
          url,
          body: { ...body, [field]: wrong },
        });
      if (!schema.safeParse(OVERSIZED).success) {
        variants.push({ name: `${field} oversized`, url, body: { ...body, [field]: OVERSIZED } });
      }
      if (!schema.safeParse(undefined).success) {
        const { [field]: _removed, ...rest } = body;
        variants.push({ name: `${field} missing`, url, body: rest });
      }
    }
  }
  return variants;
}

const keys = Object.keys(ROUTE_CATALOGUE).sort();

describe.each(keys)('%s', (key) => {
  it('refuses garbage with a 400 and a French message, and changes nothing', async () => {
    const variants = variantsFor(key);
    const method = key.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    const route = t.app.registeredRoutes.find((r) => `${r.method} ${r.url}` === key)!;
    const client = await clientFor(route.access);
    if (variants.length === 0) {
      // Routes without any input (session, logout, demo accounts) have nothing to garble.
      expect(
        route.schema?.body ?? route.schema?.querystring ?? route.schema?.params,
      ).toBeUndefined();
      return;
    }
    const before = await snapshot();
    for (const variant of variants) {
      const response = await client.request(method, variant.url, variant.body);
      expect(
        response.status,
        `${variant.name}: ${JSON.stringify(response.body)?.slice(0, 300)}`,
      ).toBe(400);
      expect(response.body.message, variant.name).toMatch(/[a-zàâçéèêëîïôûùüÿœ]/i);
    }
    expect(await snapshot()).toEqual(before);
  });
});

/** The number of rows of every table, audit_log included. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await queryRows<{ table_name: string }>(
    t.services.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: name } of tables) {
    const [row] = await queryRows<{ n: number }>(
      t.services.db,
      sql.raw(`select count(*)::int as n from "${name}"`),
    );
    counts[name] = Number(row?.n ?? 0);
  }
  return counts;
}

/** The sample body with a null byte in its first string (depth first), or null when it has none. */
function withNullByte(value: unknown): unknown {
  if (typeof value === 'string') return `a\u0000${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const changed = withNullByte(value[i]);
      if (changed !== null) return value.map((v, j) => (j === i ? changed : v));
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const changed = withNullByte(child);
      if (changed !== null) return { ...value, [key]: changed };
    }
  }
  return null;
}

/** Bad input generated from the routes the app registered (not a hand-kept list). */
describe('every registered route', () => {
  type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  interface Case {
    key: string;
    method: Method;
    url: string;
    body?: unknown;
    client: Client;
    hasBody: boolean;
  }
  let cases: Case[] = [];

  beforeAll(async () => {
    // Every client signs in before the counts are taken: a sign-in writes a session.
    cases = [];
    for (const route of t.app.registeredRoutes) {
      const key = `${route.method} ${route.url}`;
      const sample = ROUTE_CATALOGUE[key];
      if (!sample) throw new Error(`${key} has no sample in tests/helpers/route-catalogue.ts`);
      cases.push({
        key,
        method: route.method as Method,
        url: sample.url(t.fixtures),
        body: sample.body?.(t.fixtures),
        client: await clientFor(route.access),
        hasBody: route.schema?.body !== undefined,
      });
    }
  });

  /** Sends each request, expects a 400 with a French message matching `expected`, and no row written anywhere. */
  async function expectRefusals(
    requests: { key: string; method: Method; url: string; body?: unknown; client: Client }[],
    expected: (key: string) => RegExp,
  ) {
    expect(requests.length).toBeGreaterThan(0);
    const before = await rowCounts();
    const wrong: string[] = [];
    for (const r of requests) {
      const response = await r.client.request(r.method, r.url, r.body);
      const message = String(response.body?.message ?? '');
      if (response.status !== 400 || !expected(r.key).test(message))
        wrong.push(`${r.key} → ${response.status} ${message.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  }

  it('refuses an unknown key in the body of every route that takes one, naming it, and writes nothing', async () => {
    const requests = cases
      .filter((c) => c.hasBody)
      .map((c) => ({ ...c, body: { ...(c.body as object), champInconnu: 'x' } }));
    await expectRefusals(requests, () => /Champ inconnu : body\.champInconnu/);
  });

  it('refuses a null byte in a query or body string of every route with a 400, never a 500, and writes nothing', async () => {
    const requests = cases.flatMap((c) => {
      const [path, search] = c.url.split('?') as [string, string | undefined];
      const params = new URLSearchParams(search ?? '');
      const field = [...params.keys()].find((k) => Number.isNaN(Number(params.get(k)))) ?? 'q';
      params.set(field, `a\u0000${params.get(field) ?? ''}`);
      const inQuery = { ...c, url: `${path}?${params.toString()}` };
      const body = c.hasBody ? withNullByte(c.body) : null;
      return body === null ? [inQuery] : [inQuery, { ...c, body }];
    });
    await expectRefusals(requests, () => /caractère nul/);
  });

  it('refuses a non-empty body sent to every route that takes none, and writes nothing', async () => {
    const requests = cases
      .filter((c) => !c.hasBody)
      .map((c) => ({ ...c, body: { champInconnu: 'x' } }));
    // The keys are named where the body is read (Fastify does not parse one on GET: refused unread).
    await expectRefusals(requests, (key) =>
      key.startsWith('GET ')
        ? /n’accepte pas de données/
        : /n’accepte pas de données.*champInconnu/,
    );
  });

  it('refuses an unknown key at any depth: in a nested object and in an array of objects', async () => {
    const before = await rowCounts();
    const nested = await admin.request('PATCH', '/api/organisation/settings', {
      eligibility: { minimumAge: 65, seuil: 3 },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.message).toContain('Champ inconnu : body.eligibility.seuil');
    expect(nested.body.issues).toContainEqual({
      path: 'body.eligibility.seuil',
      field: 'eligibility.seuil',
      label: 'Champ « seuil »',
      message: 'Champ inconnu : body.eligibility.seuil',
    });
    const inArray = await admin.request('POST', '/api/people', {
      lastName: 'Inconnu',
      firstName: 'Test',
      phones: [{ number: '06 11 22 33 44', poste: '12' }],
    });
    expect(inArray.status).toBe(400);
    expect(inArray.body.message).toContain('Champ inconnu : body.phones.0.poste');
    expect(await rowCounts()).toEqual(before);
  });

  it('accepts the empty object the web client sends with an action that takes no body', async () => {
    // No such closure: the answer is the route's own (404), not a refusal of the body.
    const response = await admin.request(
      'DELETE',
      '/api/planning/closures/00000000-0000-4000-8000-000000000000',
      {},
    );
    expect(response.status).toBe(404);
    const none = await admin.request(
      'DELETE',
      '/api/planning/closures/00000000-0000-4000-8000-000000000000',
    );
    expect(none.status).toBe(404);
  });

  it('refuses a null byte in a path parameter that is free text', async () => {
    const response = await t.client().request('GET', '/api/ical/a%00b.ics');
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/caractère nul/);
  });
});
