import { describe, expect, it } from 'vitest';
import {
  estimateOverdispersion,
  type FunnelUnit,
  funnel,
  funnelCurve,
  funnelLimits,
  MIN_UNITS_FOR_OVERDISPERSION,
  POISSON_ONLY,
} from '../../../src/analyses/stats/funnel.js';

function near(actual: number | null | undefined, expected: number, rel = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  const tolerance = rel * Math.max(Math.abs(expected), 1e-12);
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
}

// Reference values: tests/analyses/stats/reference/funnel.R (R 4.2, options(digits = 15)), an
// independent implementation with R's qpois, ppois, quantile(type = 7), qnorm and pchisq:
//   exact_limit <- function(target, pop, p, per) {
//     lambda <- target / per * pop; r <- qpois(p, lambda)
//     alpha <- (ppois(r, lambda) - p) / (ppois(r, lambda) - ppois(r - 1, lambda))
//     pmax(0, r - alpha) / pop * per }
//   z <- (count - E) / sqrt(E); q <- quantile(z, c(.1, .9)); zw <- pmin(pmax(z, q[1]), q[2])
//   phi <- mean(zw^2); w <- 1 / s^2; tau2 <- max(0, (n * phi - (n - 1)) / (sum(w) - sum(w^2) / sum(w)))
//   additive limits: pmax(0, target -/+ qnorm(0.999) * sqrt(s^2 + tau2)), s = sqrt(target * per / pop)

describe('funnelLimits: exact Poisson limits, interpolated', () => {
  it('matches R at 99.8 % and 95 % for populations from 100 to 1,000,000 (target 5 per 1000)', () => {
    const pops = [100, 1000, 12345, 1e6];
    // R: exact_limit(5, pops, 0.001 / 0.999 / 0.025 / 0.975, 1000)
    const low998 = [0, 0, 3.1095637131771, 4.7824142081383];
    const high998 = [34.75858980900366, 12.77135378163988, 7.03846596514278, 5.2194357076619];
    const low95 = [0, 0.542065795512883, 3.749957160087261, 4.861382156425636];
    const high95 = [18.60025911461, 9.37655858766277, 6.24436984598251, 5.13856510951147];
    pops.forEach((pop, i) => {
      const l998 = funnelLimits(5, pop, 0.998, POISSON_ONLY, 1000);
      const l95 = funnelLimits(5, pop, 0.95, POISSON_ONLY, 1000);
      if (low998[i] === 0) expect(l998.low).toBe(0);
      else near(l998.low, low998[i], 1e-10);
      near(l998.high, high998[i], 1e-10);
      if (low95[i] === 0) expect(l95.low).toBe(0);
      else near(l95.low, low95[i], 1e-10);
      near(l95.high, high95[i], 1e-10);
    });
  });

  it('is continuous in population: the interpolation leaves no steps between whole counts', () => {
    // Expected counts 99.99 and 100.01 straddle nothing special, but without interpolation the
    // limit jumps by 1 / population whenever the Poisson quantile steps; with it the change is tiny.
    const a = funnelLimits(5, 19_998, 0.998, POISSON_ONLY, 1000).high;
    const b = funnelLimits(5, 20_002, 0.998, POISSON_ONLY, 1000).high;
    expect(Math.abs(a - b)).toBeLessThan(0.002);
  });

  it('widens by √φ (multiplicative) or adds τ² (additive), on the normal approximation', () => {
    // Hand: s² = 5 · 1000 / 10000 = 0.5; z(0.999) = 3.090232306167814 (R: qnorm(0.999)).
    const z = 3.090232306167814;
    const mult = funnelLimits(5, 10_000, 0.998, { method: 'multiplicative', phi: 4, tau2: 0 }, 1000);
    near(mult.high, 5 + z * Math.sqrt(4 * 0.5), 1e-14);
    near(mult.low, 5 - z * Math.sqrt(4 * 0.5), 1e-14);
    const add = funnelLimits(5, 10_000, 0.998, { method: 'additive', phi: 4, tau2: 0.25 }, 1000);
    near(add.high, 5 + z * Math.sqrt(0.5 + 0.25), 1e-14);
    // A lower limit below zero is reported as zero.
    expect(funnelLimits(5, 100, 0.998, { method: 'additive', phi: 1, tau2: 9 }, 1000).low).toBe(0);
  });

  it('returns NaN limits for impossible input and zero limits for a zero target', () => {
    expect(funnelLimits(5, 0, 0.95).low).toBeNaN();
    expect(funnelLimits(-1, 100, 0.95).high).toBeNaN();
    expect(funnelLimits(5, 100, 1).high).toBeNaN();
    expect(funnelLimits(0, 100, 0.95)).toEqual({ low: 0, high: 0 });
  });
});

