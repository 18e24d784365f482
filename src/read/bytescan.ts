import { isUtf8 } from 'node:buffer';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StalkError } from '../core/errors.js';

/**
 * Group-and-sum straight from the bytes of an ASCII-compatible file (UTF-8 or Windows-1252), for
 * files of millions of rows. It follows `CsvParser` (csv.ts) record for record: the same quoting
 * rules, the same blank-line rule and the same physical line numbers. Only the key columns and the
 * count column are looked at; key values are interned by their raw bytes, so a repeated value costs
 * a hash and a comparison, never a string. Decoding waits until the end, when it is known whether
 * every byte was valid UTF-8 (otherwise the file is Windows-1252, as csv.ts decides too).
 *
 * The per-byte work runs in WebAssembly (src/read/wasm/bytescan.ts, compiled by `npm run build`):
 * it runs at full speed from its first byte, where JavaScript would first be interpreted while V8
 * compiles it, and it checks sixteen bytes at a time for the end of an unquoted field.
 */

const QUOTE = 34;

/** Plain settings (they cross into worker threads). */
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
  /**
   * Keep where the rows of groups met more than once lie in the file (see `RowLocations`), so that
   * they can be read again without reading the rest. Memory grows with such rows: for small files.
   */
  rowLocations?: boolean;
}

/**
 * Where rows lie: for every group its first row, and every later row of a group already met, as
 * absolute byte offsets of the record's first byte and of the byte after its last (line break
 * excluded), with the record's line.
 */
export interface RowLocations {
  /** Per group: its first row's start and end. */
  firstStart: Float64Array;
  firstEnd: Float64Array;
  /** Four numbers per later row: group, start, end, line. */
  repeats: Float64Array;
}

/** A count cell that was not a plain number: tallied by its text, resolved once at the end. */
export interface CellTally {
  group: number;
  /** Trimmed text (`raw` false), or the cell's undecoded bytes as a latin1 string (`raw` true). */
  text: string;
  raw: boolean;
  rows: number;
  firstLine: number;
}

/**
 * What one scan of a byte range found, with line numbers counted from 1 at the range's start.
 * Plain data and typed arrays, so a worker thread can hand it back.
 */
export interface PartialScan {
  /** Absolute offsets of the first byte scanned and of the byte after the last record. */
  start: number;
  end: number;
  /** Line counter at the end: 1 + line breaks seen (+1 when the last record has none), as `CsvParser`. */
  line: number;
  records: number;
  blankLines: number;
  dataRows: number;
  /** Every byte of the range's records was valid UTF-8. */
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
  /** With `rowLocations` asked for. */
  rows?: RowLocations;
}

/**
 * A count cell straight from bytes: ASCII spaces, an optional sign, then digits, optionally in
 * groups of three after commas (`1,213`). NaN when the cell needs the string rules of `parseCount`
 * (decimals, very long numbers) or is not a number at all.
 */
function countFromBytes(buf: Uint8Array, s: number, e: number): number {
  while (s < e && (buf[s] === 32 || (buf[s] >= 9 && buf[s] <= 13))) s++;
  while (e > s && (buf[e - 1] === 32 || (buf[e - 1] >= 9 && buf[e - 1] <= 13))) e--;
  if (s === e) return Number.NaN;
  let neg = false;
  if (buf[s] === 45) {
    neg = true;
    s++;
  } else if (buf[s] === 43) s++;
  let v = 0;
  let digits = 0;
  let group = 0;
  let grouped = false;
  for (let p = s; p < e; p++) {
    const d = buf[p] - 48;
    if (d >= 0 && d <= 9) {
      v = v * 10 + d;
      digits++;
      group++;
    } else if (buf[p] === 44 && group > 0 && (grouped ? group === 3 : group <= 3)) {
      grouped = true;
      group = 0;
    } else return Number.NaN;
  }
  if (digits === 0 || digits > 15 || (grouped && group !== 3)) return Number.NaN;
  return neg ? -v : v;
}

/** The value of a raw field: quotes removed and doubled quotes undone, text after a closing quote kept. */
export function unquoteField(raw: string): string {
  if (raw.charCodeAt(0) !== QUOTE) return raw;
  let out = '';
  let i = 1;
  for (;;) {
    const q = raw.indexOf('"', i);
    if (q < 0) return out + raw.slice(i);
    out += raw.slice(i, q);
    if (raw.charCodeAt(q + 1) === QUOTE) {
      out += '"';
      i = q + 2;
    } else return out + raw.slice(q + 1);
  }
}

