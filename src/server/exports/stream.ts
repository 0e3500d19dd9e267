/**
 * Writing an export as it is read (ADR 0024): rows come page by page from the list's own query and
 * leave as CSV lines or XLSX rows, so a list of any length never sits whole in memory.
 */
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CSV_BOM, csvLine, headersOf, valuesOf, type Column } from '../../domain/exports/cells.js';
import type { ExportFormat } from '../../domain/exports/lists.js';

export interface ExportBody<Row> {
  format: ExportFormat;
  sheetName: string;
  columns: readonly Column<Row>[];
  /** The first page, already read (so a refusal or a bad filter is still an HTTP error). */
  first: Row[];
  /** The pages after it. */
  rest: AsyncIterator<Row[]>;
  /** Called once every row is written, with their number, before the file is closed. */
  done: (rows: number) => Promise<void>;
}

async function* allPages<Row>(body: ExportBody<Row>) {
  yield body.first;
  for (;;) {
    const next = await body.rest.next();
    if (next.done) return;
    yield next.value;
  }
}

async function* csvChunks<Row>(body: ExportBody<Row>) {
  yield CSV_BOM + csvLine(headersOf(body.columns));
  let rows = 0;
  for await (const page of allPages(body)) {
    rows += page.length;
    if (page.length) yield page.map((row) => csvLine(valuesOf(body.columns, row))).join('');
  }
  await body.done(rows);
}

function xlsxStream<Row>(body: ExportBody<Row>): Readable {
  const out = new PassThrough();
  // No shared strings, no styles: each row is written to the zip as it comes.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet(body.sheetName);
  void (async () => {
    // Every text is a plain string cell (exceljs writes a formula only from { formula }), and
    // already neutralised by valuesOf: a spreadsheet that re-reads it as CSV gets no formula.
    sheet.addRow(headersOf(body.columns)).commit();
    let rows = 0;
    for await (const page of allPages(body)) {
      // The reader went away: no more pages, no file, so no audit row either.
      if (out.destroyed) return;
      for (const row of page) sheet.addRow(valuesOf(body.columns, row)).commit();
      rows += page.length;
      // The reader is slower than the database: wait for it rather than buffer the whole file.
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
    }
    if (out.destroyed) return;
    await body.done(rows);
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

export function exportStream<Row>(body: ExportBody<Row>): Readable {
  // A byte stream (not one object per page): at most about one page is read ahead of the reader.
  return body.format === 'csv'
    ? Readable.from(csvChunks(body), { objectMode: false })
    : xlsxStream(body);
}
