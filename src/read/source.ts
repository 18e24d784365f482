import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StalkError } from '../core/errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface SniffResult {
  size: number;
  encoding: Encoding;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
  bom: boolean;
}

const SNIFF_BYTES = 64 * 1024;

/**
 * Checks that a path is a readable, non-empty file and reads the first bytes to pick an encoding.
 * The UTF-8 guess is confirmed (or replaced by Windows-1252) while the whole file is decoded.
 */
export async function sniffFile(path: string): Promise<SniffResult> {
  return sniffFileSync(path);
}

/**
 * `sniffFile` without waiting: a stat and one read of 64 KB cost less than handing each to the
 * thread pool and back (a few tenths of a millisecond each, several times per run).
 */
/** The error for a file that exists but cannot be read (`e` from the fs call that failed). */
export function unreadableFile(path: string, e: unknown): StalkError {
  return new StalkError(
    'E_FILE_UNREADABLE',
    `cannot read file (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`,
    { file: path },
  );
}

export function sniffFileSync(path: string): SniffResult {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new StalkError('E_IS_DIRECTORY', 'is a directory, not a CSV file', { file: path });
    size = st.size;
  } catch (e) {
    if (e instanceof StalkError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StalkError('E_FILE_NOT_FOUND', 'no such file', { file: path });
    throw unreadableFile(path, e);
  }
  if (size === 0) throw new StalkError('E_EMPTY_FILE', 'the file is empty', { file: path });
  const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw unreadableFile(path, e);
  }
  return { size, ...sniffBytes(head, path) };
}

/** Files people pass by mistake, known by their first bytes, so the error can say what they are. */
const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (an .xlsx or .ods workbook is one): save the sheet as CSV' },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'an old Excel workbook (.xls): save the sheet as CSV',
  },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive: unpack it first' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
];

export function sniffBytes(head: Buffer, path = '<input>'): { encoding: Encoding; bomLength: number; bom: boolean } {
  for (const m of MAGIC) {
    if (head.length >= m.bytes.length && m.bytes.every((b, i) => head[i] === b)) {
      throw new StalkError('E_BINARY', `looks like ${m.what}, not CSV text`, { file: path });
    }
  }
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bomLength: 3, bom: true };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe)
    return { encoding: 'utf-16le', bomLength: 2, bom: true };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff)
    return { encoding: 'utf-16be', bomLength: 2, bom: true };
  // UTF-16 without a BOM: every other byte NUL in ASCII text.
  let nulEven = 0;
  let nulOdd = 0;
  let controls = 0;
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      if (i % 2 === 0) nulEven++;
      else nulOdd++;
    } else if (b < 9 || (b > 13 && b < 32 && b !== 26)) controls++;
  }
  if (n >= 8 && nulOdd > n * 0.4 && nulEven === 0) return { encoding: 'utf-16le', bomLength: 0, bom: false };
  if (n >= 8 && nulEven > n * 0.4 && nulOdd === 0) return { encoding: 'utf-16be', bomLength: 0, bom: false };
  if (nulEven + nulOdd > 0 || controls > Math.max(2, n * 0.01)) {
    throw new StalkError('E_BINARY', 'looks like a binary file, not CSV text', { file: path });
  }
  return { encoding: 'utf-8', bomLength: 0, bom: false };
}
