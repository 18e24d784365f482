import { describe, expect, it } from 'vitest';
import {
  addDays,
  addYears,
  dayNumber,
  daysBetweenInclusive,
  daysInMonth,
  isLeapYear,
  isMonthEnd,
  isoDate,
  isoFromDayNumber,
  isValidDate,
} from '../../src/core/dates.js';

describe('dates', () => {
  it('day numbers count from 1970-01-01 and round-trip', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(isoFromDayNumber(dayNumber('2016-02-29'))).toBe('2016-02-29');
  });

  it('leap years follow the Gregorian rule', () => {
    expect([1900, 2000, 2016, 2019, 2020, 2100].map(isLeapYear)).toEqual([false, true, true, false, true, false]);
    expect(daysInMonth(2020, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
  });

  it('addYears moves 29 February to 28 February in a common year', () => {
    expect(addYears('2016-02-29', -1)).toBe('2015-02-28');
    expect(addYears('2016-02-29', 1)).toBe('2017-02-28');
    expect(addYears('2016-02-29', 4)).toBe('2020-02-29');
    expect(addYears('2017-09-30', -1)).toBe('2016-09-30');
  });

  it('addDays crosses month and year ends', () => {
    expect(addDays('2015-09-30', 1)).toBe('2015-10-01');
    expect(addDays('2016-12-31', 1)).toBe('2017-01-01');
    expect(addDays('2016-03-01', -1)).toBe('2016-02-29');
  });

  it('daysBetweenInclusive counts both ends', () => {
    expect(daysBetweenInclusive('2020-01-01', '2020-01-01')).toBe(1);
    expect(daysBetweenInclusive('2019-04-01', '2020-03-31')).toBe(366);
  });

  it('validates dates and pads ISO text', () => {
    expect(isValidDate(2019, 2, 29)).toBe(false);
    expect(isValidDate(2020, 2, 29)).toBe(true);
    expect(isValidDate(2020, 13, 1)).toBe(false);
    expect(isValidDate(2020, 4, 31)).toBe(false);
    expect(isoDate(2020, 4, 1)).toBe('2020-04-01');
    expect(isMonthEnd('2017-12-31')).toBe(true);
    expect(isMonthEnd('2017-12-30')).toBe(false);
    expect(isMonthEnd('2016-02-29')).toBe(true);
  });
});