describe('estimateOverdispersion: DerSimonian–Laird τ² against a published worked example', () => {
  // BCG vaccine trials (Colditz et al. 1994, JAMA 271:698), the worked example of the metafor
  // package (Viechtbauer 2010, J Stat Softw 36(3)): log risk ratios, random effects by
  // DerSimonian–Laird give Q = 152.2330 and τ² = 0.3088. Full digits from metafor 3.8-1:
  //   dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
  //   rma(yi, vi, data = dat, method = "DL") → tau2 0.308760262862376, QE 152.233008082373
  // With no Winsorising and z-scores taken against the inverse-variance weighted mean, nφ is
  // Cochran's Q and the funnel's τ² is the DerSimonian–Laird estimate.
  const bcg = [
    [4, 119, 11, 128],
    [6, 300, 29, 274],
    [3, 228, 11, 209],
    [62, 13536, 248, 12619],
    [33, 5036, 47, 5761],
    [180, 1361, 372, 1079],
    [8, 2537, 10, 619],
    [505, 87886, 499, 87892],
    [29, 7470, 45, 7232],
    [17, 1699, 65, 1600],
    [186, 50448, 141, 27197],
    [5, 2493, 3, 2338],
    [27, 16886, 29, 17825],
  ];
  const y = bcg.map(([a, b, c, d]) => Math.log(a / (a + b) / (c / (c + d))));
  const s = bcg.map(([a, b, c, d]) => Math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)));
  const w = s.map((v) => 1 / (v * v));
  const mean = y.reduce((acc, v, i) => acc + w[i] * v, 0) / w.reduce((acc, v) => acc + v, 0);
  const z = y.map((v, i) => (v - mean) / s[i]);

  it('reproduces Q and τ²', () => {
    const od = estimateOverdispersion(z, s, 0)!;
    near(od.statistic, 152.233008082373, 1e-12);
    near(od.tau2, 0.308760262862376, 1e-12);
    expect(od.df).toBe(12);
    // R: pchisq(152.233008082373, 12, lower.tail = FALSE) = 1.996764590846e-26 (metafor's QEp)
    near(od.pValue, 1.996764590846e-26, 1e-9);
    expect(od.overdispersed).toBe(true);
  });

  it('returns null when φ cannot be estimated', () => {
    expect(estimateOverdispersion([1, 2], [1, 1])).toBeNull();
    expect(MIN_UNITS_FOR_OVERDISPERSION).toBe(3);
    expect(estimateOverdispersion([1, 2, Number.NaN], [1, 1, 1])).toBeNull();
    expect(estimateOverdispersion([1, 2, 3], [1, 0, 1])).toBeNull();
    expect(estimateOverdispersion([1, 2, 3], [1, 1, 1], 0.5)).toBeNull();
  });

  it('gives τ² = 0 when the z-scores spread less than Poisson noise', () => {
    const od = estimateOverdispersion([0.1, -0.2, 0.3, -0.1], [1, 1, 1, 1], 0)!;
    near(od.phi, (0.01 + 0.04 + 0.09 + 0.01) / 4, 1e-14);
    expect(od.tau2).toBe(0);
    expect(od.overdispersed).toBe(false);
  });
});

