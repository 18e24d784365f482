import { StalkError } from '../../core/errors.js';
import { ByteXmlScanner, bytesEqual, decodeUtf8 } from './byteXml.js';
import { durationText, numberText, odsDateText } from './cellText.js';
import type { RowRun } from './types.js';
import { MAX_COLUMNS } from './xlsxSheet.js';
import { xmlText } from './xml.js';

/**
 * Rows past this are a hostile repeat count, not a sheet (LibreOffice's largest sheets have
 * 16,777,216 rows). Empty rows are never expanded, so only repeated non-empty rows meet it.
 */
const MAX_ROWS = 16_777_216;

enum V {
  None,
  Number,
  Date,
  Time,
  Bool,
  Text,
  Error,
}

/** Elements whose text is not the cell's: comments, notes, ruby annotations, drawings. */
const SKIPPED = ['office:annotation', 'text:note', 'text:ruby-text', 'draw:frame', 'draw:custom-shape', 'draw:g'];

/**
 * Reads one table of an ODS content.xml into rows of cell text. Rows are numbered counting
 * `table:number-rows-repeated`; repeated empty rows and cells are counted, never built. Cells
 * that a merge covers (`table:covered-table-cell`) are empty: a merged value stays in its top-left
 * cell. Comments, notes and drawings anchored in a cell are not cell text. Names are matched with
 * the prefixes every OpenDocument writer uses (`table:`, `office:`, `text:`).
 */
export class OdsTableScanner extends ByteXmlScanner {
  /** The table has been read: the rest of content.xml holds later sheets only. */
  done = false;
  private batch: RowRun[] = [];
  private tableDepth = 0;
  private seen = 0;
  private inTarget = false;
  private rowNumber = 1;
  private rowRepeat = 1;
  private cells: string[] = [];
  private col = 0;
  private inCell = false;
  private cellRepeat = 1;
  private valueKind = V.None;
  private value = '';
  private paragraphs = 0;
  private raw = '';
  private inParagraph = false;
  private skipDepth = 0;

  constructor(
    path: string,
    private readonly sheet: string,
    private readonly index: number,
  ) {
    super(path, `the content of sheet '${sheet}'`);
  }

  take(): RowRun[] {
    const b = this.batch;
    this.batch = [];
    return b;
  }

  protected onOpen(
    b: Uint8Array,
    name: number,
    _local: number,
    end: number,
    attrEnd: number,
    selfClosing: boolean,
  ): void {
    const len = end - name;
    if (this.skipDepth > 0) {
      if (!selfClosing) this.skipDepth++;
      return;
    }
    if (len === 11 && bytesEqual(b, name, 'table:table')) {
      // Tables at the top level only, in order; a table inside a cell is part of that cell.
      if (this.tableDepth === 0 && this.seen++ === this.index) this.inTarget = true;
      if (!selfClosing) this.tableDepth++;
      return;
    }
    if (!this.inTarget || this.tableDepth !== 1) return;
    switch (len) {
      case 15:
        if (bytesEqual(b, name, 'table:table-row')) {
          this.rowRepeat = repeatAttribute(b, end, attrEnd, 'table:number-rows-repeated');
          this.cells = [];
          this.col = 0;
          if (selfClosing) this.closeRow();
        } else if (this.collecting && bytesEqual(b, name, 'text:line-break')) this.raw += '\n';
        return;
      case 16:
      case 24:
        if (bytesEqual(b, name, 'table:table-cell') || bytesEqual(b, name, 'table:covered-table-cell')) {
          this.openCell(b, end, attrEnd);
          if (selfClosing) this.closeCell();
        }
        return;
      case 6:
        if (bytesEqual(b, name, 'text:p') || bytesEqual(b, name, 'text:h')) {
          if (!this.inCell) return;
          if (this.paragraphs++ > 0) this.raw += '\n';
          this.inParagraph = this.collecting = !selfClosing;
        } else if (this.collecting && bytesEqual(b, name, 'text:s')) {
          this.raw += ' '.repeat(Math.min(repeatAttribute(b, end, attrEnd, 'text:c'), 10_000));
        }
        return;
      case 8:
        if (this.collecting && bytesEqual(b, name, 'text:tab')) this.raw += '\t';
        return;
    }
    if (!selfClosing && SKIPPED.some((s) => s.length === len && bytesEqual(b, name, s))) {
      this.skipDepth = 1;
      this.collecting = false;
    }
  }

  protected onClose(b: Uint8Array, name: number, _local: number, end: number): void {
    if (this.skipDepth > 0) {
      // Back in the paragraph (if any) that the skipped element interrupted.
      if (--this.skipDepth === 0) this.collecting = this.inParagraph;
      return;
    }
    const len = end - name;
    if (len === 11 && bytesEqual(b, name, 'table:table')) {
      this.tableDepth--;
      if (this.tableDepth === 0 && this.inTarget) {
        this.inTarget = false;
        this.done = true;
      }
      return;
    }
    if (!this.inTarget || this.tableDepth !== 1) return;
    if (len === 15 && bytesEqual(b, name, 'table:table-row')) this.closeRow();
    else if (
      (len === 16 || len === 24) &&
      (bytesEqual(b, name, 'table:table-cell') || bytesEqual(b, name, 'table:covered-table-cell'))
    ) {
      this.closeCell();
    } else if (len === 6 && (bytesEqual(b, name, 'text:p') || bytesEqual(b, name, 'text:h'))) {
      this.inParagraph = this.collecting = false;
    }
  }

  protected onText(b: Uint8Array, from: number, to: number): void {
    this.raw += decodeUtf8(b, from, to);
  }

  protected onCdata(text: string): void {
    this.raw += text;
  }

