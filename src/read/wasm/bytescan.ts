// The byte scanner's per-byte work, in AssemblyScript, compiled to dist/wasm/bytescan.wasm by
// scripts/build-wasm.mjs. src/read/bytescan.ts (ByteGroupScanner) drives it and documents the
// rules: the records, fields and line numbers of `CsvParser` (csv.ts), and groups interned by the
// raw bytes of their key fields.
//
// One instance is one scanner: its state is in the globals below. Memory: the minimal runtime's
// allocator (TLSF; blocks are freed and reused, nothing is collected), and every table grows by
// doubling. The input buffer has 64 spare bytes after its capacity, for the stop mark at `to` and
// the 16-byte reads that may run past it.
//
// Tables are plain arrays at pointers: i32 per entry for ids, hashes and offsets, f64 for sums,
// row counts and line numbers (as the JavaScript side reads them into Float64Arrays).

import {
  geti,
  hashField,
  initValues,
  intern,
  interner,
  moved,
  same,
  seti,
  zeroed,
} from './values';

export { getArena, valueCount, valueLengths, valueStarts } from './values';

const QUOTE: u32 = 34;
const CR: u32 = 13;
const LF: u32 = 10;


// Settings.
let delim: u32 = 44;
let headerLine: f64 = 1;
let headerFields: i32 = 0;
let keyCount: i32 = 0;
let groupKeyCount: i32 = 0;
let countCol: i32 = -1;
let lastWanted: i32 = 0;
let keyColumns: usize = 0;

// Per record: where each field up to the last one wanted starts and ends, and the key fields'.
let fieldStart: usize = 0;
let fieldEnd: usize = 0;
let keyStart: usize = 0;
let keyEnd: usize = 0;
let ids: usize = 0;
let fieldHash: usize = 0;


// Groups: an open-addressing table of group + 1 (0: empty), and per group its key value ids,
// hash, sum, rows, negative rows, first line and the group that followed it last time (+ 1).
let groupTable: usize = 0;
let groupMask: i32 = 0;
let groupCount: i32 = 0;
let groupCap: i32 = 0;
let groupKeys: usize = 0;
let groupHash: usize = 0;
let groupSum: usize = 0;
let groupRows: usize = 0;
let groupNegative: usize = 0;
let groupFirstLine: usize = 0;
let groupNext: usize = 0;
let lastGroup: i32 = -1;

// State.
let line: f64 = 1;
let records: f64 = 0;
let blankLines: f64 = 0;
let dataRows: f64 = 0;
let done: bool = false;
let endedInQuote: bool = false;
let quotedLines: i32 = 0;

// Input buffer.
let input: usize = 0;
let inputCap: i32 = 0;

// The last event: 0 none, 1 a count cell for the slow path, 2 a ragged row, 3 an unterminated quote.
let event: i32 = 0;
let eventGroup: i32 = 0;
let eventStart: i32 = 0;
let eventEnd: i32 = 0;
let eventLine: f64 = 0;
let eventQuoted: bool = false;


export function init(d: u32, hLine: f64, hFields: i32, kCount: i32, gKeyCount: i32, cCol: i32): void {
  delim = d;
  headerLine = hLine;
  headerFields = hFields;
  keyCount = kCount;
  groupKeyCount = gKeyCount;
  countCol = cCol;
  keyColumns = zeroed(<usize>kCount << 2);
  keyStart = zeroed(<usize>kCount << 2);
  keyEnd = zeroed(<usize>kCount << 2);
  ids = heap.alloc(<usize>kCount << 2);
  memory.fill(ids, 0xff, <usize>kCount << 2);
  fieldHash = zeroed(<usize>kCount << 2);
  initValues(kCount);
  groupCap = 256;
  groupMask = 1023;
  groupTable = zeroed(1024 << 2);
  const kc = kCount > 1 ? kCount : 1;
  groupKeys = zeroed(<usize>(256 * kc) << 2);
  groupHash = zeroed(256 << 2);
  groupSum = zeroed(256 << 3);
  groupRows = zeroed(256 << 3);
  groupNegative = zeroed(256 << 3);
  groupFirstLine = zeroed(256 << 3);
  groupNext = zeroed(256 << 2);
}

export function setKeyColumn(k: i32, col: i32): void {
  store<i32>(keyColumns + (<usize>k << 2), col);
  if (col > lastWanted) lastWanted = col;
}

/** Call after the key columns are set. */
export function ready(): void {
  if (countCol > lastWanted) lastWanted = countCol;
  fieldStart = zeroed(<usize>(lastWanted + 1) << 2);
  fieldEnd = zeroed(<usize>(lastWanted + 1) << 2);
}

