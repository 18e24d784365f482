import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/dates.js';
import { day, financialYear, fyQuarter, month, type Period, rollingYearEnding } from '../../src/core/periods.js';
import type { SeriesPoint } from '../../src/series/build.js';
import { regrain } from '../../src/series/regrain.js';

const pt = (period: Period, count: number): SeriesPoint => ({ period, count });

describe('regrain to calendar years from quarters', () => {
  // Calendar 2017 = Q4 2016/17 (Jan–Mar 2017) + Q1–Q3 2017/18.
  const quarters2017 = [
    pt(fyQuarter(2016, 4), 10),
    pt(fyQuarter(2017, 1), 20),
    pt(fyQuarter(2017, 2), 30),
    pt(fyQuarter(2017, 3), 40),
  ];

  it('sums four quarters into the year: 10 + 20 + 30 + 40 = 100', () => {
    const r = regrain(quarters2017, 'year', null);
    expect(r.points).toHaveLength(1);
    expect(r.points[0].period).toMatchObject({ kind: 'year', start: '2017-01-01', end: '2017-12-31', days: 365 });
    expect(r.points[0].count).toBe(100);
    expect(r.notes).toEqual([]);
  });

  it('leaves the year out when a quarter is missing, and names the quarter', () => {
    const r = regrain(
      quarters2017.filter((_, i) => i !== 1),
      'year',
      null,
    );
    expect(r.points).toEqual([]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toContain('incomplete calendar year left out: 2017');
    expect(r.notes[0]).toContain('3 of 4 quarters present');
    expect(r.notes[0]).toContain('missing Apr-Jun 2017');
  });

  it('only the complete year survives when the data start mid-year', () => {
    // Q1–Q4 of 2016/17 cover Apr 2016–Mar 2017: calendar 2016 lacks Jan–Mar 2016, 2017 lacks Apr–Dec.
    const fy = [1, 2, 3, 4].map((q) => pt(fyQuarter(2016, q), q));
    const r = regrain([...fy, ...quarters2017.slice(1)], 'year', null);
    expect(r.points.map((p) => [p.period.label, p.count])).toEqual([['2017', 4 + 20 + 30 + 40]]);
    expect(r.notes.join(' ')).toContain('2016 (3 of 4 quarters present; missing Jan-Mar 2016)');
  });

  it('sums quarters into financial years: Q1..Q4 of 2024/25', () => {
    const r = regrain(
      [1, 2, 3, 4].map((q) => pt(fyQuarter(2024, q), q * 100)),
      'fy',
      null,
    );
    expect(r.points.map((p) => [p.period.label, p.count, p.period.days])).toEqual([['2024/25', 1000, 365]]);
  });
});

describe('regrain from months', () => {
  const months2019 = Array.from({ length: 12 }, (_, i) => pt(month(2019, i + 1), i + 1)); // 1 + 2 + … + 12 = 78

  it('twelve months make a year: 1 + … + 12 = 78', () => {
    const r = regrain(months2019, 'year', null);
    expect(r.points.map((p) => p.count)).toEqual([78]);
  });

  it('a missing month is reported by name and the year left out', () => {
    const r = regrain(
      months2019.filter((p) => p.period.label !== 'Jun 2019'),
      'year',
      null,
    );
    expect(r.points).toEqual([]);
    expect(r.notes[0]).toBe('incomplete calendar year left out: 2019 (11 of 12 months present; missing Jun 2019)');
  });

  it('months give quarters; the partial ones are left out', () => {
    // Jan–Dec 2019: Q4 2018/19 (Jan–Mar) … Q3 2019/20 (Oct–Dec) are all complete.
    const r = regrain(months2019, 'quarter', null);
    expect(r.points.map((p) => [p.period.label, p.count])).toEqual([
      ['Jan-Mar 2019', 1 + 2 + 3],
      ['Apr-Jun 2019', 4 + 5 + 6],
      ['Jul-Sep 2019', 7 + 8 + 9],
      ['Oct-Dec 2019', 10 + 11 + 12],
    ]);
    // Financial years: neither 2018/19 nor 2019/20 is whole.
    const fy = regrain(months2019, 'fy', null);
    expect(fy.points).toEqual([]);
    expect(fy.notes[0]).toContain('2018/19 (3 of 12 months present; missing Apr 2018 … Dec 2018)');
  });

  it('a coarser figure cannot be split into a finer grain', () => {
    const r = regrain([pt(financialYear(2019), 500)], 'month', null);
    expect(r.points).toEqual([]);
    expect(r.notes).toEqual(['1 financial year figure cannot be split into months']);
  });

  it('without --by, the native grain is kept as it is', () => {
    const r = regrain(months2019, undefined, null);
    expect(r.points).toBe(months2019);
    expect(r.notes).toEqual([]);
  });
});

describe('regrain never sums rolling years', () => {
  const ends = ['2016-03-31', '2016-06-30', '2016-09-30', '2016-12-31', '2017-03-31'];
  const rolling = ends.map((e, i) => pt(rollingYearEnding(e), 1000 + i));

  it('--by fy keeps the years ending March (which are financial years) and no sums', () => {
    const r = regrain(rolling, 'fy', null);
    expect(r.points.map((p) => [p.period.key, p.count])).toEqual([
      ['fy:2015-04-01:2016-03-31', 1000],
      ['fy:2016-04-01:2017-03-31', 1004],
    ]);
    expect(r.notes).toEqual([
      '3 rolling 12-month totals not ending in March left out: rolling totals overlap and are never added together',
    ]);
  });

  it('--by year keeps the year ending December only', () => {
    const r = regrain(rolling, 'year', null);
    expect(r.points.map((p) => [p.period.label, p.count])).toEqual([['2016', 1003]]);
    expect(r.notes[0]).toMatch(/^4 rolling 12-month totals not ending in December left out/);
  });

  it('--by quarter or month gives nothing, and says why', () => {
    for (const g of ['quarter', 'month'] as const) {
      const r = regrain(rolling, g, null);
      expect(r.points).toEqual([]);
      expect(r.notes[0]).toContain('5 rolling 12-month totals cannot give');
      expect(r.notes[0]).toContain('never added together or split');
    }
  });
});

describe('regrain record-level days', () => {
  // Crimes on some days of Jan–Mar 2020; days without a crime are absent, not missing.
  const days = [
    pt(day('2020-01-01'), 1),
    pt(day('2020-01-15'), 2),
    pt(day('2020-02-29'), 3),
    pt(day('2020-03-10'), 4),
    pt(day('2020-03-31'), 5),
  ];

  it('sums days by month by default, and says so', () => {
    const r = regrain(days, undefined, { start: '2020-01-01', end: '2020-03-31' });
    expect(r.points.map((p) => [p.period.label, p.count])).toEqual([
      ['Jan 2020', 1 + 2],
      ['Feb 2020', 3],
      ['Mar 2020', 4 + 5],
    ]);
    expect(r.notes[0]).toContain('one row per crime: counts are summed by month');
  });

  it('leaves out months the data do not cover from first to last date', () => {
    const r = regrain(days.slice(1, 4), 'month', { start: '2020-01-15', end: '2020-03-10' });
    expect(r.points.map((p) => p.period.label)).toEqual(['Feb 2020']);
    expect(r.notes[0]).toBe(
      'incomplete months left out: Jan 2020 (the data cover 2020-01-15 to 2020-03-10); Mar 2020 (the data cover 2020-01-15 to 2020-03-10)',
    );
  });

  it('a quarter of days is complete when the coverage spans it', () => {
    const jan1 = '2020-01-01';
    const r = regrain(days, 'quarter', { start: jan1, end: addDays(jan1, 90) });
    expect(r.points.map((p) => [p.period.label, p.count])).toEqual([['Jan-Mar 2020', 15]]);
  });
});
