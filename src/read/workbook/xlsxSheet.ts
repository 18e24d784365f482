import { StalkError } from '../../core/errors.js';
import { numberText, serialDateText } from './cellText.js';
import { shapeOf } from './xlsxStyles.js';
import type { RowRun } from './types.js';
import { type XmlSink, xmlText } from './xml.js';

/** Excel's last column (XFD); a reference past it is a broken file, and would mean a huge row. */
export const MAX_COLUMNS = 16_384;

const enum T {
  Number,
  Shared,
  Text,
  Bool,
  IsoDate,
}

/**
 * Reads a worksheet's `<sheetData>` into rows of cell text (see docs/reading-workbooks.md for
 * what each kind of cell becomes). Rows and cells are placed by their `r` references when
 * present, else follow the one before. Rows come out in batches through `take`.
 */
export class XlsxSheetSink implements XmlSink {
  private batch: RowRun[] = [];
  private rowNumber = 0;
  private cells: string[] = [];
  private col = -1;
  private type = T.Number;
  private style = 0;
  private collecting = false;
  private inInline = false;
  private phonetic = 0;
  private raw = '';

  constructor(
    private readonly path: string,
    private readonly sheet: string,
    private readonly strings: readonly string[],
    private readonly shapes: Uint8Array,
    private readonly date1904: boolean,
  ) {}

  /** The rows completed since the last call. */
  take(): RowRun[] {
    const b = this.batch;
    this.batch = [];
    return b;
  }

  open(name: string, s: string, a: number, b: number, selfClosing: boolean): void {
    const local = name.indexOf(':') < 0 ? name : name.slice(name.indexOf(':') + 1);
    switch (local) {
      case 'c':
        this.openCell(s, a, b);
        break;
      case 'v':
        if (!selfClosing) {
          this.collecting = true;
          this.raw = '';
        }
        break;
      case 'is':
        this.inInline = true;
        this.raw = '';
        break;
      case 't':
        if (this.inInline && this.phonetic === 0 && !selfClosing) this.collecting = true;
        break;
      case 'rPh':
        if (!selfClosing) this.phonetic++;
        break;
      case 'row':
        this.openRow(s, a, b);
        if (selfClosing) this.closeRow();
        break;
    }
  }

  close(name: string): void {
    const local = name.indexOf(':') < 0 ? name : name.slice(name.indexOf(':') + 1);
    switch (local) {
      case 'v':
      case 't':
        this.collecting = false;
        break;
      case 'c':
        this.closeCell();
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'rPh':
        this.phonetic--;
        break;
      case 'row':
        this.closeRow();
        break;
    }
  }

  text(s: string, start: number, end: number): void {
    if (this.collecting) this.raw += s.slice(start, end);
  }

  private openRow(s: string, a: number, b: number): void {
    const r = numericAttribute(s, a, b, 'r');
    this.rowNumber = r > 0 ? r : this.rowNumber + 1;
    this.cells = [];
    this.col = -1;
  }

  private closeRow(): void {
    if (this.cells.length) this.batch.push({ row: this.rowNumber, cells: this.cells, repeat: 1 });
    this.cells = [];
  }

  /** Reads `r`, `t` and `s` in one pass over the attributes (this runs for every cell). */
  private openCell(s: string, a: number, b: number): void {
    let col = -1;
    this.type = T.Number;
    this.style = 0;
    this.raw = '';
    let i = a;
    while (i < b) {
      const eq = s.indexOf('=', i);
      if (eq < 0 || eq >= b) break;
      let k = i;
      while (s.charCodeAt(k) <= 32) k++;
      let e = eq;
      while (s.charCodeAt(e - 1) <= 32) e--;
      let q = eq + 1;
      while (s.charCodeAt(q) <= 32) q++;
      const v = q + 1;
      const close = s.indexOf(s[q] === "'" ? "'" : '"', v);
      if (close < 0 || close > b) break;
      if (e - k === 1) {
        const n = s.charCodeAt(k);
        if (n === 114 /* r */) col = columnIndex(s, v, close);
        else if (n === 116 /* t */) this.type = cellType(s, v, close);
        else if (n === 115 /* s */) this.style = digits(s, v, close);
      }
      i = close + 1;
    }
    this.col = col >= 0 ? col : this.col + 1;
    if (this.col >= MAX_COLUMNS) {
      throw new StalkError('E_WORKBOOK_CORRUPT', `sheet '${this.sheet}' has a cell past column XFD in row ${this.rowNumber}`, { file: this.path });
    }
  }

  private closeCell(): void {
    const raw = this.raw;
    this.collecting = false;
    if (raw.length === 0) return;
    let value: string;
    switch (this.type) {
      case T.Shared: {
        const idx = digits(raw, 0, raw.length);
        value = this.strings[idx];
        if (value === undefined) {
          throw new StalkError('E_WORKBOOK_CORRUPT', `sheet '${this.sheet}' row ${this.rowNumber} refers to shared string ${raw}, which the workbook does not have`, { file: this.path });
        }
        break;
      }
      case T.Number: {
        const shape = this.style < this.shapes.length ? this.shapes[this.style] : 0;
        value = shape === 0 ? numberText(raw) : (serialDateText(Number(raw), shapeOf(shape) as 'date', this.date1904) ?? numberText(raw));
        break;
      }
      case T.Bool:
        value = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
        break;
      case T.IsoDate:
        value = /T00:00(:00(\.0+)?)?Z?$/.test(raw) ? raw.slice(0, raw.indexOf('T')) : raw;
        break;
      default:
        value = xmlText(raw, 0, raw.length);
    }
    if (value.length === 0) return;
    const cells = this.cells;
    while (cells.length < this.col) cells.push('');
    cells[this.col] = value;
  }
}

/** `A1` to 0, `AB12` to 27: the letters of a cell reference, or -1 without any. */
function columnIndex(s: string, from: number, to: number): number {
  let col = 0;
  let i = from;
  for (; i < to; i++) {
    const c = s.charCodeAt(i) | 32; // lower case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
    if (col > MAX_COLUMNS) return MAX_COLUMNS;
  }
  return i === from ? -1 : col - 1;
}

function cellType(s: string, from: number, to: number): T {
  const c = s.charCodeAt(from);
  const len = to - from;
  if (c === 115 /* s */) return len === 1 ? T.Shared : T.Text; // s, str
  if (c === 110 /* n */) return T.Number;
  if (c === 98 /* b */) return T.Bool;
  if (c === 100 /* d */) return T.IsoDate;
  return T.Text; // inlineStr, e
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return i === from ? -1 : n;
    n = n * 10 + c;
  }
  return n;
}

function numericAttribute(s: string, a: number, b: number, name: string): number {
  let i = a;
  while (i < b) {
    const eq = s.indexOf('=', i);
    if (eq < 0 || eq >= b) return -1;
    let k = i;
    while (s.charCodeAt(k) <= 32) k++;
    let e = eq;
    while (s.charCodeAt(e - 1) <= 32) e--;
    let q = eq + 1;
    while (s.charCodeAt(q) <= 32) q++;
    const close = s.indexOf(s[q] === "'" ? "'" : '"', q + 1);
    if (close < 0 || close > b) return -1;
    if (e - k === name.length && s.startsWith(name, k)) return digits(s, q + 1, close);
    i = close + 1;
  }
  return -1;
}
