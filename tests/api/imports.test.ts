/**
 * Importing people and visitors through the API: dry run, all-or-nothing, valid rows only,
 * re-import without duplicates, XLSX, visitors, and who may do it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { queryRows } from '../../src/db/database.js';
import { auditLog, imports, people, statusChanges, visitors } from '../../src/db/schema.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { messyPeopleCsv } from '../fixtures/messy-people.js';
import { postImport } from '../helpers/imports.js';

let t: TestApp;
let coordinator: Client;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  admin = await t.login(t.fixtures.usersA.admin.email);
});
afterAll(async () => t?.close());

interface Counts {
  people: number;
  status_changes: number;
  audit_log: number;
  imports: number;
  visitors: number;
}

async function counts(): Promise<Counts> {
  const [row] = await queryRows<Counts>(
    t.services.db,
    sql`select (select count(*) from people)::int as people, (select count(*) from status_changes)::int as status_changes,
               (select count(*) from audit_log)::int as audit_log, (select count(*) from imports)::int as imports,
               (select count(*) from visitors)::int as visitors`,
  );
  return row!;
}

const request = (bytes: Uint8Array, extra: Record<string, unknown> = {}) => ({
  target: 'people',
  fileName: 'beneficiaires.csv',
  contentBase64: Buffer.from(bytes).toString('base64'),
  mode: 'dry_run',
  ...extra,
});

const csv1252 = (lines: string[]) => iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1252');

describe('POST /api/imports, dry run', () => {
  it('lists the problems by line and column, counts what would be created, and writes nothing', async () => {
    const file = messyPeopleCsv('-essai');
    const before = await counts();
    const response = await postImport(
      coordinator,
      request(file.bytes, { fileName: file.fileName }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const report = response.body;
    expect(report).toMatchObject({
      outcome: 'dry_run',
      importId: null,
      encoding: 'windows-1252',
      encodingLabel: 'Windows-1252 (ANSI)',
      delimiter: ';',
      headerLine: file.expected.headerLine,
      totalRows: file.expected.totalRows,
      validRows: file.expected.validRows,
      rejectedRows: file.expected.problemLines.length,
      wouldCreate: file.expected.validRows,
      alreadyPresent: 0,
      created: 0,
    });
    expect(report.headers).toContain('Né(e) le');
    expect(report.ignoredColumns).toEqual([file.expected.ignoredColumn]);
    expect(report.mapping).toMatchObject({
      lastName: 0,
      firstName: 1,
      birthDate: 3,
      phones: [7, 8],
    });
    expect([...new Set(report.problems.map((p: { line: number }) => p.line))]).toEqual(
      file.expected.problemLines,
    );
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        line: 5,
        column: 'Né(e) le',
        field: 'birthDate',
        value: '31/02/1940',
        message: file.expected.sampleMessage,
      }),
    );
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        line: 6,
        column: 'Tél. domicile',
        field: 'phones',
        value: '06 12 34',
      }),
    );
    expect(report.problems).toContainEqual(
      expect.objectContaining({ line: 9, column: 'Prénom', field: 'firstName' }),
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a file without a "Nom" column as a whole, with a clear message', async () => {
    const before = await counts();
    const response = await postImport(
      coordinator,
      request(csv1252(['Prénom;Né(e) le;Ville', 'Hélène;12/03/1938;Beauvais']), {
        mode: 'valid_only',
      }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('missing_columns');
    expect(response.body.message).toMatch(
      /^Le fichier ne peut pas être importé : il manque la colonne « Nom »\. Colonnes trouvées : « Prénom », « Né\(e\) le », « Ville »/,
    );
    expect(await counts()).toEqual(before);
  });

  it('answers 400 in French to unreadable content, an unknown mapping field or sheet', async () => {
    const bad = await postImport(coordinator, {
      ...request(new Uint8Array()),
      contentBase64: 'ceci n’est pas du base64 !',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/base64/);
    const mapping = await postImport(
      coordinator,
      request(csv1252(['Nom;Prénom', 'Dupont;Marie']), { mapping: { shoeSize: 'Nom' } }),
    );
    expect(mapping.status).toBe(400);
    expect(mapping.body.message).toMatch(/le champ « shoeSize » n’existe pas/);
    const tooLarge = await postImport(coordinator, request(new Uint8Array(10 * 1024 * 1024 + 10)));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.message).toMatch(/10 Mo au maximum/);
  });
});

describe('POST /api/imports, valid rows only', () => {
  const file = messyPeopleCsv('-valides');
  let report: any;
  let before: Counts;

  beforeAll(async () => {
    before = await counts();
    const response = await postImport(
      coordinator,
      request(file.bytes, { fileName: file.fileName, mode: 'valid_only' }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    report = response.body;
  });

  it('imports the valid rows and reports the others', async () => {
    expect(report).toMatchObject({
      outcome: 'imported',
      created: file.expected.validRows,
      alreadyPresent: 0,
      skipped: file.expected.problemLines.length,
    });
    expect(report.importId).toMatch(/^[0-9a-f-]{36}$/);
    const after = await counts();
    expect(after.people - before.people).toBe(file.expected.validRows);
    expect(after.status_changes - before.status_changes).toBe(file.expected.validRows);
    // One audit row per created person, plus the import's start and end.
    expect(after.audit_log - before.audit_log).toBe(file.expected.validRows + 2);
    expect(after.imports - before.imports).toBe(1);
  });

  it('creates people like the API does: status "referred", located or flagged to locate, an import key', async () => {
    const rows = await t.services.db
      .select()
      .from(people)
      .where(
        and(
          eq(people.organisationId, t.fixtures.orgA.id),
          inArray(people.lastName, file.expected.validLastNames),
        ),
      );
    expect(rows.map((r) => r.lastName).sort()).toEqual([...file.expected.validLastNames].sort());
    const lefebvre = rows.find((r) => r.lastName.startsWith('LEFEBVRE'))!;
    expect(lefebvre).toMatchObject({
      firstName: 'Simone',
      birthName: 'MARTIN',
      birthDate: '1938-03-12',
      postalCode: '60000',
      email: 'simone.lefebvre@exemple.fr',
      livesAlone: true,
      apa: true,
      gir: 4,
      teleAssistance: true,
      interests: ['tricot', 'lecture', 'mots croisés'],
      referralSource: 'CCAS de Beauvais',
      locationStatus: 'located',
    });
    expect(lefebvre.phones).toEqual([
      { number: '+33344451234', label: 'Fixe' },
      { number: '+33612345678', label: 'Portable' },
    ]);
    expect(lefebvre.importKey).toMatch(/^[0-9a-f]{64}$/);
    const mercier = rows.find((r) => r.lastName.startsWith('Mercier'))!;
    expect(mercier.locationStatus).toBe('to_locate');
    expect(mercier.locationNote).toBeTruthy();
    const history = await t.services.db
      .select()
      .from(statusChanges)
      .where(
        inArray(
          statusChanges.personId,
          rows.map((r) => r.id),
        ),
      );
    expect(history.map((h) => h.toStatus)).toEqual(rows.map(() => 'referred'));
    expect(history.every((h) => h.changedBy === t.fixtures.usersA.coordinator.id)).toBe(true);
    const audits = await t.services.db
      .select()
      .from(auditLog)
      .where(
        inArray(
          auditLog.entityId,
          rows.map((r) => r.id),
        ),
      );
    expect(audits.map((a) => a.action)).toEqual(rows.map(() => 'person.create'));
    expect(
      audits.every(
        (a) =>
          a.userId === t.fixtures.usersA.coordinator.id && a.organisationId === t.fixtures.orgA.id,
      ),
    ).toBe(true);
  });

  it('records the run in the imports table and the audit trail', async () => {
    const [run] = await t.services.db.select().from(imports).where(eq(imports.id, report.importId));
    expect(run).toMatchObject({
      organisationId: t.fixtures.orgA.id,
      userId: t.fixtures.usersA.coordinator.id,
      target: 'people',
      fileName: file.fileName,
      mode: 'valid_only',
      created: file.expected.validRows,
      skipped: 0,
      rejected: file.expected.problemLines.length,
    });
    expect(run!.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    const [audit] = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import.run'), eq(auditLog.entityId, report.importId)));
    expect(audit).toMatchObject({ entityType: 'import', userId: t.fixtures.usersA.coordinator.id });
  });

  it('lists the run in the organisation’s history', async () => {
    const response = await coordinator.get('/api/imports');
    expect(response.status).toBe(200);
    expect(response.body.items[0]).toMatchObject({
      id: report.importId,
      fileName: file.fileName,
      created: file.expected.validRows,
      userName: 'coordinator test',
    });
  });

  it('creates nothing when the same file is imported again', async () => {
    const beforeAgain = await counts();
    const dry = await postImport(coordinator, request(file.bytes, { fileName: file.fileName }));
    expect(dry.body).toMatchObject({ wouldCreate: 0, alreadyPresent: file.expected.validRows });
    const again = await postImport(
      coordinator,
      request(file.bytes, { fileName: file.fileName, mode: 'valid_only' }),
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      outcome: 'imported',
      created: 0,
      alreadyPresent: file.expected.validRows,
    });
    const after = await counts();
    expect(after.people).toBe(beforeAgain.people);
    expect(after.status_changes).toBe(beforeAgain.status_changes);
    // Only the run itself is recorded (its start and its end).
    expect(after.imports - beforeAgain.imports).toBe(1);
    expect(after.audit_log - beforeAgain.audit_log).toBe(2);
  });

  it('recognises a person already entered by hand (same names and birth date)', async () => {
    // Hélène Lefèvre, born 1940-03-12, is in the fixtures.
    const bytes = csv1252([
      'Nom;Prénom;Date de naissance;Téléphone',
      'LEFEVRE;Helene;12/03/1940;03 44 45 12 34',
      `Nouvelle${Date.now()};Rose;01/01/1939;03 44 45 12 35`,
    ]);
    const response = await postImport(coordinator, request(bytes, { mode: 'dry_run' }));
    expect(response.body).toMatchObject({
      validRows: 2,
      alreadyPresent: 1,
      wouldCreate: 1,
      alreadyPresentLines: [2],
    });
  });
});

describe('POST /api/imports, all or nothing', () => {
  it('refuses the whole file when one row is bad, and writes nothing', async () => {
    const file = messyPeopleCsv('-tout');
    const before = await counts();
    const response = await postImport(
      coordinator,
      request(file.bytes, { fileName: file.fileName, mode: 'all' }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('import_has_problems');
    expect(response.body.message).toMatch(
      /^Import refusé : \d+ problèmes sur 4 lignes\. Rien n’a été enregistré\./,
    );
    expect(response.body).toMatchObject({
      outcome: 'refused',
      created: 0,
      totalRows: file.expected.totalRows,
    });
    expect(response.body.problems).toContainEqual(
      expect.objectContaining({ message: file.expected.sampleMessage }),
    );
    expect(await counts()).toEqual(before);
  });

  it('imports every row of a clean file in one go', async () => {
    const suffix = Date.now().toString(36);
    const bytes = csv1252([
      'Nom;Prénom;Né(e) le;CP;Ville;Portable',
      `Garnier${suffix};Odette;02/05/1935;60200;Compiègne;07 81 23 45 67`,
      `Blanc${suffix};Roger;14 juillet 1936;60000;Beauvais;06 12 34 56 78`,
    ]);
    const before = await counts();
    const response = await postImport(admin, request(bytes, { mode: 'all' }));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ outcome: 'imported', created: 2, problems: [] });
    const after = await counts();
    expect(after.people - before.people).toBe(2);
    expect(after.audit_log - before.audit_log).toBe(4);
  });
});

describe('POST /api/imports, XLSX and visitors', () => {
  it('imports an Excel workbook, dates and postal codes from the cells', async () => {
    const suffix = Date.now().toString(36);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['Rien ici']);
    const sheet = workbook.addWorksheet('Bénéficiaires');
    sheet.addRow(['NOM', 'Prénom', 'Date de naissance', 'CP', 'Commune', 'Téléphone', 'GIR']);
    sheet.addRow([
      `Roussel${suffix}`,
      'Annie',
      new Date(Date.UTC(1937, 10, 21)),
      60000,
      'Beauvais',
      '03 44 45 12 34',
      'GIR 5',
    ]);
    sheet.addRow([`Perrin${suffix}`, 'Louis', '08/09/1933', 60200, 'Compiègne', 612345678, 3]);
    sheet.getCell('C2').numFmt = 'dd/mm/yyyy';
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const response = await postImport(
      coordinator,
      request(bytes, { fileName: 'beneficiaires.xlsx', mode: 'all', sheet: 'Bénéficiaires' }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      format: 'xlsx',
      sheet: 'Bénéficiaires',
      sheets: ['Notes', 'Bénéficiaires'],
      encoding: null,
      created: 2,
    });
    const rows = await t.services.db
      .select()
      .from(people)
      .where(inArray(people.lastName, [`Roussel${suffix}`, `Perrin${suffix}`]));
    const byName = Object.fromEntries(rows.map((r) => [r.firstName, r]));
    expect(byName.Annie).toMatchObject({ birthDate: '1937-11-21', postalCode: '60000', gir: 5 });
    expect(byName.Louis).toMatchObject({
      birthDate: '1933-09-08',
      gir: 3,
      phones: [{ number: '+33612345678', label: null }],
    });
  });

  it('imports visitors with the visitors schema', async () => {
    const suffix = Date.now().toString(36);
    const bytes = csv1252([
      'Nom;Prénom;Statut;Mobilité;Temps de trajet max;Tél;E-mail;Charte signée le;CP;Ville',
      `Lemoine${suffix};Sarah;Bénévole;Voiture;45 min;06 12 34 56 78;sarah.${suffix}@exemple.fr;15/01/2024;60000;Beauvais`,
      `Faure${suffix};Karim;Service civique;bus;;;;;60200;Compiègne`,
      `Colin${suffix};Léa;Stagiaire;vélo;;;;;;`,
    ]);
    const before = await counts();
    const response = await postImport(
      coordinator,
      request(bytes, { target: 'visitors', fileName: 'visiteurs.csv', mode: 'valid_only' }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      target: 'visitors',
      created: 2,
      validRows: 2,
      rejectedRows: 1,
    });
    expect(response.body.problems[0].message).toMatch(
      /^Ligne 4, colonne « Statut » : « Stagiaire » n’est pas un type de visiteur/,
    );
    const after = await counts();
    expect(after.visitors - before.visitors).toBe(2);
    expect(after.people).toBe(before.people);
    const rows = await t.services.db
      .select()
      .from(visitors)
      .where(eq(visitors.organisationId, t.fixtures.orgA.id));
    const sarah = rows.find((v) => v.lastName === `Lemoine${suffix}`)!;
    expect(sarah).toMatchObject({
      kind: 'volunteer',
      mobility: 'car',
      maxTripMinutes: 45,
      phone: '+33612345678',
      charterSignedOn: '2024-01-15',
    });
    const karim = rows.find((v) => v.lastName === `Faure${suffix}`)!;
    expect(karim).toMatchObject({
      kind: 'civic_service',
      mobility: 'public_transport',
      maxTripMinutes: 30,
    });
    const audits = await t.services.db
      .select()
      .from(auditLog)
      .where(inArray(auditLog.entityId, [sarah.id, karim.id]));
    expect(audits.map((a) => a.action)).toEqual(['visitor.create', 'visitor.create']);
    // Again: nothing new.
    const again = await postImport(
      coordinator,
      request(bytes, { target: 'visitors', mode: 'valid_only' }),
    );
    expect(again.body).toMatchObject({ created: 0, alreadyPresent: 2 });
  });
});

describe('POST /api/imports, visitors already entered by hand', () => {
  it('recognises them by names and e-mail, or names and phone', async () => {
    const suffix = Date.now().toString(36);
    await t.services.db.insert(visitors).values([
      {
        organisationId: t.fixtures.orgA.id,
        kind: 'volunteer',
        lastName: `Lebrun${suffix}`,
        firstName: 'Élise',
        email: `Elise.${suffix}@Exemple.fr`,
        mobility: 'car',
        maxTripMinutes: 30,
      },
      {
        organisationId: t.fixtures.orgA.id,
        kind: 'volunteer',
        lastName: `Roche${suffix}`,
        firstName: 'Yves',
        phone: '+33698765432',
        mobility: 'foot',
        maxTripMinutes: 20,
      },
    ]);
    const bytes = csv1252([
      'Nom;Prénom;Type;Mobilité;E-mail;Téléphone',
      `LEBRUN${suffix};Elise;Bénévole;voiture;elise.${suffix}@exemple.fr;`,
      `Roche${suffix};Yves;Bénévole;à pied;;06 98 76 54 32`,
      `Roche${suffix};Yves;Bénévole;à pied;;06 11 22 33 44`,
    ]);
    const response = await postImport(coordinator, request(bytes, { target: 'visitors' }));
    expect(response.body).toMatchObject({
      validRows: 3,
      alreadyPresent: 2,
      wouldCreate: 1,
      alreadyPresentLines: [2, 3],
    });
  });
});

describe('who may import', () => {
  // A person needs a birth date (or an age) and a phone (or an address).
  const small = () =>
    csv1252(['Nom;Prénom;Né(e) le;Tél', `Test${Date.now()};Anne;01/02/1940;0344451234`]);

  it('refuses planners, visitors, operators, partners and viewers (403), anonymous callers (401)', async () => {
    const roles = ['planner', 'visitor', 'operator', 'partner', 'viewer'] as const;
    // Signed in first: a sign-in leaves its own audit row.
    const clients = await Promise.all(roles.map((role) => t.login(t.fixtures.usersA[role].email)));
    const before = await counts();
    for (const [index, role] of roles.entries()) {
      const client = clients[index]!;
      const post = await postImport(client, request(small(), { mode: 'valid_only' }));
      expect(post.status, role).toBe(403);
      expect(post.body.message).toMatch(/rôle/);
      expect((await client.get('/api/imports')).status, role).toBe(403);
    }
    expect((await t.client().post('/api/imports', request(small()))).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('imports into the user’s own organisation only, and shows only its history', async () => {
    const coordinatorB = await t.login(t.fixtures.usersB.coordinator.email);
    const name = `AutreOrg${Date.now()}`;
    const response = await postImport(
      coordinatorB,
      request(csv1252(['Nom;Prénom;Né(e) le;Tél', `${name};Anne;01/02/1940;0344451234`]), {
        mode: 'valid_only',
      }),
    );
    expect(response.body.created).toBe(1);
    const [created] = await t.services.db.select().from(people).where(eq(people.lastName, name));
    expect(created!.organisationId).toBe(t.fixtures.orgB.id);
    const historyB = await coordinatorB.get('/api/imports');
    expect(historyB.body.items.map((i: { id: string }) => i.id)).toEqual([
      response.body.importId,
      t.fixtures.importB.id,
    ]);
    const historyA = await coordinator.get('/api/imports');
    expect(historyA.body.items.map((i: { id: string }) => i.id)).not.toContain(
      response.body.importId,
    );
  });

  it('attaches the people of a coordinator of a local service to that service', async () => {
    const client = await t.login(t.fixtures.coordinatorLs2.email);
    const name = `Compiegnois${Date.now()}`;
    const response = await postImport(
      client,
      request(
        csv1252([
          'Nom;Prénom;Né(e) le;Tél;Service local',
          `${name};Anne;01/02/1940;0344451234;`,
          `${name}B;Paul;01/02/1940;0344451235;Service Beauvais`,
        ]),
        { mode: 'valid_only' },
      ),
    );
    expect(response.body).toMatchObject({ created: 1, rejectedRows: 1 });
    expect(response.body.problems[0].detail).toMatch(/votre propre service local/);
    const [created] = await t.services.db.select().from(people).where(eq(people.lastName, name));
    expect(created!.localServiceId).toBe(t.fixtures.ls2.id);
  });
});
