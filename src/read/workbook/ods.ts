import { StalkError } from '../../core/errors.js';
import type { ZipArchive } from '../archive/zip.js';
import { durationText, numberText, odsDateText } from './cellText.js';
import { findSheet, rowsOf, scanRows } from './rowStream.js';
import type { RowHandler, RowRun, ScanSheetStats, SheetInfo, SheetRow, Workbook } from './types.js';
import { attribute, attributes, XmlTokenizer, type XmlSink, xmlText } from './xml.js';
import { MAX_COLUMNS } from './xlsxSheet.js';
import { odsSheets } from './odsSheets.js';
import { xmlChunks } from './xmlEntry.js';

/**
 * Rows past this are a hostile repeat count, not a sheet (LibreOffice's largest sheets have
 * 16,777,216 rows). Empty rows are never expanded, so only repeated non-empty rows meet it.
 */
const MAX_ROWS = 16_777_216;

/** The attributes of a table cell that its text needs, read in one pass (indexes: `A`). */
const CELL_ATTRIBUTES = [
  'table:number-columns-repeated',
  'office:value-type',
  'calcext:value-type',
  'office:value',
  'office:date-value',
  'office:time-value',
  'office:boolean-value',
  'office:string-value',
] as const;

const enum A {
  Repeat,
  Type,
  CalcType,
  Value,
  Date,
  Time,
  Bool,
  String,
}

const enum V {
  None,
  Number,
  Date,
  Time,
  Bool,
  Text,
}

/**
 * Reads one table of content.xml into rows of cell text. Rows are numbered counting
 * `table:number-rows-repeated`; repeated empty rows and cells are counted, never built.
 * Cells that a merge covers (`table:covered-table-cell`) are empty: a merged value stays in its
 * top-left cell. Comments (`office:annotation`), notes and drawings anchored in a cell are not
 * cell text.
 */
class OdsTableSink implements XmlSink {
  done = false;
  private batch: RowRun[] = [];
  private tableDepth = 0;
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
  private collecting = false;
  private skipDepth = 0;
  /** Top-level tables opened so far. */
  private seen = 0;
  private readonly cellAttributes: (string | undefined)[] = CELL_ATTRIBUTES.map(() => undefined);

  constructor(
    private readonly path: string,
    private readonly sheet: string,
    private readonly index: number,
  ) {}

  take(): RowRun[] {
    const b = this.batch;
    this.batch = [];
    return b;
  }

  open(name: string, s: string, a: number, b: number, selfClosing: boolean): void {
    if (this.skipDepth > 0) {
      if (!selfClosing) this.skipDepth++;
      return;
    }
    if (name === 'table:table') {
      // Tables at the top level only, in order; a table inside a cell is part of that cell.
      if (this.tableDepth === 0 && this.seen++ === this.index) this.inTarget = true;
      if (!selfClosing) this.tableDepth++;
      return;
    }
    if (!this.inTarget || this.tableDepth !== 1) return;
    switch (name) {
      case 'table:table-row':
        this.rowRepeat = repeatCount(s, a, b, 'table:number-rows-repeated');
        this.cells = [];
        this.col = 0;
        if (selfClosing) this.closeRow();
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        this.openCell(s, a, b);
        if (selfClosing) this.closeCell();
        break;
      case 'text:p':
      case 'text:h':
        if (!this.inCell) break;
        if (this.paragraphs++ > 0) this.raw += '\n';
        this.collecting = !selfClosing;
        break;
      case 'text:s':
        if (this.collecting) this.raw += ' '.repeat(Math.min(repeatCount(s, a, b, 'text:c'), 10_000));
        break;
      case 'text:tab':
        if (this.collecting) this.raw += '\t';
        break;
      case 'text:line-break':
        if (this.collecting) this.raw += '\n';
        break;
      case 'office:annotation':
      case 'text:note':
      case 'text:ruby-text':
      case 'draw:frame':
      case 'draw:custom-shape':
      case 'draw:g':
        if (!selfClosing) this.skipDepth = 1;
        break;
    }
  }

  close(name: string): void {
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    if (name === 'table:table') {
      this.tableDepth--;
      if (this.tableDepth === 0 && this.inTarget) {
        this.inTarget = false;
        this.done = true;
      }
      return;
    }
    if (!this.inTarget || this.tableDepth !== 1) return;
    switch (name) {
      case 'table:table-row':
        this.closeRow();
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        this.closeCell();
        break;
      case 'text:p':
      case 'text:h':
        this.collecting = false;
        break;
    }
  }

