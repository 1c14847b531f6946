/**
 * UN, unstructured (SAS REPEATED TYPE=UN, and RANDOM ... TYPE=UN for "g_un"): θ = [UN(1,1), UN(2,1), UN(2,2),
 * UN(3,1), ...], Σ_ij = UN(i,j). Linear in θ. Unconstrained map: log-Cholesky, Σ = L Lᵀ with L lower triangular,
 * φ = L in the same row-wise order with log on the diagonal.
 */
import type { CovarianceStructure } from "./structure.js";
import { shrinkToPositiveDefinite, startVariances } from "./shared.js";

/** Index of UN(i+1, j+1) in θ (0-based i ≥ j). */
function triIndex(i: number, j: number): number {
  return i >= j ? (i * (i + 1)) / 2 + j : (j * (j + 1)) / 2 + i;
}

/** Lower-triangular L (dense t×t) from φ. */
function choleskyFactorFromPhi(phi: Float64Array, t: number): Float64Array {
  const L = new Float64Array(t * t);
  for (let i = 0; i < t; i++) {
    for (let j = 0; j <= i; j++) {
      const p = phi[triIndex(i, j)];
      L[i * t + j] = i === j ? Math.exp(p) : p;
    }
  }
  return L;
}

export function unstructured(kind: "us" | "g_un", dim: number): CovarianceStructure {
  const t = dim;
  const nparam = (t * (t + 1)) / 2;
  const rowOf = new Int32Array(nparam);
  const colOf = new Int32Array(nparam);
  const names: string[] = [];
  for (let i = 0; i < t; i++) {
    for (let j = 0; j <= i; j++) {
      rowOf[triIndex(i, j)] = i;
      colOf[triIndex(i, j)] = j;
      names.push(`UN(${i + 1},${j + 1})`);
    }
  }
  /** A G matrix may sit on the boundary (a variance of 0); a residual UN may not. */
  const allowZeroVariance = kind === "g_un";

  return {
    kind,
    dim,
    nparam,
    names,
    linear: true,

    fill(theta, pos, out) {
      const n = pos.length;
      for (let a = 0; a < n; a++) {
        const i = pos[a];
        for (let b = 0; b <= a; b++) {
          const v = theta[triIndex(i, pos[b])];
          out[a * n + b] = v;
          out[b * n + a] = v;
        }
      }
    },

    fillD1(_theta, k, pos, out) {
      const n = pos.length;
      out.fill(0, 0, n * n);
      const i = rowOf[k];
      const j = colOf[k];
      let ai = -1;
      let aj = -1;
      for (let a = 0; a < n; a++) {
        if (pos[a] === i) ai = a;
        if (pos[a] === j) aj = a;
      }
      if (ai < 0 || aj < 0) return;
      out[ai * n + aj] = 1;
      out[aj * n + ai] = 1;
    },

    fillD2(_theta, _k, _l, pos, out) {
      out.fill(0, 0, pos.length * pos.length);
    },

    hasD2: () => false,

    toUnconstrained(theta) {
      // Cholesky of Σ(θ); a pivot ≤ 0 (Σ not positive definite) is replaced by a tiny positive one.
      let scale = 0;
      for (let i = 0; i < t; i++) scale = Math.max(scale, Math.abs(theta[triIndex(i, i)]));
      const floor = 1e-12 * (scale > 0 ? scale : 1);
      const L = new Float64Array(t * t);
      for (let j = 0; j < t; j++) {
        let d = theta[triIndex(j, j)];
        for (let m = 0; m < j; m++) d -= L[j * t + m] * L[j * t + m];
        const ljj = Math.sqrt(d > 0 ? d : floor);
        L[j * t + j] = ljj;
        for (let i = j + 1; i < t; i++) {
          let s = theta[triIndex(i, j)];
          for (let m = 0; m < j; m++) s -= L[i * t + m] * L[j * t + m];
          L[i * t + j] = s / ljj;
        }
      }
      const phi = new Float64Array(nparam);
      for (let k = 0; k < nparam; k++) {
        const i = rowOf[k];
        const j = colOf[k];
        phi[k] = i === j ? Math.log(L[i * t + i]) : L[i * t + j];
      }
      return phi;
    },

    fromUnconstrained(phi) {
      // θ_ij = Σ_{m ≤ j} L_im L_jm.
      const L = choleskyFactorFromPhi(phi, t);
      const theta = new Float64Array(nparam);
      for (let k = 0; k < nparam; k++) {
        const i = rowOf[k];
        const j = colOf[k];
        let s = 0;
        for (let m = 0; m <= j; m++) s += L[i * t + m] * L[j * t + m];
        theta[k] = s;
      }
      return theta;
    },

    jacobian(phi) {
      // ∂θ_ij/∂L_rc = [r = i][c ≤ j] L_jc + [r = j] L_ic, and ∂L_rc/∂φ_rc = L_rr if r = c, else 1.
      const L = choleskyFactorFromPhi(phi, t);
      const J = new Float64Array(nparam * nparam);
      for (let k = 0; k < nparam; k++) {
        const i = rowOf[k];
        const j = colOf[k];
        for (let m = 0; m < nparam; m++) {
          const r = rowOf[m];
          const c = colOf[m];
          if (c > j) continue;
          let d = 0;
          if (r === i) d += L[j * t + c];
          if (r === j) d += L[i * t + c];
          if (d === 0) continue;
          J[k * nparam + m] = r === c ? d * L[r * t + r] : d;
        }
      }
      return J;
    },

    start(S) {
      // Moment estimate with unobserved pairs set to 0, off-diagonals shrunk (diagonal loading on the
      // correlation scale) until positive definite.
      const v = startVariances(S, t);
      const off = (i: number, j: number): number => {
        const s = S[i * t + j];
        return Number.isFinite(s) ? s : 0;
      };
      const shrink = shrinkToPositiveDefinite(t, (i) => v[i], off);
      const theta = new Float64Array(nparam);
      for (let k = 0; k < nparam; k++) {
        const i = rowOf[k];
        const j = colOf[k];
        theta[k] = i === j ? v[i] : shrink * off(i, j);
      }
      return theta;
    },

    admissible(theta) {
      if (theta.length !== nparam) return false;
      for (let k = 0; k < nparam; k++) if (!Number.isFinite(theta[k])) return false;
      for (let i = 0; i < t; i++) {
        const d = theta[triIndex(i, i)];
        if (allowZeroVariance ? !(d >= 0) : !(d > 0)) return false;
      }
      return true;
    },
  };
}