/** What the compiled scanner (src/read/wasm/bytescan.ts) exports. */
interface ScannerExports {
  memory: WebAssembly.Memory;
  init(delimiter: number, headerLine: number, headerFields: number, keyCount: number, groupKeyCount: number, countColumn: number, locate: number): void;
  setKeyColumn(k: number, column: number): void;
  ready(): void;
  reserve(bytes: number, keep: number): number;
  scan(to: number, eof: number, stop: number, from: number): number;
  expectGroups(n: number): void;
  setBase(base: number): void;
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
  getFirstStart(): number;
  getFirstEnd(): number;
  getRepeats(): number;
  getRepeatCount(): number;
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
 * from this module upwards, whether it runs from src/read (tests), dist/src/read or dist/bundle.
 * Null when it is not there.
 */
export function scannerWasmPath(): string | null {
  let dir = moduleDir();
  for (let up = 0; up < 4; up++) {
    for (const path of [join(dir, 'wasm', WASM_FILE), join(dir, 'dist', 'wasm', WASM_FILE)]) if (existsSync(path)) return path;
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
  if (!path) throw new StalkError('E_DATA_FILE', `the byte scanner is missing: no dist/wasm/${WASM_FILE} above this folder; run npm run build`, { file: moduleDir() });
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
  /** The input buffer's view, while the memory and the buffer stay where they are. */
  private view: Buffer | null = null;
  private viewPtr = 0;
  private viewBytes = 0;

  constructor(private readonly spec: ByteScanSpec) {
    const module = byteScannerModule();
    if (!module) throw new StalkError('E_DATA_FILE', 'the byte scanner needs WebAssembly (not available under node --jitless)');
    this.w = new WebAssembly.Instance(module, {}).exports as unknown as ScannerExports;
    const { delimiter, headerLine, headerFields, keyColumns, countColumn } = spec;
    this.keyCount = keyColumns.length;
    const groupKeyCount = Math.min(spec.groupKeyCount ?? this.keyCount, this.keyCount);
    this.w.init(delimiter, headerLine, headerFields, this.keyCount, groupKeyCount, countColumn ?? -1, spec.rowLocations ? 1 : 0);
    keyColumns.forEach((column, k) => this.w.setKeyColumn(k, column));
    this.w.ready();
  }

  /** Line counter, as `CsvParser`'s: the line the next record starts on. */
  get line(): number {
    return this.w.getLine();
  }
  get records(): number {
    return this.w.getRecords();
  }
  get blankLines(): number {
    return this.w.getBlankLines();
  }
  get dataRows(): number {
    return this.w.getDataRows();
  }
  /** No more records to read: end of file, or the range's stop offset reached. */
  get done(): boolean {
    return this.w.isDone() !== 0;
  }
  /** The unfinished record at the end of the last buffer was inside quotes. */
  get endedInQuote(): boolean {
    return this.w.getEndedInQuote() !== 0;
  }
  get groupCount(): number {
    return this.w.getGroupCount();
  }
  /** Makes room for `n` groups at once (a guess: more are still taken). */
  expectGroups(n: number): void {
    this.w.expectGroups(n);
  }
  /** Absolute offset of the buffer's first byte (for `rowLocations`). */
  set base(offset: number) {
    this.w.setBase(offset);
  }

  /**
   * The input buffer, room for at least `bytes` bytes, holding the first `keep` bytes it held. Ask
   * again after each `scan`: the memory may have grown and moved (a view of it is then empty).
   */
  buffer(bytes: number, keep = 0): Buffer {
    const ptr = this.w.reserve(bytes, keep);
    const memory = this.w.memory.buffer;
    if (this.view === null || this.view.buffer !== memory || ptr !== this.viewPtr || bytes > this.viewBytes) {
      this.view = Buffer.from(memory, ptr, bytes);
      this.viewPtr = ptr;
      this.viewBytes = bytes;
    }
    return this.view;
  }

  /**
   * Reads the complete records in the buffer's first `to` bytes and returns the offset of the first
   * byte not consumed: the start of an unfinished record (to be handed back with more bytes after
   * it), or the first record at or beyond `stop`. With `eof`, the bytes end the file. The buffer
   * must have room for `to` bytes (its byte at `to` is overwritten with a stop mark).
   */
  scan(to: number, eof: boolean, stop: number): number {
    const w = this.w;
    const end = Math.min(stop, NO_STOP);
    let from = 0;
    for (;;) {
      const next = w.scan(to, eof ? 1 : 0, end, from);
      const event = w.getEvent();
      if (event === 0) {
        if (this.utf8 && next > 0 && !isUtf8(this.buffer(to).subarray(0, next))) this.utf8 = false;
        return next;
      }
      const buf = this.buffer(to);
      if (event === EVENT_COUNT_CELL) this.slowCount(buf, w.getEventStart(), w.getEventEnd(), w.getEventQuoted() !== 0, w.getEventGroup(), w.getEventLine());
      else if (event === EVENT_RAGGED) this.addRagged(buf, w.getEventStart(), w.getEventEnd(), w.getEventLine());
      else if (event === EVENT_UNTERMINATED) throw new StalkError('E_CSV_UNTERMINATED_QUOTE', 'a quoted field is never closed', { file: this.spec.path, line: w.getEventLine() });
      from = next;
    }
  }

  /** A count cell that is not a bare integer: quoted, spaced, grouped by thousands, decimal or text. */
  private slowCount(buf: Buffer, s: number, e: number, quoted: boolean, g: number, line: number): void {
    let a = s;
    let b = e;
    let text: string | null = null;
    if (quoted) {
      if (e - s >= 2 && buf[e - 1] === QUOTE && buf.indexOf(QUOTE, s + 1) === e - 1) {
        a = s + 1;
        b = e - 1;
      } else text = unquoteField(buf.toString('latin1', s, e));
    }
    if (text === null) {
      let ascii = true;
      for (let p = a; p < b; p++) {
        if (buf[p] > 127) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        const v = countFromBytes(buf, a, b);
        if (!Number.isNaN(v)) {
          this.w.addCount(g, v);
          return;
        }
      }
      text = buf.toString('latin1', a, b);
    }
    // Decoding waits for the end (UTF-8 or Windows-1252); ASCII reads the same either way.
    if (/[^\x00-\x7f]/.test(text)) {
      this.tally(g, text, true, line);
      return;
    }
    const v = parseCountText(text);
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

  /**
   * The groups, copied out of the scanner's memory; with `inPlace`, views of it instead (no copy:
   * for a result that stays on this thread, from a scanner that is not used again, since a call
   * that grew its memory would leave the views empty).
   */
  result(start: number, end: number, inPlace = false): PartialScan {
    const w = this.w;
    const n = w.getGroupCount();
    const memory = w.memory.buffer;
    const bytes = Buffer.from(memory);
    const f64 = (ptr: number, length: number) => (inPlace ? new Float64Array(memory, ptr, length) : new Float64Array(memory, ptr, length).slice());
    const i32 = (ptr: number, length: number) => (inPlace ? new Int32Array(memory, ptr, length) : new Int32Array(memory, ptr, length).slice());
    const keyValues: string[][] = [];
    const arena = w.getArena();
    for (let k = 0; k < this.keyCount; k++) {
      const count = w.valueCount(k);
      const starts = new Int32Array(memory, w.valueStarts(k), count);
      const lengths = new Int32Array(memory, w.valueLengths(k), count);
      const values = new Array<string>(count);
      for (let id = 0; id < count; id++) values[id] = bytes.toString('latin1', arena + starts[id], arena + starts[id] + lengths[id]);
      keyValues.push(values);
    }
    const located = this.spec.rowLocations === true;
    return {
      start,
      end,
      line: w.getLine(),
      records: w.getRecords(),
      blankLines: w.getBlankLines(),
      dataRows: w.getDataRows(),
      utf8: this.utf8,
      keyValues,
      groupCount: n,
      groupKeys: i32(w.getGroupKeys(), n * this.keyCount),
      groupSum: f64(w.getGroupSum(), n),
      groupRows: f64(w.getGroupRows(), n),
      groupNegative: f64(w.getGroupNegative(), n),
      groupFirstLine: f64(w.getGroupFirstLine(), n),
      cells: [...this.cells.values()],
      ragged: this.ragged,
      ...(located
        ? {
            rows: {
              firstStart: n > 0 ? f64(w.getFirstStart(), n) : new Float64Array(0),
              firstEnd: n > 0 ? f64(w.getFirstEnd(), n) : new Float64Array(0),
              repeats: f64(w.getRepeats(), w.getRepeatCount() * 4),
            },
          }
        : {}),
    };
  }
}

/** `parseCount` without importing group.ts (which imports this file). */
export function parseCountText(cell: string): number {
  const t = cell.trim();
  if (t === '') return Number.NaN;
  if (/^[-+]?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  return Number.NaN;
}

export interface RangeTask {
  spec: ByteScanSpec;
  /** First byte to read (a record start) and the offset at which no new record may start. */
  start: number;
  stop: number;
  chunkBytes: number;
  /**
   * The result's arrays are views of the scanner's memory, not copies (`ByteGroupScanner.result`):
   * for a read whose result stays on the thread that made it (not one posted from a reader thread).
   */
  inPlace?: boolean;
}

/** What a read of a small file scans first, to guess from it how many groups the file makes. */
const FIRST_READ_BYTES = 64 * 1024;
/** Most groups made room for on that guess. */
const MAX_EXPECTED_GROUPS = 1 << 18;

/**
 * Room for the groups a small file will make, guessed from its first rows: when nearly every row
 * so far made a group of its own (as in a table that lists each area, period and offence once),
 * as many groups as the rest of the file holds rows at that rate, and an eighth more. The tables
 * then grow once instead of step by step.
 *
 * The first rows' lengths only estimate the rest's, and a guess short by even one group costs a
 * growth by half of every table (the ONS file's first 64 KB promised 46,413 groups of its 46,469).
 * Room beyond the groups made costs address space only: the tables grow without being zeroed, so
 * pages never written are never touched.
 */
function expectGroups(scanner: ByteGroupScanner, scannedBytes: number, rangeBytes: number): void {
  const rows = scanner.dataRows;
  const groups = scanner.groupCount;
  if (rows < 200 || groups * 10 < rows * 9 || scannedBytes <= 0) return;
  const atThatRate = (groups * rangeBytes) / scannedBytes;
  scanner.expectGroups(Math.min(MAX_EXPECTED_GROUPS, Math.ceil(atThatRate + atThatRate / 8)));
}

/**
 * Scans the records starting in `[start, stop)` of a file; the last one may run past `stop`.
 * Memory stays at one buffer, grown only for a record longer than it (up to the record limit).
 */
export async function scanFileRange(task: RangeTask, onBytes?: (bytes: number) => void): Promise<PartialScan> {
  const { spec, start, stop, chunkBytes } = task;
  const scanner = new ByteGroupScanner(spec);
  // Plain reads: one copy from the page cache, without a hop through the thread pool per chunk.
  const fd = openSync(spec.path, 'r');
  let reads = 0;
  try {
    // A small file (read in one range, its rows located) is scanned a little first, for a guess
    // at how many groups it makes.
    let guess = spec.rowLocations === true && chunkBytes > FIRST_READ_BYTES;
    // Bytes are read straight into the scanner's memory.
    let room = guess ? FIRST_READ_BYTES : chunkBytes;
    let have = 0;
    let base = start;
    let filePos = start;
    let eof = false;
    while (!scanner.done) {
      if (!eof) {
        // Now and then let the event loop run (timers, messages from other reader threads).
        if (++reads % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
        const bytesRead = readSync(fd, scanner.buffer(room, have), have, room - have, filePos);
        if (bytesRead === 0) eof = true;
        have += bytesRead;
        filePos += bytesRead;
        if (onBytes && bytesRead > 0) {
          const counted = Math.min(filePos, stop) - Math.min(filePos - bytesRead, stop);
          if (counted > 0) onBytes(counted);
        }
      }
      scanner.base = base;
      const consumed = scanner.scan(have, eof, stop - base);
      if (scanner.done) {
        base += consumed;
        break;
      }
      if (guess) {
        guess = false;
        room = chunkBytes;
        expectGroups(scanner, base + consumed - start, Math.min(stop, fstatSync(fd).size) - start);
      }
      const pending = have - consumed;
      if (pending > spec.maxRecordBytes) {
        throw new StalkError(
          'E_LINE_TOO_LONG',
          `a record longer than ${Math.round(spec.maxRecordBytes / 1048576)} MB (${scanner.endedInQuote ? 'an unterminated quote?' : 'no line breaks?'})`,
          { file: spec.path, line: scanner.line },
        );
      }
      // The unfinished record moves to the front; a record longer than the buffer doubles it.
      if (consumed > 0) scanner.buffer(room, have).copyWithin(0, consumed, have);
      else if (have === room) room = Math.min(room * 2, spec.maxRecordBytes + chunkBytes);
      have = pending;
      base += consumed;
    }
    return scanner.result(start, base, task.inPlace === true);
  } finally {
    closeSync(fd);
  }
}

/** A worker's or the main thread's partial result, with where its line numbers start. */
export interface PlacedPartial {
  partial: PartialScan;
  /** Added to the partial's line numbers to make them physical lines of the file. */
  lineOffset: number;
}
