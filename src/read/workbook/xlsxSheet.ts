import { StalkError } from '../../core/errors.js';
import { numberText, serialDateText } from './cellText.js';
import type { RowRun } from './types.js';
import { shapeOf } from './xlsxStyles.js';
import { xmlText } from './xml.js';

/** Excel's last column (XFD); a reference past it is a broken file, and would mean a huge row. */
export const MAX_COLUMNS = 16_384;

/** A tag or value longer than this means a broken or hostile file, not a worksheet. */
const MAX_TOKEN_BYTES = 4 * 1024 * 1024;

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const QUOT = 34;
const APOS = 39;
const COLON = 58;
const EQUALS = 61;
const BANG = 33;
const QUESTION = 63;
const C = 99;
const V = 118;
const R = 114;
const T = 116;
const S = 115;
const I = 105;

const enum Type {
  Number,
  Shared,
  Text,
  Bool,
  IsoDate,
}

/** Whole numbers below this are written from a table of strings instead of decoded each time. */
const SMALL_INTS = 100_000;
const smallInts: string[] = [];

const EMPTY = new Uint8Array(0);

/**
 * Reads a worksheet part's bytes into rows of cell text (see docs/reading-workbooks.md for what
 * each kind of cell becomes). Rows and cells are placed by their `r` references when present,
 * else follow the one before. Rows come out in batches through `take`.
 *
 * This is a tokenizer for the few elements a sheet's cells need (`row`, `c`, `v`, `is`, `t`,
 * `rPh`), not the general one in xml.ts: a sheet is most of a workbook's bytes, and reading its
 * UTF-8 bytes directly (names matched by byte, attributes read as the tag is scanned, shared
 * string indexes and small counts read without making a string) is what keeps an .xlsx within a
 * small multiple of the time the same rows take as CSV (bench/workbook.mjs). Everything else
 * (`<f>` formulas, `<mergeCells>`, `<cols>`, extensions) is skipped and namespace prefixes are
 * ignored. Its checks are structural: quotes closed, no DOCTYPE, every element closed at the end.
 */
export class XlsxSheetScanner {
  private batch: RowRun[] = [];
  private rest: Uint8Array = EMPTY;
  private depth = 0;
  private started = false;
  private rowNumber = 0;
  private cells: string[] = [];
  private col = -1;
  private type = Type.Number;
  private style = 0;
  /** Inside `<v>`, or `<t>` of an inline string: text is the cell's value. */
  private collecting = false;
  private inInline = false;
  private phonetic = 0;
  /** The value's text so far (decoded), or the shared string index. */
  private raw = '';
  private shared = -1;

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

  push(chunk: Uint8Array): void {
    const b = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const n = b.length;
    let i = 0;
    for (;;) {
      let lt = i;
      while (lt < n && b[lt] !== LT) lt++;
      if (lt >= n) {
        // A value's text running on into the next chunk waits for it; other text is not needed.
        if (!this.collecting) i = n;
        break;
      }
      if (this.collecting && lt > i) this.valueText(b, i, lt);
      i = lt;
      if (lt + 1 >= n) break;
      const c1 = b[lt + 1];
      if (c1 === SLASH) {
        let gt = lt + 2;
        while (gt < n && b[gt] !== GT) gt++;
        if (gt >= n) break;
        let ls = lt + 2;
        let e = ls;
        for (; e < gt; e++) {
          const d = b[e];
          if (d <= 32) break;
          if (d === COLON) ls = e + 1;
        }
        this.close(b, ls, e - ls);
        this.depth--;
        i = gt + 1;
        continue;
      }
      if (c1 === QUESTION || c1 === BANG) {
        const next = this.declaration(b, lt, n);
        if (next < 0) break;
        i = next;
        continue;
      }
      let j = lt + 1;
      let ls = j;
      for (; j < n; j++) {
        const d = b[j];
        if (d === GT || d === SLASH || d <= 32) break;
        if (d === COLON) ls = j + 1;
      }
      if (j >= n) break;
      const gt = tagEnd(b, j, n);
      if (gt === -2) this.fail('a "<" inside a tag');
      if (gt < 0) break;
      const selfClosing = b[gt - 1] === SLASH;
      if (this.depth === 0 && this.started) this.fail('a second root element');
      this.started = true;
      this.open(b, ls, j - ls, j, selfClosing ? gt - 1 : gt, selfClosing);
      if (!selfClosing) this.depth++;
      i = gt + 1;
    }
    // Copied: the stream may reuse the chunk's memory.
    this.rest = i < n ? Uint8Array.prototype.slice.call(b, i) : EMPTY;
    if (this.rest.length > MAX_TOKEN_BYTES) this.fail('a tag or value of more than 4 MB');
  }

  /** The part is complete: every element closed, nothing left half-read. */
  end(): void {
    if (this.rest.some((c) => c > 32)) this.fail('it ends inside a tag (cut short?)');
    if (!this.started) this.fail('no XML elements');
    if (this.depth !== 0) this.fail('it ends before its elements are closed (cut short?)');
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
    this.raw += Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8', from, to);
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
        case Type.Shared:
          throw new StalkError(
            'E_WORKBOOK_CORRUPT',
            `sheet '${this.sheet}' row ${this.rowNumber} has a shared string cell without an index`,
            { file: this.path },
          );
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

  /** Skips `<?...?>` and comments, keeps CDATA text inside a value; returns where to go on, or -1. */
  private declaration(b: Uint8Array, lt: number, n: number): number {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    if (b[lt + 1] === QUESTION) {
      const end = buf.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (n - lt < 9) return -1;
    if (startsWith(b, lt, '<!--')) {
      const end = buf.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (startsWith(b, lt, '<![CDATA[')) {
      const end = buf.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (this.collecting) {
        if (this.shared >= 0) this.raw = String(this.shared);
        this.shared = -1;
        this.raw += buf.toString('utf8', lt + 9, end).replace(/&/g, '&amp;');
      }
      return end + 3;
    }
    this.fail(startsWith(b, lt, '<!DOCTYPE') ? 'a DOCTYPE, which no workbook has' : 'a malformed <! declaration');
  }

  private fail(what: string): never {
    throw new StalkError('E_WORKBOOK_CORRUPT', `sheet '${this.sheet}' is not well-formed XML: ${what}`, {
      file: this.path,
    });
  }
}

function startsWith(b: Uint8Array, at: number, ascii: string): boolean {
  for (let k = 0; k < ascii.length; k++) if (b[at + k] !== ascii.charCodeAt(k)) return false;
  return true;
}

/** The '>' that ends a tag whose attributes start at `j`, skipping quoted values; -1 if not yet read, -2 if broken. */
function tagEnd(b: Uint8Array, j: number, n: number): number {
  while (j < n) {
    const d = b[j];
    if (d === GT) return j;
    if (d === QUOT || d === APOS) {
      j++;
      while (j < n && b[j] !== d) j++;
      if (j >= n) return -1;
      j++;
    } else if (d === LT) return -2;
    else j++;
  }
  return -1;
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

/** A whole number below SMALL_INTS written as its shortest digits (no sign, no leading zero), or -1. */
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
