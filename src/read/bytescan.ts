import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StalkError } from '../core/errors.js';
import { type ByteInput, fileInput, type PartPlace } from './byteInput.js';
import { parseCount } from './count.js';
import { parseRecord } from './csv.js';

/**
 * Group-and-sum straight from the bytes of an ASCII-compatible file (UTF-8 or Windows-1252), for
 * files of millions of rows. It follows `CsvParser` (csv.ts) record for record: the same quoting
 * rules (docs/csv-grammar.md), the same blank-line rule and the same physical line numbers. Only
 * the key columns and the count column are looked at; key values are interned by their raw bytes,
 * so a repeated value costs a hash and a comparison, never a string. Decoding waits until the end,
 * when it is known whether every byte was valid UTF-8 (otherwise the file is Windows-1252, as
 * csv.ts decides too).
 *
 * The per-byte work runs in WebAssembly (src/read/wasm/bytescan.ts, compiled by `npm run build`):
 * it runs at full speed from its first byte, where JavaScript would first be interpreted while V8
 * compiles it, and it checks sixteen bytes at a time for the end of an unquoted field. Any count
 * that is not a plain integer comes back here and is read by `parseCount`.
 */

const QUOTE = 34;

export interface ByteScanSpec {
  path: string;
  /** Delimiter byte (ASCII, not a quote or line break). */
  delimiter: number;
  /** Physical line of the header; records starting on or before it are not data. */
  headerLine: number;
  headerFields: number;
  keyColumns: number[];
  /**
   * How many of `keyColumns`, from the first, make a group; the others are only tallied (their
   * distinct values are collected) and do not split groups. Default: all of them.
   */
  groupKeyCount?: number;
  countColumn: number | null;
  /** Longest record accepted, in bytes, before `E_LINE_TOO_LONG`. */
  maxRecordBytes: number;
}

/** Where a line of the scan is, for an error: the file (or part of an input) and its own line. */
export type Locate = (line: number) => { file: string; line: number };

/** A count cell that was not a plain number: tallied by its text, resolved once at the end. */
export interface CellTally {
  group: number;
  /** Trimmed text (`raw` false), or the cell's undecoded bytes as a latin1 string (`raw` true). */
  text: string;
  raw: boolean;
  rows: number;
  firstLine: number;
}

/** What one scan found. */
export interface PartialScan {
  /** Line counter at the end: 1 + line breaks seen (+1 when the last record has none), as `CsvParser`. */
  line: number;
  records: number;
  blankLines: number;
  dataRows: number;
  /** Every byte of the records was valid UTF-8. */
  utf8: boolean;
  /** Raw bytes (latin1 strings) of each distinct value, per key column, by id. */
  keyValues: string[][];
  groupCount: number;
  /** `groupCount × keyColumns.length` ids into `keyValues`. */
  groupKeys: Int32Array;
  groupSum: Float64Array;
  groupRows: Float64Array;
  groupNegative: Float64Array;
  groupFirstLine: Float64Array;
  cells: CellTally[];
  ragged: { rows: number; firstLine: number; raw: string } | null;
}

/** What the compiled scanner (src/read/wasm/bytescan.ts) exports. */
interface ScannerExports {
  memory: WebAssembly.Memory;
  init(
    delimiter: number,
    headerLine: number,
    headerFields: number,
    keyCount: number,
    groupKeyCount: number,
    countColumn: number,
  ): void;
  setKeyColumn(k: number, column: number): void;
  ready(): void;
  restart(lineStart: number, headerLine: number): void;
  reserve(bytes: number, keep: number): number;
  scan(to: number, eof: number, stop: number, from: number): number;
  addCount(group: number, value: number): void;
  getLine(): number;
  getRecords(): number;
  getBlankLines(): number;
  getDataRows(): number;
  isDone(): number;
  getEndedInQuote(): number;
  getEvent(): number;
  getEventGroup(): number;
  getEventStart(): number;
  getEventEnd(): number;
  getEventLine(): number;
  getEventQuoted(): number;
  getGroupCount(): number;
  getGroupKeys(): number;
  getGroupSum(): number;
  getGroupRows(): number;
  getGroupNegative(): number;
  getGroupFirstLine(): number;
  getArena(): number;
  valueCount(k: number): number;
  valueStarts(k: number): number;
  valueLengths(k: number): number;
}

