import { describe, expect, it } from 'vitest';
import { EXACT_RATE_RATIO_LIMIT, poissonRateRatio } from '../../../src/analyses/stats/rateRatio.js';

/** |actual − expected| ≤ rel · |expected|. */
function near(actual: number | null, expected: number, rel = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

// Reference intervals come from R 4.x, `poisson.test(c(c2, c1), c(d2, d1), conf.level = level)`: the
// exact conditional (Clopper–Pearson) interval for the rate ratio (c2/d2) / (c1/d1), printed with
// options(digits = 15).

describe('poissonRateRatio: exact conditional interval', () => {
  it('matches R for the Met April 2020 comparison (n ≈ 119,000)', () => {
    // Apr 2019–Mar 2020 (366 days) 54,555 vs Apr 2020–Mar 2021 (365 days) 64,776.
    // Hand: (64776 / 365) / (54555 / 366) = 177.468493 / 149.057377 = 1.190605…
    // R: poisson.test(c(64776, 54555), c(365, 366)) → 1.1906052331253 [1.17710363706422, 1.20426501385201]
    const r = poissonRateRatio(54555, 366, 64776, 365);
    expect(r.method).toBe('exact-conditional');
    near(r.ratio, 1.1906052331253, 1e-12);
    near(r.low, 1.17710363706422, 1e-11);
    near(r.high, 1.20426501385201, 1e-11);
    expect(r.note).toBeUndefined();
  });

  it('matches R at other confidence levels', () => {
    // R: poisson.test(c(64776, 54555), c(365, 366), conf.level = 0.99) → [1.17290008691694, 1.20858423375007]
    const r99 = poissonRateRatio(54555, 366, 64776, 365, 0.99);
    near(r99.low, 1.17290008691694, 1e-11);
    near(r99.high, 1.20858423375007, 1e-11);
    // R: poisson.test(c(7, 3), c(92, 90), conf.level = 0.9) → 2.28260869565217 [0.634369888642471, 10.2320435544298]
    const r90 = poissonRateRatio(3, 90, 7, 92, 0.9);
    near(r90.ratio, 2.28260869565217, 1e-12);
    near(r90.low, 0.634369888642471, 1e-10);
    near(r90.high, 10.2320435544298, 1e-10);
  });

  it('matches R for small counts (Calderdale stalking 2018/19 → 2019/20)', () => {
    // R: poisson.test(c(128, 96), c(366, 365)) → 1.32969034608379 [1.01256635145514, 1.75104996849415]
    const r = poissonRateRatio(96, 365, 128, 366);
    near(r.ratio, 1.32969034608379, 1e-12);
    near(r.low, 1.01256635145514, 1e-10);
    near(r.high, 1.75104996849415, 1e-10);
    // R: poisson.test(c(30, 12), c(28, 31)) → 2.76785714285714 [1.37613775667595, 5.9361329638836]
    const m = poissonRateRatio(12, 31, 30, 28);
    near(m.ratio, 2.76785714285714, 1e-12);
    near(m.low, 1.37613775667595, 1e-10);
    near(m.high, 5.9361329638836, 1e-10);
  });

  it('handles tiny and lopsided counts', () => {
    // R: poisson.test(c(1, 1), c(366, 365)) → 0.997267759562842 [0.0127045600697768, 78.2823630886228]
    const one = poissonRateRatio(1, 365, 1, 366);
    near(one.ratio, 0.997267759562842, 1e-12);
    near(one.low, 0.0127045600697768, 1e-9);
    near(one.high, 78.2823630886228, 1e-9);
    // R: poisson.test(c(1000, 1), c(366, 365)) → 997.267759562842 [178.581135949652, 39428.8638130717]
    const lopsided = poissonRateRatio(1, 365, 1000, 366);
    near(lopsided.ratio, 997.267759562842, 1e-12);
    near(lopsided.low, 178.581135949652, 1e-9);
    near(lopsided.high, 39428.8638130717, 1e-9);
  });

  it('gives ratio 1 with a symmetric interval in log terms for equal counts and days', () => {
    const r = poissonRateRatio(40, 30, 40, 30);
    expect(r.ratio).toBe(1);
    // Swapping the periods inverts the interval: low = 1 / high.
    near((r.low as number) * (r.high as number), 1, 1e-12);
  });
});

describe('poissonRateRatio: zero counts', () => {
  it('gives ratio 0 and an exact upper bound when the later count is 0', () => {
    // Upper bound in closed form: p_U = 1 − 0.025^(1/5) = 0.521820…, RR = p_U / (1 − p_U) · 365 / 366.
    // R: poisson.test(c(0, 5), c(366, 365)) → 0 [0, 1.08829746828314]
    const r = poissonRateRatio(5, 365, 0, 366);
    expect(r.method).toBe('exact-conditional');
    expect(r.ratio).toBe(0);
    expect(r.low).toBe(0);
    near(r.high, 1.08829746828314, 1e-12);
    // R: poisson.test(c(0, 2), c(1, 1)) → [0, 5.32455532033676]  (p_U = 1 − √0.025)
    near(poissonRateRatio(2, 1, 0, 1).high, 5.32455532033676, 1e-12);
  });

  it('has no ratio when the earlier count is 0, but still a lower bound', () => {
    // R: poisson.test(c(5, 0), c(366, 365)) → Inf [0.913852152787276, Inf]
    const r = poissonRateRatio(0, 365, 5, 366);
    expect(r.ratio).toBeNull();
    expect(r.high).toBeNull();
    near(r.low, 0.913852152787276, 1e-12);
    expect(r.note).toMatch(/no events in the earlier period/);
    // R: poisson.test(c(1, 0), c(1, 1)) → [0.0256410256410257, Inf]  (p_L = 0.025, 0.025 / 0.975 = 1/39)
    near(poissonRateRatio(0, 1, 1, 1).low, 1 / 39, 1e-12);
  });

  it('has nothing to say when both counts are 0', () => {
    const r = poissonRateRatio(0, 365, 0, 365);
    expect(r).toMatchObject({ ratio: null, low: null, high: null, method: 'none' });
    expect(r.note).toMatch(/no events/);
  });
});

describe('poissonRateRatio: huge counts', () => {
  it('stays exact up to a million events', () => {
    // R: poisson.test(c(550000, 450000), c(366, 365)) → 1.21888281724347 [1.2140880405619, 1.22369699912089]
    const r = poissonRateRatio(450000, 365, 550000, 366);
    expect(r.method).toBe('exact-conditional');
    near(r.ratio, 1.21888281724347, 1e-12);
    near(r.low, 1.2140880405619, 1e-10);
    near(r.high, 1.22369699912089, 1e-10);
  });

  it('switches to the log-normal interval above the limit and says so', () => {
    expect(EXACT_RATE_RATIO_LIMIT).toBe(1_000_000);
    // Wald on log RR: se = √(1/600000 + 1/600001) = 0.00182574…, ratio × exp(±1.959964 · se).
    // R's exact interval, poisson.test(c(600001, 600000), c(366, 365)) → [0.993705526895675, 1.00084609825922],
    // agrees to within 2e-6 (relative).
    const r = poissonRateRatio(600000, 365, 600001, 366);
    expect(r.method).toBe('log-normal');
    expect(r.note).toMatch(/1,000,000 events/);
    near(r.ratio, 0.997269421675774, 1e-12);
    const se = Math.sqrt(1 / 600000 + 1 / 600001);
    near(r.low, 0.997269421675774 * Math.exp(-1.959963984540054 * se), 1e-12);
    near(r.low, 0.993705526895675, 2e-6);
    near(r.high, 1.00084609825922, 2e-6);
  });
});

describe('poissonRateRatio: invalid input', () => {
  it('returns method "none" with a reason', () => {
    expect(poissonRateRatio(-1, 365, 5, 365)).toMatchObject({ method: 'none', ratio: null });
    expect(poissonRateRatio(1.5, 365, 5, 365).note).toMatch(/c1/);
    expect(poissonRateRatio(1, 0, 5, 365).note).toMatch(/days1/);
    expect(poissonRateRatio(1, 365, 5, Number.NaN).note).toMatch(/days2/);
    expect(poissonRateRatio(1, 365, 5, 365, 1).note).toMatch(/level/);
  });
});