/**
 * Starts the next part of an input made of several files (a folder of monthly files): its records
 * are numbered on from `lineStart`, and those starting on or before `hLine` are its header. Groups
 * and values carry over, so the parts are grouped as one file.
 */
export function restart(lineStart: f64, hLine: f64): void {
  line = lineStart;
  headerLine = hLine;
  done = false;
  endedInQuote = false;
  lastGroup = -1;
}

/**
 * An input buffer of at least `bytes` (plus room for the stop mark and 16-byte reads), keeping its
 * first `keep` bytes.
 */
export function reserve(bytes: i32, keep: i32): usize {
  if (bytes > inputCap || input == 0) {
    const q = heap.alloc(<usize>bytes + 64);
    if (keep > 0) memory.copy(q, input, keep);
    if (input != 0) heap.free(input);
    input = q;
    inputCap = bytes;
  }
  return input;
}

export function getLine(): f64 { return line; }
export function getRecords(): f64 { return records; }
export function getBlankLines(): f64 { return blankLines; }
export function getDataRows(): f64 { return dataRows; }
export function isDone(): bool { return done; }
export function getEndedInQuote(): bool { return endedInQuote; }
export function getEvent(): i32 { return event; }
export function getEventGroup(): i32 { return eventGroup; }
export function getEventStart(): i32 { return eventStart; }
export function getEventEnd(): i32 { return eventEnd; }
export function getEventLine(): f64 { return eventLine; }
export function getEventQuoted(): bool { return eventQuoted; }
export function getGroupCount(): i32 { return groupCount; }
export function getGroupKeys(): usize { return groupKeys; }
export function getGroupSum(): usize { return groupSum; }
export function getGroupRows(): usize { return groupRows; }
export function getGroupNegative(): usize { return groupNegative; }
export function getGroupFirstLine(): usize { return groupFirstLine; }

export function addCount(g: i32, v: f64): void {
  const o = <usize>g << 3;
  store<f64>(groupSum + o, load<f64>(groupSum + o) + v);
  store<f64>(groupRows + o, load<f64>(groupRows + o) + 1);
  if (v < 0) store<f64>(groupNegative + o, load<f64>(groupNegative + o) + 1);
}




/**
 * Where the unquoted field at `p` ends: its first delimiter, line feed or carriage return, found
 * sixteen bytes at a time (the stop mark at `to` guarantees one, and the buffer's spare bytes
 * keep the last read inside it). A quote inside an unquoted field is a plain byte, as in csv.ts.
 */
@inline function unquotedEnd(p: usize): usize {
  const vd = i8x16.splat(<i8>delim);
  const vl = i8x16.splat(<i8>LF);
  const vc = i8x16.splat(<i8>CR);
  while (true) {
    const v = v128.load(p);
    const m = i8x16.bitmask(v128.or(v128.or(i8x16.eq(v, vd), i8x16.eq(v, vl)), i8x16.eq(v, vc)));
    if (m != 0) return p + <usize>ctz(m);
    p += 16;
  }
}

/** End of the quoted field opening at `p`: -1 when the buffer ends first, -2 when the file does (unterminated). */
function quotedFieldEnd(buf: usize, p: i32, to: i32, eof: bool): i32 {
  let lines = 0;
  p++;
  while (true) {
    const c = <u32>load<u8>(buf + <usize>p);
    if (c == QUOTE) {
      if (p + 1 < to) {
        if (<u32>load<u8>(buf + <usize>p + 1) == QUOTE) {
          p += 2;
          continue;
        }
      } else if (!eof) {
        endedInQuote = true;
        return -1;
      }
      p++;
      break;
    }
    if (c == LF) {
      if (p >= to) {
        if (!eof) {
          endedInQuote = true;
          return -1;
        }
        return -2;
      }
      lines++;
    } else if (c == CR) {
      if (p + 1 < to) {
        if (<u32>load<u8>(buf + <usize>p + 1) != LF) lines++;
      } else if (eof) lines++;
      else {
        endedInQuote = true;
        return -1;
      }
    }
    p++;
  }
  while (true) {
    const c = <u32>load<u8>(buf + <usize>p);
    if (c == delim || c == LF || c == CR) break;
    p++;
  }
  quotedLines = lines;
  return p;
}

/** Whether group `g`'s values are the grouping fields of the record just scanned, byte for byte. */
function sameGroup(g: i32): bool {
  const b = <usize>(g * keyCount) << 2;
  for (let k = 0; k < groupKeyCount; k++) {
    const id = load<i32>(groupKeys + b + (<usize>k << 2));
    if (!same(interner(k), id, buf0 + <usize>geti(keyStart, k), buf0 + <usize>geti(keyEnd, k))) return false;
  }
  return true;
}

