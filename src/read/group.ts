import { availableParallelism } from 'node:os';
import { closeSync, openSync, readSync } from 'node:fs';
import { ByteGroupScanner, byteScannerModule, scanFileRange, type ByteScanSpec, type PlacedPartial, type RowLocations } from './bytescan.js';
import { scanCsv, sniffDelimiter, type ScanStats } from './csv.js';
import { mergeColumns, type ColumnarGroups, type UnparsedCount } from './merge.js';
import { groupInParallel, RANGES_PER_THREAD } from './parallel.js';
import { sniffFile, type Encoding, type SniffResult } from './source.js';

/**
 * Group-and-sum over a long CSV file: the hot path of every long layout. Rows are grouped by the
 * raw text of `keyColumns`; all interpretation (periods, offences, areas) then happens once per
 * distinct key, not once per row.
 */
export interface GroupSpec {
  /** Physical line of the header; records on or before it are not data. */
  headerLine: number;
  /** Number of fields in the header; a data row with a different count is ragged. */
  headerFields: number;
  keyColumns: number[];
  /**
   * Columns whose distinct values are collected without splitting groups (e.g. the areas, when a
   * command sums every area): `GroupResult.tallies` lists them.
   */
  tallyColumns?: number[];
  /** Column holding a count; null means every row counts one (record-level files). */
  countColumn: number | null;
  delimiter?: string;
  /**
   * Threads for a large file: a number (1 = this thread only) or 'auto' (the default: one per
   * available core). Files smaller than two `minPartBytes` are always read in this thread.
   */
  workers?: number | 'auto';
  /** Smallest byte range handed to one thread (default 64 MB). */
  minPartBytes?: number;
  /** Called as the file is read, with bytes read so far and bytes in total. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /**
   * Keep where the rows of repeated keys lie, for `GroupResult.rowsOf` (the file is then read in
   * this thread; memory grows with the rows of repeated keys, so this is for small files).
   */
  rowLocations?: boolean;
}

export interface Group {
  /** Raw values of the key columns, in `keyColumns` order. */
  key: string[];
  /** Sum of the parsed counts (numeric rows only). */
  sum: number;
  /** Rows whose count parsed as a number (or every row when `countColumn` is null). */
  rows: number;
  /** Of those, rows with a negative count. */
  negativeRows: number;
  firstLine: number;
  /** Rows whose count did not parse, by the raw (trimmed) cell text. */
  unparsed: Map<string, { rows: number; firstLine: number }>;
}

export interface RaggedRows {
  rows: number;
  firstLine: number;
  example: string;
}

/**
 * The groups come in columns (see `ColumnarGroups`): per key column its distinct values, and per
 * group the ids of its key values, its sums, rows and first line, in order of first line.
 */
export interface GroupResult extends ColumnarGroups {
  stats: ScanStats;
  /** Data rows seen after the header. */
  dataRows: number;
  /**
   * The same groups keyed by their values joined with `KEY_SEPARATOR`, in order of first line.
   * Built from the columns on first use (and kept), for callers that want one object per group.
   */
  readonly groups: Map<string, Group>;
  /** Rows with fewer or more fields than the header (after ignoring trailing empty cells). */
  ragged: RaggedRows | null;
  /** Distinct values of each of `tallyColumns`, in that order (rows that were grouped only). */
  tallies: string[][];
  /**
   * With `rowLocations`, on the byte path: where the rows of the groups `wanted` lie, in file
   * order, as three numbers per row (start and end offsets of the record, line break excluded,
   * and its line). Rows of other groups may come too; none of the wanted ones is left out.
   */
  rowsOf?: (wanted: (group: number) => boolean) => Float64Array;
}

export const KEY_SEPARATOR = '\u0001';

export type { ColumnarGroups, UnparsedCount } from './merge.js';

