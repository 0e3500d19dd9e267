/**
 * A spreadsheet file (CSV or XLSX) → a table of strings: the header row and the data rows, each
 * with its row number as the user sees it in their spreadsheet (line 1 is the header row, an
 * empty row still counts). Values are text exactly as typed; dates of Excel cells become
 * AAAA-MM-JJ. Nothing is interpreted here (see rows.ts). Pure: no I/O, the bytes are given.
 *
 * Errors that make the whole file unusable throw an {@link ImportFileError} with a French message.
 */
import { parse as parseCsvText } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { decodeText, type TextEncoding } from './decode.js';
import { checkZip, DEFAULT_ZIP_LIMITS, ZipRefusal } from './zip.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What one import may read; the server takes them from its configuration. */
export interface ImportLimits {
  /** The file as sent (CSV or XLSX). */
  maxFileBytes: number;
  /** An XLSX once unzipped, all its parts together. */
  maxUncompressedBytes: number;
  /** Data rows. */
  maxRows: number;
  maxColumns: number;
}

const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: MAX_FILE_BYTES,
  maxUncompressedBytes: DEFAULT_ZIP_LIMITS.maxUncompressedBytes,
  maxRows: 20_000,
  maxColumns: 200,
};

export type Delimiter = ';' | ',' | '\t';
export const DELIMITER_LABELS: Readonly<Record<Delimiter, string>> = {
  ';': 'point-virgule',
  ',': 'virgule',
  '\t': 'tabulation',
};

/** The file as a whole cannot be imported; `message` is French, for the user. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly code: string = 'invalid_file',
    readonly details: Record<string, unknown> = {},
    /** English, for the operators' log (why a file was refused), never shown to users. */
    readonly operatorReason: string | null = null,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export interface TableRow {
  /** Row number in the spreadsheet, as the user sees it (the header row is usually 1). */
  line: number;
  cells: string[];
}

export interface ParsedTable {
  format: 'csv' | 'xlsx';
  /** CSV only. */
  encoding: TextEncoding | null;
  /** CSV only. */
  delimiter: Delimiter | null;
  /** XLSX only: the sheet read, and all the sheets of the workbook. */
  sheet: string | null;
  sheets: string[];
  headerLine: number;
  headers: string[];
  /** Data rows after the header row; rows with no value at all are left out. */
  rows: TableRow[];
  /** Those left out: blank rows between the header row and the last data row. */
  ignoredLines: number[];
}

export interface ParseOptions {
  /** XLSX: the sheet to read (by name, case-insensitive); the first sheet with data otherwise. */
  sheet?: string | null | undefined;
  limits?: ImportLimits | undefined;
}

const formatNumber = (n: number) =>
  new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n);

const megabytes = (bytes: number) => formatNumber(bytes / 1024 / 1024);

function checkFileSize(size: number, limits: ImportLimits) {
  if (size === 0) throw new ImportFileError('Le fichier est vide.', 'empty_file');
  if (size > limits.maxFileBytes) {
    throw new ImportFileError(
      `Le fichier fait ${megabytes(size)} Mo : ${megabytes(limits.maxFileBytes)} Mo au maximum par import. Découpez-le en plusieurs fichiers.`,
      'file_too_large',
      {},
      `file of ${size} bytes over ${limits.maxFileBytes}`,
    );
  }
}

function checkRowCount(count: number, limits: ImportLimits) {
  if (count > limits.maxRows) {
    throw new ImportFileError(
      `Le fichier contient ${formatNumber(count)} lignes : ${formatNumber(limits.maxRows)} au maximum par import. Découpez-le en plusieurs fichiers.`,
      'too_many_rows',
      {},
      `${count} rows over ${limits.maxRows}`,
    );
  }
}

function checkColumnCount(count: number, limits: ImportLimits) {
  if (count > limits.maxColumns) {
    throw new ImportFileError(
      `Le fichier contient ${formatNumber(count)} colonnes : ${formatNumber(limits.maxColumns)} au maximum. Gardez seulement les colonnes utiles.`,
      'too_many_columns',
      {},
      `${count} columns over ${limits.maxColumns}`,
    );
  }
}

