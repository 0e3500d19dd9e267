/**
 * Builds the offline commune gazetteer shipped with the app (assets/communes-fr.tsv.gz) from the
 * open-data file of French communes (La Poste postal codes with coordinates, Licence Ouverte).
 *
 *   npx tsx scripts/build-gazetteer.ts [path/to/communes-france-coordinates.csv]
 *
 * Default source: ../shared/data/communes-france-coordinates.csv, relative to the project root.
 * Output: gzip of tab-separated lines "postal code, department, name, latitude, longitude", one
 * per distinct (postal code, department, commune), sorted and rounded so that the file is
 * byte-identical from one run to the next (it is committed; diffs must mean data changes).
 * Rows without coordinates are kept with empty coordinates: the commune is known, not placeable.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { normalizePlaceName } from '../src/domain/geo/normalize.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(root, process.argv[2] ?? '../shared/data/communes-france-coordinates.csv');
const target = resolve(root, 'assets/communes-fr.tsv.gz');

const REQUIRED = [
  'code_postal',
  'libelle_acheminement',
  'latitude',
  'longitude',
  'nom_commune',
  'nom_commune_complet',
  'code_departement',
] as const;
type Row = Record<(typeof REQUIRED)[number], string>;

const records = parse(readFileSync(source), {
  columns: true,
  delimiter: ';',
  bom: true,
  trim: true,
  skip_empty_lines: true,
}) as Record<string, string | undefined>[];

// A renamed column would otherwise give an asset full of empty fields, silently.
const header = Object.keys(records[0] ?? {});
const missing = REQUIRED.filter((column) => !header.includes(column));
if (missing.length > 0) {
  console.error(`${source}: missing column(s) ${missing.join(', ')}`);
  process.exit(1);
}
const rows = records.map(
  (record) => Object.fromEntries(REQUIRED.map((column) => [column, record[column] ?? ''])) as Row,
);

// Codes lost their leading zeros in the source (postal code 1400 is 01400; department 1 is 01).
const postalCodeOf = (row: Row) =>
  /^\d{4,5}$/.test(row.code_postal) ? row.code_postal.padStart(5, '0') : null;

// Overseas collectivities whose postal code does not start with their INSEE code: Saint-Barthélemy
// and Saint-Martin kept Guadeloupe's 971xx, Clipperton is administered from Polynesia (987xx).
const OVERSEAS_BY_POSTAL_CODE: Readonly<Record<string, string>> = {
  '97133': '977',
  '97150': '978',
  '98799': '989',
};

function departmentOf(row: Row, postalCode: string): string {
  const code = row.code_departement.toUpperCase();
  if (/^\d$/.test(code)) return `0${code}`;
  // Overseas collectivities come as "97", "98" or nothing (New Caledonia); otherwise their INSEE
  // code is the postal code's first three digits (975 Saint-Pierre-et-Miquelon, 988 New Caledonia…).
  if ((code === '' || code === '97' || code === '98') && /^9[78]/.test(postalCode)) {
    return OVERSEAS_BY_POSTAL_CODE[postalCode] ?? postalCode.slice(0, 3);
  }
  return code; // "01".."95", "2A", "2B", "971".."976", "99" (Monaco) as given
}

function coordinate(value: string, min: number, max: number): string | null {
  if (value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && number >= min && number <= max ? number.toFixed(5) : null;
}

interface Line {
  postalCode: string;
  department: string;
  name: string;
  lat: string;
  lon: string;
  /** The row is the commune's own delivery line, not one of a former commune merged into it. */
  ownLine: boolean;
}

let skipped = 0;
let duplicates = 0;
let withoutCoordinates = 0;
const conflicts: string[] = [];
const lines = new Map<string, Line>();

for (const row of rows) {
  const postalCode = postalCodeOf(row);
  const name = row.nom_commune_complet || row.nom_commune;
  if (!postalCode || !name) {
    skipped++;
    continue;
  }
  const department = departmentOf(row, postalCode);
  const lat = coordinate(row.latitude, -90, 90);
  const lon = coordinate(row.longitude, -180, 180);
  const placed = lat !== null && lon !== null;
  const line: Line = {
    postalCode,
    department,
    name,
    lat: placed ? lat : '',
    lon: placed ? lon : '',
    ownLine: normalizePlaceName(row.libelle_acheminement) === normalizePlaceName(name),
  };

  // The source repeats a (postal code, commune) once per former commune or locality it serves.
  // The department is part of the key: Thièvres 62760 is two communes, in 62 and in 80.
  const key = `${postalCode}\t${department}\t${name}`;
  const previous = lines.get(key);
  if (!previous) {
    lines.set(key, line);
    continue;
  }
  duplicates++;
  if (previous.lat === line.lat && previous.lon === line.lon) continue;
  // Different coordinates for one commune (Bernwiller 68210: its own centre and merged
  // Ammertzwiller's): keep placed rows over unplaced ones, then the commune's own line, then the
  // first one met, so that the choice does not depend on anything but the data.
  const better =
    (line.lat !== '' && previous.lat === '') ||
    (line.lat !== '' && line.ownLine && !previous.ownLine);
  if (previous.lat !== '' && line.lat !== '') conflicts.push(key.replace(/\t/g, ' '));
  if (better) lines.set(key, line);
}

const output = [...lines.values()]
  .map((line) => {
    if (line.lat === '') withoutCoordinates++;
    return [line.postalCode, line.department, line.name, line.lat, line.lon].join('\t');
  })
  // Code-unit order (Array.prototype.sort), not locale order: identical on every machine.
  .sort();
const gzipped = gzipSync(`${output.join('\n')}\n`, { level: 9 });

mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, gzipped);

console.log(`Read ${rows.length} rows from ${source}`);
console.log(
  `Wrote ${output.length} (postal code, commune) lines to ${target} (${gzipped.length} bytes): ` +
    `${duplicates} duplicate rows merged, ${withoutCoordinates} lines without coordinates, ` +
    `${skipped} rows skipped (no postal code or name).`,
);
if (conflicts.length > 0) {
  console.log(`Communes given different coordinates (one kept): ${conflicts.join('; ')}`);
}
