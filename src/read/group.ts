import { StalkError } from '../core/errors.js';
import { collectGarbage } from '../core/memory.js';
import { type CsvText, csvTextOf, type PartPlace, readStart } from './byteInput.js';
import { type ByteScanSpec, byteScannerModule, type ScanPart, scanParts } from './bytescan.js';
import { parseCount } from './count.js';
import { type ScanStats, sniffDelimiter } from './csv.js';
import { type ColumnarGroups, mergeColumns, type UnparsedCount } from './merge.js';
import { csvRecords, type RecordSource } from './records.js';
import { type Encoding, sniffBytes } from './source.js';

/**
 * Group-and-sum over a long CSV file: the hot path of every long layout. Rows are grouped by the
 * raw text of `keyColumns`; all interpretation (periods, offences, areas) then happens once per
 * distinct key, not once per row.
 */
export interface GroupSpec {
  /** Physical line of the header; records on or before it are not data (an input of several files: the first's). */
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
  /** Called as the file is read, with bytes read so far and bytes in total. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
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
  /** Where each file's lines start, for an input of several files. */
  places: PartPlace[];
}

export const KEY_SEPARATOR = '\u0001';

export type { ColumnarGroups, UnparsedCount } from './merge.js';

/**
 * A result whose `groups` map is built from its columns the first time it is asked for. The getter
 * is one function for all results, not a closure per result: V8 kept an object literal's getter
 * closure, and with it the columns it refers to, for the rest of the run after the result was
 * dropped (120 MB for the 2.1 million groups of the partnership bench file).
 */
function withGroups(columns: Omit<GroupResult, 'groups'>): GroupResult {
  return Object.defineProperty({ ...columns }, 'groups', { get: builtGroups, enumerable: true }) as GroupResult;
}

const groupMaps = new WeakMap<ColumnarGroups, Map<string, Group>>();

