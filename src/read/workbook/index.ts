import { StalkError } from '../../core/errors.js';
import { DEFAULT_LIMITS, type UnpackLimits } from '../archive/limits.js';
import { ZipArchive } from '../archive/zip.js';
import { fileKind, kindOfBytes, notATableError, readHead, zipKind } from '../kind.js';
import { OdsWorkbook } from './ods.js';
import type { Workbook } from './types.js';
import { XlsxWorkbook } from './xlsx.js';

export type { RowHandler, ScanSheetStats, SheetInfo, SheetRow, Workbook } from './types.js';

/**
 * Opens an .xlsx or .ods workbook (known by its contents, not its name) and reads its list of
 * sheets. Rows are read sheet by sheet, in constant memory, through `rows` or `scan`. A file that
 * is not a workbook gets the error that says what it is (`fileKind` and `notATableError`).
 */
export async function openWorkbook(path: string, limits: UnpackLimits = DEFAULT_LIMITS): Promise<Workbook> {
  const first = kindOfBytes(readHead(path));
  if (first.kind !== 'zip') {
    const kind = first.kind === 'xls' ? await fileKind(path) : first;
    const what = kind.kind === 'text' ? 'CSV or other text' : 'a gzip archive';
    throw (
      notATableError(path, kind) ??
      new StalkError('E_NOT_A_TABLE_FILE', `is ${what}, not an .xlsx or .ods workbook`, { file: path })
    );
  }
  const zip = await ZipArchive.open(path, limits);
  try {
    const kind = await zipKind(zip);
    if (kind.kind === 'xlsx') return await XlsxWorkbook.open(zip);
    if (kind.kind === 'ods') return await OdsWorkbook.open(zip);
    throw (
      notATableError(path, kind) ??
      new StalkError(
        'E_NOT_A_TABLE_FILE',
        'is a zip archive of files, not an .xlsx or .ods workbook: unpack it and name the file inside',
        { file: path },
      )
    );
  } catch (e) {
    await zip.close();
    throw e;
  }
}
