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
    // Λ = QR − Σ_kl W_kl A_k C A_l, computed as Σ_k (C A_k)ᵀ B_k with B_k = Σ_l W_kl A_l (A_k, C symmetric).
    const Lambda = QR.slice();
    const CA = A.map((Ak) => multiply(C, Ak, p, p, p));
    const Bk = new Float64Array(p * p);
    for (let k = 0; k < q; k++) {
      Bk.fill(0);
      for (let l = 0; l < q; l++) {
        const w = W[k * q + l];
        if (w === 0) continue;
        const Al = A[l];
        for (let t = 0; t < p * p; t++) Bk[t] += w * Al[t];
      }
      subtractTransposeProduct(CA[k], Bk, p, Lambda);
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
    // tr(P_k P_m) for the small ℓ×ℓ matrices P_k = S L (Φ A_k Φ) Lᵀ: O(q ℓ s²) with s the columns L uses
    // (a contrast of LS means involves a handful of coefficients).
    const J = usedColumns(L, rows, p);
    const S = invert(quad(L, C, rows, p, J), rows);
    if (!S) return { F: NaN, numDF: l, denDF: NaN, scale: NaN };
    const rr = rows * rows;
    const P = new Float64Array(q * rr), tr = new Float64Array(q);
    for (let k = 0; k < q; k++) {
      const N = quad(L, this.CAC[k], rows, p, J);
      let t = 0;
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < rows; j++) {
          let v = 0;
          for (let c = 0; c < rows; c++) v += S[i * rows + c] * N[c * rows + j];
          P[k * rr + i * rows + j] = v;
          if (i === j) t += v;
        }
      tr[k] = t;
    }
    // A1 = trᵀ W tr, A2 = Σ_k ⟨P_k, (Σ_m W_km P_m)ᵀ⟩
    let A1 = 0, A2 = 0;
    const Z = new Float64Array(rr);
    for (let k = 0; k < q; k++) {
      let wt = 0;
      Z.fill(0);
      for (let m = 0; m < q; m++) {
        const w = W[k * q + m];
        if (w === 0) continue;
        wt += w * tr[m];
        for (let t = 0; t < rr; t++) Z[t] += w * P[m * rr + t];
      }
      A1 += tr[k] * wt;
      for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) A2 += P[k * rr + i * rows + j] * Z[j * rows + i];
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
    for (let i = 0; i < rows; i++) { let t = 0; for (const a of J) t += L[i * p + a] * beta[a]; Lb[i] = t; }
    const LALinv = invert(quad(L, this.adjusted, rows, p, J), rows);
    let F = NaN;
    if (LALinv) {
      let t = 0;
      for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) t += Lb[i] * LALinv[i * rows + j] * Lb[j];
      F = t / l;
    }
    return { F: scale * F, numDF: l, denDF: m, scale };
  }
}

/** out −= Xᵀ Y for p×p X and Y. */
function subtractTransposeProduct(X: Float64Array, Y: Float64Array, p: number, out: Float64Array): void {
  for (let c = 0; c < p; c++)
    for (let a = 0; a < p; a++) {
      const x = X[c * p + a];
      if (x === 0) continue;
      const row = a * p, yc = c * p;
      for (let b = 0; b < p; b++) out[row + b] -= x * Y[yc + b];
    }
}

/** The columns where some row of L (rows × p) is nonzero. */
function usedColumns(L: Float64Array, rows: number, p: number): number[] {
  const J: number[] = [];
  for (let a = 0; a < p; a++) for (let i = 0; i < rows; i++) if (L[i * p + a] !== 0) { J.push(a); break; }
  return J;
}

/** L M Lᵀ for L (rows × p) and M (p×p), summed over the columns J where L is nonzero (all of them by default). */
export function quad(L: Float64Array, M: Float64Array, rows: number, p: number, J: readonly number[] = usedColumns(L, rows, p)): Float64Array {
  const s = J.length;
  const LM = new Float64Array(rows * s);
  for (let i = 0; i < rows; i++)
    for (let b = 0; b < s; b++) {
      let t = 0;
      for (let a = 0; a < s; a++) t += L[i * p + J[a]] * M[J[a] * p + J[b]];
      LM[i * s + b] = t;
    }
  const out = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < rows; j++) {
      let t = 0;
      for (let b = 0; b < s; b++) t += LM[i * s + b] * L[j * p + J[b]];
      out[i * rows + j] = t;
    }
  return out;
}

/** W = 2H⁻¹ (covariance of θ̂ from the Hessian of −2 log L), or null when H is not positive definite. */
export function thetaCovariance(H: Float64Array, q: number): Float64Array | null {
  const inv = invert(H, q);
  return inv ? inv.map((v) => 2 * v) : null;
}


function invert(M: Float64Array, n: number): Float64Array | null {
  if (n === 0) return new Float64Array(0);
  const L = M.slice();
  if (!choleskyInPlace(L, n)) return null;
  const out = new Float64Array(n * n);
  inverseFromCholesky(L, n, out);
  return out;
}