/** Ten synthetic areas (counts and residents), plus three that must be left out. */
const AREAS: FunnelUnit[] = [
  { name: 'A', count: 12, population: 4000 },
  { name: 'B', count: 150, population: 52000 },
  { name: 'C', count: 480, population: 98000 },
  { name: 'D', count: 75, population: 31000 },
  { name: 'E', count: 1300, population: 205000 },
  { name: 'F', count: 33, population: 9000 },
  { name: 'G', count: 610, population: 150000 },
  { name: 'H', count: 2, population: 1500 },
  { name: 'I', count: 0, population: 800 },
  { name: 'J', count: 900, population: 260000 },
];
const LEFT_OUT: FunnelUnit[] = [
  { name: 'no residents', count: 5, population: 0 },
  { name: 'no count', count: null, population: 1000 },
  { name: 'no population', count: 10, population: null },
  { name: 'fractional count', count: 2.5, population: 1000 },
];

describe('funnel on synthetic areas (R: funnel_ref(count, pop, per = 1000))', () => {
  const byName = (r: ReturnType<typeof funnel>, name: string) => r.rows.find((row) => row.name === name)!;

  it('computes the target, z-scores, φ, τ² and the χ² test as R does', () => {
    const r = funnel([...AREAS, ...LEFT_OUT], { per: 1000 });
    near(r.target, 4.39048440774066, 1e-13); // 3562 / 811300 × 1000
    const z = [
      -1.3272107764451, -5.18242053888042, 2.39756990597835, -5.23769011680387, 13.33132472870276, -1.03632090455781,
      -1.89273602740269, -1.78692494134265, -1.87413647480447, -7.1485983783884,
    ];
    r.rows.forEach((row, i) => near(row.z, z[i], 1e-12));
    near(r.overdispersion!.phi, 11.4820971489897, 1e-12);
    near(r.overdispersion!.tau2, 0.73517486841004, 1e-12);
    near(r.overdispersion!.pValue, 1.5296166704061e-20, 1e-9); // pchisq(10 · phi, 9, lower.tail = FALSE)
    expect(r.totalCount).toBe(3562);
    expect(r.totalPopulation).toBe(811300);
    expect(r.excluded).toEqual([
      { name: 'no residents', reason: 'population 0 is not a positive number' },
      { name: 'no count', reason: 'no count' },
      { name: 'no population', reason: 'no population' },
      { name: 'fractional count', reason: 'count 2.5 is not a whole number, 0 or more' },
    ]);
    expect(r.rows.map((row) => row.name)).toEqual(AREAS.map((a) => a.name));
  });

  it('uses additive limits by default and flags nothing here at 99.8 %', () => {
    const r = funnel(AREAS, { per: 1000 });
    expect(r.requested).toBe('additive');
    expect(r.dispersion.method).toBe('additive');
    // R add998 and add95, rows A, E and H
    near(byName(r, 'A').limits998.low, 0.206903338754786, 1e-10);
    near(byName(r, 'A').limits998.high, 8.57406547672654, 1e-12);
    near(byName(r, 'E').limits998.low, 1.702529602554268, 1e-10);
    near(byName(r, 'E').limits95.high, 6.09530595132549, 1e-12);
    expect(byName(r, 'H').limits998.low).toBe(0);
    near(byName(r, 'H').limits998.high, 10.30419478295442, 1e-12);
    expect(r.rows.every((row) => row.flag === 'within')).toBe(true);
    // zAdjusted = (y − θ) / √(s² + τ²); for E: (6.34146341463415 − θ) / √(θ · 1000 / 205000 + τ²)
    const e = byName(r, 'E');
    const sE = Math.sqrt(4.39048440774066 / 205 + 0.73517486841004);
    near(e.zAdjusted, (6.34146341463415 - 4.39048440774066) / sE, 1e-10);
  });

  it('matches R with Poisson limits alone (none) and with the multiplicative allowance', () => {
    const none = funnel(AREAS, { per: 1000, overdispersion: 'none' });
    expect(none.dispersion).toEqual(POISSON_ONLY);
    // R flags none998: within below within below above within within within within below
    expect(none.rows.map((row) => row.flag)).toEqual([
      'within',
      'below',
      'within',
      'below',
      'above',
      'within',
      'within',
      'within',
      'within',
      'below',
    ]);
    near(byName(none, 'B').limits998.low, 3.51048569621473, 1e-10);
    near(byName(none, 'B').limits998.high, 5.3057824992469, 1e-10);
    near(byName(none, 'J').limits95.low, 4.13568488012217, 1e-10);
    near(byName(none, 'J').limits95.high, 4.64508053838128, 1e-10);
    expect(byName(none, 'I').limits998.low).toBe(0);
    near(byName(none, 'I').limits998.high, 12.58026620734448, 1e-10);

    const mult = funnel(AREAS, { per: 1000, overdispersion: 'multiplicative' });
    expect(mult.dispersion.method).toBe('multiplicative');
    // R flags mult998: only E above
    const flagged = mult.rows.filter((row) => row.flag !== 'within');
    expect(flagged.map((row) => [row.name, row.flag])).toEqual([['E', 'above']]);
    near(byName(mult, 'C').limits998.low, 2.174100854926005, 1e-10);
    near(byName(mult, 'C').limits998.high, 6.60686796055532, 1e-12);
    near(byName(mult, 'C').zAdjusted, 2.39756990597835 / Math.sqrt(11.4820971489897), 1e-10);
  });

  it('flags by the 95 % limits when asked', () => {
    const r = funnel(AREAS, { per: 1000, flagLevel: 0.95 });
    // R add95 against R rates: D 2.41935 < 2.55522 (below), E 6.34146 > 6.09531 (above); the rest inside.
    expect(r.rows.filter((row) => row.flag !== 'within').map((row) => [row.name, row.flag])).toEqual([
      ['D', 'below'],
      ['E', 'above'],
    ]);
  });

  it('Winsorises 10 % at each tail by default; 0 gives the plain mean of z²', () => {
    const r = funnel(AREAS, { per: 1000, winsorise: 0 });
    near(r.overdispersion!.phi, 30.1989287057095, 1e-12); // R: mean(z^2)
  });
});

