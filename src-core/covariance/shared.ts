/**
 * Helpers shared by the covariance structures: element-wise maps to the unconstrained space, moment-based
 * starting values, a positive-definiteness check, and SAS-style names. See docs/math/covariance.md.
 */

// ---------------------------------------------------------------------------------------------------------
// Element-wise maps θ_k = f_k(φ_k)
// ---------------------------------------------------------------------------------------------------------

/** "log": θ = exp(φ) > 0; "tanh": θ = tanh(φ) ∈ (−1, 1); "identity": θ = φ. */
export type ParamMap = "log" | "tanh" | "identity";

/** Smallest value a positive parameter is mapped from, so that φ stays finite at a boundary value of 0. */
const TINY = 1e-300;
/** Largest |ρ| a correlation is mapped from, so that φ = atanh(ρ) stays finite at ρ = ±1. */
const RHO_MAX = 1 - 1e-12;

export function toUnconstrainedElementwise(maps: readonly ParamMap[], theta: Float64Array): Float64Array {
  const phi = new Float64Array(maps.length);
  for (let k = 0; k < maps.length; k++) {
    const t = theta[k];
    switch (maps[k]) {
      case "log":
        phi[k] = Math.log(Math.max(t, TINY));
        break;
      case "tanh":
        phi[k] = Math.atanh(Math.min(RHO_MAX, Math.max(-RHO_MAX, t)));
        break;
      case "identity":
        phi[k] = t;
        break;
    }
  }
  return phi;
}

export function fromUnconstrainedElementwise(maps: readonly ParamMap[], phi: Float64Array): Float64Array {
  const theta = new Float64Array(maps.length);
  for (let k = 0; k < maps.length; k++) {
    const p = phi[k];
    switch (maps[k]) {
      case "log":
        theta[k] = Math.exp(p);
        break;
      case "tanh":
        theta[k] = Math.tanh(p);
        break;
      case "identity":
        theta[k] = p;
        break;
    }
  }
  return theta;
}

/** Diagonal Jacobian J[k*q + k] = dθ_k/dφ_k. */
export function jacobianElementwise(maps: readonly ParamMap[], phi: Float64Array): Float64Array {
  const q = maps.length;
  const J = new Float64Array(q * q);
  for (let k = 0; k < q; k++) {
    const p = phi[k];
    let d = 1;
    switch (maps[k]) {
      case "log":
        d = Math.exp(p);
        break;
      case "tanh": {
        const c = Math.cosh(p);
        d = 1 / (c * c);
        break;
      }
      case "identity":
        d = 1;
        break;
    }
    J[k * q + k] = d;
  }
  return J;
}

// ---------------------------------------------------------------------------------------------------------
// Starting values from a moment estimate S (dim×dim, row-major, NaN where a pair was never observed)
// ---------------------------------------------------------------------------------------------------------

/** Correlations are started inside this bound. */
export const START_RHO_BOUND = 0.9;

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** A starting correlation: x clamped to [lo, hi] (default ±0.9); NaN gives 0. */
export function startCorrelation(x: number, lo = -START_RHO_BOUND, hi = START_RHO_BOUND): number {
  return Number.isFinite(x) ? clamp(x, lo, hi) : 0;
}

function usableVariance(v: number): boolean {
  return Number.isFinite(v) && v > 0;
}

/** Mean of the usable (finite, positive) diagonal entries of S; 1 when there are none. */
export function meanVariance(S: Float64Array, dim: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < dim; i++) {
    const v = S[i * dim + i];
    if (usableVariance(v)) {
      sum += v;
      count++;
    }
  }
  return count > 0 ? sum / count : 1;
}

/** Per-position variances: S_ii where usable, else the mean of the usable ones. */
export function startVariances(S: Float64Array, dim: number): Float64Array {
  const fallback = meanVariance(S, dim);
  const v = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    const s = S[i * dim + i];
    v[i] = usableVariance(s) ? s : fallback;
  }
  return v;
}

/** Correlation matrix R_ij = S_ij / sqrt(S_ii S_jj); NaN where S_ij or a variance is unusable. R_ii = 1. */
export function correlationEstimate(S: Float64Array, dim: number): Float64Array {
  const R = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      if (i === j) {
        R[i * dim + j] = 1;
        continue;
      }
      const vi = S[i * dim + i];
      const vj = S[j * dim + j];
      const s = S[i * dim + j];
      R[i * dim + j] = usableVariance(vi) && usableVariance(vj) && Number.isFinite(s) ? s / Math.sqrt(vi * vj) : NaN;
    }
  }
  return R;
}

