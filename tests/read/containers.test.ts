import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gunzipFile } from '../../src/read/archive/gzip.js';
import { ZipArchive } from '../../src/read/archive/zip.js';
import { parseCsvText } from '../../src/read/csv.js';
import { fileKind } from '../../src/read/kind.js';
import { openWorkbook } from '../../src/read/workbook/index.js';

const BAD = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));
const BASE = `${BAD}base-home-office.csv`;
const records = parseCsvText(readFileSync(BASE, 'utf8')).map((r) => r.fields);

async function text(chunks: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

describe('the base Home Office fixture in every container reads as the CSV', () => {
  it('.csv.gz', async () => {
    expect(await fileKind(`${BASE}.gz`)).toEqual({ kind: 'gzip' });
    expect(await text(gunzipFile(`${BASE}.gz`))).toBe(readFileSync(BASE, 'utf8'));
  });

  it('.zip of the one file', async () => {
    const path = `${BAD}base-home-office.zip`;
    expect(await fileKind(path)).toEqual({ kind: 'zip', what: null });
    const zip = await ZipArchive.open(path);
    try {
      expect(zip.entries.map((e) => e.name)).toEqual(['base-home-office.csv']);
      expect(await text(zip.stream(zip.entries[0]))).toBe(readFileSync(BASE, 'utf8'));
    } finally {
      await zip.close();
    }
  });

  for (const ext of ['xlsx', 'ods'] as const) {
    it(`.${ext} (LibreOffice from the CSV): the same cells, row numbers as CSV lines`, async () => {
      const wb = await openWorkbook(`${BAD}base-home-office.${ext}`);
      try {
        const rows: { row: number; cells: string[] }[] = [];
        await wb.scan('base-home-office', (cells, row) => void rows.push({ row, cells }));
        expect(rows.map((r) => r.cells)).toEqual(records);
        expect(rows.map((r) => r.row)).toEqual(records.map((_, i) => i + 1));
      } finally {
        await wb.close();
      }
    });
  }
});
