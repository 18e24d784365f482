import { beforeAll, describe, expect, it } from 'vitest';
import { loadInput } from '../../src/series/load.js';
import type { LoadedInput } from '../../src/series/types.js';
import { runCli } from '../helpers/cli.js';
import { hasRealData, readCsvRecords, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { onlyRow, trendOf } from '../helpers/series.js';

warnIfNoRealData('Calderdale series tests');

describe.skipIf(!hasRealData)('Calderdale CSP, wide by financial year (real file)', () => {
  const file = hasRealData ? realPath('calderdale') : '';
  let input: LoadedInput;
  beforeAll(async () => {
    input = await loadInput(file, 0);
  });

  const row = (category: string, period: string) =>
    onlyRow(trendOf([input], { categories: [category as never] }), { category, period });

  it('separates the sub-group codes (figures from SOURCES.md, table of the five rows)', () => {
    expect(row('stalking', '2020/21').count).toBe(498);
    expect(row('malicious-communications', '2017/18').count).toBe(1073);
    expect(row('harassment', '2016/17').count).toBe(1454 + 16); // 8L 1454 + 8M 16 = 1470
    expect(row('coercive-control', '2021/22').count).toBe(245);
    expect(input.separateCodes).toEqual(['8L', '8M', '8Q', '8R', '8U']);
    expect(input.hasCombined).toBe(false);
  });

  it('derives stalking and harassment from the codes, with 8U only from April 2020', () => {
    expect(row('stalking-and-harassment', '2020/21').count).toBe(1475 + 33 + 498 + 1836 + 216); // 4058
    expect(row('stalking-and-harassment', '2019/20').count).toBe(1717 + 26 + 128 + 1681); // 3552: 8U (0) not yet in the sub-group
    expect(row('stalking-and-harassment', '2020/21')).toMatchObject({
      previousPeriod: '2019/20',
      previousCount: 3552,
      change: 4058 - 3552,
    });
  });

  it('periods carry their exact days: 2019/20 has 366', () => {
    expect(row('stalking', '2019/20')).toMatchObject({ start: '2019-04-01', end: '2020-03-31', days: 366 });
    expect(row('stalking', '2020/21').days).toBe(365);
  });

  it("leaves out the 'All crimes' totals row and reports the offences it held", () => {
    const totalsLine = readCsvRecords(file).find((r) => r[2] === 'All crimes')!;
    const held = totalsLine.slice(6).reduce((s, v) => s + Number(v), 0); // 17697 + 20888 + … + 24733 = 157000
    expect(held).toBe(157000);
    const totals = input.ledger.excluded.filter((e) => e.reason.startsWith('totals row'));
    expect(totals).toHaveLength(1);
    expect(totals[0]).toMatchObject({ rows: 1, offences: held, line: 137 });
    expect(totals[0].reason).toContain('All crimes');
  });

  it('reconciles: 136 rows read = 135 used + 1 excluded', () => {
    const excluded = input.ledger.excluded.reduce((s, e) => s + e.rows, 0);
    expect([input.ledger.rowsRead, input.ledger.rowsUsed, excluded]).toEqual([136, 135, 1]);
  });

  it('through the CLI: the same figures, JSON dates in ISO form and the exclusion in the reconciliation', async () => {
    const r = await runCli(['trend', file, '--format', 'json', '--category', 'stalking,stalking-and-harassment']);
    expect(r.code).toBe(0);
    const j = r.json;
    expect(onlyRow(j.rows, { category: 'stalking', period: '2020/21' })).toMatchObject({
      count: 498,
      start: '2020-04-01',
      end: '2021-03-31',
      days: 365,
    });
    expect(onlyRow(j.rows, { category: 'stalking-and-harassment', period: '2019/20' }).count).toBe(3552);
    expect(
      j.rows.every((x: { category: string }) => x.category === 'stalking' || x.category === 'stalking-and-harassment'),
    ).toBe(true);
    expect(j.inputs).toEqual([expect.objectContaining({ path: file, layout: 'wide-financial-year', rows: 136 })]);
    expect(j.reconciliation.rowsRead).toBe(136);
    expect(j.reconciliation.rowsUsed).toBe(135);
    expect(j.reconciliation.excluded).toEqual([
      expect.objectContaining({ rows: 1, offences: 157000, example: expect.stringContaining('All crimes') }),
    ]);
  });
});
