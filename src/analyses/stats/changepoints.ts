import { addDays, daysBetweenInclusive, daysInMonth, isValidDate } from '../../core/dates.js';
import { twoSidedZ } from './normal.js';
import { fitPoissonGlm } from './poissonGlm.js';

/**
 * Level shifts in a monthly or quarterly count series: the dates where the per-day rate steps up
 * or down and stays there, found without being told where to look. A register of recording changes
 * may explain a shift; that judgement belongs to the caller.
 *
 * Model: count_t ~ quasi-Poisson with mean λ_k · days_t · f_season(t) in segment k, where f are
 * month-of-year (or quarter-of-year) factors, so that the regular seasonal swing is not taken for
 * a shift. Search: optimal partitioning (Jackson et al. 2005, IEEE Signal Processing Letters
 * 12:105–108), the exact minimiser that PELT (Killick, Fearnhead & Eckley 2012, JASA 107:1590–1598)
 * speeds up by pruning; series here have at most a few hundred periods, so the O(n²) search is
 * instant and pruning is not worth its weight. It minimises
 *
 *   Σ_k D_k / φ + β · (number of breaks),   D_k = 2 Σ_t∈k [y_t ln(y_t / μ_t) − (y_t − μ_t)]
 *
 * (the Poisson deviance of segment k at its own rate), subject to every segment having at least
 * `minSegment` periods. φ, the dispersion, puts the deviance on a χ² scale; it is estimated from
 * the differences between neighbouring blocks of `minSegment` periods (blockDispersion), which a shift
 * touches only once, so it is not inflated by the shifts it is meant to judge. β defaults to
 * 2 ln n, a BIC that counts the new level and the break's position as parameters (the changepoint
 * package's "BIC1"/"SIC1").
 *
 * Seasonal factors and segments are found in turn: factors from a Poisson GLM with one level per
 * year-long block, then segments given the factors, then factors given the segments, and so on
 * until the segments stop changing (each step is the exact minimiser given the other).
 *
 * Each break's rate ratio (after / before, seasonally adjusted) and its interval come from the
 * final GLM (segment levels + seasonal factors): Wald on the log scale, with standard errors scaled
 * by √φ, φ the larger of the search's dispersion and the fit's Pearson χ² / df (and at least 1).
 * The interval is conditional on the break dates found, so it is narrower than one that allowed
 * for the search.
 */

export interface SeriesCount {
  /** ISO date of the period's first day. */
  start: string;
  /** ISO date of the period's last day. */
  end: string;
  days: number;
  count: number;
}

export type SeriesGrain = 'month' | 'quarter';

export interface LevelShiftOptions {
  grain: SeriesGrain;
  /** 'bic' (2 ln n, the default) or a number, per break, on the χ² scale. */
  penalty?: 'bic' | number;
  /** Fewest periods in a segment; default 6 for months and 2 for quarters (half a year). */
  minSegment?: number;
  /** Allow for month- or quarter-of-year seasonality; default true. */
  seasonal?: boolean;
  /** Confidence level of the rate-ratio intervals; default 0.95. */
  level?: number;
}

export interface LevelSegment {
  /** First and last period of the segment (ISO dates). */
  start: string;
  end: string;
  /** Positions of its first and last period in the series. */
  first: number;
  last: number;
  periods: number;
  count: number;
  days: number;
  /** count / days. */
  ratePerDay: number;
  /** Per-day rate in an average season (seasonal factors average 1); equals ratePerDay without seasonality. */
  adjustedRatePerDay: number | null;
}

