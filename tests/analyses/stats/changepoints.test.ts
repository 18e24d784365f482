import { describe, expect, it } from 'vitest';
import {
  findLevelShifts,
  type LevelShiftFound,
  type LevelShiftResult,
  type SeriesCount,
} from '../../../src/analyses/stats/changepoints.js';
import { addDays, daysInMonth } from '../../../src/core/dates.js';

function near(actual: number | null, expected: number, rel = 1e-8): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

function found(r: LevelShiftResult): LevelShiftFound {
  if (!r.ok) throw new Error(r.reason);
  return r;
}

/** Consecutive calendar months (or quarters, `span` 3) from year-month, one per count. */
function series(year: number, month: number, counts: readonly number[], span = 1): SeriesCount[] {
  return counts.map((count, i) => {
    const m0 = month - 1 + i * span;
    const y = year + Math.floor(m0 / 12);
    const m = (m0 % 12) + 1;
    const start = `${y}-${String(m).padStart(2, '0')}-01`;
    let days = 0;
    for (let k = 0; k < span; k++) {
      const mk = m0 + k;
      days += daysInMonth(year + Math.floor(mk / 12), (mk % 12) + 1);
    }
    return { start, end: addDays(start, days - 1), days, count };
  });
}

// Reference: tests/analyses/stats/reference/changepoints.R, an independent R implementation of the
// same method (glm with factor(group) + factor(season) and log(days) offset; segment deviance from
// poisson()$dev.resids; O(n²) optimal partitioning in sapply; dispersion from
// mad(constant = 1 / qnorm(0.75)) of standardised differences of consecutive blocks of minSegment
// periods; BIC penalty 2 log(n); intervals from vcov() scaled by max(1, Pearson χ²/df, φ)).
// The series were drawn in that script:
//   A: set.seed(20240611); 96 months from January 2012; 40 a day, × 1.30 from April 2015 and
//      × 0.85 from April 2018; month-of-year swing of ±15 %; rnbinom(mu, size = mu / 3) (variance 4μ).
//   B: set.seed(20240612); 48 quarters from 2010 Q1; 9 a day, × 1.5 from 2016 Q2; quarter factors
//      1.1, 1.0, 0.95, 0.95; rpois.
//   C: set.seed(20240613); 72 months from January 2016; 60 a day, no shift, a ±30 % seasonal swing;
//      rnbinom(mu, size = mu / 2).
const A_COUNTS = [
  1334, 1420, 1267, 1258, 1308, 1093, 1112, 1009, 1143, 1144, 1256, 1363, 1403, 1258, 1300, 1204, 1177, 1026, 1115,
  1181, 1037, 1196, 1361, 1413, 1526, 1239, 1289, 1161, 1304, 907, 907, 1022, 1136, 1313, 1400, 1318, 1471, 1402, 1390,
  1595, 1547, 1282, 1364, 1354, 1534, 1517, 1674, 1981, 1866, 1841, 1750, 1690, 1513, 1344, 1377, 1324, 1382, 1582,
  1561, 1883, 1853, 1696, 1569, 1669, 1531, 1422, 1490, 1259, 1312, 1547, 1789, 1864, 1764, 1641, 1702, 1298, 1295,
  1114, 1187, 1309, 1253, 1464, 1371, 1558, 1577, 1350, 1508, 1398, 1393, 1231, 1041, 1128, 1207, 1403, 1515, 1681,
];
const B_COUNTS = [
  970, 841, 782, 751, 913, 846, 769, 778, 921, 813, 784, 744, 958, 832, 834, 780, 901, 812, 818, 810, 900, 786, 803,
  767, 904, 1203, 1188, 1191, 1341, 1284, 1217, 1167, 1304, 1241, 1192, 1158, 1370, 1219, 1156, 1207, 1385, 1212, 1165,
  1140, 1371, 1263, 1228, 1114,
];
const C_COUNTS = [
  2004, 1979, 2225, 2324, 2359, 2143, 2009, 1578, 1273, 1292, 1328, 1510, 1916, 1848, 2490, 2159, 2284, 2173, 1727,
  1646, 1231, 1218, 1384, 1570, 1902, 1912, 2220, 2405, 2292, 2042, 1885, 1583, 1358, 1269, 1348, 1659, 1962, 1984,
  2374, 2376, 2305, 2130, 1784, 1568, 1307, 1327, 1444, 1573, 1907, 2021, 2409, 2340, 2325, 2041, 1786, 1640, 1252,
  1346, 1263, 1542, 1953, 2019, 2393, 2514, 2224, 2017, 1810, 1569, 1333, 1252, 1418, 1658,
];