/** Why the compiled scanner handed a record back (the scanner's `event`). */
const EVENT_COUNT_CELL = 1;
const EVENT_RAGGED = 2;
const EVENT_UNTERMINATED = 3;

/** Stop offsets are 32-bit in the compiled scanner; a buffer never holds that many bytes. */
const NO_STOP = 0x7fffffff;

const WASM_FILE = 'bytescan.wasm';

/**
 * The compiled scanner, written by `npm run build` (scripts/build-wasm.mjs) to dist/wasm/: found
 * from this module upwards, whether it runs from src/read (tests) or dist/src/read. Null when it
 * is not there.
 */
export function scannerWasmPath(): string | null {
  let dir = moduleDir();
  for (let up = 0; up < 4; up++) {
    for (const path of [join(dir, 'wasm', WASM_FILE), join(dir, 'dist', 'wasm', WASM_FILE)]) {
      if (existsSync(path)) return path;
    }
    dir = dirname(dir);
  }
  return null;
}

const moduleDir = () => dirname(fileURLToPath(import.meta.url));

/** The compiled module, once loaded (null: no WebAssembly in this Node.js). */
let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled byte scanner, or null where this Node.js runs without WebAssembly (`--jitless`):
 * files are then grouped by the string reader, which gives the same result more slowly.
 */
export function byteScannerModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  if (typeof WebAssembly !== 'object') return (compiled = null);
  const path = scannerWasmPath();
  if (!path) {
    throw new StalkError(
      'E_DATA_FILE',
      `the byte scanner is missing: no dist/wasm/${WASM_FILE} above this folder; run npm run build`,
      {
        file: moduleDir(),
      },
    );
  }
  return (compiled = new WebAssembly.Module(readFileSync(path) as Uint8Array<ArrayBuffer>));
}

/**
 * Group-and-sum over a byte buffer, in WebAssembly: the scanner finds the fields of each record
 * (sixteen bytes at a time outside quotes), hashes the key fields' bytes, finds or adds the group
 * and adds the count, all in its own memory. Records it cannot finish alone (a count cell that is
 * not a plain integer, a ragged row, an unterminated quote) are handed back here, one at a time.
 *
 * Bytes are read into the scanner's memory (`buffer`) and scanned there (`scan`); `result` copies
 * the groups out. A scanner is one WebAssembly instance, so scanners never share state.
 */
export class ByteGroupScanner {
  utf8 = true;
  private readonly w: ScannerExports;
  private readonly cells = new Map<string, CellTally>();
  private ragged: { rows: number; firstLine: number; raw: string } | null = null;
  private readonly keyCount: number;
  private readonly delimiter: string;
  /** Where an error's line is: the spec's file, unless a part of an input is being read. */
  locate: Locate;

  constructor(spec: ByteScanSpec) {
    this.locate = (line) => ({ file: spec.path, line });
    const module = byteScannerModule();
    if (!module) throw new StalkError('E_DATA_FILE', 'the byte scanner needs WebAssembly (not under node --jitless)');
    this.w = new WebAssembly.Instance(module, {}).exports as unknown as ScannerExports;
    const { delimiter, headerLine, headerFields, keyColumns, countColumn } = spec;
    this.keyCount = keyColumns.length;
    this.delimiter = String.fromCharCode(delimiter);
    const groupKeyCount = Math.min(spec.groupKeyCount ?? this.keyCount, this.keyCount);
    this.w.init(delimiter, headerLine, headerFields, this.keyCount, groupKeyCount, countColumn ?? -1);
    keyColumns.forEach((column, k) => {
      this.w.setKeyColumn(k, column);
    });
    this.w.ready();
  }

  /** Starts the next file of an input read as one: lines numbered on from `lineStart`, its header on `headerLine`. */
  restart(lineStart: number, headerLine: number): void {
    this.w.restart(lineStart, headerLine);
  }

  /** Line counter, as `CsvParser`'s: the line the next record starts on. */
  get line(): number {
    return this.w.getLine();
  }
  get dataRows(): number {
    return this.w.getDataRows();
  }
  /** No more records to read: end of file. */
  get done(): boolean {
    return this.w.isDone() !== 0;
  }
  /** The unfinished record at the end of the last buffer was inside quotes. */
  get endedInQuote(): boolean {
    return this.w.getEndedInQuote() !== 0;
  }

