/**
 * A covariance structure Σ(θ) over a fixed set of positions (visit levels, random-effect terms, or spatial
 * coordinates), parametrised in SAS PROC MIXED's own covariance parameters θ. See docs/math/covariance.md.
 *
 * Matrices are dense, row-major Float64Array of size n*n, where n = pos.length. `pos` lists the positions
 * present in one block, ascending, as indices into 0..dim-1; the structure fills Σ restricted to them.
 */
export type ResidualKind = "us" | "cs" | "csh" | "ar1" | "ar1h" | "ad" | "adh" | "toep" | "toeph" | "sp_exp";
export type StructureKind = ResidualKind | "iid" | "g_un" | "g_diag";

export interface CovarianceStructure {
  readonly kind: StructureKind;
  /** Number of positions (visits, random-effect terms, distinct coordinates). For "iid", any positions are allowed. */
  readonly dim: number;
  /** Number of parameters q. */
  readonly nparam: number;
  /** SAS's parameter names, in SAS's order, e.g. ["UN(1,1)", "UN(2,1)", "UN(2,2)"], ["AR(1)", "Residual"]. */
  readonly names: readonly string[];
  /** True when Σ is linear in θ, so every second derivative is zero (UN, CS, TOEP, iid, G). */
  readonly linear: boolean;
  /** out ← Σ(θ)[pos, pos]. */
  fill(theta: Float64Array, pos: ArrayLike<number>, out: Float64Array): void;
  /** out ← ∂Σ/∂θ_k [pos, pos]. */
  fillD1(theta: Float64Array, k: number, pos: ArrayLike<number>, out: Float64Array): void;
  /** out ← ∂²Σ/∂θ_k∂θ_l [pos, pos]. */
  fillD2(theta: Float64Array, k: number, l: number, pos: ArrayLike<number>, out: Float64Array): void;
  /** Whether ∂²Σ/∂θ_k∂θ_l can be non-zero. */
  hasD2(k: number, l: number): boolean;
  /** Smooth bijection to an unconstrained space for the optimiser, and its inverse. */
  toUnconstrained(theta: Float64Array): Float64Array;
  fromUnconstrained(phi: Float64Array): Float64Array;
  /** J (q×q, row-major), J[k*q + m] = ∂θ_k/∂φ_m at φ. */
  jacobian(phi: Float64Array): Float64Array;
  /**
   * Starting values from a moment estimate S (dim×dim, row-major) of the full covariance. Entries of S may be
   * NaN where no pair was observed. The result must be admissible.
   */
  start(S: Float64Array): Float64Array;
  /** Cheap bound checks (variances > 0, |correlations| < 1, ...). Positive definiteness is checked by the caller. */
  admissible(theta: Float64Array): boolean;
}