describe('funnel ranks', () => {
  it('ranks from highest rate, with intervals close to an independent simulation', () => {
    // numpy (200,000 draws of Gamma(O + 0.5) / population, seed 20240601), ranks 1 = highest,
    // order statistics ⌈0.025 D⌉ and ⌈0.975 D⌉:
    //   rank = [6, 7, 2, 8, 1, 4, 3, 9, 10, 5]
    //   low  = [2, 5, 2, 6, 1, 2, 3, 3, 6, 4];  high = [9, 8, 3, 9, 1, 8, 5, 10, 10, 6]
    // 2,000 draws here, so an end may differ by one place.
    const r = funnel(AREAS, { per: 1000 });
    expect(r.rows.map((row) => row.rank)).toEqual([6, 7, 2, 8, 1, 4, 3, 9, 10, 5]);
    const low = [2, 5, 2, 6, 1, 2, 3, 3, 6, 4];
    const high = [9, 8, 3, 9, 1, 8, 5, 10, 10, 6];
    r.rows.forEach((row, i) => {
      expect(Math.abs(row.rankLow - low[i])).toBeLessThanOrEqual(1);
      expect(Math.abs(row.rankHigh - high[i])).toBeLessThanOrEqual(1);
      expect(row.rankLow).toBeLessThanOrEqual(row.rank);
      expect(row.rankHigh).toBeGreaterThanOrEqual(row.rank);
    });
  });

  it('is byte-identical from run to run for a seed, and shares a rank between equal rates', () => {
    const a = JSON.stringify(funnel(AREAS, { per: 1000, seed: 7 }));
    const b = JSON.stringify(funnel(AREAS, { per: 1000, seed: 7 }));
    expect(a).toBe(b);
    const twins = funnel(
      [
        { name: 'x', count: 10, population: 1000 },
        { name: 'y', count: 20, population: 2000 },
        { name: 'z', count: 1, population: 1000 },
      ],
      { per: 1000 },
    );
    expect(twins.rows.map((row) => row.rank)).toEqual([1, 1, 3]);
  });
});

