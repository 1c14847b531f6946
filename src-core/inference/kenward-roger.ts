import { choleskyInPlace, inverseFromCholesky } from "../linalg/cholesky.js";
import { multiply } from "../linalg/dense.js";

/**
 * Kenward–Roger inference (Kenward & Roger 1997; SAS DDFM=KR), in the notation of docs/math/kenward-roger.md:
 *
 *   Φ = C = (XᵀV⁻¹X)⁻¹,  P_k = −A_k = −XᵀV⁻¹V_kV⁻¹X,  W = Var(θ̂) = 2 H⁻¹ (H: Hessian of −2 log L),
 *   Φ_A = Φ + 2 Φ { Σ_kl W_kl (Q_kl − P_k Φ P_l − ¼ R_kl) } Φ,
 *
 * and for a hypothesis Lβ = 0 of rank ℓ, with Θ = Lᵀ(LΦLᵀ)⁻¹L:
 *
 *   A1 = Σ_kl W_kl tr(ΘΦP_kΦ) tr(ΘΦP_lΦ),  A2 = Σ_kl W_kl tr(ΘΦP_kΦΘΦP_lΦ),
 *   B = (A1 + 6A2) / (2ℓ),  g = ((ℓ+1)A1 − (ℓ+4)A2) / ((ℓ+2)A2),  d = 3ℓ + 2(1 − g),
 *   c1 = g/d,  c2 = (ℓ − g)/d,  c3 = (ℓ + 2 − g)/d,
 *   E* = 1 / (1 − A2/ℓ),  V* = (2/ℓ)(1 + c1B) / ((1 − c2B)²(1 − c3B)),
 *   ρ = V* / (2E*²),  m = 4 + (ℓ + 2)/(ℓρ − 1),  λ = m / (E*(m − 2)),
 *   F = (Lβ̂)ᵀ(LΦ_ALᵀ)⁻¹(Lβ̂) / ℓ,  λF ~ F(ℓ, m).
 *
 * `QR` is Σ_kl W_kl (Q_kl − ¼R_kl) from Likelihood.krSum (R left out for KR(LINEAR)).
 */
export interface KrTest { F: number; numDF: number; denDF: number; scale: number }

export class KenwardRoger {
  /** Φ_A, p×p. */
  readonly adjusted: Float64Array;
  /** W = 2H⁻¹, or null when H is not positive definite. */
  readonly W: Float64Array;
  private readonly CAC: Float64Array[];

