import { describe, expect, it } from 'vitest';
import { findLevelShifts, type SeriesCount } from '../../../src/analyses/stats/changepoints.js';
import { addDays, daysInMonth } from '../../../src/core/dates.js';
import { readCsvRecords } from '../../helpers/csvLite.js';
import { hasRealData, realPath, warnIfNoRealData } from '../../helpers/realData.js';

warnIfNoRealData('level shifts in London stalking and harassment, April 2010 – November 2023');

/** London: MinorText "STALKING AND HARASSMENT" summed over every borough, one row per YYYYMM column. */
function londonMonths(): SeriesCount[] {
  const rows = readCsvRecords(realPath('met'));
  const header = rows[0];
  const columns = header.map((h, i) => [h, i] as const).filter(([h]) => /^\d{6}$/.test(h));
  const sums = columns.map(() => 0);
  for (const row of rows.slice(1)) {
    if (row[1] !== 'STALKING AND HARASSMENT') continue;
    columns.forEach(([, i], k) => (sums[k] += Number(row[i] || 0)));
  }
  return columns.map(([h], k) => {
    const year = Number(h.slice(0, 4));
    const month = Number(h.slice(4));
    const start = `${h.slice(0, 4)}-${h.slice(4)}-01`;
    const days = daysInMonth(year, month);
    return { start, end: addDays(start, days - 1), days, count: sums[k] };
  });
}

/** Calendar quarters from whole months (a quarter whose three months are not all present is dropped). */
function quarters(months: readonly SeriesCount[]): SeriesCount[] {
  const out: SeriesCount[] = [];
  for (let i = 0; i + 2 < months.length; i++) {
    if ((Number(months[i].start.slice(5, 7)) - 1) % 3 !== 0) continue;
    const q = months.slice(i, i + 3);
    out.push({
      start: q[0].start,
      end: q[2].end,
      days: q.reduce((s, p) => s + p.days, 0),
      count: q.reduce((s, p) => s + p.count, 0),
    });
  }
  return out;
}

// Reference: tests/analyses/stats/reference/changepoints.R on the same file (colSums over boroughs).
// Monthly: φ 40.3684145721596, Pearson 9.37982286144489; breaks 201203 201404 201505 201804 202006
// 202206 with rate ratios 1.307525685799793, 1.315750725842487, 1.413825124305567,
// 1.327463246327862, 1.250236286002112, 0.915893638074304; the 202006 interval
// [1.189292840969586, 1.314302682224191]. Quarterly: breaks at 2012 Q2, 2014 Q2, 2015 Q2, 2018 Q2,
// 2020 Q2, the last 1.20455514923358 [1.14963462543077, 1.26209934482571].
describe.skipIf(!hasRealData)('findLevelShifts: London stalking and harassment', () => {
  // The describe body runs even when it is skipped: read the file only where it is.
  const months = hasRealData ? londonMonths() : [];

  it('reads the series the sources describe', () => {
    expect(months).toHaveLength(164);
    const byMonth = new Map(months.map((m) => [m.start.slice(0, 7), m.count]));
    expect(byMonth.get('2020-04')).toBe(4244);
    expect(byMonth.get('2020-05')).toBe(5000);
    const fy = (from: number) => months.slice(from, from + 12).reduce((s, m) => s + m.count, 0);
    expect(fy(108)).toBe(54555); // April 2019 – March 2020
    expect(fy(120)).toBe(64776); // April 2020 – March 2021
  });

  it('finds the 2020 shift (in June, after two lockdown months) and the other breaks R finds', () => {
    const r = findLevelShifts(months, { grain: 'month' });
    if (!r.ok) throw new Error(r.reason);
    const dates = ['2012-03', '2014-04', '2015-05', '2018-04', '2020-06', '2022-06'];
    expect(r.breaks.map((b) => b.date.slice(0, 7))).toEqual(dates);
    const ratios = [
      1.307525685799793, 1.315750725842487, 1.413825124305567, 1.327463246327862, 1.250236286002112, 0.915893638074304,
    ];
    r.breaks.forEach((b, i) => expect(b.rateRatio!).toBeCloseTo(ratios[i], 8));
    expect(r.dispersionSearch).toBeCloseTo(40.3684145721596, 7);
    expect(r.dispersionFit!).toBeCloseTo(9.37982286144489, 7);
    const covid = r.breaks[4];
    expect(covid.ciLow!).toBeCloseTo(1.189292840969586, 7);
    expect(covid.ciHigh!).toBeCloseTo(1.314302682224191, 7);
    // Within three months of the register's 1 April 2020 change.
    expect(covid.date >= '2020-04-01' && covid.date <= '2020-07-01').toBe(true);
    expect(covid.before.start).toBe('2018-04-01');
    expect(covid.after.end).toBe('2022-05-31');
  });

  it('puts the 2020 break at April 2020 itself in calendar quarters', () => {
    const r = findLevelShifts(quarters(months), { grain: 'quarter' });
    if (!r.ok) throw new Error(r.reason);
    const dates = ['2012-04-01', '2014-04-01', '2015-04-01', '2018-04-01', '2020-04-01'];
    expect(r.breaks.map((b) => b.date)).toEqual(dates);
    expect(r.breaks[4].rateRatio!).toBeCloseTo(1.20455514923358, 8);
    expect(r.breaks[4].ciLow!).toBeCloseTo(1.14963462543077, 7);
    expect(r.breaks[4].ciHigh!).toBeCloseTo(1.26209934482571, 7);
  });
});