  /**
   * The input buffer, room for at least `bytes` bytes, holding the first `keep` bytes it held. Ask
   * again after each `scan`: the memory may have grown and moved.
   */
  buffer(bytes: number, keep = 0): Buffer {
    const ptr = this.w.reserve(bytes, keep);
    return Buffer.from(this.w.memory.buffer, ptr, bytes);
  }

  /**
   * Reads the complete records in the buffer's first `to` bytes and returns the offset of the first
   * byte not consumed: the start of an unfinished record, to be handed back with more bytes after
   * it. With `eof`, the bytes end the file. The buffer must have room for `to` bytes (its byte at
   * `to` is overwritten with a stop mark).
   */
  scan(to: number, eof: boolean): number {
    const w = this.w;
    let from = 0;
    for (;;) {
      const next = w.scan(to, eof ? 1 : 0, NO_STOP, from);
      const event = w.getEvent();
      if (event === 0) {
        if (this.utf8 && next > 0 && !isUtf8(this.buffer(to).subarray(0, next))) this.utf8 = false;
        return next;
      }
      const buf = this.buffer(to);
      if (event === EVENT_COUNT_CELL) {
        const quoted = w.getEventQuoted() !== 0;
        this.slowCount(
          buf.toString('latin1', w.getEventStart(), w.getEventEnd()),
          quoted,
          w.getEventGroup(),
          w.getEventLine(),
        );
      } else if (event === EVENT_RAGGED) this.addRagged(buf, w.getEventStart(), w.getEventEnd(), w.getEventLine());
      else if (event === EVENT_UNTERMINATED) {
        throw new StalkError(
          'E_CSV_UNTERMINATED_QUOTE',
          'a quoted field is never closed',
          this.locate(w.getEventLine()),
        );
      }
      from = next;
    }
  }

  /** A count cell that is not a bare integer: quoted, spaced, grouped by thousands, decimal or text. */
  private slowCount(raw: string, quoted: boolean, g: number, line: number): void {
    const text = quoted && raw.charCodeAt(0) === QUOTE ? parseRecord(raw, this.delimiter)[0] : raw;
    // Decoding waits for the end (UTF-8 or Windows-1252); ASCII reads the same either way.
    if (NON_ASCII.test(text)) {
      this.tally(g, text, true, line);
      return;
    }
    const v = parseCount(text);
    if (Number.isNaN(v)) this.tally(g, text.trim(), false, line);
    else this.w.addCount(g, v);
  }

  private tally(group: number, text: string, raw: boolean, line: number): void {
    const id = `${group}${raw ? '\u0002' : '\u0001'}${text}`;
    const t = this.cells.get(id);
    if (t) t.rows++;
    else this.cells.set(id, { group, text, raw, rows: 1, firstLine: line });
  }

  private addRagged(buf: Buffer, s: number, e: number, line: number): void {
    if (this.ragged) this.ragged.rows++;
    else this.ragged = { rows: 1, firstLine: line, raw: buf.toString('latin1', s, Math.min(e, s + 65536)) };
  }

  /** The scanner's memory: its tables, grown by half as groups come, and the bytes being read. */
  get memoryBytes(): number {
    return this.w.memory.buffer.byteLength;
  }