  /** Reads the attributes a cell's text needs, in one pass. */
  private openCell(b: Uint8Array, a: number, e: number): void {
    this.inCell = true;
    this.cellRepeat = 1;
    this.paragraphs = 0;
    this.raw = '';
    this.inParagraph = this.collecting = false;
    let kind = V.None;
    let error = false;
    let value: string | undefined;
    let date: string | undefined;
    let time: string | undefined;
    let bool: string | undefined;
    let str: string | undefined;
    let i = a;
    while (i < e) {
      while (i < e && b[i] <= 32) i++;
      const nameStart = i;
      while (i < e && b[i] !== 61 /* = */ && b[i] > 32) i++;
      const len = i - nameStart;
      while (i < e && b[i] !== 34 && b[i] !== 39) i++;
      if (i >= e) break;
      const quote = b[i];
      const v = i + 1;
      let close = v;
      while (close < e && b[close] !== quote) close++;
      i = close + 1;
      switch (len) {
        case 17:
          if (bytesEqual(b, nameStart, 'office:value-type')) kind = valueType(b, v);
          else if (bytesEqual(b, nameStart, 'office:date-value')) date = decodeUtf8(b, v, close);
          else if (bytesEqual(b, nameStart, 'office:time-value')) time = decodeUtf8(b, v, close);
          break;
        case 18:
          // A formula's error (#N/A, #DIV/0!) is a string or float with an empty value: its text is what shows.
          if (bytesEqual(b, nameStart, 'calcext:value-type') && close - v === 5 && bytesEqual(b, v, 'error')) {
            error = true;
          }
          break;
        case 12:
          if (bytesEqual(b, nameStart, 'office:value')) value = decodeUtf8(b, v, close);
          break;
        case 20:
          if (bytesEqual(b, nameStart, 'office:boolean-value')) bool = decodeUtf8(b, v, close);
          break;
        case 19:
          if (bytesEqual(b, nameStart, 'office:string-value')) str = decodeUtf8(b, v, close);
          break;
        case 29:
          if (bytesEqual(b, nameStart, 'table:number-columns-repeated')) this.cellRepeat = count(b, v, close);
          break;
      }
    }
    if (error) kind = V.Error;
    this.valueKind = kind;
    this.value = '';
    if (kind === V.Number) this.value = value ?? '';
    else if (kind === V.Date) this.value = date ?? '';
    else if (kind === V.Time) this.value = time ?? '';
    else if (kind === V.Bool) this.value = bool ?? '';
    else if (kind === V.Text) {
      if (str === undefined) this.valueKind = V.None;
      else this.value = str.indexOf('&') < 0 ? str : xmlText(str, 0, str.length);
    }
  }

  private closeCell(): void {
    if (!this.inCell) return;
    this.inCell = false;
    this.inParagraph = this.collecting = false;
    let text: string;
    switch (this.valueKind) {
      case V.Number:
        text = numberText(this.value);
        break;
      case V.Date:
        text = odsDateText(this.value);
        break;
      case V.Time:
        text = durationText(this.value);
        break;
      case V.Bool:
        text = this.value === 'true' ? 'TRUE' : this.value === 'false' ? 'FALSE' : this.value;
        break;
      case V.Text:
        text = this.value;
        break;
      default:
        text = this.raw.indexOf('&') < 0 ? this.raw : xmlText(this.raw, 0, this.raw.length);
    }
    const repeat = this.cellRepeat;
    if (text.length === 0) {
      this.col += repeat;
      return;
    }
    if (this.col + repeat > MAX_COLUMNS) {
      const where = `sheet '${this.sheet}' has a value past column ${MAX_COLUMNS} in row ${this.rowNumber}`;
      throw new StalkError('E_WORKBOOK_CORRUPT', where, { file: this.path });
    }
    const cells = this.cells;
    while (cells.length < this.col) cells.push('');
    for (let k = 0; k < repeat; k++) cells.push(text);
    this.col += repeat;
  }

  private closeRow(): void {
    if (this.cells.length) {
      if (this.rowNumber + this.rowRepeat - 1 > MAX_ROWS) {
        const where = `sheet '${this.sheet}' repeats a row past row ${MAX_ROWS}`;
        throw new StalkError('E_WORKBOOK_CORRUPT', where, { file: this.path });
      }
      this.batch.push({ row: this.rowNumber, cells: this.cells, repeat: this.rowRepeat });
      this.cells = [];
    }
    this.rowNumber += this.rowRepeat;
  }
}

function valueType(b: Uint8Array, v: number): V {
  switch (b[v]) {
    case 102: // float
    case 112: // percentage
    case 99: // currency
      return V.Number;
    case 100: // date
      return V.Date;
    case 116: // time
      return V.Time;
    case 98: // boolean
      return V.Bool;
    case 115: // string
      return V.Text;
    default:
      return V.None;
  }
}

/** A repeat count, 1 when it is not a whole number of at least 1. */
function count(b: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 9) return 1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i] - 48;
    if (c < 0 || c > 9) return 1;
    n = n * 10 + c;
  }
  return n >= 1 ? n : 1;
}

/** The repeat count in attribute `name` of the tag's attributes `b[a, e)`, else 1. */
function repeatAttribute(b: Uint8Array, a: number, e: number, name: string): number {
  let i = a;
  while (i < e) {
    while (i < e && b[i] <= 32) i++;
    const nameStart = i;
    while (i < e && b[i] !== 61 /* = */ && b[i] > 32) i++;
    const len = i - nameStart;
    while (i < e && b[i] !== 34 && b[i] !== 39) i++;
    if (i >= e) return 1;
    const quote = b[i];
    const v = i + 1;
    let close = v;
    while (close < e && b[close] !== quote) close++;
    if (len === name.length && bytesEqual(b, nameStart, name)) return count(b, v, close);
    i = close + 1;
  }
  return 1;
}
