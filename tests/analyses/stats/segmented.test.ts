import { describe, expect, it } from 'vitest';
import { MIN_POINTS_EACH_SIDE, type SegmentPoint, segmentedStep } from '../../../src/analyses/stats/segmented.js';

function near(actual: number, expected: number, rel = 1e-8): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

// Reference values: R 4.x. For each series below,
//   fit <- glm(y ~ tc + after [+ factor(m) | + factor(q)] + offset(log(days)), family = quasipoisson,
//              control = glm.control(epsilon = 1e-14, maxit = 100))
//   b <- coef(fit)["after"]; disp <- sum(residuals(fit, type = "pearson")^2) / fit$df.residual
//   se <- sqrt(vcov(fit)["after", "after"] / summary(fit)$dispersion) * (if (disp > 1) sqrt(disp) else 1)
//   exp(b); exp(b + c(-1, 1) * qnorm(0.975) * se)
// with tc = t − mean(t), t = 0, 1, … periods from the first point, and m / q the calendar month or
// quarter of each period's start.

/** Series A: 48 months, April 2018 – March 2022, overdispersed (negative binomial draws in R, seed 20240601). */
const A_DAYS = [
  30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 29, 31, 30, 31, 30, 31, 31,
  30, 31, 30, 31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31,
];
const A_COUNTS = [
  5027, 4994, 5147, 6133, 4808, 5002, 4987, 4198, 5515, 3635, 3990, 4294, 5346, 5186, 4706, 4282, 4855, 5106, 4175,
  4837, 5306, 4926, 5087, 4863, 7342, 8560, 7101, 7842, 6550, 6256, 6939, 4259, 7371, 6720, 5182, 7069, 8290, 9462,
  8251, 7381, 5809, 5901, 6244, 4647, 7290, 6737, 5782, 9048,
];
const SERIES_A: SegmentPoint[] = A_COUNTS.map((count, i) => {
  const month = ((3 + i) % 12) + 1;
  const year = 2018 + Math.floor((3 + i) / 12);
  return { start: `${year}-${String(month).padStart(2, '0')}-01`, days: A_DAYS[i], count };
});

/** Series B: 24 financial-year quarters, April 2014 – March 2020, small counts (Poisson draws). */
const B_STARTS = [
  '2014-04-01',
  '2014-07-01',
  '2014-10-01',
  '2015-01-01',
  '2015-04-01',
  '2015-07-01',
  '2015-10-01',
  '2016-01-01',
  '2016-04-01',
  '2016-07-01',
  '2016-10-01',
  '2017-01-01',
  '2017-04-01',
  '2017-07-01',
  '2017-10-01',
  '2018-01-01',
  '2018-04-01',
  '2018-07-01',
  '2018-10-01',
  '2019-01-01',
  '2019-04-01',
  '2019-07-01',
  '2019-10-01',
  '2020-01-01',
];
const B_DAYS = [91, 92, 92, 90, 91, 92, 92, 91, 91, 92, 92, 90, 91, 92, 92, 90, 91, 92, 92, 90, 91, 92, 92, 91];
const B_COUNTS = [31, 35, 30, 33, 43, 37, 28, 36, 49, 36, 32, 28, 66, 70, 66, 60, 83, 59, 65, 85, 92, 66, 63, 75];
const SERIES_B: SegmentPoint[] = B_STARTS.map((start, i) => ({ start, days: B_DAYS[i], count: B_COUNTS[i] }));

