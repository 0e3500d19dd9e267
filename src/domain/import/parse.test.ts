import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { decodeText } from './decode.js';
import {
  detectDelimiter,
  ImportFileError,
  MAX_FILE_BYTES,
  parseCsv,
  parseSpreadsheet,
} from './parse.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<ImportFileError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

describe('decodeText', () => {
  it('strips a UTF-8 BOM and says so', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Prénom;Nom')]);
    expect(decodeText(bytes)).toEqual({ text: 'Prénom;Nom', encoding: 'utf-8-bom' });
  });

  it('keeps valid UTF-8 as UTF-8', () => {
    expect(decodeText(utf8('Hélène Œuvray – né(e) le'))).toEqual({
      text: 'Hélène Œuvray – né(e) le',
      encoding: 'utf-8',
    });
  });

  it('reads Windows-1252 when the bytes are not UTF-8 (é, €, typographic apostrophe, œ)', () => {
    const bytes = iconv.encode('Né(e) le;Centres d’intérêt;Cœur;5 €', 'windows-1252');
    expect(bytes.includes(0xe9)).toBe(true);
    expect(decodeText(bytes)).toEqual({
      text: 'Né(e) le;Centres d’intérêt;Cœur;5 €',
      encoding: 'windows-1252',
    });
  });

  it('reads UTF-16 "Texte Unicode" exports by their BOM', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode('Nom\tPrénom', 'utf-16le'),
    ]);
    expect(decodeText(bytes)).toEqual({ text: 'Nom\tPrénom', encoding: 'utf-16le' });
  });
});

describe('detectDelimiter', () => {
  it('finds the delimiter of the header line', () => {
    expect(detectDelimiter('Nom;Prénom;Ville\nA;B;C')).toBe(';');
    expect(detectDelimiter('Nom,Prénom,Ville\nA,B,C')).toBe(',');
    expect(detectDelimiter('Nom\tPrénom\tVille\n')).toBe('\t');
  });

  it('ignores delimiters inside quotes', () => {
    expect(detectDelimiter('"Nom, usage";"Prénom, usuel";Ville')).toBe(';');
  });

  it('skips a title line without any delimiter', () => {
    expect(detectDelimiter('\n\nListe des bénéficiaires\nNom;Prénom\n')).toBe(';');
  });

  it('defaults to semicolon for a single column', () => {
    expect(detectDelimiter('Nom\nDupont')).toBe(';');
  });
});

