import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StalkError } from '../core/errors.js';
import { gunzipFile } from './archive/gzip.js';
import type { ZipArchive, ZipEntry } from './archive/zip.js';
import { unreadableFile } from './source.js';

/**
 * Bytes that can be read from their start as often as needed: a file, the contents of a `.gz`
 * file, a member of a zip. The CSV tokenizer and the byte scanner read every input through this,
 * so a gzip file or a zip member is read as a file is, in constant memory.
 */
export interface ByteInput {
  /** How messages name it: a path, `archive.zip/2020-04/2020-04-city-of-london-street.csv`. */
  readonly name: string;
  /** Its bytes, when known before reading (a file, a zip member); null for gzip data. */
  readonly size: number | null;
  /** A guess at its bytes when `size` is null (gzip: four times the packed size, as CSV text packs). */
  readonly sizeHint?: number;
  open(): ByteReader;
}

export interface ByteReader {
  /** Reads up to `length` bytes into `into` at `offset`; 0 at the end. */
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  close(): void;
}

/** The error for a path that is missing or not a file, as every reader words it. */
export function statFile(path: string): number {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new StalkError('E_IS_DIRECTORY', 'is a directory, not a CSV file', { file: path });
    return st.size;
  } catch (e) {
    if (e instanceof StalkError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StalkError('E_FILE_NOT_FOUND', 'no such file', { file: path });
    throw unreadableFile(path, e);
  }
}

/** A file on disk, read with plain positioned reads (one copy from the page cache, no thread pool hop). */
export function fileInput(path: string, name = path): ByteInput {
  const size = statFile(path);
  return {
    name,
    size,
    open(): ByteReader {
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch (e) {
        throw unreadableFile(name, e);
      }
      let position = 0;
      return {
        async read(into, offset, length) {
          try {
            const got = readSync(fd, into, offset, length, position);
            position += got;
            return got;
          } catch (e) {
            throw unreadableFile(name, e);
          }
        },
        close: () => closeSync(fd),
      };
    },
  };
}

/** Chunks from a generator, handed out in the sizes asked for. */
function chunkReader(chunks: AsyncGenerator<Uint8Array>): ByteReader {
  let held: Uint8Array = new Uint8Array(0);
  let ended = false;
  return {
    async read(into, offset, length) {
      let got = 0;
      while (got < length) {
        if (held.length === 0) {
          if (ended) break;
          const next = await chunks.next();
          if (next.done) {
            ended = true;
            break;
          }
          held = next.value;
          continue;
        }
        const n = Math.min(held.length, length - got);
        into.set(held.subarray(0, n), offset + got);
        held = held.subarray(n);
        got += n;
        // A whole chunk is enough for a read: the caller asks again for more.
        if (held.length === 0) break;
      }
      return got;
    },
    close: () => void chunks.return(undefined),
  };
}

/** The unpacked contents of a `.gz` file, unpacked again on each opening. */
export function gzipInput(path: string, name = path): ByteInput {
  const packed = statFile(path);
  return { name, size: null, sizeHint: packed * 4, open: () => chunkReader(gunzipFile(path, undefined, 1 << 20)) };
}

/** A member of a zip archive (the archive stays open while its members are read). */
export function zipMemberInput(zip: ZipArchive, entry: ZipEntry, name: string): ByteInput {
  return { name, size: entry.size, open: () => chunkReader(zip.stream(entry, 1 << 20)) };
}

/** Bytes held in memory (tests, and small inputs). */
export function bufferInput(bytes: Uint8Array, name: string): ByteInput {
  return {
    name,
    size: bytes.length,
    open(): ByteReader {
      let position = 0;
      return {
        async read(into, offset, length) {
          const n = Math.min(length, bytes.length - position);
          into.set(bytes.subarray(position, position + n), offset);
          position += n;
          return n;
        },
        close: () => {},
      };
    },
  };
}

/** Reads up to `length` bytes from the start of an input (fewer when it is shorter). */
export async function readStart(input: ByteInput, length: number): Promise<Buffer> {
  const reader = input.open();
  try {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = await reader.read(buf, got, length - got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    reader.close();
  }
}

/** One file of CSV text in an input, and the line its header is on (in the file's own numbering). */
export interface CsvPart {
  input: ByteInput;
  headerLine: number;
}

/**
 * CSV text read as one input: one file, or several sharing a layout (a folder of monthly files),
 * read one after another with their lines numbered on (see `PartPlace`).
 */
export interface CsvText {
  name: string;
  parts: CsvPart[];
}

/** Where a part's lines sit among the input's: its line L is the input's line `lineOffset + L`. */
export interface PartPlace {
  name: string;
  lineOffset: number;
  /** Its data rows (records after its header). */
  dataRows: number;
}

/** The file and its own line for a line of an input read from several files. */
export function locateLine(places: readonly PartPlace[], line: number): { file: string; line: number } | null {
  if (places.length < 2) return null;
  let lo = 0;
  let hi = places.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (places[mid].lineOffset < line) lo = mid;
    else hi = mid - 1;
  }
  return { file: places[lo].name, line: line - places[lo].lineOffset };
}

export function csvTextOf(source: string | CsvText, headerLine: number): CsvText {
  return typeof source === 'string' ? { name: source, parts: [{ input: fileInput(source), headerLine }] } : source;
}