describe('segmentedStep', () => {
  it('matches R with month-of-year terms (overdispersed monthly series)', () => {
    // R: exp(b) = 1.34093103116493, interval [1.1482063153043, 1.56600430286303], dispersion 87.9706928265525
    const r = segmentedStep(SERIES_A, '2020-04-01', { seasonal: 'month' });
    expect(r).not.toBeNull();
    near(r!.rateRatio, 1.34093103116493, 1e-10);
    near(r!.ciLow, 1.1482063153043, 1e-9);
    near(r!.ciHigh, 1.56600430286303, 1e-9);
    near(r!.dispersion, 87.9706928265525, 1e-9);
    expect(r!.method).toBe('segmented quasi-Poisson regression (level step, pre-trend, month of year)');
    expect([r!.nBefore, r!.nAfter, r!.nExcluded]).toEqual([24, 24, 0]);
  });

  it('matches R with quarter-of-year terms and with no seasonal terms', () => {
    // R (factor(q)): 1.33346177202515 [1.12112911516951, 1.58600849214732], dispersion 111.538336054618
    const q = segmentedStep(SERIES_A, '2020-04-01', { seasonal: 'quarter' })!;
    near(q.rateRatio, 1.33346177202515, 1e-10);
    near(q.ciLow, 1.12112911516951, 1e-9);
    near(q.ciHigh, 1.58600849214732, 1e-9);
    near(q.dispersion, 111.538336054618, 1e-9);
    expect(q.method).toBe('segmented quasi-Poisson regression (level step, pre-trend, quarter of year)');
    // R (no season): 1.50157266814039 [1.2603008347671, 1.78903355096397], dispersion 139.748166829876
    const none = segmentedStep(SERIES_A, '2020-04-01', { seasonal: 'none' })!;
    near(none.rateRatio, 1.50157266814039, 1e-10);
    near(none.ciLow, 1.2603008347671, 1e-9);
    near(none.ciHigh, 1.78903355096397, 1e-9);
    expect(none.method).toBe('segmented quasi-Poisson regression (level step, pre-trend)');
  });

  it('leaves out a period that contains the event date', () => {
    // Event on 15 April 2020: April 2020 is part before, part after, so it is dropped; t still counts
    // from April 2018. R (47 rows, after = start >= 2020-04-15): 1.48599456054022 [1.23471133972793, 1.78841787785126]
    const r = segmentedStep(SERIES_A, '2020-04-15', { seasonal: 'none' })!;
    expect([r.nBefore, r.nAfter, r.nExcluded]).toEqual([24, 23, 1]);
    near(r.rateRatio, 1.48599456054022, 1e-10);
    near(r.ciLow, 1.23471133972793, 1e-9);
    near(r.ciHigh, 1.78841787785126, 1e-9);
    near(r.dispersion, 142.680950233616, 1e-9);
  });

  it('uses Poisson standard errors when there is no overdispersion', () => {
    // Series B, step at April 2017. R: dispersion 0.802328752243373 (< 1, so not scaled),
    // exp(b) = 1.70733658492644 [1.35126413576982, 2.15723790565018]
    const r = segmentedStep(SERIES_B, '2017-04-01', { seasonal: 'quarter' })!;
    near(r.rateRatio, 1.70733658492644, 1e-10);
    near(r.ciLow, 1.35126413576982, 1e-9);
    near(r.ciHigh, 2.15723790565018, 1e-9);
    near(r.dispersion, 0.802328752243373, 1e-9);
    expect(r.method).toBe('segmented Poisson regression (level step, pre-trend, quarter of year)');
    expect([r.nBefore, r.nAfter]).toEqual([12, 12]);
    // Quarterly data start in four months only, so month-of-year terms are the same model.
    const m = segmentedStep(SERIES_B, '2017-04-01', { seasonal: 'month' })!;
    near(m.rateRatio, r.rateRatio, 1e-12);
    near(m.ciHigh, r.ciHigh, 1e-12);
  });

  it('does not depend on the order of the points', () => {
    const shuffled = [...SERIES_A].reverse();
    const a = segmentedStep(SERIES_A, '2020-04-01', { seasonal: 'month' })!;
    const b = segmentedStep(shuffled, '2020-04-01', { seasonal: 'month' })!;
    near(b.rateRatio, a.rateRatio, 1e-12);
  });

  it('gives a step of exactly 1 for a perfectly flat series, with Poisson errors', () => {
    // 20 four-weekly periods of 100 offences each (not month-aligned: t counts 28-day steps).
    // Hand: the fit is exact, deviance and Pearson χ² are 0, so the dispersion is 0 and the Poisson
    // standard error is kept. R: glm(rep(100, 20) ~ tc + after + offset(log(28)), family = poisson)
    // → se(after) = 0.0897808780342789, interval exp(±1.959964 · se) = [0.838645417120535, 1.19239905159617]
    const points = Array.from({ length: 20 }, (_, i) => {
      const start = new Date(Date.UTC(2020, 0, 6 + 28 * i)).toISOString().slice(0, 10);
      return { start, days: 28, count: 100 };
    });
    const r = segmentedStep(points, points[10].start, { seasonal: 'none' })!;
    expect(r).not.toBeNull();
    near(r.rateRatio, 1, 1e-12);
    expect(r.dispersion).toBeLessThan(1e-20);
    near(r.ciLow, 0.838645417120535, 1e-9);
    near(r.ciHigh, 1.19239905159617, 1e-9);
    expect(r.method).toBe('segmented Poisson regression (level step, pre-trend)');
  });

  it('needs at least eight periods on each side', () => {
    expect(MIN_POINTS_EACH_SIDE).toBe(8);
    // Event on 1 Dec 2018: only 8 months (Apr–Nov 2018) before → enough; on 1 Nov 2018 only 7 → null.
    expect(segmentedStep(SERIES_A, '2018-12-01', { seasonal: 'none' })).not.toBeNull();
    expect(segmentedStep(SERIES_A, '2018-11-01', { seasonal: 'none' })).toBeNull();
    // Seven periods after the event.
    expect(segmentedStep(SERIES_A, '2021-09-01', { seasonal: 'none' })).toBeNull();
    expect(segmentedStep([], '2020-04-01', { seasonal: 'none' })).toBeNull();
  });

  it('returns null when the fit cannot be made', () => {
    // Every count after the event is 0: the step runs off towards 0 and never converges.
    const zeros = SERIES_B.map((p, i) => (i >= 12 ? { ...p, count: 0 } : p));
    expect(segmentedStep(zeros, '2017-04-01', { seasonal: 'none' })).toBeNull();
    // Overlapping periods (rolling years) are never modelled.
    const rolling = SERIES_B.map((p) => ({ ...p, days: 365 }));
    expect(segmentedStep(rolling, '2017-04-01', { seasonal: 'none' })).toBeNull();
    // Invalid input.
    expect(segmentedStep(SERIES_B, '2017-13-01', { seasonal: 'none' })).toBeNull();
    expect(
      segmentedStep(
        SERIES_B.map((p, i) => (i === 3 ? { ...p, count: -2 } : p)),
        '2017-04-01',
        { seasonal: 'none' },
      ),
    ).toBeNull();
    expect(
      segmentedStep(
        SERIES_B.map((p, i) => (i === 3 ? { ...p, days: 0 } : p)),
        '2017-04-01',
        { seasonal: 'none' },
      ),
    ).toBeNull();
  });
});