  constructor(
    private readonly C: Float64Array,
    private readonly A: readonly Float64Array[],
    W: Float64Array,
    QR: Float64Array,
    private readonly p: number,
    private readonly q: number,
  ) {
    this.W = W;
    // Λ = QR − Σ_kl W_kl A_k C A_l, computed as Σ_k A_k C B_k with B_k = Σ_l W_kl A_l.
    const Lambda = QR.slice();
    const CA = A.map((Ak) => multiply(C, Ak, p, p, p));
    for (let k = 0; k < q; k++) {
      const Bk = new Float64Array(p * p);
      for (let l = 0; l < q; l++) {
        const w = W[k * q + l];
        if (w === 0) continue;
        const Al = A[l];
        for (let t = 0; t < p * p; t++) Bk[t] += w * Al[t];
      }
      const ACB = multiply(A[k], multiply(C, Bk, p, p, p), p, p, p);
      for (let t = 0; t < p * p; t++) Lambda[t] -= ACB[t];
    }
    const adj = multiply(multiply(C, Lambda, p, p, p), C, p, p, p);
    this.adjusted = new Float64Array(p * p);
    for (let t = 0; t < p * p; t++) this.adjusted[t] = C[t] + 2 * adj[t];
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) { const m = (this.adjusted[a * p + b] + this.adjusted[b * p + a]) / 2; this.adjusted[a * p + b] = this.adjusted[b * p + a] = m; }
    // ΦP_kΦ up to sign (the signs cancel in A1 and A2).
    this.CAC = CA.map((CAk) => multiply(CAk, C, p, p, p));
  }

  /** The KR F test of Lβ = 0 (L: rows × p, full row rank). */
  test(L: Float64Array, rows: number, beta: Float64Array): KrTest {
    const { p, q, C, W } = this;
    const l = rows;
    // With Θ = Lᵀ S L, S = (L Φ Lᵀ)⁻¹, the traces tr(Θ Φ A_k Φ) and tr(Θ Φ A_k Φ Θ Φ A_m Φ) are tr(P_k) and
    // tr(P_k P_m) for the small ℓ×ℓ matrices P_k = S L (Φ A_k Φ) Lᵀ: O(q ℓ p²) instead of O(q p³ + q² p²).
    const S = invert(quad(L, C, rows, p), rows);
    if (!S) return { F: NaN, numDF: l, denDF: NaN, scale: NaN };
    const P = this.CAC.map((CACk) => {
      const N = quad(L, CACk, rows, p);
      const out = new Float64Array(rows * rows);
      for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) { let t = 0; for (let k = 0; k < rows; k++) t += S[i * rows + k] * N[k * rows + j]; out[i * rows + j] = t; }
      return out;
    });
    const tr = P.map((Pk) => { let t = 0; for (let i = 0; i < rows; i++) t += Pk[i * rows + i]; return t; });
    let A1 = 0, A2 = 0;
    for (let k = 0; k < q; k++)
      for (let m = 0; m < q; m++) {
        const w = W[k * q + m];
        if (w === 0) continue;
        A1 += w * tr[k] * tr[m];
        let t = 0;
        const Pk = P[k], Pm = P[m];
        for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) t += Pk[i * rows + j] * Pm[j * rows + i];
        A2 += w * t;
      }
    const B = (A1 + 6 * A2) / (2 * l);
    const g = ((l + 1) * A1 - (l + 4) * A2) / ((l + 2) * A2);
    const d = 3 * l + 2 * (1 - g);
    const c1 = g / d, c2 = (l - g) / d, c3 = (l + 2 - g) / d;
    const Estar = 1 / (1 - A2 / l);
    const Vstar = (2 / l) * (1 + c1 * B) / ((1 - c2 * B) ** 2 * (1 - c3 * B));
    const rho = Vstar / (2 * Estar * Estar);
    const m = 4 + (l + 2) / (l * rho - 1);
    const scale = m / (Estar * (m - 2));
    const Lb = new Float64Array(rows);
    for (let i = 0; i < rows; i++) { let t = 0; for (let a = 0; a < p; a++) t += L[i * p + a] * beta[a]; Lb[i] = t; }
    const LALinv = invert(quad(L, this.adjusted, rows, p), rows);
    let F = NaN;
    if (LALinv) {
      let t = 0;
      for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) t += Lb[i] * LALinv[i * rows + j] * Lb[j];
      F = t / l;
    }
    return { F: scale * F, numDF: l, denDF: m, scale };
  }
}

/** W = 2H⁻¹ (covariance of θ̂ from the Hessian of −2 log L), or null when H is not positive definite. */
export function thetaCovariance(H: Float64Array, q: number): Float64Array | null {
  const inv = invert(H, q);
  return inv ? inv.map((v) => 2 * v) : null;
}

/** L M Lᵀ for L (r×p) and M (p×p). */
export function quad(L: Float64Array, M: Float64Array, r: number, p: number): Float64Array {
  const LM = new Float64Array(r * p);
  for (let i = 0; i < r; i++) for (let b = 0; b < p; b++) { let t = 0; for (let a = 0; a < p; a++) t += L[i * p + a] * M[a * p + b]; LM[i * p + b] = t; }
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) { let t = 0; for (let b = 0; b < p; b++) t += LM[i * p + b] * L[j * p + b]; out[i * r + j] = t; }
  return out;
}

function invert(M: Float64Array, n: number): Float64Array | null {
  if (n === 0) return new Float64Array(0);
  const L = M.slice();
  if (!choleskyInPlace(L, n)) return null;
  const out = new Float64Array(n * n);
  inverseFromCholesky(L, n, out);
  return out;
}
