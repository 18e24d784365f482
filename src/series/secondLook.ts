import { KEY_SEPARATOR } from '../read/group.js';
import type { RecordSource } from '../read/records.js';
import type { DetectedLayout } from '../schema/layouts.js';
import { fieldCount, filledCells, RaggedTracker, recordHash } from './rows.js';

/**
 * A second, row-by-row read of a long input, only when the grouped read left something to
 * explain: ragged rows (notes, or a broken file) or rows of delimiters only; and, in a record-level
 * file with a crime id, rows that copy an earlier crime exactly. Rows of a table of counts that
 * repeat a key are added whatever they hold, so they need no second read.
 */

/** Exact copies of a crime among the rows of one group (one key). */
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
  /** Exact copies of an earlier crime, by the group key (values joined by `KEY_SEPARATOR`). */
  byKey: Map<string, KeyAnomalies>;
  /** Rows with the crime id of an earlier row that differ from it somewhere. */
  idRepeats: number;
}

/** Record-level rows with a crime id: a row identical to an earlier one is the same crime listed twice. */
class CrimeCopies {
  readonly byKey = new Map<string, KeyAnomalies>();
  private readonly rows = new Set<string>();
  private readonly ids = new Set<string>();
  idRepeats = 0;

  constructor(
    private readonly idColumn: number,
    private readonly keyColumns: number[],
  ) {}

  row(fields: string[], n: number, line: number): void {
    const id = fields[this.idColumn].trim();
    // Rows without an id (police.uk's anti-social behaviour incidents) are never copies of each other.
    if (id === '') return;
    const h = recordHash(fields, n);
    if (this.rows.has(h)) {
      const k = this.keyColumns.map((c) => fields[c]).join(KEY_SEPARATOR);
      let a = this.byKey.get(k);
      if (!a) {
        a = { identicalRows: 0, identicalOffences: 0, identicalNegative: 0, firstIdenticalLine: line, sameKeyRows: 0 };
        this.byKey.set(k, a);
      }
      a.identicalRows++;
      a.identicalOffences++;
      return;
    }
    this.rows.add(h);
    if (this.ids.has(id)) this.idRepeats++;
    else this.ids.add(id);
  }
}

export async function secondLook(
  records: RecordSource,
  layout: DetectedLayout,
  copies: { idColumn: number; keyColumns: number[] } | null,
): Promise<SecondLook> {
  const width = layout.header.length;
  const tracker = new RaggedTracker(records.name, width);
  let blankRows = 0;
  let blankInGroups = 0;
  const crimes = copies ? new CrimeCopies(copies.idColumn, copies.keyColumns) : null;
  await records.scan((fields, line) => {
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
    crimes?.row(fields, n, line);
  });
  return {
    blankRows,
    blankInGroups,
    notes: tracker.finish(),
    byKey: crimes?.byKey ?? new Map(),
    idRepeats: crimes?.idRepeats ?? 0,
  };
}
