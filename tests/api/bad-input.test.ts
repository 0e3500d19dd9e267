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
      sql.raw(`select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as f from "${name}" t`),
    );
    result[name] = row?.f ?? '';
  }
  return result;
}

const WRONG_VALUES: unknown[] = [12345, 'texte-inattendu', { objet: 'inattendu' }, [1, 2, 3], true, -1];
const OVERSIZED = 'x'.repeat(100_001);

interface Variant {
  name: string;
  url: string;
  body?: unknown;
}

function objectShape(schema: unknown): Record<string, ZodType> | null {
  const candidate = schema as { shape?: Record<string, ZodType>; def?: { in?: unknown; schema?: unknown } } | undefined;
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
    variants.push({ name: 'malformed id', url: url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, 'pas-un-identifiant'), body });
  }
  const query = objectShape(route.schema?.querystring);
  if (query) {
    const base = url.split('?')[0]!;
    for (const [field, schema] of Object.entries(query)) {
      for (const value of ['-1', OVERSIZED.slice(0, 5000), 'valeur-inconnue']) {
        if (!schema.safeParse(value).success) {
          variants.push({ name: `query ${field}=${value.slice(0, 20)}`, url: `${base}?${field}=${encodeURIComponent(value)}` });
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
      if (wrong !== undefined) variants.push({ name: `${field} of the wrong type (${JSON.stringify(wrong)})`, url, body: { ...body, [field]: wrong } });
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
      expect(route.schema?.body ?? route.schema?.querystring ?? route.schema?.params).toBeUndefined();
      return;
    }
    const before = await snapshot();
    for (const variant of variants) {
      const response = await client.request(method, variant.url, variant.body);
      expect(response.status, `${variant.name}: ${JSON.stringify(response.body)?.slice(0, 300)}`).toBe(400);
      expect(response.body.message, variant.name).toMatch(/[a-zàâçéèêëîïôûùüÿœ]/i);
    }
    expect(await snapshot()).toEqual(before);
  });
});