describe('funnel edge cases', () => {
  it('does not estimate over-dispersion from fewer than 3 areas, and says so', () => {
    const r = funnel(AREAS.slice(0, 2), { per: 1000 });
    expect(r.overdispersion).toBeNull();
    expect(r.dispersion).toEqual(POISSON_ONLY);
    expect(r.notes).toContain('over-dispersion is not estimated from fewer than 3 areas');
    expect(r.notes).toContain('over-dispersion could not be estimated: Poisson limits are used');
    expect(r.rows).toHaveLength(2);
  });

  it('falls back to Poisson limits when φ is not above 1', () => {
    // Counts equal to their expectations: every z is 0, φ = 0.
    const flat = [1000, 2000, 4000].map((p, i) => ({ name: `u${i}`, count: p / 100, population: p }));
    const r = funnel(flat, { per: 1000 });
    expect(r.overdispersion!.phi).toBe(0);
    expect(r.dispersion.method).toBe('none');
    expect(r.notes[0]).toMatch(/^φ = 0\.000 is not above 1/);
  });

  it('handles no usable areas and no offences at all', () => {
    const none = funnel(LEFT_OUT, { per: 1000 });
    expect(none.target).toBeNull();
    expect(none.rows).toEqual([]);
    expect(none.excluded).toHaveLength(4);
    const zero = funnel(
      [1, 2, 3].map((k) => ({ name: `u${k}`, count: 0, population: k * 1000 })),
      { per: 1000 },
    );
    expect(zero.target).toBe(0);
    expect(zero.rows.every((row) => row.z === null && row.flag === 'within' && row.limits998.high === 0)).toBe(true);
    expect(zero.overdispersion).toBeNull();
  });

  it('rejects invalid options', () => {
    expect(() => funnel(AREAS, { per: 0 })).toThrow(RangeError);
    expect(() => funnel(AREAS, { per: 1000, winsorise: 0.5 })).toThrow(RangeError);
    expect(() => funnel(AREAS, { per: 1000, flagLevel: 0.9 as 0.95 })).toThrow(RangeError);
    expect(() => funnel(AREAS, { per: 1000, rankDraws: 0 })).toThrow(RangeError);
    expect(() => funnel(AREAS, { per: 1000, seed: 1.5 })).toThrow(RangeError);
  });
});

describe('funnelCurve', () => {
  it('gives limits on a log-spaced population grid that narrow as population grows', () => {
    const r = funnel(AREAS, { per: 1000 });
    const curve = funnelCurve(r.target!, r.dispersion, 1000, { from: 1000, to: 1_000_000, points: 4 });
    expect(curve[0].population).toBe(1000);
    expect(curve[3].population).toBe(1_000_000);
    near(curve[1].population, 10000, 1e-12);
    near(curve[2].population, 100000, 1e-12);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i].high998).toBeLessThan(curve[i - 1].high998);
      expect(curve[i].high95).toBeLessThan(curve[i].high998);
    }
    const at = funnelLimits(r.target!, 1_000_000, 0.998, r.dispersion, 1000);
    expect(curve[3].high998).toBe(at.high);
    expect(funnelCurve(5, POISSON_ONLY, 1000, { from: 0, to: 10 })).toEqual([]);
  });
});
