import { describe, expect, it } from 'vitest';
import { fitPoissonGlm, poissonDeviance } from '../../../src/analyses/stats/poissonGlm.js';

function near(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

// References: R 4.x, glm(..., family = poisson, control = glm.control(epsilon = 1e-14, maxit = 100)),
// coef(), sqrt(diag(vcov())), deviance() and sum(residuals(type = "pearson")^2), digits = 15.

// Dobson (1990), An Introduction to Generalized Linear Models, p. 93 — the example in R's ?glm.
const dobsonCounts = [18, 17, 15, 20, 10, 20, 25, 13, 12];
function dobsonDesign(): number[][] {
  return dobsonCounts.map((_, i) => {
    const outcome = (i % 3) + 1; // gl(3, 1, 9)
    const treatment = Math.floor(i / 3) + 1; // gl(3, 3)
    return [1, outcome === 2 ? 1 : 0, outcome === 3 ? 1 : 0, treatment === 2 ? 1 : 0, treatment === 3 ? 1 : 0];
  });
}

describe('fitPoissonGlm', () => {
  it('reproduces the Dobson example', () => {
    // R: glm(counts ~ outcome + treatment, family = poisson())
    //   coef: 3.04452243772342, -0.454255272277597, -0.292987124681474, ~0, ~0
    //   se:   0.170898651856442, 0.202170759193845, 0.192742345159793, 0.2, 0.2
    //   deviance 5.12914107700114 (textbook: 5.1291), Pearson χ² 5.17320162107396, df 4
    const fit = fitPoissonGlm({ y: dobsonCounts, x: dobsonDesign() });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(50);
    const coef = [3.04452243772342, -0.454255272277597, -0.292987124681474, 0, 0];
    const se = [0.170898651856442, 0.202170759193845, 0.192742345159793, 0.2, 0.2];
    for (const [j, c] of coef.entries()) near(fit.coefficients[j], c, 1e-10);
    for (const [j, s] of se.entries()) near(fit.standardErrors[j], s, 1e-10);
    near(fit.deviance, 5.12914107700114, 1e-10);
    near(fit.pearsonChi2, 5.17320162107396, 1e-10);
    expect(fit.dfResidual).toBe(4);
    near(fit.dispersion as number, 5.17320162107396 / 4, 1e-10);
    // Treatment totals are equal (50 each), so their coefficients are exactly 0 and the
    // fitted values reproduce each treatment's total.
    expect(fit.fitted.slice(0, 3).reduce((a, b) => a + b, 0)).toBeCloseTo(50, 9);
  });

  it('is unchanged by huge counts except for the intercept and the precision', () => {
    // Counts × 100,000: intercept + ln(1e5) = 3.04452243772342 + 11.5129254649702 = 14.5574479026937,
    // other coefficients the same, standard errors ÷ √1e5, deviance × 1e5. R agrees: 14.5574479026937,
    // se(treatment2) 0.000632455532033675, deviance 512914.107700115.
    const fit = fitPoissonGlm({ y: dobsonCounts.map((c) => c * 100_000), x: dobsonDesign() });
    expect(fit.converged).toBe(true);
    near(fit.coefficients[0], 14.5574479026937, 1e-10);
    near(fit.coefficients[1], -0.454255272277597, 1e-10);
    near(fit.standardErrors[3], 0.2 / Math.sqrt(1e5), 1e-12);
    near(fit.standardErrors[1], 0.000639320075337978, 1e-10);
    near(fit.deviance, 512914.107700115, 1e-9);
  });

  it('uses the offset as log exposure (quarterly series with trend, step and quarter)', () => {
    // 24 financial-year quarters, April 2014 – March 2020; days per quarter and counts below.
    // R: glm(y ~ tc + after + factor(q) + offset(log(days)), family = poisson)
    //   coef: -0.88863273363072, 0.0145637538652065, 0.534934603593807, 0.174734409464967, -0.0341794770598023, -0.113501798273172
    //   se:   0.0784339194258362, 0.00860608288302811, 0.119335893040846, 0.0810728449520721, 0.0821833121196458, 0.0821659063132192
    //   deviance 14.5596506066372, Pearson 14.4419175403807, df 18
    const days = [91, 92, 92, 90, 91, 92, 92, 91, 91, 92, 92, 90, 91, 92, 92, 90, 91, 92, 92, 90, 91, 92, 92, 91];
    const y = [31, 35, 30, 33, 43, 37, 28, 36, 49, 36, 32, 28, 66, 70, 66, 60, 83, 59, 65, 85, 92, 66, 63, 75];
    const x = y.map((_, i) => {
      const calendarQuarter = [2, 3, 4, 1][i % 4]; // Apr, Jul, Oct, Jan starts
      return [
        1,
        i - 11.5,
        i >= 12 ? 1 : 0,
        calendarQuarter === 2 ? 1 : 0,
        calendarQuarter === 3 ? 1 : 0,
        calendarQuarter === 4 ? 1 : 0,
      ];
    });
    const fit = fitPoissonGlm({ y, x, offset: days.map(Math.log) });
    expect(fit.converged).toBe(true);
    const coef = [
      -0.88863273363072, 0.0145637538652065, 0.534934603593807, 0.174734409464967, -0.0341794770598023,
      -0.113501798273172,
    ];
    const se = [
      0.0784339194258362, 0.00860608288302811, 0.119335893040846, 0.0810728449520721, 0.0821833121196458,
      0.0821659063132192,
    ];
    for (const [j, c] of coef.entries()) near(fit.coefficients[j], c, 1e-9);
    for (const [j, s] of se.entries()) near(fit.standardErrors[j], s, 1e-9);
    near(fit.deviance, 14.5596506066372, 1e-9);
    near(fit.pearsonChi2, 14.4419175403807, 1e-9);
    expect(fit.dfResidual).toBe(18);
  });

  it('copes with zero counts', () => {
    // R: glm(y ~ x + offset(log(d)), family = poisson) with y = 0,1,0,2,3,1,4,2,5,6
    //   coef -3.35072077773982, 0.28820715008026; se 0.679845234178024, 0.0864636469036202
    //   deviance 6.05726684094821, Pearson 5.00464718347216
    const y = [0, 1, 0, 2, 3, 1, 4, 2, 5, 6];
    const d = [10, 12, 9, 11, 10, 10, 12, 11, 10, 9];
    const fit = fitPoissonGlm({ y, x: y.map((_, i) => [1, i + 1]), offset: d.map(Math.log) });
    expect(fit.converged).toBe(true);
    near(fit.coefficients[0], -3.35072077773982, 1e-9);
    near(fit.coefficients[1], 0.28820715008026, 1e-9);
    near(fit.standardErrors[0], 0.679845234178024, 1e-9);
    near(fit.standardErrors[1], 0.0864636469036202, 1e-9);
    near(fit.deviance, 6.05726684094821, 1e-9);
    near(fit.pearsonChi2, 5.00464718347216, 1e-9);
  });

  it('reports failure instead of numbers', () => {
    const collinear = fitPoissonGlm({
      y: [1, 2, 3, 4],
      x: [
        [1, 2],
        [1, 2],
        [1, 2],
        [1, 2],
      ],
    });
    expect(collinear.converged).toBe(false);
    expect(collinear.failure).toMatch(/collinear/);
    expect(collinear.coefficients.every(Number.isNaN)).toBe(true);

    expect(
      fitPoissonGlm({
        y: [1, 2],
        x: [
          [1, 0],
          [1, 1],
        ],
      }).failure,
    ).toMatch(/cannot fit/);
    expect(fitPoissonGlm({ y: [1, -2, 3], x: [[1], [1], [1]] }).failure).toMatch(/negative/);
    // A group whose counts are all 0 sends its coefficient to −∞: no convergence within the cap.
    const diverging = fitPoissonGlm({
      y: [0, 0, 0, 5, 6, 7],
      x: [
        [1, 1],
        [1, 1],
        [1, 1],
        [1, 0],
        [1, 0],
        [1, 0],
      ],
    });
    expect(diverging.converged).toBe(false);
    expect(diverging.failure).toMatch(/no convergence/);
  });
});

describe('poissonDeviance', () => {
  it('is twice the sum of y ln(y/μ) − (y − μ), with 0 ln 0 = 0', () => {
    // 2[(2 ln(2/1) − 1) + (0 + 3)] = 2(1.386294361 − 1 + 3) = 6.772588722
    expect(poissonDeviance([2, 0], [1, 3])).toBeCloseTo(2 * (2 * Math.log(2) - 1 + 3), 14);
    expect(poissonDeviance([4, 4], [4, 4])).toBe(0);
  });
});
