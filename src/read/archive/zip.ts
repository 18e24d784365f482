import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { StalkError } from '../../core/errors.js';
import { unreadableFile } from '../source.js';
import { crc32 } from './crc32.js';
import { DEFAULT_LIMITS, formatBytes, overLimits, type UnpackLimits } from './limits.js';

export interface ZipEntry {
  name: string;
  /** Unpacked size, from the central directory (zip64 sizes included). */
  size: number;
  compressedSize: number;
  /** 0 stored, 8 deflate; anything else is refused when the entry is read. */
  method: number;
  encrypted: boolean;
  crc32: number;
  isDirectory: boolean;
  /** Where the entry's local header starts. */
  offset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
/** The end record sits within its own size plus a comment of at most 65,535 bytes from the end. */
const EOCD_SEARCH = EOCD_SIZE + 0xffff;
/** A central directory larger than this lists more files than any workbook or data download has. */
const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;

const METHOD_NAMES: Record<number, string> = {
  9: 'deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  99: 'AES',
};

function corrupt(path: string, message: string): StalkError {
  return new StalkError('E_ARCHIVE_CORRUPT', message, { file: path });
}

async function readAt(fh: FileHandle, path: string, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let got = 0;
  try {
    while (got < length) {
      const r = await fh.read(buf, got, length - got, position + got);
      if (r.bytesRead === 0) break;
      got += r.bytesRead;
    }
  } catch (e) {
    throw unreadableFile(path, e);
  }
  return got === length ? buf : buf.subarray(0, got);
}

/**
 * A zip file read through its central directory: entries are listed without unpacking anything,
 * and each is streamed on demand (stored or deflate) with its size and CRC-32 checked as it
 * comes out. Opening refuses an archive that would unpack past the limits.
 */
export class ZipArchive {
  private constructor(
    readonly path: string,
    readonly entries: readonly ZipEntry[],
    private readonly fh: FileHandle,
    private readonly fileSize: number,
  ) {}

