import { describe, expect, it } from 'vitest';
import { annualGrowth, DAILY_COLUMNS, dailyAnalysis, growthNote, perDayPhrase } from '../../src/analyses/daily.js';
import { calendarYear, financialYear, fyQuarter, type Period, rollingYearEnding } from '../../src/core/periods.js';
import type { Series, SeriesSet } from '../../src/series/build.js';
import type { CategoryId } from '../../src/taxonomy/taxonomy.js';
import { onlyRow } from '../helpers/series.js';

function seriesOf(category: CategoryId, points: [Period, number][], area = 'Testshire'): Series {
  return { area, category, points: points.map(([period, count]) => ({ period, count })) };
}

function setOf(...series: Series[]): SeriesSet {
  return { series, notes: [], revisions: [], areasUsed: 1 };
}

// Calderdale's stalking (8Q) by financial year, from the real file: 2018/19 96, 2019/20 128, 2020/21 498.
const stalking = seriesOf('stalking', [
  [financialYear(2018), 96],
  [financialYear(2019), 128],
  [financialYear(2020), 498],
]);

describe('dailyAnalysis: rates per day, week and month', () => {
  const { rows, growth, notes } = dailyAnalysis(setOf(stalking));
  const row = (period: string) => onlyRow(rows, { period });

  it('divides by the exact days of each period: 2019/20 has 366', () => {
    // Hand: 128 / 366 = 0.349726775956284; × 7 = 2.448087431693989; per month, 2019/20 being 12 whole
    // months: 128 / 12 = 10.666667 (R: 128/366, 128*7/366, 128/12), kept to six decimals.
    expect(row('2019/20')).toMatchObject({ start: '2019-04-01', end: '2020-03-31', days: 366, count: 128 });
    expect(row('2019/20').perDay).toBe(0.349727);
    expect(row('2019/20').perWeek).toBe(2.448087);
    expect(row('2019/20')).toMatchObject({ perMonth: 10.666667, perMonthBy: '12 months' });
    // Hand: 498 / 365 = 1.364383561643836; × 7 = 9.550684931506849; 498 / 12 = 41.5
    expect(row('2020/21')).toMatchObject({ days: 365, perDay: 1.364384, perWeek: 9.550685, perMonth: 41.5 });
  });

  it('phrases the rate for the table: "1.4 a day", and below one a day how often', () => {
    expect(row('2020/21').perDayText).toBe('1.4 a day');
    // 1 / 0.3497 = 2.86 days between offences
    expect(row('2019/20').perDayText).toBe('0.35 a day (one every 2.9 days)');
    // "2,339 cases in 2017 — more than six a day": 2339 / 365 = 6.408
    expect(perDayPhrase(2339 / 365)).toBe('6.4 a day');
    expect(perDayPhrase(12345 / 365)).toBe('33.8 a day');
    expect(perDayPhrase(0)).toBe('none');
    expect(perDayPhrase(null)).toBe('');
  });

  it('compares with the same period a year earlier and marks the April 2020 change', () => {
    // (128 − 96) / 96 × 100 = 33.33; both years follow the April 2018 change, so comparable.
    expect(row('2019/20')).toMatchObject({
      previousPeriod: '2018/19',
      previousCount: 96,
      change: 32,
      changePct: 33.33,
      comparable: true,
      notComparableBecause: null,
      smallBase: false,
    });
    // (498 − 128) / 128 × 100 = 289.0625 → 289.06; 2019/20 and 2020/21 straddle 1 April 2020.
    const r = row('2020/21');
    expect(r).toMatchObject({ previousCount: 128, change: 370, changePct: 289.06, comparable: false });
    expect(r.notComparableBecause).toContain('ex-partner-stalking-coercive-control-2020');
  });

  it('gives the rate ratio with the exact Poisson interval (R: poisson.test)', () => {
    // R: poisson.test(c(498, 128), c(365, 366)) → 3.90128424657534 [3.20644191413202, 4.77555934871651]
    expect(row('2020/21')).toMatchObject({ rateRatio: 3.901284, ciLow: 3.206442, ciHigh: 4.775559 });
    // R: poisson.test(c(128, 96), c(366, 365)) → 1.32969034608379 [1.01256635145514, 1.75104996849415]
    expect(row('2019/20')).toMatchObject({ rateRatio: 1.32969, ciLow: 1.012566, ciHigh: 1.75105 });
    // The first year has nothing to compare with.
    expect(row('2018/19')).toMatchObject({ previousCount: null, changePct: null, rateRatio: null, comparable: true });
    expect(row('2018/19').changePctMissingBecause).toContain('no figure for the same period a year earlier');
  });

  it('gives compound annual growth over a span of whole years, flagged when it crosses a change', () => {
    // (498 / 96)^(1/2) − 1 = 127.7608394786075 % (R) → 127.76
    expect(growth).toHaveLength(1);
    expect(growth[0]).toMatchObject({
      from: '2018/19',
      to: '2020/21',
      years: 2,
      firstCount: 96,
      lastCount: 498,
      cagr: 127.76,
      comparable: false,
    });
    expect(
      notes.some((n) =>
        n.includes(
          'compound annual growth 2018/19 to 2020/21 (2 years, 96 to 498): +127.76% a year, but not like for like',
        ),
      ),
    ).toBe(true);
  });

  it('says which per-month convention it uses', () => {
    expect(notes.some((n) => n.includes('365.25 / 12'))).toBe(true);
  });

  it('carries the columns the JSON promises, in order', () => {
    const keys = DAILY_COLUMNS.map((c) => c.key);
    for (const k of [
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
      'previousCount',
      'changePct',
      'comparable',
      'notComparableBecause',
      'smallBase',
      'predatesCode',
    ]) {
      expect(keys).toContain(k);
    }
    expect(keys.indexOf('perDay')).toBeLessThan(keys.indexOf('perWeek'));
  });
});

