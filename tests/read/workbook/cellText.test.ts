import { describe, expect, it } from 'vitest';
import {
  durationText,
  formatShape,
  numberText,
  odsDateText,
  serialDateText,
} from '../../../src/read/workbook/cellText.js';

describe('numberText: the shortest decimal that is the same double', () => {
  it.each([
    ['1213', '1213'],
    ['0', '0'],
    ['-0', '0'],
    ['-1', '-1'],
    ['0.5', '0.5'],
    // Excel writes 17 significant digits: 4.0999999999999996 is the double nearest 4.1.
    ['4.0999999999999996', '4.1'],
    ['0.30000000000000004', '0.30000000000000004'],
    ['1E-007', '0.0000001'],
    ['1.5E+020', '150000000000000000000'],
    // The double nearest 1.2345678901234567E+25 is written 1.2345678901234566e+25 at its shortest.
    ['1.2345678901234567E+25', '12345678901234566000000000'],
    ['-2.5e-3', '-0.0025'],
    ['007', '7'],
    ['12345678901234567890', '12345678901234567000'],
  ])('%s -> %s', (raw, text) => {
    expect(numberText(raw)).toBe(text);
  });

  it('keeps what is not a number as it is', () => {
    expect(numberText('#N/A')).toBe('#N/A');
    expect(numberText(' ')).toBe(' ');
  });
});

describe('formatShape: what a number format shows', () => {
  it.each([
    ['General', 'none'],
    ['#,##0', 'none'],
    ['0.0%', 'none'],
    ['"TRUE";"TRUE";"FALSE"', 'none'],
    ['_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-', 'none'],
    ['[Red]0.00', 'none'],
    ['yyyy\\-mm\\-dd', 'date'],
    ['dd/mm/yyyy', 'date'],
    ['[$-809]dd mmmm yyyy', 'date'],
    ['mmm-yy', 'date'],
    ['dd/mm/yyyy\\ hh:mm', 'datetime'],
    ['hh:mm:ss', 'time'],
    ['[h]:mm', 'time'],
    ['mm:ss', 'time'],
    ['"Year "0', 'none'],
  ])('%s: %s', (code, shape) => {
    expect(formatShape(code)).toBe(shape);
  });
});

describe('serialDateText: Excel serial numbers as ISO text', () => {
  it('1900 system, with its 29 February 1900', () => {
    // Serial 43190 is 31 March 2018 (Excel shows 31/03/2018 for it).
    expect(serialDateText(43190, 'date', false)).toBe('2018-03-31');
    expect(serialDateText(1, 'date', false)).toBe('1900-01-01');
    expect(serialDateText(59, 'date', false)).toBe('1900-02-28');
    expect(serialDateText(60, 'date', false)).toBe('1900-02-29');
    expect(serialDateText(61, 'date', false)).toBe('1900-03-01');
  });

  it('1904 system: serial 0 is 1 January 1904', () => {
    expect(serialDateText(0, 'date', true)).toBe('1904-01-01');
    // 43190 - 1462 days between the two systems.
    expect(serialDateText(43190 - 1462, 'date', true)).toBe('2018-03-31');
  });

  it('times and date-times, to the second (or millisecond when there is one)', () => {
    // 14:30 is 14.5 / 24 = 0.6041666... of a day.
    expect(serialDateText(43190 + 14.5 / 24, 'datetime', false)).toBe('2018-03-31T14:30:00');
    expect(serialDateText(14.5 / 24, 'time', false)).toBe('14:30:00');
    expect(serialDateText(1.5, 'time', false)).toBe('36:00:00');
    expect(serialDateText(0.5 + 0.25 / 86400, 'time', false)).toBe('12:00:00.250');
    // A hair under midnight rounds to the next day, not to 23:59:59.999.
    expect(serialDateText(43190.99999999999, 'datetime', false)).toBe('2018-04-01T00:00:00');
  });

  it('no date for negative serials or past year 9999', () => {
    expect(serialDateText(-1, 'date', false)).toBeNull();
    expect(serialDateText(3e6, 'date', false)).toBeNull();
  });
});

describe('ODS values', () => {
  it('durations and dates', () => {
    expect(durationText('PT14H30M00S')).toBe('14:30:00');
    expect(durationText('PT36H00M00.5S')).toBe('36:00:00.500');
    expect(durationText('P1DT2H')).toBe('26:00:00');
    expect(durationText('soon')).toBe('soon');
    expect(odsDateText('2018-03-31')).toBe('2018-03-31');
    expect(odsDateText('2018-03-31T00:00:00')).toBe('2018-03-31');
    expect(odsDateText('2018-03-31T14:30:00')).toBe('2018-03-31T14:30:00');
  });
});
