import { scanCsv } from '../read/csv.js';
import { KEY_SEPARATOR, parseCount } from '../read/group.js';
import type { DetectedLayout } from '../schema/layouts.js';
import { fieldCount, filledCells, RaggedTracker, recordHash } from './rows.js';

/**
 * A second, row-by-row read of a long file, only when the grouped read found something to
 * explain: ragged rows (notes, or a broken file), rows of delimiters only, or keys that occur more
 * than once (exact copies, or rows that differ). Clean files never take it.
 */

export interface KeyAnomalies {
  identicalRows: number;
  identicalOffences: number;
  identicalNegative: number;
  firstIdenticalLine: number;
  sameKeyRows: number;
}

export interface SecondLook {
  /** Rows of delimiters only: blank lines, not data. */
  blankRows: number;
  /** Of those, rows with the header's field count (grouped under an all-blank key and a blank count). */
  blankInGroups: number;
  notes: { rows: number; line: number; example: string } | null;
  byKey: Map<string, KeyAnomalies>;
}

/**
 * Tells exact copies from rows that differ among the rows of repeated keys, row by row in file
 * order.
 */
class RepeatedKeys {
  readonly byKey = new Map<string, KeyAnomalies>();
  private readonly seenRows = new Set<string>();
  private readonly seenKeys = new Set<string>();

  constructor(
    private readonly keyColumns: number[],
    private readonly countColumn: number,
    private readonly repeated: Set<string>,
  ) {}

  /** A data row of the header's width: `n` fields once trailing empty ones are left out. */
  row(fields: string[], n: number, line: number): void {
    const k = this.keyColumns.map((c) => fields[c]).join(KEY_SEPARATOR);
    if (!this.repeated.has(k)) return;
    const v = parseCount(fields[this.countColumn]);
    // Rows without a readable count are excluded under their marker already.
    if (Number.isNaN(v)) return;
    let a = this.byKey.get(k);
    if (!a) {
      a = { identicalRows: 0, identicalOffences: 0, identicalNegative: 0, firstIdenticalLine: 0, sameKeyRows: 0 };
      this.byKey.set(k, a);
    }
    const h = recordHash(fields, n);
    if (this.seenRows.has(h)) {
      a.identicalRows++;
      a.identicalOffences += v;
      if (v < 0) a.identicalNegative++;
      if (!a.firstIdenticalLine) a.firstIdenticalLine = line;
      return;
    }
    this.seenRows.add(h);
    if (this.seenKeys.has(k)) a.sameKeyRows++;
    else this.seenKeys.add(k);
  }
}

export async function secondLook(
  path: string,
  layout: DetectedLayout,
  keyColumns: number[],
  countColumn: number | null,
  repeatedKeys: Set<string>,
): Promise<SecondLook> {
  const width = layout.header.length;
  const tracker = new RaggedTracker(path, width);
  let blankRows = 0;
  let blankInGroups = 0;
  const repeats =
    countColumn === null || repeatedKeys.size === 0 ? null : new RepeatedKeys(keyColumns, countColumn, repeatedKeys);
  await scanCsv(
    path,
    (fields, line) => {
      if (line <= layout.headerLine) return;
      const n = fieldCount(fields, width);
      if (filledCells(fields) === 0) {
        blankRows++;
        if (n === width) blankInGroups++;
        return;
      }
      if (n !== width) {
        tracker.ragged(fields, n, line, fields.join(',').slice(0, 120));
        return;
      }
      tracker.good();
      repeats?.row(fields, n, line);
    },
    { delimiter: layout.delimiter },
  );
  return { blankRows, blankInGroups, notes: tracker.finish(), byKey: repeats?.byKey ?? new Map() };
}
