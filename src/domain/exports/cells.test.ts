import { describe, expect, it } from 'vitest';
import {
  CSV_BOM,
  csvField,
  csvLine,
  exportCell,
  exportFileName,
  frenchDate,
  frenchDateTime,
  neutralize,
} from './cells.js';
import { auditedFilters, displayPhone } from './lists.js';

describe('export cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.test","x")', '\'=HYPERLINK("http://evil.test","x")'],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
  ])('neutralises a text that a spreadsheet would read as a formula: %j', (text, expected) => {
    expect(neutralize(text)).toBe(expected);
    expect(exportCell(text)).toBe(expected);
  });

  it('leaves other texts, numbers and empty cells as they are', () => {
    expect(neutralize('Lefèvre')).toBe('Lefèvre');
    expect(neutralize('Jean-Pierre = ami')).toBe('Jean-Pierre = ami');
    expect(exportCell(-3)).toBe(-3);
    expect(exportCell(null)).toBe('');
    expect(exportCell(undefined)).toBe('');
    expect(exportCell(Number.NaN)).toBe('');
  });

  it('writes CSV for French Excel: semicolons, quotes when needed, CRLF, decimal comma', () => {
    expect(csvLine(['Lefèvre', 'Hélène', null, 3])).toBe('Lefèvre;Hélène;;3\r\n');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('dit "Lulu"')).toBe('"dit ""Lulu"""');
    expect(csvField('ligne\nsuite')).toBe('"ligne\nsuite"');
    expect(csvField(1.5)).toBe('1,5');
    // Neutralised, then quoted: the apostrophe stays first inside the quotes.
    expect(csvField('=1;2')).toBe('"\'=1;2"');
    expect(CSV_BOM).toBe('\uFEFF');
  });

  it('writes French dates: a calendar day as it is, an instant in Paris time', () => {
    expect(frenchDate('2025-03-07')).toBe('07/03/2025');
    expect(frenchDate(null)).toBe('');
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(frenchDate(new Date('2025-12-31T23:30:00Z'))).toBe('01/01/2026');
    expect(frenchDateTime('2025-07-01T12:30:00Z')).toBe('01/07/2025 14:30');
    expect(frenchDateTime(undefined)).toBe('');
  });

  it('shows phones as the screens do and names the file', () => {
    expect(displayPhone('+33344910760')).toBe('03 44 91 07 60');
    expect(displayPhone(null)).toBe('');
    expect(exportFileName('personnes', '2026-12-03', 'xlsx')).toBe('personnes-2026-12-03.xlsx');
  });

  it('keeps the filters for the audit without the text typed in the search', () => {
    expect(
      auditedFilters({
        q: 'Lefèvre',
        status: 'active',
        page: 1,
        pageSize: 500,
        after: undefined,
        kind: '',
      }),
    ).toEqual({ q: '(recherche)', status: 'active' });
  });
});
