import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StalkError } from '../../../src/core/errors.js';
import { parseCsvText } from '../../../src/read/csv.js';
import { numberText } from '../../../src/read/workbook/cellText.js';
import { openWorkbook, type SheetRow, type Workbook } from '../../../src/read/workbook/index.js';
import { writeTemp } from '../../helpers/temp.js';

const WORKBOOKS = fileURLToPath(new URL('../../fixtures/workbooks/', import.meta.url));
const BAD = fileURLToPath(new URL('../../fixtures/bad/', import.meta.url));

async function allRows(wb: Workbook, sheet: string): Promise<[number, string[]][]> {
  const out: [number, string[]][] = [];
  for await (const r of wb.rows(sheet)) out.push([r.row, r.cells]);
  return out;
}

async function failure(p: Promise<unknown>): Promise<StalkError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(StalkError);
  expect((e as StalkError).oneLine()).not.toContain('\n');
  return e as StalkError;
}

/**
 * features.fods (written by hand) as LibreOffice 7.4 saved it to .xlsx and .ods: both must read
 * the same. Rows 2-3 and 8-10 are empty; the sheet is padded to row 1,048,576 and column 1,024.
 */
const FEATURES_DATA: [number, string[]][] = [
  // A1:D1 merged: the value stays in A1, the covered cells are empty (and trailing, so dropped).
  [1, ['Table 1: offences, year ending March 2018']],
  [4, ['Area Code', 'Area Name', 'Count', 'Share', 'Date', 'Flag', 'Note']],
  // 2,605 shown with a thousands separator, 12.5% shown as a percentage: the stored numbers.
  // The comment on G5 is not cell text.
  [5, ['E23000013', 'Cleveland', '2605', '0.125', '2018-03-31', 'TRUE', '  two spaces before']],
  // D6 is the formula C5/C6 = 2605/4.1, its cached value as LibreOffice wrote it (15 digits).
  [6, ['E23000008', 'Durham', '4.1', '635.365853658537', '2018-03-31T14:30:00', 'FALSE', 'line one\nline two']],
  // C7 is =NA(): the error's text.
  [7, ['K04000001', 'A & B <c> "q"', '#N/A', '14:30:00', '-1', '1,213', '£ – é']],
  [11, ['after a gap', '', '', '', '', '', '', '', '', '10']],
  // One row written once with table:number-rows-repeated="2" in the .ods.
  [12, ['repeated']],
  [13, ['repeated']],
];

describe('openWorkbook: LibreOffice workbooks made from features.fods', () => {
  for (const ext of ['xlsx', 'ods'] as const) {
    it(`${ext}: sheets in order, the hidden one marked`, async () => {
      const wb = await openWorkbook(`${WORKBOOKS}features.${ext}`);
      try {
        expect(wb.kind).toBe(ext);
        expect(wb.sheets).toEqual([
          { name: 'Data', hidden: false },
          { name: 'Hidden notes', hidden: true },
          { name: 'Numbers', hidden: false },
        ]);
      } finally {
        await wb.close();
      }
    });

    it(`${ext}: every kind of cell as text, rows numbered as the sheet numbers them`, async () => {
      const wb = await openWorkbook(`${WORKBOOKS}features.${ext}`);
      try {
        expect(await allRows(wb, 'Data')).toEqual(FEATURES_DATA);
        expect(await allRows(wb, 'Hidden notes')).toEqual([[1, ['hidden']]]);
        // 1E-07 and 1.5E+20 without exponents; -0 is 0; =0.1+0.2 as cached (0.3).
        expect(await allRows(wb, 'Numbers')).toEqual([
          [1, ['1213', '0.5', '4.1', '0.0000001', '150000000000000000000', '0.3', '0', '295571']],
        ]);
      } finally {
        await wb.close();
      }
    });

    it(`${ext}: scan hands the same rows to a callback and stops when it returns false`, async () => {
      const wb = await openWorkbook(`${WORKBOOKS}features.${ext}`);
      try {
        const seen: [number, string[]][] = [];
        const all = await wb.scan('Data', (cells, row) => void seen.push([row, cells]));
        expect(seen).toEqual(FEATURES_DATA);
        expect(all).toEqual({ rows: 8, lastRow: 13, stopped: false });
        const some = await wb.scan('Data', (_cells, row) => row < 5);
        expect(some).toEqual({ rows: 3, lastRow: 5, stopped: true });
        // Leaving a for-await early closes the sheet's stream; the sheet can be read again.
        for await (const r of wb.rows('Data')) {
          expect(r.row).toBe(1);
          break;
        }
        expect((await allRows(wb, 'Data')).length).toBe(8);
      } finally {
        await wb.close();
      }
    });

    it(`${ext}: an unknown sheet name is E_SHEET_NOT_FOUND listing the sheets`, async () => {
      const wb = await openWorkbook(`${WORKBOOKS}features.${ext}`);
      try {
        const e = await failure(allRows(wb, 'Table P1'));
        expect(e.code).toBe('E_SHEET_NOT_FOUND');
        expect(e.message).toBe("no sheet called 'Table P1' (the sheets are 'Data', 'Hidden notes', 'Numbers')");
        expect(e.exitCode).toBe(2);
      } finally {
        await wb.close();
      }
    });
  }
});

