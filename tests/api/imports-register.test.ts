/**
 * A messy CCAS register through the import (issue 11): required fields, register spellings of
 * communes resolved through the gazetteer, four-digit and wrong postal codes, the blank line,
 * the eligibility rule, the local service from the territories, and "which commune?" asked
 * before the import is accepted and stored with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/database.js';
import { imports, people, territories } from '../../src/db/schema.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { messyRegisterCsv } from '../fixtures/messy-register.js';
import { postImport } from '../helpers/imports.js';

let t: TestApp;
let coordinator: Client;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  // The territory as the service wrote it, the way its routing label reads.
  await t.services.db.insert(territories).values({
    organisationId: t.fixtures.orgA.id,
    localServiceId: t.fixtures.ls1.id,
    postalCode: '60130',
    communeName: 'ST JUST EN CHAUSSEE',
  });
});
afterAll(async () => t?.close());

const request = (bytes: Uint8Array, extra: Record<string, unknown> = {}) => ({
  target: 'people',
  fileName: 'registre-ccas.csv',
  contentBase64: Buffer.from(bytes).toString('base64'),
  mode: 'dry_run',
  ...extra,
});

const peopleCount = async () =>
  (await queryRows<{ n: number }>(t.services.db, sql`select count(*)::int as n from people`))[0]!.n;

interface Problem {
  line: number;
  column: string | null;
  field: string | null;
  message: string;
}

describe('the dry run of a messy register', () => {
  it('reports missing fields, postal codes, blank lines, eligibility, communes and territories', async () => {
    const file = messyRegisterCsv('-dry');
    const before = await peopleCount();
    const response = await postImport(coordinator, request(file.bytes));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const report = response.body;
    expect(report).toMatchObject({
      outcome: 'dry_run',
      encoding: 'windows-1252',
      delimiter: ';',
      totalRows: 10,
      ignoredLines: [6],
    });
    const problems = report.problems as Problem[];
    const warnings = report.warnings as Problem[];

    // Line 8: neither birth date nor age, and no way to reach her: two errors, on their columns.
    expect(problems).toContainEqual(
      expect.objectContaining({ line: 8, column: 'DATE NAISS.', field: 'birthDate' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ line: 8, column: 'TEL', field: 'phones' }),
    );
    // Line 10: 60000 is not Compiègne's postal code.
    expect(problems).toContainEqual(
      expect.objectContaining({
        line: 10,
        column: 'CP',
        message: expect.stringMatching(/« 60000 » n’est pas un code postal de Compiègne.*60200/),
      }),
    );
    expect([...new Set(problems.map((p) => p.line))].sort()).toEqual([10, 8].sort());

    // Line 5: the lost leading zero is said, and read 02100 since the commune confirms it.
    expect(warnings).toContainEqual(
      expect.objectContaining({
        line: 5,
        column: 'CP',
        message: expect.stringMatching(/« 2100 » n’a que 4 chiffres.*02100/),
      }),
    );
    // Line 7: sixteen years old, not eligible, still importable.
    expect(report.notEligibleLines).toEqual([7]);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        line: 7,
        message: expect.stringMatching(/non éligible.*16 ans.*65 ans/),
      }),
    );

    // What each commune was read as, and the local service it gives.
    const communes = report.communes as {
      typed: string;
      status: string;
      name: string | null;
      postalCode: string | null;
      localServiceName: string | null;
      lines: number[];
    }[];
    const read = (typed: string) => communes.find((c) => c.typed === typed);
    expect(read('ST JUST EN CHAUSSEE')).toMatchObject({
      status: 'resolved',
      name: 'Saint-Just-en-Chaussée',
      localServiceName: t.fixtures.ls1.name,
    });
    expect(read('STE GENEVIEVE')).toMatchObject({ name: 'Sainte-Geneviève', postalCode: '60730' });
    expect(read('ST QUENTIN')).toMatchObject({ name: 'Saint-Quentin', postalCode: '02100' });
    expect(read('Saint-Quentin (02)')).toMatchObject({
      name: 'Saint-Quentin',
      postalCode: '02100',
    });
    expect(read('COMPIEGNE')).toMatchObject({
      name: 'Compiègne',
      localServiceName: t.fixtures.ls2.name,
    });
    // Outside every territory: Sainte-Geneviève and Saint-Quentin (twice).
    expect(report.outsideTerritoryLines).toEqual([4, 5, 11]);

    // Thièvres 62760 is two communes: the dry run asks.
    expect(report.communeChoices).toEqual([
      expect.objectContaining({
        typed: 'THIEVRES',
        lines: [9],
        chosen: null,
        candidates: [
          expect.objectContaining({ departmentCode: '62', name: 'Thièvres' }),
          expect.objectContaining({ departmentCode: '80', name: 'Thièvres' }),
        ],
      }),
    ]);
    expect(await peopleCount()).toBe(before);
  });
});

describe('accepting the register', () => {
  it('refuses while a commune is to be chosen, then imports with the choice stored', async () => {
    const file = messyRegisterCsv('-import');
    const before = await peopleCount();
    const refused = await postImport(coordinator, request(file.bytes, { mode: 'valid_only' }));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('commune_choice_required');
    expect(refused.body.message).toMatch(/THIEVRES.*ligne 9/);
    expect(await peopleCount()).toBe(before);

    const dry = await postImport(coordinator, request(file.bytes));
    const choice = dry.body.communeChoices[0] as {
      key: string;
      candidates: { value: string; departmentCode: string }[];
    };
    const somme = choice.candidates.find((c) => c.departmentCode === '80')!.value;
    const communeChoices = { [choice.key]: somme };
    const chosen = await postImport(coordinator, request(file.bytes, { communeChoices }));
    expect(chosen.body.communeChoices[0].chosen).toBe(somme);
    expect(chosen.body.communes).toContainEqual(
      expect.objectContaining({ typed: 'THIEVRES', status: 'chosen', departmentCode: '80' }),
    );

    const response = await postImport(
      coordinator,
      request(file.bytes, { mode: 'valid_only', communeChoices }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.outcome).toBe('imported');
    expect(response.body.created).toBe(8);
    const [run] = await t.services.db
      .select({ choices: imports.communeChoices })
      .from(imports)
      .where(eq(imports.id, (response as { started: { importId: string } }).started.importId));
    expect(run!.choices).toEqual(communeChoices);

    const rows = await t.services.db
      .select()
      .from(people)
      .where(
        inArray(
          people.lastName,
          ['DUPONT', 'LEROY', 'ROUSSEL', 'GIRARD', 'MARCHAND', 'BLANC'].map((n) => `${n}-import`),
        ),
      );
    const byName = (name: string) => rows.find((p) => p.lastName === `${name}-import`)!;
    // Stored under its official name, with the local service of its territory.
    expect(byName('LEROY')).toMatchObject({
      communeName: 'Saint-Just-en-Chaussée',
      postalCode: '60130',
      localServiceId: t.fixtures.ls1.id,
      locationStatus: 'located',
    });
    expect(byName('DUPONT')).toMatchObject({
      communeName: 'Compiègne',
      localServiceId: t.fixtures.ls2.id,
    });
    expect(byName('ROUSSEL')).toMatchObject({ communeName: 'Saint-Quentin', postalCode: '02100' });
    expect(byName('GIRARD').localServiceId).toBeNull();
    // The age is kept readable, since no field stores an age.
    expect(byName('MARCHAND').practicalNotes).toMatch(/Âge indiqué.*84 ans/);
  });
});
