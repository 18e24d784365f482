import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { StalkError } from '../core/errors.js';
import { gzipStatedSize } from './archive/gzip.js';
import { DEFAULT_LIMITS, overLimits, type UnpackLimits } from './archive/limits.js';
import { type ByteInput, fileInput, gzipInput, readStart, statFile, zipMemberInput } from './byteInput.js';
import { fileKind, kindOfBytes, notATableError } from './kind.js';
import type { SheetInfo, Workbook } from './workbook/index.js';

/**
 * What the names on a command line stand for: files, folders, zip archives of files, `.gz` files,
 * workbooks and glob patterns, opened as units the loader reads one by one. A unit is CSV text (a
 * byte stream, whatever it came in) or one sheet of a workbook.
 */
export type InputUnit =
  | {
      kind: 'text';
      input: ByteInput;
      /** The folder, archive or pattern it was found in (its files may be read as one input), or null. */
      from: string | null;
    }
  | { kind: 'sheet'; name: string; workbook: Workbook; sheet: string; from: string };

/** A file or sheet that was passed over, and why. */
export interface SkippedUnit {
  name: string;
  reason: string;
}

export interface OpenedInputs {
  units: InputUnit[];
  skipped: SkippedUnit[];
  /** Closes the archives and workbooks the units read from. */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Read only this sheet of each workbook. */
  sheet?: string;
  limits?: UnpackLimits;
  /** Names standing for another file: `-` for standard input, spooled to a file. */
  aliases?: Map<string, { path: string; name: string }>;
}

