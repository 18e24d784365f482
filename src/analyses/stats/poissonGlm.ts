import { cholesky, choleskyInverse, choleskySolve } from './cholesky.js';

/**
 * Poisson regression with a log link and an offset, fitted by iteratively reweighted least squares
 * (the algorithm of R's glm.fit): log E[y] = offset + X β. The offset is log(exposure), so the
 * coefficients describe rates per unit of exposure (per day here).
 */
export interface PoissonGlmInput {
  /** Counts, 0 or more (need not be integers: the quasi-Poisson fit only uses the variance shape). */
  y: readonly number[];
  /** Design matrix, one row per observation; include a column of 1s for an intercept. */
  x: readonly (readonly number[])[];
  /** Known part of the linear predictor, usually log(days). Defaults to 0. */
  offset?: readonly number[];
  maxIterations?: number;
  /** Relative change in deviance below which the fit has converged (R's default is 1e-8). */
  tolerance?: number;
}

export interface PoissonGlmFit {
  converged: boolean;
  /** Why the fit failed, when it did. */
  failure?: string;
  iterations: number;
  coefficients: number[];
  /** Model-based (Poisson) standard errors; multiply by √dispersion for quasi-Poisson ones. */
  standardErrors: number[];
  /** Unscaled covariance (XᵀWX)⁻¹. */
  covariance: number[][];
  fitted: number[];
  deviance: number;
  pearsonChi2: number;
  dfResidual: number;
  /** Pearson χ² / residual df, the quasi-Poisson dispersion estimate; null with no residual df. */
  dispersion: number | null;
}

const DEFAULT_MAX_ITERATIONS = 50;
const DEFAULT_TOLERANCE = 1e-10;
const MAX_HALVINGS = 30;
// exp() overflows a double above ~709.78; a linear predictor beyond this is treated as divergence.
const MAX_ETA = 700;

function failed(reason: string, iterations: number, n: number, p: number): PoissonGlmFit {
  return {
    converged: false,
    failure: reason,
    iterations,
    coefficients: new Array<number>(p).fill(Number.NaN),
    standardErrors: new Array<number>(p).fill(Number.NaN),
    covariance: [],
    fitted: new Array<number>(n).fill(Number.NaN),
    deviance: Number.NaN,
    pearsonChi2: Number.NaN,
    dfResidual: n - p,
    dispersion: null,
  };
}

/** Poisson deviance 2 Σ [y ln(y / μ) − (y − μ)], with y ln(y / μ) = 0 at y = 0. */
export function poissonDeviance(y: readonly number[], mu: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) {
    d += y[i] > 0 ? y[i] * Math.log(y[i] / mu[i]) - (y[i] - mu[i]) : mu[i];
  }
  return 2 * d;
}

function linearPredictor(
  x: readonly (readonly number[])[],
  beta: readonly number[],
  offset: readonly number[],
): number[] {
  return x.map((row, i) => {
    let eta = offset[i];
    for (let j = 0; j < beta.length; j++) eta += row[j] * beta[j];
    return eta;
  });
}

function meanOf(eta: readonly number[]): number[] | null {
  const mu = new Array<number>(eta.length);
  for (let i = 0; i < eta.length; i++) {
    if (!(eta[i] <= MAX_ETA)) return null; // also catches NaN
    mu[i] = Math.max(Math.exp(eta[i]), Number.EPSILON);
  }
  return mu;
}

