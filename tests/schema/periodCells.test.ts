import { describe, expect, it } from 'vitest';
import {
  monthFromName,
  parseDateCell,
  parseFinancialYear,
  parsePeriodLabel,
  parseQuarterNumber,
  parseRollingEnd,
  parseYyyymm,
} from '../../src/schema/periodCells.js';

describe('parseRollingEnd', () => {
  it("reads ONS's 30/12/2017 as the year ending 31 December 2017, and says it moved it", () => {
    const r = parseRollingEnd('30/12/2017');
    expect(r?.period.end).toBe('2017-12-31');
    expect(r?.period.start).toBe('2017-01-01');
    expect(r?.snappedFrom).toBe('2017-12-30');
  });

  it('reads the re-saved spelling 30-12-2017 the same way', () => {
    const r = parseRollingEnd('30-12-2017');
    expect(r?.period.key).toBe('rolling:2017-01-01:2017-12-31');
    expect(r?.snappedFrom).toBe('2017-12-30');
  });

  it('takes a month end as it is: 31/03/2003 is the year from 1 April 2002', () => {
    const r = parseRollingEnd('31/03/2003');
    expect(r?.period).toMatchObject({ kind: 'rolling', start: '2002-04-01', end: '2003-03-31', days: 365 });
    expect(r?.snappedFrom).toBeUndefined();
  });

  it('rejects text that is not a date', () => {
    expect(parseRollingEnd('Dec 2017x')).toBeNull();
    expect(parseRollingEnd('31/02/2017')).toBeNull();
  });
});

describe('parseFinancialYear', () => {
  it.each(['2015/16', '2015-16', '2015/2016', '2015-2016', 'FY 2015/16', ' 2015 / 16 ', '2015–16'])(
    '%s is 2015/16',
    (cell) => {
      expect(parseFinancialYear(cell)).toBe(2015);
    },
  );

  it('crosses the century (1999/00)', () => {
    expect(parseFinancialYear('1999/00')).toBe(1999);
  });

  it.each(['2015/17', '2015', '2015/2017', '15/16', 'abc'])('rejects %s', (cell) => {
    expect(parseFinancialYear(cell)).toBeNull();
  });
});

describe('parseQuarterNumber', () => {
  it('reads 1–4, Q1, Quarter 3 and month ranges', () => {
    expect(['1', 'Q2', 'quarter 3', '4', 'Apr-Jun', 'jan-mar'].map(parseQuarterNumber)).toEqual([1, 2, 3, 4, 1, 4]);
    expect(parseQuarterNumber('5')).toBeNull();
    expect(parseQuarterNumber('')).toBeNull();
  });
});

describe('parseYyyymm', () => {
  it('201004 is April 2010', () => {
    expect(parseYyyymm('201004')).toMatchObject({ kind: 'month', start: '2010-04-01', end: '2010-04-30', days: 30 });
  });

  it('rejects month 13 and other text', () => {
    expect(parseYyyymm('201013')).toBeNull();
    expect(parseYyyymm('201000')).toBeNull();
    expect(parseYyyymm('MajorText')).toBeNull();
    expect(parseYyyymm('2010041')).toBeNull();
  });
});

describe('parseDateCell', () => {
  it('reads day-first dates with / - or . and ISO dates, with or without a time', () => {
    expect(parseDateCell('03/04/2020')).toBe('2020-04-03'); // day first: 3 April, never 4 March
    expect(parseDateCell('3-4-2020')).toBe('2020-04-03');
    expect(parseDateCell('03.04.2020 14:05')).toBe('2020-04-03');
    expect(parseDateCell('2020-04-03')).toBe('2020-04-03');
    expect(parseDateCell('2020-04-03T10:00:00Z')).toBe('2020-04-03');
    expect(parseDateCell('3 Apr 2020')).toBe('2020-04-03');
    expect(parseDateCell('3-April-2020')).toBe('2020-04-03');
  });

  it('reads Excel serial day numbers (1900 system)', () => {
    // Excel: 43100 = 31/12/2017, 43101 = 01/01/2018, 43890 = 29/02/2020 (25569 = 1970-01-01).
    expect(parseDateCell('43100')).toBe('2017-12-31');
    expect(parseDateCell('43101')).toBe('2018-01-01');
    expect(parseDateCell('43890')).toBe('2020-02-29');
    expect(parseDateCell('43890.5')).toBe('2020-02-29');
  });

  it.each(['31/02/2020', '29/02/2019', '2020-13-01', '00/01/2020', '32/01/2020', 'yesterday', '', '123', '99999'])(
    'rejects %j',
    (cell) => {
      expect(parseDateCell(cell)).toBeNull();
    },
  );
});

describe('monthFromName', () => {
  it('accepts three-letter, full and Sept spellings', () => {
    expect(['Jan', 'february', 'Sept', 'sep.', 'DEC'].map(monthFromName)).toEqual([1, 2, 9, 9, 12]);
    expect(monthFromName('Ja')).toBeNull();
    expect(monthFromName('Foo')).toBeNull();
  });
});

describe('parsePeriodLabel', () => {
  it('reads financial years, quarters, months, years and days', () => {
    expect(parsePeriodLabel('2017/18')?.key).toBe('fy:2017-04-01:2018-03-31');
    expect(parsePeriodLabel('2017/18 Q4')?.key).toBe('quarter:2018-01-01:2018-03-31');
    expect(parsePeriodLabel('2017-04')?.key).toBe('month:2017-04-01:2017-04-30');
    expect(parsePeriodLabel('201704')?.key).toBe('month:2017-04-01:2017-04-30');
    expect(parsePeriodLabel('Apr 2017')?.key).toBe('month:2017-04-01:2017-04-30');
    expect(parsePeriodLabel('April 2017')?.key).toBe('month:2017-04-01:2017-04-30');
    expect(parsePeriodLabel('2017')?.key).toBe('year:2017-01-01:2017-12-31');
    expect(parsePeriodLabel('15/04/2017')?.key).toBe('day:2017-04-15:2017-04-15');
  });

  it('returns null for text that is no period', () => {
    expect(parsePeriodLabel('sometime')).toBeNull();
    expect(parsePeriodLabel('2017-13')).toBeNull();
  });
});