const UNREADABLE_WORKBOOK =
  'Ce classeur Excel ne peut pas être lu (protégé par un mot de passe ou endommagé ?). Enregistrez-le sans mot de passe au format .xlsx ou CSV, puis recommencez.';

/** The zip under an .xlsx, checked before any reader inflates it (see zip.ts). */
async function checkWorkbookZip(bytes: Uint8Array, limits: ImportLimits) {
  try {
    await checkZip(bytes, {
      ...DEFAULT_ZIP_LIMITS,
      maxUncompressedBytes: limits.maxUncompressedBytes,
    });
  } catch (error) {
    if (!(error instanceof ZipRefusal)) throw error;
    if (error.kind === 'malformed')
      throw new ImportFileError(
        UNREADABLE_WORKBOOK,
        'unreadable_workbook',
        {},
        `xlsx refused: ${error.reason}`,
      );
    throw new ImportFileError(
      `Le fichier dépasse la taille autorisée une fois décompressé (${megabytes(limits.maxUncompressedBytes)} Mo).`,
      'uncompressed_too_large',
      {},
      `xlsx refused: ${error.reason}`,
    );
  }
}

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  signature.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

type FileFormat = 'csv' | 'xlsx';

/** By content first (a renamed file is still what it is), by extension otherwise. */
function detectFormat(fileName: string, bytes: Uint8Array): FileFormat {
  const extension = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  if (startsWith(bytes, OLE)) {
    throw new ImportFileError(
      'Ce fichier est au format Excel ancien (.xls). Ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx ou CSV, puis recommencez.',
      'unsupported_format',
    );
  }
  if (startsWith(bytes, ZIP)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    if (head.includes('application/vnd.oasis.opendocument')) {
      throw new ImportFileError(
        'Ce fichier est au format LibreOffice (.ods). Enregistrez-le au format .xlsx ou CSV, puis recommencez.',
        'unsupported_format',
      );
    }
    return 'xlsx';
  }
  if (extension === 'xlsx' || extension === 'xlsm') {
    throw new ImportFileError(
      'Ce fichier porte l’extension .xlsx mais n’est pas un classeur Excel valide.',
      'unsupported_format',
    );
  }
  if (['xls', 'ods', 'numbers', 'pdf', 'doc', 'docx'].includes(extension)) {
    throw new ImportFileError(
      `Les fichiers .${extension} ne sont pas acceptés : enregistrez le tableau au format .xlsx ou CSV, puis recommencez.`,
      'unsupported_format',
    );
  }
  const utf16 =
    (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && bytes.subarray(0, 4096).includes(0)) {
    throw new ImportFileError(
      'Ce fichier n’est ni un fichier CSV ni un classeur Excel (.xlsx).',
      'unsupported_format',
    );
  }
  return 'csv';
}

export async function parseSpreadsheet(
  fileName: string,
  bytes: Uint8Array,
  options: ParseOptions = {},
): Promise<ParsedTable> {
  const limits = options.limits ?? DEFAULT_IMPORT_LIMITS;
  checkFileSize(bytes.byteLength, limits);
  if (detectFormat(fileName, bytes) === 'csv') return parseCsv(bytes, limits);
  await checkWorkbookZip(bytes, limits);
  return parseXlsx(bytes, options, limits);
}

// ---------------------------------------------------------------- CSV

/** Counts the delimiter outside double quotes. */
function countOutsideQuotes(line: string, delimiter: string) {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === delimiter) count++;
  }
  return count;
}