export interface LevelShift {
  /** Position of the first period of the new segment. */
  index: number;
  /** Start date of the first period of the new segment. */
  date: string;
  before: LevelSegment;
  after: LevelSegment;
  /** Seasonally adjusted per-day rate after / before; null when the final fit failed. */
  rateRatio: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface LevelShiftFound {
  ok: true;
  grain: SeriesGrain;
  breaks: LevelShift[];
  segments: LevelSegment[];
  /** Factors by month (12) or quarter (4) of the calendar year, averaging 1; null without seasonality. */
  seasonalFactors: number[] | null;
  /** φ used in the search (from neighbouring differences, at least 1). */
  dispersionSearch: number;
  /** Pearson χ² / df of the final fit; null when it failed. Intervals use the larger of the two. */
  dispersionFit: number | null;
  /** β on the χ² scale, per break. */
  penalty: number;
  minSegment: number;
  iterations: number;
  converged: boolean;
  method: string;
  notes: string[];
}

export type LevelShiftResult = LevelShiftFound | { ok: false; reason: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_ITERATIONS = 20;
/** 1 / Φ⁻¹(0.75): turns a median absolute deviation into a normal standard deviation. */
const MAD_TO_SD = 1.482602218505602;

function parseIso(s: string): [number, number, number] | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const ymd: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidDate(...ymd) ? ymd : null;
}

/** Why the series cannot be searched, or null. Periods must be whole months or quarters, in order, without gaps. */
function invalidSeries(points: readonly SeriesCount[], grain: SeriesGrain): string | null {
  const span = grain === 'month' ? 1 : 3;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const start = parseIso(p.start);
    const end = parseIso(p.end);
    if (!start || !end) return `period ${i + 1}: dates must be valid ISO dates (got ${p.start} to ${p.end})`;
    const endMonth = start[1] + span - 1;
    const endYear = start[0] + Math.floor((endMonth - 1) / 12);
    const endMonthOfYear = ((endMonth - 1) % 12) + 1;
    const wholePeriod =
      start[2] === 1 &&
      (grain === 'month' || (start[1] - 1) % 3 === 0) &&
      end[0] === endYear &&
      end[1] === endMonthOfYear &&
      end[2] === daysInMonth(endYear, endMonthOfYear);
    if (!wholePeriod) return `period ${i + 1} (${p.start} to ${p.end}) is not a calendar ${grain}`;
    if (p.days !== daysBetweenInclusive(p.start, p.end)) {
      return `period ${i + 1} (${p.start} to ${p.end}) has ${p.days} days, not ${daysBetweenInclusive(p.start, p.end)}`;
    }
    if (!Number.isFinite(p.count) || p.count < 0) {
      return `period ${i + 1} (${p.start}): count ${p.count} is not 0 or more`;
    }
    if (i > 0 && p.start !== addDays(points[i - 1].end, 1)) {
      const gap = `${points[i - 1].end}, then ${p.start}`;
      return `periods ${i} and ${i + 1} are not consecutive (${gap}): missing periods are not filled in`;
    }
  }
  return null;
}

