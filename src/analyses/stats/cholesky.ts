/**
 * Cholesky factorisation of a small symmetric positive-definite matrix (the p × p normal equations
 * of a regression), with a solve and an inverse. Returns null when the matrix is not numerically
 * positive definite, i.e. the design is collinear.
 */
export type Matrix = number[][];

/** Lower-triangular L with A = L Lᵀ, or null. `relTol` scales with the largest diagonal entry. */
export function cholesky(a: Matrix, relTol = 1e-12): Matrix | null {
  const n = a.length;
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i][i]));
  if (!(maxDiag > 0) || !Number.isFinite(maxDiag)) return null;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let diag = a[j][j];
    for (let k = 0; k < j; k++) diag -= l[j][k] * l[j][k];
    // A pivot that has lost (almost) everything to earlier columns means a column is (nearly) a
    // combination of the others.
    if (!(diag > relTol * Math.max(a[j][j], Number.MIN_VALUE)) || !Number.isFinite(diag)) return null;
    const ljj = Math.sqrt(diag);
    l[j][j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / ljj;
    }
  }
  return l;
}

/** Solves L Lᵀ x = b. */
export function choleskySolve(l: Matrix, b: number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

/** (L Lᵀ)⁻¹, column by column. */
export function choleskyInverse(l: Matrix): Matrix {
  const n = l.length;
  const inv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0);
    e[j] = 1;
    const col = choleskySolve(l, e);
    for (let i = 0; i < n; i++) inv[i][j] = col[i];
  }
  return inv;
}