/**
 * The delimiter that appears most in the header line (ties: semicolon, the French default, then
 * tab, then comma). A title line without any delimiter is passed over.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '')
    .slice(0, 10);
  for (const line of lines) {
    let best: Delimiter | null = null;
    let bestCount = 0;
    for (const candidate of [';', '\t', ','] as const) {
      const count = countOutsideQuotes(line, candidate);
      if (count > bestCount) {
        best = candidate;
        bestCount = count;
      }
    }
    if (best) return best;
  }
  return ';';
}

const isEmptyRow = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

/** Drops empty cells at the end of the header row (a trailing ";" or formatted empty columns). */
function trimHeaders(cells: string[]) {
  const headers = [...cells];
  while (headers.length > 0 && headers[headers.length - 1]!.trim() === '') headers.pop();
  return headers.map((header) => header.replace(/\s+/g, ' ').trim());
}

function tableFrom(
  records: TableRow[],
  base: Omit<ParsedTable, 'headers' | 'rows' | 'headerLine' | 'ignoredLines'>,
  limits: ImportLimits,
): ParsedTable {
  const nonEmpty = records.filter((row) => !isEmptyRow(row.cells));
  const [header, ...rows] = nonEmpty;
  if (!header) throw new ImportFileError('Le fichier ne contient aucune donnée.', 'empty_file');
  checkRowCount(rows.length, limits);
  if (rows.length === 0) {
    throw new ImportFileError(
      'Le fichier ne contient aucune ligne de données sous la ligne d’en-tête.',
      'no_rows',
    );
  }
  // Every line number between two rows read is a blank row (a CSV's blank record, or a row the
  // workbook does not even hold): listed, so nothing is dropped without the user being told.
  const ignoredLines: number[] = [];
  for (let i = 0; i < nonEmpty.length - 1; i++)
    for (let line = nonEmpty[i]!.line + 1; line < nonEmpty[i + 1]!.line; line++)
      ignoredLines.push(line);
  // Blank records after the last row too (the ";;;;" lines a spreadsheet exports).
  const last = nonEmpty[nonEmpty.length - 1]!.line;
  for (const record of records)
    if (record.line > last && isEmptyRow(record.cells)) ignoredLines.push(record.line);
  return {
    ...base,
    headerLine: header.line,
    headers: trimHeaders(header.cells),
    rows,
    ignoredLines,
  };
}

export function parseCsv(bytes: Uint8Array, limits = DEFAULT_IMPORT_LIMITS): ParsedTable {
  const decoded = decodeText(bytes);
  const { encoding } = decoded;
  // Excel's "sep=;" first line names the delimiter; Excel hides it, so rows count after it.
  const hint = decoded.text.match(/^sep=([;,\t])\r?\n/i);
  const text = hint ? decoded.text.slice(hint[0].length) : decoded.text;
  const delimiter = (hint?.[1] as Delimiter | undefined) ?? detectDelimiter(text);
  let records: string[][];
  try {
    records = parseCsvText(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: false,
    });
  } catch (error) {
    const { code, lines } = error as { code?: string; lines?: number };
    const where = lines ? ` (vers la ligne ${lines})` : '';
    throw new ImportFileError(
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? `Le fichier CSV est mal formé${where} : un guillemet ouvert n’est jamais refermé. Vérifiez la ligne dans un tableur ou un éditeur de texte.`
        : `Le fichier CSV est mal formé${where} et ne peut pas être lu.`,
      'malformed_csv',
    );
  }
  checkRowCount(records.length - 1, limits);
  checkColumnCount(Math.max(0, ...records.slice(0, 50).map((cells) => cells.length)), limits);
  const rows = records.map((cells, index) => ({
    line: index + 1,
    cells: cells.map((cell) => cell.replace(/\r\n?/g, '\n').trim()),
  }));
  return tableFrom(rows, { format: 'csv', encoding, delimiter, sheet: null, sheets: [] }, limits);
}

// ---------------------------------------------------------------- XLSX

/**
 * exceljs builds dates in UTC from the serial number (the second added absorbs float rounding).
 * A time alone (a duration such as 00:45) is a date on Excel's day zero, 30/12/1899: HH:MM.
 */
function dateText(date: Date) {
  const iso = new Date(date.getTime() + 1000).toISOString();
  return iso < '1900-01-01' ? iso.slice(11, 16) : iso.slice(0, 10);
}

