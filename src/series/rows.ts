import { StalkError } from '../core/errors.js';
import type { Taxonomy } from '../taxonomy/taxonomy.js';
import { NO_LABEL_REASON, NOTE_REASON, periodReason, totalsReason } from './ledger.js';

/**
 * The rules every data row passes before its counts are added, the same for a long file's rows
 * (taken a group of identical keys at a time) and a wide file's rows, in this order: a totals row
 * is set aside (adding it would count everything twice), then a note line, then a row whose period
 * cannot be read, then a row with no offence at all.
 */
export interface RowLabels {
  /** What the row names: its offence (trimmed) and code. */
  offence: string;
  code: string | null;
  /** The label that makes it a totals row, from `totalsLabel`, or null. */
  totals: string | null;
  /** One filled cell and no count: a note or footnote line. */
  note: boolean;
  /** Layouts with a period per row: the period cells as written, and whether they were read. */
  period?: { read: boolean; raw: string };
}

export interface Exclusion {
  reason: string;
  /** Whether the row's offences are counted in the exclusion: always, only when a count was read, or never. */
  offences: 'always' | 'when-read' | 'never';
}

export function rowExclusion(row: RowLabels): Exclusion | null {
  if (row.totals !== null) return { reason: totalsReason(row.totals), offences: 'always' };
  if (row.note) return { reason: NOTE_REASON, offences: 'never' };
  if (row.period && !row.period.read) return { reason: periodReason(row.period.raw), offences: 'when-read' };
  if (!row.offence && !row.code) return { reason: NO_LABEL_REASON, offences: 'when-read' };
  return null;
}

/**
 * The label that makes a row a totals row, or null: an area cell ('All areas', 'Total'), else the
 * offence, its code or a major category ('All crimes'), reported by the offence's name. A long
 * file's loader asks once per distinct area and per distinct label, so the parts are separate.
 */
export function areaTotalsLabel(taxonomy: Taxonomy, areaCells: string[]): string | null {
  const area = areaCells.find((a) => taxonomy.isTotalsLabel(a, null));
  return area === undefined ? null : area.trim();
}

export function labelTotalsLabel(
  taxonomy: Taxonomy,
  offence: string,
  code: string | null,
  major?: string,
): string | null {
  const majorTotal = major !== undefined && taxonomy.isTotalsLabel(major, null);
  return taxonomy.isTotalsLabel(offence, code) || majorTotal ? offence || (code as string) : null;
}

export function filledCells(fields: string[]): number {
  let k = 0;
  for (const f of fields) if (f.trim() !== '') k++;
  return k;
}

/** Trailing empty fields beyond the header's width are not fields (a spreadsheet's padding). */
export function fieldCount(fields: string[], width: number): number {
  let n = fields.length;
  while (n > width && fields[n - 1] === '') n--;
  return n;
}

/** 64 bits of hash over a whole record, so exact copies are found without holding every row. */
export function recordHash(fields: string[], n: number): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let f = 0; f < n; f++) {
    const s = fields[f];
    for (let i = 0; i <= s.length; i++) {
      // 0x10000 (beyond any UTF-16 unit) marks the end of a field.
      const c = i < s.length ? s.charCodeAt(i) : 0x10000;
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
  }
  return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}.${n}`;
}

/**
 * Rows whose field count differs from the header's. A row with one text cell is a note; a row
 * with several is a footnote only when no data row follows it. Any other is a broken row (an
 * unquoted comma, a line split in two), an error: its figures may sit in the wrong columns.
 */
export class RaggedTracker {
  notes: { rows: number; line: number; example: string } | null = null;
  private pending: { rows: number; line: number; fields: number; example: string } | null = null;
  private goodRows = 0;

  constructor(
    private readonly path: string,
    private readonly width: number,
  ) {}

  /** A ragged row with at least one filled cell. */
  ragged(fields: string[], n: number, line: number, example: string): void {
    if (filledCells(fields) <= 1) this.note(1, line, example);
    else if (this.pending) this.pending.rows++;
    else this.pending = { rows: 1, line, fields: n, example };
  }

  /** A row with the header's field count. */
  good(): void {
    if (this.pending) throw this.broken(this.pending);
    this.goodRows++;
  }

  /** At the end of the file: trailing rows are footnotes, unless there was no data row at all. */
  finish(): { rows: number; line: number; example: string } | null {
    if (this.pending) {
      if (this.goodRows === 0) throw this.broken(this.pending);
      this.note(this.pending.rows, this.pending.line, this.pending.example);
      this.pending = null;
    }
    return this.notes;
  }

  private note(rows: number, line: number, example: string): void {
    if (this.notes) {
      this.notes.rows += rows;
      if (line < this.notes.line) Object.assign(this.notes, { line, example });
    } else this.notes = { rows, line, example };
  }

  private broken(p: { line: number; fields: number; example: string; rows: number }): StalkError {
    return new StalkError(
      'E_CSV_RAGGED',
      `a row with ${p.fields} fields where the header has ${this.width} (an unquoted comma in a label, or a line ` +
        `broken in two?): ${p.example}`,
      { file: this.path, line: p.line },
    );
  }
}
