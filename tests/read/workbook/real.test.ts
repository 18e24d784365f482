import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCsv } from '../../../src/read/csv.js';
import { numberText } from '../../../src/read/workbook/cellText.js';
import { openWorkbook } from '../../../src/read/workbook/index.js';
import { hasRealData, REAL_DIR, warnIfNoRealData } from '../../helpers/realData.js';

warnIfNoRealData('reading real workbooks (tests/read/workbook/real.test.ts)');

const ONS_BOOK = join(REAL_DIR, 'ons_pfa_data_tables_ye-mar2018.xlsx');
const HOME_OFFICE = join(REAL_DIR, 'homeoffice_prc_pfa_2017-18_all_forces.csv');

interface Numbered {
  row: number;
  cells: string[];
}

async function sheetRows(path: string, sheet: string): Promise<Numbered[]> {
  const wb = await openWorkbook(path);
  try {
    const out: Numbered[] = [];
    for await (const r of wb.rows(sheet)) out.push(r);
    return out;
  } finally {
    await wb.close();
  }
}

/** A CSV's records as a sheet reader gives rows: trailing empty cells and empty records dropped. */
async function csvRows(path: string): Promise<Numbered[]> {
  const out: Numbered[] = [];
  await scanCsv(path, (fields, line) => {
    const cells = [...fields];
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    if (cells.length) out.push({ row: line, cells });
  });
  return out;
}

describe.skipIf(!hasRealData)('the ONS police force area tables, year ending March 2018 (.xlsx)', () => {
  it('lists Notes and Tables P1 to P10', async () => {
    const wb = await openWorkbook(ONS_BOOK);
    try {
      expect(wb.kind).toBe('xlsx');
      expect(wb.sheets.map((s) => s.name)).toEqual([
        'Notes',
        ...Array.from({ length: 10 }, (_, i) => `Table P${i + 1}`),
      ]);
      expect(wb.sheets.every((s) => !s.hidden)).toBe(true);
    } finally {
      await wb.close();
    }
  });

  it.each([
    ['Table P1', 'ons_pfa_table_P1_ye-mar2018_sheet_saved_as_csv.csv', 72],
    ['Table P9', 'ons_pfa_table_P9_population_mid2002-2016_sheet_saved_as_csv.csv', 61],
  ])('%s reads as the sheet saved as CSV: every cell, and each row at its CSV line', async (sheet, csv, count) => {
    const rows = await sheetRows(ONS_BOOK, sheet);
    expect(rows).toHaveLength(count);
    expect(rows).toEqual(await csvRows(join(REAL_DIR, csv)));
  });

  it('Table P1: the figures SOURCES.md gives (stalking and harassment)', async () => {
    const rows = await sheetRows(ONS_BOOK, 'Table P1');
    const header = rows.find((r) => r.cells[0] === 'Area Code')!;
    const col = header.cells.indexOf('Stalking and harassment5');
    expect(rows.find((r) => r.cells[1] === 'ENGLAND AND WALES8')!.cells[col]).toBe('295571');
    expect(rows.find((r) => r.cells[1] === 'Metropolitan Police')!.cells[col]).toBe('40787');
    // The title (row 1) and the header rows (4-6), numbered as Excel numbers them.
    expect(rows[0].row).toBe(1);
    expect(header.row).toBe(5);
  });
});

const soffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasRealData && !soffice)
  console.warn(
    '[stalkstats tests] skipping LibreOffice conversions: soffice not found (apt-get install libreoffice-calc-nogui)',
  );

describe.skipIf(!hasRealData || !soffice)(
  'the Home Office 2017/18 CSV converted to .xlsx and .ods by LibreOffice',
  () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'stalkstats-lo-'));
      const csv = join(dir, 'ho.csv');
      copyFileSync(HOME_OFFICE, csv);
      for (const to of ['xlsx', 'ods']) {
        // A profile of its own, so a LibreOffice already running elsewhere does not take the job.
        const profile = `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`;
        spawnSync('soffice', [profile, '--headless', '--convert-to', to, '--outdir', dir, csv], {
          stdio: 'ignore',
          timeout: 110_000,
        });
      }
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const ext of ['xlsx', 'ods'] as const) {
      it(`${ext}: the same cells as the CSV, counts as numbers`, async () => {
        const book = join(dir, `ho.${ext}`);
        expect(existsSync(book), `LibreOffice made ${book}`).toBe(true);
        const rows = await sheetRows(book, 'ho');
        const csv = await csvRows(HOME_OFFICE);
        // SOURCES.md: 23,068 data rows and a header.
        expect(rows).toHaveLength(23_069);
        expect(rows.map((r) => r.row)).toEqual(csv.map((r) => r.row));
        let changed = 0;
        let minusZero = 0;
        for (let i = 0; i < csv.length; i++) {
          const want = csv[i].cells.map((cell, c) => {
            // LibreOffice's CSV import reads a padded count (" 66776 ") as a number, and "-00 " as 0.
            if (i > 0 && c === 7 && /^\s*-?\d+\s*$/.test(cell)) {
              if (cell.trim() === '-00') minusZero++;
              if (numberText(cell.trim()) !== cell) changed++;
              return numberText(cell.trim());
            }
            return cell;
          });
          expect(rows[i].cells, `row ${rows[i].row}`).toEqual(want);
        }
        // Every count in the file is padded; 5,792 of them are "-00 " (grep -c -- '-00 $').
        expect(changed).toBe(23_068);
        expect(minusZero).toBe(5_792);
        expect(rows[1].cells).toEqual([
          '2017/18',
          '1',
          'Action Fraud',
          'Fraud offences recorded by Action Fraud',
          'Fraud offences',
          'Fraud: action fraud',
          'AF',
          '66776',
        ]);
      });
    }
  },
);
