/**
 * Reading an import file in a worker thread (read-worker.ts, ADR 0021): the main thread only
 * gathers the rows it sends, a slice at a time, so it keeps answering while a 20,000-row file is
 * decoded and checked.
 */
import type { AnalyseInput, AnalysedRow, Analysis } from '../../domain/import/analyse.js';
import { ImportFileError } from '../../domain/import/parse.js';
import { runInWorker, WorkerFailure } from '../threads/in-worker.js';

/** Rows per message from the worker: each is taken in on the main thread in a short task. */
export const READ_SLICE = 500;

/** The file as bytes (command line) or as the base64 text the API received (decoded there). */
export type ReaderInput = Omit<AnalyseInput, 'bytes' | 'gazetteer'> & {
  content: Uint8Array | string;
};
export type ReaderSlice = AnalysedRow[];
export type ReaderResult = Omit<Analysis, 'rows' | 'problems' | 'warnings'>;

const READER_URL = new URL('./read-worker.ts', import.meta.url);

/**
 * Reads and checks the file in a worker. A refusal of the file is the same `ImportFileError` as
 * in the main thread; a worker that crashes or outlives `timeoutMs` is a `WorkerFailure`.
 */
export async function readImportFile(input: ReaderInput, timeoutMs: number): Promise<Analysis> {
  const rows: AnalysedRow[] = [];
  try {
    const analysis = await runInWorker<ReaderInput, ReaderSlice, ReaderResult>(READER_URL, input, {
      label: 'import reader',
      onMessage: (slice) => {
        for (const row of slice) rows.push(row);
      },
      timeoutMs,
      // 20,000 rows of 200 columns fit well within it; a file that does not is refused, not the server.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    return {
      ...analysis,
      rows,
      problems: rows.flatMap((row) => row.problems),
      warnings: rows.flatMap((row) => row.warnings),
    };
  } catch (error) {
    if (error instanceof WorkerFailure && error.remote?.name === 'ImportFileError') {
      const { code, details, operatorReason } = error.remote.fields as {
        code: string;
        details: Record<string, unknown>;
        operatorReason: string | null;
      };
      throw new ImportFileError(error.remote.message, code, details, operatorReason);
    }
    throw error;
  }
}