describe('dailyAnalysis: bases, codes and sub-annual periods', () => {
  it('a zero base has no change % and says why; a base under 50 is flagged', () => {
    const s = seriesOf('harassment', [
      [fyQuarter(2019, 1), 0],
      [fyQuarter(2020, 1), 5],
      [fyQuarter(2021, 1), 40],
      [fyQuarter(2022, 1), 44],
    ]);
    const { rows } = dailyAnalysis(setOf(s));
    const q20 = onlyRow(rows, { start: '2020-04-01' });
    // Apr–Jun has 30 + 31 + 30 = 91 days: 5 / 91 = 0.054945…
    expect(q20).toMatchObject({
      days: 91,
      previousCount: 0,
      change: 5,
      changePct: null,
      smallBase: true,
      perDay: 0.054945,
    });
    expect(q20.changePctMissingBecause).toContain('zero base');
    // R: poisson.test(c(5, 0), c(91, 91)) → lower bound 0.91635585731546, ratio and upper bound infinite
    expect(q20).toMatchObject({ rateRatio: null, ciLow: 0.916356, ciHigh: null });
    // (44 − 40) / 40 × 100 = 10; base 40 < 50
    expect(onlyRow(rows, { start: '2022-04-01' })).toMatchObject({
      changePct: 10,
      smallBase: true,
      changePctMissingBecause: null,
    });
  });

  it('quarters compare with the same quarter a year earlier, not the one before', () => {
    const s = seriesOf('stalking-and-harassment', [
      [fyQuarter(2018, 4), 900], // Jan–Mar 2019
      [fyQuarter(2019, 1), 1000], // Apr–Jun 2019
      [fyQuarter(2019, 4), 1100], // Jan–Mar 2020 (91 days: 2020 is a leap year)
    ]);
    const { rows } = dailyAnalysis(setOf(s));
    const r = onlyRow(rows, { start: '2020-01-01' });
    // (1100 − 900) / 900 × 100 = 22.22; 1100 / 91 = 12.087912
    expect(r).toMatchObject({
      previousPeriod: 'Jan-Mar 2019',
      previousCount: 900,
      changePct: 22.22,
      days: 91,
      perDay: 12.087912,
      comparable: true,
    });
    expect(onlyRow(rows, { start: '2019-04-01' }).previousCount).toBeNull();
  });

  it('a period before the category had its own code has no rate and is flagged, not read as zero crime', () => {
    const s = seriesOf('coercive-control', [
      [financialYear(2019), 0],
      [financialYear(2020), 216],
      [financialYear(2021), 245],
    ]);
    const { rows, growth } = dailyAnalysis(setOf(s));
    expect(onlyRow(rows, { period: '2019/20' })).toMatchObject({
      count: 0,
      predatesCode: true,
      perDay: null,
      perWeek: null,
      perMonth: null,
      perDayText: 'n/a: before its own code',
    });
    const y2020 = onlyRow(rows, { period: '2020/21' });
    expect(y2020).toMatchObject({ predatesCode: false, perDay: 0.591781, comparable: false, rateRatio: null }); // 216 / 365
    expect(y2020.notComparableBecause).toContain('April 2020');
    // Growth starts at the first year with the code: (245 / 216)^1 − 1 = 13.43 %
    expect(growth[0]).toMatchObject({
      from: '2020/21',
      to: '2021/22',
      years: 1,
      cagr: 13.43,
      yearsBeforeCode: 1,
      comparable: true,
    });
    expect(growthNote(growth[0])).toContain('starting after 1 year before the category');
  });

  it('--from/--to limit the rows shown but not the year-earlier figure', () => {
    const { rows, growth } = dailyAnalysis(setOf(stalking), { from: '2019-04-01' });
    expect(rows.map((r) => r.period)).toEqual(['2019/20', '2020/21']);
    expect(onlyRow(rows, { period: '2019/20' }).previousCount).toBe(96);
    // 498 / 128 over one year: +289.06 %
    expect(growth[0]).toMatchObject({ from: '2019/20', to: '2020/21', years: 1, cagr: 289.06 });
  });

  it('no compound growth for series that are not whole years (quarters, rolling years)', () => {
    const quarters = seriesOf('stalking', [
      [fyQuarter(2019, 1), 10],
      [fyQuarter(2020, 1), 20],
    ]);
    const rolling = seriesOf('stalking-and-harassment', [
      [rollingYearEnding('2017-06-30'), 100],
      [rollingYearEnding('2018-06-30'), 120],
    ]);
    expect(dailyAnalysis(setOf(quarters, rolling)).growth).toEqual([]);
    expect(annualGrowth(quarters, quarters.points)).toBeNull();
  });

  it('calendar years: compound growth over whole years, none from a zero first year', () => {
    const s = seriesOf('harassment', [
      [calendarYear(2015), 0],
      [calendarYear(2016), 10],
      [calendarYear(2018), 40],
    ]);
    const g = annualGrowth(s, s.points)!;
    expect(g).toMatchObject({ from: '2015', to: '2018', years: 3, cagr: null });
    expect(g.why).toContain('no offences');
    // 2016 → 2018: (40 / 10)^(1/2) − 1 = 100 %
    expect(annualGrowth(s, s.points.slice(1))).toMatchObject({ years: 2, cagr: 100 });
  });
});
