import { describe, expect, it } from 'vitest';
import { periodOfSpan, periodsNamed } from '../../src/schema/titlePeriod.js';

const WORDS = { ending: ['year ending', '12 months ending', 'twelve months ending'], span: ['to', '-', '\u2013'] };

function only(text: string) {
  const found = periodsNamed(text, WORDS);
  expect(found, text).toHaveLength(1);
  return found[0];
}

describe('periodsNamed', () => {
  // The year ending 31 March 2018 runs from 1 April 2017: the dates of financial year 2017/18 (365 days).
  it.each([
    'Police recorded crime by offence group, year ending March 2018',
    '12 months ending March 2018',
    'Twelve months ending March 2018',
    'April 2017 to March 2018',
    'Apr 2017 - Mar 2018',
    'Recorded crime, 2017/18',
    'Recorded crime, 2017-18',
    'Recorded crime, 2017/2018',
  ])('%j is financial year 2017/18', (text) => {
    const fy = { kind: 'fy', start: '2017-04-01', end: '2018-03-31', days: 365, label: '2017/18' };
    expect(only(text).period).toMatchObject(fy);
  });

  it('reads the two-digit year and drops the fused notes of Table P1\'s title ("March 181,2,3")', () => {
    const title = 'Table P1:  Police recorded crime ..., number of offences, year ending March 181,2,3';
    const m = only(title);
    expect(m.text).toBe('year ending March 18');
    expect(m.period?.key).toBe('fy:2017-04-01:2018-03-31');
  });

  it('drops notes fused to a four-digit year ("March 20181,2,3", Table P3)', () => {
    const m = only('rate of offences, year ending March 20181,2,3');
    expect(m.text).toBe('year ending March 2018');
    expect(m.period?.label).toBe('2017/18');
  });

  it('reads a year ending December as that calendar year, and other month ends as rolling years', () => {
    const calendar = { kind: 'year', start: '2017-01-01', end: '2017-12-31' };
    expect(only('year ending December 2017').period).toMatchObject(calendar);
    // 1 Oct 2016 to 30 Sep 2017: 365 days.
    const rolling = { kind: 'rolling', start: '2016-10-01', end: '2017-09-30', days: 365 };
    expect(only('year ending September 2017').period).toMatchObject(rolling);
  });

  it('finds every period in a title that names two, in order', () => {
    const found = periodsNamed('percentage change, year ending march 2017 compared with year ending March 2018', WORDS);
    expect(found.map((f) => f.period?.label)).toEqual(['2016/17', '2017/18']);
  });

  it('names a span that is not a month, quarter or year without reading it', () => {
    const m = only('April 2017 to September 2017');
    expect(m.period).toBeNull();
    expect(m.why).toContain('6 months');
  });

  it('reads a span that is a quarter as that quarter', () => {
    const quarter = { kind: 'quarter', start: '2017-04-01', end: '2017-06-30' };
    expect(only('April 2017 to June 2017').period).toMatchObject(quarter);
  });

  const NO_PERIOD = ['Mid-year population estimates, 2002 to 2016', 'Table P1', 'mid-2016', 'E23000039'];
  it.each([...NO_PERIOD, '2014-based 2016 household projections'])('finds no period in %j', (text) => {
    expect(periodsNamed(text, WORDS)).toEqual([]);
  });

  it('periodOfSpan: 1 Jan 2017 to 31 Dec 2017 is calendar year 2017', () => {
    expect(periodOfSpan('2017-01-01', '2017-12-31')?.key).toBe('year:2017-01-01:2017-12-31');
  });
});
