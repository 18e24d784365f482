import type { PartialScan } from './bytescan.js';
import { parseCount } from './count.js';
import { parseRecord } from './csv.js';
import type { RaggedRows } from './group.js';
import type { Encoding } from './source.js';

/**
 * Decoding and merging the partial results of the byte scanner (bytescan.ts) into groups, in
 * columns: each key column's distinct values are decoded once, and a group is a tuple of ids into
 * them. All string work is per distinct value; per group it is integer work only.
 */

const QUOTE = 34;

/** A scan's result, with what to add to its line numbers to make them lines of the input. */
export interface PlacedPartial {
  partial: PartialScan;
  lineOffset: number;
}

/** Rows whose count did not parse, by the trimmed cell text. */
export interface UnparsedCount {
  rows: number;
  firstLine: number;
}

/** Groups in columns, in order of their first line. */
export interface ColumnarGroups {
  /** Per key column, its decoded and unquoted distinct values (no two equal in one column). */
  values: string[][];
  groupCount: number;
  /** `groupCount × values.length` ids into `values`: the key of each group. */
  keys: Int32Array;
  /** Sum of the parsed counts (numeric rows only). */
  sums: Float64Array;
  /** Rows whose count parsed as a number (or every row when there is no count column). */
  rows: Float64Array;
  /** Of those, rows with a negative count. */
  negative: Float64Array;
  firstLine: Float64Array;
  /** The few groups with count cells that did not parse: by group index, then by the cell's trimmed text. */
  unparsed: Map<number, Map<string, UnparsedCount>>;
}

