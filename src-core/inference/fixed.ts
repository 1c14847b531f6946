import type { Evaluation, LikelihoodEngine } from "../fit/reml.js";
import type { DdfMethod } from "../spec.js";
import { symmetricEigen } from "../linalg/eigen.js";
import { fUpper } from "./distributions.js";
import { KenwardRoger, quad, thetaCovariance } from "./kenward-roger.js";
import { Satterthwaite } from "./satterthwaite.js";

/**
 * Estimates and tests of linear functions of β under one df method (docs/math/kenward-roger.md,
 * docs/math/inference.md). Under Kenward–Roger the covariance of β̂ is the adjusted Φ_A, and a scalar lᵀβ̂
 * gets SE √(lᵀΦ_Al) and df m (ℓ = 1); a hypothesis of rank ℓ gets the scaled F of Kenward and Roger.
 * Under Satterthwaite a rank-ℓ hypothesis is split along the eigenvectors of LCLᵀ into ℓ independent
 * scalar contrasts with df ν_i, and denDF = 2E/(E − ℓ) with E = Σ ν_i/(ν_i − 2) (SAS, lmerTest).
 */
export interface ScalarInference { estimate: number; se: number; df: number }
export interface FTest { F: number; numDF: number; denDF: number; p: number }

export class FixedInference {
  /** Covariance of β̂ used for SEs: C, or Φ_A under Kenward–Roger. */
  readonly vcov: Float64Array;
  private readonly kr: KenwardRoger | null = null;
  private readonly satt: Satterthwaite | null = null;

  constructor(
    private readonly ev: Evaluation,
    readonly ddf: DdfMethod,
    private readonly p: number,
    private readonly residualDf: number,
    lik: LikelihoodEngine,
    theta: Float64Array,
    warnings: string[],
    /** between-within: the df of each coefficient (inference/between-within.ts); null falls back to residual df */
    private readonly columnDf: Float64Array | null = null,
  ) {
    const q = lik.q;
    this.vcov = ev.C;
    const H = ev.information, A = ev.A;
    const W = H && A && (ddf === "kenward-roger" || ddf === "kenward-roger-linear" || ddf === "satterthwaite") ? thetaCovariance(H, q) : null;
    if (ddf === "kenward-roger" || ddf === "kenward-roger-linear") {
      const QR = W ? lik.krSum(theta, W, ddf === "kenward-roger") : null;
      if (W && QR && A) {
        this.kr = new KenwardRoger(ev.C, A, W, QR, p, q);
        this.vcov = this.kr.adjusted;
      } else warnings.push("the information matrix is not positive definite: Kenward-Roger is not available");
    } else if (ddf === "satterthwaite") {
      if (W && A) this.satt = new Satterthwaite(ev.C, A, W, p, q);
      else warnings.push("the information matrix is not positive definite: Satterthwaite df are not available");
    }
  }

  estimate(l: Float64Array): ScalarInference {
    const { p, ev } = this;
    let estimate = 0;
    for (let a = 0; a < p; a++) estimate += l[a] * ev.beta[a];
    const v = quad(l, this.vcov, 1, p)[0];
    const se = Math.sqrt(v);
    return { estimate, se, df: this.scalarDf(l) };
  }

  private scalarDf(l: Float64Array): number {
    switch (this.ddf) {
      case "asymptotic": return Infinity;
      case "residual": return this.residualDf;
      case "between-within": return this.columnDf ? smallestDf(l, this.columnDf, this.p) : this.residualDf;
      case "satterthwaite": return this.satt ? this.satt.df(l) : NaN;
      default: return this.kr ? this.kr.test(l, 1, this.ev.beta).denDF : NaN;
    }
  }

  /** F test of Lβ = 0, L (rows × p) of full row rank. */
  test(L: Float64Array, rows: number): FTest {
    const { p, ev } = this;
    if (this.kr) {
      const t = this.kr.test(L, rows, ev.beta);
      return { F: t.F, numDF: rows, denDF: t.denDF, p: fUpper(t.F, rows, t.denDF) };
    }
    const LCL = quad(L, ev.C, rows, p);
    const { values, vectors } = symmetricEigen(LCL, rows);
    // Wald F on the eigenbasis: Σ (u_iᵀLβ̂)² / d_i / ℓ.
    let F = 0;
    const contrasts: Float64Array[] = [];
    for (let i = 0; i < rows; i++) {
      const li = new Float64Array(p);
      for (let r = 0; r < rows; r++) { const u = vectors[r * rows + i]; for (let a = 0; a < p; a++) li[a] += u * L[r * p + a]; }
      let e = 0;
      for (let a = 0; a < p; a++) e += li[a] * ev.beta[a];
      F += (e * e) / values[i];
      contrasts.push(li);
    }
    F /= rows;
    let denDF: number;
    if (this.ddf === "satterthwaite") {
      if (!this.satt) denDF = NaN;
      else if (rows === 1) denDF = this.satt.df(contrasts[0]);
      else {
        let E = 0;
        for (const li of contrasts) { const nu = this.satt.df(li); if (nu > 2) E += nu / (nu - 2); }
        denDF = E > rows ? (2 * E) / (E - rows) : NaN;
      }
    } else if (this.ddf === "between-within" && this.columnDf) {
      denDF = Infinity;
      for (let r = 0; r < rows; r++) denDF = Math.min(denDF, smallestDf(L.subarray(r * p, (r + 1) * p), this.columnDf, p));
    } else denDF = this.scalarDf(L.subarray(0, p));
    return { F, numDF: rows, denDF, p: fUpper(F, rows, denDF) };
  }
}

/** The smallest df among the coefficients a linear function involves (between-within). */
function smallestDf(l: Float64Array, columnDf: Float64Array, p: number): number {
  let df = Infinity;
  for (let a = 0; a < p; a++) if (l[a] !== 0) df = Math.min(df, columnDf[a]);
  return Number.isFinite(df) ? df : Math.max(...columnDf);
}
