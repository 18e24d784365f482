import type { CsvText, PartPlace } from './byteInput.js';
import { type RecordHandler, type ScanStats, scanCsvParts } from './csv.js';
import type { Workbook } from './workbook/index.js';

/** What reading every record of an input found, besides the records. */
export interface RecordScan extends ScanStats {
  /** Where each file's lines start, for an input of several files. */
  places: PartPlace[];
}

/**
 * The records of an input, whatever it is made of: CSV text (one file or several read as one) or
 * the rows of a workbook sheet, as lists of cell text with their line (or row) numbers. Everything
 * that reads records one at a time (wide layouts, published tables, second looks, the string
 * path of the grouped read) reads them from here, so a sheet goes through the rules a CSV file
 * does.
 */
export interface RecordSource {
  readonly name: string;
  scan(onRecord: RecordHandler): Promise<RecordScan>;
}

export function csvRecords(text: CsvText, delimiter?: string): RecordSource {
  return {
    name: text.name,
    async scan(onRecord) {
      const { stats, places } = await scanCsvParts(text, onRecord, delimiter ? { delimiter } : {});
      return { ...stats, places };
    },
  };
}

/**
 * A sheet's rows as records. A sheet drops a row's trailing empty cells, where a CSV file writes
 * them as empty fields: rows are padded back to `width` (the header's), so a row is ragged only
 * when it has more cells than the header, as a CSV row would be.
 */
export function sheetRecords(workbook: Workbook, sheet: string, name: string, width = 0): RecordSource {
  return {
    name,
    async scan(onRecord) {
      const stats = await workbook.scan(sheet, (cells, row) => {
        while (cells.length < width) cells.push('');
        return onRecord(cells, row);
      });
      return {
        path: name,
        encoding: 'utf-8',
        bom: false,
        delimiter: '',
        records: stats.rows,
        blankLines: 0,
        lines: stats.lastRow + 1,
        bytes: 0,
        stopped: stats.stopped,
        places: [],
      };
    },
  };
}
