import { StalkError } from '../../core/errors.js';
import { ByteXmlScanner, decodeUtf8 } from './byteXml.js';
import { numberText, serialDateText } from './cellText.js';
import type { RowRun } from './types.js';
import { shapeOf } from './xlsxStyles.js';
import { xmlText } from './xml.js';

/** Excel's last column (XFD); a reference past it is a broken file, and would mean a huge row. */
export const MAX_COLUMNS = 16_384;

const QUOT = 34;
const APOS = 39;
const EQUALS = 61;
const C = 99;
const V = 118;
const R = 114;
const T = 116;
const S = 115;
const I = 105;

enum Type {
  Number,
  Shared,
  Text,
  Bool,
  IsoDate,
}

/** Whole numbers of up to five digits, written from a table of strings instead of decoded each time. */
const smallInts: string[] = [];

/**
 * Reads a worksheet part's bytes into rows of cell text (see docs/reading-workbooks.md for what
 * each kind of cell becomes). Rows and cells are placed by their `r` references when present,
 * else follow the one before. Rows come out in batches through `take`.
 *
 * Only the elements a sheet's cells need are looked at (`row`, `c`, `v`, `is`, `t`, `rPh`), by
 * their local names; shared string indexes and small counts are read without making a string.
 * Everything else (`<f>` formulas, `<mergeCells>`, `<cols>`, extensions) is skipped.
 */
export class XlsxSheetScanner extends ByteXmlScanner {
  private batch: RowRun[] = [];
  private rowNumber = 0;
  private cells: string[] = [];
  private col = -1;
  private type = Type.Number;
  private style = 0;
  private inInline = false;
  private phonetic = 0;
  /** The value's text so far (decoded), or the shared string index. */
  private raw = '';
  private shared = -1;

  constructor(
    path: string,
    private readonly sheet: string,
    private readonly strings: readonly string[],
    private readonly shapes: Uint8Array,
    private readonly date1904: boolean,
  ) {
    super(path, `sheet '${sheet}'`);
  }

  /** The rows completed since the last call. */
  take(): RowRun[] {
    const b = this.batch;
    this.batch = [];
    return b;
  }

  protected onText(b: Uint8Array, from: number, to: number): void {
    this.valueText(b, from, to);
  }

  protected onCdata(text: string): void {
    if (this.shared >= 0) this.raw = String(this.shared);
    this.shared = -1;
    this.raw += text;
  }

  protected onOpen(b: Uint8Array, _name: number, ls: number, end: number, e: number, selfClosing: boolean): void {
    this.open(b, ls, end - ls, end, e, selfClosing);
  }

  protected onClose(b: Uint8Array, _name: number, ls: number, end: number): void {
    this.close(b, ls, end - ls);
  }

  private valueText(b: Uint8Array, from: number, to: number): void {
    if (this.type === Type.Shared && this.raw.length === 0) {
      const idx = digits(b, from, to);
      if (idx >= 0 && this.shared < 0) {
        this.shared = idx;
        return;
      }
    }
    if (this.shared >= 0) {
      // Text after an index already read: keep it all as text, and let the close complain.
      this.raw = String(this.shared);
      this.shared = -1;
    }
    if (this.type === Type.Number && this.raw.length === 0) {
      const k = smallInt(b, from, to);
      if (k >= 0) {
        this.raw = smallInts[k] ??= String(k);
        return;
      }
    }
    this.raw += decodeUtf8(b, from, to);
  }

  private open(b: Uint8Array, ls: number, len: number, a: number, e: number, selfClosing: boolean): void {
    const first = b[ls];
    if (len === 1) {
      if (first === C) this.openCell(b, a, e);
      else if (first === V) {
        this.collecting = !selfClosing;
        this.raw = '';
        this.shared = -1;
      } else if (first === T) {
        if (this.inInline && this.phonetic === 0 && !selfClosing) this.collecting = true;
      }
    } else if (len === 3 && first === R) {
      const c2 = b[ls + 1];
      if (c2 === 111 /* o */ && b[ls + 2] === 119 /* w */) {
        const r = attributeDigits(b, a, e, R);
        this.rowNumber = r > 0 ? r : this.rowNumber + 1;
        this.cells = [];
        this.col = -1;
      } else if (c2 === 80 /* P */ && b[ls + 2] === 104 /* h */ && !selfClosing) this.phonetic++;
    } else if (len === 2 && first === I && b[ls + 1] === S) {
      this.inInline = !selfClosing;
      this.raw = '';
      this.shared = -1;
    }
  }

  private close(b: Uint8Array, ls: number, len: number): void {
    const first = b[ls];
    if (len === 1) {
      if (first === C) this.closeCell();
      else if (first === V || first === T) this.collecting = false;
    } else if (len === 3 && first === R) {
      const c2 = b[ls + 1];
      if (c2 === 111 /* o */) {
        if (this.cells.length) this.batch.push({ row: this.rowNumber, cells: this.cells, repeat: 1 });
        this.cells = [];
      } else if (c2 === 80 /* P */ && b[ls + 2] === 104 /* h */) this.phonetic--;
    } else if (len === 2 && first === I) this.inInline = false;
  }

