import { describe, expect, it } from 'vitest';
import {
  addMonths,
  COMPARE_COLUMNS,
  categoriesBroughtIn,
  compareAnalysis,
  windowsAround,
  windowTotal,
} from '../../src/analyses/compare.js';
import { financialYear, fyQuarter, month, type Period, rollingYearEnding } from '../../src/core/periods.js';
import type { Series, SeriesSet } from '../../src/series/build.js';
import { findEvent } from '../../src/taxonomy/register.js';
import type { CategoryId } from '../../src/taxonomy/taxonomy.js';
import { onlyRow } from '../helpers/series.js';

function seriesOf(category: CategoryId, points: [Period, number][], area = 'Testshire'): Series {
  return { area, category, points: points.map(([period, count]) => ({ period, count })) };
}
const setOf = (...series: Series[]): SeriesSet => ({ series, notes: [], revisions: [], areasUsed: 1 });

/** Quarters from Apr–Jun 2018 to Jan–Mar 2023 (20), t = 0 … 19. */
const QUARTERS = Array.from({ length: 20 }, (_, t) => fyQuarter(2018 + Math.floor(t / 4), (t % 4) + 1));
// Invented stalking and harassment totals: 8 quarters before April 2020, 12 after.
const SH = [
  1012, 1055, 998, 940, 1060, 1101, 1030, 985, 1240, 1290, 1215, 1170, 1282, 1335, 1251, 1203, 1310, 1362, 1290, 1236,
];
// Coercive control (8U), counted in the sub-group from April 2020.
const CC = [80, 85, 79, 76, 90, 95, 88, 84, 97, 101, 94, 90];
const shSeries = seriesOf(
  'stalking-and-harassment',
  QUARTERS.map((q, t) => [q, SH[t]]),
);
const ccSeries = seriesOf(
  'coercive-control',
  QUARTERS.slice(8).map((q, t) => [q, CC[t]]),
);
const april2020 = findEvent('2020-04');

describe('windows', () => {
  it('are equal in months either side of the event; their days differ', () => {
    expect(windowsAround('2020-04-01', 12)).toEqual({
      before: { start: '2019-04-01', end: '2020-03-31', days: 366 },
      after: { start: '2020-04-01', end: '2021-03-31', days: 365 },
    });
    expect(windowsAround('2023-05-31', 1)).toEqual({
      before: { start: '2023-04-30', end: '2023-05-30', days: 31 },
      after: { start: '2023-05-31', end: '2023-06-29', days: 30 },
    });
  });

  it('month arithmetic keeps the day, or the month end where there is none', () => {
    expect(addMonths('2020-01-31', 1)).toBe('2020-02-29');
    expect(addMonths('2020-04-01', -12)).toBe('2019-04-01');
    expect(addMonths('2020-04-01', -16)).toBe('2018-12-01');
    expect(addMonths('2019-11-15', 3)).toBe('2020-02-15');
  });

  it('sum the periods inside them only when they cover them exactly', () => {
    const w = { start: '2019-04-01', end: '2020-03-31', days: 366 };
    // 1060 + 1101 + 1030 + 985 = 4176
    expect(windowTotal(shSeries.points, w)).toMatchObject({ count: 4176, missing: null });
    expect(windowTotal(shSeries.points, w).parts.map((p) => p.period.label)).toEqual([
      'Apr-Jun 2019',
      'Jul-Sep 2019',
      'Oct-Dec 2019',
      'Jan-Mar 2020',
    ]);
    const gap = windowTotal(
      shSeries.points.filter((p) => p.period.start !== '2019-07-01'),
      w,
    );
    expect(gap.count).toBeNull();
    expect(gap.missing).toBe('no data for 1 Jul 2019 – 30 Sep 2019 (the data run from 1 Apr 2018 to 31 Mar 2023)');
  });

  it('say so when a period straddles the window edge', () => {
    const t = windowTotal(shSeries.points, { start: '2019-05-01', end: '2020-04-30', days: 366 });
    expect(t.count).toBeNull();
    expect(t.missing).toContain(
      '1 May 2019 – 30 Jun 2019 lies in financial-year quarter Apr-Jun 2019, which straddles the window',
    );
  });

  it('never add overlapping rolling years; one or consecutive rolling years fill whole-year windows', () => {
    const ends = [
      '2013-03-31',
      '2013-06-30',
      '2013-09-30',
      '2013-12-31',
      '2014-03-31',
      '2014-06-30',
      '2014-09-30',
      '2014-12-31',
      '2015-03-31',
    ];
    const rolling = ends.map((e, i) => ({ period: rollingYearEnding(e), count: 100 + i }));
    // The rolling year ending 31 March 2015 is exactly the window 1 April 2014 – 31 March 2015.
    expect(windowTotal(rolling, { start: '2014-04-01', end: '2015-03-31', days: 365 })).toMatchObject({
      count: 108,
      missing: null,
    });
    // Two years: the years ending March 2014 (104) and March 2015 (108), which do not overlap.
    expect(windowTotal(rolling, { start: '2013-04-01', end: '2015-03-31', days: 730 })).toMatchObject({ count: 212 });
    // 18 months cannot be built without overlaps.
    const t = windowTotal(rolling, { start: '2013-10-01', end: '2015-03-31', days: 547 });
    expect(t.count).toBeNull();
    expect(t.missing).toContain('rolling 12-month totals overlap');
  });
});

