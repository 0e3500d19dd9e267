/**
 * Builds .xlsx files by hand (a minimal zip writer) to test the bounded reading: a valid workbook
 * whose sheet1.xml is hundreds of megabytes of repeated XML compressed to about one, declared
 * honestly or with lying sizes in its headers. The big part is deflated as a stream, so building
 * it never holds the uncompressed sheet in memory.
 */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

interface Part {
  name: string;
  compressed: Buffer;
  crc: number;
  /** What the headers declare; the real size when honest. */
  declaredSize: number;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Personnes" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
const SHEET_TAIL = `</sheetData></worksheet>`;

const HEADER = `<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c><c r="B1" t="inlineStr"><is><t>Prénom</t></is></c><c r="C1" t="inlineStr"><is><t>Date de naissance</t></is></c></row>`;
const row = (n: number) =>
  `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t>Dupont</t></is></c><c r="B${n}" t="inlineStr"><is><t>Marie</t></is></c><c r="C${n}" t="inlineStr"><is><t>12/03/1941</t></is></c></row>`;

function smallPart(name: string, text: string): Part {
  const raw = Buffer.from(text, 'utf8');
  return { name, compressed: deflateRawSync(raw), crc: crc32(raw), declaredSize: raw.length };
}

/** A sheet of `bytes` uncompressed bytes (rows of the same person), deflated as a stream. */
async function bigSheet(bytes: number): Promise<{ compressed: Buffer; size: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  // One megabyte of rows repeated: the same bytes compress to almost nothing.
  const unit = Buffer.from(row(2).repeat(6000), 'utf8');
  let size = 0;
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve) => {
      size += chunk.length;
      if (deflate.write(chunk)) resolve();
      else deflate.once('drain', () => resolve());
    });
  await write(Buffer.from(SHEET_HEAD + HEADER));
  while (size < bytes) await write(unit);
  await write(Buffer.from(SHEET_TAIL));
  deflate.end();
  await ended;
  return { compressed: Buffer.concat(out), size };
}

/** A zip of deflated parts (the big sheet's CRC is 0: nobody may read it far enough to check). */
function zipOf(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(part.compressed.length, 18);
    local.writeUInt32LE(part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, part.compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.crc, 16);
    central.writeUInt32LE(part.compressed.length, 20);
    central.writeUInt32LE(part.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + part.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A valid .xlsx whose sheet unzips to about `uncompressedBytes`. `lie`: the headers declare the
 * sheet as 2 KB (a reader trusting them would inflate it all).
 */
export async function zipBombXlsx(
  uncompressedBytes: number,
  options: { lie?: boolean } = {},
): Promise<Buffer> {
  const sheet = await bigSheet(uncompressedBytes);
  return zipOf([
    smallPart('[Content_Types].xml', CONTENT_TYPES),
    smallPart('_rels/.rels', ROOT_RELS),
    smallPart('xl/workbook.xml', WORKBOOK),
    smallPart('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    {
      name: 'xl/worksheets/sheet1.xml',
      compressed: sheet.compressed,
      crc: 0,
      declaredSize: options.lie ? 2048 : sheet.size,
    },
  ]);
}

/** The same writer, for a small honest workbook of different people (the writer itself is right). */
export function smallXlsx(rows: number): Buffer {
  const person = (n: number) =>
    `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t>Petit${String(n).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}</t></is></c><c r="B${n}" t="inlineStr"><is><t>Marie</t></is></c><c r="C${n}" t="inlineStr"><is><t>12/03/1941</t></is></c><c r="D${n}" t="inlineStr"><is><t>03 44 45 12 34</t></is></c></row>`;
  // A phone: an imported person must be reachable (issue 11).
  const header = HEADER.replace(
    '</row>',
    '<c r="D1" t="inlineStr"><is><t>Téléphone</t></is></c></row>',
  );
  const sheet =
    SHEET_HEAD +
    header +
    Array.from({ length: rows }, (_, i) => person(i + 2)).join('') +
    SHEET_TAIL;
  return zipOf([
    smallPart('[Content_Types].xml', CONTENT_TYPES),
    smallPart('_rels/.rels', ROOT_RELS),
    smallPart('xl/workbook.xml', WORKBOOK),
    smallPart('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    smallPart('xl/worksheets/sheet1.xml', sheet),
  ]);
}
