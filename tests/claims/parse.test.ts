import { describe, expect, it } from 'vitest';
import {
  type Assertion,
  type PeriodRef,
  parseCategoryField,
  parseClaim,
  parsePeriodField,
} from '../../src/analyses/claims/index.js';
import { parseNumber } from '../../src/analyses/claims/numbers.js';

const parse = (text: string, asOf?: string, fields: { period?: string; category?: string } = {}) =>
  parseClaim({ text, ...fields }, { asOf });
const label = (r: PeriodRef | null) => (!r ? null : r.type === 'fixed' || r.type === 'since' ? r.period.label : r.type);
const one = (text: string, asOf?: string): Assertion => {
  const p = parse(text, asOf);
  expect(p.assertions, text).toHaveLength(1);
  return p.assertions[0];
};

describe('numbers', () => {
  it('reads digits, separators, decimals and words with their precision', () => {
    expect(parseNumber('2,339')).toEqual({ value: 2339, precision: 1 });
    expect(parseNumber('6.4')).toEqual({ value: 6.4, precision: 0.1 });
    expect(parseNumber('12,000')).toEqual({ value: 12000, precision: 1000 }); // a round figure
    expect(parseNumber('1,200')).toEqual({ value: 1200, precision: 100 });
    expect(parseNumber('80')).toEqual({ value: 80, precision: 1 }); // below 100: precise to the unit
    expect(parseNumber('six')).toEqual({ value: 6, precision: 1 });
    expect(parseNumber('twenty-one')).toEqual({ value: 21, precision: 1 });
    expect(parseNumber('a dozen')).toEqual({ value: 12, precision: 1 });
    expect(parseNumber('two hundred')).toEqual({ value: 200, precision: 100 });
    expect(parseNumber('1.2 million')).toEqual({ value: 1_200_000, precision: 100_000 });
    expect(parseNumber('lots')).toBeNull();
  });
});

describe('periods', () => {
  it('pins each period phrase to exact dates', () => {
    const cases: [string, string, string, number][] = [
      ['2017', '2017-01-01', '2017-12-31', 365],
      ['2017/18', '2017-04-01', '2018-03-31', 365],
      ['2019-20', '2019-04-01', '2020-03-31', 366], // a leap day in February 2020
      ['the year to March 2018', '2017-04-01', '2018-03-31', 365],
      ['the 12 months to September 2016', '2015-10-01', '2016-09-30', 366],
      ['the twelve months ending 30 September 2016', '2015-10-01', '2016-09-30', 366],
      ['October 2015 to September 2016', '2015-10-01', '2016-09-30', 366],
      ['April to September 2020', '2020-04-01', '2020-09-30', 183],
      ['Q1 2020/21', '2020-04-01', '2020-06-30', 91],
      ['March 2020', '2020-03-01', '2020-03-31', 31],
      ['YE Dec 2018', '2018-01-01', '2018-12-31', 365],
    ];
    for (const [text, start, end, days] of cases) {
      const r = parsePeriodField(text, undefined);
      expect(r?.type, text).toBe('fixed');
      if (r?.type !== 'fixed') continue;
      expect([r.period.start, r.period.end, r.period.days], text).toEqual([start, end, days]);
    }
  });

  it('reads relative periods against --as-of, and says when it is missing', () => {
    expect(label(parsePeriodField('last year', '2018-07-19'))).toBe('2017');
    expect(label(parsePeriodField('last financial year', '2018-07-19'))).toBe('2017/18'); // 2018-07-19 is in 2018/19
    expect(label(parsePeriodField('the past 12 months', '2019-01-15'))).toBe('2018'); // 12 months to Dec 2018
    expect(label(parsePeriodField('the past 12 months', '2019-01-31'))).toBe('12 months to Jan 2019'); // a month end counts
    const r = parsePeriodField('last year', undefined);
    expect(r?.type).toBe('unresolved');
    expect(r?.type === 'unresolved' && r.why).toMatch(/--as-of/);
  });

  it('rejects what is not a period', () => {
    expect(parsePeriodField('2017/19', undefined)).toBeNull(); // not consecutive years
    expect(parsePeriodField('sometime', undefined)).toBeNull();
  });
});