  static async open(path: string, limits: UnpackLimits = DEFAULT_LIMITS): Promise<ZipArchive> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new StalkError('E_FILE_NOT_FOUND', 'no such file', { file: path });
      throw unreadableFile(path, e);
    }
    try {
      const fileSize = (await fh.stat()).size;
      const entries = await readCentralDirectory(fh, path, fileSize);
      let unpacked = 0;
      let packed = 0;
      for (const e of entries) {
        unpacked += e.size;
        packed += e.compressedSize;
      }
      const n = entries.length;
      const tooLarge = overLimits(
        path,
        `the archive's ${n} ${n === 1 ? 'entry' : 'entries'}`,
        unpacked,
        packed,
        limits,
      );
      if (tooLarge) throw tooLarge;
      return new ZipArchive(path, entries, fh, fileSize);
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  entry(name: string): ZipEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  /** The entry's unpacked bytes, chunk by chunk; throws when they do not match the directory. */
  async *stream(entry: ZipEntry, chunkBytes = 64 * 1024): AsyncGenerator<Buffer> {
    const path = this.path;
    if (entry.encrypted) {
      throw new StalkError(
        'E_ENCRYPTED',
        `the archive's entry ${entry.name} is password-protected: unpack it by hand`,
        { file: path },
      );
    }
    if (entry.method !== 0 && entry.method !== 8) {
      const how = METHOD_NAMES[entry.method] ?? `method ${entry.method}`;
      const message = `the archive's entry ${entry.name} is compressed with ${how}, which stalkstats cannot unpack`;
      throw new StalkError('E_ARCHIVE_UNSUPPORTED', `${message}: re-save it as an ordinary zip`, { file: path });
    }
    const local = await readAt(this.fh, path, entry.offset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) {
      throw corrupt(
        path,
        `the archive's entry ${entry.name} has no local header where the directory says (corrupt zip)`,
      );
    }
    const dataStart = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const cutShort = () =>
      corrupt(path, `the data of the archive's entry ${entry.name} is cut short (an incomplete download?)`);
    if (dataStart + entry.compressedSize > this.fileSize) throw cutShort();
    if (entry.compressedSize === 0) {
      if (entry.size === 0) return;
      throw cutShort();
    }

    const raw = createReadStream(path, {
      start: dataStart,
      end: dataStart + entry.compressedSize - 1,
      highWaterMark: chunkBytes,
    });
    let source: Readable = raw;
    if (entry.method === 8) {
      // The inflater runs in the thread pool, so unpacking overlaps with whatever reads the chunks.
      source = pipeline(raw, createInflateRaw({ chunkSize: chunkBytes }), () => {});
    }
    let got = 0;
    let crc = 0;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        got += chunk.length;
        if (got > entry.size) {
          const stated = `the ${formatBytes(entry.size)} its directory says`;
          const message = `the archive's entry ${entry.name} unpacks to more than ${stated}`;
          throw corrupt(path, `${message} (corrupt zip, or a zip bomb)`);
        }
        crc = crc32(chunk, crc);
        yield chunk;
      }
    } catch (e) {
      if (e instanceof StalkError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(String((e as Error).message))) throw cutShort();
      if (typeof code === 'string' && code.startsWith('Z_')) {
        throw corrupt(
          path,
          `the data of the archive's entry ${entry.name} is not valid deflate (${(e as Error).message}): a corrupt zip`,
        );
      }
      throw unreadableFile(path, e);
    } finally {
      raw.destroy();
      source.destroy();
    }
    if (got < entry.size) throw cutShort();
    if (crc >>> 0 !== entry.crc32) {
      throw corrupt(path, `the archive's entry ${entry.name} fails its CRC-32 check (corrupt zip)`);
    }
  }

  /** A small entry (a workbook's index, its styles) whole, refusing one over `maxBytes`. */
  async read(entry: ZipEntry, maxBytes = 256 * 1024 * 1024): Promise<Buffer> {
    if (entry.size > maxBytes) {
      const sizes = `${formatBytes(entry.size)}, more than the ${formatBytes(maxBytes)} expected of it`;
      throw new StalkError('E_ARCHIVE_TOO_LARGE', `the archive's entry ${entry.name} is ${sizes}`, { file: this.path });
    }
    const parts: Buffer[] = [];
    for await (const chunk of this.stream(entry)) parts.push(chunk);
    return Buffer.concat(parts);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

async function readCentralDirectory(fh: FileHandle, path: string, fileSize: number): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, fileSize - EOCD_SEARCH);
  const tail = await readAt(fh, path, tailStart, fileSize - tailStart);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + EOCD_SIZE + tail.readUInt16LE(i + 20) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) {
    throw corrupt(path, 'no end of central directory: not a complete zip file (cut short, or not a zip)');
  }
  const diskNumber = tail.readUInt16LE(at + 4);
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = at - 20;
    if (loc >= 0 && tail.readUInt32LE(loc) === ZIP64_LOCATOR) {
      const z64At = Number(tail.readBigUInt64LE(loc + 8));
      const z64 = await readAt(fh, path, z64At, 56);
      if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD)
        throw corrupt(path, 'the zip64 end record is missing (corrupt zip)');
      count = Number(z64.readBigUInt64LE(32));
      cdSize = Number(z64.readBigUInt64LE(40));
      cdOffset = Number(z64.readBigUInt64LE(48));
    }
  }
  if (diskNumber !== 0)
    throw new StalkError('E_ARCHIVE_UNSUPPORTED', 'a split (multi-part) zip archive: join the parts first', {
      file: path,
    });
  if (cdSize > MAX_CENTRAL_DIRECTORY) {
    throw new StalkError(
      'E_ARCHIVE_TOO_LARGE',
      `a zip directory of ${formatBytes(cdSize)} (too many entries to be a data file)`,
      { file: path },
    );
  }
  if (cdOffset + cdSize > fileSize) {
    throw corrupt(path, 'the zip directory lies past the end of the file (cut short, or a corrupt zip)');
  }
  const cd = await readAt(fh, path, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
      throw corrupt(path, `the zip directory is damaged at entry ${i + 1} of ${count}`);
    const flags = cd.readUInt16LE(p + 8);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length)
      throw corrupt(path, `the zip directory is damaged at entry ${i + 1} of ${count}`);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    let size = cd.readUInt32LE(p + 24);
    let compressedSize = cd.readUInt32LE(p + 20);
    let offset = cd.readUInt32LE(p + 42);
    if (size === 0xffffffff || compressedSize === 0xffffffff || offset === 0xffffffff) {
      // The zip64 extra field holds, in this order, only the values that overflowed.
      const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
      for (let q = 0; q + 4 <= extra.length; ) {
        const id = extra.readUInt16LE(q);
        const len = extra.readUInt16LE(q + 2);
        if (id === 0x0001) {
          let r = q + 4;
          const next = (): number => {
            if (r + 8 > q + 4 + len) throw corrupt(path, `the zip64 sizes of entry ${i + 1} are missing (corrupt zip)`);
            const v = Number(extra.readBigUInt64LE(r));
            r += 8;
            return v;
          };
          if (size === 0xffffffff) size = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (offset === 0xffffffff) offset = next();
          break;
        }
        q += 4 + len;
      }
    }
    const name = decodeName(nameBytes, (flags & 0x800) !== 0);
    entries.push({
      name,
      size,
      compressedSize,
      method: cd.readUInt16LE(p + 10),
      encrypted: (flags & 1) !== 0,
      crc32: cd.readUInt32LE(p + 16),
      isDirectory: name.endsWith('/'),
      offset,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Names flagged UTF-8 are; unflagged ones are often UTF-8 too, else read as Latin-1. */
function decodeName(bytes: Uint8Array, flaggedUtf8: boolean): string {
  if (flaggedUtf8) return new TextDecoder('utf-8').decode(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}
