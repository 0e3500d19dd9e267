/**
 * Reads an import file off the main thread (ADR 0021): decoding (base64, zip, XLSX, CSV
 * encodings), parsing and checking 20,000 rows takes seconds of CPU, during which the server
 * would answer nobody. Posts the rows in slices, then the rest of the analysis.
 */
import { analyseImport } from '../../domain/import/analyse.js';
import { loadGazetteer } from '../../geo/load-gazetteer.js';
import { serveInWorker } from '../threads/in-worker.js';
import { READ_SLICE, type ReaderInput, type ReaderResult, type ReaderSlice } from './read.js';

serveInWorker<ReaderInput, ReaderSlice, ReaderResult>(async (input, post) => {
  const { content, ...rest } = input;
  const bytes = typeof content === 'string' ? Buffer.from(content, 'base64') : content;
  // Register spellings of communes are resolved here, with the rows (loaded once per thread).
  const gazetteer = await loadGazetteer();
  const {
    rows,
    problems: _all,
    warnings: _warnings,
    ...analysis
  } = await analyseImport({ ...rest, bytes, gazetteer });
  for (let start = 0; start < rows.length; start += READ_SLICE)
    post(rows.slice(start, start + READ_SLICE));
  return analysis;
});
