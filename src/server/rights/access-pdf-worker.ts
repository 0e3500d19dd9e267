/** Builds the right-of-access PDF off the main thread (ADR 0021): laying out a long file takes CPU. */
import type { AccessExport } from '../../domain/rights/access-export.js';
import { serveInWorker } from '../threads/in-worker.js';
import { accessExportPdf } from './access-pdf.js';

serveInWorker<AccessExport, never, Uint8Array>(
  (data) => accessExportPdf(data),
  // Handed over rather than copied, unless the bytes share a buffer with others.
  (pdf) =>
    pdf.buffer instanceof ArrayBuffer &&
    pdf.byteOffset === 0 &&
    pdf.byteLength === pdf.buffer.byteLength
      ? [pdf.buffer]
      : [],
);
