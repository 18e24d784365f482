import { describe, expect, it } from 'vitest';
import {
  calendarYear,
  comparePeriods,
  day,
  exactGrainOf,
  financialYear,
  financialYearOf,
  fyLabel,
  fyQuarter,
  fyQuarterOfMonth,
  isExactly,
  month,
  periodContaining,
  rollingYearEnding,
} from '../../src/core/periods.js';

describe('financialYear', () => {
  it('runs 1 April to 31 March with exact day counts', () => {
    const fy = financialYear(2017);
    expect(fy).toMatchObject({ kind: 'fy', start: '2017-04-01', end: '2018-03-31', label: '2017/18', days: 365 });
    expect(fy.key).toBe('fy:2017-04-01:2018-03-31');
  });

  it('has 366 days when the year holds 29 February (2015/16 and 2019/20)', () => {
    expect(financialYear(2015).days).toBe(366); // 29 Feb 2016
    expect(financialYear(2019).days).toBe(366); // 29 Feb 2020
    expect(financialYear(2016).days).toBe(365);
    expect(financialYear(2017).days).toBe(365);
  });

  it('labels the turn of the century with two digits', () => {
    expect(fyLabel(1999)).toBe('1999/00');
    expect(fyLabel(2009)).toBe('2009/10');
  });

  it('financialYearOf puts January–March in the year that started the April before', () => {
    expect(financialYearOf('2018-03-31')).toBe(2017);
    expect(financialYearOf('2018-04-01')).toBe(2018);
    expect(financialYearOf('2018-12-31')).toBe(2018);
  });
});

describe('fyQuarter', () => {
  it('Q4 of 2024/25 is January–March 2025, 90 days', () => {
    const q = fyQuarter(2024, 4);
    expect(q).toMatchObject({
      kind: 'quarter',
      start: '2025-01-01',
      end: '2025-03-31',
      days: 90,
      label: 'Jan-Mar 2025',
    });
  });

  it('Q1–Q3 fall in the starting calendar year', () => {
    expect([1, 2, 3].map((n) => [fyQuarter(2024, n).start, fyQuarter(2024, n).end])).toEqual([
      ['2024-04-01', '2024-06-30'],
      ['2024-07-01', '2024-09-30'],
      ['2024-10-01', '2024-12-31'],
    ]);
  });

  it('Q4 of a leap year has 91 days (Jan 31 + Feb 29 + Mar 31)', () => {
    expect(fyQuarter(2019, 4).days).toBe(91);
  });

  it('fyQuarterOfMonth maps calendar months to (financial year, quarter)', () => {
    expect(fyQuarterOfMonth(2025, 1)).toEqual({ fyStartYear: 2024, quarter: 4 });
    expect(fyQuarterOfMonth(2025, 3)).toEqual({ fyStartYear: 2024, quarter: 4 });
    expect(fyQuarterOfMonth(2025, 4)).toEqual({ fyStartYear: 2025, quarter: 1 });
    expect(fyQuarterOfMonth(2025, 9)).toEqual({ fyStartYear: 2025, quarter: 2 });
    expect(fyQuarterOfMonth(2025, 12)).toEqual({ fyStartYear: 2025, quarter: 3 });
  });
});

describe('rollingYearEnding', () => {
  it('year ending 30 Sep 2016 runs from 1 Oct 2015 and has 366 days (29 Feb 2016 inside)', () => {
    const p = rollingYearEnding('2016-09-30');
    expect(p).toMatchObject({
      kind: 'rolling',
      start: '2015-10-01',
      end: '2016-09-30',
      days: 366,
      label: '12 months ending Sep 2016',
    });
  });

  it('year ending 31 Dec 2017 is the calendar year 2017 in bounds', () => {
    const p = rollingYearEnding('2017-12-31');
    expect([p.start, p.end, p.days]).toEqual(['2017-01-01', '2017-12-31', 365]);
  });

  it('year ending 29 Feb 2016 starts on 1 Mar 2015 (one year back is 28 Feb)', () => {
    const p = rollingYearEnding('2016-02-29');
    expect([p.start, p.days]).toEqual(['2015-03-01', 366]);
  });

  it('labels a date that is not a month end with the date itself', () => {
    expect(rollingYearEnding('2017-12-30').label).toBe('12 months ending 2017-12-30');
  });
});

