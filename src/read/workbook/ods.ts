import { StalkError } from '../../core/errors.js';
import type { ZipArchive } from '../archive/zip.js';
import { odsSheets } from './odsSheets.js';
import { OdsTableScanner } from './odsTable.js';
import { findSheet, rowsOf, scanRows } from './rowStream.js';
import type { RowHandler, RowRun, ScanSheetStats, SheetInfo, SheetRow, Workbook } from './types.js';
import { utf8Chunks } from './xmlEntry.js';

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

  partBytes(sheet: string): number {
    findSheet(this.path, this.sheets, sheet);
    return this.zip.entry('content.xml')?.size ?? 0;
  }

  async close(): Promise<void> {
    await this.zip.close();
  }

  private async *batches(sheet: string): AsyncGenerator<RowRun[]> {
    const index = findSheet(this.path, this.sheets, sheet);
    const entry = this.zip.entry('content.xml')!;
    const scanner = new OdsTableScanner(this.path, sheet, index);
    for await (const bytes of utf8Chunks(this.zip, entry)) {
      scanner.push(bytes);
      const batch = scanner.take();
      if (batch.length) yield batch;
      // The rest of content.xml holds later sheets only.
      if (scanner.done) return;
    }
    scanner.end();
  }
}
