import { beforeAll, describe, expect, it } from 'vitest';
import { loadInput } from '../../src/series/load.js';
import type { LoadedInput } from '../../src/series/types.js';
import { runCli } from '../helpers/cli.js';
import { hasRealData, readCsvRecords, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { onlyRow, trendOf } from '../helpers/series.js';

warnIfNoRealData('Metropolitan Police monthly series tests');

const SH = 'stalking-and-harassment';

function balances(input: LoadedInput): void {
  expect(input.ledger.rowsRead).toBe(input.ledger.rowsUsed + input.ledger.excluded.reduce((s, e) => s + e.rows, 0));
}

describe.skipIf(!hasRealData)('Met monthly, 2010-04 to 2023-11 (real file)', () => {
  const file = hasRealData ? realPath('met') : '';
  let input: LoadedInput;
  beforeAll(async () => {
    input = await loadInput(file, 0);
  });

  it('has the combined figure only, for 34 boroughs under the Metropolitan Police', () => {
    expect(input.hasCombined).toBe(true);
    expect(input.separateCodes).toEqual([]);
    const boroughs = new Set(input.observations.filter((o) => o.category === SH).map((o) => o.areaPath.join('/')));
    expect(boroughs.size).toBe(34);
    expect([...boroughs].every((b) => b.startsWith('Metropolitan Police/'))).toBe(true);
  });

  it('--by fy: London 2019/20 = 54,555 and 2020/21 = 64,776 (SOURCES.md)', () => {
    const rows = trendOf([input], { categories: [SH], grain: 'fy' });
    expect(onlyRow(rows, { period: '2019/20' })).toMatchObject({ count: 54555, days: 366 });
    expect(onlyRow(rows, { period: '2020/21' })).toMatchObject({
      count: 64776,
      previousCount: 54555,
      change: 64776 - 54555,
    });
    expect(onlyRow(rows, { period: '2017/18' }).count).toBe(41617);
    expect(onlyRow(rows, { period: '2022/23' }).count).toBe(61693);
  });

  it('the same sums computed from the raw file', () => {
    const records = readCsvRecords(file);
    const header = records[0];
    const sh = records.filter((r) => r[1] === 'STALKING AND HARASSMENT');
    const cols = header.map((h, i) => [h, i] as const).filter(([h]) => h >= '201904' && h <= '202003');
    expect(cols).toHaveLength(12);
    const sum = sh.reduce((s, r) => s + cols.reduce((t, [, i]) => t + Number(r[i]), 0), 0);
    expect(sum).toBe(54555);
  });

  it('2023/24 is left out as incomplete, with a note naming the missing months', () => {
    const set = trendOf([input], { categories: [SH], grain: 'fy' });
    expect(set.some((r) => r.period === '2023/24')).toBe(false);
    expect(set.some((r) => r.period === '2010/11')).toBe(true); // April 2010 is the first column: 2010/11 is whole
  });

  it('--by month: April 2020 = 4,244 and May 2020 = 5,000', () => {
    const rows = trendOf([input], { categories: [SH], grain: 'month' });
    expect(onlyRow(rows, { period: 'Apr 2020' })).toMatchObject({ count: 4244, days: 30, previousPeriod: 'Apr 2019' });
    expect(onlyRow(rows, { period: 'May 2020' })).toMatchObject({ count: 5000, days: 31 });
  });

  it('reconciles on every row', () => {
    expect(input.ledger.rowsRead).toBe(1084);
    balances(input);
  });

  it('through the CLI: --by fy notes the incomplete 2023/24 and names its missing months', async () => {
    const r = await runCli(['trend', file, '--by', 'fy', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(onlyRow(r.json.rows, { period: '2019/20' }).count).toBe(54555);
    const note = r.json.notes.find((n: string) => n.includes('2023/24'));
    expect(note).toMatch(
      /incomplete financial year left out: 2023\/24 \(8 of 12 months present; missing Dec 2023 … Mar 2024\)/,
    );
    expect(r.json.reconciliation.rowsRead).toBe(r.json.reconciliation.rowsUsed);
  });

  it('through the CLI: --area Westminster is one borough, --area London the whole Met', async () => {
    const west = await runCli(['trend', file, '--area', 'Westminster', '--by', 'fy', '--format', 'json']);
    expect(west.code).toBe(0);
    const westRow = onlyRow(west.json.rows, { period: '2019/20' });
    expect(westRow.area).toBe('Westminster');
    expect(westRow.count).toBeGreaterThan(0);
    expect(westRow.count).toBeLessThan(54555);
    const london = await runCli(['trend', file, '--area', 'London', '--by', 'month', '--format', 'json']);
    expect(london.code).toBe(0);
    expect(onlyRow(london.json.rows, { period: 'Apr 2020' })).toMatchObject({
      area: 'Metropolitan Police',
      count: 4244,
    });
  });
});

describe.skipIf(!hasRealData)('the other Met files (real)', () => {
  const inputs: Record<'metRecent' | 'metOlderVintage' | 'metOld', LoadedInput> = {} as never;
  beforeAll(async () => {
    for (const name of ['metRecent', 'metOlderVintage', 'metOld'] as const)
      inputs[name] = await loadInput(realPath(name), 0);
  });

  it('recent 24 months: London S&H 2024/25 = 54,114 (SOURCES.md)', () => {
    expect(onlyRow(trendOf([inputs.metRecent], { categories: [SH], grain: 'fy' }), { period: '2024/25' }).count).toBe(
      54114,
    );
  });

  it('older vintage has no stalking and harassment row at all', () => {
    expect(inputs.metOlderVintage.hasCombined).toBe(false);
    expect(inputs.metOlderVintage.observations.some((o) => o.category !== 'other')).toBe(false);
  });

  it('through the CLI: the older vintage is an error (E_NO_DATA) that says where the offences are', async () => {
    const r = await runCli(['trend', realPath('metOlderVintage'), '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/has no stalking, harassment, malicious communications or coercive control figures/);
    expect(r.stderr).toMatch(/its 'VIOLENCE WITHOUT INJURY' holds stalking and harassment and cannot be split/);
    expect(r.stderr).toMatch(/\[E_NO_DATA\]$/m);
  });

  it("old format: the Met 'Harassment' is harassment-wide, with a warning, and never harassment", () => {
    const old = inputs.metOld;
    expect(old.warnings).toHaveLength(1);
    expect(old.warnings[0]).toMatch(/wider than Home Office harassment/);
    expect(trendOf([old], { categories: ['harassment'] })).toEqual([]);
    const wide = trendOf([old], { categories: ['harassment-wide'], grain: 'year' });
    expect(wide.map((r) => r.period)).toEqual(['2008', '2009', '2010', '2011', '2012', '2013', '2014', '2015', '2016']);
    expect(wide.every((r) => r.category === 'harassment-wide')).toBe(true);
    expect(onlyRow(wide, { period: '2008' }).count).toBeGreaterThan(40000); // "about 47k in 2008"
  });

  it('reconciliation balances on each', () => {
    expect(inputs.metRecent.ledger.rowsRead).toBe(1056);
    expect(inputs.metOlderVintage.ledger.rowsRead).toBe(931);
    expect(inputs.metOld.ledger.rowsRead).toBe(1056);
    for (const i of Object.values(inputs)) balances(i);
  });

  it('through the CLI: the old format gives harassment-wide rows and the warning, no harassment rows', async () => {
    const r = await runCli(['trend', realPath('metOld'), '--by', 'year', '--format', 'json']);
    expect(r.code).toBe(0);
    const cats = new Set(r.json.rows.map((x: { category: string }) => x.category));
    expect(cats.has('harassment-wide')).toBe(true);
    expect(cats.has('harassment')).toBe(false);
    expect(r.json.warnings.join(' ')).toMatch(/not comparable/);
  });
});
