/**
 * Generated from the app itself: every non-GET /api route is performed once with a request that
 * succeeds (the catalogue's sample, or its `valid` one), by a role the reviewed table allows, and
 * must leave exactly the audit rows of write-audit.expectations.ts, each following the rules of
 * ADR 0011 (kind, author, organisation, masked fields, the person it is about). Then a role the
 * table refuses (403, French reason) and an invalid request (400) must leave neither data nor
 * audit: the row count of every table is the same before and after.
 * The unknown-key check is issue 8's "Bad input" rule: a key no schema knows is refused with 400
 * naming it, never silently dropped (the write would then go through).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, gt } from 'drizzle-orm';
import { auditLog, people, referrals, users } from '../../src/db/schema.js';
import { classifyField, MASKED } from '../../src/domain/audit/fields.js';
import { ROLES, type Role } from '../../src/domain/permissions/policy.js';
import { pendingRuns } from '../../src/server/planning/service.js';
import { pendingImports } from '../../src/server/imports/job.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { ROUTE_CATALOGUE } from '../helpers/route-catalogue.js';
import { rowCounts } from '../helpers/snapshot.js';
import { createWriteWorld, type WriteWorld } from '../helpers/write-world.js';
import { ROUTE_PERMISSIONS } from './route-permissions.table.js';
import { WRITE_AUDIT, type ExpectedRow } from './write-audit.expectations.js';

let t: TestApp;
let w: WriteWorld;
const clients = new Map<Role, Client>();

beforeAll(async () => {
  t = await createTestApp();
  w = await createWriteWorld(t.services.db, t.fixtures);
});
afterAll(async () => t?.close());

/** Audit rows about a person: their subject must be set. */
const ABOUT_A_PERSON = new Set([
  'person',
  'person_contact',
  'status_change',
  'evaluation',
  'consent',
  'visit',
  'visit_report',
  'alert',
  'assignment',
]);

type Method = 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const methodOf = (key: string) => key.split(' ')[0] as Method;

/**
 * The non-GET routes, read from the app as it is built (not from the catalogue): a write route
 * added tomorrow is walked too, and fails until it has a sample and an expectation.
 */