describe('compareAnalysis around 1 April 2020 (quarterly, separate codes)', () => {
  const { rows, before, after } = compareAnalysis(setOf(shSeries, ccSeries), ['stalking-and-harassment'], {
    event: april2020,
    windowMonths: 12,
  });
  const row = onlyRow(rows, { category: 'stalking-and-harassment' });

  it('gives per-day rates and the rate ratio with its exact interval', () => {
    expect(before).toEqual({ start: '2019-04-01', end: '2020-03-31', days: 366 });
    expect(after.days).toBe(365);
    // before 4176 / 366 = 11.409836; after 1240 + 1290 + 1215 + 1170 = 4915, / 365 = 13.465753
    expect(row).toMatchObject({
      event: april2020.id,
      beforeCount: 4176,
      beforeDays: 366,
      beforePerDay: 11.409836,
      afterCount: 4915,
      afterDays: 365,
      afterPerDay: 13.465753,
    });
    // R: poisson.test(c(4915, 4176), c(365, 366)) → 1.18018815934498 [1.13226567370090, 1.23018180087260]
    expect(row).toMatchObject({
      rateRatio: 1.180188,
      ciLow: 1.132266,
      ciHigh: 1.230182,
      comparable: false,
      missing: null,
    });
  });

  it('like for like takes coercive control out of the after window', () => {
    // 80 + 85 + 79 + 76 = 320 offences of 8U; 4915 − 320 = 4595.
    // R: poisson.test(c(4595, 4176), c(365, 366)) → 1.10334986616281 [1.05784002032420, 1.15084194080494]
    expect(row.likeForLike).toEqual({
      beforeCount: 4176,
      afterCount: 4595,
      rateRatio: 1.10335,
      ciLow: 1.05784,
      ciHigh: 1.150842,
      excluded: ['coercive-control'],
    });
    expect(row.likeForLikeNote).toContain('coercive-control (320 in the after window) taken out');
  });

  it('estimates the step between the neighbouring changes (April 2018, May 2023)', () => {
    // R: glm(sh ~ t + after + factor(quarter) + offset(log(days)), family = poisson) on the 20 quarters
    // (dispersion 0.051 ≤ 1, so Poisson errors): exp(b) = 1.14968807975266 [1.09131501256719, 1.21118344887058]
    const step = row.step as Record<string, unknown>;
    expect(step).toMatchObject({ rateRatio: 1.149688, ciLow: 1.091315, ciHigh: 1.211183 });
    expect(step.method).toContain('segmented Poisson regression (level step, pre-trend, quarter of year)');
    expect(step.method).toContain('8 quarters before and 12 after');
    expect(Object.keys(step).sort()).toEqual(['ciHigh', 'ciLow', 'method', 'rateRatio']);
  });

  it('has the row members the JSON promises', () => {
    const keys = COMPARE_COLUMNS.map((c) => c.key);
    for (const k of [
      'area',
      'category',
      'event',
      'beforeStart',
      'beforeEnd',
      'beforeDays',
      'beforeCount',
      'beforePerDay',
      'afterStart',
      'afterEnd',
      'afterDays',
      'afterCount',
      'afterPerDay',
      'rateRatio',
      'ciLow',
      'ciHigh',
      'likeForLike',
      'step',
    ]) {
      expect(keys).toContain(k);
    }
  });
});

