import { StalkError } from '../../core/errors.js';
import type { RowHandler, RowRun, ScanSheetStats, SheetInfo, SheetRow } from './types.js';

/** The sheet as named, else the error listing the names there are. */
export function findSheet(path: string, sheets: readonly SheetInfo[], name: string): number {
  const i = sheets.findIndex((s) => s.name === name);
  if (i >= 0) return i;
  const names = sheets.map((s) => `'${s.name}'`).join(', ');
  throw new StalkError('E_SHEET_NOT_FOUND', `no sheet called '${name}' (the sheets are ${names})`, { file: path });
}

/** The batches as single rows, repeats expanded. */
export async function* rowsOf(batches: AsyncGenerator<RowRun[]>): AsyncGenerator<SheetRow> {
  for await (const batch of batches) {
    for (const run of batch) {
      for (let k = 0; k < run.repeat; k++) {
        // Each repeat its own array, so a caller may keep or change one.
        yield { row: run.row + k, cells: k === 0 ? run.cells : run.cells.slice() };
      }
    }
  }
}

/** The batches handed to `onRow` one row at a time, until it returns false. */
export async function scanRows(batches: AsyncGenerator<RowRun[]>, onRow: RowHandler): Promise<ScanSheetStats> {
  let rows = 0;
  let lastRow = 0;
  for await (const batch of batches) {
    for (const run of batch) {
      for (let k = 0; k < run.repeat; k++) {
        rows++;
        lastRow = run.row + k;
        // Leaving the loop ends the generator, which stops unpacking the sheet.
        if (onRow(k === 0 ? run.cells : run.cells.slice(), lastRow) === false) return { rows, lastRow, stopped: true };
      }
    }
  }
  return { rows, lastRow, stopped: false };
}
