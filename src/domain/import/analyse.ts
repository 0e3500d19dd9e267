/**
 * The whole reading of an import file, before anything touches the database: parse, find the
 * header row, map the columns, convert and validate every row, compute the import keys, spot the
 * same person twice in the file. Pure (the organisation's local services are given).
 */
import { fileSha256, personImportKey, visitorImportKey } from './key.js';
import {
  applyMappingOverride,
  checkRequiredColumns,
  describeMapping,
  guessMapping,
  locateHeaderRow,
  type ColumnMapping,
  type ImportTarget,
  type MappingOverride,
} from './mapping.js';
import { parseSpreadsheet, type Delimiter, type ImportLimits } from './parse.js';
import {
  convertRow,
  makeProblem,
  type ImportInput,
  type ImportProblem,
  type LocalServiceRef,
} from './rows.js';
import type { TextEncoding } from './decode.js';
import type { PersonCreateInput } from '../people/schemas.js';
import type { VisitorCreateInput } from '../visitors/schemas.js';

export interface AnalyseInput {
  target: ImportTarget;
  fileName: string;
  bytes: Uint8Array;
  mapping?: MappingOverride | null | undefined;
  sheet?: string | null | undefined;
  /** AAAA-MM-JJ. */
  today: string;
  localServices: readonly LocalServiceRef[];
  onlyLocalServiceId?: string | null | undefined;
  limits?: ImportLimits | undefined;
}

export interface AnalysedRow {
  line: number;
  /** Null when the row has a problem. */
  data: ImportInput | null;
  /** The import key, for valid rows. */
  key: string | null;
  problems: ImportProblem[];
}

export interface Analysis {
  target: ImportTarget;
  fileSha256: string;
  format: 'csv' | 'xlsx';
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
  sheet: string | null;
  sheets: string[];
  headerLine: number;
  headers: string[];
  mapping: ColumnMapping;
  mappedFields: { field: string; label: string; columns: string[] }[];
  ignoredColumns: string[];
  rows: AnalysedRow[];
  problems: ImportProblem[];
  totalRows: number;
  validRows: number;
}

function importKeyOf(target: ImportTarget, data: ImportInput): string {
  return target === 'people'
    ? personImportKey(data as PersonCreateInput)
    : visitorImportKey(data as VisitorCreateInput);
}

export async function analyseImport(input: AnalyseInput): Promise<Analysis> {
  const parsed = await parseSpreadsheet(input.fileName, input.bytes, {
    sheet: input.sheet,
    limits: input.limits,
  });
  const table = locateHeaderRow(input.target, parsed);
  const mapping = applyMappingOverride(
    input.target,
    table.headers,
    guessMapping(input.target, table.headers),
    input.mapping,
  );
  checkRequiredColumns(
    input.target,
    table.headers,
    mapping,
    !!input.mapping && Object.keys(input.mapping).length > 0,
  );
  const context = {
    target: input.target,
    format: table.format,
    headers: table.headers,
    mapping,
    today: input.today,
    localServices: input.localServices,
    onlyLocalServiceId: input.onlyLocalServiceId ?? null,
  };

  const firstLineOfKey = new Map<string, number>();
  const rows: AnalysedRow[] = table.rows.map((row) => {
    const converted = convertRow(context, row);
    if (!converted.data)
      return { line: row.line, data: null, key: null, problems: converted.problems };
    const key = importKeyOf(input.target, converted.data);
    const earlier = firstLineOfKey.get(key);
    if (earlier !== undefined) {
      const who =
        input.target === 'people'
          ? 'même nom, même prénom et même date de naissance'
          : 'même nom, même prénom et même e-mail ou téléphone';
      return {
        line: row.line,
        data: null,
        key: null,
        problems: [
          makeProblem(
            row.line,
            null,
            null,
            null,
            `cette ligne est en double : ${who} qu’à la ligne ${earlier}. Gardez une seule ligne par ${input.target === 'people' ? 'personne' : 'visiteur'}.`,
          ),
        ],
      };
    }
    firstLineOfKey.set(key, row.line);
    return { line: row.line, data: converted.data, key, problems: [] };
  });

  const { fields, ignoredColumns } = describeMapping(input.target, table.headers, mapping);
  const validRows = rows.filter((row) => row.data !== null).length;
  return {
    target: input.target,
    fileSha256: fileSha256(input.bytes),
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    sheet: table.sheet,
    sheets: table.sheets,
    headerLine: table.headerLine,
    headers: table.headers,
    mapping,
    mappedFields: fields,
    ignoredColumns,
    rows,
    problems: rows.flatMap((row) => row.problems),
    totalRows: rows.length,
    validRows,
  };
}
