import { chiSquaredUpper, poissonCdf, poissonPmf } from './incompleteGamma.js';
import { normalQuantile, twoSidedZ } from './normal.js';
import { seededRandom } from './prng.js';

/**
 * Funnel plot for comparing areas' rates: Spiegelhalter, D. J. (2005) "Funnel plots for comparing
 * institutional performance", Statistics in Medicine 24:1185–1202 (below "SiM"), and "Handling
 * over-dispersion of performance indicators", Quality and Safety in Health Care 14:347–351 ("QSHC").
 *
 * Every rate is per `per` residents. The target is the overall rate Σ count / Σ population. For an
 * area of population ρ the Poisson standard error of its rate at the target θ is s = √(θ · per / ρ)
 * (SiM, Poisson rates), so its z-score (y − θ) / s equals (O − E) / √E with E = θρ / per.
 *
 * Limits:
 * - no over-dispersion: exact Poisson limits, interpolated between counts so the funnel is smooth
 *   (SiM, appendix on exact limits): r_p is the p-quantile of Poisson(E),
 *   α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)), and the limit is (r_p − α) · per / ρ. Exact, because
 *   small areas have few offences;
 * - multiplicative over-dispersion: θ ± z √φ s (SiM and QSHC, over-dispersion sections);
 * - additive (random effects) over-dispersion: θ ± z √(s² + τ²) (same sections).
 * The over-dispersed limits are normal approximations, as in both papers: they are only used when
 * the spread between areas dwarfs the Poisson noise, which is when the approximation is harmless.
 */

export interface FunnelUnit {
  name: string;
  /** Recorded offences; null when unknown. */
  count: number | null;
  /** Residents; null when unknown (e.g. a force without residents). */
  population: number | null;
}

export type OverdispersionMethod = 'none' | 'multiplicative' | 'additive';

/** How the limits are widened: φ for multiplicative, τ² (in squared rate-per-`per` units) for additive. */
export interface FunnelDispersion {
  method: OverdispersionMethod;
  phi: number;
  tau2: number;
}

export const POISSON_ONLY: FunnelDispersion = { method: 'none', phi: 1, tau2: 0 };

export interface FunnelInterval {
  low: number;
  high: number;
}

export interface OverdispersionEstimate {
  n: number;
  /** Fraction Winsorised at each tail. */
  winsorise: number;
  /** φ = (1/n) Σ z_w², the mean squared Winsorised z-score (SiM; QSHC). */
  phi: number;
  /** nφ: about χ² with n − 1 degrees of freedom when areas differ only by Poisson noise. */
  statistic: number;
  df: number;
  /** P(χ²(n − 1) ≥ nφ); approximate, since the z-scores were Winsorised. */
  pValue: number;
  /** φ > 1: the paper's criterion for allowing for over-dispersion. */
  overdispersed: boolean;
  /**
   * DerSimonian–Laird between-area variance (SiM; QSHC; DerSimonian & Laird 1986):
   * τ² = max(0, (nφ − (n − 1)) / (Σw − Σw² / Σw)), w = 1 / s².
   */
  tau2: number;
}

export type FunnelFlag = 'above' | 'below' | 'within';

export interface FunnelRow {
  name: string;
  count: number;
  population: number;
  /** Offences expected at the target rate: target × population / per. */
  expected: number;
  /** count / population × per. */
  rate: number;
  /** (O − E) / √E, against Poisson noise alone; null when the target is 0. */
  z: number | null;
  /** z against the limits in use: z / √φ (multiplicative), (y − θ) / √(s² + τ²) (additive), z (none). */
  zAdjusted: number | null;
  limits95: FunnelInterval;
  limits998: FunnelInterval;
  /** Outside the limits at the flag level (the 99.8 % limits unless asked otherwise). */
  flag: FunnelFlag;
  /** 1 = highest rate; areas with equal rates share the better rank. */
  rank: number;
  /** 2.5th and 97.5th percentiles of the simulated rank. */
  rankLow: number;
  rankHigh: number;
}

export interface FunnelExclusion {
  name: string;
  reason: string;
}

export interface FunnelOptions {
  /** Rates are per this many residents, e.g. 1000. */
  per: number;
  /** Default 'additive', which QSHC finds to have "a stronger conceptual foundation". */
  overdispersion?: OverdispersionMethod;
  /** Fraction Winsorised at each tail before φ is estimated; default 0.1, the papers' choice. */
  winsorise?: number;
  /** Limits that set the flag; default 0.998. */
  flagLevel?: 0.95 | 0.998;
  /** Seed of the rank simulation; default 1. */
  seed?: number;
  /** Simulated rankings; default 2000. */
  rankDraws?: number;
}

