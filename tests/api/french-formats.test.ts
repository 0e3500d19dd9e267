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
    expect(response.body.message).toMatch(/^Données invalides : Téléphone 2 : « 12 » est trop court/);
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