/** The input buffer of the scan under way (the key offsets are relative to it). */
let buf0: usize = 0;

/**
 * The group of the record just scanned. Tallied columns are interned when they differ from the
 * previous record's; then the group that followed the previous record's group last time is tried
 * (sorted files repeat the same order of groups), and only then the hash table.
 */
function groupOf(recordLine: f64): i32 {
  for (let k = 0; k < keyCount; k++) {
    const col = geti(keyColumns, k);
    seti(keyStart, k, geti(fieldStart, col));
    seti(keyEnd, k, geti(fieldEnd, col));
  }
  for (let k = groupKeyCount; k < keyCount; k++) {
    const last = geti(ids, k);
    const s = buf0 + <usize>geti(keyStart, k);
    const e = buf0 + <usize>geti(keyEnd, k);
    const t = interner(k);
    if (last >= 0 && same(t, last, s, e)) continue;
    seti(ids, k, intern(t, s, e, hashField(s, e)));
  }
  const prev = lastGroup;
  if (prev >= 0) {
    const guess = geti(groupNext, prev) - 1;
    if (guess >= 0 && sameGroup(guess)) return (lastGroup = guess);
  }
  const g = lookup(recordLine);
  if (prev >= 0) seti(groupNext, prev, g + 1);
  return (lastGroup = g);
}

/** `groupOf` by hash: the group whose values are the record's, added if new. */
function lookup(recordLine: f64): i32 {
  let h: i32 = 0x2545f491;
  for (let k = 0; k < groupKeyCount; k++) {
    const fh = hashField(buf0 + <usize>geti(keyStart, k), buf0 + <usize>geti(keyEnd, k));
    seti(fieldHash, k, fh);
    h = ((h ^ fh) * 0x9e3779b1) ^ <i32>(<u32>h >> 16);
  }
  let slot = (h ^ <i32>(<u32>h >> 13)) & groupMask;
  while (true) {
    const t = geti(groupTable, slot);
    if (t == 0) break;
    const g = t - 1;
    if (geti(groupHash, g) == h && sameGroup(g)) return g;
    slot = (slot + 1) & groupMask;
  }
  for (let k = 0; k < groupKeyCount; k++) {
    const s = buf0 + <usize>geti(keyStart, k);
    const e = buf0 + <usize>geti(keyEnd, k);
    const t = interner(k);
    const id = geti(ids, k);
    if (id >= 0 && same(t, id, s, e)) continue;
    seti(ids, k, intern(t, s, e, geti(fieldHash, k)));
  }
  return addGroup(h, slot, recordLine);
}

/** A new group with the current ids, at `slot` of the table (which doubles at half full). */
function addGroup(h: i32, slot: i32, recordLine: f64): i32 {
  const g = groupCount++;
  // Half as much again, not twice: the last growth leaves less room unused (these tables are
  // most of the memory of a read with many groups).
  if (g == groupCap) growGroups(g + (g >> 1));
  memory.copy(groupKeys + (<usize>(g * keyCount) << 2), ids, <usize>keyCount << 2);
  seti(groupHash, g, h);
  store<f64>(groupFirstLine + (<usize>g << 3), recordLine);
  // The tables grow without zeroing their new room (pages made room for but never used are never
  // touched), so a new group's entries start here.
  store<f64>(groupSum + (<usize>g << 3), 0);
  store<f64>(groupRows + (<usize>g << 3), 0);
  store<f64>(groupNegative + (<usize>g << 3), 0);
  seti(groupNext, g, 0);
  seti(groupTable, slot, g + 1);
  if (groupCount * 2 > groupMask + 1) rehashGroups((groupMask + 1) * 2);
  return g;
}

/** Room for `cap` groups in every per-group table. */
function growGroups(cap: i32): void {
  const kc = keyCount > 1 ? keyCount : 1;
  groupHash = moved(groupHash, <usize>cap << 2);
  groupSum = moved(groupSum, <usize>cap << 3);
  groupRows = moved(groupRows, <usize>cap << 3);
  groupNegative = moved(groupNegative, <usize>cap << 3);
  groupFirstLine = moved(groupFirstLine, <usize>cap << 3);
  groupNext = moved(groupNext, <usize>cap << 2);
  groupKeys = moved(groupKeys, <usize>(cap * kc) << 2);
  groupCap = cap;
}

