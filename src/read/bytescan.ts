import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { StalkError } from '../core/errors.js';

/**
 * Group-and-sum straight from the bytes of an ASCII-compatible file (UTF-8 or Windows-1252), for
 * files of millions of rows. It follows `CsvParser` (csv.ts) record for record: the same quoting
 * rules, the same blank-line rule and the same physical line numbers. Only the key columns and the
 * count column are looked at; key values are interned by their raw bytes, so a repeated value costs
 * a hash and a comparison, never a string. Decoding waits until the end, when it is known whether
 * every byte was valid UTF-8 (otherwise the file is Windows-1252, as csv.ts decides too).
 */

const QUOTE = 34;
const CR = 13;
const LF = 10;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

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
   * Bytes this thread scans one at a time before it skips unquoted fields four at a time
   * (default `WORD_SCAN_AFTER`; 0: from the start).
   */
  wordScanAfter?: number;
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

/**
 * Until V8 has optimised the scan, every 32-bit word read is a boxed number and four-byte reads
 * cost more than they save: a small file is read faster a byte at a time. Counted per thread
 * (each worker has its own copy of this module).
 */
export const WORD_SCAN_AFTER = 4 << 20;
let scannedInThread = 0;

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

/** Interns raw byte strings of one key column: equal bytes get the same id without allocating. */
class ByteInterner {
  private table = new Int32Array(256);
  private hashes = new Int32Array(64);
  /** Where each value's bytes are in `arena` (read by the group lookup to confirm a match). */
  starts = new Int32Array(64);
  lengths = new Int32Array(64);
  arena = new Uint8Array(4096);
  arenaView = new DataView(this.arena.buffer);
  private arenaUsed = 0;
  readonly values: string[] = [];

  constructor() {
    // Replaced when they grow; see the note in ByteGroupScanner's constructor.
    this.table = new Int32Array(256);
    this.hashes = new Int32Array(64);
    this.starts = new Int32Array(64);
    this.lengths = new Int32Array(64);
    this.arena = new Uint8Array(4096);
    this.arenaView = new DataView(this.arena.buffer);
  }

  /** Whether value `id` has exactly the bytes `[s, e)` of `view`, compared four at a time. */
  same(id: number, view: DataView, s: number, e: number): boolean {
    const len = e - s;
    if (this.lengths[id] !== len) return false;
    const arena = this.arenaView;
    let a = this.starts[id];
    if (len < 4) {
      for (let b = s; b < e; b++, a++) if (arena.getUint8(a) !== view.getUint8(b)) return false;
      return true;
    }
    // Whole words, then the last word (which may overlap the one before).
    const last = a + len - 4;
    for (let b = s; a < last; a += 4, b += 4) if (arena.getInt32(a, true) !== view.getInt32(b, true)) return false;
    return arena.getInt32(last, true) === view.getInt32(e - 4, true);
  }

  /** The id of the value with the bytes `[s, e)` (`buf` and `view` are the same bytes), added if new. */
  intern(view: DataView, buf: Uint8Array, s: number, e: number, h: number): number {
    const table = this.table;
    const mask = table.length - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const t = table[slot];
      if (t === 0) break;
      const id = t - 1;
      if (this.hashes[id] === h && this.same(id, view, s, e)) return id;
      slot = (slot + 1) & mask;
    }
    return this.add(buf, s, e, h, slot);
  }

  private add(buf: Uint8Array, s: number, e: number, h: number, slot: number): number {
    const id = this.values.length;
    const len = e - s;
    if (id === this.hashes.length) {
      this.hashes = grow(this.hashes, id * 2);
      this.starts = grow(this.starts, id * 2);
      this.lengths = grow(this.lengths, id * 2);
    }
    if (this.arenaUsed + len > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
      this.arenaView = new DataView(bigger.buffer);
    }
    this.arena.set(buf.subarray(s, e), this.arenaUsed);
    this.hashes[id] = h;
    this.starts[id] = this.arenaUsed;
    this.lengths[id] = len;
    this.arenaUsed += len;
    this.values.push(Buffer.from(buf.buffer, buf.byteOffset + s, len).toString('latin1'));
    this.table[slot] = id + 1;
    if ((id + 1) * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.values.length; id++) {
      const h = this.hashes[id];
      let slot = (h ^ (h >>> 15)) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.table = table;
  }
}

