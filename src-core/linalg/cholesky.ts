/**
 * Cholesky factorisation A = L Lᵀ of a symmetric positive-definite n×n matrix (row-major Float64Array),
 * in place: the lower triangle of `a` becomes L, the strict upper triangle is zeroed.
 * Returns false (leaving `a` partly overwritten) when A is not numerically positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / ljj;
    }
    for (let i = 0; i < j; i++) a[i * n + j] = 0;
  }
  return true;
}

/** log|A| = 2 Σ log L_ii from a Cholesky factor. */
export function logDetFromCholesky(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]);
  return 2 * s;
}

/** out ← A⁻¹ (full symmetric, row-major) from the Cholesky factor L of A. `out` may not alias `l`. */
export function inverseFromCholesky(l: Float64Array, n: number, out: Float64Array): void {
  // Li = L⁻¹ (lower), written into out's lower triangle first, then A⁻¹ = Liᵀ Li.
  out.fill(0);
  for (let j = 0; j < n; j++) {
    out[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k] * out[k * n + j];
      out[i * n + j] = s / l[i * n + i];
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += out[k * n + i] * out[k * n + j];
      // (i, j) with j <= i: entries (k, i) for k >= i are still L⁻¹ because we fill row by row from the top
      out[j * n + i] = s;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[i * n + j] = out[j * n + i];
}

/** Solves A x = b in place (b becomes x) with the Cholesky factor L of A. */
export function solveCholesky(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}