describe('categories', () => {
  it('reads the offence words of news copy and the ids', () => {
    expect(one('2,339 cases of stalking and harassment in 2017').category?.id).toBe('stalking-and-harassment');
    expect(one('stalking, harassment or malicious communications rose in 2017').category?.id).toBe(
      'stalking-and-harassment',
    );
    expect(one('stalking rose in 2017').category?.id).toBe('stalking');
    expect(one('harassment fell in 2017/18').category?.id).toBe('harassment');
    expect(one('malicious communications rose in 2018/19').category?.id).toBe('malicious-communications');
    expect(one('controlling or coercive behaviour rose in 2021/22').category?.id).toBe('coercive-control');
    expect(one('coercive control rose in 2021/22').category?.id).toBe('coercive-control');
    expect(parseCategoryField('stalking-and-harassment')).toBe('stalking-and-harassment');
    expect(parseCategoryField('Malicious communications')).toBe('malicious-communications');
    expect(parseCategoryField('burglary')).toBe('burglary'); // another offence group, checked where the data hold it
    expect(parseCategoryField('paperwork')).toBeNull();
  });

  it('uses the category field only when the text names none', () => {
    expect(parse('2,339 in 2017', undefined, { category: 'stalking' }).assertions[0].category).toMatchObject({
      id: 'stalking',
      from: 'field',
    });
    expect(
      parse('harassment fell in 2017/18', undefined, { category: 'stalking' }).assertions[0].category,
    ).toMatchObject({ id: 'harassment', from: 'text' });
    expect(one('2,339 in 2017').category).toBeNull();
  });
});

describe('counts and rates', () => {
  it('reads a count in a period, after or before it', () => {
    const a = one('2,339 cases in 2017');
    expect(a.kind).toBe('count');
    expect(a.kind === 'count' && [a.figure.value, a.figure.qualifier, label(a.period)]).toEqual([
      2339,
      'stated',
      '2017',
    ]);
    const b = one('In 2017, 2,339 cases were recorded');
    expect(b.kind === 'count' && label(b.period)).toBe('2017');
    const c = one('2,465 offences in the year to March 2018');
    expect(c.kind === 'count' && label(c.period)).toBe('2017/18');
  });

  it('reads qualifiers', () => {
    const q = (t: string) => {
      const a = one(t);
      return a.kind === 'change' ? a.test.type !== 'direction' && a.test.figure.qualifier : a.figure.qualifier;
    };
    expect(q('more than six a day in 2017')).toBe('more-than');
    expect(q('over 2,000 offences in 2017')).toBe('more-than');
    expect(q('at least 2,000 offences in 2017')).toBe('at-least');
    expect(q('fewer than 100 offences in 2017')).toBe('less-than');
    expect(q('almost 2,400 offences in 2017')).toBe('almost');
    expect(q('nearly quadrupled in 2020/21')).toBe('almost');
    expect(q('about 2,300 offences in 2017')).toBe('about');
    expect(q('just over 2,300 offences in 2017')).toBe('just-over');
    expect(q('up to 2,400 offences in 2017')).toBe('at-most');
  });

  it('reads rates per day, week, month and year, and intervals', () => {
    const r = (t: string) => {
      const a = one(t);
      return a.kind === 'rate' ? [a.figure.value, a.unit, a.interval] : null;
    };
    expect(r('more than six a day in 2017')).toEqual([6, 'day', null]);
    expect(r('averaging 1,001 a month in 2019/20')).toEqual([1001, 'month', null]);
    expect(r('an average of 90 offences per week in 2019')).toEqual([90, 'week', null]);
    expect(r('a dozen cases a day in 2017')).toEqual([12, 'day', null]);
    expect(r('SIX cases of stalking and harassment are reported to police every day in 2017')).toEqual([
      6,
      'day',
      null,
    ]);
    expect(r('one every four hours in 2017')).toEqual([4, 'day', 'hour']);
    expect(r('one stalking offence every 15 minutes in 2020/21')).toEqual([15, 'day', 'minute']);
    expect(r('40,000 offences annually in 2018')).toEqual([40000, 'year', null]);
  });

  it('does not read years, durations or codes as counts', () => {
    expect(parse('stalking rose in 2017').assertions.map((a) => a.kind)).toEqual(['change']);
    expect(parse('over the past five years').assertions).toHaveLength(0);
    expect(parse('8Q offences are stalking').assertions).toHaveLength(0);
    expect(parse('one of the highest rates').assertions).toHaveLength(0);
  });
});

