/**
 * Satterthwaite degrees of freedom for a scalar estimate lᵀβ̂ (docs/math/inference.md):
 *   v = lᵀCl,  ∂v/∂θ_k = −lᵀ C A_k C l,  Var(θ̂) = 2 H⁻¹ (H the Hessian of −2 log L),
 *   df = 2 v² / (∇vᵀ Var(θ̂) ∇v).
 */
export class Satterthwaite {
  /** varTheta = Var(θ̂) = 2H⁻¹ (q×q), from thetaCovariance. */
  constructor(
    private readonly C: Float64Array,
    private readonly A: readonly Float64Array[],
    private readonly varTheta: Float64Array,
    private readonly p: number,
    private readonly q: number,
  ) {}

  df(l: Float64Array): number {
    const { C, A, p, q } = this;
    const Cl = new Float64Array(p);
    for (let a = 0; a < p; a++) { let t = 0; for (let b = 0; b < p; b++) t += C[a * p + b] * l[b]; Cl[a] = t; }
    let v = 0;
    for (let a = 0; a < p; a++) v += l[a] * Cl[a];
    const grad = new Float64Array(q);
    for (let k = 0; k < q; k++) {
      let t = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) t += Cl[a] * A[k][a * p + b] * Cl[b];
      grad[k] = -t;
    }
    let den = 0;
    for (let k = 0; k < q; k++) for (let m = 0; m < q; m++) den += grad[k] * this.varTheta[k * q + m] * grad[m];
    return den > 0 ? (2 * v * v) / den : Infinity;
  }
}
