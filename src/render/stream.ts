import type { Column, Result, Row } from '../analyses/result.js';
import { csvField } from './csv.js';
import { toJsonDocument } from './json.js';

/**
 * Written output is gathered to about this many characters before each write. Pieces this small
 * are short-lived strings of V8's young generation. Text with any character past Latin-1 (a †, a
 * dash) takes two bytes a character, and a string over 128 KB is made straight in the old
 * generation, kept until a full collection: 65,536 characters were, 16,384 are not.
 */
export const PIECE_CHARS = 1 << 14;
/** JSON rows are rendered this many at a time (one call of JSON.stringify each). */
const JSON_ROWS = 64;
/** What JSON.stringify puts around rows held at the document's depth, by the wrapper `renderWaiting` uses. */
const WRAP_HEAD = '{\n  "rows": [\n';
const WRAP_TAIL = '\n  ]\n}';
/** Stands for the rows in a document rendered without them; cut out around it. */
const ROWS_MARK = '\u0000rows\u0000';

/**
 * A result's rows written as they are made, in CSV or JSON, byte for byte as the whole result
 * would render: for results of many areas, whose rows and text would otherwise be held at once.
 * Nothing is written before the first row, so a run that finds none can still fail cleanly.
 */
export class RowStream {
  private readonly keys: string[];
  private pending = '';
  private rows = 0;
  /** JSON rows waiting to be rendered together. */
  private waiting: Record<string, unknown>[] = [];
  /** Some JSON rows are already written: the next ones follow a comma. */
  private rendered = false;

  constructor(
    private readonly format: 'csv' | 'json',
    private readonly columns: Column[],
    private readonly out: { write(s: string): unknown },
  ) {
    this.keys = columns.map((c) => c.key);
  }

  /** Rows written so far. */
  get count(): number {
    return this.rows;
  }

  /**
   * Adds rows. `head` gives the parts of the result that come before the rows (its command, inputs
   * and skipped inputs), asked for once, when the first row is written.
   */
  add(rows: readonly Row[], head: () => Pick<Result, 'command' | 'inputs' | 'skipped'>): void {
    for (const r of rows) {
      if (this.rows === 0) this.pending += this.opening(head());
      this.rows++;
      if (this.format === 'json') {
        this.waiting.push(this.jsonRow(r));
        if (this.waiting.length >= JSON_ROWS) this.renderWaiting();
      } else this.pending += this.csvRow(r);
      if (this.pending.length >= PIECE_CHARS) this.flush();
    }
  }

  /** Writes what follows the rows (for JSON, the notes, warnings and reconciliation). */
  end(result: Result): void {
    if (this.format === 'json') {
      this.renderWaiting();
      this.pending += '\n  ]';
      this.flush();
      // Written as it is: the notes of thousands of areas make it megabytes, and joined to the
      // text before it, it would be copied once more to be written.
      this.out.write(this.around(result)[1]);
    }
    this.flush();
  }

  private opening(head: Pick<Result, 'command' | 'inputs' | 'skipped'>): string {
    if (this.format === 'csv') return `${this.keys.join(',')}\n`;
    const result: Result = {
      ...head,
      columns: this.columns,
      rows: [],
      notes: [],
      warnings: [],
      reconciliation: { rowsRead: 0, rowsUsed: 0, excluded: [] },
    } as unknown as Result;
    return `${this.around(result)[0]}[\n`;
  }

  /** The document without its rows, split where they go. */
  private around(result: Result): [string, string] {
    const doc = toJsonDocument({ ...result, rows: [] });
    doc.rows = ROWS_MARK;
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    const mark = JSON.stringify(ROWS_MARK);
    const at = text.indexOf(mark);
    return [text.slice(0, at), text.slice(at + mark.length)];
  }

  /** A row as the document holds it: the columns' keys in order, missing values null. */
  private jsonRow(r: Row): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (const k of this.keys) o[k] = r[k] === undefined ? null : r[k];
    return o;
  }

  /**
   * The waiting rows, rendered by one JSON.stringify at the depth the document holds them (inside
   * an object's array, as `rows` is): its text between the wrapper's brackets is theirs, byte for
   * byte, with no re-indenting.
   */
  private renderWaiting(): void {
    if (this.waiting.length === 0) return;
    const text = JSON.stringify({ rows: this.waiting }, null, 2);
    if (this.rendered) this.pending += ',\n';
    this.pending += text.slice(WRAP_HEAD.length, text.length - WRAP_TAIL.length);
    this.rendered = true;
    this.waiting = [];
  }

  private csvRow(r: Row): string {
    return `${this.keys.map((k) => csvField(r[k] ?? null)).join(',')}\n`;
  }

  private flush(): void {
    if (this.pending) this.out.write(this.pending);
    this.pending = '';
  }
}