export interface FunnelResult {
  per: number;
  /** Overall rate per `per`; null when no area could be used. */
  target: number | null;
  totalCount: number;
  totalPopulation: number;
  rows: FunnelRow[];
  /** Areas left out, in input order, with the reason. */
  excluded: FunnelExclusion[];
  /** Null with fewer than MIN_UNITS_FOR_OVERDISPERSION areas or no offences at all. */
  overdispersion: OverdispersionEstimate | null;
  requested: OverdispersionMethod;
  /** What the limits actually used (falls back to 'none' when φ ≤ 1 or φ cannot be estimated). */
  dispersion: FunnelDispersion;
  flagLevel: number;
  seed: number;
  rankDraws: number;
  notes: string[];
}

/** Below this many areas φ and τ² are not estimated (three z-scores barely define a spread). */
export const MIN_UNITS_FOR_OVERDISPERSION = 3;
export const DEFAULT_WINSORISE = 0.1;
export const DEFAULT_RANK_DRAWS = 2000;

/**
 * Quantile of sorted values by linear interpolation between order statistics (Hyndman & Fan type 7,
 * R's default, as FunnelPlotR uses for Winsorising).
 */
function quantileType7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * φ and τ² from z-scores and their standard errors (SiM; QSHC). z-scores beyond the `winsorise`
 * and 1 − `winsorise` quantiles are pulled in to those quantiles so that a few genuine outliers do
 * not inflate the estimate. Returns null with fewer than MIN_UNITS_FOR_OVERDISPERSION values, or
 * when a value is not finite or a standard error not positive.
 */
export function estimateOverdispersion(
  z: readonly number[],
  s: readonly number[],
  winsorise = DEFAULT_WINSORISE,
): OverdispersionEstimate | null {
  const n = z.length;
  if (n < MIN_UNITS_FOR_OVERDISPERSION || s.length !== n) return null;
  if (!z.every(Number.isFinite) || !s.every((v) => Number.isFinite(v) && v > 0)) return null;
  if (!(winsorise >= 0 && winsorise < 0.5)) return null;

  const sorted = [...z].sort((a, b) => a - b);
  const lower = quantileType7(sorted, winsorise);
  const upper = quantileType7(sorted, 1 - winsorise);
  let sumSquares = 0;
  for (const v of z) {
    const w = Math.min(Math.max(v, lower), upper);
    sumSquares += w * w;
  }
  const phi = sumSquares / n;
  const statistic = n * phi;

  let sumW = 0;
  let sumW2 = 0;
  for (const v of s) {
    const w = 1 / (v * v);
    sumW += w;
    sumW2 += w * w;
  }
  const tau2 = Math.max(0, (statistic - (n - 1)) / (sumW - sumW2 / sumW));
  return {
    n,
    winsorise,
    phi,
    statistic,
    df: n - 1,
    pValue: chiSquaredUpper(statistic, n - 1),
    overdispersed: phi > 1,
    tau2,
  };
}

/** Smallest r with P(Y ≤ r) ≥ p for Y ~ Poisson(λ) (R's qpois), from a Cornish–Fisher start. */
function poissonQuantile(p: number, lambda: number): number {
  const z = normalQuantile(p);
  let r = Math.max(0, Math.floor(lambda + z * Math.sqrt(lambda) + (z * z - 1) / 6));
  if (poissonCdf(r, lambda) >= p) {
    while (r > 0 && poissonCdf(r - 1, lambda) >= p) r--;
  } else {
    do r++;
    while (poissonCdf(r, lambda) < p);
  }
  return r;
}

/** SiM, appendix on exact limits: the interpolated p-quantile of a Poisson(λ) count, (r_p − α). */
function interpolatedPoissonQuantile(p: number, lambda: number): number {
  const r = poissonQuantile(p, lambda);
  const alpha = (poissonCdf(r, lambda) - p) / poissonPmf(r, lambda);
  return Math.max(0, r - alpha);
}

/**
 * Funnel limits, on the rate-per-`per` scale, for an area of `population` residents around
 * `target` (a rate per `per`), at a two-sided `level` such as 0.95 or 0.998. A lower limit that
 * would fall below zero is set to zero.
 */