describe('compareAnalysis: what cannot be said', () => {
  it('a combined-only source cannot give a like-for-like figure', () => {
    const { rows } = compareAnalysis(setOf(shSeries), ['stalking-and-harassment'], {
      event: april2020,
      windowMonths: 12,
    });
    expect(rows[0].likeForLike).toBeNull();
    expect(rows[0].likeForLikeNote).toContain('no separate coercive-control figures');
    expect(rows[0].rateRatio).toBe(1.180188);
  });

  it('malicious communications cannot be taken out in 2015: they had no code until April 2017', () => {
    const years = seriesOf('harassment', [
      [financialYear(2014), 850],
      [financialYear(2015), 1477],
    ]);
    const event = findEvent('malicious-communications-notifiable-2015');
    expect(categoriesBroughtIn(event, ['harassment'])).toEqual(['malicious-communications']);
    const { rows } = compareAnalysis(setOf(years), ['harassment'], { event, windowMonths: 12 });
    // (1477 / 366) / (850 / 365) = 539105 / 311100 = 1.7328994…
    expect(rows[0]).toMatchObject({
      beforeCount: 850,
      beforeDays: 365,
      afterCount: 1477,
      afterDays: 366,
      rateRatio: 1.732899,
      likeForLike: null,
    });
    expect(rows[0].likeForLikeNote).toContain('April 2017');
    expect(rows[0].step).toBeNull();
    expect(rows[0].stepNote).toContain('monthly or quarterly');
  });

  it('a counting-rule change has nothing to take out; an event that does not touch the category needs nothing', () => {
    const april2018 = findEvent('2018-04-01');
    const { rows } = compareAnalysis(setOf(shSeries), ['stalking-and-harassment'], {
      event: april2018,
      windowMonths: 12,
    });
    expect(rows[0].likeForLike).toBeNull();
    expect(rows[0].likeForLikeNote).toContain('changed how offences are recorded');
    const april2017 = findEvent('malicious-communications-code-8r-2017');
    const monthly = seriesOf(
      'stalking-and-harassment',
      Array.from({ length: 24 }, (_, i) => [month(2016 + Math.floor((i + 3) / 12), ((i + 3) % 12) + 1), 100]),
    );
    const r = compareAnalysis(setOf(monthly), ['stalking-and-harassment'], { event: april2017, windowMonths: 12 })
      .rows[0];
    expect(r).toMatchObject({ beforeCount: 1200, afterCount: 1200, comparable: true, likeForLike: null });
    expect(r.likeForLikeNote).toContain('does not affect stalking-and-harassment');
    // 1200 / 365 both sides: ratio 1
    expect(r.rateRatio).toBe(1);
  });

  it('a window the data do not cover has no count and no ratio, and says what is missing', () => {
    const { rows } = compareAnalysis(setOf(shSeries), ['stalking-and-harassment'], {
      event: april2020,
      windowMonths: 36,
    });
    expect(rows[0]).toMatchObject({
      beforeCount: null,
      beforePerDay: null,
      rateRatio: null,
      ciLow: null,
      ciHigh: null,
      likeForLike: null,
    });
    expect(rows[0].missing).toContain('before window: no data for 1 Apr 2017 – 31 Mar 2018');
    expect(rows[0].missing).not.toContain('after window');
    // The after window, 1 April 2020 – 31 March 2023, is the last 12 quarters: 1240 + 1290 + … + 1236 = 15,184
    expect(rows[0]).toMatchObject({ afterCount: 15184, afterDays: 1095 });
  });

  it('a category before its own code is flagged, not compared as zero', () => {
    const cc = seriesOf(
      'coercive-control',
      QUARTERS.map((q, t) => [q, t < 8 ? 0 : CC[t - 8]]),
    );
    const { rows } = compareAnalysis(setOf(cc), ['coercive-control'], { event: april2020, windowMonths: 12 });
    expect(rows[0]).toMatchObject({
      beforeCount: 0,
      beforePerDay: null,
      afterCount: 320,
      rateRatio: null,
      comparable: false,
      likeForLike: null,
    });
    expect(rows[0].notComparableBecause).toContain('April 2020');
  });
});
