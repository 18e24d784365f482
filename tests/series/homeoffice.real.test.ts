import { beforeAll, describe, expect, it } from 'vitest';
import { loadInput } from '../../src/series/load.js';
import type { LoadedInput } from '../../src/series/types.js';
import { runCli } from '../helpers/cli.js';
import { hasRealData, readCsvRecords, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { onlyRow, trendOf } from '../helpers/series.js';

warnIfNoRealData('Home Office open data series tests');

describe.skipIf(!hasRealData)('Home Office open data, 2024/25 non-territorial subset (real file)', () => {
  const file = hasRealData ? realPath('homeOffice') : '';
  let input: LoadedInput;
  beforeAll(async () => {
    input = await loadInput(file, 0);
  });

  /** Sum of `Number of Offences` over BTP rows with this code (and quarter), from the raw file. */
  function rawSum(code: string, quarter?: string): number {
    return readCsvRecords(file)
      .slice(1)
      .filter((r) => r[3] === 'British Transport Police' && r[7] === code && (!quarter || r[2] === quarter))
      .reduce((s, r) => s + Number(r[8]), 0);
  }

  it('BTP 2024/25 by financial year: stalking 136, harassment 138, malicious communications 76', () => {
    const rows = trendOf([input], {
      categories: ['stalking', 'harassment', 'malicious-communications'],
      areas: ['British Transport Police'],
      grain: 'fy',
    });
    expect(onlyRow(rows, { category: 'stalking' })).toMatchObject({ period: '2024/25', count: 136, days: 365 });
    expect(onlyRow(rows, { category: 'harassment' }).count).toBe(138);
    expect(onlyRow(rows, { category: 'malicious-communications' }).count).toBe(76);
    expect(136).toBe(rawSum('8Q'));
    expect(138).toBe(rawSum('8L') + rawSum('8M'));
  });

  it('BTP stalking, January–March 2025 quarter = 38', () => {
    const rows = trendOf([input], { categories: ['stalking'], areas: ['BTP'] });
    expect(onlyRow(rows, { period: 'Jan-Mar 2025' })).toMatchObject({
      start: '2025-01-01',
      end: '2025-03-31',
      days: 90,
      count: 38,
    });
    expect(rawSum('8Q', '4')).toBe(38);
    expect(rows.map((r) => r.count).reduce((a, b) => (a as number) + (b as number), 0)).toBe(136);
  });

  it('reconciles: all 588 rows used, and no stalking rows for the fraud bodies', () => {
    expect(input.ledger.rowsRead).toBe(588);
    expect(input.ledger.rowsRead).toBe(input.ledger.rowsUsed + input.ledger.excluded.reduce((s, e) => s + e.rows, 0));
    const areasWithStalking = new Set(
      input.observations.filter((o) => o.category !== 'other').map((o) => o.areaPath[0]),
    );
    expect([...areasWithStalking]).toEqual(['British Transport Police']);
  });

  it('through the CLI: --by fy gives the same figures', async () => {
    const r = await runCli(['trend', file, '--by', 'fy', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.inputs[0]).toMatchObject({ layout: 'home-office-open-data', rows: 588 });
    expect(onlyRow(r.json.rows, { category: 'stalking', period: '2024/25' }).count).toBe(136);
    expect(onlyRow(r.json.rows, { category: 'harassment', period: '2024/25' }).count).toBe(138);
    expect(onlyRow(r.json.rows, { category: 'malicious-communications', period: '2024/25' }).count).toBe(76);
  });
});