function grow<T extends Int32Array | Float64Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * A hash of a field's bytes from at most three 4-byte words (its first, middle and last) and its
 * length. Equal bytes give equal hashes, which is all a lookup needs: every hit is confirmed byte
 * for byte, so values that differ only elsewhere merely share a slot chain. Reading a few words
 * keeps the per-row cost flat however long the labels are.
 */
function hashField(view: DataView, buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  let h = Math.imul(FNV_OFFSET ^ len, FNV_PRIME);
  if (len < 4) {
    for (let p = s; p < e; p++) h = Math.imul(h ^ buf[p], FNV_PRIME);
  } else {
    h = Math.imul(h ^ view.getInt32(s, true), FNV_PRIME);
    h = Math.imul(h ^ view.getInt32(e - 4, true), FNV_PRIME);
    if (len > 8) h = Math.imul(h ^ view.getInt32(s + ((len - 4) >> 1), true), FNV_PRIME);
  }
  return h ^ (h >>> 15);
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

/**
 * Where the unquoted field at `p` ends: its first delimiter or line break (the buffer's stop mark
 * guarantees one). A function of its own, small enough for V8 to optimise after a few calls: on a
 * cold start, the bytes of a small file are then skipped by optimised code long before the whole
 * scan loop is.
 */
function unquotedEnd(buf: Uint8Array, p: number, delim: number, maxSpecial: number): number {
  let c = buf[p];
  while (c > maxSpecial || (c !== delim && c !== LF && c !== CR)) c = buf[++p];
  return p;
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

export class ByteGroupScanner {
  /** Line counter, as `CsvParser`'s: the line the next record starts on. */
  line = 1;
  records = 0;
  blankLines = 0;
  dataRows = 0;
  utf8 = true;
  /** No more records to read: end of file, or the range's stop offset reached. */
  done = false;
  /** The unfinished record at the end of the last buffer was inside quotes. */
  endedInQuote = false;

  private readonly delim: number;
  private readonly headerLine: number;
  private readonly headerFields: number;
  private readonly keyCount: number;
  /** Key columns that make a group (the first ones); the rest are only interned. */
  private readonly groupKeyCount: number;
  /** Column of each key. */
  private readonly keyColumns: Int32Array;
  /** The last column read (a key or the count); fields after it are only counted. */
  private readonly lastWanted: number;
  /** Where each field of the current record starts and ends, up to `lastWanted`. */
  private readonly fieldStart: Int32Array;
  private readonly fieldEnd: Int32Array;
  private readonly countColumn: number;
  private readonly wordScanAfter: number;
  private readonly interners: ByteInterner[];
  private readonly keyStart: Int32Array;
  private readonly keyEnd: Int32Array;
  private readonly ids: Int32Array;
  /** Hash of each grouping field of the current record, once `lookup` has computed it. */
  private readonly fieldHash: Int32Array;

  /** The buffer being scanned, and a view of it for reading four bytes at a time. */
  private viewOf: Buffer | null = null;
  private view: DataView = new DataView(new ArrayBuffer(8));
  private groupTable = new Int32Array(1024);
  private groupCount = 0;
  private groupKeys: Int32Array;
  private groupHash = new Int32Array(256);
  private groupSum = new Float64Array(256);
  private groupRows = new Float64Array(256);
  private groupNegative = new Float64Array(256);
  private groupFirstLine = new Float64Array(256);
  /** Per group: 1 + the group of the record that followed it last time (0: none yet). */
  private groupNext = new Int32Array(256);
  private lastGroup = -1;
  /** Absolute offset of the first byte of the buffer being scanned (for `rowLocations`). */
  base = 0;
  private readonly locate: boolean;
  /** The group `addGroup` created last, until its first row is located. */
  private created = -1;
  private firstStart = new Float64Array(0);
  private firstEnd = new Float64Array(0);
  private repeats = new Float64Array(0);
  private repeatCount = 0;
  private readonly cells = new Map<string, CellTally>();
  private ragged: { rows: number; firstLine: number; raw: string } | null = null;

  constructor(private readonly spec: ByteScanSpec) {
    this.delim = spec.delimiter;
    this.headerLine = spec.headerLine;
    this.headerFields = spec.headerFields;
    this.keyCount = spec.keyColumns.length;
    this.groupKeyCount = Math.min(spec.groupKeyCount ?? this.keyCount, this.keyCount);
    this.keyColumns = Int32Array.from(spec.keyColumns);
    this.countColumn = spec.countColumn ?? -1;
    this.wordScanAfter = spec.wordScanAfter ?? WORD_SCAN_AFTER;
    this.locate = spec.rowLocations === true;
    this.lastWanted = Math.max(this.countColumn, ...spec.keyColumns);
    this.fieldStart = new Int32Array(this.lastWanted + 1);
    this.fieldEnd = new Int32Array(this.lastWanted + 1);
    this.interners = spec.keyColumns.map(() => new ByteInterner());
    this.keyStart = new Int32Array(this.keyCount);
    this.keyEnd = new Int32Array(this.keyCount);
    // -1: no previous value yet for a tallied column.
    this.ids = new Int32Array(this.keyCount).fill(-1);
    this.fieldHash = new Int32Array(this.keyCount);
    this.groupKeys = new Int32Array(256 * Math.max(1, this.keyCount));
    // Tables are replaced when they grow. Assigning each once more here tells V8 so from the
    // start, instead of it discarding the optimised scan loop the first time one grows.
    this.groupTable = new Int32Array(1024);
    this.groupHash = new Int32Array(256);
    this.groupSum = new Float64Array(256);
    this.groupRows = new Float64Array(256);
    this.groupNegative = new Float64Array(256);
    this.groupFirstLine = new Float64Array(256);
    this.groupNext = new Int32Array(256);
  }

  /**
   * Reads the complete records in `buf[0, to)` and returns the offset of the first byte not
   * consumed: the start of an unfinished record (to be handed back with more bytes after it), or
   * the first record at or beyond `stop`. With `eof`, the bytes end the file. `buf[to]` must exist:
   * it is overwritten with a line feed that stops the inner loops without a bounds check.
   */
  scan(buf: Buffer, to: number, eof: boolean, stop: number): number {
    if (buf !== this.viewOf) {
      this.viewOf = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    const delim = this.delim;
    const headerLine = this.headerLine;
    const headerFields = this.headerFields;
    // Only fields up to the last one asked for are located; the rest of a record is only checked
    // for its field count (a ragged row is reported, not read).
    const lastWanted = this.lastWanted;
    const fieldStart = this.fieldStart;
    const fieldEnd = this.fieldEnd;
    const countCol = this.countColumn;
    // Every special byte is at most this, so most text bytes need one comparison.
    const maxSpecial = Math.max(delim, CR, QUOTE);
    buf[to] = LF;
    // Unquoted fields are skipped four bytes at a time while the four bytes can be read whole,
    // once this thread has scanned enough to be running optimised code.
    const view = this.view;
    const wordEnd = scannedInThread >= this.wordScanAfter ? Math.min(to, buf.length - 4) : -1;
    const delimWord = Math.imul(delim, 0x01010101);
    let line = this.line;
    let i = 0;
    this.endedInQuote = false;
    records: for (;;) {
      if (i >= stop) {
        this.done = true;
        break;
      }
      if (i >= to) {
        if (eof) this.done = true;
        break;
      }
      const recordStart = i;
      let p = i;
      let col = 0;
      let quotedLines = 0;
      let extra = false;
      let countQuoted = false;
      let c = 0;
      // One field per turn: a quoted field through quotedFieldEnd, any other in one tight loop.
      for (;;) {
        const fs = p;
        if (buf[p] === QUOTE && p < to) {
          p = this.quotedFieldEnd(buf, p, to, eof, line + quotedLines);
          if (p < 0) break records;
          quotedLines += this.quotedLines;
          c = buf[p];
          if (col === countCol) countQuoted = true;
          else if (col >= headerFields && !extra && p - fs !== 2) extra = true;
        } else {
          // Four bytes at a time: a word none of whose bytes is the delimiter or below 14 (the
          // line breaks are 10 and 13) holds no field end. Otherwise the first such byte is found
          // from the word's flags; it may be another control byte, or a non-ASCII byte whose low
          // seven bits are below 14, and then the search goes on after it. The last bytes of the
          // buffer are read one by one; the stop mark at `to` ends that loop.
          for (;;) {
            if (p >= wordEnd) {
              p = unquotedEnd(buf, p, delim, maxSpecial);
              c = buf[p];
              break;
            }
            const w = view.getInt32(p, true);
            const x = w ^ delimWord;
            // Bit 7 of each byte: set when the byte's low seven bits are 14 or more, and set when
            // the byte differs from the delimiter (no carry crosses from one byte to the next).
            const flags = ~(((w & 0x7f7f7f7f) + 0x72727272) & (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x)) & 0x80808080;
            if (flags === 0) {
              p += 4;
              continue;
            }
            // The lowest flagged byte is the first in the file (the word is read little-endian).
            p += (31 - Math.clz32(flags & -flags)) >> 3;
            c = buf[p];
            if (c === delim || c === LF || c === CR) break;
            p++;
          }
          if (col >= headerFields && !extra && p > fs) extra = true;
        }
        if (col <= lastWanted) {
          fieldStart[col] = fs;
          fieldEnd[col] = p;
        }
        col++;
        if (c === delim && p < to) {
          p++;
          continue;
        }
        break;
      }
      // The record ends at p: a line break, or the end of the file (or of the bytes so far).
      if (p >= to && !eof) break;
      let next = p;
      if (p < to) {
        if (buf[p] === CR) {
          if (p + 1 < to) next = buf[p + 1] === LF ? p + 2 : p + 1;
          else if (eof) next = p + 1;
          else break;
        } else next = p + 1;
      }
      i = next;
      if (col === 1 && p === recordStart) {
        this.blankLines++;
        line++;
        continue;
      }
      this.records++;
      const recordLine = line;
      line += quotedLines + 1;
      if (recordLine <= headerLine) continue;
      this.dataRows++;
      if (col < headerFields || extra) {
        this.addRagged(buf, recordStart, p, recordLine);
        continue;
      }
      const g = this.groupOf(buf, recordLine);
      if (this.locate) this.locateRow(g, recordStart, p, recordLine);
      if (countCol < 0) {
        this.groupSum[g] += 1;
        this.groupRows[g]++;
        continue;
      }
      const cs = fieldStart[countCol];
      const ce = fieldEnd[countCol];
      // One to four digits, read as one word: the digits are moved to the word's top (leading
      // zero digits below them), checked, then combined in pairs and the pairs in one sum.
      if (!countQuoted && ce - cs >= 1 && ce - cs <= 4 && cs < wordEnd) {
        const shift = (4 - (ce - cs)) << 3;
        const w = view.getInt32(cs, true) << shift;
        const upper = -1 << shift;
        if ((w & 0xf0f0f0f0 & upper) === (0x30303030 & upper) && ((w + 0x06060606) & 0xf0f0f0f0 & upper) === (0x30303030 & upper)) {
          const d = w - (0x30303030 & upper);
          const pairs = (d & 0x00ff00ff) * 10 + ((d >>> 8) & 0x00ff00ff);
          this.groupSum[g] += (pairs & 0xffff) * 100 + (pairs >>> 16);
          this.groupRows[g]++;
          continue;
        }
      }
      if (!countQuoted) {
        let q = cs;
        c = buf[q];
        // The sign is read without a branch of its own: V8 drops its optimised scan the first time
        // it meets a branch it has never seen taken, and most files have few negative counts.
        const sign = c === 45 ? -1 : 1;
        q += c === 45 || c === 43 ? 1 : 0;
        const d0 = q;
        let v = 0;
        while (q < ce) {
          const d = buf[q] - 48;
          if (d < 0 || d > 9) break;
          v = v * 10 + d;
          q++;
        }
        if (q === ce && q > d0 && q - d0 <= 15) {
          v *= sign;
          this.groupNegative[g] += v < 0 ? 1 : 0;
          this.groupSum[g] += v;
          this.groupRows[g]++;
          continue;
        }
      }
      this.slowCount(buf, cs, ce, countQuoted, g, recordLine);
    }
    this.line = line;
    scannedInThread += i;
    if (this.utf8 && i > 0 && !isUtf8(buf.subarray(0, i))) this.utf8 = false;
    return i;
  }

  /** Lines a quoted field spans beyond its first, as found by the last `quotedFieldEnd`. */
  private quotedLines = 0;

  /**
   * The end of the quoted field opening at `p` (with any text after its closing quote), or -1 when
   * the buffer ends first and more bytes may follow.
   */
  private quotedFieldEnd(buf: Buffer, p: number, to: number, eof: boolean, quoteLine: number): number {
    const delim = this.delim;
    let lines = 0;
    p++;
    for (;;) {
      const c = buf[p];
      if (c === QUOTE) {
        if (p + 1 < to) {
          if (buf[p + 1] === QUOTE) {
            p += 2;
            continue;
          }
        } else if (!eof) {
          this.endedInQuote = true;
          return -1;
        }
        p++;
        break;
      }
      if (c === LF) {
        if (p >= to) {
          if (!eof) {
            this.endedInQuote = true;
            return -1;
          }
          throw new StalkError('E_CSV_UNTERMINATED_QUOTE', 'a quoted field is never closed', { file: this.spec.path, line: quoteLine });
        }
        lines++;
      } else if (c === CR) {
        if (p + 1 < to) {
          if (buf[p + 1] !== LF) lines++;
        } else if (eof) lines++;
        else {
          this.endedInQuote = true;
          return -1;
        }
      }
      p++;
    }
    // Text after the closing quote ("ab"c) is kept, as spreadsheets do.
    for (;;) {
      const c = buf[p];
      if (c === delim || c === LF || c === CR) break;
      p++;
    }
    this.quotedLines = lines;
    return p;
  }

  /**
   * The group of the record just scanned. One hash over the grouping fields finds a slot; a group
   * there is confirmed by comparing the record's bytes with its values' bytes, so a known group
   * costs one probe and one comparison, never an interning per column. Values are interned only
   * for a new group, and for tallied columns only when they differ from the previous record's.
   *
   * Files are usually sorted, so groups tend to come in the same order again and again (each force
   * lists the same offences in turn). The group that followed this record's predecessor last time
   * is tried first: when it matches, no hash is computed at all.
   */
  private groupOf(buf: Buffer, line: number): number {
    const view = this.view;
    const keyCount = this.keyCount;
    const groupKeyCount = this.groupKeyCount;
    const keyStart = this.keyStart;
    const keyEnd = this.keyEnd;
    const interners = this.interners;
    for (let k = 0; k < keyCount; k++) {
      const col = this.keyColumns[k];
      keyStart[k] = this.fieldStart[col];
      keyEnd[k] = this.fieldEnd[col];
    }
    for (let k = groupKeyCount; k < keyCount; k++) {
      const last = this.ids[k];
      if (last >= 0 && interners[k].same(last, view, keyStart[k], keyEnd[k])) continue;
      this.ids[k] = interners[k].intern(view, buf, keyStart[k], keyEnd[k], hashField(view, buf, keyStart[k], keyEnd[k]));
    }
    const prev = this.lastGroup;
    if (prev >= 0) {
      const guess = this.groupNext[prev] - 1;
      if (guess >= 0 && this.sameGroup(guess)) return (this.lastGroup = guess);
    }
    const g = this.lookup(buf, line);
    if (prev >= 0) this.groupNext[prev] = g + 1;
    return (this.lastGroup = g);
  }

  /** Whether group `g`'s values are the grouping fields of the record just scanned, byte for byte. */
  private sameGroup(g: number): boolean {
    const view = this.view;
    const keys = this.groupKeys;
    const interners = this.interners;
    const keyStart = this.keyStart;
    const keyEnd = this.keyEnd;
    const n = this.groupKeyCount;
    const base = g * this.keyCount;
    for (let k = 0; k < n; k++) if (!interners[k].same(keys[base + k], view, keyStart[k], keyEnd[k])) return false;
    return true;
  }

  /** `groupOf` by hash: the group whose values are the record's, added if new. */
  private lookup(buf: Buffer, line: number): number {
    const view = this.view;
    const groupKeyCount = this.groupKeyCount;
    const keyStart = this.keyStart;
    const keyEnd = this.keyEnd;
    const interners = this.interners;
    const fieldHash = this.fieldHash;
    let h = 0x2545f491;
    for (let k = 0; k < groupKeyCount; k++) {
      const fh = hashField(view, buf, keyStart[k], keyEnd[k]);
      fieldHash[k] = fh;
      h = Math.imul(h ^ fh, 0x9e3779b1) ^ (h >>> 16);
    }
    const table = this.groupTable;
    const mask = table.length - 1;
    let slot = (h ^ (h >>> 13)) & mask;
    for (;;) {
      const t = table[slot];
      if (t === 0) break;
      const g = t - 1;
      if (this.groupHash[g] === h && this.sameGroup(g)) return g;
      slot = (slot + 1) & mask;
    }
    // A new group often shares most values with the group before it (the same area, say).
    const ids = this.ids;
    for (let k = 0; k < groupKeyCount; k++) {
      if (ids[k] >= 0 && interners[k].same(ids[k], view, keyStart[k], keyEnd[k])) continue;
      ids[k] = interners[k].intern(view, buf, keyStart[k], keyEnd[k], fieldHash[k]);
    }
    return this.addGroup(h, slot, line);
  }

  private addGroup(h: number, slot: number, line: number): number {
    const g = this.groupCount++;
    if (g === this.groupHash.length) {
      const size = g * 2;
      this.groupHash = grow(this.groupHash, size);
      this.groupSum = grow(this.groupSum, size);
      this.groupRows = grow(this.groupRows, size);
      this.groupNegative = grow(this.groupNegative, size);
      this.groupFirstLine = grow(this.groupFirstLine, size);
      this.groupNext = grow(this.groupNext, size);
      this.groupKeys = grow(this.groupKeys, size * Math.max(1, this.keyCount));
    }
    this.groupKeys.set(this.ids, g * this.keyCount);
    this.groupHash[g] = h;
    this.groupFirstLine[g] = line;
    this.groupTable[slot] = g + 1;
    this.created = g;
    if (this.groupCount * 2 > this.groupTable.length) {
      const table = new Int32Array(this.groupTable.length * 2);
      const mask = table.length - 1;
      for (let i = 0; i < this.groupCount; i++) {
        const gh = this.groupHash[i];
        let s = (gh ^ (gh >>> 13)) & mask;
        while (table[s] !== 0) s = (s + 1) & mask;
        table[s] = i + 1;
      }
      this.groupTable = table;
    }
    return g;
  }

  /** Notes where the row just scanned lies: the first row of a new group, or a later one. */
  private locateRow(g: number, s: number, e: number, line: number): void {
    if (g === this.created) {
      this.created = -1;
      if (g >= this.firstStart.length) {
        const size = Math.max(256, g * 2);
        this.firstStart = grow(this.firstStart, size);
        this.firstEnd = grow(this.firstEnd, size);
      }
      this.firstStart[g] = this.base + s;
      this.firstEnd[g] = this.base + e;
      return;
    }
    const at = this.repeatCount++ * 4;
    if (at + 4 > this.repeats.length) this.repeats = grow(this.repeats, Math.max(1024, this.repeats.length * 2));
    const r = this.repeats;
    r[at] = g;
    r[at + 1] = this.base + s;
    r[at + 2] = this.base + e;
    r[at + 3] = line;
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
          this.addCount(g, v);
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
    else this.addCount(g, v);
  }

  private addCount(g: number, v: number): void {
    this.groupSum[g] += v;
    this.groupRows[g]++;
    if (v < 0) this.groupNegative[g]++;
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

  result(start: number, end: number): PartialScan {
    const n = this.groupCount;
    return {
      start,
      end,
      line: this.line,
      records: this.records,
      blankLines: this.blankLines,
      dataRows: this.dataRows,
      utf8: this.utf8,
      keyValues: this.interners.map((t) => t.values),
      groupCount: n,
      groupKeys: this.groupKeys.slice(0, n * this.keyCount),
      groupSum: this.groupSum.slice(0, n),
      groupRows: this.groupRows.slice(0, n),
      groupNegative: this.groupNegative.slice(0, n),
      groupFirstLine: this.groupFirstLine.slice(0, n),
      cells: [...this.cells.values()],
      ragged: this.ragged,
      ...(this.locate
        ? { rows: { firstStart: this.firstStart.slice(0, n), firstEnd: this.firstEnd.slice(0, n), repeats: this.repeats.slice(0, this.repeatCount * 4) } }
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
}

/**
 * Scans the records starting in `[start, stop)` of a file; the last one may run past `stop`.
 * Memory stays at one buffer, grown only for a record longer than it (up to the record limit).
 */
const FIRST_READ_BYTES = 64 * 1024;

export async function scanFileRange(task: RangeTask, onBytes?: (bytes: number) => void): Promise<PartialScan> {
  const { spec, start, stop, chunkBytes } = task;
  const scanner = new ByteGroupScanner(spec);
  // Plain reads: one copy from the page cache, without a hop through the thread pool per chunk.
  const fd = openSync(spec.path, 'r');
  let reads = 0;
  try {
    // One spare byte after the data for the scanner's stop mark.
    let buf = Buffer.allocUnsafe(chunkBytes + 1);
    let have = 0;
    let base = start;
    let filePos = start;
    let eof = false;
    while (!scanner.done) {
      if (!eof) {
        // Now and then let the event loop run (timers, messages from other reader threads).
        if (++reads % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
        // A short first read: the scan then returns once early, while V8 still records what its
        // code does, so the optimised scan also covers the way out of its loop.
        const bytesRead = readSync(fd, buf, have, reads === 1 ? Math.min(FIRST_READ_BYTES, buf.length - 1 - have) : buf.length - 1 - have, filePos);
        if (bytesRead === 0) eof = true;
        have += bytesRead;
        filePos += bytesRead;
        if (onBytes && bytesRead > 0) {
          const counted = Math.min(filePos, stop) - Math.min(filePos - bytesRead, stop);
          if (counted > 0) onBytes(counted);
        }
      }
      scanner.base = base;
      const consumed = scanner.scan(buf, have, eof, stop - base);
      if (scanner.done) {
        base += consumed;
        break;
      }
      const pending = have - consumed;
      if (pending > spec.maxRecordBytes) {
        throw new StalkError(
          'E_LINE_TOO_LONG',
          `a record longer than ${Math.round(spec.maxRecordBytes / 1048576)} MB (${scanner.endedInQuote ? 'an unterminated quote?' : 'no line breaks?'})`,
          { file: spec.path, line: scanner.line },
        );
      }
      if (consumed > 0) {
        buf.copyWithin(0, consumed, have);
      } else if (have === buf.length - 1) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, spec.maxRecordBytes + chunkBytes + 1));
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      have = pending;
      base += consumed;
    }
    return scanner.result(start, base);
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
