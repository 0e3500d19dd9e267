/**
 * Exports of the list screens (issue 11, ADR 0024): each file, read back with real parsers
 * (csv-parse, exceljs), holds exactly the rows of its list with the same filters and scope, never
 * another organisation's; formulas are neutralised; each export leaves one `list.export` read in
 * the audit; refused roles are refused; a list of 5,000 people is read page by page.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { and, desc, eq } from 'drizzle-orm';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { auditLog, people } from '../../src/db/schema.js';
import { EXPORT_PAGE_SIZE } from '../../src/server/exports/routes.js';

let t: TestApp;
let admin: Client;
let coordinator: Client;
let statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp({}, {}, { onQuery: (query) => statements.push(query) });
  admin = await t.login(t.fixtures.usersA.admin.email);
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
});
afterAll(async () => t?.close());

/** The rows of a CSV export, header first, as French Excel would split them. */
function readCsv(payload: Buffer): string[][] {
  const text = payload.toString('utf8');
  expect(text.charCodeAt(0), 'UTF-8 byte order mark').toBe(0xfeff);
  return parse(text, { delimiter: ';', bom: true, relax_column_count: false }) as string[][];
}

/** The rows of an XLSX export's first sheet, each cell as its text or number; formulas flagged. */
async function readXlsx(payload: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: (string | number)[][] = [];
  const types = new Set<ExcelJS.ValueType>();
  sheet.eachRow((row) => {
    const values: (string | number)[] = [];
    for (let i = 1; i <= row.cellCount; i++) {
      const cell = row.getCell(i);
      types.add(cell.type);
      values.push(cell.value === null ? '' : (cell.value as string | number));
    }
    rows.push(values);
  });
  return { rows, types, name: sheet.name };
}

async function download(client: Client, url: string) {
  const response = await client.get(url);
  return { status: response.status, raw: response.raw, payload: response.raw.rawPayload };
}

/** Every item of a list through its API's pages (the screen's own answer). */
async function listAll(client: Client, url: string) {
  const items: any[] = [];
  for (let page = 1; ; page++) {
    const separator = url.includes('?') ? '&' : '?';
    const response = await client.get(`${url}${separator}page=${page}&pageSize=200`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    items.push(...response.body.items);
    const more = response.body.hasMore ?? response.body.items.length === 200;
    if (!more) return items;
  }
}

async function lastExportAudit() {
  const [row] = await t.services.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'list.export'), eq(auditLog.kind, 'read')))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}

