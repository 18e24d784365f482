import { addDays, dayNumber, isValidDate } from '../../core/dates.js';
import { twoSidedZ } from './normal.js';
import { fitPoissonGlm } from './poissonGlm.js';

/**
 * Interrupted time series: the level step in the rate at an event (a change in recording rules),
 * allowing for a common linear trend and, optionally, seasonality. The model is
 *
 *   log E[count] = log(days) + b0 + b1·t + b2·after (+ month-of-year or quarter-of-year dummies)
 *
 * with t counted in periods from the first point (centred before fitting), `after` = 1 for periods
 * that start on or after the event. The step is exp(b2), a ratio of per-day rates. Its 95 % Wald
 * interval uses quasi-Poisson standard errors — Poisson ones scaled by √(Pearson χ² / df) — when
 * the data are overdispersed (dispersion > 1), which recorded-crime series nearly always are.
 */
export interface SegmentPoint {
  /** ISO start date of the period. */
  start: string;
  days: number;
  count: number;
}

export type Seasonality = 'month' | 'quarter' | 'none';

export interface SegmentedStepOptions {
  seasonal: Seasonality;
  /** Confidence level of the interval; 0.95 unless given. */
  level?: number;
}

export interface SegmentedStep {
  /** exp(b2): per-day rate after the event relative to the trend-adjusted rate before it. */
  rateRatio: number;
  ciLow: number;
  ciHigh: number;
  method: string;
  /** Pearson χ² / residual df of the Poisson fit. */
  dispersion: number;
  nBefore: number;
  nAfter: number;
  /** Periods that contain the event date (part before, part after), left out of the fit. */
  nExcluded: number;
}

/** Fewer points than this on either side cannot separate a step from the trend and season. */
export const MIN_POINTS_EACH_SIDE = 8;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validIso(s: string): boolean {
  const m = ISO_DATE.exec(s);
  return m !== null && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Returns null — rather than a number nobody should print — when:
 * - the event date or a point is invalid (bad date, days not a positive whole number, a negative or
 *   non-finite count), or two periods overlap (rolling totals must never be modelled as a series);
 * - fewer than MIN_POINTS_EACH_SIDE periods lie wholly before or wholly after the event;
 * - the fit fails: no convergence in 50 iterations (e.g. every count on one side is 0, so the step
 *   runs off to zero) or a collinear design.
 */
export function segmentedStep(
  points: readonly SegmentPoint[],
  eventDate: string,
  options: SegmentedStepOptions,
): SegmentedStep | null {
  const level = options.level ?? 0.95;
  if (!validIso(eventDate) || !(level > 0 && level < 1)) return null;
  for (const p of points) {
    if (!validIso(p.start) || !Number.isInteger(p.days) || p.days <= 0 || !Number.isFinite(p.count) || p.count < 0)
      return null;
  }
  const sorted = [...points].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (dayNumber(sorted[i].start) <= dayNumber(sorted[i - 1].start) + sorted[i - 1].days - 1) return null;
  }

  const t = periodIndex(sorted);
  const rows: { point: SegmentPoint; t: number; after: number }[] = [];
  let nBefore = 0;
  let nAfter = 0;
  let nExcluded = 0;
  sorted.forEach((point, i) => {
    const end = addDays(point.start, point.days - 1);
    if (end < eventDate) {
      nBefore++;
      rows.push({ point, t: t[i], after: 0 });
    } else if (point.start >= eventDate) {
      nAfter++;
      rows.push({ point, t: t[i], after: 1 });
    } else {
      nExcluded++;
    }
  });
  if (nBefore < MIN_POINTS_EACH_SIDE || nAfter < MIN_POINTS_EACH_SIDE) return null;

  // Centring t keeps the intercept and slope nearly uncorrelated, so the normal equations stay
  // well conditioned however long the series.
  const meanT = rows.reduce((s, r) => s + r.t, 0) / rows.length;
  const seasonOf = (start: string): number => {
    const month = Number(start.slice(5, 7));
    return options.seasonal === 'quarter' ? Math.floor((month - 1) / 3) + 1 : month;
  };
  const seasons =
    options.seasonal === 'none'
      ? []
      : [...new Set(rows.map((r) => seasonOf(r.point.start)))].sort((a, b) => a - b).slice(1);

  const x = rows.map((r) => {
    const row = [1, r.t - meanT, r.after];
    for (const s of seasons) row.push(seasonOf(r.point.start) === s ? 1 : 0);
    return row;
  });
  const fit = fitPoissonGlm({
    y: rows.map((r) => r.point.count),
    x,
    offset: rows.map((r) => Math.log(r.point.days)),
    maxIterations: 50,
  });
  if (!fit.converged || fit.dispersion === null) return null;

  const b2 = fit.coefficients[2];
  const overdispersed = fit.dispersion > 1;
  const se = fit.standardErrors[2] * (overdispersed ? Math.sqrt(fit.dispersion) : 1);
  const z = twoSidedZ(level);
  const rateRatio = Math.exp(b2);
  if (!Number.isFinite(rateRatio) || !Number.isFinite(se)) return null;

  const terms = ['level step', 'pre-trend'];
  if (options.seasonal === 'month') terms.push('month of year');
  if (options.seasonal === 'quarter') terms.push('quarter of year');
  return {
    rateRatio,
    ciLow: Math.exp(b2 - z * se),
    ciHigh: Math.exp(b2 + z * se),
    method: `segmented ${overdispersed ? 'quasi-Poisson' : 'Poisson'} regression (${terms.join(', ')})`,
    dispersion: fit.dispersion,
    nBefore,
    nAfter,
    nExcluded,
  };
}

/**
 * Position of each period in periods from the first. Month-aligned data (every start on day 1)
 * count calendar months divided by the spacing (1 monthly, 3 quarterly, 12 yearly), so months of
 * 28–31 days still sit on whole numbers; anything else counts days divided by the shortest gap.
 */
function periodIndex(sorted: readonly SegmentPoint[]): number[] {
  if (sorted.length === 0) return [];
  const monthAligned = sorted.every((p) => p.start.endsWith('-01'));
  const raw = sorted.map((p) =>
    monthAligned ? Number(p.start.slice(0, 4)) * 12 + Number(p.start.slice(5, 7)) - 1 : dayNumber(p.start),
  );
  let spacing = Infinity;
  for (let i = 1; i < raw.length; i++) spacing = Math.min(spacing, raw[i] - raw[i - 1]);
  if (!Number.isFinite(spacing) || spacing <= 0) spacing = 1;
  return raw.map((v) => (v - raw[0]) / spacing);
}
