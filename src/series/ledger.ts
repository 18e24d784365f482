import { compareText } from '../core/order.js';
import type { DuplicateTally, ExcludedEntry, Ledger, NegativeCount } from './types.js';

/**
 * The reconciliation of one input: every data row is used or excluded for one stated reason, and
 * the offences balance the same way (see `Ledger`). The reasons are worded here, once.
 */

/** Markers that official tables put in place of a count, and what they mean. */
const MARKERS: Record<string, string> = {
  '': 'empty count',
  '[x]': 'suppressed or not available ([x])',
  '[c]': 'confidential ([c])',
  '[z]': 'not applicable ([z])',
  '[u]': 'low reliability ([u])',
  '..': 'not available (..)',
  '*': 'suppressed (*)',
  '-': 'nil or not available (-)',
  'n/a': 'not applicable (N/a)',
  na: 'not applicable (NA)',
  x: 'suppressed or not available (x)',
  ':': 'not available (:)',
};

export function describeUnparsedCount(raw: string): string {
  const m = MARKERS[raw.trim().toLowerCase()];
  return m ? `count missing: ${m}` : `count is not a number ('${raw.length > 20 ? `${raw.slice(0, 20)}…` : raw}')`;
}

export const DUPLICATE_REASON =
  'duplicate row: the same crime as an earlier row (same id, every field the same), so not added again';
export const NOTE_REASON = 'note or footnote line (text in one cell, no count)';
export const NO_LABEL_REASON = 'no offence label or code';
export const NO_COUNT_REASON = 'no usable count in any period column';
export const raggedNoteReason = (width: number) =>
  `ragged row: field count differs from the header's ${width} (a note or footnote line)`;
export const totalsReason = (label: string) => `totals row ('${label}'): not added, so nothing is counted twice`;
export const periodReason = (raw: string) => `period not recognised ('${raw.trim().slice(0, 30)}')`;

const MAX_NEGATIVES_LISTED = 100;

export class LedgerBuilder {
  rowsRead = 0;
  rowsUsed = 0;
  offencesRead = 0;
  offencesUsed = 0;
  negativeRows = 0;
  /** Lines of delimiters only below the header (a spreadsheet's padding): blank, not data. */
  blankRows = 0;
  negatives: NegativeCount[] = [];
  duplicates: DuplicateTally = { identicalRows: 0, identicalOffences: 0, sameKeyRows: 0 };
  private excluded = new Map<string, ExcludedEntry>();
  private cells = new Map<string, ExcludedEntry>();
  /** An input read from several files: the file and its own line for a line of the input. */
  locate: (line: number) => { file: string; line: number } | null = () => null;

  private placed<T extends { line?: number }>(e: T): T & { file?: string } {
    const at = e.line === undefined ? null : this.locate(e.line);
    return at ? { ...e, file: at.file, line: at.line } : e;
  }

  negative(n: NegativeCount): void {
    if (this.negatives.length < MAX_NEGATIVES_LISTED) this.negatives.push(n);
  }

  excludedEntry(reason: string): ExcludedEntry | undefined {
    return this.excluded.get(reason);
  }

  exclude(reason: string, rows: number, example: string, line: number, offences?: number): void {
    const e = this.excluded.get(reason);
    if (e) {
      e.rows += rows;
      if (offences !== undefined) e.offences = (e.offences ?? 0) + offences;
      if (line < (e.line ?? Infinity)) {
        e.line = line;
        e.example = example;
      }
    } else this.excluded.set(reason, { reason, rows, ...(offences !== undefined ? { offences } : {}), example, line });
  }

  excludeCell(reason: string, example: string, line: number): void {
    const e = this.cells.get(reason);
    if (e) e.rows++;
    else this.cells.set(reason, { reason, rows: 1, example, line });
  }

  /** An exact copy of an earlier row, set aside. */
  duplicate(rows: number, offences: number, example: string, line: number): void {
    this.exclude(DUPLICATE_REASON, rows, example, line, offences);
    this.duplicates.identicalRows += rows;
    this.duplicates.identicalOffences += offences;
  }

  build(blankLines: number, linesAbove: number): Ledger {
    const byRows = (a: ExcludedEntry, b: ExcludedEntry) => b.rows - a.rows || compareText(a.reason, b.reason);
    return {
      rowsRead: this.rowsRead,
      rowsUsed: this.rowsUsed,
      excluded: [...this.excluded.values()].sort(byRows).map((e) => this.placed(e)),
      cellsExcluded: [...this.cells.values()].sort(byRows).map((e) => this.placed(e)),
      offencesRead: this.offencesRead,
      offencesUsed: this.offencesUsed,
      negativeRows: this.negativeRows,
      negatives: [...this.negatives].sort((a, b) => a.line - b.line).map((n) => this.placed(n)),
      duplicates: { ...this.duplicates },
      blankLines: blankLines + this.blankRows,
      linesAbove,
    };
  }

  /**
   * In a table of counts, rows that repeat the area, period and offence of an earlier row are
   * separate figures under one description and are added, identical or not (the Home Office lists
   * Homicide's sub-offences four times per force and quarter, with one combined code, often byte
   * for byte). Only a record-level file with a crime id has copies to set aside: a row identical to
   * an earlier one, id included, is the same crime listed twice.
   */
  duplicateNotes(): string[] {
    const d = this.duplicates;
    const out: string[] = [];
    if (d.identicalRows) {
      const found = this.excludedEntry(DUPLICATE_REASON);
      const e = found ? this.placed(found) : undefined;
      const copies =
        d.identicalRows === 1
          ? '1 row copies an earlier crime exactly'
          : `${d.identicalRows} rows copy earlier crimes exactly`;
      const where = e?.line ? ` (first at ${e.file ? `${e.file}:` : 'line '}${e.line})` : '';
      out.push(`${copies}${where}, the same crime id and every field: excluded, so no crime is counted twice`);
    }
    if (d.sameKeyRows) {
      const rows = d.sameKeyRows === 1 ? '1 row repeats' : `${d.sameKeyRows} rows repeat`;
      out.push(
        `${rows} the area, period and offence of an earlier row: added, identical or not, since in an ` +
          'aggregated table such rows are separate figures under one description (as the Home Office lists ' +
          "Homicide's sub-offences under one combined code)",
      );
    }
    return out;
  }
}