describe('changes', () => {
  it('reads percentages with their direction', () => {
    const a = one('an 81 per cent increase in the 12 months to September 2016');
    expect(a.kind === 'change' && a.test).toMatchObject({ type: 'pct', direction: 'rise', figure: { value: 81 } });
    expect(a.kind === 'change' && [label(a.from), label(a.to)]).toEqual(['previous', '12 months to Sep 2016']);
    const b = one('Malicious communications fell by 6% in 2019/20');
    expect(b.kind === 'change' && b.test).toMatchObject({ type: 'pct', direction: 'fall', figure: { value: 6 } });
    const c = one('stalking and harassment was down 6 percent in 2024/25');
    expect(c.kind === 'change' && c.test).toMatchObject({ type: 'pct', direction: 'fall' });
    const d = one('harassment fell by almost a third in 2017/18');
    expect(
      d.kind === 'change' && d.test.type === 'pct' && [d.test.figure.value.toFixed(2), d.test.figure.qualifier],
    ).toEqual(['33.33', 'almost']);
  });

  it('reads multiples and their bases', () => {
    const m = (t: string) => {
      const a = one(t);
      return a.kind === 'change' && a.test.type === 'ratio'
        ? [a.test.figure.value, a.test.figure.qualifier, label(a.from), label(a.to)]
        : null;
    };
    expect(m('doubled in 2016')).toEqual([2, 'stated', 'previous', '2016']);
    expect(m('almost double in 2016')).toEqual([2, 'almost', 'previous', '2016']);
    expect(m('tripled between 2019/20 and 2020/21')).toEqual([3, 'stated', '2019/20', '2020/21']);
    expect(m('trebled between 2019/20 and 2020/21')).toEqual([3, 'stated', '2019/20', '2020/21']);
    expect(m('stalking rose almost four-fold between 2019/20 and 2020/21')).toEqual([
      4,
      'almost',
      '2019/20',
      '2020/21',
    ]);
    expect(m('nearly quadrupled between 2019/20 and 2020/21')).toEqual([4, 'almost', '2019/20', '2020/21']);
    expect(m('a five-fold increase between 2014 and 2018')).toEqual([5, 'stated', '2014', '2018']);
    expect(m('10 times higher in 2018 than in 2014')).toEqual([10, 'stated', '2014', '2018']);
    expect(m('halved in 2018')).toEqual([0.5, 'stated', 'previous', '2018']);
    expect(m('more than doubled since 2015/16')).toEqual([2, 'more-than', '2015/16', null]);
  });

  it('reads a compound claim as parts sharing its period', () => {
    const p = parse('2,339 cases in 2017 — more than six a day — double the figure from 2015');
    expect(p.assertions.map((a) => a.kind)).toEqual(['count', 'rate', 'change']);
    expect(p.assertions.map((a) => a.text)).toEqual([
      '2,339 cases in 2017',
      'more than six a day',
      'double the figure from 2015',
    ]);
    const [, rate, change] = p.assertions;
    expect(rate.kind === 'rate' && label(rate.period)).toBe('2017');
    expect(change.kind === 'change' && [label(change.from), label(change.to)]).toEqual(['2015', '2017']);
  });

  it('reads "rose from A in X to B in Y" as a rise and two counts', () => {
    const p = parse('rose from 1,213 in 2015 to 2,017 in 2016');
    expect(p.assertions.map((a) => a.kind)).toEqual(['change', 'count', 'count']);
    const [change, a, b] = p.assertions;
    expect(change.kind === 'change' && [change.test.type, label(change.from), label(change.to)]).toEqual([
      'direction',
      '2015',
      '2016',
    ]);
    expect(a.kind === 'count' && [a.figure.value, label(a.period)]).toEqual([1213, '2015']);
    expect(b.kind === 'count' && [b.figure.value, label(b.period)]).toEqual([2017, '2016']);
  });

  it("gives figures of a change without their own period the change's periods", () => {
    const p = parse('rose from 12,853 to 14,530 in the year to March 2025');
    expect(p.assertions.map((a) => (a.kind === 'count' ? label(a.period) : a.kind))).toEqual([
      'change',
      '2023/24',
      '2024/25',
    ]);
  });

  it('keeps a figure after "compared with" as a base, not the claim\'s period', () => {
    const p = parse('more than 1,000 cases per month, compared with 200 cases per month prior to April 2020');
    const [now, before] = p.assertions;
    expect(now.kind === 'rate' && now.period?.type).toBe('unresolved');
    expect(before.kind === 'rate' && label(before.period)).toBe('2019/20'); // the 12 months before April 2020
    const withAsOf = parse(
      'more than 1,000 cases per month, compared with 200 cases per month prior to April 2020',
      '2022-04-20',
    );
    expect(
      withAsOf.assertions[0].kind === 'rate' && label((withAsOf.assertions[0] as { period: PeriodRef }).period),
    ).toBe('2021/22');
  });
});

describe('what cannot be read', () => {
  it('lists what was recognised and why nothing could be checked', () => {
    const p = parse('Stalking is a serious crime in 2017');
    expect(p.assertions).toHaveLength(0);
    expect(p.recognised.map((r) => r.what)).toEqual(['category', 'period']);
    expect(p.problems[0]).toMatch(/no count, rate or change/);
  });

  it('flags a period field it cannot read', () => {
    const p = parse('2,339 cases', undefined, { period: 'the olden days' });
    expect(p.problems[0]).toMatch(/period field/);
  });

  it('asks for a period for "across the year" and uses the field when given', () => {
    const a = one('12,015 across the year');
    expect(a.kind === 'count' && a.period?.type).toBe('unresolved');
    const b = parse('12,015 across the year', undefined, { period: '2018/19' }).assertions[0];
    expect(b.kind === 'count' && label(b.period)).toBe('2018/19');
  });
});