export function funnelLimits(
  target: number,
  population: number,
  level: number,
  dispersion: FunnelDispersion = POISSON_ONLY,
  per = 1,
): FunnelInterval {
  if (!(target >= 0) || !(population > 0) || !(level > 0 && level < 1) || !(per > 0)) {
    return { low: Number.NaN, high: Number.NaN };
  }
  if (target === 0) return { low: 0, high: 0 };
  const tail = (1 - level) / 2;
  if (dispersion.method === 'none') {
    const lambda = (target * population) / per;
    return {
      low: (interpolatedPoissonQuantile(tail, lambda) * per) / population,
      high: (interpolatedPoissonQuantile(1 - tail, lambda) * per) / population,
    };
  }
  const s2 = (target * per) / population;
  const spread =
    dispersion.method === 'multiplicative' ? Math.sqrt(dispersion.phi * s2) : Math.sqrt(s2 + dispersion.tau2);
  const halfWidth = twoSidedZ(level) * spread;
  return { low: Math.max(0, target - halfWidth), high: target + halfWidth };
}

export interface FunnelCurvePoint {
  population: number;
  low95: number;
  high95: number;
  low998: number;
  high998: number;
}

/**
 * Limit curves for drawing: `points` populations spaced evenly on a log scale from `from` to `to`
 * (funnels span orders of magnitude of population), each with its 95 % and 99.8 % limits.
 */
export function funnelCurve(
  target: number,
  dispersion: FunnelDispersion,
  per: number,
  range: { from: number; to: number; points?: number },
): FunnelCurvePoint[] {
  const points = range.points ?? 100;
  if (!(range.from > 0) || !(range.to >= range.from) || !Number.isInteger(points) || points < 1) return [];
  const step = points === 1 ? 0 : Math.log(range.to / range.from) / (points - 1);
  const out: FunnelCurvePoint[] = [];
  for (let i = 0; i < points; i++) {
    const population = i === points - 1 ? range.to : range.from * Math.exp(step * i);
    const l95 = funnelLimits(target, population, 0.95, dispersion, per);
    const l998 = funnelLimits(target, population, 0.998, dispersion, per);
    out.push({ population, low95: l95.low, high95: l95.high, low998: l998.low, high998: l998.high });
  }
  return out;
}

function exclusionReason(unit: FunnelUnit): string | null {
  const { count, population } = unit;
  if (population === null || population === undefined || Number.isNaN(population)) return 'no population';
  if (!Number.isFinite(population) || population <= 0) return `population ${population} is not a positive number`;
  if (count === null || count === undefined || Number.isNaN(count)) return 'no count';
  if (!Number.isFinite(count) || count < 0 || !Number.isInteger(count)) {
    return `count ${count} is not a whole number, 0 or more`;
  }
  return null;
}

/** Standard competition ranking, 1 = highest: one more than the number of strictly higher values. */
function ranksDescending(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const ranks = new Array<number>(values.length);
  for (let k = 0; k < order.length; k++) {
    ranks[order[k][1]] = k > 0 && order[k][0] === order[k - 1][0] ? ranks[order[k - 1][1]] : k + 1;
  }
  return ranks;
}

/**
 * Ranking uncertainty (Goldstein & Spiegelhalter 1996, "League tables and their limitations", JRSS A
 * 159:385–443): each draw takes every area's rate from its posterior under Jeffreys' prior,
 * Gamma(O + ½, ρ), ranks the draws, and the interval is the 2.5th–97.5th percentile of each area's ranks (the order
 * statistics ⌈0.025 D⌉ and ⌈0.975 D⌉ of D draws, so ranks stay whole).
 */
function rankIntervals(counts: readonly number[], populations: readonly number[], draws: number, seed: number) {
  const n = counts.length;
  const random = seededRandom(seed);
  const ranksByUnit: number[][] = Array.from({ length: n }, () => []);
  const rates = new Array<number>(n);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < n; i++) rates[i] = random.gamma(counts[i] + 0.5) / populations[i];
    const ranks = ranksDescending(rates);
    for (let i = 0; i < n; i++) ranksByUnit[i].push(ranks[i]);
  }
  const lowAt = Math.max(0, Math.ceil(0.025 * draws) - 1);
  const highAt = Math.max(0, Math.ceil(0.975 * draws) - 1);
  return ranksByUnit.map((r) => {
    r.sort((a, b) => a - b);
    return { low: r[lowAt], high: r[highAt] };
  });
}

function checkOptions(options: FunnelOptions): void {
  const { per, winsorise, flagLevel, rankDraws, seed, overdispersion } = options;
  if (!(Number.isFinite(per) && per > 0)) throw new RangeError(`per must be a positive number (got ${per})`);
  if (winsorise !== undefined && !(winsorise >= 0 && winsorise < 0.5)) {
    throw new RangeError(`winsorise must lie in [0, 0.5) (got ${winsorise})`);
  }
  if (flagLevel !== undefined && flagLevel !== 0.95 && flagLevel !== 0.998) {
    throw new RangeError(`flagLevel must be 0.95 or 0.998 (got ${flagLevel})`);
  }
  if (rankDraws !== undefined && !(Number.isInteger(rankDraws) && rankDraws >= 1)) {
    throw new RangeError(`rankDraws must be a whole number, 1 or more (got ${rankDraws})`);
  }
  if (seed !== undefined && !Number.isInteger(seed)) throw new RangeError(`seed must be a whole number (got ${seed})`);
  if (overdispersion !== undefined && !['none', 'multiplicative', 'additive'].includes(overdispersion)) {
    throw new RangeError(`overdispersion must be none, multiplicative or additive (got ${overdispersion})`);
  }
}