function builtGroups(this: ColumnarGroups): Map<string, Group> {
  let groups = groupMaps.get(this);
  if (!groups) groupMaps.set(this, (groups = groupsOf(this)));
  return groups;
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

export { parseCount };

const MAX_RECORD_BYTES = 16 * 1024 * 1024;
const CHUNK_BYTES = 1 << 20;
/** A scanner's memory worth freeing as soon as the scan ends (see `collectGarbage`). */
const LARGE_SCANNER_BYTES = 64 << 20;

/** What the first bytes of a part say: its encoding, and where its text starts (after byte-order marks). */
interface PartSniff {
  part: ScanPart;
  encoding: Encoding;
  bom: boolean;
  /** A second byte-order mark skipped after the first (counted as text, as the string reader does). */
  extraBom: number;
  head: Buffer;
}

async function sniffPart(input: CsvText['parts'][number]): Promise<PartSniff> {
  const bytes = await readStart(input.input, PROBE_BYTES);
  if (bytes.length === 0) throw new StalkError('E_EMPTY_FILE', 'the file is empty', { file: input.input.name });
  const sniff = sniffBytes(bytes, input.input.name);
  const head = bytes.subarray(sniff.bomLength);
  // The UTF-8 decoder in csv.ts also drops a second byte-order mark right after the first.
  const extraBom = sniff.bom && head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return {
    part: { input: input.input, start: sniff.bomLength + extraBom, headerLine: input.headerLine },
    encoding: sniff.encoding,
    bom: sniff.bom,
    extraBom,
    head: head.subarray(extraBom),
  };
}

/**
 * UTF-8 and Windows-1252 text is grouped from its bytes; UTF-16 text, unusual delimiters and
 * unusual column choices take the string parser. Both give the same result. An input of several
 * files is grouped as one, file after file.
 */
export async function groupRows(source: string | CsvText, spec: GroupSpec): Promise<GroupResult> {
  const text = csvTextOf(source, spec.headerLine);
  const sniffs: PartSniff[] = [];
  for (const part of text.parts) sniffs.push(await sniffPart(part));
  if (!byteScannable(spec, sniffs)) return groupRowsByStrings(text, spec);
  return groupRowsByBytes(text, spec, sniffs);
}

function byteScannable(spec: GroupSpec, sniffs: PartSniff[]): boolean {
  if (sniffs.some((s) => s.encoding !== 'utf-8') || !byteScannerModule()) return false;
  if (spec.delimiter !== undefined && !/^[^"\r\n\u0080-\uffff]$/.test(spec.delimiter)) return false;
  const { keyColumns, countColumn, headerFields } = spec;
  if (keyColumns.length === 0 || new Set(keyColumns).size !== keyColumns.length) return false;
  const inHeader = (c: number) => Number.isInteger(c) && c >= 0 && c < headerFields;
  return keyColumns.every(inHeader) && (countColumn === null || inHeader(countColumn));
}

async function groupRowsByBytes(text: CsvText, spec: GroupSpec, sniffs: PartSniff[]): Promise<GroupResult> {
  const delimiter = spec.delimiter ?? sniffDelimiter(new TextDecoder('utf-8').decode(sniffs[0].head, { stream: true }));
  const sizes = text.parts.map((p, k) => (p.input.size === null ? null : p.input.size - sniffs[k].part.start));
  const total = sizes.every((n) => n !== null) ? sizes.reduce((a, b) => a! + b!, 0)! : 0;
  const byteSpec: ByteScanSpec = {
    path: text.name,
    delimiter: delimiter.charCodeAt(0),
    headerLine: spec.headerLine,
    headerFields: spec.headerFields,
    keyColumns: [...spec.keyColumns, ...(spec.tallyColumns ?? [])],
    groupKeyCount: spec.keyColumns.length,
    countColumn: spec.countColumn,
    maxRecordBytes: MAX_RECORD_BYTES,
  };
  let done = 0;
  const onBytes = (n: number) => {
    done += n;
    spec.onProgress?.(done, total || done);
  };
  const parts = sniffs.map((s) => s.part);
  const { partial, places, scannerBytes } = await scanParts(byteSpec, parts, CHUNK_BYTES, onBytes);
  // The scanner is dropped now, its groups copied out. Its memory (300 MB for 2 million groups)
  // is freed only by a full collection, which V8 may leave until the groups have been built from
  // the copies, and the read's peak is then both: a large one is freed at once (milliseconds, the
  // heap being small here).
  if (scannerBytes >= LARGE_SCANNER_BYTES) collectGarbage();
  // Not UTF-8: Windows-1252, as csv.ts reads it (a byte-order mark stays a mark). Delimiters and
  // quotes are ASCII, so the records found are the same; only the decoding of values differs.
  const encoding: Encoding = partial.utf8 ? 'utf-8' : 'windows-1252';
  const placed = [{ partial, lineOffset: 0 }];
  const { tallies, dataRows, ragged, ...columns } = mergeColumns(
    placed,
    encoding,
    delimiter,
    KEY_SEPARATOR,
    spec.keyColumns.length,
  );
  const stats: ScanStats = {
    path: text.name,
    encoding,
    bom: sniffs[0].bom,
    delimiter,
    records: partial.records,
    blankLines: partial.blankLines,
    lines: partial.line,
    bytes: done + sniffs.reduce((n, s) => n + s.extraBom, 0),
    stopped: false,
  };
  return withGroups({ stats, dataRows, ragged, tallies, places, ...columns });
}

const PROBE_BYTES = 64 * 1024;

/**
 * The string path: record by record, into the same columns as the byte path. Any records can take
 * it: CSV text, or the rows of a workbook sheet.
 */
export async function groupRowsByStrings(
  source: string | CsvText | RecordSource,
  spec: GroupSpec,
): Promise<GroupResult> {
  const records =
    typeof source !== 'string' && 'scan' in source
      ? (source as RecordSource)
      : csvRecords(csvTextOf(source as string | CsvText, spec.headerLine), spec.delimiter);
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
  const { places, ...stats } = await records.scan((fields, line) => {
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
  });
  spec.onProgress?.(stats.bytes, stats.bytes);
  return withGroups({
    stats,
    places,
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