const GLOB = /[*?[]/;

/** Files in a folder and its sub-folders, in name order (as `ls -R` lists them, sub-folders in turn). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile() || e.isSymbolicLink()) out.push(p);
  }
  return out;
}

/** A glob segment (`*`, `?`, `[abc]`) as a regular expression. */
function segmentPattern(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${segment
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The files a pattern matches, sorted: `*`, `?` and `[...]` within a name, `**` for any depth of
 * folders. A shell expands unquoted patterns itself; this is for quoted ones (and Windows).
 */
export function expandGlob(pattern: string): string[] {
  const parts = pattern.split(/[\\/]/);
  const firstGlob = parts.findIndex((p) => GLOB.test(p));
  const base = firstGlob === 0 ? (pattern.startsWith('/') ? '/' : '.') : parts.slice(0, firstGlob).join(sep) || sep;
  const rest = parts.slice(firstGlob);
  const out: string[] = [];
  const walk = (dir: string, k: number) => {
    if (k === rest.length) {
      out.push(dir);
      return;
    }
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
    const names = readdirSync(dir).sort();
    if (rest[k] === '**') {
      walk(dir, k + 1);
      for (const n of names) if (statSync(join(dir, n)).isDirectory()) walk(join(dir, n), k);
      return;
    }
    const re = segmentPattern(rest[k]);
    for (const n of names)
      if (re.test(n) && !(n.startsWith('.') && !rest[k].startsWith('.'))) walk(join(dir, n), k + 1);
  };
  walk(base, 0);
  return [...new Set(out)].filter((p) => statSync(p).isFile()).sort();
}

const asRelative = (dir: string, p: string) => relative(dir, p).split(sep).join('/');

/**
 * Opens the inputs named: each file by what it is (known by its first bytes, not its name), each
 * folder as every file under it, each glob pattern as the files it matches. Inside a folder or
 * archive, a file that holds no table (a PDF, an image) is listed as skipped; named on its own,
 * it is an error that says what it is. Nothing is unpacked before the archive's sizes are checked.
 */
export async function openInputs(names: string[], options: OpenOptions = {}): Promise<OpenedInputs> {
  const units: InputUnit[] = [];
  const skipped: SkippedUnit[] = [];
  const closers: (() => Promise<void>)[] = [];
  const limits = options.limits ?? DEFAULT_LIMITS;
  const close = async () => {
    for (const c of closers.splice(0)) await c();
  };

  const addFile = async (path: string, name: string, from: string | null): Promise<void> => {
    const kind = await fileKind(path);
    if (kind.kind === 'text') units.push({ kind: 'text', input: fileInput(path, name), from });
    else if (kind.kind === 'gzip') {
      const { unpacked, packed } = gzipStatedSize(path);
      // Deflate packs at most 1,032 to 1: a trailer stating more is not one (a file cut short).
      const plausible = unpacked <= packed * 1032;
      const tooLarge = plausible && overLimits(name, 'the gzip data (as its trailer states)', unpacked, packed, limits);
      if (tooLarge) throw tooLarge;
      units.push({ kind: 'text', input: gzipInput(path, name), from });
    } else if (kind.kind === 'xlsx' || kind.kind === 'ods') await addWorkbook(path, name);
    else if (kind.kind === 'zip' && !kind.what) await addArchive(path, name);
    else {
      const error = notATableError(path, kind)!;
      if (from === null) throw error;
      skipped.push({ name, reason: error.message });
    }
  };

  const addWorkbook = async (path: string, name: string): Promise<void> => {
    // Workbooks and archives are read by code loaded only when one is met: most inputs are CSV.
    const { openWorkbook } = await import('./workbook/index.js');
    const workbook = await openWorkbook(path, limits);
    closers.push(() => workbook.close());
    const sheets: SheetInfo[] = options.sheet
      ? [workbook.sheets.find((s) => s.name === options.sheet) ?? missingSheet(name, workbook.sheets, options.sheet)]
      : [...workbook.sheets];
    for (const s of sheets) {
      const unitName = `${name} [${s.name}]`;
      if (s.hidden && !options.sheet)
        skipped.push({ name: unitName, reason: 'a hidden sheet (--sheet NAME reads it)' });
      else units.push({ kind: 'sheet', name: unitName, workbook, sheet: s.name, from: name });
    }
  };

  const addArchive = async (path: string, name: string): Promise<void> => {
    const { ZipArchive } = await import('./archive/zip.js');
    const zip = await ZipArchive.open(path, limits);
    closers.push(() => zip.close());
    const members = zip.entries.filter((e) => !e.isDirectory);
    const before = units.length;
    for (const entry of members) {
      const memberName = `${name}/${entry.name}`;
      const input = zipMemberInput(zip, entry, memberName);
      const head = entry.size === 0 ? Buffer.alloc(0) : await readStart(input, 64 * 1024);
      const kind = head.length === 0 ? null : kindOfBytes(head);
      if (kind?.kind === 'text') units.push({ kind: 'text', input, from: name });
      else {
        const what =
          kind === null
            ? 'an empty file'
            : kind.kind === 'zip' || kind.kind === 'gzip'
              ? 'an archive or workbook inside the archive: unpack the archive first'
              : (notATableError(entry.name, kind)?.message ?? 'not CSV text');
        skipped.push({ name: memberName, reason: what });
      }
    }
    if (units.length === before) {
      const inside = skipped
        .filter((s) => s.name.startsWith(`${name}/`))
        .map((s) => `${s.name.slice(name.length + 1)}: ${s.reason}`);
      const what = inside.length
        ? `: ${inside.slice(0, 3).join('; ')}${inside.length > 3 ? '; …' : ''}`
        : ' (no files in it)';
      throw new StalkError('E_NOT_A_TABLE_FILE', `is a zip archive with no CSV file in it${what}`, { file: name });
    }
  };

  try {
    for (const arg of names) {
      const alias = options.aliases?.get(arg);
      if (alias) {
        await addFile(alias.path, alias.name, null);
        continue;
      }
      if (!existsSync(arg) && GLOB.test(arg)) {
        const matched = expandGlob(arg);
        if (matched.length === 0)
          throw new StalkError('E_FILE_NOT_FOUND', 'no file matches this pattern', { file: arg });
        for (const p of matched) await addFile(p, p, matched.length > 1 ? arg : null);
        continue;
      }
      let isDirectory = false;
      try {
        isDirectory = statSync(arg).isDirectory();
      } catch {
        statFile(arg);
      }
      if (!isDirectory) {
        await addFile(arg, arg, null);
        continue;
      }
      const shown = arg.replace(/[\\/]+$/, '') || arg;
      const before = units.length;
      for (const p of filesUnder(arg)) {
        const name = `${shown}/${asRelative(arg, p)}`;
        if (basename(p).startsWith('.')) skipped.push({ name, reason: 'a hidden file' });
        else await addFile(p, name, shown);
      }
      if (units.length === before) {
        const seen = skipped.filter((s) => s.name.startsWith(`${shown}/`)).map((s) => `${s.name}: ${s.reason}`);
        const why = seen.length ? ` (${seen.slice(0, 3).join('; ')}${seen.length > 3 ? '; …' : ''})` : '';
        throw new StalkError('E_IS_DIRECTORY', `is a folder with no data file in it or below it${why}`, { file: arg });
      }
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { units, skipped, close };
}

function missingSheet(name: string, sheets: readonly SheetInfo[], wanted: string): never {
  const list = sheets.map((s) => `'${s.name}'`).join(', ');
  throw new StalkError('E_SHEET_NOT_FOUND', `no sheet called '${wanted}' (the sheets are ${list})`, { file: name });
}