describe('parseCsv', () => {
  it('reads a semicolon Windows-1252 file with quoted fields, embedded newlines and row numbers as a spreadsheet shows them', () => {
    const text =
      'Nom;Prénom;Remarques\r\nLefèvre;Hélène;"Sonne fort ; chien"\r\n\r\nDurand;Marcel;"Ligne 1\r\nLigne 2"\r\nPetit;Léon;ok\r\n';
    const table = parseCsv(iconv.encode(text, 'windows-1252'));
    expect(table.encoding).toBe('windows-1252');
    expect(table.delimiter).toBe(';');
    expect(table.headers).toEqual(['Nom', 'Prénom', 'Remarques']);
    expect(table.headerLine).toBe(1);
    expect(table.rows).toEqual([
      { line: 2, cells: ['Lefèvre', 'Hélène', 'Sonne fort ; chien'] },
      // The empty line 3 is left out, but still counted.
      { line: 4, cells: ['Durand', 'Marcel', 'Ligne 1\nLigne 2'] },
      { line: 5, cells: ['Petit', 'Léon', 'ok'] },
    ]);
  });

  it('reads a comma file with a BOM', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8('Nom,Prénom,CP\nDupont,"Marie, Louise",02100\n'),
    ]);
    const table = parseCsv(bytes);
    expect(table.encoding).toBe('utf-8-bom');
    expect(table.delimiter).toBe(',');
    expect(table.headers).toEqual(['Nom', 'Prénom', 'CP']);
    expect(table.rows[0]).toEqual({ line: 2, cells: ['Dupont', 'Marie, Louise', '02100'] });
  });

  it('reads tab-separated text', () => {
    const table = parseCsv(utf8('Nom\tPrénom\nDupont\tMarie\n'));
    expect(table.delimiter).toBe('\t');
    expect(table.rows[0]!.cells).toEqual(['Dupont', 'Marie']);
  });

  it('keeps a short line (reported later, not fatal) and drops trailing empty headers', () => {
    const table = parseCsv(utf8('Nom;Prénom;Ville;;\nDupont;Marie;Beauvais;;\nDurand\n'));
    expect(table.headers).toEqual(['Nom', 'Prénom', 'Ville']);
    expect(table.rows[1]).toEqual({ line: 3, cells: ['Durand'] });
  });

  it('follows Excel’s "sep=" first line', () => {
    const table = parseCsv(utf8('sep=,\nNom,Prénom;surnom\nDupont,Marie;Mimi\n'));
    expect(table.delimiter).toBe(',');
    expect(table.headers).toEqual(['Nom', 'Prénom;surnom']);
    expect(table.rows).toEqual([{ line: 2, cells: ['Dupont', 'Marie;Mimi'] }]);
  });

  it('tolerates a quote inside an unquoted field', () => {
    const table = parseCsv(utf8('Nom;Surnom\nDupont;Le "grand"\n'));
    expect(table.rows[0]!.cells).toEqual(['Dupont', 'Le "grand"']);
  });

  it('refuses a quote that is never closed, saying where', async () => {
    const error = await refusal(() => parseCsv(utf8('Nom;Prénom\nDupont;"Marie\nDurand;Paul\n')));
    expect(error.message).toMatch(/guillemet/);
    expect(error.message).toMatch(/ligne/);
  });

  it('refuses an empty file and a file with headers only', async () => {
    expect((await refusal(parseSpreadsheet('vide.csv', new Uint8Array()))).message).toBe(
      'Le fichier est vide.',
    );
    expect((await refusal(() => parseCsv(utf8('\n\n;;\n')))).message).toMatch(/aucune donnée/);
    expect((await refusal(() => parseCsv(utf8('Nom;Prénom\n;;\n')))).message).toMatch(
      /aucune ligne de données/,
    );
  });

  it('refuses more than 20,000 rows with a French message', async () => {
    const text = `Nom;Prénom\n${'Dupont;Marie\n'.repeat(20_001)}`;
    const error = await refusal(() => parseCsv(utf8(text)));
    expect(error.code).toBe('too_many_rows');
    expect(error.message).toMatch(/20\s000 au maximum/);
  });

  it('accepts exactly 20,000 rows', () => {
    const text = `Nom;Prénom\n${'Dupont;Marie\n'.repeat(20_000)}`;
    expect(parseCsv(utf8(text)).rows).toHaveLength(20_000);
  });
});

describe('parseSpreadsheet: size and format', () => {
  it('refuses files over 10 MB', async () => {
    const error = await refusal(parseSpreadsheet('gros.csv', new Uint8Array(MAX_FILE_BYTES + 1)));
    expect(error.code).toBe('file_too_large');
    expect(error.message).toMatch(/10 Mo au maximum/);
  });

  it('refuses old .xls, .ods and binary files with what to do', async () => {
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await refusal(parseSpreadsheet('vieux.xls', xls))).message).toMatch(/\.xlsx ou CSV/);
    const ods = new Uint8Array([
      0x50,
      0x4b,
      0x03,
      0x04,
      ...utf8('..........................mimetypeapplication/vnd.oasis.opendocument.spreadsheet'),
    ]);
    expect((await refusal(parseSpreadsheet('calc.ods', ods))).message).toMatch(/LibreOffice/);
    expect(
      (
        await refusal(
          parseSpreadsheet('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])),
        )
      ).message,
    ).toMatch(/ni un fichier CSV/);
    expect((await refusal(parseSpreadsheet('faux.xlsx', utf8('Nom;Prénom\nA;B')))).message).toMatch(
      /pas un classeur Excel valide/,
    );
  });

  it('refuses a damaged workbook', async () => {
    const error = await refusal(
      parseSpreadsheet('abime.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5])),
    );
    expect(error.message).toMatch(/ne peut pas être lu/);
  });

  it('reads a CSV whatever its extension', async () => {
    const table = await parseSpreadsheet('export.txt', utf8('Nom;Prénom\nDupont;Marie\n'));
    expect(table.format).toBe('csv');
  });
});