export interface MergedColumns extends ColumnarGroups {
  /** Distinct decoded values of each tallied column (key columns past `groupKeyCount`). */
  tallies: string[][];
  dataRows: number;
  ragged: RaggedRows | null;
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Decodes and merges partial results (in file order). Each raw value is decoded and unquoted once
 * and mapped to a canonical id per column; group tuples are then remapped to those ids, and
 * tuples that coincide (raw variants `abc` and `"abc"`, or one key found by two threads) are
 * merged by integer hashing. Ranges come in file order and each range's groups in the order their
 * first rows appear, so taking groups as they come keeps them in order of first line, as a
 * row-by-row reader would. Only a group made of several raw variants or ranges has its unparsed
 * cells put back in line order. Keys are compared as `keySeparator`-joined text, as the string
 * reader does: only when a value holds the separator can distinct tuples be one key, and then the
 * merge goes by that text.
 */
export function mergeColumns(
  placed: PlacedPartial[],
  encoding: Encoding,
  delimiter: string,
  keySeparator: string,
  groupKeyCount?: number,
): MergedColumns {
  const decoder = new TextDecoder(encoding);
  // Node 20 decodes Windows-1252 in one call as Latin-1 (0x93 stays U+0093, not a curly quote);
  // streaming decodes it properly, and a single-byte encoding carries nothing between calls.
  // ASCII reads the same in both encodings, so it needs no decoding at all.
  const stream = encoding === 'windows-1252';
  const unquote = (raw: string) => (raw.charCodeAt(0) === QUOTE ? parseRecord(raw, delimiter)[0] : raw);
  const decode = (latin1: string) =>
    ASCII.test(latin1) ? latin1 : decoder.decode(Buffer.from(latin1, 'latin1'), { stream });
  const keyCount = placed.length ? placed[0].partial.keyValues.length : 0;
  const groupKeys = Math.min(groupKeyCount ?? keyCount, keyCount);
  const canonical = Array.from({ length: groupKeys }, () => new Map<string, number>());
  const values: string[][] = Array.from({ length: groupKeys }, () => []);
  const tallySets: Set<string>[] = Array.from({ length: keyCount - groupKeys }, () => new Set<string>());
  let dataRows = 0;
  let ragged: RaggedRows | null = null;
  /** Two raw values of one column mean the same value (within a range, or across ranges). */
  let collapsed = false;
  /** Some value holds the key separator. */
  let separator = false;
  const remaps: Int32Array[][] = [];
  for (const { partial, lineOffset } of placed) {
    dataRows += partial.dataRows;
    if (partial.ragged) {
      if (ragged) ragged.rows += partial.ragged.rows;
      else {
        const fields = parseRecord(decode(partial.ragged.raw), delimiter);
        ragged = {
          rows: partial.ragged.rows,
          firstLine: partial.ragged.firstLine + lineOffset,
          example: fields.join(',').slice(0, 120),
        };
      }
    }
    const remap: Int32Array[] = [];
    for (let k = 0; k < groupKeys; k++) {
      const raw = partial.keyValues[k];
      const ids = canonical[k];
      const vs = values[k];
      const to = new Int32Array(raw.length);
      for (let i = 0; i < raw.length; i++) {
        const v = unquote(decode(raw[i]));
        let id = ids.get(v);
        if (id === undefined) {
          id = vs.length;
          vs.push(v);
          ids.set(v, id);
          if (!separator && v.includes(keySeparator)) separator = true;
        } else collapsed = true;
        to[i] = id;
      }
      remap.push(to);
    }
    remaps.push(remap);
    for (let k = groupKeys; k < keyCount; k++)
      for (const v of partial.keyValues[k]) tallySets[k - groupKeys].add(unquote(decode(v)));
  }
  const merged =
    placed.length === 1 && !collapsed && !separator
      ? single(placed[0], groupKeys)
      : mergeTuples(placed, remaps, groupKeys, separator ? { values, keySeparator } : null);
  const { sums, rows, negative } = merged;
  const unparsed = new Map<number, Map<string, UnparsedCount>>();
  for (let p = 0; p < placed.length; p++) {
    const { partial, lineOffset } = placed[p];
    const local = merged.local[p];
    for (const cell of partial.cells) {
      const group = local ? local[cell.group] : cell.group;
      const firstLine = cell.firstLine + lineOffset;
      let text = cell.text;
      if (cell.raw) {
        const decoded = decode(cell.text);
        const v = parseCount(decoded);
        if (!Number.isNaN(v)) {
          sums[group] += v * cell.rows;
          rows[group] += cell.rows;
          if (v < 0) negative[group] += cell.rows;
          continue;
        }
        text = decoded.trim();
      }
      let cells = unparsed.get(group);
      if (!cells) unparsed.set(group, (cells = new Map()));
      const u = cells.get(text);
      if (u) {
        u.rows += cell.rows;
        u.firstLine = Math.min(u.firstLine, firstLine);
      } else cells.set(text, { rows: cell.rows, firstLine });
    }
  }
  if (merged.pieced) {
    const pieced = merged.pieced;
    for (const [group, cells] of unparsed) {
      if (pieced[group] && cells.size > 1)
        unparsed.set(group, new Map([...cells].sort((a, b) => a[1].firstLine - b[1].firstLine)));
    }
  }
  return {
    values,
    groupCount: merged.groupCount,
    keys: merged.keys,
    sums,
    rows,
    negative,
    firstLine: merged.firstLine,
    unparsed,
    tallies: tallySets.map((t) => [...t]),
    dataRows,
    ragged,
  };
}

interface MergedTuples extends Omit<ColumnarGroups, 'values' | 'unparsed'> {
  /** Per partial, the merged group of each of its groups (null: the same index). */
  local: (Int32Array | null)[];
  /** Groups made of more than one piece (null: none can be). */
  pieced: Uint8Array | null;
}

/**
 * One range whose raw values are all distinct once decoded: its ids are the canonical ids and its
 * groups are the groups, as they are.
 */
function single({ partial, lineOffset }: PlacedPartial, groupKeys: number): MergedTuples {
  const n = partial.groupCount;
  const keyCount = partial.keyValues.length;
  // The range's own arrays, not copies: it is not read again once merged (but for its first
  // lines, which are copied when they move).
  let keys: Int32Array;
  if (keyCount === groupKeys) keys = partial.groupKeys.subarray(0, n * groupKeys);
  else {
    keys = new Int32Array(n * groupKeys);
    for (let g = 0; g < n; g++)
      for (let k = 0; k < groupKeys; k++) keys[g * groupKeys + k] = partial.groupKeys[g * keyCount + k];
  }
  let firstLine = partial.groupFirstLine.subarray(0, n);
  if (lineOffset !== 0) {
    firstLine = firstLine.slice();
    for (let g = 0; g < n; g++) firstLine[g] += lineOffset;
  }
  return {
    groupCount: n,
    keys,
    sums: partial.groupSum.subarray(0, n),
    rows: partial.groupRows.subarray(0, n),
    negative: partial.groupNegative.subarray(0, n),
    firstLine,
    local: [null],
    pieced: null,
  };
}

/** Remaps every range's group tuples to canonical ids and merges the tuples that coincide. */
function mergeTuples(
  placed: PlacedPartial[],
  remaps: Int32Array[][],
  groupKeys: number,
  byText: { values: string[][]; keySeparator: string } | null,
): MergedTuples {
  let capacity = 0;
  for (const { partial } of placed) capacity += partial.groupCount;
  const keys = new Int32Array(capacity * groupKeys);
  const sums = new Float64Array(capacity);
  const rows = new Float64Array(capacity);
  const negative = new Float64Array(capacity);
  const firstLine = new Float64Array(capacity);
  const hashes = new Int32Array(capacity);
  const pieced = new Uint8Array(capacity);
  let size = 1024;
  while (size < capacity * 2) size *= 2;
  const table = new Int32Array(size);
  const mask = size - 1;
  const texts = byText ? new Map<string, number>() : null;
  const tuple = new Int32Array(groupKeys);
  const local: Int32Array[] = [];
  let count = 0;
  for (let p = 0; p < placed.length; p++) {
    const { partial, lineOffset } = placed[p];
    const remap = remaps[p];
    const keyCount = partial.keyValues.length;
    const raw = partial.groupKeys;
    const to = new Int32Array(partial.groupCount);
    for (let g = 0; g < partial.groupCount; g++) {
      const base = g * keyCount;
      let h = 0x2545f491;
      for (let k = 0; k < groupKeys; k++) {
        const id = remap[k][raw[base + k]];
        tuple[k] = id;
        h = Math.imul(h ^ id, 0x9e3779b1) ^ (h >>> 16);
      }
      let m = -1;
      let slot = 0;
      let text = '';
      if (texts) {
        // join() gives one flat string; concatenation would leave a chain of pieces per group.
        const parts: string[] = [];
        for (let k = 0; k < groupKeys; k++) parts.push(byText!.values[k][tuple[k]]);
        text = parts.join(byText!.keySeparator);
        m = texts.get(text) ?? -1;
      } else {
        slot = (h ^ (h >>> 13)) & mask;
        for (;;) {
          const t = table[slot];
          if (t === 0) break;
          const c = t - 1;
          if (hashes[c] === h) {
            let k = 0;
            const cb = c * groupKeys;
            while (k < groupKeys && keys[cb + k] === tuple[k]) k++;
            if (k === groupKeys) {
              m = c;
              break;
            }
          }
          slot = (slot + 1) & mask;
        }
      }
      if (m >= 0) {
        sums[m] += partial.groupSum[g];
        rows[m] += partial.groupRows[g];
        negative[m] += partial.groupNegative[g];
        pieced[m] = 1;
      } else {
        m = count++;
        keys.set(tuple, m * groupKeys);
        hashes[m] = h;
        sums[m] = partial.groupSum[g];
        rows[m] = partial.groupRows[g];
        negative[m] = partial.groupNegative[g];
        firstLine[m] = partial.groupFirstLine[g] + lineOffset;
        if (texts) texts.set(text, m);
        else table[slot] = m + 1;
      }
      to[g] = m;
    }
    local.push(to);
  }
  return {
    groupCount: count,
    keys: keys.slice(0, count * groupKeys),
    sums: sums.slice(0, count),
    rows: rows.slice(0, count),
    negative: negative.slice(0, count),
    firstLine: firstLine.slice(0, count),
    local,
    pieced,
  };
}