describe('exports of the lists', () => {
  it('exports the people list as CSV for French Excel: the list’s rows, French headers and dates', async () => {
    const file = await download(admin, '/api/exports/people?format=csv');
    expect(file.status).toBe(200);
    expect(file.raw.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(file.raw.headers['content-disposition']).toMatch(
      /^attachment; filename="personnes-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, ...rows] = readCsv(file.payload);
    expect(header).toEqual([
      'Nom',
      'Prénom',
      'Nom de naissance',
      'Date de naissance',
      'Code postal',
      'Commune',
      'Service local',
      'Statut',
      'Adresse',
      'Archivée le',
    ]);
    const listed = await listAll(admin, '/api/people');
    expect(rows.map((r) => `${r[0]} ${r[1]}`)).toEqual(
      listed.map((p) => `${p.lastName} ${p.firstName}`),
    );
    const helene = rows.find((r) => r[0] === 'Lefèvre')!;
    expect(helene[3]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(helene[6]).toBe('Service Beauvais');
    expect(helene[7]).toBe('Visites en cours');
    expect(
      rows.some((r) => r[0] === 'Étranger'),
      'organisation B',
    ).toBe(false);
  });

  it('exports the same rows as XLSX, streamed by exceljs, with the same filters as the list', async () => {
    const file = await download(admin, '/api/exports/people?format=xlsx&status=waiting');
    expect(file.status).toBe(200);
    expect(file.raw.headers['content-type']).toMatch(/spreadsheetml\.sheet/);
    const { rows, name } = await readXlsx(file.payload);
    expect(name).toBe('personnes');
    expect(rows[0]![0]).toBe('Nom');
    const listed = await listAll(admin, '/api/people?status=waiting');
    expect(listed.length).toBeGreaterThan(0);
    expect(rows.slice(1).map((r) => `${r[0]} ${r[1]}`)).toEqual(
      listed.map((p) => `${p.lastName} ${p.firstName}`),
    );
    expect(rows.slice(1).every((r) => r[7] === 'En attente de visiteur')).toBe(true);
  });

  it('keeps to the user’s scope: a coordinator of one local service exports that service only', async () => {
    const local = await t.login(t.fixtures.coordinatorLs2.email);
    const [, ...rows] = readCsv((await download(local, '/api/exports/people?format=csv')).payload);
    const listed = await listAll(local, '/api/people');
    expect(rows.map((r) => r[0]).sort()).toEqual(listed.map((p) => p.lastName).sort());
    expect(rows.map((r) => r[0])).not.toContain('Lefèvre');
  });

  it.each([
    ['visitors', '/api/visitors', (i: any) => `${i.lastName}`, 0],
    ['pairs', '/api/pairs', (i: any) => `${i.visitorA.firstName} ${i.visitorA.lastName}`, 0],
    ['referrals', '/api/referrals', (i: any) => `${i.lastName}`, 4],
    ['alerts', '/api/alerts?status=active', (i: any) => i.title, 4],
  ] as const)(
    'exports the %s list with the list’s rows, in both formats',
    async (list, listUrl, key, column) => {
      const filters = listUrl.includes('?') ? `&${listUrl.split('?')[1]}` : '';
      const listed = await listAll(coordinator, listUrl);
      expect(listed.length).toBeGreaterThan(0);
      const csv = await download(coordinator, `/api/exports/${list}?format=csv${filters}`);
      expect(csv.status).toBe(200);
      const [, ...csvRows] = readCsv(csv.payload);
      expect(csvRows.map((r) => r[column])).toEqual(listed.map(key));
      const xlsx = await download(coordinator, `/api/exports/${list}?format=xlsx${filters}`);
      const { rows } = await readXlsx(xlsx.payload);
      expect(rows.slice(1).map((r) => String(r[column]))).toEqual(listed.map(key));
      // Nothing of organisation B.
      const text = csv.payload.toString('utf8');
      expect(text.includes('Étranger')).toBe(false);
      expect(csvRows.some((r) => r.includes('Autre'))).toBe(false);
    },
  );

  it('exports the week’s visits of the planning as the grid shows them', async () => {
    const { ls1, nextMonday } = t.fixtures;
    const week = await coordinator.get(
      `/api/planning/week?localServiceId=${ls1.id}&weekStart=${nextMonday}`,
    );
    const file = await download(
      coordinator,
      `/api/exports/planning?format=csv&localServiceId=${ls1.id}&weekStart=${nextMonday}`,
    );
    expect(file.status).toBe(200);
    const [header, ...rows] = readCsv(file.payload);
    expect(header!.slice(0, 5)).toEqual([
      'Date',
      'Début',
      'Fin',
      'Durée (minutes)',
      'Personne accompagnée',
    ]);
    expect(rows.map((r) => r[4])).toEqual(week.body.visits.map((v: any) => v.person.name));
    const [y, m, d] = nextMonday.split('-');
    expect(rows[0]![0]).toBe(`${d}/${m}/${y}`);
    expect(rows[0]![1]).toBe('10:00');
    // Another organisation's service: refused as the grid refuses it, before any byte of a file.
    const foreignWeek = `localServiceId=${t.fixtures.lsB.id}&weekStart=${nextMonday}`;
    const grid = await coordinator.get(`/api/planning/week?${foreignWeek}`);
    const foreign = await coordinator.get(`/api/exports/planning?format=csv&${foreignWeek}`);
    expect(grid.status).toBe(400);
    expect(foreign.status).toBe(grid.status);
    expect(foreign.body.message).toBe(grid.body.message);
  });

  it('exports the audit log to administrators only, with its filters', async () => {
    const file = await download(admin, '/api/exports/audit?format=csv&kind=read');
    expect(file.status).toBe(200);
    const [header, ...rows] = readCsv(file.payload);
    expect(header![0]).toBe('Date et heure');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[1] === 'Consultation')).toBe(true);
    expect(rows[0]![0]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect((await coordinator.get('/api/exports/audit?format=csv')).status).toBe(403);
  });

  it('refuses the visitor and the partner (403 with the reason), and a bad format (400)', async () => {
    const visitor = await t.login(t.fixtures.usersA.visitor.email);
    const refused = await visitor.get('/api/exports/people?format=csv');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/exporter la liste des personnes/);
    const partner = await t.login(t.fixtures.usersA.partner.email);
    expect((await partner.get('/api/exports/referrals?format=xlsx')).status).toBe(403);
    const bad = await admin.get('/api/exports/people?format=pdf');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/csv ou xlsx/);
  });

  it('writes one list.export read in the audit, with the list, its filters and the row count', async () => {
    const before = await lastExportAudit();
    const file = await download(coordinator, '/api/exports/people?format=csv&status=waiting&q=Mor');
    const [, ...rows] = readCsv(file.payload);
    const row = await lastExportAudit();
    expect(row!.id).not.toBe(before?.id);
    expect(row).toMatchObject({
      kind: 'read',
      action: 'list.export',
      entityType: 'list',
      entityId: 'people',
      userId: t.fixtures.usersA.coordinator.id,
      organisationId: t.fixtures.orgA.id,
    });
    // The search typed (a name) is not kept in clear: only that there was one.
    expect(row!.diff).toEqual({
      list: 'people',
      format: 'csv',
      filters: { status: 'waiting', q: '(recherche)' },
      rows: rows.length,
    });
    expect(rows.length).toBe(1);
  });

  it('neutralises formulas in both formats: a name such as =HYPERLINK(…) stays text', async () => {
    const { orgA, ls1 } = t.fixtures;
    await t.services.db.insert(people).values({
      organisationId: orgA.id,
      localServiceId: ls1.id,
      lastName: '=HYPERLINK("http://evil.test","Cliquer")',
      firstName: "+cmd|' /C calc'!A0",
      birthName: '@SUM(1+1)',
      communeName: '-2+3',
      postalCode: '60000',
      locationStatus: 'to_locate',
      phones: [],
    });
    const csv = readCsv(
      (await download(admin, '/api/exports/people?format=csv&q=HYPERLINK')).payload,
    );
    expect(csv[1]!.slice(0, 3)).toEqual([
      '\'=HYPERLINK("http://evil.test","Cliquer")',
      "'+cmd|' /C calc'!A0",
      "'@SUM(1+1)",
    ]);
    expect(csv[1]![5]).toBe("'-2+3");
    const xlsx = await readXlsx(
      (await download(admin, '/api/exports/people?format=xlsx&q=HYPERLINK')).payload,
    );
    expect(xlsx.types.has(ExcelJS.ValueType.Formula)).toBe(false);
    expect(xlsx.rows[1]![0]).toBe('\'=HYPERLINK("http://evil.test","Cliquer")');
    expect(xlsx.rows[1]![1]).toBe("'+cmd|' /C calc'!A0");
  });

  it('streams a list of 5,000 people page by page, every row once and in the list’s order', async () => {
    const { orgA, ls1 } = t.fixtures;
    const many = Array.from({ length: 5000 }, (_, i) => ({
      organisationId: orgA.id,
      localServiceId: ls1.id,
      lastName: `Nombreux${String(i).padStart(4, '0')}`,
      firstName: 'Jeanne',
      postalCode: '60000',
      communeName: 'Beauvais',
      locationStatus: 'to_locate',
      phones: [],
    }));
    for (let i = 0; i < many.length; i += 1000)
      await t.services.db.insert(people).values(many.slice(i, i + 1000));
    for (const format of ['csv', 'xlsx'] as const) {
      statements = [];
      const file = await download(admin, `/api/exports/people?format=${format}&q=Nombreux`);
      expect(file.status).toBe(200);
      const rows = format === 'csv' ? readCsv(file.payload) : (await readXlsx(file.payload)).rows;
      const names = rows.slice(1).map((r) => String(r[0]));
      expect(names.length).toBe(5000);
      expect(names).toEqual(many.map((p) => p.lastName));
      // Read by pages of the list's own query, not in one go.
      const pages = statements.filter((s) => /"people"/.test(s) && /limit/i.test(s)).length;
      expect(pages).toBeGreaterThanOrEqual(5000 / EXPORT_PAGE_SIZE);
      expect((await lastExportAudit())!.diff).toMatchObject({ rows: 5000, format });
    }
  });

  it('stops reading the list when the reader goes away: no more pages, no audit row, no crash', async () => {
    // Needs the 5,000 people of the test above. A real socket: inject reads the whole answer.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const before = (await lastExportAudit())!.id;
    for (const format of ['csv', 'xlsx'] as const) {
      statements = [];
      await new Promise<void>((resolve, reject) => {
        const request = http.get(
          {
            host: '127.0.0.1',
            port,
            path: `/api/exports/people?format=${format}&q=Nombreux`,
            headers: { cookie: admin.cookie! },
          },
          (response) => {
            if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
            response.once('data', () => {
              request.destroy();
              resolve();
            });
          },
        );
        request.on('error', () => {});
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const pages = statements.filter((s) => /"people"/.test(s) && /limit/i.test(s)).length;
      expect(pages, format).toBeLessThan(5000 / EXPORT_PAGE_SIZE);
    }
    expect((await lastExportAudit())!.id).toBe(before);
    expect((await admin.get('/api/people?pageSize=1')).status).toBe(200);
  });
});
