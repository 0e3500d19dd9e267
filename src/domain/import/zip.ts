/**
 * An .xlsx is a zip: a 1 MB file can unzip to gigabytes (a "zip bomb"). Before the spreadsheet
 * reader inflates anything, `checkZip` reads the central directory (yauzl) and refuses a file
 * whose entries declare too much, or compress absurdly well; then it inflates every entry into
 * nothing, counting bytes, and stops as soon as the total passes the limit, because declared
 * sizes can lie. It also refuses bytes hidden between entries (a streaming unzipper reading local
 * headers would find entries the central directory does not list). Memory stays that of one
 * inflate stream; a refusal comes after at most `maxUncompressedBytes` inflated.
 */
import yauzl from 'yauzl';
import type { Readable } from 'node:stream';

export interface ZipLimits {
  /** All entries together, once unzipped. */
  maxUncompressedBytes: number;
  maxEntries: number;
  /** Uncompressed / compressed, for entries larger than `ratioFromBytes`. */
  maxRatio: number;
  ratioFromBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUncompressedBytes: 50 * 1024 * 1024,
  maxEntries: 1000,
  maxRatio: 100,
  ratioFromBytes: 1024 * 1024,
};

/** Why a zip is refused: `reason` in English for the operators' log. */
export class ZipRefusal extends Error {
  constructor(
    readonly kind: 'too_large' | 'too_many_entries' | 'ratio' | 'malformed',
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'ZipRefusal';
  }
}

interface EntryInfo {
  entry: yauzl.Entry;
  offset: number;
}

const LOCAL_HEADER = 0x04034b50;
/** A data descriptor (bit 3): 12 or 16 bytes, 20 or 24 in zip64, with its optional signature. */
const DESCRIPTOR_SIZES = [0, 12, 16, 20, 24];

function open(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, validateEntrySizes: true, autoClose: false },
      (error, zip) =>
        error || !zip
          ? reject(new ZipRefusal('malformed', `unreadable zip: ${error?.message}`))
          : resolve(zip),
    ),
  );
}

function listEntries(zip: yauzl.ZipFile, limits: ZipLimits): Promise<EntryInfo[]> {
  return new Promise((resolve, reject) => {
    const entries: EntryInfo[] = [];
    let declared = 0;
    zip.on('error', (error: Error) =>
      reject(
        error instanceof ZipRefusal
          ? error
          : new ZipRefusal('malformed', `unreadable zip: ${error.message}`),
      ),
    );
    zip.on('entry', (entry: yauzl.Entry) => {
      declared += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (
        entry.uncompressedSize > limits.maxUncompressedBytes ||
        declared > limits.maxUncompressedBytes
      )
        return reject(
          new ZipRefusal(
            'too_large',
            `declared uncompressed size ${declared} bytes (entry ${entry.fileName}) over ${limits.maxUncompressedBytes}`,
          ),
        );
      if (entry.uncompressedSize > limits.ratioFromBytes && ratio > limits.maxRatio)
        return reject(
          new ZipRefusal(
            'ratio',
            `entry ${entry.fileName} compression ratio ${Math.round(ratio)}:1 over ${limits.maxRatio}:1`,
          ),
        );
      entries.push({ entry, offset: entry.relativeOffsetOfLocalHeader });
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.readEntry();
  });
}

/** Every byte before the central directory belongs to a listed entry: nothing hidden. */
function checkContiguous(buffer: Buffer, entries: EntryInfo[], centralDirectoryOffset: number) {
  const sorted = [...entries].sort((a, b) => a.offset - b.offset);
  let expected = 0;
  for (const { entry, offset } of sorted) {
    const gap = offset - expected;
    if (!DESCRIPTOR_SIZES.includes(gap) || (gap > 0 && expected === 0))
      throw new ZipRefusal('malformed', `unlisted bytes before entry ${entry.fileName}`);
    if (offset + 30 > buffer.length || buffer.readUInt32LE(offset) !== LOCAL_HEADER)
      throw new ZipRefusal('malformed', `no local header for entry ${entry.fileName}`);
    const nameLength = buffer.readUInt16LE(offset + 26);
    const extraLength = buffer.readUInt16LE(offset + 28);
    expected = offset + 30 + nameLength + extraLength + entry.compressedSize;
  }
  if (!DESCRIPTOR_SIZES.includes(centralDirectoryOffset - expected))
    throw new ZipRefusal('malformed', 'unlisted bytes before the central directory');
}

function inflateCounting(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  budget: { left: number; limit: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream?: Readable) => {
      if (error || !stream)
        return reject(new ZipRefusal('malformed', `entry ${entry.fileName}: ${error?.message}`));
      stream.on('data', (chunk: Buffer) => {
        budget.left -= chunk.length;
        if (budget.left < 0) {
          stream.destroy();
          reject(
            new ZipRefusal(
              'too_large',
              `inflated bytes over ${budget.limit} in entry ${entry.fileName} (declared sizes lie)`,
            ),
          );
        }
      });
      stream.on('error', (streamError: Error) =>
        reject(
          // yauzl checks each entry against its declared size: more bytes is a lying entry.
          new ZipRefusal(
            /too many bytes/i.test(streamError.message) ? 'too_large' : 'malformed',
            `entry ${entry.fileName}: ${streamError.message}`,
          ),
        ),
      );
      stream.on('end', () => resolve());
    });
  });
}

/** Throws a {@link ZipRefusal} when the zip is not safe to give to a spreadsheet reader. */
export async function checkZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await open(buffer);
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new ZipRefusal(
        'too_many_entries',
        `${zip.entryCount} entries over ${limits.maxEntries}`,
      );
    // yauzl keeps where the central directory starts as its first read position.
    const centralDirectoryOffset = (zip as unknown as { readEntryCursor: number }).readEntryCursor;
    const entries = await listEntries(zip, limits);
    checkContiguous(buffer, entries, centralDirectoryOffset);
    const budget = { left: limits.maxUncompressedBytes, limit: limits.maxUncompressedBytes };
    for (const { entry } of entries) {
      if (entry.fileName.endsWith('/')) continue;
      await inflateCounting(zip, entry, budget);
    }
  } finally {
    zip.close();
  }
}
