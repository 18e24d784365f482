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

const QUOTE: u32 = 34;
const CR: u32 = 13;
const LF: u32 = 10;

/** The distinct values of one key column, by id: their bytes are in the shared arena. */
@unmanaged class Interner {
  table: usize = 0;
  mask: i32 = 0;
  hashes: usize = 0;
  starts: usize = 0;
  lengths: usize = 0;
  count: i32 = 0;
  cap: i32 = 0;
}

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
let interners: usize = 0;

// Shared arena of key bytes.
let arena: usize = 0;
let arenaUsed: i32 = 0;
let arenaCap: i32 = 0;

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

function zeroed(bytes: usize): usize {
  const p = heap.alloc(bytes);
  memory.fill(p, 0, bytes);
  return p;
}

function grown(p: usize, oldBytes: usize, newBytes: usize): usize {
  if (p == 0) return zeroed(newBytes);
  const q = heap.realloc(p, newBytes);
  memory.fill(q + oldBytes, 0, newBytes - oldBytes);
  return q;
}

/** `grown` for a table whose entries are all written when they are made: its new room is not zeroed. */
function moved(p: usize, newBytes: usize): usize {
  return p == 0 ? heap.alloc(newBytes) : heap.realloc(p, newBytes);
}

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
  interners = zeroed(<usize>kCount * offsetof<Interner>());
  for (let k = 0; k < kCount; k++) {
    const t = changetype<Interner>(interners + <usize>k * offsetof<Interner>());
    t.table = zeroed(256 << 2);
    t.mask = 255;
    t.cap = 64;
    t.hashes = zeroed(64 << 2);
    t.starts = zeroed(64 << 2);
    t.lengths = zeroed(64 << 2);
    t.count = 0;
  }
  arenaCap = 4096;
  arena = zeroed(arenaCap);
  arenaUsed = 0;
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

/** An input buffer of at least `bytes` (plus room for the stop mark and 16-byte reads), keeping its first `keep` bytes. */
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
export function getArena(): usize { return arena; }
export function valueCount(k: i32): i32 { return interner(k).count; }
export function valueStarts(k: i32): usize { return interner(k).starts; }
export function valueLengths(k: i32): usize { return interner(k).lengths; }

export function addCount(g: i32, v: f64): void {
  const o = <usize>g << 3;
  store<f64>(groupSum + o, load<f64>(groupSum + o) + v);
  store<f64>(groupRows + o, load<f64>(groupRows + o) + 1);
  if (v < 0) store<f64>(groupNegative + o, load<f64>(groupNegative + o) + 1);
}

@inline function interner(k: i32): Interner {
  return changetype<Interner>(interners + <usize>k * offsetof<Interner>());
}

@inline function geti(p: usize, i: i32): i32 { return load<i32>(p + (<usize>i << 2)); }
@inline function seti(p: usize, i: i32, v: i32): void { store<i32>(p + (<usize>i << 2), v); }

const K1: u64 = 0x9e3779b97f4a7c15;
const K2: u64 = 0xc2b2ae3d27d4eb4f;

@inline function mix(h: u64, w: u64): u64 {
  return rotl<u64>(h ^ (w * K1), 27) * K2;
}

/**
 * A hash of every byte of a field, eight at a time (the last eight may overlap the ones before).
 * Every hit is still confirmed byte for byte; reading all the bytes keeps values that differ in
 * a few middle bytes (codes with a shared prefix and suffix) out of each other's slot chains.
 */
function hashField(s: usize, e: usize): i32 {
  const len = e - s;
  let h: u64 = (<u64>len + 1) * K2;
  if (len >= 8) {
    let p = s;
    while (p + 8 < e) {
      h = mix(h, load<u64>(p));
      p += 8;
    }
    h = mix(h, load<u64>(e - 8));
  } else if (len >= 4) {
    h = mix(h, (<u64>load<u32>(s) << 32) | <u64>load<u32>(e - 4));
  } else {
    let w: u64 = 0;
    for (let p = s; p < e; p++) w = (w << 8) | <u64>load<u8>(p);
    h = mix(h, w);
  }
  h ^= h >> 32;
  h *= K1;
  h ^= h >> 29;
  return <i32>h;
}

/** Whether value `id` of interner `t` has exactly the bytes [s, e). */
function same(t: Interner, id: i32, s: usize, e: usize): bool {
  const len = <i32>(e - s);
  if (geti(t.lengths, id) != len) return false;
  let a = arena + <usize>geti(t.starts, id);
  if (len < 8) {
    if (len >= 4) return load<u32>(a) == load<u32>(s) && load<u32>(a + <usize>len - 4) == load<u32>(e - 4);
    for (let b = s; b < e; b++, a++) if (load<u8>(a) != load<u8>(b)) return false;
    return true;
  }
  const last = a + <usize>len - 8;
  let b = s;
  for (; a < last; a += 8, b += 8) if (load<u64>(a) != load<u64>(b)) return false;
  return load<u64>(last) == load<u64>(e - 8);
}

/** The id of the value with the bytes [s, e) (hash `h`) in interner `t`, added if new. */
function intern(t: Interner, s: usize, e: usize, h: i32): i32 {
  let slot = (h ^ <i32>(<u32>h >> 15)) & t.mask;
  while (true) {
    const v = geti(t.table, slot);
    if (v == 0) break;
    const id = v - 1;
    if (geti(t.hashes, id) == h && same(t, id, s, e)) return id;
    slot = (slot + 1) & t.mask;
  }
  const id = t.count;
  const len = <i32>(e - s);
  if (id == t.cap) {
    const cap = t.cap * 2;
    t.hashes = grown(t.hashes, <usize>t.cap << 2, <usize>cap << 2);
    t.starts = grown(t.starts, <usize>t.cap << 2, <usize>cap << 2);
    t.lengths = grown(t.lengths, <usize>t.cap << 2, <usize>cap << 2);
    t.cap = cap;
  }
  if (arenaUsed + len + 8 > arenaCap) {
    let cap = arenaCap * 2;
    if (cap < arenaUsed + len + 8) cap = arenaUsed + len + 8;
    arena = grown(arena, arenaCap, cap);
    arenaCap = cap;
  }
  memory.copy(arena + <usize>arenaUsed, s, len);
  seti(t.hashes, id, h);
  seti(t.starts, id, arenaUsed);
  seti(t.lengths, id, len);
  arenaUsed += len;
  t.count = id + 1;
  seti(t.table, slot, id + 1);
  if ((id + 1) * 2 > t.mask + 1) {
    const size = (t.mask + 1) * 2;
    const table = zeroed(<usize>size << 2);
    const mask = size - 1;
    for (let j = 0; j < t.count; j++) {
      const jh = geti(t.hashes, j);
      let sl = (jh ^ <i32>(<u32>jh >> 15)) & mask;
      while (geti(table, sl) != 0) sl = (sl + 1) & mask;
      seti(table, sl, j + 1);
    }
    heap.free(t.table);
    t.table = table;
    t.mask = mask;
  }
  return id;
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
    if (!same(interner(k), load<i32>(groupKeys + b + (<usize>k << 2)), buf0 + <usize>geti(keyStart, k), buf0 + <usize>geti(keyEnd, k))) return false;
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
 * Room for `n` groups made at once, when the caller expects that many: the tables then grow once,
 * not step by step (each step copies them, and leaves the old copy's pages behind).
 */
export function expectGroups(n: i32): void {
  if (n > groupCap) growGroups(n);
  let size = groupMask + 1;
  while (n * 2 > size) size *= 2;
  if (size > groupMask + 1) rehashGroups(size);
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
