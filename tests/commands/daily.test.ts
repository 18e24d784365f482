import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpExamples, problems, runCli } from '../helpers/cli.js';
import { hasRealData, REPO_ROOT, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { onlyRow } from '../helpers/series.js';

warnIfNoRealData('daily command tests on the real Calderdale and Met files');

const DEMO = join(REPO_ROOT, 'data/demo/demo-home-office-quarterly.csv');

describe('stalkstats daily: help', () => {
  it('has examples, and every one runs on the demo data', async () => {
    const help = await runCli(['daily', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples');
    expect(help.stdout).toContain('365.25 / 12');
    const examples = helpExamples(help.stdout);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const args of examples) {
      const r = await runCli(args);
      expect({ args, code: r.code, problems: problems(r.stderr) }).toEqual({ args, code: 0, problems: [] });
    }
  });
});

describe('stalkstats daily on the demo data', () => {
  it('JSON rows carry rates, the change a year earlier and its comparability; no display text', async () => {
    const r = await runCli(['daily', DEMO, '--category', 'stalking-and-harassment', '--by', 'fy', '--format', 'json']);
    expect(r.code).toBe(0);
    const row = onlyRow(r.json.rows, { period: '2019/20' });
    expect(Object.keys(row)).toEqual([
      'area',
      'category',
      'period',
      'start',
      'end',
      'days',
      'count',
      'perDay',
      'perWeek',
      'perMonth',
      'perMonthBy',
      'previousPeriod',
      'previousCount',
      'change',
      'changePct',
      'changePctMissingBecause',
      'rateRatio',
      'ciLow',
      'ciHigh',
      'smallBase',
      'predatesCode',
      'comparable',
      'notComparableBecause',
    ]);
    // Exact days: count / 366 and × 7; per month, 12 whole months: count / 12; six decimals.
    const c = row.count as number;
    expect(row.days).toBe(366);
    expect(row.perDay).toBeCloseTo(c / 366, 6);
    expect(row.perWeek).toBeCloseTo((c * 7) / 366, 6);
    expect(row.perMonth).toBeCloseTo(c / 12, 6);
    expect(row.perMonthBy).toBe('12 months');
    expect(r.json.perMonthConvention).toContain('count / months for a period of whole calendar months');
    expect(r.json.cagr[0]).toMatchObject({
      category: 'stalking-and-harassment',
      from: '2012/13',
      to: '2024/25',
      years: 12,
      comparable: false,
    });
  });

  it('sub-annual grains compare with the same quarter a year earlier', async () => {
    const r = await runCli(['daily', DEMO, '--area', 'Northvale', '--category', 'stalking', '--format', 'json']);
    expect(r.code).toBe(0);
    const q = onlyRow(r.json.rows, { start: '2020-01-01' });
    const earlier = onlyRow(r.json.rows, { start: '2019-01-01' });
    expect(q).toMatchObject({
      period: 'Jan-Mar 2020',
      days: 91,
      previousPeriod: 'Jan-Mar 2019',
      previousCount: earlier.count,
    });
    // 91 days: January 31 + February 29 + March 31
    expect(q.perDay).toBeCloseTo(q.count / 91, 6);
    expect(r.json.cagr).toEqual([]); // quarters are not whole years
  });

  it('the table phrases the rate ("… a day") and CSV leaves the phrase out', async () => {
    const t = await runCli(['daily', DEMO, '--category', 'stalking', '--by', 'fy']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/\d\.\d a day/);
    expect(t.stderr).toContain('per month = count / months for a period of whole calendar months');
    expect(t.stderr).toContain('compound annual growth 2014/15 to 2024/25');
    const c = await runCli(['daily', DEMO, '--category', 'stalking', '--by', 'fy', '--format', 'csv']);
    const header = c.stdout.split('\n')[0];
    expect(header.startsWith('area,category,period,start,end,days,count,perDay,perWeek,perMonth,')).toBe(true);
    expect(header).not.toContain('perDayText');
    const md = await runCli(['daily', DEMO, '--category', 'stalking', '--by', 'fy', '--format', 'markdown']);
    expect(md.stdout).toContain('| Per day |');
    expect(md.stdout).toMatch(/\| \d\.\d a day \|/);
  });

  it('an unknown category is a usage error', async () => {
    const r = await runCli(['daily', DEMO, '--category', 'stalkin']);
    expect(r.code).toBe(2);
  });
});

describe.skipIf(!hasRealData)('stalkstats daily on real files', () => {
  it('Calderdale: stalking per day divides by 366 in 2019/20 and 365 in 2020/21', async () => {
    const r = await runCli(['daily', realPath('calderdale'), '--category', 'stalking', '--format', 'json']);
    expect(r.code).toBe(0);
    const y1920 = onlyRow(r.json.rows, { start: '2019-04-01' });
    const y2021 = onlyRow(r.json.rows, { start: '2020-04-01' });
    // 128 / 366 = 0.349726775956284 → 0.349727; 498 / 365 = 1.364383561643836 → 1.364384; per month
    // by the 12 whole months of each year: 128 / 12 = 10.666667, 498 / 12 = 41.5
    expect(y1920).toMatchObject({ count: 128, days: 366, perDay: 0.349727, perWeek: 2.448087, perMonth: 10.666667 });
    expect(y2021).toMatchObject({ count: 498, days: 365, perDay: 1.364384, perWeek: 9.550685, perMonth: 41.5 });
    // 2019/20 → 2020/21 straddles the April 2020 change; 2018/19 → 2019/20 does not.
    expect(y2021).toMatchObject({ previousCount: 128, changePct: 289.06, comparable: false });
    expect(y2021.notComparableBecause).toContain('2020-04-01');
    expect(y1920).toMatchObject({ previousCount: 96, changePct: 33.33, comparable: true, notComparableBecause: null });
    // R: poisson.test(c(498, 128), c(365, 366)) → 3.90128424657534 [3.20644191413202, 4.77555934871651]
    expect(y2021).toMatchObject({ rateRatio: 3.901284, ciLow: 3.206442, ciHigh: 4.775559 });
    // (621 / 10)^(1/6) − 1 = 98.9979488685182 % (R) → 99.00 over 2015/16 – 2021/22
    expect(r.json.cagr).toEqual([
      expect.objectContaining({
        area: 'Calderdale',
        category: 'stalking',
        from: '2015/16',
        to: '2021/22',
        years: 6,
        firstCount: 10,
        lastCount: 621,
        cagr: 99,
        comparable: false,
      }),
    ]);
  });

  it('Calderdale: coercive control before April 2020 is flagged, with no rate, not read as zero', async () => {
    const r = await runCli(['daily', realPath('calderdale'), '--category', 'coercive-control', '--format', 'json']);
    expect(onlyRow(r.json.rows, { start: '2019-04-01' })).toMatchObject({
      count: 0,
      predatesCode: true,
      perDay: null,
      perWeek: null,
      perMonth: null,
    });
    // 216 / 365 = 0.591780821917808
    expect(onlyRow(r.json.rows, { start: '2020-04-01' })).toMatchObject({
      count: 216,
      predatesCode: false,
      perDay: 0.591781,
      comparable: false,
    });
    expect(r.json.notes.some((n: string) => n.includes('predate'))).toBe(true);
  });

  it('Met monthly, by financial year: 54,555 offences in 366 days of 2019/20', async () => {
    const r = await runCli(['daily', realPath('met'), '--by', 'fy', '--format', 'json']);
    expect(r.code).toBe(0);
    // 54555 / 366 = 149.057377049…; 64776 / 365 = 177.468493150…
    expect(onlyRow(r.json.rows, { start: '2019-04-01' })).toMatchObject({
      count: 54555,
      days: 366,
      perDay: 149.057377,
    });
    expect(onlyRow(r.json.rows, { start: '2020-04-01' })).toMatchObject({
      count: 64776,
      days: 365,
      perDay: 177.468493,
      comparable: false,
    });
  });
});

describe.skipIf(!hasRealData)('one meaning of per month (real file)', () => {
  it('the Met in 2019/20: 54,555 / 12 = 4,546.25 a month, said to be by whole months', async () => {
    const r = await runCli(['daily', realPath('met'), '--by', 'fy', '--format', 'json']);
    expect(r.code).toBe(0);
    const row = onlyRow(r.json.rows, { category: 'stalking-and-harassment', start: '2019-04-01' });
    expect(row).toMatchObject({ count: 54555, perMonth: 4546.25, perMonthBy: '12 months' });
  });
});