describe('findLevelShifts on synthetic series with known shifts', () => {
  it('finds April 2015 and April 2018 in an over-dispersed seasonal monthly series, as R does', () => {
    const r = found(findLevelShifts(series(2012, 1, A_COUNTS), { grain: 'month' }));
    expect(r.breaks.map((b) => b.date)).toEqual(['2015-04-01', '2018-04-01']);
    expect(r.breaks.map((b) => b.index)).toEqual([39, 75]); // R index0 39, 75
    // R: phi 9.26945354777326, pearson 4.30117582373395, iterations 2
    near(r.dispersionSearch, 9.26945354777326, 1e-9);
    near(r.dispersionFit, 4.30117582373395, 1e-7);
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(true);
    // R: rr 1.293300367644159 [1.246333784511376, 1.342036829727976];
    //    rr 0.862604672276587 [0.825797152489494, 0.901052780807287]
    near(r.breaks[0].rateRatio, 1.293300367644159, 1e-8);
    near(r.breaks[0].ciLow, 1.246333784511376, 1e-8);
    near(r.breaks[0].ciHigh, 1.342036829727976, 1e-8);
    near(r.breaks[1].rateRatio, 0.862604672276587, 1e-8);
    near(r.breaks[1].ciLow, 0.825797152489494, 1e-8);
    near(r.breaks[1].ciHigh, 0.901052780807287, 1e-8);
    // R factors (January first): 1.14615046587637 … 1.15522315991355
    near(r.seasonalFactors![0], 1.14615046587637, 1e-8);
    near(r.seasonalFactors![7], 0.847865340397465, 1e-8);
    near(r.seasonalFactors![11], 1.15522315991355, 1e-8);
    expect(r.segments.map((s) => [s.start, s.end, s.periods])).toEqual([
      ['2012-01-01', '2015-03-31', 39],
      ['2015-04-01', '2018-03-31', 36],
      ['2018-04-01', '2019-12-31', 21],
    ]);
    const first = r.segments[0];
    expect(first.count).toBe(A_COUNTS.slice(0, 39).reduce((s, v) => s + v, 0));
    expect(first.days).toBe(1186); // 1 January 2012 – 31 March 2015
    near(first.ratePerDay, first.count / 1186, 1e-15);
    expect(r.penalty).toBeCloseTo(2 * Math.log(96), 12);
  });

  it('finds the 2016 Q2 shift in a quarterly series, as R does', () => {
    const r = found(findLevelShifts(series(2010, 1, B_COUNTS, 3), { grain: 'quarter' }));
    expect(r.breaks.map((b) => b.date)).toEqual(['2016-04-01']);
    expect(r.minSegment).toBe(2);
    // R: phi 1.47613578772756; rr 1.49183373681458 [1.45966170645391, 1.52471486266837]
    near(r.dispersionSearch, 1.47613578772756, 1e-9);
    near(r.breaks[0].rateRatio, 1.49183373681458, 1e-8);
    near(r.breaks[0].ciLow, 1.45966170645391, 1e-8);
    near(r.breaks[0].ciHigh, 1.52471486266837, 1e-8);
    near(r.seasonalFactors![0], 1.11952178806288, 1e-8);
    expect(r.breaks[0].before.end).toBe('2016-03-31');
  });

  it('does not report a strong seasonal swing as shifts', () => {
    const r = found(findLevelShifts(series(2016, 1, C_COUNTS), { grain: 'month' }));
    expect(r.breaks).toEqual([]); // R: no breaks, phi 1
    expect(r.segments).toHaveLength(1);
    near(r.seasonalFactors![3], 1.33547694426664, 1e-8); // R factors: April 1.33547694426664
    // Without the seasonal factors the same ±30 % swing is mistaken for level shifts.
    const naive = found(findLevelShifts(series(2016, 1, C_COUNTS), { grain: 'month', seasonal: false }));
    expect(naive.breaks.length).toBeGreaterThan(0);
    expect(naive.seasonalFactors).toBeNull();
  });

  it('takes a numeric penalty and a minimum segment length', () => {
    const strict = found(findLevelShifts(series(2012, 1, A_COUNTS), { grain: 'month', penalty: 1e6 }));
    expect(strict.breaks).toEqual([]);
    const loose = found(findLevelShifts(series(2012, 1, A_COUNTS), { grain: 'month', penalty: 0, minSegment: 12 }));
    expect(loose.breaks.length).toBeGreaterThan(2);
    for (const s of loose.segments) expect(s.periods).toBeGreaterThanOrEqual(12);
  });
});

describe('findLevelShifts input checks', () => {
  const good = series(2012, 1, A_COUNTS.slice(0, 30));
  it('refuses gaps, non-calendar periods, wrong day counts and bad counts, saying why', () => {
    const gap = [...good.slice(0, 10), ...good.slice(11)];
    expect(findLevelShifts(gap, { grain: 'month' })).toEqual({
      ok: false,
      reason: 'periods 10 and 11 are not consecutive (2012-10-31, then 2012-12-01): missing periods are not filled in',
    });
    const wrongDays = good.map((p, i) => (i === 3 ? { ...p, days: 31 } : p));
    expect(findLevelShifts(wrongDays, { grain: 'month' })).toEqual({
      ok: false,
      reason: 'period 4 (2012-04-01 to 2012-04-30) has 31 days, not 30',
    });
    const negative = good.map((p, i) => (i === 2 ? { ...p, count: -1 } : p));
    expect(findLevelShifts(negative, { grain: 'month' }).ok).toBe(false);
    expect(findLevelShifts(good, { grain: 'quarter' })).toEqual({
      ok: false,
      reason: 'period 1 (2012-01-01 to 2012-01-31) is not a calendar quarter',
    });
    expect(findLevelShifts([], { grain: 'month' })).toEqual({ ok: false, reason: 'the series is empty' });
    expect(findLevelShifts(good, { grain: 'month', minSegment: 0 }).ok).toBe(false);
    expect(findLevelShifts(good, { grain: 'month', penalty: -1 }).ok).toBe(false);
    const zeros = good.map((p) => ({ ...p, count: 0 }));
    expect(findLevelShifts(zeros, { grain: 'month' })).toEqual({
      ok: false,
      reason: 'no offences in any period: there is no level to shift',
    });
  });

  it('drops seasonality on series under two years, and places no break in one too short', () => {
    const short = found(findLevelShifts(series(2012, 1, A_COUNTS.slice(0, 11)), { grain: 'month' }));
    expect(short.seasonalFactors).toBeNull();
    expect(short.breaks).toEqual([]);
    expect(short.notes).toEqual([
      'fewer than two years of months: seasonality is not allowed for',
      'fewer than 12 periods: no break can be placed',
    ]);
  });
});