export function fitPoissonGlm(input: PoissonGlmInput): PoissonGlmFit {
  const { y, x } = input;
  const n = y.length;
  const p = n > 0 ? (x[0]?.length ?? 0) : 0;
  const offset = input.offset ?? new Array<number>(n).fill(0);
  const maxIterations = input.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = input.tolerance ?? DEFAULT_TOLERANCE;

  if (n === 0 || p === 0) return failed('no observations or no columns', 0, n, p);
  if (x.length !== n || offset.length !== n) return failed('y, x and offset differ in length', 0, n, p);
  if (n <= p) return failed(`${n} observations cannot fit ${p} coefficients`, 0, n, p);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]) || y[i] < 0) return failed(`count ${i} is negative or not a number`, 0, n, p);
    if (!Number.isFinite(offset[i])) return failed(`offset ${i} is not finite`, 0, n, p);
    if (x[i].length !== p || !x[i].every(Number.isFinite))
      return failed(`design row ${i} is ragged or not finite`, 0, n, p);
  }

  // Start where glm.fit starts for the Poisson family: μ = y + 0.1.
  let mu = y.map((v) => v + 0.1);
  let eta = mu.map(Math.log);
  let deviance = poissonDeviance(y, mu);
  let beta: number[] | null = null;
  let converged = false;
  let iterations = 0;

  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
    // Weighted least squares on the working response z = η − offset + (y − μ) / μ with weights μ.
    const xtwx: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const xtwz = new Array<number>(p).fill(0);
    for (let i = 0; i < n; i++) {
      const w = mu[i];
      const z = eta[i] - offset[i] + (y[i] - mu[i]) / mu[i];
      const row = x[i];
      for (let j = 0; j < p; j++) {
        const wx = w * row[j];
        xtwz[j] += wx * z;
        for (let k = 0; k <= j; k++) xtwx[j][k] += wx * row[k];
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) xtwx[k][j] = xtwx[j][k];
    const l = cholesky(xtwx);
    if (!l)
      return failed(
        'the design matrix is collinear (a column is a combination of others, or never varies)',
        iter,
        n,
        p,
      );
    let candidate = choleskySolve(l, xtwz);

    let newEta = linearPredictor(x, candidate, offset);
    let newMu = meanOf(newEta);
    let newDeviance = newMu ? poissonDeviance(y, newMu) : Infinity;
    // Step halving towards the previous coefficients when the step overshoots (as glm.fit does for
    // a non-finite deviance; also on an increase, which only happens when a step overshoots).
    for (let h = 0; beta && (!Number.isFinite(newDeviance) || newDeviance > deviance * (1 + 1e-12) + 1e-12); h++) {
      if (h >= MAX_HALVINGS) return failed('step halving could not reduce the deviance', iter, n, p);
      const previous: number[] = beta;
      candidate = candidate.map((b, j) => (b + previous[j]) / 2);
      newEta = linearPredictor(x, candidate, offset);
      newMu = meanOf(newEta);
      newDeviance = newMu ? poissonDeviance(y, newMu) : Infinity;
    }
    if (!newMu || !Number.isFinite(newDeviance)) return failed('the fitted means overflowed', iter, n, p);

    const devianceSettled = Math.abs(newDeviance - deviance) / (Math.abs(newDeviance) + 0.1) < tolerance;
    const coefficientsSettled =
      beta !== null && candidate.every((b, j) => Math.abs(b - beta![j]) <= 1e-8 * (1 + Math.abs(b)));
    beta = candidate;
    eta = newEta;
    mu = newMu;
    deviance = newDeviance;
    if (devianceSettled && coefficientsSettled) {
      converged = true;
      break;
    }
  }
  if (!beta) return failed('no iterations were run', 0, n, p);
  if (!converged) return failed(`no convergence in ${maxIterations} iterations`, iterations, n, p);

  // Information matrix at the fitted means.
  const info: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < n; i++) {
    const row = x[i];
    for (let j = 0; j < p; j++) for (let k = 0; k <= j; k++) info[j][k] += mu[i] * row[j] * row[k];
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) info[k][j] = info[j][k];
  const l = cholesky(info);
  if (!l) return failed('the information matrix is singular at the fitted values', iterations, n, p);
  const covariance = choleskyInverse(l);

  let pearsonChi2 = 0;
  for (let i = 0; i < n; i++) pearsonChi2 += ((y[i] - mu[i]) * (y[i] - mu[i])) / mu[i];
  const dfResidual = n - p;
  return {
    converged: true,
    iterations,
    coefficients: beta,
    standardErrors: covariance.map((row, j) => Math.sqrt(row[j])),
    covariance,
    fitted: mu,
    deviance,
    pearsonChi2,
    dfResidual,
    dispersion: dfResidual > 0 ? pearsonChi2 / dfResidual : null,
  };
}
