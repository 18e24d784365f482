import { describe, expect, it } from 'vitest';
import { eventsNear, findBreaks, shiftMonths } from '../../src/analyses/breaks.js';
import { month } from '../../src/core/periods.js';
import type { SeriesSet } from '../../src/series/build.js';
import type { RecordingChange } from '../../src/taxonomy/register.js';

const event = (id: string, date: string, affects: string[]): RecordingChange =>
  ({ id, date, title: id, changed: '', affects, sources: [], confidence: 'confirmed' }) as unknown as RecordingChange;

/** Months from January 2016, with `level(t)` offences a day in month t: an exact step, no noise. */
function monthly(n: number, level: (t: number) => number): SeriesSet {
  const points = Array.from({ length: n }, (_, t) => {
    const period = month(2016 + Math.floor(t / 12), (t % 12) + 1);
    return { period, count: level(t) * period.days };
  });
  return { series: [{ area: 'Northvale', category: 'stalking', points }], notes: [], revisions: [], areasUsed: 1 };
}

describe('shiftMonths and eventsNear', () => {
  it('moves a date by whole months across years', () => {
    expect(shiftMonths('2020-06-01', -3)).toBe('2020-03-01');
    expect(shiftMonths('2020-02-01', -3)).toBe('2019-11-01');
    expect(shiftMonths('2020-11-01', 3)).toBe('2021-02-01');
  });

  it('an event within three months either side explains a shift in a category it affects', () => {
    const events = [
      event('a', '2020-04-01', ['stalking']),
      event('b', '2020-04-01', ['harassment']),
      event('c', '2020-10-01', ['stalking']),
    ];
    // June 2020 ± 3 months: 1 March to 1 September 2020.
    const near = eventsNear('2020-06-01', 'stalking', events, 3);
    expect(near.explaining.map((e) => e.id)).toEqual(['a']);
    expect(near.other.map((e) => e.id)).toEqual(['b']);
    expect(eventsNear('2020-06-01', 'stalking', events, 1).explaining).toEqual([]);
  });
});

describe('findBreaks', () => {
  it('finds a doubling and says which register event explains it', () => {
    // 100 a day for 24 months, then 200 a day: one shift, at January 2018, rate ratio 2.
    const set = monthly(48, (t) => (t < 24 ? 100 : 200));
    const r = findBreaks(
      set,
      [event('new-rules', '2017-12-01', ['stalking']), event('other', '2018-01-15', ['harassment'])],
      {
        seasonal: false,
      },
    );
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      area: 'Northvale',
      category: 'stalking',
      period: 'Jan 2018',
      date: '2018-01-01',
      beforePerDay: 100,
      afterPerDay: 200,
      rateRatio: 2,
      explained: true,
      explainedBy: 'new-rules (2017-12-01)',
      nearby: 'other (2018-01-15)',
    });
    expect(r.searches[0]).toMatchObject({ grain: 'month', periods: 48, breaks: 1, skipped: null });
  });

  it('a shift with no event near it is listed as not explained', () => {
    const r = findBreaks(
      monthly(48, (t) => (t < 30 ? 50 : 80)),
      [event('far', '2016-04-01', ['stalking'])],
      {
        seasonal: false,
      },
    );
    expect(r.rows.map((x) => [x.period, x.explained])).toEqual([['Jul 2018', false]]);
    expect(r.notes.join('\n')).toMatch(/not explained by the register: Northvale, stalking, Jul 2018 \(× 1\.600\)/);
  });

  it('a flat series has no shift, and a series that is not monthly or quarterly is not searched', () => {
    expect(
      findBreaks(
        monthly(36, () => 40),
        [],
        { seasonal: false },
      ).rows,
    ).toEqual([]);
    const set = monthly(12, () => 40);
    const yearly: SeriesSet = {
      ...set,
      series: [{ ...set.series[0], points: [{ period: { ...set.series[0].points[0].period, kind: 'fy' }, count: 1 }] }],
    };
    const r = findBreaks(yearly, []);
    expect(r.rows).toEqual([]);
    expect(r.searches[0].skipped).toMatch(/not a monthly or quarterly series/);
  });

  it('a gap stops the search with the reason', () => {
    const set = monthly(36, () => 40);
    set.series[0].points.splice(10, 1);
    const r = findBreaks(set, []);
    expect(r.searches[0].skipped).toMatch(/not consecutive/);
    expect(r.notes.join('\n')).toMatch(/Northvale, stalking: not searched: periods 10 and 11 are not consecutive/);
  });
});