/**
 * Compares areas' rates with a funnel plot. Areas without a positive population or a whole-number
 * count are left out and listed in `excluded` with the reason; the rest keep their input order.
 */
export function funnel(units: readonly FunnelUnit[], options: FunnelOptions): FunnelResult {
  checkOptions(options);
  const per = options.per;
  const requested = options.overdispersion ?? 'additive';
  const winsorise = options.winsorise ?? DEFAULT_WINSORISE;
  const flagLevel = options.flagLevel ?? 0.998;
  const seed = options.seed ?? 1;
  const rankDraws = options.rankDraws ?? DEFAULT_RANK_DRAWS;
  const notes: string[] = [];

  const excluded: FunnelExclusion[] = [];
  const kept: { name: string; count: number; population: number }[] = [];
  for (const unit of units) {
    const reason = exclusionReason(unit);
    if (reason) excluded.push({ name: unit.name, reason });
    else kept.push({ name: unit.name, count: unit.count as number, population: unit.population as number });
  }
  const totalCount = kept.reduce((sum, u) => sum + u.count, 0);
  const totalPopulation = kept.reduce((sum, u) => sum + u.population, 0);
  const base = { per, totalCount, totalPopulation, excluded, requested, flagLevel, seed, rankDraws };
  if (kept.length === 0) {
    notes.push('no area has both a count and a positive population: nothing to compare');
    return { ...base, target: null, rows: [], overdispersion: null, dispersion: POISSON_ONLY, notes };
  }

  const target = (totalCount / totalPopulation) * per;
  const s = kept.map((u) => Math.sqrt((target * per) / u.population));
  const rates = kept.map((u) => (u.count / u.population) * per);
  const z = target > 0 ? rates.map((y, i) => (y - target) / s[i]) : null;

  let overdispersion: OverdispersionEstimate | null = null;
  if (!z) {
    notes.push('no offences in any area: the target rate is 0, so there are no z-scores or over-dispersion estimate');
  } else if (kept.length < MIN_UNITS_FOR_OVERDISPERSION) {
    notes.push(`over-dispersion is not estimated from fewer than ${MIN_UNITS_FOR_OVERDISPERSION} areas`);
  } else {
    overdispersion = estimateOverdispersion(z, s, winsorise);
  }

  let dispersion: FunnelDispersion = POISSON_ONLY;
  if (requested !== 'none' && overdispersion) {
    if (overdispersion.overdispersed) {
      dispersion = { method: requested, phi: overdispersion.phi, tau2: overdispersion.tau2 };
    } else {
      notes.push(`φ = ${overdispersion.phi.toFixed(3)} is not above 1: Poisson limits are used`);
    }
  } else if (requested !== 'none') {
    notes.push('over-dispersion could not be estimated: Poisson limits are used');
  }

  const zAdjustedOf = (i: number): number | null => {
    if (!z) return null;
    if (dispersion.method === 'multiplicative') return z[i] / Math.sqrt(dispersion.phi);
    if (dispersion.method === 'additive') return (rates[i] - target) / Math.sqrt(s[i] * s[i] + dispersion.tau2);
    return z[i];
  };

  const observedRanks = ranksDescending(rates);
  const intervals = rankIntervals(
    kept.map((u) => u.count),
    kept.map((u) => u.population),
    rankDraws,
    seed,
  );

  const rows: FunnelRow[] = kept.map((u, i) => {
    const limits95 = funnelLimits(target, u.population, 0.95, dispersion, per);
    const limits998 = funnelLimits(target, u.population, 0.998, dispersion, per);
    const flagLimits = flagLevel === 0.95 ? limits95 : limits998;
    const rate = rates[i];
    const flag: FunnelFlag = rate > flagLimits.high ? 'above' : rate < flagLimits.low ? 'below' : 'within';
    return {
      name: u.name,
      count: u.count,
      population: u.population,
      expected: (target * u.population) / per,
      rate,
      z: z ? z[i] : null,
      zAdjusted: zAdjustedOf(i),
      limits95,
      limits998,
      flag,
      rank: observedRanks[i],
      rankLow: intervals[i].low,
      rankHigh: intervals[i].high,
    };
  });
  return { ...base, target, rows, overdispersion, dispersion, notes };
}
