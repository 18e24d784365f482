import { describe, expect, it } from 'vitest';
import {
  chiSquaredUpper,
  poissonCdf,
  poissonPmf,
  regularizedGamma,
} from '../../../src/analyses/stats/incompleteGamma.js';

function near(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

// References: R 4.2 with options(digits = 17): pgamma(x, a [, lower.tail = FALSE]), ppois, dpois, pchisq.

describe('regularizedGamma', () => {
  it('matches R from small shapes to the size of London counts', () => {
    near(regularizedGamma(0.5, 0.2), 0.47291074313446191, 1e-13); // pgamma(0.2, 0.5)
    near(regularizedGamma(3, 2.5, true), 0.54381311588332959, 1e-13); // pgamma(2.5, 3, lower.tail = FALSE)
    near(regularizedGamma(10, 12), 0.75760783832948764, 1e-13); // pgamma(12, 10)
    near(regularizedGamma(100, 90), 0.15822098918643021, 1e-13); // pgamma(90, 100)
    near(regularizedGamma(32000, 31800), 0.13167517571447424, 1e-11); // pgamma(31800, 32000)
    near(regularizedGamma(32001, 32200, true), 0.1330709521312109, 1e-11); // pgamma(32200, 32001, lower = F)
    near(regularizedGamma(64777, 64776), 0.49895501300185047, 1e-11); // pgamma(64776, 64777)
    near(regularizedGamma(5.5, 30, true), 9.2721615028364259e-9, 1e-11); // pgamma(30, 5.5, lower = F)
  });

  it('keeps the edges and rejects impossible shapes', () => {
    expect(regularizedGamma(2, 0)).toBe(0);
    expect(regularizedGamma(2, 0, true)).toBe(1);
    expect(regularizedGamma(2, Infinity)).toBe(1);
    expect(regularizedGamma(0, 1)).toBeNaN();
    expect(regularizedGamma(2, Number.NaN)).toBeNaN();
  });
});

describe('Poisson and chi-squared distribution functions', () => {
  it('match R', () => {
    near(poissonCdf(40787, 40000), 0.99995672790997059, 1e-13); // ppois(40787, 40000)
    near(poissonPmf(40787, 40000), 9.018381702321341e-7, 1e-11); // dpois(40787, 40000)
    near(poissonCdf(3, 0.5), 0.9982483774437092, 1e-14); // ppois(3, 0.5)
    near(poissonPmf(0, 2.5), 0.0820849986238988, 1e-14); // dpois(0, 2.5) = exp(-2.5)
    near(poissonCdf(0, 1e-3), 0.99900049983337502, 1e-14); // ppois(0, 1e-3) = exp(-0.001)
    near(chiSquaredUpper(152.233008082373, 12), 1.9967645908462381e-26, 1e-10); // pchisq(…, 12, lower = F)
    near(chiSquaredUpper(3.84145882069412, 1), 0.05, 1e-12); // qchisq(0.95, 1) = 3.84145882069412
  });

  it('handles zero rates and counts below zero', () => {
    expect(poissonCdf(-1, 3)).toBe(0);
    expect(poissonCdf(0, 0)).toBe(1);
    expect(poissonPmf(0, 0)).toBe(1);
    expect(poissonPmf(2, 0)).toBe(0);
    expect(poissonPmf(1.5, 2)).toBeNaN();
    expect(chiSquaredUpper(1, 0)).toBeNaN();
  });
});
