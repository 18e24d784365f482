import { describe, expect, it } from 'vitest';
import { betaQuantile, betaQuantilePair, incompleteBeta } from '../../../src/analyses/stats/beta.js';
import { logBeta, logGamma } from '../../../src/analyses/stats/gamma.js';
import { normalQuantile, twoSidedZ } from '../../../src/analyses/stats/normal.js';

function near(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));
}

// References: R 4.x with options(digits = 17) — lgamma, pbeta, qbeta, qnorm, binom.test — and
// closed forms where they exist.

describe('logGamma', () => {
  // Below 10 the error is absolute (about 2e-15: the shift and the series are each near 12.8 and
  // cancel), so relative error is meaningless near the zeros of ln Γ at 1 and 2.
  const absolutely = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(5e-15);
  it('matches closed forms and R for small arguments', () => {
    absolutely(logGamma(1), 0); // Γ(1) = 1
    absolutely(logGamma(3), Math.log(2)); // Γ(3) = 2! = 2
    absolutely(logGamma(0.5), 0.5 * Math.log(Math.PI)); // Γ(½) = √π → 0.57236494292470008
    absolutely(logGamma(1.5), -0.12078223763524518); // R: lgamma(1.5)
    absolutely(logGamma(7.25), 7.0521854507385395); // R: lgamma(7.25)
    expect(logGamma(0)).toBeNaN();
  });
  it('matches R for large arguments to full relative precision', () => {
    near(logGamma(10), Math.log(362880), 1e-15); // 9! = 362880 → 12.801827480081469
    near(logGamma(123.4), 469.33609744219063, 1e-15); // R: lgamma(123.4)
    near(logGamma(1e5), 1051287.7089736569, 1e-15); // R: lgamma(1e5)
    near(logGamma(64776), 652852.63175407075, 1e-15); // R: lgamma(64776)
  });
});

describe('incompleteBeta', () => {
  it('matches closed forms', () => {
    // Beta(2, 5): F(x) = 1 − (1 − x)^6 − 6x(1 − x)^5; at 0.3: 1 − 0.117649 − 0.302526 = 0.579825 (R: pbeta(0.3, 2, 5))
    near(incompleteBeta(0.3, 2, 5), 0.579825, 1e-14);
    // Beta(1, 1) is uniform; Beta(a, 1) has F(x) = x^a
    near(incompleteBeta(0.37, 1, 1), 0.37, 1e-14);
    near(incompleteBeta(0.9, 4, 1), 0.6561, 1e-14);
    // Beta(½, ½) is the arcsine law: F(x) = (2/π) asin(√x); R: pbeta(0.999, 0.5, 0.5) = 0.97986495836662257
    near(incompleteBeta(0.999, 0.5, 0.5), (2 / Math.PI) * Math.asin(Math.sqrt(0.999)), 1e-13);
    // ln B(3, 40000) = ln 2 − ln(40000 · 40001 · 40002), exact by Γ(n + 1) = n Γ(n)
    near(logBeta(3, 40000), Math.log(2) - Math.log(40000 * 40001 * 40002), 1e-14);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it('matches R with shape parameters in the tens of thousands', () => {
    // R: pbeta(0.54, 64776, 54556) = 0.025219664289375641; lower.tail = FALSE: 0.97478033571062439
    near(incompleteBeta(0.54, 64776, 54556), 0.025219664289375641, 1e-9);
    near(incompleteBeta(0.54, 64776, 54556, true), 0.97478033571062439, 1e-11);
    // R: pbeta(1e-4, 3, 40000) = 0.76194065112495513
    near(incompleteBeta(1e-4, 3, 40000), 0.76194065112495513, 1e-12);
  });
});

describe('betaQuantile', () => {
  it('matches closed forms and R', () => {
    near(betaQuantile(0.025, 1, 9), 1 - 0.975 ** (1 / 9), 1e-13); // R: qbeta(0.025, 1, 9) = 0.0028091367465992124
    near(betaQuantile(0.5, 2, 3), 0.38572756813238951, 1e-13); // R: qbeta(0.5, 2, 3)
    near(betaQuantile(1e-10, 5, 7), 0.0029400165818479636, 1e-11); // R: qbeta(1e-10, 5, 7)
    near(betaQuantile(0.025, 64776, 54556), 0.5399945963983217, 1e-13); // R: qbeta(0.025, 64776, 54556)
    near(betaQuantile(0.975, 64777, 54555), 0.54565583484782754, 1e-13); // R: qbeta(0.975, 64777, 54555)
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
  });

  it('keeps the small side precise when the quantile is close to 1', () => {
    // Beta(1001, 1): F(x) = x^1001, so the 0.975 quantile is 0.975^(1/1001) and 1 − x = −expm1(ln 0.975 / 1001).
    // R: qbeta(0.975, 1001, 1) = 0.99997470780438413
    const [x, oneMinusX] = betaQuantilePair(0.975, 1001, 1);
    near(x, 0.99997470780438413, 1e-15);
    near(oneMinusX, -Math.expm1(Math.log(0.975) / 1001), 1e-10);
  });

  it('reproduces the Clopper–Pearson interval of binom.test', () => {
    // R: binom.test(7, 20)$conf.int = [0.15390920478454115, 0.59218853453282816]
    near(betaQuantile(0.025, 7, 14), 0.15390920478454115, 1e-12);
    near(betaQuantile(0.975, 8, 13), 0.59218853453282816, 1e-12);
  });
});

describe('normalQuantile', () => {
  it('matches R qnorm', () => {
    near(normalQuantile(0.975), 1.9599639845400536, 1e-15); // R: qnorm(0.975)
    near(twoSidedZ(0.95), 1.9599639845400536, 1e-15);
    near(twoSidedZ(0.99), 2.5758293035488999, 1e-15); // R: qnorm(0.995)
    near(normalQuantile(0.3), -0.52440051270804067, 1e-15); // R: qnorm(0.3)
    near(normalQuantile(1e-10), -6.3613409024040557, 1e-15); // R: qnorm(1e-10)
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
  });
});
