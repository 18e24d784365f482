import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { StalkError } from '../core/errors.js';
import { compoundFileNames, isCompoundFile } from './archive/ole.js';
import type { ZipArchive } from './archive/zip.js';
import { sniffBytes, unreadableFile } from './source.js';

/** What a file is, from its first bytes and (for zip and OLE containers) the names inside. */
export type FileKind =
  /** Text: a CSV file, or another delimited text (the encoding is sniffed when it is read). */
  | { kind: 'text' }
  | { kind: 'gzip' }
  | { kind: 'xlsx' }
  | { kind: 'ods' }
  /** A zip that is not a workbook: an archive of files, or another office document (`what`). */
  | { kind: 'zip'; what: string | null }
  /** An Office workbook saved with a password: an OLE container holding an encrypted package. */
  | { kind: 'encrypted-workbook' }
  /** An Excel 97-2003 workbook, or another old Office document (`what`). */
  | { kind: 'xls'; what: string | null }
  | { kind: 'html' }
  | { kind: 'pdf' }
  | { kind: 'image'; format: string }
  /** Not text, and none of the above. */
  | { kind: 'binary' };

const HEAD_BYTES = 64 * 1024;

const IMAGES: { format: string; bytes: (number | null)[] }[] = [
  { format: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { format: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { format: 'TIFF', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { format: 'TIFF', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { format: 'WebP', bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50] },
];

function startsWith(head: Uint8Array, bytes: readonly (number | null)[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => b === null || head[i] === b);
}

/**
 * A page saved from a browser: `<!DOCTYPE html`, `<html`, `<head` or `<body` first, after any
 * byte-order mark, whitespace, XML declaration or comments. (A "download" link that led to a
 * sign-in or error page, or Excel's "web page" export, saved under the name of the file.)
 */
function isHtml(head: Uint8Array): boolean {
  let text: string;
  if (head[0] === 0xff && head[1] === 0xfe) text = new TextDecoder('utf-16le').decode(head.subarray(2, 2050));
  else if (head[0] === 0xfe && head[1] === 0xff) text = new TextDecoder('utf-16be').decode(head.subarray(2, 2050));
  else text = new TextDecoder('utf-8').decode(head.subarray(0, 1024));
  const start = text
    .replace(/^\uFEFF/, '')
    .replace(/^\s*(<\?xml[^>]*\?>)?(\s*<!--[\s\S]*?-->)*\s*/i, '')
    .slice(0, 16)
    .toLowerCase();
  return /^<(!doctype\s+html|html|head|body)[\s>]/.test(start);
}

/**
 * What the first bytes say. A zip or OLE container is reported as 'zip' or 'xls' here; `fileKind`
 * looks inside to tell workbooks from other archives and encrypted workbooks from old ones.
 */
export function kindOfBytes(head: Uint8Array): FileKind {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return { kind: 'zip', what: null };
  }
  if (startsWith(head, [0x1f, 0x8b])) return { kind: 'gzip' };
  if (isCompoundFile(head)) return { kind: 'xls', what: null };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { kind: 'pdf' };
  for (const img of IMAGES) if (startsWith(head, img.bytes)) return { kind: 'image', format: img.format };
  if (isHtml(head)) return { kind: 'html' };
  try {
    sniffBytes(Buffer.from(head.buffer, head.byteOffset, head.byteLength));
    return { kind: 'text' };
  } catch (e) {
    if (e instanceof StalkError && e.code === 'E_BINARY') return { kind: 'binary' };
    throw e;
  }
}

const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/** Tells an .xlsx or .ods workbook from other zips by the names (and ODS mimetype) inside. */
export async function zipKind(zip: ZipArchive): Promise<FileKind> {
  const names = new Set(zip.entries.map((e) => e.name));
  const mimetypeEntry = zip.entry('mimetype');
  if (mimetypeEntry && mimetypeEntry.size < 256) {
    const mimetype = (await zip.read(mimetypeEntry)).toString('latin1').trim();
    if (mimetype === ODS_MIMETYPE || mimetype === `${ODS_MIMETYPE}-template`) return { kind: 'ods' };
    const sort = /^application\/vnd\.oasis\.opendocument\.([a-z-]+)$/.exec(mimetype)?.[1];
    if (sort) return { kind: 'zip', what: `an OpenDocument ${sort.replace(/-/g, ' ')} file, not a spreadsheet` };
  }
  if (names.has('[Content_Types].xml')) {
    if ([...names].some((n) => /^xl\/[^/]*workbook[^/]*\.xml$/i.test(n))) return { kind: 'xlsx' };
    if (names.has('word/document.xml')) return { kind: 'zip', what: 'a Word document (.docx), not a workbook' };
    if (names.has('ppt/presentation.xml'))
      return { kind: 'zip', what: 'a PowerPoint presentation (.pptx), not a workbook' };
  }
  return { kind: 'zip', what: null };
}

/** Reads the first bytes (and, for containers, their directory) to say what the file is. */
export async function fileKind(path: string): Promise<FileKind> {
  const head = readHead(path);
  const first = kindOfBytes(head);
  if (first.kind === 'zip') {
    // Only the directory is read here; the unpack limits apply when something is read.
    const { ZipArchive } = await import('./archive/zip.js');
    const zip = await ZipArchive.open(path, { maxBytes: Infinity, maxRatio: Infinity, ratioFloorBytes: 0 });
    try {
      return await zipKind(zip);
    } finally {
      await zip.close();
    }
  }
  if (first.kind === 'xls') {
    const names = (await compoundFileNames(path)) ?? [];
    if (names.includes('EncryptedPackage')) return { kind: 'encrypted-workbook' };
    if (names.includes('Workbook') || names.includes('Book')) return { kind: 'xls', what: null };
    if (names.includes('WordDocument')) return { kind: 'xls', what: 'an old Word document (.doc), not a workbook' };
    if (names.includes('PowerPoint Document'))
      return { kind: 'xls', what: 'an old PowerPoint file (.ppt), not a workbook' };
    return { kind: 'xls', what: 'an old Office document of an unknown kind (an OLE compound file), not a workbook' };
  }
  return first;
}

export function readHead(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new StalkError('E_FILE_NOT_FOUND', 'no such file', { file: path });
    if ((e as NodeJS.ErrnoException).code === 'EISDIR')
      throw new StalkError('E_IS_DIRECTORY', 'is a directory, not a file', { file: path });
    throw unreadableFile(path, e);
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    let got: number;
    try {
      got = readSync(fd, buf, 0, HEAD_BYTES, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EISDIR')
        throw new StalkError('E_IS_DIRECTORY', 'is a directory, not a file', { file: path });
      throw unreadableFile(path, e);
    }
    if (got === 0) throw new StalkError('E_EMPTY_FILE', 'the file is empty', { file: path });
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/**
 * The one-line error for a file that holds no table stalkstats can read, saying what it is and
 * what to do; null for the kinds that can be read (text, gzip, xlsx, ods, and a zip of files).
 */
export function notATableError(path: string, kind: FileKind): StalkError | null {
  const ext = extname(path).toLowerCase();
  const named = ext ? ` saved with a ${ext} name` : '';
  const expected = ['.xlsx', '.xlsm', '.xls', '.ods'].includes(ext)
    ? 'a workbook'
    : ext === '.csv'
      ? 'CSV data'
      : 'a data file';
  const fail = (message: string) => new StalkError('E_NOT_A_TABLE_FILE', message, { file: path });
  switch (kind.kind) {
    case 'text':
    case 'gzip':
    case 'xlsx':
    case 'ods':
      return null;
    case 'zip':
      return kind.what ? fail(`looks like ${kind.what}`) : null;
    case 'encrypted-workbook':
      return new StalkError(
        'E_ENCRYPTED',
        'is a password-protected workbook: open it with its password and save a copy without one, ' +
          'or save the sheet as CSV',
        { file: path },
      );
    case 'xls':
      return fail(
        kind.what
          ? `looks like ${kind.what}`
          : 'is an old Excel 97-2003 workbook (.xls): save it as .xlsx or the sheet as CSV',
      );
    case 'html':
      return fail(`looks like a web page (HTML)${named}, not ${expected}: download the file itself`);
    case 'pdf':
      return fail(`is a PDF document${named}, not ${expected}: download the CSV or spreadsheet version`);
    case 'image':
      return fail(`is a ${kind.format} image${named}, not ${expected}`);
    case 'binary':
      return fail(`is a binary file${named}, not CSV text or a workbook`);
  }
}