  text(s: string, start: number, end: number): void {
    if (this.collecting && this.skipDepth === 0) this.raw += s.slice(start, end);
  }

  private openCell(s: string, a: number, b: number): void {
    const at = this.cellAttributes;
    attributes(s, a, b, CELL_ATTRIBUTES, at);
    this.inCell = true;
    this.cellRepeat = count(at[A.Repeat]);
    this.paragraphs = 0;
    this.raw = '';
    this.collecting = false;
    // A formula's error (#N/A, #DIV/0!) is a string or float with an empty value: its text is what shows.
    const type = at[A.CalcType] === 'error' ? 'error' : at[A.Type];
    this.valueKind = V.None;
    this.value = '';
    switch (type) {
      case 'float':
      case 'percentage':
      case 'currency':
        this.valueKind = V.Number;
        this.value = at[A.Value] ?? '';
        break;
      case 'date':
        this.valueKind = V.Date;
        this.value = at[A.Date] ?? '';
        break;
      case 'time':
        this.valueKind = V.Time;
        this.value = at[A.Time] ?? '';
        break;
      case 'boolean':
        this.valueKind = V.Bool;
        this.value = at[A.Bool] ?? '';
        break;
      case 'string':
        if (at[A.String] !== undefined) {
          this.valueKind = V.Text;
          this.value = at[A.String];
        }
        break;
    }
  }

  private closeCell(): void {
    if (!this.inCell) return;
    this.inCell = false;
    this.collecting = false;
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
      throw new StalkError(
        'E_WORKBOOK_CORRUPT',
        `sheet '${this.sheet}' has a value past column ${MAX_COLUMNS} in row ${this.rowNumber}`,
        { file: this.path },
      );
    }
    const cells = this.cells;
    while (cells.length < this.col) cells.push('');
    for (let k = 0; k < repeat; k++) cells.push(text);
    this.col += repeat;
  }

  private closeRow(): void {
    if (this.cells.length) {
      if (this.rowNumber + this.rowRepeat - 1 > MAX_ROWS) {
        throw new StalkError('E_WORKBOOK_CORRUPT', `sheet '${this.sheet}' repeats a row past row ${MAX_ROWS}`, {
          file: this.path,
        });
      }
      this.batch.push({ row: this.rowNumber, cells: this.cells, repeat: this.rowRepeat });
      this.cells = [];
    }
    this.rowNumber += this.rowRepeat;
  }
}

/** A repeat attribute (`table:number-rows-repeated="1048553"`), 1 when absent or not a count. */
function repeatCount(s: string, a: number, b: number, name: string): number {
  return count(attribute(s, a, b, name));
}

function count(v: string | undefined): number {
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export class OdsWorkbook implements Workbook {
  readonly kind = 'ods' as const;

  private constructor(
    private readonly zip: ZipArchive,
    readonly sheets: readonly SheetInfo[],
  ) {}

  get path(): string {
    return this.zip.path;
  }

  /** Lists the sheets: one pass over content.xml, which holds every sheet's cells. */
  static async open(zip: ZipArchive): Promise<OdsWorkbook> {
    const entry = zip.entry('content.xml');
    if (!entry)
      throw new StalkError('E_WORKBOOK_CORRUPT', 'no content.xml in the OpenDocument file (a damaged one?)', {
        file: zip.path,
      });
    return new OdsWorkbook(zip, await odsSheets(zip, entry));
  }

  rows(sheet: string): AsyncIterable<SheetRow> {
    return rowsOf(this.batches(sheet));
  }

  scan(sheet: string, onRow: RowHandler): Promise<ScanSheetStats> {
    return scanRows(this.batches(sheet), onRow);
  }

  async close(): Promise<void> {
    await this.zip.close();
  }

  private async *batches(sheet: string): AsyncGenerator<RowRun[]> {
    const index = findSheet(this.path, this.sheets, sheet);
    const entry = this.zip.entry('content.xml')!;
    const sink = new OdsTableSink(this.path, sheet, index);
    const tokenizer = new XmlTokenizer(sink, this.path, entry.name);
    for await (const text of xmlChunks(this.zip, entry)) {
      tokenizer.push(text);
      const batch = sink.take();
      if (batch.length) yield batch;
      // The rest of content.xml holds later sheets only.
      if (sink.done) return;
    }
    tokenizer.end();
  }
}
