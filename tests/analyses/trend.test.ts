import { describe, expect, it } from 'vitest';
import {
  alwaysComparable,
  changePct,
  SMALL_BASE,
  TREND_COLUMNS,
  trendRows,
  yearEarlierOf,
} from '../../src/analyses/trend.js';
import { financialYear, fyQuarter, month, type Period, rollingYearEnding } from '../../src/core/periods.js';
import type { SeriesPoint, SeriesSet } from '../../src/series/build.js';
import type { CategoryId } from '../../src/taxonomy/taxonomy.js';

const pt = (period: Period, count: number): SeriesPoint => ({ period, count });
const setOf = (category: CategoryId, points: SeriesPoint[]): SeriesSet => ({
  series: [{ area: 'Kent', category, points }],
  notes: [],
  revisions: [],
  areasUsed: 1,
});
const byKey = (points: SeriesPoint[]) => new Map(points.map((p) => [p.period.key, p]));

describe('changePct', () => {
  it('is change / previous × 100, rounded to 2 decimals', () => {
    expect(changePct(1918, 1060)).toBe(80.94); // 858 / 1060 = 0.809433…
    expect(changePct(589, 1454)).toBe(-59.49); // −865 / 1454 = −0.594910…
    expect(changePct(100, 100)).toBe(0);
  });

  it('is null on a zero base', () => {
    expect(changePct(1073, 0)).toBeNull();
    expect(changePct(0, 0)).toBeNull();
  });
});

describe('yearEarlierOf', () => {
  it('a rolling year is compared with the one ending twelve months before, not the overlapping one', () => {
    const points = ['2015-06-30', '2015-09-30', '2015-12-31', '2016-03-31', '2016-06-30', '2016-09-30'].map((e, i) =>
      pt(rollingYearEnding(e), i),
    );
    expect(yearEarlierOf(rollingYearEnding('2016-09-30'), byKey(points))?.period.end).toBe('2015-09-30');
    expect(yearEarlierOf(rollingYearEnding('2015-12-31'), byKey(points))).toBeUndefined();
  });

  it('lines up years ending in February across a leap day', () => {
    const points = [
      pt(rollingYearEnding('2015-02-28'), 1),
      pt(rollingYearEnding('2016-02-29'), 2),
      pt(rollingYearEnding('2017-02-28'), 3),
    ];
    expect(yearEarlierOf(rollingYearEnding('2016-02-29'), byKey(points))?.count).toBe(1);
    expect(yearEarlierOf(rollingYearEnding('2017-02-28'), byKey(points))?.count).toBe(2);
  });

  it('months and quarters are compared with the same month or quarter a year earlier', () => {
    const points = [
      pt(month(2019, 2), 1),
      pt(month(2020, 1), 2),
      pt(month(2020, 2), 3),
      pt(fyQuarter(2018, 4), 4),
      pt(fyQuarter(2019, 3), 5),
    ];
    expect(yearEarlierOf(month(2020, 2), byKey(points))?.count).toBe(1); // Feb 2019, not Jan 2020
    expect(yearEarlierOf(fyQuarter(2019, 4), byKey(points))?.count).toBe(4); // Jan–Mar 2019, not Oct–Dec 2019
  });
});

describe('trendRows', () => {
  const rows = trendRows(
    setOf('malicious-communications', [
      pt(financialYear(2015), 0),
      pt(financialYear(2016), 0),
      pt(financialYear(2017), 1073),
      pt(financialYear(2018), 1584),
      pt(financialYear(2020), 1836),
    ]),
  );
  const row = (label: string) => rows.find((r) => r.period === label)!;

  it('gives one row per point with the columns the renderers expect', () => {
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(Object.keys(r).sort()).toEqual(TREND_COLUMNS.map((c) => c.key).sort());
    expect(row('2018/19')).toMatchObject({
      area: 'Kent',
      category: 'malicious-communications',
      start: '2018-04-01',
      end: '2019-03-31',
      days: 365,
      count: 1584,
      previousPeriod: '2017/18',
      previousCount: 1073,
      change: 511,
      changePct: 47.62, // 511 / 1073 = 0.476234…
      smallBase: false,
    });
  });

  it('the first period has nothing to compare with', () => {
    expect(row('2015/16')).toMatchObject({
      previousPeriod: null,
      previousCount: null,
      change: null,
      changePct: null,
      smallBase: false,
      comparable: true,
    });
  });

  it('a zero base gives a change but a null change %, and is flagged small', () => {
    expect(row('2017/18')).toMatchObject({ previousCount: 0, change: 1073, changePct: null, smallBase: true });
  });

  it('a missing year earlier is never treated as zero', () => {
    // 2019/20 is absent: 2020/21 has no comparison rather than a comparison with 0.
    expect(row('2020/21')).toMatchObject({ previousPeriod: null, previousCount: null, change: null, changePct: null });
  });

  it(`flags bases under ${SMALL_BASE} as small, and ${SMALL_BASE} itself as not`, () => {
    const r = trendRows(
      setOf('stalking', [pt(financialYear(2016), 49), pt(financialYear(2017), 60), pt(financialYear(2018), 50)]),
    );
    expect(r.map((x) => x.smallBase)).toEqual([false, true, false]);
    expect(r[1].changePct).toBe(22.45); // 11 / 49 = 0.224489…
  });

  it('asks the comparability rule about each pair and reports its verdict', () => {
    const seen: string[] = [];
    const r = trendRows(
      setOf('stalking', [pt(financialYear(2019), 128), pt(financialYear(2020), 498)]),
      (earlier, later, category) => {
        seen.push(`${earlier.label}→${later.label}:${category}`);
        return later.start >= '2020-04-01'
          ? { comparable: false, because: 'April 2020 change' }
          : { comparable: true, because: null };
      },
    );
    expect(seen).toEqual(['2019/20→2020/21:stalking']);
    expect(r[1]).toMatchObject({ comparable: false, notComparableBecause: 'April 2020 change', changePct: 289.06 }); // 370 / 128
    expect(r[0]).toMatchObject({ comparable: true, notComparableBecause: null });
    expect(alwaysComparable(financialYear(2019), financialYear(2020), 'stalking')).toEqual({
      comparable: true,
      because: null,
    });
  });
});