  /**
   * The groups, copied out of the scanner's memory: a view would keep the whole of it alive, tables
   * grown by half and their free space included (300 MB for 2 million groups, against 120 copied).
   */
  result(): PartialScan {
    const w = this.w;
    const n = w.getGroupCount();
    const memory = w.memory.buffer;
    const bytes = Buffer.from(memory);
    const keyValues: string[][] = [];
    const arena = w.getArena();
    for (let k = 0; k < this.keyCount; k++) {
      const count = w.valueCount(k);
      const starts = new Int32Array(memory, w.valueStarts(k), count);
      const lengths = new Int32Array(memory, w.valueLengths(k), count);
      const values = new Array<string>(count);
      for (let id = 0; id < count; id++) {
        values[id] = bytes.toString('latin1', arena + starts[id], arena + starts[id] + lengths[id]);
      }
      keyValues.push(values);
    }
    return {
      line: w.getLine(),
      records: w.getRecords(),
      blankLines: w.getBlankLines(),
      dataRows: w.getDataRows(),
      utf8: this.utf8,
      keyValues,
      groupCount: n,
      groupKeys: new Int32Array(memory, w.getGroupKeys(), n * this.keyCount).slice(),
      groupSum: new Float64Array(memory, w.getGroupSum(), n).slice(),
      groupRows: new Float64Array(memory, w.getGroupRows(), n).slice(),
      groupNegative: new Float64Array(memory, w.getGroupNegative(), n).slice(),
      groupFirstLine: new Float64Array(memory, w.getGroupFirstLine(), n).slice(),
      cells: [...this.cells.values()],
      ragged: this.ragged,
    };
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

/** One file of an input read as one (a folder of monthly files), or the only one. */
export interface ScanPart {
  input: ByteInput;
  /** Bytes to skip at its start: byte-order marks. */
  start: number;
  /** The line of its header, in its own numbering. */
  headerLine: number;
}

/**
 * Scans the records of every part, one after another, into one set of groups, in one buffer that
 * grows only for a record longer than it (up to the record limit). The parts' lines are numbered
 * on from one part to the next (`PartPlace` says where each starts), so a group's first line
 * names one line of one file. The event loop gets a turn now and then, so a progress bar's timer
 * runs.
 */
export async function scanParts(
  spec: ByteScanSpec,
  parts: ScanPart[],
  chunkBytes: number,
  onBytes?: (bytes: number) => void,
): Promise<{ partial: PartialScan; places: PartPlace[]; scannerBytes: number }> {
  const scanner = new ByteGroupScanner(spec);
  const places: PartPlace[] = [];
  let reads = 0;
  let lineOffset = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    scanner.restart(lineOffset + 1, lineOffset + part.headerLine);
    const offset = lineOffset;
    scanner.locate = (line) => ({ file: part.input.name, line: line - offset });
    const rowsBefore = scanner.dataRows;
    const reader = part.input.open();
    try {
      let skip = part.start;
      while (skip > 0) {
        const n = await reader.read(scanner.buffer(skip), 0, skip);
        if (n === 0) break;
        skip -= n;
      }
      let room = chunkBytes;
      let have = 0;
      let eof = false;
      while (!scanner.done) {
        if (!eof) {
          if (++reads % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
          const bytesRead = await reader.read(scanner.buffer(room, have), have, room - have);
          if (bytesRead === 0) eof = true;
          have += bytesRead;
          if (onBytes && bytesRead > 0) onBytes(bytesRead);
        }
        const consumed = scanner.scan(have, eof);
        if (scanner.done) break;
        const pending = have - consumed;
        if (pending > spec.maxRecordBytes) {
          const why = scanner.endedInQuote ? 'an unterminated quote?' : 'no line breaks?';
          const mb = Math.round(spec.maxRecordBytes / 1048576);
          throw new StalkError(
            'E_LINE_TOO_LONG',
            `a record longer than ${mb} MB (${why})`,
            scanner.locate(scanner.line),
          );
        }
        // The unfinished record moves to the front; a record longer than the buffer doubles it.
        if (consumed > 0) scanner.buffer(room, have).copyWithin(0, consumed, have);
        else if (have === room) room = Math.min(room * 2, spec.maxRecordBytes + chunkBytes);
        have = pending;
      }
    } finally {
      reader.close();
    }
    places.push({ name: part.input.name, lineOffset: offset, dataRows: scanner.dataRows - rowsBefore });
    lineOffset = scanner.line - 1;
  }
  return { partial: scanner.result(), places, scannerBytes: scanner.memoryBytes };
}

/** A file's records from byte `start` (after a byte-order mark) to its end: `scanParts` of one file. */
export async function scanFile(
  spec: ByteScanSpec,
  start: number,
  chunkBytes: number,
  onBytes?: (bytes: number) => void,
): Promise<PartialScan> {
  const part = { input: fileInput(spec.path), start, headerLine: spec.headerLine };
  return (await scanParts(spec, [part], chunkBytes, onBytes)).partial;
}
