import { describe, expect, it } from 'vitest';
import {
  cagr,
  change,
  changePct,
  DAYS_PER_AVERAGE_MONTH,
  isSmallBase,
  perDay,
  perMonth,
  perWeek,
  SMALL_BASE,
} from '../../../src/analyses/stats/growth.js';

// Counts below are the Calderdale stalking (8Q) figures by financial year, used as worked examples:
// 2015/16 10, 2018/19 96, 2019/20 128 (366 days), 2020/21 498 (365 days), 2021/22 621.
// Every expected value is worked by hand in the comment beside it and was re-checked in R
// (e.g. `options(digits=17); 128/366`).

describe('change and changePct', () => {
  it('subtracts and divides by the previous count', () => {
    expect(change(498, 128)).toBe(370); // 498 − 128 = 370
    expect(change(96, 128)).toBe(-32); // a fall is negative
    expect(changePct(498, 128)).toBe(289.0625); // 370 / 128 = 2.890625 exactly → 289.0625 %
    expect(changePct(128, 96)).toBeCloseTo(33.333333333333336, 12); // 32 / 96 = 1/3 → 33.33… %
    expect(changePct(26, 18)).toBeCloseTo(44.44444444444444, 12); // 8 / 18 = 0.444… (R: (26-18)/18*100)
    expect(changePct(10, 20)).toBe(-50); // halving is −50 %
    expect(changePct(7, 7)).toBe(0);
  });

  it('has no percentage on a zero (or negative) base', () => {
    expect(changePct(5, 0)).toBeNull(); // 5 / 0 has no finite value
    expect(changePct(0, 0)).toBeNull();
    expect(changePct(5, -3)).toBeNull(); // a net-of-adjustments negative count is no base at all
    expect(change(5, 0)).toBe(5); // the absolute change still exists
  });

  it('returns null rather than NaN for missing inputs', () => {
    expect(change(Number.NaN, 3)).toBeNull();
    expect(changePct(3, Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('flags bases under 50 as small', () => {
    expect(SMALL_BASE).toBe(50);
    expect(isSmallBase(49)).toBe(true);
    expect(isSmallBase(50)).toBe(false);
    expect(isSmallBase(0)).toBe(true);
    expect(isSmallBase(12)).toBe(true); // Calderdale 2016/17 stalking: 12 offences
  });
});

describe('cagr', () => {
  it('is the constant yearly rate that links first and last', () => {
    expect(cagr(100, 121, 2)).toBeCloseTo(10, 12); // 1.1 × 1.1 = 1.21 → 10 % a year
    expect(cagr(100, 200, 1)).toBeCloseTo(100, 12); // one doubling in one year
    // 10 → 621 over six years: (62.1)^(1/6) = e^(ln 62.1 / 6) = e^(4.128746 / 6) = e^0.688124 = 1.989979
    // → 98.998 % a year (R: ((621/10)^(1/6)-1)*100 = 98.997948868518165)
    expect(cagr(10, 621, 6)).toBeCloseTo(98.997948868518165, 10);
    // 1073 → 1681 over two years (Calderdale 8R 2017/18 → 2019/20): √(1681/1073) = 1.2516531 → 25.165 %
    expect(cagr(1073, 1681, 2)).toBeCloseTo(25.165314728896028, 10);
    expect(cagr(100, 0, 2)).toBe(-100); // everything gone
    expect(cagr(50, 50, 5)).toBe(0);
  });

  it('is null on a zero first value or less than one whole year', () => {
    expect(cagr(0, 5, 3)).toBeNull();
    expect(cagr(5, 10, 0)).toBeNull();
    expect(cagr(5, 10, 0.5)).toBeNull();
    expect(cagr(5, 10, 2.5)).toBeNull(); // whole years only
    expect(cagr(-5, 10, 2)).toBeNull();
    expect(cagr(5, -1, 2)).toBeNull();
  });
});

describe('per-day, per-week and per-month rates', () => {
  it('divides by the exact number of days', () => {
    expect(perDay(128, 366)).toBeCloseTo(0.34972677595628415, 15); // 128 / 366 = 0.349726… (2019/20 is a leap year)
    expect(perDay(498, 365)).toBeCloseTo(1.3643835616438356, 15); // 498 / 365 = 1.364383…
    expect(perDay(2339, 365)).toBeCloseTo(6.4082191780821916, 13); // "2,339 in 2017 — more than six a day": 6.41
    expect(perDay(54555, 366)).toBeCloseTo(149.05737704918033, 12); // 54,555 / 366
  });

  it('scales the per-day rate to a week and an average month', () => {
    expect(perWeek(128, 366)).toBeCloseTo(2.448087431693989, 14); // 128 / 366 × 7 = 896 / 366
    expect(DAYS_PER_AVERAGE_MONTH).toBe(30.4375); // 365.25 / 12
    // 2019/20 is 12 whole months: 128 / 12 = 10.666…, not 128 / 366 × 30.4375 = 10.6448…
    const fy = { start: '2019-04-01', end: '2020-03-31', days: 366 };
    expect(perMonth(128, fy)).toEqual({ value: 128 / 12, basis: 'months', months: 12 });
    // The Met's London total for 2019/20, 54,555, is 4,546.25 a month (54,555 / 12).
    expect(perMonth(54_555, fy).value).toBe(4546.25);
    // A quarter is 3 months: 91 / 3.
    expect(perMonth(91, { start: '2020-01-01', end: '2020-03-31', days: 91 })).toMatchObject({
      value: 91 / 3,
      months: 3,
    });
    // 30 days from the 2nd is not whole months: 60 / 30 × 30.4375 = 60.875.
    expect(perMonth(60, { start: '2020-06-02', end: '2020-07-01', days: 30 })).toEqual({
      value: 60.875,
      basis: 'days',
      months: null,
    });
  });

  it('is null for zero or negative days', () => {
    expect(perDay(5, 0)).toBeNull();
    expect(perWeek(5, -1)).toBeNull();
    expect(perMonth(5, { start: '2020-06-02', end: '2020-06-02', days: Number.NaN }).value).toBeNull();
    expect(perDay(0, 31)).toBe(0); // a zero count is a real zero rate
  });
});