describe('calendar periods', () => {
  it('months have their calendar length', () => {
    expect(month(2020, 2).days).toBe(29);
    expect(month(2021, 2).days).toBe(28);
    expect(month(2021, 4)).toMatchObject({ start: '2021-04-01', end: '2021-04-30', days: 30, label: 'Apr 2021' });
  });

  it('calendar 2017 is exactly Q4 of 2016/17 followed by Q1–Q3 of 2017/18', () => {
    const year = calendarYear(2017);
    const quarters = [fyQuarter(2016, 4), fyQuarter(2017, 1), fyQuarter(2017, 2), fyQuarter(2017, 3)];
    expect(quarters[0].start).toBe(year.start);
    expect(quarters[3].end).toBe(year.end);
    // 90 + 91 + 92 + 92 = 365
    expect(quarters.reduce((s, q) => s + q.days, 0)).toBe(year.days);
    expect(year.days).toBe(365);
    expect(calendarYear(2016).days).toBe(366);
  });

  it('a day is one day long', () => {
    expect(day('2020-02-29')).toMatchObject({ kind: 'day', start: '2020-02-29', end: '2020-02-29', days: 1 });
  });
});

describe('periodContaining', () => {
  it('finds the period of each grain holding a date', () => {
    expect(periodContaining('fy', '2020-03-31').label).toBe('2019/20');
    expect(periodContaining('fy', '2020-04-01').label).toBe('2020/21');
    expect(periodContaining('year', '2020-03-31').label).toBe('2020');
    expect(periodContaining('quarter', '2020-02-15').key).toBe(fyQuarter(2019, 4).key);
    expect(periodContaining('month', '2020-02-15').key).toBe('month:2020-02-01:2020-02-29');
  });
});

describe('exactGrainOf', () => {
  it('names the grain a period matches exactly', () => {
    expect(exactGrainOf(month(2020, 5))).toBe('month');
    expect(exactGrainOf(fyQuarter(2020, 2))).toBe('quarter');
    expect(exactGrainOf(financialYear(2020))).toBe('fy');
    expect(exactGrainOf(calendarYear(2020))).toBe('year');
  });

  it('a rolling year ending March is a financial year, ending December a calendar year', () => {
    expect(exactGrainOf(rollingYearEnding('2018-03-31'))).toBe('fy');
    expect(exactGrainOf(rollingYearEnding('2018-12-31'))).toBe('year');
  });

  it('a rolling year ending June or September is no grain at all', () => {
    expect(exactGrainOf(rollingYearEnding('2016-06-30'))).toBeNull();
    expect(exactGrainOf(rollingYearEnding('2016-09-30'))).toBeNull();
    expect(exactGrainOf(day('2016-09-30'))).toBeNull();
  });

  it('isExactly compares bounds, not kinds', () => {
    expect(isExactly('fy', rollingYearEnding('2018-03-31'))).toBe(true);
    expect(isExactly('fy', rollingYearEnding('2018-06-30'))).toBe(false);
  });
});

describe('comparePeriods', () => {
  it('orders by start, then by end', () => {
    const sorted = [financialYear(2018), month(2018, 4), fyQuarter(2017, 4), fyQuarter(2018, 1)].sort(comparePeriods);
    expect(sorted.map((p) => p.key)).toEqual([
      fyQuarter(2017, 4).key,
      month(2018, 4).key,
      fyQuarter(2018, 1).key,
      financialYear(2018).key,
    ]);
  });
});