function numberText(value: number, numFmt: string | undefined) {
  // A number shown with leading zeros ("00000": postal code, INSEE code) keeps them.
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(value))
    return String(value).padStart(numFmt.length, '0');
  if (Number.isInteger(value))
    return Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
  return String(Number(value.toPrecision(15)));
}

/** The text of a cell value, whatever exceljs gives (formula, rich text, hyperlink, error…). */
function cellText(value: ExcelJS.CellValue | undefined, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n').trim();
  if (typeof value === 'number') return numberText(value, numFmt);
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText
        .map((part) => part.text)
        .join('')
        .trim();
    if ('error' in value) return String(value.error);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue, numFmt);
    if ('formula' in value || 'sharedFormula' in value) return '';
    if ('text' in value) return cellText(value.text as ExcelJS.CellValue, numFmt);
  }
  return String(value).trim();
}

interface SheetRows {
  name: string;
  rows: TableRow[];
  /** Rows with a value, counted even past what is kept. */
  count: number;
  width: number;
}

/**
 * Reads the workbook as a stream (exceljs's streaming reader, after `checkZip` proved what it will
 * inflate): rows arrive one by one and only the text of the sheets with data is kept, at most
 * `maxRows` + 1 rows each; beyond, rows are only counted, for the message.
 */
async function parseXlsx(
  bytes: Uint8Array,
  options: ParseOptions,
  limits: ImportLimits,
): Promise<ParsedTable> {
  const wanted = options.sheet?.trim().toLowerCase() ?? null;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
    {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    },
  );
  const read: SheetRows[] = [];
  try {
    for await (const worksheet of reader) {
      const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
      const keep = wanted === null || sheet.name.trim().toLowerCase() === wanted;
      const found: SheetRows = { name: sheet.name, rows: [], count: 0, width: 0 };
      for await (const row of sheet) {
        if (!keep) continue;
        const cells: string[] = [];
        for (let column = 1; column <= row.cellCount; column++) {
          const cell = row.getCell(column);
          cells.push(cellText(cell.value, cell.numFmt));
        }
        if (isEmptyRow(cells)) continue;
        found.count++;
        if (found.count > limits.maxRows + 1) continue;
        checkColumnCount(cells.length, limits);
        found.width = Math.max(found.width, cells.length);
        found.rows.push({ line: row.number, cells });
      }
      if (found.count > 0) read.push(found);
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(UNREADABLE_WORKBOOK, 'unreadable_workbook');
  }
  // The workbook's own order of sheets (the zip may hold them in another).
  const model = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model;
  const sheets = (model?.sheets ?? []).map((sheet) => sheet.name);
  const byOrder = (name: string) => {
    const index = sheets.indexOf(name);
    return index === -1 ? sheets.length : index;
  };
  read.sort((a, b) => byOrder(a.name) - byOrder(b.name));
  if (wanted !== null && !sheets.some((name) => name.trim().toLowerCase() === wanted)) {
    throw new ImportFileError(
      `La feuille « ${options.sheet} » n’existe pas dans ce classeur. Feuilles disponibles : ${sheets.map((s) => `« ${s} »`).join(', ')}.`,
      'unknown_sheet',
      { sheets },
    );
  }
  if (sheets.length === 0)
    throw new ImportFileError('Le classeur ne contient aucune feuille.', 'empty_file');
  const chosen = read[0] ?? {
    name: wanted === null ? sheets[0]! : sheets.find((n) => n.trim().toLowerCase() === wanted)!,
    rows: [],
    count: 0,
    width: 0,
  };
  checkRowCount(chosen.count - 1, limits);
  const rows = chosen.rows.map((row) => ({
    line: row.line,
    cells: [...row.cells, ...new Array<string>(chosen.width - row.cells.length).fill('')],
  }));
  return tableFrom(
    rows,
    { format: 'xlsx', encoding: null, delimiter: null, sheet: chosen.name, sheets },
    limits,
  );
}
