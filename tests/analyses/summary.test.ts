import { beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/analyses/result.js';
import { seededRandom } from '../../src/analyses/stats/prng.js';
import {
  eventsNear,
  parseSummaryYear,
  summarise,
  summaryBasis,
  summaryYear,
  yearsInData,
} from '../../src/analyses/summary.js';
import { gapDetail, overlaps } from '../../src/analyses/summaryCoverage.js';
import {
  comparePeriods,
  financialYear,
  fyQuarter,
  month,
  type Period,
  rollingYearEnding,
} from '../../src/core/periods.js';
import { resolveAreas } from '../../src/series/areas.js';
import { loadInput } from '../../src/series/load.js';
import type { LoadedInput } from '../../src/series/types.js';
import type { CategoryId } from '../../src/taxonomy/taxonomy.js';
import { hasRealData, realPath, warnIfNoRealData } from '../helpers/realData.js';
import { nativePointsOf, onlyRow } from '../helpers/series.js';
import { csv, writeTemp } from '../helpers/temp.js';

const HO =
  'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences';
const SH = 'Stalking and harassment';
const SEPARATE: CategoryId[] = ['stalking', 'harassment', 'stalking-and-harassment'];

/** Home Office quarterly rows: stalking 8Q and harassment 8L for a force, quarters given. */
function rows(force: string, fy: string, quartersGiven: number[], stalking: number, harassment: number): string[] {
  return quartersGiven.flatMap((q) => [
    `${fy},${q},${force},Stalking,Violence against the person,${SH},8Q,${stalking}`,
    `${fy},${q},${force},Harassment,Violence against the person,${SH},8L,${harassment}`,
  ]);
}

describe('parseSummaryYear', () => {
  it('reads calendar and financial years, and names files without a slash', () => {
    const cal = parseSummaryYear('2017');
    expect(cal).toMatchObject({ kind: 'year', label: '2017', fileLabel: '2017' });
    expect(cal.period).toMatchObject({ start: '2017-01-01', end: '2017-12-31', days: 365 });
    expect(cal.previous.label).toBe('2016');
    const fy = parseSummaryYear('2017/18');
    expect(fy).toMatchObject({ kind: 'fy', label: '2017/18', fileLabel: '2017-18' });
    expect(fy.period).toMatchObject({ start: '2017-04-01', end: '2018-03-31' });
    expect(fy.previous.label).toBe('2016/17');
    expect(parseSummaryYear('2019-20').period.days).toBe(366);
  });

  it('refuses anything else with a usage error code', () => {
    for (const bad of ['17', '2017/19', 'last year', '2017-04'])
      expect(() => parseSummaryYear(bad)).toThrow(expect.objectContaining({ code: 'E_BAD_OPTION' }));
  });
});

describe('NativePoints.overlaps', () => {
  it('agrees with a scan of every point, on points with gaps and overlapping rolling years', () => {
    const random = seededRandom(7);
    const pick = (n: number) => Math.floor(random.uniform() * n);
    for (let trial = 0; trial < 300; trial++) {
      const periods: Period[] = [];
      for (let k = 0; k < pick(12); k++) {
        const y = 2012 + pick(6);
        const m = 1 + pick(12);
        const kind = pick(3);
        periods.push(
          kind === 0
            ? month(y, m)
            : kind === 1
              ? fyQuarter(y, 1 + pick(4))
              : rollingYearEnding(`${y}-${String(m).padStart(2, '0')}-28`),
        );
      }
      const points = [...new Map(periods.map((p) => [p.key, p])).values()]
        .sort(comparePeriods)
        .map((period) => ({ period, count: 1 }));
      for (const y of [2011, 2013, 2015, 2017, 2019]) {
        const range = financialYear(y);
        expect(nativePointsOf(points).overlaps(range)).toBe(points.some((p) => overlaps(p.period, range)));
      }
    }
  });
});

describe('gapDetail', () => {
  it('names the missing quarters of a calendar year', () => {
    const native = [fyQuarter(2016, 1), fyQuarter(2016, 2), fyQuarter(2016, 3)].map((period) => ({ period, count: 1 }));
    expect(gapDetail(native, summaryYear('year', 2016).period, null)).toBe(
      '3 of 4 quarters present; missing Jan-Mar 2016',
    );
  });

  it('says financial-year figures cannot be split into calendar years', () => {
    expect(gapDetail([{ period: financialYear(2016), count: 5 }], summaryYear('year', 2016).period, null)).toBe(
      'financial year figures cannot be split into calendar years',
    );
  });
});

describe('summarise (inline Home Office quarters)', () => {
  let complete: LoadedInput;
  let gappy: LoadedInput;
  beforeAll(async () => {
    // Eastwick: every quarter of 2016/17 and 2017/18. Westerfold: 2016/17 only, and its 2017/18 lacks Q4.
    complete = await loadInput(
      writeTemp(
        'complete.csv',
        csv(
          HO,
          ...rows('Eastwick', '2016/17', [1, 2, 3, 4], 10, 100),
          ...rows('Eastwick', '2017/18', [1, 2, 3, 4], 20, 110),
          ...rows('Westerfold', '2016/17', [1, 2, 3, 4], 5, 50),
        ),
      ),
      0,
    );
    gappy = await loadInput(
      writeTemp(
        'gappy.csv',
        csv(
          HO,
          ...rows('Eastwick', '2016/17', [1, 2, 3], 10, 100),
          ...rows('Eastwick', '2017/18', [1, 2, 3, 4], 20, 110),
        ),
      ),
      0,
    );
  });

  it('one basis shared by every year (as --all-years does) gives each year the summary it gets alone', () => {
    // Gaps in both kinds of year, two areas and two inputs, so coverage, completeness and shares all count.
    const inputs = [complete, gappy];
    for (const kind of ['fy', 'year'] as const) {
      const opts = { areas: [], eachArea: false, categories: SEPARATE };
      const basis = summaryBasis(inputs, kind, opts);
      const years = [2015, 2016, 2017, 2018].map((y) => summaryYear(kind, y));
      const alone = years.map((y) => summarise(inputs, y, opts));
      expect(years.map((y) => summarise(inputs, y, opts, basis))).toEqual(alone);
      // Some of these summaries have gaps and some have figures, so the shared completeness matters.
      expect(alone.some((s) => s.coverage.gaps.length > 0)).toBe(true);
      expect(alone.some((s) => s.rows.some((r) => r.count !== null))).toBe(true);
      // A basis for the other kind of year is not used.
      const other = summaryBasis(inputs, kind === 'fy' ? 'year' : 'fy', opts);
      expect(years.map((y) => summarise(inputs, y, opts, other))).toEqual(alone);
    }
  });

  it('rows handed out area by area (onRows) are the rows a summary keeps, with the same notes', () => {
    const inputs = [complete, gappy];
    for (const eachArea of [false, true]) {
      const opts = { areas: [], eachArea, categories: SEPARATE };
      for (const y of [2016, 2017]) {
        const year = summaryYear('fy', y);
        const kept = summarise(inputs, year, opts);
        const handed: Row[][] = [];
        const streamed = summarise(inputs, year, opts, undefined, (rows) => handed.push([...rows]));
        expect(handed.flat()).toEqual(kept.rows);
        // One call per area with rows, holding that area's rows only.
        expect(handed.map((rows) => [...new Set(rows.map((r) => r.area))])).toEqual(kept.areas.map((a) => [a]));
        expect(streamed.rows).toEqual([]);
        expect(streamed.rowCount).toBe(kept.rows.length);
        expect({ ...streamed, rows: kept.rows }).toEqual(kept);
      }
    }
  });

  it('a shared basis tells the gaps of each area apart, year by year', async () => {
    // Northam has every quarter; Southam lacks Jan-Mar 2018. One basis serves both years.
    const two = await loadInput(
      writeTemp(
        'two-areas.csv',
        csv(
          HO,
          ...rows('Northam', '2016/17', [1, 2, 3, 4], 3, 30),
          ...rows('Northam', '2017/18', [1, 2, 3, 4], 4, 40),
          ...rows('Southam', '2016/17', [1, 2, 3, 4], 5, 50),
          ...rows('Southam', '2017/18', [1, 2, 3], 6, 60),
        ),
      ),
      0,
    );
    const opts = { areas: [], eachArea: false, categories: SEPARATE };
    const basis = summaryBasis([two], 'fy', opts);
    const [before, after] = [2016, 2017].map((y) => summarise([two], summaryYear('fy', y), opts, basis));
    expect(onlyRow(before.rows, { category: 'stalking' })).toMatchObject({
      coverage: 'complete',
      count: 4 * 3 + 4 * 5,
    });
    // 2017/18: the sum holds Northam's four quarters and Southam's three (4 × 4 + 3 × 6), and says
    // that Southam's part is short.
    expect(onlyRow(after.rows, { category: 'stalking' })).toMatchObject({ coverage: 'partial', count: 4 * 4 + 3 * 6 });
    expect(onlyRow(after.rows, { category: 'stalking' }).coverageDetail).toBe(
      'the figure leaves out part of the data: Southam: 3 of 4 quarters present; missing Jan-Mar 2018',
    );
  });

  it('a calendar year that lacks a quarter is not built, and the summary says which quarter', () => {
    const s = summarise([gappy], summaryYear('year', 2017), { areas: [], eachArea: false, categories: SEPARATE });
    const stalking = onlyRow(s.rows, { category: 'stalking' });
    expect(stalking.count).toBeNull();
    expect(stalking.coverage).toBe('missing');
    expect(stalking.coverageDetail).toBe('3 of 4 quarters present; missing Jan-Mar 2017');
    expect(s.coverage.complete).toBe(false);
    expect(s.coverage.gaps).toContainEqual({
      area: 'Eastwick',
      category: 'stalking',
      period: '2017',
      detail: '3 of 4 quarters present; missing Jan-Mar 2017',
    });
    // 2017/18 itself is complete.
    const fy = summarise([gappy], summaryYear('fy', 2017), { areas: [], eachArea: false, categories: SEPARATE });
    expect(onlyRow(fy.rows, { category: 'stalking' })).toMatchObject({ count: 80, coverage: 'complete' });
  });

  it('areas present the year before but missing this year are listed, and the sum is not compared like for like', () => {
    const s = summarise([complete], summaryYear('fy', 2017), { areas: [], eachArea: false, categories: SEPARATE });
    expect(s.coverage.areasMissing).toEqual(['Westerfold']);
    expect(s.coverage.areasPreviousYear).toEqual(['Eastwick', 'Westerfold']);
    const r = onlyRow(s.rows, { category: 'stalking' });
    expect(r).toMatchObject({ area: 'All areas', count: 80, coverage: 'partial' });
    expect(r.coverageDetail).toContain('Westerfold: no figures for 2017/18, though present in 2016/17');
    expect(r.comparable).toBe(false);
    expect(s.warnings.join('\n')).toMatch(/areas in 2016\/17 but not in 2017\/18: Westerfold/);
    expect(s.coverage.complete).toBe(false);
  });

  it('counts, per day, change, share and events for a complete year', () => {
    const s = summarise([complete], summaryYear('fy', 2016), {
      areas: resolveAreas([complete], ['Eastwick']),
      eachArea: false,
      categories: SEPARATE,
    });
    const r = onlyRow(s.rows, { category: 'stalking' });
    expect(r).toMatchObject({
      area: 'Eastwick',
      year: '2016/17',
      days: 365,
      count: 40,
      perDay: 0.11,
      previousCount: null,
      comparable: null,
      coverage: 'complete',
    });
    expect(r.sharePct).toBe(Math.round((40 / 440) * 10000) / 100);
    expect(r.shareOf).toBe(440);
    expect(onlyRow(s.rows, { category: 'stalking-and-harassment' })).toMatchObject({ count: 440, sharePct: null });
    // The coercive control offence (29 December 2015) is in the 12 months before, but affects no category in view.
    expect(s.events.map((e) => `${e.date} ${e.when}`)).toEqual(['2015-04-01 in the 12 months before']);
  });

  it('lists the years with complete figures, and the years only touched', () => {
    const found = yearsInData([complete], 'year', { areas: [], eachArea: false, categories: SEPARATE });
    expect(found.years.map((y) => y.label)).toEqual(['2017']);
    expect(found.partial.map((p) => [p.year.label, p.detail])).toEqual([
      ['2016', '3 of 4 quarters present; missing Jan-Mar 2016'],
      ['2018', '1 of 4 quarters present; missing Apr-Jun 2018, Jul-Sep 2018, Oct-Dec 2018'],
    ]);
  });
});

describe('eventsNear', () => {
  it('takes events dated in the year or the 12 months before it, for the categories in view', () => {
    const ids = (y: string, c: CategoryId[]) => eventsNear(parseSummaryYear(y), c).map((e) => `${e.date} ${e.when}`);
    expect(ids('2020/21', ['stalking'])).toEqual(['2020-04-01 in the year']);
    expect(ids('2018/19', ['stalking'])).toEqual(['2018-04-01 in the year']);
    expect(ids('2018', ['malicious-communications'])).toEqual(['2017-04-01 in the 12 months before']);
    expect(ids('2018', ['harassment'])).toEqual(['2017-04-01 in the 12 months before', '2018-04-01 in the year']);
    expect(ids('2018', ['other'])).toEqual([]);
  });
});

warnIfNoRealData('summary analysis on the Calderdale file');

describe.skipIf(!hasRealData)('summarise Calderdale 2020/21 (real file)', () => {
  let input: LoadedInput;
  beforeAll(async () => {
    input = await loadInput(realPath('calderdale'), 0);
  });

  it('stalking 498, a share of 498 / 4,058, and a change from 2019/20 marked not comparable (April 2020)', () => {
    const cats: CategoryId[] = [
      'stalking',
      'harassment',
      'malicious-communications',
      'coercive-control',
      'stalking-and-harassment',
    ];
    const s = summarise([input], parseSummaryYear('2020/21'), { areas: [], eachArea: false, categories: cats });
    const r = onlyRow(s.rows, { category: 'stalking' });
    expect(r).toMatchObject({
      area: 'Calderdale',
      count: 498,
      previousYear: '2019/20',
      previousCount: 128,
      change: 370,
      comparable: false,
      shareOf: 4058,
      coverage: 'complete',
    });
    expect(r.sharePct).toBe(12.27); // 498 / (1475 + 33 + 498 + 1836 + 216) × 100
    expect(r.perDay).toBe(1.36);
    expect(r.notComparableBecause).toContain('ex-partner-stalking-coercive-control-2020');
    expect(onlyRow(s.rows, { category: 'stalking-and-harassment' }).count).toBe(1475 + 33 + 498 + 1836 + 216);
    expect(onlyRow(s.rows, { category: 'harassment' }).count).toBe(1475 + 33);
    // Malicious communications: no register event between 2019/20 and 2020/21 affects it.
    expect(onlyRow(s.rows, { category: 'malicious-communications' }).comparable).toBe(true);
    expect(s.events.map((e) => e.id)).toEqual(['ex-partner-stalking-coercive-control-2020']);
    expect(s.coverage).toMatchObject({ complete: true, gaps: [], areasMissing: [] });
  });

  it('no share for coercive control before April 2020, when it was outside the sub-group', () => {
    const s = summarise([input], parseSummaryYear('2019/20'), {
      areas: [],
      eachArea: false,
      categories: ['coercive-control', 'stalking-and-harassment'],
    });
    expect(onlyRow(s.rows, { category: 'coercive-control' })).toMatchObject({
      count: 0,
      sharePct: null,
      predatesCode: true,
    });
    expect(s.notes.join('\n')).toMatch(/no share of S&H for coercive-control: .*only from April 2020/);
  });
});
