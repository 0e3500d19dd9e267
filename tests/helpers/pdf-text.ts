/**
 * The text a PDF viewer shows, read back from a PDF written with the standard fonts (WinAnsi
 * encoding), for tests: every content stream is inflated, the strings shown by Tj / TJ are
 * decoded as Windows-1252, one line per text object. Independent of pdfkit's own code: a
 * character pdfkit encoded wrongly comes back wrong here, as it would on screen.
 */
import { inflateSync } from 'node:zlib';
import iconv from 'iconv-lite';

function streamsOf(pdf: Buffer): Buffer[] {
  const text = pdf.toString('latin1');
  const streams: Buffer[] = [];
  const marker = /(?<!end)stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = marker.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    const dictionary = text.slice(Math.max(0, text.lastIndexOf('<<', match.index)), match.index);
    const raw = pdf.subarray(start, end);
    if (/\/FlateDecode/.test(dictionary)) {
      try {
        streams.push(inflateSync(raw));
      } catch {
        // Not a content stream we can read (an image, a font): skipped.
      }
    } else {
      streams.push(raw);
    }
    marker.lastIndex = end;
  }
  return streams;
}

function literalBytes(body: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(ch.charCodeAt(0));
      continue;
    }
    const next = body[++i]!;
    const escapes: Record<string, number> = {
      n: 10,
      r: 13,
      t: 9,
      b: 8,
      f: 12,
      '(': 40,
      ')': 41,
      '\\': 92,
    };
    if (next in escapes) bytes.push(escapes[next]!);
    else if (/[0-7]/.test(next)) {
      const octal = body.slice(i, i + 3).match(/^[0-7]{1,3}/)![0];
      bytes.push(parseInt(octal, 8));
      i += octal.length - 1;
    }
  }
  return bytes;
}

/** The strings of one text object, in order: `<hex>` and `(literal)` operands. */
function stringsOf(textObject: string): Buffer {
  const bytes: number[] = [];
  const token = /<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g;
  let match: RegExpExecArray | null;
  while ((match = token.exec(textObject))) {
    if (match[1] !== undefined) {
      const hex = match[1].replace(/\s/g, '');
      for (let i = 0; i < hex.length; i += 2)
        bytes.push(parseInt(hex.slice(i, i + 2).padEnd(2, '0'), 16));
    } else {
      bytes.push(...literalBytes(match[2] ?? ''));
    }
  }
  return Buffer.from(bytes);
}

/** The lines of text of the PDF, as a viewer using WinAnsi shows them. */
function pdfTextLines(pdf: Buffer): string[] {
  const lines: string[] = [];
  for (const stream of streamsOf(pdf)) {
    const content = stream.toString('latin1');
    for (const block of content.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
      const shown = [
        ...block[1]!.matchAll(
          /(\[[\s\S]*?\]\s*TJ|<[0-9a-fA-F\s]*>\s*Tj|\((?:\\.|[^\\)])*\)\s*Tj)/g,
        ),
      ]
        .map((m) => m[0])
        .join(' ');
      const line = iconv.decode(stringsOf(shown), 'win1252');
      if (line.trim()) lines.push(line);
    }
  }
  return lines;
}

/** All the text, lines joined by spaces (a phrase wrapped over two lines still matches). */
export function pdfText(pdf: Buffer): string {
  return pdfTextLines(pdf).join(' ').replace(/\s+/g, ' ');
}
