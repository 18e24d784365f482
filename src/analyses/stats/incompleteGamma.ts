import { ConvergenceError } from './beta.js';
import { logGamma, stirlingCorrection } from './gamma.js';

/**
 * The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x), and through them
 * the Poisson and chi-squared distribution functions: for Y ~ Poisson(λ), P(Y ≤ k) = Q(k + 1, λ);
 * for X ~ χ²(ν), P(X > x) = Q(ν / 2, x / 2).
 *
 * Series below x = a + 1 and a continued fraction above it (Numerical Recipes, 3rd ed., §6.2);
 * both take O(√a) terms near x ≈ a, a few thousand at the largest counts seen here (London's ~60,000).
 */

const HALF_LOG_2PI = 0.9189385332046728;
const MAX_TERMS = 100_000;
const EPS = 1e-16;
const TINY = 1e-300;

/**
 * ln[x^a e^(−x) / Γ(a)]. For a ≥ 10 the Stirling form is used so that no two logarithms of size
 * a·ln a cancel (the same device as logBetaKernel in beta.ts): with d = (x − a) / a,
 * a ln x − x − ln Γ(a) = a (ln(1 + d) − d) + ½ ln a − ½ ln 2π − stirlingCorrection(a).
 */
function logGammaKernel(a: number, x: number): number {
  if (a >= 10) {
    const d = (x - a) / a;
    return a * (Math.log1p(d) - d) + 0.5 * Math.log(a) - HALF_LOG_2PI - stirlingCorrection(a);
  }
  return a * Math.log(x) - x - logGamma(a);
}

/** Σ x^n / (a (a + 1) … (a + n)), so that P(a, x) = kernel · series. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n <= MAX_TERMS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) return sum;
  }
  throw new ConvergenceError(`incomplete gamma series did not converge (a=${a}, x=${x})`);
}

/** Continued fraction (modified Lentz) with Q(a, x) = kernel · fraction. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i <= MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) return h;
  }
  throw new ConvergenceError(`incomplete gamma continued fraction did not converge (a=${a}, x=${x})`);
}

/** P(a, x) = γ(a, x) / Γ(a), with `upper` the complement Q(a, x), each computed directly. */
export function regularizedGamma(a: number, x: number, upper = false): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return upper ? 1 : 0;
  if (x === Infinity) return upper ? 0 : 1;
  const kernel = Math.exp(logGammaKernel(a, x));
  if (x < a + 1) {
    const p = kernel * lowerSeries(a, x);
    return upper ? 1 - p : p;
  }
  const q = kernel * upperFraction(a, x);
  return upper ? q : 1 - q;
}

/** P(Y ≤ k) for Y ~ Poisson(λ); k below 0 gives 0. */
export function poissonCdf(k: number, lambda: number): number {
  if (!(lambda >= 0) || Number.isNaN(k)) return Number.NaN;
  if (k < 0) return 0;
  if (lambda === 0) return 1;
  return regularizedGamma(Math.floor(k) + 1, lambda, true);
}

/** P(Y = k) for Y ~ Poisson(λ), through the same kernel: e^(−λ) λ^k / k! = kernel(k + 1, λ) / λ. */
export function poissonPmf(k: number, lambda: number): number {
  if (!(lambda >= 0) || !Number.isInteger(k)) return Number.NaN;
  if (k < 0) return 0;
  if (lambda === 0) return k === 0 ? 1 : 0;
  return Math.exp(logGammaKernel(k + 1, lambda)) / lambda;
}

/** Upper tail P(X > x) of the chi-squared distribution with ν degrees of freedom. */
export function chiSquaredUpper(x: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  return regularizedGamma(df / 2, x / 2, true);
}