async function writeRoutes(): Promise<string[]> {
  const probe = await createTestApp();
  try {
    return probe.app.registeredRoutes
      .filter((r) => r.method !== 'GET' && r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
  } finally {
    await probe.close();
  }
}
const keys = await writeRoutes();

async function clientOf(role: Role | 'anonymous', fresh = false): Promise<Client> {
  if (role === 'anonymous') return t.client();
  if (fresh) return t.login(t.fixtures.usersA[role].email);
  if (!clients.has(role)) clients.set(role, await t.login(t.fixtures.usersA[role].email));
  return clients.get(role)!;
}

/** The role that performs the valid request: an administrator when the table allows one. */
function allowedRole(key: string): Role | 'anonymous' {
  const { action, roles } = ROUTE_PERMISSIONS[key]!;
  if (action === 'public') return 'anonymous';
  return roles.includes('admin') ? 'admin' : roles[0]!;
}

async function settle() {
  // Week generations finish in the background; what they write belongs to the request.
  await Promise.allSettled([...pendingRuns]);
  // Imports too: their job writes the records.
  await Promise.allSettled([...pendingImports]);
}

async function lastAuditId(): Promise<number> {
  const rows = await t.services.db.select({ id: auditLog.id }).from(auditLog);
  return rows.reduce((max, r) => Math.max(max, r.id), 0);
}

function describeRows(rows: { action: string; entityType: string; kind: string }[]) {
  return JSON.stringify(rows.map((r) => `${r.kind} ${r.action} ${r.entityType}`));
}

/** Expected rows against the rows written: same (action, entityType, kind), in the counts said. */
function compare(
  expected: readonly ExpectedRow[],
  rows: { action: string; entityType: string; kind: string }[],
) {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const k = `${row.kind} ${row.action} ${row.entityType}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  for (const e of expected) {
    const k = `${e.kind ?? 'write'} ${e.action} ${e.entityType}`;
    const n = seen.get(k) ?? 0;
    seen.delete(k);
    const count = e.count ?? 1;
    if (count === 'one per record' ? n < 1 : n !== count)
      problems.push(`${k}: expected ${count}, found ${n}`);
  }
  for (const [k, n] of seen) problems.push(`${k}: ${n} unexpected row(s)`);
  return problems;
}

describe('the expectations', () => {
  it('name every write route of the app, and no route that is gone', () => {
    expect(keys.length).toBeGreaterThan(20);
    expect(
      keys.filter((key) => !WRITE_AUDIT[key]),
      'write routes missing from write-audit.expectations.ts',
    ).toEqual([]);
    expect(
      Object.keys(WRITE_AUDIT).filter((key) => !keys.includes(key)),
      'stale entries of write-audit.expectations.ts',
    ).toEqual([]);
    expect(
      keys.filter((key) => !ROUTE_PERMISSIONS[key] || !ROUTE_CATALOGUE[key]),
      'write routes without a table entry or a sample',
    ).toEqual([]);
  });
});

describe.each(keys)('%s', (key) => {
  const sample = () => {
    const s = ROUTE_CATALOGUE[key];
    if (!s) throw new Error(`${key} has no sample in tests/helpers/route-catalogue.ts`);
    return s.valid
      ? s.valid(t.fixtures, w)
      : { url: s.url(t.fixtures), body: s.body?.(t.fixtures) };
  };

  it('leaves exactly the audit rows expected, each by the rules', async () => {
    const expected = WRITE_AUDIT[key];
    expect(expected, `${key} is not in write-audit.expectations.ts`).toBeDefined();
    const { url, body } = sample();
    const role = allowedRole(key);
    const client = await clientOf(role, ROUTE_CATALOGUE[key]?.sessionChanging);
    const since = await lastAuditId();
    const response = await client.request(methodOf(key), url, body);
    await settle();
    expect(
      response.status,
      `the valid sample must succeed: ${JSON.stringify(response.body)?.slice(0, 400)}`,
    ).toBeLessThan(300);

    const rows = await t.services.db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, since))
      .orderBy(auditLog.id);
    expect(compare(expected!, rows), `rows written: ${describeRows(rows)}`).toEqual([]);

    // The caller: the signed-in user; for a public route, the user of the organisation it acted on.
    const caller = role === 'anonymous' ? null : t.fixtures.usersA[role];
    const usersOfA = new Set(
      (
        await t.services.db
          .select({ id: users.id })
          .from(users)
          .where(eq(users.organisationId, t.fixtures.orgA.id))
      ).map((u) => u.id),
    );
    const personIds = new Set(
      (
        await t.services.db
          .select({ id: people.id })
          .from(people)
          .where(eq(people.organisationId, t.fixtures.orgA.id))
      ).map((p) => p.id),
    );
    const batches = new Set(rows.map((r) => r.batchId));
    for (const row of rows) {
      const where = `${row.action} ${row.entityType} ${row.entityId}`;
      const rule = expected!.find(
        (e) => e.action === row.action && e.entityType === row.entityType,
      );
      expect(row.kind, where).toBe(rule?.kind ?? 'write');
      if (caller) expect(row.userId, `${where}: author`).toBe(caller.id);
      else if (row.userId === null)
        expect(row.source, `${where}: system work names its source`).toBeTruthy();
      else expect(usersOfA.has(row.userId), `${where}: the user acted on`).toBe(true);
      if (row.kind === 'write' && !rule?.emptyDiff)
        expect(
          Object.keys((row.diff ?? {}) as object),
          `${where}: a write row shows what changed`,
        ).not.toEqual([]);
      expect(row.organisationId, `${where}: organisation`).toBe(t.fixtures.orgA.id);
      expect(row.entityId, `${where}: record`).toBeTruthy();
      for (const [field, values] of Object.entries(
        (row.diff ?? {}) as Record<string, [unknown, unknown]>,
      )) {
        if (classifyField(row.entityType, field) !== 'masked') continue;
        for (const value of values)
          expect([MASKED, null], `${where}: ${field} is masked`).toContain(value);
      }
      let aboutPerson = ABOUT_A_PERSON.has(row.entityType);
      if (row.entityType === 'referral' && row.entityId) {
        const [referral] = await t.services.db
          .select({ personId: referrals.personId })
          .from(referrals)
          .where(eq(referrals.id, row.entityId));
        aboutPerson = Boolean(referral?.personId);
        if (aboutPerson)
          expect(row.subjectId, `${where}: a linked referral names its person`).toBe(
            referral!.personId,
          );
      }
      if (aboutPerson) {
        expect(row.subjectId, `${where}: the person it is about`).toBeTruthy();
        expect(
          personIds.has(row.subjectId!),
          `${where}: subject ${row.subjectId} is a person of the organisation`,
        ).toBe(true);
        if (row.entityType === 'person') expect(row.subjectId, where).toBe(row.entityId);
      }
    }
    // Rows of one import or one planning run share a batch.
    if (expected!.some((e) => e.count !== undefined && e.count !== 1)) {
      expect(batches.size, 'one batch for the rows of one run').toBe(1);
      expect([...batches][0], 'the batch is named').toBeTruthy();
    }
  });

  it('refuses a role the table refuses (403, French reason) and writes nothing', async () => {
    const permission = ROUTE_PERMISSIONS[key];
    expect(permission, `${key} is not in route-permissions.table.ts`).toBeDefined();
    const refused = ROLES.find((role) => !permission!.roles.includes(role));
    if (!refused) {
      // Public and "any signed-in user" routes refuse no role: their refusal is the 401 of the matrix.
      expect(['public', 'authenticated']).toContain(permission!.action);
      return;
    }
    const { url, body } = sample();
    const client = await clientOf(refused);
    const before = await rowCounts(t.services.db);
    const response = await client.request(methodOf(key), url, body);
    await settle();
    expect(response.status, JSON.stringify(response.body)).toBe(403);
    expect(typeof response.body?.message).toBe('string');
    expect(response.body.message).toMatch(/^[A-ZÀ-Ý].*[a-zàâçéèêëîïôûùüÿœ]/);
    expect(await rowCounts(t.services.db)).toEqual(before);
  });

  it('refuses a malformed request (400) and writes nothing', async () => {
    const { url, body } = sample();
    // The body as an array where an object is expected, or else a malformed id in the path.
    const variant = body
      ? { url, body: [] as unknown }
      : key.includes('/:')
        ? { url: url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, 'pas-un-identifiant'), body }
        : null;
    if (!variant) return; // Nothing to garble but unknown keys (next test).
    const client = await clientOf(allowedRole(key), ROUTE_CATALOGUE[key]?.sessionChanging);
    const before = await rowCounts(t.services.db);
    const response = await client.request(methodOf(key), variant.url, variant.body);
    await settle();
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body?.message).toMatch(/[a-zàâçéèêëîïôûùüÿœ]/i);
    expect(await rowCounts(t.services.db)).toEqual(before);
  });

  it('refuses an unknown key (400) and writes nothing', async () => {
    const { url, body } = sample();
    const client = await clientOf(allowedRole(key), ROUTE_CATALOGUE[key]?.sessionChanging);
    const before = await rowCounts(t.services.db);
    // A key no schema knows, on a body or on a route that takes none: refused, never dropped.
    const response = await client.request(methodOf(key), url, {
      ...(body ?? {}),
      champInconnu: 'x',
    });
    await settle();
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body?.message).toMatch(/champInconnu/);
    expect(await rowCounts(t.services.db)).toEqual(before);
  });
});

describe('the audit screen', () => {
  // Runs after every route above has written: each action found in the trail (writes, reads,
  // system work) must have its French label, or the audit screen shows a raw code.
  it('has a French label for every action the trail holds', async () => {
    const { messages } = await import('../../src/web/i18n/fr.js');
    const rows = await t.services.db.selectDistinct({ action: auditLog.action }).from(auditLog);
    expect(rows.length).toBeGreaterThan(20);
    const missing = rows
      .map((r) => r.action)
      .filter((action) => !(`auditAction.${action}` in messages));
    expect(missing).toEqual([]);
  });
});
