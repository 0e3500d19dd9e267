/**
 * Bytes of a text file (CSV) → text. Services export their spreadsheets from Excel in whatever
 * encoding the machine uses: UTF-8 (with or without the BOM Excel adds), Windows-1252 (Excel
 * "CSV (séparateur : point-virgule)" on a French Windows), sometimes UTF-16 ("Texte Unicode").
 * Pure.
 */
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const ENCODING_LABELS: Readonly<Record<TextEncoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (avec BOM)',
  'utf-16le': 'UTF-16 (Texte Unicode)',
  'utf-16be': 'UTF-16 (Texte Unicode)',
  'windows-1252': 'Windows-1252 (ANSI)',
};

export interface DecodedText {
  text: string;
  /** The encoding detected, reported to the user. */
  encoding: TextEncoding;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A BOM decides; otherwise text that is valid UTF-8 is UTF-8 (a Windows-1252 file with accents
 * is almost never valid UTF-8), and anything else is read as Windows-1252, which maps every byte.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  }
  return decodeUtf8OrLatin(bytes);
}

function decodeUtf8OrLatin(bytes: Uint8Array): DecodedText {
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'windows-1252'), encoding: 'windows-1252' };
  }
}