  /** Reads `r`, `t` and `s` of a cell in one pass over its attributes. */
  private openCell(b: Uint8Array, a: number, e: number): void {
    let col = -1;
    this.type = Type.Number;
    this.style = 0;
    this.raw = '';
    this.shared = -1;
    this.collecting = false;
    let i = a;
    while (i < e) {
      while (i < e && b[i] <= 32) i++;
      const nameStart = i;
      while (i < e && b[i] !== EQUALS && b[i] > 32) i++;
      const nameLen = i - nameStart;
      while (i < e && b[i] !== QUOT && b[i] !== APOS) i++;
      if (i >= e) break;
      const quote = b[i];
      const v = i + 1;
      let close = v;
      while (close < e && b[close] !== quote) close++;
      if (nameLen === 1) {
        const name = b[nameStart];
        if (name === R) col = columnIndex(b, v, close);
        else if (name === T) this.type = cellType(b, v, close);
        else if (name === S) this.style = digits(b, v, close);
      }
      i = close + 1;
    }
    this.col = col >= 0 ? col : this.col + 1;
    if (this.col >= MAX_COLUMNS) {
      throw new StalkError(
        'E_WORKBOOK_CORRUPT',
        `sheet '${this.sheet}' has a cell past column XFD in row ${this.rowNumber}`,
        { file: this.path },
      );
    }
  }

  private closeCell(): void {
    this.collecting = false;
    this.inInline = false;
    let value: string;
    if (this.shared >= 0) {
      value = this.strings[this.shared];
      if (value === undefined) {
        const where = `sheet '${this.sheet}' row ${this.rowNumber}`;
        const message = `${where} refers to shared string ${this.shared}, which the workbook does not have`;
        throw new StalkError('E_WORKBOOK_CORRUPT', message, { file: this.path });
      }
    } else {
      const raw = this.raw;
      if (raw.length === 0) return;
      switch (this.type) {
        case Type.Number: {
          const shape = this.style < this.shapes.length ? this.shapes[this.style] : 0;
          if (shape === 0) value = numberText(raw);
          else value = serialDateText(Number(raw), shapeOf(shape) as 'date', this.date1904) ?? numberText(raw);
          break;
        }
        case Type.Bool:
          value = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
          break;
        case Type.IsoDate:
          value = /T00:00(:00(\.0+)?)?Z?$/.test(raw) ? raw.slice(0, raw.indexOf('T')) : raw;
          break;
        case Type.Shared: {
          // An index written with spaces around it, as no common writer does but the format allows.
          const shared = /^\s*\d+\s*$/.test(raw) ? this.strings[Number(raw)] : undefined;
          if (shared === undefined) {
            const where = `sheet '${this.sheet}' row ${this.rowNumber}`;
            const index = raw.trim().slice(0, 20);
            const message = `${where} refers to shared string ${index}, which the workbook does not have`;
            throw new StalkError('E_WORKBOOK_CORRUPT', message, { file: this.path });
          }
          value = shared;
          break;
        }
        default:
          value = raw.indexOf('&') < 0 ? raw : xmlText(raw, 0, raw.length);
      }
    }
    if (value.length === 0) return;
    const cells = this.cells;
    if (cells.length === this.col) cells.push(value);
    else {
      while (cells.length < this.col) cells.push('');
      cells[this.col] = value;
    }
  }
}

/** `A1` to 0, `AB12` to 27: the letters of a cell reference, or -1 without any. */
function columnIndex(b: Uint8Array, from: number, to: number): number {
  let col = 0;
  let i = from;
  for (; i < to; i++) {
    const c = b[i] | 32; // lower case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
    if (col > MAX_COLUMNS) return MAX_COLUMNS;
  }
  return i === from ? -1 : col - 1;
}

function cellType(b: Uint8Array, from: number, to: number): Type {
  const c = b[from];
  if (c === S) return to - from === 1 ? Type.Shared : Type.Text; // s, str
  if (c === 110 /* n */) return Type.Number;
  if (c === 98 /* b */) return Type.Bool;
  if (c === 100 /* d */) return Type.IsoDate;
  return Type.Text; // inlineStr, e
}

/** A run of digits alone, or -1. */
function digits(b: Uint8Array, from: number, to: number): number {
  if (from >= to || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** A whole number of up to five digits written as its shortest digits (no sign, no leading zero), or -1. */
function smallInt(b: Uint8Array, from: number, to: number): number {
  const len = to - from;
  if (len < 1 || len > 5 || (len > 1 && b[from] === 48)) return -1;
  return digits(b, from, to);
}

/** The digits of attribute `name` (one letter), or -1. */
function attributeDigits(b: Uint8Array, a: number, e: number, name: number): number {
  let i = a;
  while (i < e) {
    while (i < e && b[i] <= 32) i++;
    const nameStart = i;
    while (i < e && b[i] !== EQUALS && b[i] > 32) i++;
    const nameLen = i - nameStart;
    while (i < e && b[i] !== QUOT && b[i] !== APOS) i++;
    if (i >= e) return -1;
    const quote = b[i];
    const v = i + 1;
    let close = v;
    while (close < e && b[close] !== quote) close++;
    if (nameLen === 1 && b[nameStart] === name) return digits(b, v, close);
    i = close + 1;
  }
  return -1;
}
