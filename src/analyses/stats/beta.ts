import { logBeta, stirlingCorrection } from './gamma.js';

/**
 * The regularized incomplete beta function I_x(a, b) and its inverse. They carry the exact
 * (Clopper–Pearson) binomial interval, which in turn carries the exact conditional interval for a
 * ratio of two Poisson rates. Counts of 100,000 and more give shape parameters of that size, so the
 * code avoids the two usual failures there: cancelling huge log-gamma values, and bisection that
 * is slow in the far tails.
 */

const HALF_LOG_2PI = 0.9189385332046728;
const MAX_FRACTION_TERMS = 20_000;
const FRACTION_EPS = 1e-15;
const TINY = 1e-300;

/** Raised when a series or root search does not settle; callers fall back and say so. */
export class ConvergenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConvergenceError';
  }
}

/**
 * ln[x^a (1 − x)^b / B(a, b)], the log of the factor in front of the continued fraction.
 * For a, b ≥ 10 the Stirling expansions of the three gamma functions are combined by hand
 * (as in DiDonato & Morris, ACM TOMS 708) so that no logarithm of size a + b is cancelled.
 */
export function logBetaKernel(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) return -Infinity;
  if (a >= 10 && b >= 10) {
    const n = a + b;
    const d = x * n - a; // a·(x·n/a − 1) = −b·((1 − x)·n/b − 1)
    return (
      a * Math.log1p(d / a) +
      b * Math.log1p(-d / b) +
      0.5 * Math.log((a * b) / n) -
      HALF_LOG_2PI -
      (stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(n))
    );
  }
  return a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
}

/** Continued fraction for I_x(a, b) (modified Lentz), valid for x < (a + 1) / (a + b + 2). */
function betaFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_FRACTION_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < FRACTION_EPS) return h;
  }
  throw new ConvergenceError(`incomplete beta continued fraction did not converge (x=${x}, a=${a}, b=${b})`);
}

/**
 * Regularized incomplete beta I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b); with `upper` the
 * complement P(X > x), computed directly rather than as 1 − lower so small tails keep their digits.
 */
export function incompleteBeta(x: number, a: number, b: number, upper = false): number {
  if (!(a > 0) || !(b > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return upper ? 1 : 0;
  if (x >= 1) return upper ? 0 : 1;
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(logBetaKernel(x, a, b)) * betaFraction(x, a, b)) / a;
    return upper ? 1 - lower : lower;
  }
  const y = 1 - x;
  const complement = (Math.exp(logBetaKernel(y, b, a)) * betaFraction(y, b, a)) / b;
  return upper ? complement : 1 - complement;
}

/** Beta(a, b) density, through the same kernel. */
export function betaDensity(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) return 0;
  return Math.exp(logBetaKernel(x, a, b)) / (x * (1 - x));
}

/**
 * Solves I_x(a, b) = p for x by Newton steps kept inside a shrinking bracket (a step that would
 * leave the bracket is replaced by bisection). Returns x; the caller arranges for x to be the
 * smaller of x and 1 − x so that it carries the precision.
 */
function solveLower(p: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  const n = a + b;
  const mean = a / n;
  const sd = Math.sqrt((a * b) / (n * n * (n + 1)));
  // A normal-approximation start; for small shapes Newton and bisection sort it out.
  let x = mean + normalDeviateGuess(p) * sd;
  if (!(x > 0 && x < 1)) x = mean;
  for (let i = 0; i < 2000; i++) {
    const f = incompleteBeta(x, a, b) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = betaDensity(x, a, b);
    let next = density > 0 && Number.isFinite(density) ? x - f / density : Number.NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-14 * next || hi - lo <= 1e-15 * hi) return next;
    x = next;
  }
  throw new ConvergenceError(`beta quantile did not converge (p=${p}, a=${a}, b=${b})`);
}

/** Rough standard-normal deviate for a starting value only (Tukey lambda approximation). */
function normalDeviateGuess(p: number): number {
  if (p <= 0) return -8;
  if (p >= 1) return 8;
  return 4.91 * (p ** 0.14 - (1 - p) ** 0.14);
}

/**
 * Quantile of Beta(a, b) as the pair [x, 1 − x], each computed to full relative precision: the
 * rate-ratio interval needs x / (1 − x), and one of the two can be tiny.
 */
export function betaQuantilePair(p: number, a: number, b: number): [number, number] {
  if (!(a > 0) || !(b > 0) || !(p >= 0 && p <= 1)) return [Number.NaN, Number.NaN];
  if (p === 0) return [0, 1];
  if (p === 1) return [1, 0];
  if (a <= b) {
    const x = solveLower(p, a, b);
    return [x, 1 - x];
  }
  // I_x(a, b) = p  ⇔  I_{1−x}(b, a) = 1 − p; solve for the small side.
  const q = solveLower(1 - p, b, a);
  return [1 - q, q];
}

export function betaQuantile(p: number, a: number, b: number): number {
  return betaQuantilePair(p, a, b)[0];
}