/** The group table rebuilt with `size` slots (a power of two). */
function rehashGroups(size: i32): void {
  const table = zeroed(<usize>size << 2);
  const mask = size - 1;
  for (let i = 0; i < groupCount; i++) {
    const gh = geti(groupHash, i);
    let s = (gh ^ <i32>(<u32>gh >> 13)) & mask;
    while (geti(table, s) != 0) s = (s + 1) & mask;
    seti(table, s, i + 1);
  }
  heap.free(groupTable);
  groupTable = table;
  groupMask = mask;
}

/**
 * Reads the complete records in input[from, to) (see ByteGroupScanner.scan). Returns where it
 * stopped; `event` tells whether it stopped early, after a record that needs the caller.
 */
export function scan(to: i32, eof: bool, stop: i32, from: i32): i32 {
  const buf = input;
  buf0 = buf;
  store<u8>(buf + <usize>to, <u8>LF);
  let ln = line;
  let i = from;
  event = 0;
  endedInQuote = false;
  let halted = false;
  while (true) {
    if (i >= stop) {
      done = true;
      break;
    }
    if (i >= to) {
      if (eof) done = true;
      break;
    }
    const recordStart = i;
    let p = i;
    let col = 0;
    let qLines = 0;
    let extra = false;
    let countQuoted = false;
    let c: u32 = 0;
    while (true) {
      const fs = p;
      if (<u32>load<u8>(buf + <usize>p) == QUOTE && p < to) {
        p = quotedFieldEnd(buf, p, to, eof);
        if (p < 0) {
          if (p == -2) {
            event = 3;
            eventLine = ln + <f64>qLines;
          }
          halted = true;
          break;
        }
        qLines += quotedLines;
        c = <u32>load<u8>(buf + <usize>p);
        if (col == countCol) countQuoted = true;
        else if (col >= headerFields && !extra && p - fs != 2) extra = true;
      } else {
        p = <i32>(unquotedEnd(buf + <usize>p) - buf);
        c = <u32>load<u8>(buf + <usize>p);
        if (col >= headerFields && !extra && p > fs) extra = true;
      }
      if (col <= lastWanted) {
        seti(fieldStart, col, fs);
        seti(fieldEnd, col, p);
      }
      col++;
      if (c == delim && p < to) {
        p++;
        continue;
      }
      break;
    }
    if (halted) break;
    if (p >= to && !eof) break;
    let next = p;
    if (p < to) {
      if (<u32>load<u8>(buf + <usize>p) == CR) {
        if (p + 1 < to) next = <u32>load<u8>(buf + <usize>p + 1) == LF ? p + 2 : p + 1;
        else if (eof) next = p + 1;
        else break;
      } else next = p + 1;
    }
    i = next;
    if (col == 1 && p == recordStart) {
      blankLines++;
      ln++;
      continue;
    }
    records++;
    const recordLine = ln;
    ln += <f64>qLines + 1;
    if (recordLine <= headerLine) continue;
    dataRows++;
    if (col < headerFields || extra) {
      event = 2;
      eventStart = recordStart;
      eventEnd = p;
      eventLine = recordLine;
      break;
    }
    const g = groupOf(recordLine);
    if (countCol < 0) {
      const o = <usize>g << 3;
      store<f64>(groupSum + o, load<f64>(groupSum + o) + 1);
      store<f64>(groupRows + o, load<f64>(groupRows + o) + 1);
      continue;
    }
    const cs = geti(fieldStart, countCol);
    const ce = geti(fieldEnd, countCol);
    if (!countQuoted) {
      let q = cs;
      let ch = <u32>load<u8>(buf + <usize>q);
      let neg = false;
      if (ch == 45) {
        neg = true;
        q++;
      } else if (ch == 43) q++;
      const d0 = q;
      let v: i64 = 0;
      while (q < ce) {
        const d = <u32>load<u8>(buf + <usize>q) - 48;
        if (d > 9) break;
        v = v * 10 + <i64>d;
        q++;
      }
      if (q == ce && q > d0 && q - d0 <= 15) {
        let f = <f64>v;
        if (neg) f = -f;
        const o = <usize>g << 3;
        if (f < 0) store<f64>(groupNegative + o, load<f64>(groupNegative + o) + 1);
        store<f64>(groupSum + o, load<f64>(groupSum + o) + f);
        store<f64>(groupRows + o, load<f64>(groupRows + o) + 1);
        continue;
      }
    }
    event = 1;
    eventGroup = g;
    eventStart = cs;
    eventEnd = ce;
    eventQuoted = countQuoted;
    eventLine = recordLine;
    break;
  }
  line = ln;
  return i;
}