/** A result whose `groups` map is built from its columns the first time it is asked for. */
function withGroups(columns: Omit<GroupResult, 'groups'>): GroupResult {
  let groups: Map<string, Group> | null = null;
  return {
    ...columns,
    get groups() {
      return (groups ??= groupsOf(columns));
    },
  };
}

/** One object per group, keyed by the key values joined with `KEY_SEPARATOR`, in the columns' order. */
export function groupsOf(c: ColumnarGroups): Map<string, Group> {
  const groups = new Map<string, Group>();
  const width = c.values.length;
  for (let g = 0; g < c.groupCount; g++) {
    const key: string[] = [];
    for (let k = 0; k < width; k++) key.push(c.values[k][c.keys[g * width + k]]);
    groups.set(key.join(KEY_SEPARATOR), {
      key,
      sum: c.sums[g],
      rows: c.rows[g],
      negativeRows: c.negative[g],
      firstLine: c.firstLine[g],
      unparsed: c.unparsed.get(g) ?? new Map(),
    });
  }
  return groups;
}

/**
 * Parses a count cell: digits with optional sign, thousands separators and surrounding spaces or
 * quotes already removed by the CSV parser. Returns NaN when the cell is not a plain number.
 */
export function parseCount(cell: string): number {
  // Plain digits, the usual cell, are read without a regular expression.
  const n = cell.length;
  if (n > 0 && n <= 15) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const d = cell.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === n) return v;
  }
  const t = cell.trim();
  if (t === '') return Number.NaN;
  if (/^[-+]?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  return Number.NaN;
}

const MAX_RECORD_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;
const DEFAULT_MIN_PART_BYTES = 64 * 1024 * 1024;

/**
 * UTF-8 and Windows-1252 files are grouped from their bytes (in several threads when large);
 * UTF-16 files, unusual delimiters and unusual column choices take the string parser. Both give
 * the same result.
 */
export async function groupRows(path: string, spec: GroupSpec): Promise<GroupResult> {
  const sniff = await sniffFile(path);
  if (!byteScannable(spec, sniff)) return groupRowsByStrings(path, spec);
  return groupRowsByBytes(path, spec, sniff);
}

