/** One sheet as the workbook lists it, in the workbook's order. */
export interface SheetInfo {
  name: string;
  /** Hidden (xlsx `hidden` or `veryHidden`; ODS a table style with `table:display="false"`). */
  hidden: boolean;
}

/**
 * A row that has at least one non-empty cell. `row` is 1-based, as the sheet numbers it (empty
 * rows are skipped but counted); `cells[i]` is column i+1, gaps are '', trailing empties dropped.
 */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** Called once per non-empty row; return `false` to stop reading early. */
export type RowHandler = (cells: string[], row: number) => boolean | undefined;

export interface ScanSheetStats {
  /** Non-empty rows handed to the handler. */
  rows: number;
  /** The sheet's number of the last row read (0 when none). */
  lastRow: number;
  stopped: boolean;
}

export interface Workbook {
  readonly kind: 'xlsx' | 'ods';
  readonly path: string;
  readonly sheets: readonly SheetInfo[];
  /** The sheet's non-empty rows in order, in constant memory. */
  rows(sheet: string): AsyncIterable<SheetRow>;
  /** The same rows handed to a callback, as `scanCsv` does: quicker than `rows` for big sheets. */
  scan(sheet: string, onRow: RowHandler): Promise<ScanSheetStats>;
  /** Unpacked bytes of the part holding the sheet (an .ods holds every sheet in one), to tell a large sheet. */
  partBytes(sheet: string): number;
  close(): Promise<void>;
}

/**
 * Rows as a format reader produces them: a batch per chunk of XML read. `repeat` (ODS
 * `table:number-rows-repeated` on a non-empty row) stands for that many identical rows.
 */
export interface RowRun {
  row: number;
  cells: string[];
  repeat: number;
}