async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('parseSpreadsheet: XLSX', () => {
  it('turns cells into text: dates, numbers, leading zeros, formulas, rich text, links, times', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Bénéficiaires');
      sheet.addRow([
        'Nom',
        'Prénom',
        'Né le',
        'CP',
        'INSEE',
        'Tél',
        'Âge',
        'Courriel',
        'Trajet',
        'Vit seul',
      ]);
      const row = sheet.addRow([
        'Lefèvre',
        { richText: [{ text: 'Jean' }, { text: '-Pierre', font: { bold: true } }] },
        new Date(Date.UTC(1938, 2, 12)),
        2100,
        '01053',
        612345678,
        { formula: '2025-1938', result: 87 },
        { text: 'jp@exemple.fr', hyperlink: 'mailto:jp@exemple.fr' },
        new Date(Date.UTC(1899, 11, 30, 0, 45)),
        true,
      ]);
      row.getCell(3).numFmt = 'dd/mm/yyyy';
      row.getCell(4).numFmt = '00000';
      row.getCell(9).numFmt = 'hh:mm';
      sheet.addRow([]);
      sheet.addRow([
        'Durand',
        'Marcel',
        14_000.5,
        60000,
        null,
        '06 12 34 56 78',
        { error: '#N/A' },
      ]);
    });
    const table = await parseSpreadsheet('personnes.xlsx', bytes);
    expect(table.format).toBe('xlsx');
    expect(table.encoding).toBeNull();
    expect(table.sheet).toBe('Bénéficiaires');
    expect(table.headers).toEqual([
      'Nom',
      'Prénom',
      'Né le',
      'CP',
      'INSEE',
      'Tél',
      'Âge',
      'Courriel',
      'Trajet',
      'Vit seul',
    ]);
    expect(table.rows[0]).toEqual({
      line: 2,
      cells: [
        'Lefèvre',
        'Jean-Pierre',
        '1938-03-12',
        '02100',
        '01053',
        '612345678',
        '87',
        'jp@exemple.fr',
        '00:45',
        'oui',
      ],
    });
    // Row 3 is empty: left out, row 4 keeps its number.
    expect(table.rows[1]!.line).toBe(4);
    expect(table.rows[1]!.cells.slice(0, 7)).toEqual([
      'Durand',
      'Marcel',
      '14000.5',
      '60000',
      '',
      '06 12 34 56 78',
      '#N/A',
    ]);
  });

  it('reads the first sheet with data, or the named one (case-insensitive)', async () => {
    const bytes = await workbookBytes((workbook) => {
      workbook.addWorksheet('Vide');
      workbook.addWorksheet('Personnes').addRows([
        ['Nom', 'Prénom'],
        ['Dupont', 'Marie'],
      ]);
      workbook.addWorksheet('Visiteurs').addRows([
        ['Nom', 'Prénom', 'Type'],
        ['Martin', 'Inès', 'salariée'],
      ]);
    });
    const first = await parseSpreadsheet('classeur.xlsx', bytes);
    expect(first.sheet).toBe('Personnes');
    expect(first.sheets).toEqual(['Vide', 'Personnes', 'Visiteurs']);
    const named = await parseSpreadsheet('classeur.xlsx', bytes, { sheet: 'visiteurs' });
    expect(named.sheet).toBe('Visiteurs');
    expect(named.rows[0]!.cells).toEqual(['Martin', 'Inès', 'salariée']);
    const error = await refusal(parseSpreadsheet('classeur.xlsx', bytes, { sheet: 'Bénévoles' }));
    expect(error.message).toBe(
      'La feuille « Bénévoles » n’existe pas dans ce classeur. Feuilles disponibles : « Vide », « Personnes », « Visiteurs ».',
    );
  });

  it('keeps the row numbers of a sheet whose data start lower down', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Feuil1');
      sheet.getCell('A3').value = 'Nom';
      sheet.getCell('B3').value = 'Prénom';
      sheet.getCell('A4').value = 'Dupont';
      sheet.getCell('B4').value = 'Marie';
    });
    const table = await parseSpreadsheet('bas.xlsx', bytes);
    expect(table.headerLine).toBe(3);
    expect(table.rows).toEqual([{ line: 4, cells: ['Dupont', 'Marie'] }]);
  });
});
