import { StalkError } from '../../core/errors.js';
import { DEFAULT_LIMITS, type UnpackLimits } from '../archive/limits.js';
import { ZipArchive } from '../archive/zip.js';
import { zipKind } from '../kind.js';
import { OdsWorkbook } from './ods.js';
import type { Workbook } from './types.js';
import { XlsxWorkbook } from './xlsx.js';

export type { RowHandler, ScanSheetStats, SheetInfo, SheetRow, Workbook } from './types.js';

/**
 * Opens an .xlsx or .ods workbook (known by its contents, not its name) and reads its list of
 * sheets. Rows are read sheet by sheet, in constant memory, through `rows` or `scan`.
 */
export async function openWorkbook(path: string, limits: UnpackLimits = DEFAULT_LIMITS): Promise<Workbook> {
  const zip = await ZipArchive.open(path, limits);
  try {
    const { kind } = await zipKind(zip);
    if (kind === 'xlsx') return await XlsxWorkbook.open(zip);
    if (kind === 'ods') return await OdsWorkbook.open(zip);
    throw new StalkError(
      'E_NOT_A_TABLE_FILE',
      'looks like a zip archive of files, not an .xlsx or .ods workbook: unpack it and name the file inside',
      { file: path },
    );
  } catch (e) {
    await zip.close();
    throw e;
  }
}
