/**
 * The right-of-access export as a French PDF a coordinator can hand over (pdfkit, standard
 * Helvetica fonts: no font file to ship). The standard fonts are encoded in WinAnsi, which covers
 * French (é è à ç œ ’ « » …); any character outside it (an emoji typed in a note) is replaced by
 * "?" rather than printed as a wrong glyph.
 */
import PDFDocument from 'pdfkit';
import { runInWorker } from '../threads/in-worker.js';
import {
  accessExportDocument,
  type AccessExport,
  type DocSection,
} from '../../domain/rights/access-export.js';

/** The characters WinAnsi (Windows-1252) adds to Latin-1's printable ones. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the standard fonts can print: spaces made plain, characters outside WinAnsi as "?". */
function printable(text: string): string {
  return [
    ...text
      .normalize('NFC')
      .replace(/[\u00a0\u202f\u2007\u2009]/g, ' ')
      .replace(/[\u2010\u2011]/g, '-'),
  ]
    .map((ch) => {
      const code = ch.codePointAt(0)!;
      if (ch === '\n' || ch === '\t') return ch;
      if (
        (code >= 0x20 && code <= 0x7e) ||
        (code >= 0xa0 && code <= 0xff) ||
        WIN_ANSI_EXTRA.has(ch)
      )
        return ch;
      return '?';
    })
    .join('');
}

const MARGIN = 56;
const INK = '#1b1b1b';
const MUTED = '#555555';
const ACCENT = '#000091';

function renderSection(doc: PDFKit.PDFDocument, section: DocSection) {
  const width = doc.page.width - 2 * MARGIN;
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.8);
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .fillColor(ACCENT)
    .text(printable(section.title), MARGIN, doc.y, { width });
  doc
    .moveTo(MARGIN, doc.y + 2)
    .lineTo(MARGIN + width, doc.y + 2)
    .lineWidth(0.5)
    .strokeColor(ACCENT)
    .stroke();
  doc.moveDown(0.5);
  if (!section.blocks.length) {
    doc
      .font('Helvetica-Oblique')
      .fontSize(10)
      .fillColor(MUTED)
      .text(printable(section.empty), MARGIN, doc.y, { width });
    return;
  }
  for (const block of section.blocks) {
    if (block.title) {
      if (doc.y > doc.page.height - MARGIN - 50) doc.addPage();
      doc.moveDown(0.3);
      doc
        .font('Helvetica-Bold')
        .fontSize(11)
        .fillColor(INK)
        .text(printable(block.title), MARGIN, doc.y, { width });
    }
    for (const item of block.lines) {
      if ('label' in item) {
        doc
          .font('Helvetica-Bold')
          .fontSize(10)
          .fillColor(INK)
          .text(`${printable(item.label)} : `, MARGIN, doc.y, { width, continued: true });
        doc.font('Helvetica').text(printable(item.value));
      } else {
        doc
          .font(item.muted ? 'Helvetica-Oblique' : 'Helvetica')
          .fontSize(10)
          .fillColor(item.muted ? MUTED : INK)
          .text(printable(item.text), MARGIN, doc.y, { width });
      }
    }
  }
}

/** The PDF, as bytes. */
export function accessExportPdf(data: AccessExport): Promise<Buffer> {
  const content = accessExportDocument(data);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: 'fr-FR',
    info: {
      Title: printable(content.title),
      Author: printable(data.organisation.name),
      Subject: 'Droit d’accès (RGPD, article 15)',
      Creator: 'Convivialité',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(Buffer.from(chunk)));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(20).fillColor(INK).text(printable(content.title), { width });
  doc.moveDown(0.5);
  for (const paragraph of content.lead)
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(MUTED)
      .text(printable(paragraph), { width })
      .moveDown(0.3);
  for (const section of content.sections) renderSection(doc, section);

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(
        printable(`${content.title} — page ${i + 1} sur ${range.count}`),
        MARGIN,
        doc.page.height - 36,
        { width, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

const PDF_WORKER_URL = new URL('./access-pdf-worker.ts', import.meta.url);

/** The PDF, built in a worker thread (access-pdf-worker.ts): the server answers meanwhile. */
export async function accessExportPdfInWorker(data: AccessExport): Promise<Buffer> {
  const pdf = await runInWorker<AccessExport, never, Uint8Array>(PDF_WORKER_URL, data, {
    label: 'access PDF builder',
    timeoutMs: 60_000,
  });
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
