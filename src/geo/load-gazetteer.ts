/**
 * Loads the commune gazetteer from the asset built by scripts/build-gazetteer.ts, once per
 * process and only when first needed (about 36,000 rows, a few tens of milliseconds).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Gazetteer, parseGazetteerLines } from '../domain/geo/gazetteer.js';

/**
 * Resolved from this module, not from the working directory: the CLI, the server and the tests
 * run from anywhere. src/geo/ and a compiled dist/geo/ are both two levels below the root.
 */
const GAZETTEER_ASSET_PATH = fileURLToPath(
  new URL('../../assets/communes-fr.tsv.gz', import.meta.url),
);

let loading: Promise<Gazetteer> | null = null;

/** The shared gazetteer (memoized: concurrent first calls share one read). */
export function loadGazetteer(): Promise<Gazetteer> {
  loading ??= readGazetteer(GAZETTEER_ASSET_PATH).catch((error: unknown) => {
    // Do not memoize a failure: the asset may be built while the server runs.
    loading = null;
    throw error;
  });
  return loading;
}

/** Reads a gazetteer asset (tests, tools); no memoization. */
async function readGazetteer(path: string): Promise<Gazetteer> {
  let compressed: Buffer;
  try {
    compressed = await readFile(path);
  } catch (error) {
    throw new Error(
      `Commune gazetteer not readable at ${path}; build it with "npm run gazetteer:build".`,
      { cause: error },
    );
  }
  const rows = parseGazetteerLines(gunzipSync(compressed).toString('utf8'));
  if (rows.length === 0) throw new Error(`Commune gazetteer at ${path} is empty.`);
  return new Gazetteer(rows);
}