function byteScannable(spec: GroupSpec, sniff: SniffResult): boolean {
  if (sniff.encoding !== 'utf-8' || !byteScannerModule()) return false;
  if (spec.delimiter !== undefined && !/^[^"\r\n\u0080-\uffff]$/.test(spec.delimiter)) return false;
  const { keyColumns, countColumn, headerFields } = spec;
  if (keyColumns.length === 0 || new Set(keyColumns).size !== keyColumns.length) return false;
  const inHeader = (c: number) => Number.isInteger(c) && c >= 0 && c < headerFields;
  return keyColumns.every(inHeader) && (countColumn === null || inHeader(countColumn));
}

async function groupRowsByBytes(path: string, spec: GroupSpec, sniff: SniffResult): Promise<GroupResult> {
  const head = readHead(path, sniff.bomLength, PROBE_BYTES);
  // The UTF-8 decoder in csv.ts also drops a second byte-order mark right after the first.
  const extraBom = sniff.bom && head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const dataStart = sniff.bomLength + extraBom;
  const delimiter = spec.delimiter ?? sniffDelimiter(new TextDecoder('utf-8').decode(head, { stream: true }));
  const total = sniff.size - dataStart;
  const byteSpec: ByteScanSpec = {
    path,
    delimiter: delimiter.charCodeAt(0),
    headerLine: spec.headerLine,
    headerFields: spec.headerFields,
    keyColumns: [...spec.keyColumns, ...(spec.tallyColumns ?? [])],
    groupKeyCount: spec.keyColumns.length,
    countColumn: spec.countColumn,
    maxRecordBytes: MAX_RECORD_BYTES,
    ...(spec.rowLocations ? { rowLocations: true } : {}),
  };
  let done = 0;
  const onBytes = spec.onProgress ? (n: number) => spec.onProgress!((done += n), total) : undefined;
  const threads = spec.workers === undefined || spec.workers === 'auto' ? availableParallelism() : Math.max(1, Math.floor(spec.workers));
  const parts = spec.rowLocations ? 1 : Math.min(threads, Math.floor(total / (spec.minPartBytes ?? DEFAULT_MIN_PART_BYTES)));
  let placed: PlacedPartial[] | null = null;
  if (parts >= 2) placed = await groupInParallel(byteSpec, dataStart, sniff.size, parts, CHUNK_BYTES, onBytes, undefined, () => rangesPerThread(head, byteSpec));
  if (!placed) {
    done = 0;
    const partial = await scanFileRange({ spec: byteSpec, start: dataStart, stop: Number.MAX_SAFE_INTEGER, chunkBytes: CHUNK_BYTES, inPlace: true }, onBytes);
    placed = [{ partial, lineOffset: 0 }];
  }
  // Not UTF-8: Windows-1252, as csv.ts reads it (a byte-order mark stays a mark). Delimiters and
  // quotes are ASCII, so the records found are the same; only the decoding of values differs.
  const encoding: Encoding = placed.every((p) => p.partial.utf8) ? 'utf-8' : 'windows-1252';
  return finish(path, placed, encoding, sniff.bom, delimiter, sniff.size - sniff.bomLength, spec.keyColumns.length);
}

function finish(path: string, placed: PlacedPartial[], encoding: Encoding, bom: boolean, delimiter: string, bytes: number, groupKeyCount: number): GroupResult {
  const { tallies, dataRows, ragged, locals, ...columns } = mergeColumns(placed, encoding, delimiter, KEY_SEPARATOR, groupKeyCount);
  const last = placed[placed.length - 1];
  let records = 0;
  let blankLines = 0;
  for (const { partial } of placed) {
    records += partial.records;
    blankLines += partial.blankLines;
  }
  const located = placed.length === 1 ? placed[0].partial.rows : undefined;
  return withGroups({
    stats: { path, encoding, bom, delimiter, records, blankLines, lines: last.partial.line + last.lineOffset, bytes, stopped: false },
    dataRows,
    ragged,
    tallies,
    ...columns,
    ...(located ? { rowsOf: rowsOf(located, placed[0].partial.groupFirstLine, locals[0]) } : {}),
  });
}

/** `GroupResult.rowsOf` from the row locations of a read in one range (`local`: its groups' merged groups). */
function rowsOf(rows: RowLocations, firstLine: Float64Array, local: Int32Array | null): (wanted: (group: number) => boolean) => Float64Array {
  return (wanted) => {
    const merged = (g: number) => (local ? local[g] : g);
    const found: number[] = [];
    for (let g = 0; g < rows.firstStart.length; g++) if (wanted(merged(g))) found.push(rows.firstStart[g], rows.firstEnd[g], firstLine[g]);
    const r = rows.repeats;
    for (let i = 0; i < r.length; i += 4) if (wanted(merged(r[i]))) found.push(r[i + 1], r[i + 2], r[i + 3]);
    // In file order: first rows and later rows come from two lists.
    const order = Array.from({ length: found.length / 3 }, (_, i) => i).sort((a, b) => found[a * 3] - found[b * 3]);
    const out = new Float64Array(found.length);
    order.forEach((i, j) => {
      out[j * 3] = found[i * 3];
      out[j * 3 + 1] = found[i * 3 + 1];
      out[j * 3 + 2] = found[i * 3 + 2];
    });
    return out;
  };
}

const PROBE_BYTES = 64 * 1024;

/**
 * How many ranges each thread of a parallel read gets: several when rows fall into few groups (a
 * thread that finishes early then takes the next range, and each range's groups cost little),
 * one when most rows at the start of the file are groups of their own (the groups of every
 * range are held until they are merged, so more ranges would mean more memory).
 */
export function rangesPerThread(head: Buffer, spec: ByteScanSpec): number {
  // Several hundred rows tell; more would only delay the read (this runs before any thread starts).
  const length = Math.min(head.length, PROBE_BYTES);
  const probe = new ByteGroupScanner(spec);
  head.copy(probe.buffer(length), 0, 0, length);
  try {
    probe.scan(length, false, Number.MAX_SAFE_INTEGER);
  } catch {
    return 1;
  }
  const { groupCount, dataRows } = probe.result(0, 0);
  return dataRows > 0 && groupCount * 4 <= dataRows ? RANGES_PER_THREAD : 1;
}

function readHead(path: string, from: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    return buf.subarray(0, readSync(fd, buf, 0, length, from));
  } finally {
    closeSync(fd);
  }
}

/** The string path: `scanCsv` record by record, into the same columns as the byte path. */
export async function groupRowsByStrings(path: string, spec: GroupSpec): Promise<GroupResult> {
  const { keyColumns, countColumn, headerLine, headerFields } = spec;
  const width = keyColumns.length;
  const ids = keyColumns.map(() => new Map<string, number>());
  const values: string[][] = keyColumns.map(() => []);
  /** Group index by the key values joined (the key as the byte path's merge compares it too). */
  const byKey = new Map<string, number>();
  const keys: number[] = [];
  const sums: number[] = [];
  const rows: number[] = [];
  const negative: number[] = [];
  const firstLine: number[] = [];
  const unparsed = new Map<number, Map<string, UnparsedCount>>();
  let dataRows = 0;
  let ragged: RaggedRows | null = null;
  const tallyColumns = spec.tallyColumns ?? [];
  const tallySets = tallyColumns.map(() => new Set<string>());
  const tuple: number[] = new Array(width);
  const stats = await scanCsv(
    path,
    (fields, line) => {
      if (line <= headerLine) return;
      dataRows++;
      let n = fields.length;
      while (n > headerFields && fields[n - 1] === '') n--;
      if (n !== headerFields) {
        if (ragged) ragged.rows++;
        else ragged = { rows: 1, firstLine: line, example: fields.join(',').slice(0, 120) };
        return;
      }
      for (let t = 0; t < tallyColumns.length; t++) tallySets[t].add(fields[tallyColumns[t]]);
      for (let j = 0; j < width; j++) {
        const v = fields[keyColumns[j]];
        let id = ids[j].get(v);
        if (id === undefined) {
          id = values[j].length;
          values[j].push(v);
          ids[j].set(v, id);
        }
        tuple[j] = id;
      }
      let k = fields[keyColumns[0]];
      for (let j = 1; j < width; j++) k += KEY_SEPARATOR + fields[keyColumns[j]];
      let g = byKey.get(k);
      if (g === undefined) {
        g = sums.length;
        byKey.set(k, g);
        keys.push(...tuple);
        sums.push(0);
        rows.push(0);
        negative.push(0);
        firstLine.push(line);
      }
      if (countColumn === null) {
        sums[g] += 1;
        rows[g]++;
        return;
      }
      const v = parseCount(fields[countColumn]);
      if (Number.isNaN(v)) {
        const raw = fields[countColumn].trim();
        let cells = unparsed.get(g);
        if (!cells) unparsed.set(g, (cells = new Map()));
        const u = cells.get(raw);
        if (u) u.rows++;
        else cells.set(raw, { rows: 1, firstLine: line });
        return;
      }
      sums[g] += v;
      rows[g]++;
      if (v < 0) negative[g]++;
    },
    { delimiter: spec.delimiter },
  );
  spec.onProgress?.(stats.bytes, stats.bytes);
  return withGroups({
    stats,
    dataRows,
    ragged,
    tallies: tallySets.map((t) => [...t]),
    values,
    groupCount: sums.length,
    keys: Int32Array.from(keys),
    sums: Float64Array.from(sums),
    rows: Float64Array.from(rows),
    negative: Float64Array.from(negative),
    firstLine: Float64Array.from(firstLine),
    unparsed,
  });
}
