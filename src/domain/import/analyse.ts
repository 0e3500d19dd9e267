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
  type CommuneReading,
  type ImportInput,
  type ImportProblem,
  type LocalServiceRef,
} from './rows.js';
import type { TextEncoding } from './decode.js';
import type { CommuneCandidate, CommuneLookup, TerritoryRef } from './communes.js';
import type { EligibilityRule } from '../admission/eligibility.js';
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
  gazetteer?: CommuneLookup | null | undefined;
  territories?: readonly TerritoryRef[] | undefined;
  eligibilityRule?: EligibilityRule | null | undefined;
  communeChoices?: Readonly<Record<string, string>> | null | undefined;
}

/** One commune as typed in the file (with its postal code), what it was read as, and where. */
export interface CommuneSummary extends CommuneReading {
  /** From the territories; null when none (or outside every territory). */
  localServiceId: string | null;
  outsideTerritory: boolean;
  lines: number[];
}

/** A question the user must answer before the import is accepted: which commune is meant. */
export interface CommuneChoice {
  key: string;
  typed: string;
  typedPostalCode: string | null;
  candidates: CommuneCandidate[];
  lines: number[];
  /** The candidate's value the user chose; null while the question is open. */
  chosen: string | null;
}

export interface AnalysedRow {
  line: number;
  /** Null when the row has a problem. */
  data: ImportInput | null;
  /** The import key, for valid rows. */
  key: string | null;
  problems: ImportProblem[];
  /** Reported, but the row is still imported. */
  warnings: ImportProblem[];
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
  warnings: ImportProblem[];
  /** Blank rows, left out (line numbers). */
  ignoredLines: number[];
  communes: CommuneSummary[];
  communeChoices: CommuneChoice[];
  /** Valid rows whose commune is in none of the organisation's territories. */
  outsideTerritoryLines: number[];
  /** Valid rows the eligibility rule would refuse (a warning, not a problem). */
  notEligibleLines: number[];
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
    gazetteer: input.gazetteer ?? null,
    territories: input.territories ?? [],
    eligibilityRule: input.eligibilityRule ?? null,
    communeChoices: input.communeChoices ?? null,
  };
  const communes = new Map<string, CommuneSummary>();
  const choices = new Map<string, CommuneChoice>();
  const outsideTerritoryLines: number[] = [];
  const notEligibleLines: number[] = [];

  const firstLineOfKey = new Map<string, number>();
  const rows: AnalysedRow[] = table.rows.map((row) => {
    const converted = convertRow(context, row);
    const { warnings, commune } = converted;
    if (commune) {
      const id = `${commune.typedPostalCode ?? ''}|${commune.typed}`;
      const summary = communes.get(id) ?? {
        typed: commune.typed,
        typedPostalCode: commune.typedPostalCode,
        status: commune.status,
        name: commune.name,
        postalCode: commune.postalCode,
        departmentCode: commune.departmentCode,
        localServiceId: commune.localServiceId,
        outsideTerritory: commune.outsideTerritory,
        lines: [],
      };
      summary.lines.push(row.line);
      communes.set(id, summary);
      if (commune.status === 'ambiguous' || commune.status === 'chosen') {
        const choice = choices.get(commune.choiceKey) ?? {
          key: commune.choiceKey,
          typed: commune.typed,
          typedPostalCode: commune.typedPostalCode,
          candidates: commune.candidates,
          lines: [],
          chosen: commune.status === 'chosen' ? input.communeChoices![commune.choiceKey]! : null,
        };
        choice.lines.push(row.line);
        choices.set(commune.choiceKey, choice);
      }
    }
    if (!converted.data)
      return { line: row.line, data: null, key: null, problems: converted.problems, warnings };
    if (commune?.outsideTerritory) outsideTerritoryLines.push(row.line);
    if (converted.notEligible) notEligibleLines.push(row.line);
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
        warnings,
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
    return { line: row.line, data: converted.data, key, problems: [], warnings };
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
    warnings: rows.flatMap((row) => row.warnings),
    ignoredLines: table.ignoredLines,
    communes: [...communes.values()],
    communeChoices: [...choices.values()],
    outsideTerritoryLines,
    notEligibleLines,
    totalRows: rows.length,
    validRows,
  };
}
