import { describe, expect, it } from 'vitest';
import { PointColumns } from '../../src/analyses/nativePoints.js';
import { financialYear, fyQuarter, rollingYearEnding } from '../../src/core/periods.js';
import { nativePointsOf } from '../helpers/series.js';

describe('PointColumns', () => {
  // Three periods, numbered by their place in this list.
  const periods = [rollingYearEnding('2018-03-31'), fyQuarter(2019, 1), fyQuarter(2019, 2)];
  const columns = new PointColumns(periods, 4);
  // Dorset: the rolling year to March 2018 (April 2017 to March 2018). Kent: two quarters of 2019/20.
  const dorset = columns.add([0], [1466]);
  const kent = columns.add([1, 2], [23, 7]);

  it('gives each list its own points, in the order added', () => {
    expect(kent.length).toBe(2);
    expect([kent.period(0), kent.period(1)]).toEqual([periods[1], periods[2]]);
    expect([kent.count(0), kent.count(1)]).toEqual([23, 7]);
    expect(kent.toArray()).toEqual([
      { period: periods[1], count: 23 },
      { period: periods[2], count: 7 },
    ]);
    expect(dorset.toArray()).toEqual([{ period: periods[0], count: 1466 }]);
  });

  it("keeps one list's reach out of the next: Dorset's year does not make Kent overlap 2017/18", () => {
    expect(dorset.overlaps(financialYear(2017))).toBe(true);
    expect(kent.overlaps(financialYear(2017))).toBe(false);
    expect(kent.overlaps(financialYear(2019))).toBe(true);
    expect(dorset.overlaps(financialYear(2019))).toBe(false);
  });

  it('refuses more points than it was made to hold', () => {
    expect(() => columns.add([0, 1], [1, 2])).toThrow(RangeError);
  });

  it('finds a long period that started before a later short one', () => {
    // The rolling year (April 2017 to March 2018) starts before a quarter inside it: a search of
    // starts alone would miss that the rolling year still runs at the end of 2017/18.
    const own = nativePointsOf([
      { period: rollingYearEnding('2018-03-31'), count: 10 },
      { period: fyQuarter(2017, 2), count: 3 },
    ]);
    expect(own.overlaps(fyQuarter(2017, 4))).toBe(true);
    expect(own.overlaps(fyQuarter(2018, 1))).toBe(false);
  });
});