/** Season of a period: calendar month 0–11, or calendar quarter 0–3. */
function seasonOf(start: string, grain: SeriesGrain): number {
  const month = Number(start.slice(5, 7)) - 1;
  return grain === 'month' ? month : Math.floor(month / 3);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Dispersion at the scale of the shortest segment. The series is cut into consecutive blocks of
 * `block` periods (the minimum segment length); with block exposure E_j = Σ days · f and rate
 * R_j = Y_j / E_j, d_j = (R_j − R_{j−1}) / √(R̄ (1/E_j + 1/E_{j−1})) has variance φ under a constant
 * level, R̄ pooling the two blocks. φ = (1.4826 · MAD(d))²: a median, so the few differences that
 * straddle a shift barely move it (as with the difference-based scale of Fryzlewicz 2014, Ann Stat
 * 42:2243–2281). Blocks rather than single periods, because recorded crime wanders: neighbouring
 * months are correlated, and month-to-month noise understates how far segment levels stray by
 * chance (on London's series, φ is about 3 from single months and about 30 from half-years).
 * Never below 1: the counts are at least Poisson-noisy.
 */
function blockDispersion(y: readonly number[], e: readonly number[], block: number): number {
  const by: number[] = [];
  const be: number[] = [];
  for (let start = 0; start + block <= y.length; start += block) {
    let sy = 0;
    let se = 0;
    for (let t = start; t < start + block; t++) {
      sy += y[t];
      se += e[t];
    }
    by.push(sy);
    be.push(se);
  }
  const d: number[] = [];
  for (let t = 1; t < by.length; t++) {
    const pooled = (by[t] + by[t - 1]) / (be[t] + be[t - 1]);
    if (pooled <= 0) continue; // two empty blocks carry no information on the spread
    d.push((by[t] / be[t] - by[t - 1] / be[t - 1]) / Math.sqrt(pooled * (1 / be[t] + 1 / be[t - 1])));
  }
  if (d.length < 2) return 1;
  const centre = median(d);
  const mad = median(d.map((v) => Math.abs(v - centre)));
  return Math.max(1, (MAD_TO_SD * mad) ** 2);
}

/**
 * Optimal partitioning: the break positions (index of each new segment's first period) minimising
 * Σ deviance / φ + β · breaks with every segment at least m long. Ties go to the earliest break.
 */
function optimalPartition(y: readonly number[], e: readonly number[], phi: number, beta: number, m: number): number[] {
  const n = y.length;
  const a = new Float64Array(n + 1); // Σ y ln(y / e)
  const ys = new Float64Array(n + 1);
  const es = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    a[t + 1] = a[t] + (y[t] > 0 ? y[t] * Math.log(y[t] / e[t]) : 0);
    ys[t + 1] = ys[t] + y[t];
    es[t + 1] = es[t] + e[t];
  }
  // Deviance of periods [i, j) at their own rate Y / E: 2 [Σ y ln(y/e) − Y ln(Y/E)].
  const cost = (i: number, j: number): number => {
    const yy = ys[j] - ys[i];
    const ee = es[j] - es[i];
    return (2 * (a[j] - a[i] - (yy > 0 ? yy * Math.log(yy / ee) : 0))) / phi;
  };
  const best = new Float64Array(n + 1).fill(Infinity);
  const previous = new Int32Array(n + 1).fill(-1);
  best[0] = -beta;
  for (let t = m; t <= n; t++) {
    for (let tau = 0; tau <= t - m; tau++) {
      if (tau !== 0 && tau < m) continue;
      if (best[tau] === Infinity) continue;
      const value = best[tau] + cost(tau, t) + beta;
      if (value < best[t]) {
        best[t] = value;
        previous[t] = tau;
      }
    }
  }
  const breaks: number[] = [];
  for (let t = n; previous[t] > 0; t = previous[t]) breaks.unshift(previous[t]);
  return breaks;
}

interface GroupFit {
  /** Segment or block levels, log per-day at the reference season. */
  levels: number[];
  /** Log seasonal effects by season, reference season 0 (empty without seasonality). */
  season: number[];
  covariance: number[][];
  dispersion: number;
}

/** Poisson GLM: log μ_t = log days_t + level[group_t] (+ season effect), no intercept. */
function fitGroups(
  y: readonly number[],
  days: readonly number[],
  group: readonly number[],
  groups: number,
  season: readonly number[] | null,
  seasons: number,
): GroupFit | null {
  const x = y.map((_, t) => {
    const row = new Array<number>(groups + (season ? seasons - 1 : 0)).fill(0);
    row[group[t]] = 1;
    if (season && season[t] > 0) row[groups + season[t] - 1] = 1;
    return row;
  });
  const fit = fitPoissonGlm({ y, x, offset: days.map(Math.log), maxIterations: 100 });
  if (!fit.converged || fit.dispersion === null) return null;
  const effects = season ? [0, ...fit.coefficients.slice(groups)] : [];
  return {
    levels: fit.coefficients.slice(0, groups),
    season: effects,
    covariance: fit.covariance,
    dispersion: fit.dispersion,
  };
}

function groupsFromBreaks(n: number, breaks: readonly number[]): number[] {
  const group = new Array<number>(n);
  let k = 0;
  for (let t = 0; t < n; t++) {
    if (k < breaks.length && t === breaks[k]) k++;
    group[t] = k;
  }
  return group;
}

/** Seasonal factors exp(γ_s − mean γ), so that they average 1 on the log scale. */
function factorsFrom(effects: readonly number[]): number[] {
  const mean = effects.reduce((s, v) => s + v, 0) / effects.length;
  return effects.map((v) => Math.exp(v - mean));
}

function penaltyValue(penalty: LevelShiftOptions['penalty'], n: number): number | null {
  if (penalty === undefined || penalty === 'bic') return 2 * Math.log(n);
  return typeof penalty === 'number' && Number.isFinite(penalty) && penalty >= 0 ? penalty : null;
}

export function findLevelShifts(points: readonly SeriesCount[], options: LevelShiftOptions): LevelShiftResult {
  const { grain } = options;
  if (grain !== 'month' && grain !== 'quarter') {
    return { ok: false, reason: `grain must be month or quarter (got ${grain})` };
  }
  const cycle = grain === 'month' ? 12 : 4;
  const minSegment = options.minSegment ?? (grain === 'month' ? 6 : 2);
  const level = options.level ?? 0.95;
  if (!Number.isInteger(minSegment) || minSegment < 1) {
    return { ok: false, reason: `minSegment must be a whole number of periods, 1 or more (got ${minSegment})` };
  }
  if (!(level > 0 && level < 1)) return { ok: false, reason: `level must lie strictly between 0 and 1 (got ${level})` };
  const n = points.length;
  if (n === 0) return { ok: false, reason: 'the series is empty' };
  const invalid = invalidSeries(points, grain);
  if (invalid) return { ok: false, reason: invalid };
  const beta = penaltyValue(options.penalty, n);
  if (beta === null) {
    return { ok: false, reason: `penalty must be bic or a number, 0 or more (got ${options.penalty})` };
  }

  const y = points.map((p) => p.count);
  const days = points.map((p) => p.days);
  if (y.every((v) => v === 0)) return { ok: false, reason: 'no offences in any period: there is no level to shift' };
  const notes: string[] = [];

  let seasonal = options.seasonal ?? true;
  if (seasonal && n < 2 * cycle) {
    seasonal = false;
    notes.push(`fewer than two years of ${grain}s: seasonality is not allowed for`);
  }
  const season = seasonal ? points.map((p) => seasonOf(p.start, grain)) : null;

  // First factors: one level per year-long block (a short last block joins the one before it).
  let factors: number[] | null = null;
  if (season) {
    const blocks = Math.max(1, Math.floor(n / cycle));
    const block = y.map((_, t) => Math.min(Math.floor(t / cycle), blocks - 1));
    const fit = fitGroups(y, days, block, blocks, season, cycle);
    if (!fit) return { ok: false, reason: 'the seasonal model could not be fitted (a season with no offences?)' };
    factors = factorsFrom(fit.season);
  }

  // φ is estimated once, from the first factors, so that every later step lowers one fixed
  // objective (deviance / φ + β · breaks): the alternation cannot cycle and stops when the
  // segments repeat.
  const exposureOf = (f: number[] | null) => days.map((d, t) => d * (f && season ? f[season[t]] : 1));
  const phi = blockDispersion(y, exposureOf(factors), minSegment);
  let breaks: number[] = [];
  let iterations = 0;
  let converged = false;
  while (iterations < MAX_ITERATIONS) {
    iterations++;
    const next = optimalPartition(y, exposureOf(factors), phi, beta, minSegment);
    const settled = iterations > 1 && next.join(',') === breaks.join(',');
    breaks = next;
    if (settled || !season) {
      converged = true;
      break;
    }
    const fit = fitGroups(y, days, groupsFromBreaks(n, breaks), breaks.length + 1, season, cycle);
    if (!fit) break;
    factors = factorsFrom(fit.season);
  }
  if (!converged) notes.push(`the segments had not settled after ${iterations} rounds: the last ones are reported`);
  if (n < 2 * minSegment) notes.push(`fewer than ${2 * minSegment} periods: no break can be placed`);

  // Final fit: segment levels and seasonal factors, for rates and rate ratios.
  const groups = breaks.length + 1;
  const final = fitGroups(y, days, groupsFromBreaks(n, breaks), groups, season, cycle);
  if (!final) notes.push('the final quasi-Poisson fit failed (a segment without offences?): no rate ratios');
  const seasonalMean = final && season ? final.season.reduce((s, v) => s + v, 0) / cycle : 0;
  if (final && season) factors = factorsFrom(final.season);

  const bounds = [0, ...breaks, n];
  const segments: LevelSegment[] = [];
  for (let k = 0; k < groups; k++) {
    const first = bounds[k];
    const last = bounds[k + 1] - 1;
    let count = 0;
    let segmentDays = 0;
    for (let t = first; t <= last; t++) {
      count += y[t];
      segmentDays += days[t];
    }
    segments.push({
      start: points[first].start,
      end: points[last].end,
      first,
      last,
      periods: last - first + 1,
      count,
      days: segmentDays,
      ratePerDay: count / segmentDays,
      adjustedRatePerDay: final ? Math.exp(final.levels[k] + seasonalMean) : null,
    });
  }

  // The larger of the two dispersions: the half-year one carries the months' correlation, which a
  // comparison of segment levels must allow for as much as the search did.
  const scale = final ? Math.sqrt(Math.max(1, final.dispersion, phi)) : 1;
  const z = twoSidedZ(level);
  const shifts: LevelShift[] = breaks.map((index, k) => {
    let rateRatio: number | null = null;
    let ciLow: number | null = null;
    let ciHigh: number | null = null;
    if (final) {
      const logRatio = final.levels[k + 1] - final.levels[k];
      const v = final.covariance;
      const se = Math.sqrt(v[k][k] + v[k + 1][k + 1] - 2 * v[k][k + 1]) * scale;
      rateRatio = Math.exp(logRatio);
      ciLow = Math.exp(logRatio - z * se);
      ciHigh = Math.exp(logRatio + z * se);
    }
    return { index, date: points[index].start, before: segments[k], after: segments[k + 1], rateRatio, ciLow, ciHigh };
  });

  const seasonText = season ? `, ${grain === 'month' ? 'month' : 'quarter'}-of-year factors` : '';
  return {
    ok: true,
    grain,
    breaks: shifts,
    segments,
    seasonalFactors: season ? factors : null,
    dispersionSearch: phi,
    dispersionFit: final ? final.dispersion : null,
    penalty: beta,
    minSegment,
    iterations,
    converged,
    method:
      `optimal partitioning of quasi-Poisson deviance${seasonText}; penalty ${beta.toFixed(2)} per break ` +
      `on the χ² scale, dispersion ${phi.toFixed(2)}; segments of at least ${minSegment} ${grain}s`,
    notes,
  };
}
