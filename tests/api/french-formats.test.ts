/**
 * Formats and French (issue 11): validation errors said with the field's French label and a plain
 * sentence, never a technical path; the form of address of people and users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/database.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
});
afterAll(async () => t?.close());

const countPeople = async () =>
  (await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from people`))[0]!.n;

describe('validation errors in plain French', () => {
  it('answers a bad phone on person creation with the field’s French label, no technical path', async () => {
    const before = await countPeople();
    const response = await coordinator.post('/api/people', {
      lastName: 'Durand',
      firstName: 'Odette',
      phones: [{ number: '03 44 91 07 60' }, { number: '12' }],
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(
      /^Données invalides : Téléphone 2 : « 12 » est trop court/,
    );
    expect(response.body.message).not.toMatch(/body\.|phones\.1/);
    expect(response.body.issues).toEqual([
      expect.objectContaining({
        path: 'body.phones.1.number',
        field: 'phones.1.number',
        label: 'Téléphone 2',
        message: expect.stringMatching(/^« 12 » est trop court/),
      }),
    ]);
    expect(await countPeople()).toBe(before);
  });

  it('says what is missing or wrong without type names', async () => {
    const response = await coordinator.post('/api/people', {
      firstName: 'Odette',
      gir: 'deux',
    });
    expect(response.status).toBe(400);
    const byField = Object.fromEntries(
      (response.body.issues as { field: string; label: string; message: string }[]).map((i) => [
        i.field,
        `${i.label} : ${i.message}`,
      ]),
    );
    expect(byField.lastName).toBe('Nom : Ce champ est obligatoire.');
    expect(byField.gir).toBe('GIR : Indiquez un nombre.');
    expect(response.body.message).not.toMatch(/attendu|reçu|chaîne|body\./);
  });
});

describe('the audit trail in words', () => {
  it('says whose file was opened, for a reader who may see the people list', async () => {
    await coordinator.get(`/api/people/${t.fixtures.p1.id}`);
    const admin = await t.login(t.fixtures.usersA.admin.email);
    const answer = await admin.get(
      `/api/audit?action=person.read&entityId=${t.fixtures.p1.id}&pageSize=5`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.items.length).toBeGreaterThan(0);
    expect(answer.body.items[0]).toMatchObject({
      entityType: 'person',
      entityId: t.fixtures.p1.id,
      entityName: 'Hélène Lefèvre',
    });
  });

  it('has a French name for every kind of object the server writes to the trail', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const { messages } = await import('../../src/web/i18n/fr.js');
    const root = fileURLToPath(new URL('../../src/server', import.meta.url));
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = `${dir}/${name}`;
        if (statSync(path).isDirectory()) return sources(path);
        return /\.ts$/.test(name) ? [path] : [];
      });
    const types = new Set<string>();
    for (const path of sources(root))
      for (const match of readFileSync(path, 'utf8').matchAll(/entityType: '([a-z_]+)'/g))
        types.add(match[1]!);
    expect(types.size).toBeGreaterThan(15);
    expect([...types].filter((type) => !(`entity.${type}` in messages))).toEqual([]);
  });
});

describe('form of address', () => {
  it('is recorded on a person and on an account, and refused when it is not one', async () => {
    const created = await coordinator.post('/api/people', {
      lastName: 'Garnier',
      firstName: 'Claire',
      formOfAddress: 'madame',
    });
    expect(created.status).toBe(201);
    const file = await coordinator.get(`/api/people/${created.body.id}`);
    expect(file.body.person?.formOfAddress ?? file.body.formOfAddress).toBe('madame');

    const wrong = await coordinator.post('/api/people', {
      lastName: 'Garnier',
      firstName: 'Paul',
      formOfAddress: 'docteur',
      confirmNotDuplicate: true,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toBe(
      'Données invalides : Civilité : Choisissez Madame, Monsieur ou « non précisé ».',
    );

    const admin = await t.login(t.fixtures.usersA.admin.email);
    const user = t.fixtures.usersA.planner;
    const updated = await admin.patch(`/api/users/${user.id}`, { formOfAddress: 'monsieur' });
    expect(updated.status).toBe(200);
    expect(updated.body.formOfAddress).toBe('monsieur');
    const planner = await t.login(user.email);
    const session = await planner.get('/api/auth/session');
    expect(session.body.user.formOfAddress).toBe('monsieur');
  });
});