/** Mean of the finite entries M_ij with |i − j| = lag (upper triangle); NaN when there are none. */
export function lagMean(M: Float64Array, dim: number, lag: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i + lag < dim; i++) {
    const x = M[i * dim + i + lag];
    if (Number.isFinite(x)) {
      sum += x;
      count++;
    }
  }
  return count > 0 ? sum / count : NaN;
}

/** Mean of all finite off-diagonal entries (upper triangle); NaN when there are none. */
export function offDiagonalMean(M: Float64Array, dim: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < dim; i++) {
    for (let j = i + 1; j < dim; j++) {
      const x = M[i * dim + j];
      if (Number.isFinite(x)) {
        sum += x;
        count++;
      }
    }
  }
  return count > 0 ? sum / count : NaN;
}

/**
 * Whether the symmetric n×n matrix A (row-major, only the lower triangle is read) is positive definite, with
 * every Cholesky pivot above `relTol` times its diagonal entry. Allocates one n×n work array.
 */
export function isPositiveDefinite(A: ArrayLike<number>, n: number, relTol = 1e-8): boolean {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let m = 0; m < j; m++) d -= L[j * n + m] * L[j * n + m];
    if (!(d > relTol * Math.abs(A[j * n + j]))) return false;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let m = 0; m < j; m++) s -= L[i * n + m] * L[j * n + m];
      L[i * n + j] = s / ljj;
    }
  }
  return true;
}

/**
 * The largest factor s in {1, 0.9, ..., 0.1, 0} such that the matrix with diagonal `diag(i)` and off-diagonal
 * entries s·off(i, j) is positive definite (s = 0 always is, for a positive diagonal). This is diagonal loading
 * expressed on the correlation scale: the variances are kept.
 */
export function shrinkToPositiveDefinite(
  dim: number,
  diag: (i: number) => number,
  off: (i: number, j: number) => number,
): number {
  const A = new Float64Array(dim * dim);
  for (let step = 10; step > 0; step--) {
    const s = step / 10;
    for (let i = 0; i < dim; i++) {
      A[i * dim + i] = diag(i);
      for (let j = 0; j < i; j++) A[i * dim + j] = s * off(i, j);
    }
    if (isPositiveDefinite(A, dim, 1e-6)) return s;
  }
  return 0;
}

/** Lower bound of a starting common correlation that keeps a t×t compound-symmetric matrix positive definite. */
export function startCommonCorrelationBound(dim: number): number {
  return dim > 1 ? -Math.min(START_RHO_BOUND, START_RHO_BOUND / (dim - 1)) : -START_RHO_BOUND;
}

/** Starting lag correlations r_1..r_{t−1}: mean correlation at each lag, clamped, shrunk until positive definite. */
export function startLagCorrelations(R: Float64Array, dim: number): Float64Array {
  const r = new Float64Array(Math.max(0, dim - 1));
  for (let h = 1; h < dim; h++) r[h - 1] = startCorrelation(lagMean(R, dim, h));
  const s = shrinkToPositiveDefinite(dim, () => 1, (i, j) => r[Math.abs(i - j) - 1]);
  for (let h = 0; h < r.length; h++) r[h] *= s;
  return r;
}

/** SAS-style numbered names: indexedNames("Rho", 1, 3) = ["Rho(1)", "Rho(2)", "Rho(3)"]. */
export function indexedNames(prefix: string, from: number, to: number): string[] {
  const names: string[] = [];
  for (let k = from; k <= to; k++) names.push(`${prefix}(${k})`);
  return names;
}

/** True when every |theta[r0 + m]| < 1 for m < count. */
export function correlationsInBounds(theta: Float64Array, r0: number, count: number): boolean {
  for (let m = 0; m < count; m++) if (!(Math.abs(theta[r0 + m]) < 1)) return false;
  return true;
}

/**
 * The members shared by every structure that is linear in θ and maps each parameter on its own: the second
 * derivatives vanish, and φ ↔ θ and the (diagonal) Jacobian act elementwise through `maps`.
 */
export function linearElementwise(maps: readonly ParamMap[]) {
  return {
    linear: true,
    fillD2(_theta: Float64Array, _k: number, _l: number, pos: ArrayLike<number>, out: Float64Array): void {
      out.fill(0, 0, pos.length * pos.length);
    },
    hasD2: (_k: number, _l: number) => false,
    toUnconstrained: (theta: Float64Array) => toUnconstrainedElementwise(maps, theta),
    fromUnconstrained: (phi: Float64Array) => fromUnconstrainedElementwise(maps, phi),
    jacobian: (phi: Float64Array) => jacobianElementwise(maps, phi),
  } as const;
}
