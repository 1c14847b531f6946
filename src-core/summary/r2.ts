import type { R2Summary, VarianceDecomposition } from "../result.js";

/**
 * Nakagawa & Schielzeth's (2013) R² for linear mixed models, with Johnson's (2014) extension to random
 * slopes (docs/math/summaries.md):
 *
 *   σ²_f = var(Xβ̂)                    sample variance over the used rows, divisor N − 1
 *   σ²_l = (1/N) Σ_i z_liᵀ G_l z_li    per random term l; σ²_l = G_l for a random intercept
 *   σ²_e = (1/N) Σ_i R_ii              the iid residual variance σ², or the mean diagonal of R
 *
 *   R²_marginal    = σ²_f / (σ²_f + Σ_l σ²_l + σ²_e)
 *   R²_conditional = (σ²_f + Σ_l σ²_l) / (σ²_f + Σ_l σ²_l + σ²_e)
 *
 * The divisor N − 1 for σ²_f is the one MuMIn::r.squaredGLMM and insight::get_variance (behind
 * performance::r2_nakagawa) use, through R's var(); users compare with those packages.
 */

/** σ²_f: the sample variance (divisor N − 1) of the fixed-effect predictions. */
export function fixedVariance(fitted: ArrayLike<number>): number {
  const n = fitted.length;
  if (n < 2) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += fitted[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (fitted[i] - mean) ** 2;
  return ss / (n - 1);
}

/** z_iᵀ G z_i for one row z (length q) of a random term's Z. */
export function quadraticForm(z: ArrayLike<number>, G: ArrayLike<number>, q: number): number {
  let s = 0;
  for (let j = 0; j < q; j++) for (let k = 0; k < q; k++) s += z[j] * G[j * q + k] * z[k];
  return s;
}

/**
 * σ²_l = tr(Z G Zᵀ)/N, the mean over rows of z_iᵀ G z_i (Z row-major N × q). Johnson's extension: with a
 * random slope the variance of the random part depends on the covariate, and this is its average over the data.
 */
export function randomTermVariance(Z: ArrayLike<number>, q: number, G: ArrayLike<number>, nobs: number): number {
  let s = 0;
  const z = new Float64Array(q);
  for (let i = 0; i < nobs; i++) {
    for (let j = 0; j < q; j++) z[j] = Z[i * q + j];
    s += quadraticForm(z, G, q);
  }
  return s / nobs;
}

/** σ²_e: the mean of the per-row residual variances R_ii. */
export function residualVariance(rDiag: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < rDiag.length; i++) s += rDiag[i];
  return s / rDiag.length;
}

/** Marginal and conditional R² from the decomposition. Without random effects both equal σ²_f/(σ²_f + σ²_e). */
export function r2Summary(v: VarianceDecomposition): R2Summary {
  const random = v.random.reduce((s, r) => s + r.variance, 0);
  const total = v.fixed + random + v.residual;
  if (!Number.isFinite(v.fixed)) return { marginal: null, conditional: null, reason: "fewer than 2 observations: the variance of the fixed-effect predictions is not defined" };
  if (!(total > 0)) return { marginal: null, conditional: null, reason: "the total variance σ²_f + Σσ²_l + σ²_e is zero" };
  return { marginal: v.fixed / total, conditional: (v.fixed + random) / total, reason: null };
}
