import { betaQuantilePair, ConvergenceError } from './beta.js';
import { twoSidedZ } from './normal.js';

/**
 * Ratio of two Poisson rates with unequal exposure, and its confidence interval.
 *
 * Recorded crime is a full count, so the interval describes the random variation of a Poisson
 * process, not sampling error. Conditional on the total n = c1 + c2, the later count is
 * Binomial(n, p) with p = RR·d2 / (RR·d2 + d1); the exact (Clopper–Pearson) bounds on p map back to
 * RR = p / (1 − p) · d1 / d2. This is the interval R's `poisson.test(c(c2, c1), c(d2, d1))` gives.
 */
export type RateRatioMethod = 'exact-conditional' | 'log-normal' | 'none';

export interface RateRatio {
  /** (c2 / days2) / (c1 / days1): the later period's rate relative to the earlier one. */
  ratio: number | null;
  low: number | null;
  high: number | null;
  method: RateRatioMethod;
  note?: string;
}

/** Above this many events in total the exact interval is replaced by the log-normal one. */
export const EXACT_RATE_RATIO_LIMIT = 1_000_000;

export function poissonRateRatio(c1: number, days1: number, c2: number, days2: number, level = 0.95): RateRatio {
  const invalid = invalidInput(c1, days1, c2, days2, level);
  if (invalid) return { ratio: null, low: null, high: null, method: 'none', note: invalid };

  const n = c1 + c2;
  const exposure = days1 / days2; // d1 / d2
  const alpha = 1 - level;
  const logHalfAlpha = Math.log(alpha / 2);

  if (n === 0) {
    return { ratio: null, low: null, high: null, method: 'none', note: 'no events in either period: no rate ratio' };
  }
  // With one count zero the Clopper–Pearson bound has a closed form: Beta(n, 1) and Beta(1, n)
  // have distribution functions x^n and 1 − (1 − x)^n.
  if (c1 === 0) {
    const pLow = Math.exp(logHalfAlpha / n);
    const oneMinusPLow = -Math.expm1(logHalfAlpha / n);
    return {
      ratio: null,
      low: (pLow / oneMinusPLow) * exposure,
      high: null,
      method: 'exact-conditional',
      note: 'no events in the earlier period: the ratio is undefined and the upper bound unbounded',
    };
  }
  if (c2 === 0) {
    const pHigh = -Math.expm1(logHalfAlpha / n);
    const oneMinusPHigh = Math.exp(logHalfAlpha / n);
    return { ratio: 0, low: 0, high: (pHigh / oneMinusPHigh) * exposure, method: 'exact-conditional' };
  }

  const ratio = (c2 * days1) / (c1 * days2);
  if (n > EXACT_RATE_RATIO_LIMIT) {
    return logNormal(
      ratio,
      c1,
      c2,
      level,
      'more than 1,000,000 events: Wald interval on the log rate ratio, ' +
        'which at this size agrees closely with the exact one',
    );
  }
  try {
    const [pLow, oneMinusPLow] = betaQuantilePair(alpha / 2, c2, c1 + 1);
    const [pHigh, oneMinusPHigh] = betaQuantilePair(1 - alpha / 2, c2 + 1, c1);
    return {
      ratio,
      low: (pLow / oneMinusPLow) * exposure,
      high: (pHigh / oneMinusPHigh) * exposure,
      method: 'exact-conditional',
    };
  } catch (e) {
    if (!(e instanceof ConvergenceError)) throw e;
    return logNormal(
      ratio,
      c1,
      c2,
      level,
      'the exact interval did not converge: Wald interval on the log rate ratio instead',
    );
  }
}

function logNormal(ratio: number, c1: number, c2: number, level: number, note: string): RateRatio {
  const halfWidth = twoSidedZ(level) * Math.sqrt(1 / c1 + 1 / c2);
  return { ratio, low: ratio * Math.exp(-halfWidth), high: ratio * Math.exp(halfWidth), method: 'log-normal', note };
}

function invalidInput(c1: number, days1: number, c2: number, days2: number, level: number): string | null {
  for (const [name, c] of [
    ['c1', c1],
    ['c2', c2],
  ] as const) {
    if (!Number.isFinite(c) || c < 0 || !Number.isInteger(c)) {
      return `${name} must be a whole number of events, 0 or more (got ${c})`;
    }
  }
  for (const [name, d] of [
    ['days1', days1],
    ['days2', days2],
  ] as const) {
    if (!Number.isFinite(d) || d <= 0) return `${name} must be a positive number of days (got ${d})`;
  }
  if (!(level > 0 && level < 1)) return `level must lie strictly between 0 and 1 (got ${level})`;
  return null;
}