describe('openWorkbook: a CSV converted by LibreOffice reads back as its cells', () => {
  const csvText = readFileSync(`${WORKBOOKS}home-office-small.csv`, 'utf8');
  const records = parseCsvText(csvText).map((r) => r.fields);

  /**
   * What LibreOffice's CSV import makes of a cell: a number (padded or not) becomes a number,
   * so " 73 " reads back as 73, " -00 " as 0 and the offence code 4.10 as 4.1; other text,
   * " N/a " included, keeps its spaces.
   */
  const imported = (cell: string): string => (/^\s*-?\d+(\.\d+)?\s*$/.test(cell) ? numberText(cell.trim()) : cell);

  for (const ext of ['xlsx', 'ods'] as const) {
    it(`${ext}: record for record`, async () => {
      const wb = await openWorkbook(`${WORKBOOKS}home-office-small.${ext}`);
      try {
        expect(wb.sheets).toEqual([{ name: 'home-office-small', hidden: false }]);
        const rows: SheetRow[] = [];
        for await (const r of wb.rows('home-office-small')) rows.push(r);
        expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(rows.map((r) => r.cells)).toEqual(records.map((r) => r.map(imported)));
        // The hand-checked cells of that rule.
        expect(rows[1].cells[7]).toBe('73');
        expect(rows[3].cells[7]).toBe('0');
        expect(rows[4].cells[6]).toBe('4.1');
        expect(rows[6].cells[7]).toBe(' N/a ');
      } finally {
        await wb.close();
      }
    });
  }
});

describe('openWorkbook: files that are not workbooks', () => {
  it.each([
    ['workbook-encrypted.xlsx', 'E_ENCRYPTED', 'password-protected workbook'],
    ['workbook-old-excel.xls', 'E_NOT_A_TABLE_FILE', 'old Excel 97-2003 workbook'],
    ['web-page-saved-as.xlsx', 'E_NOT_A_TABLE_FILE', 'web page (HTML) saved with a .xlsx name'],
    ['base-home-office.csv', 'E_NOT_A_TABLE_FILE', 'is CSV or other text, not an .xlsx or .ods workbook'],
    ['gzip-good.csv.gz', 'E_NOT_A_TABLE_FILE', 'is a gzip archive'],
    ['zip-bomb-ratio.zip', 'E_ARCHIVE_TOO_LARGE', 'more than 100 times'],
    ['zip-truncated.zip', 'E_ARCHIVE_CORRUPT', 'no end of central directory'],
    ['zip-crc-mismatch.zip', 'E_NOT_A_TABLE_FILE', 'zip archive of files'],
  ])('%s: %s', async (file, code, words) => {
    const e = await failure(openWorkbook(`${BAD}${file}`));
    expect(e.code).toBe(code);
    expect(e.file).toBe(`${BAD}${file}`);
    expect(e.message).toContain(words);
  });

  it('an .xlsx whose sheet part is corrupt: E_ARCHIVE_CORRUPT when the sheet is read', async () => {
    // features.xlsx with one byte of the first sheet's deflate data changed.
    const bytes = Buffer.from(readFileSync(`${WORKBOOKS}features.xlsx`));
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const at = bytes.indexOf(name) + name.length + 40;
    bytes[at] ^= 0xff;
    const path = writeTemp('damaged.xlsx', bytes);
    const wb = await openWorkbook(path);
    try {
      const e = await failure(allRows(wb, 'Data'));
      expect(e.code).toBe('E_ARCHIVE_CORRUPT');
      expect(e.message).toContain('xl/worksheets/sheet1.xml');
    } finally {
      await wb.close();
    }
  });

  it('an .xlsx without its workbook part: E_WORKBOOK_CORRUPT', async () => {
    const path = writeTemp('hollow.xlsx', '');
    // workbook.xml is cut short: its root element is never closed.
    const script = [
      'import sys, zipfile',
      "z = zipfile.ZipFile(sys.argv[1], 'w')",
      "z.writestr('[Content_Types].xml', '<Types/>')",
      'z.writestr(\'xl/workbook.xml\', \'<workbook><sheets><sheet name="S" r:id="rId9"/></sheets>\')',
      'z.close()',
    ].join('\n');
    execFileSync('python3', ['-c', script, path]);
    const e = await failure(openWorkbook(path));
    expect(e.code).toBe('E_WORKBOOK_CORRUPT');
    expect(e.message).toContain('not well-formed XML');
  });
});
