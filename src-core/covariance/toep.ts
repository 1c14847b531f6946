/**
 * TOEP, Toeplitz (SAS REPEATED TYPE=TOEP): θ = [TOEP(2)..TOEP(t), Residual], Σ_ii = Residual,
 * Σ_ij = TOEP(|i−j|+1). Linear in θ. Bounds do not guarantee positive definiteness; the caller checks it.
 * Unconstrained map: TOEP(k) = φ_k, Residual = exp(φ_t).
 */
import type { CovarianceStructure } from "./structure.js";
import {
  correlationEstimate,
  indexedNames,
  meanVariance,
  type ParamMap,
  startLagCorrelations,
  linearElementwise,
} from "./shared.js";

export function toep(dim: number): CovarianceStructure {
  const nlag = Math.max(0, dim - 1);
  /** Index of Residual. */
  const s0 = nlag;
  const maps: ParamMap[] = [...Array.from({ length: nlag }, (): ParamMap => "identity"), "log"];

  return {
    kind: "toep",
    dim,
    nparam: nlag + 1,
    names: [...indexedNames("TOEP", 2, dim), "Residual"],
    ...linearElementwise(maps),

    fill(theta, pos, out) {
      const n = pos.length;
      for (let a = 0; a < n; a++) {
        const i = pos[a];
        out[a * n + a] = theta[s0];
        for (let b = 0; b < a; b++) {
          const v = theta[i - pos[b] - 1];
          out[a * n + b] = v;
          out[b * n + a] = v;
        }
      }
    },

    fillD1(_theta, k, pos, out) {
      const n = pos.length;
      out.fill(0, 0, n * n);
      if (k === s0) {
        for (let a = 0; a < n; a++) out[a * n + a] = 1;
        return;
      }
      // TOEP(k+2) sits at lag k+1.
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < a; b++) {
          if (pos[a] - pos[b] - 1 !== k) continue;
          out[a * n + b] = 1;
          out[b * n + a] = 1;
        }
      }
    },




    start(S) {
      const v = meanVariance(S, dim);
      const r = startLagCorrelations(correlationEstimate(S, dim), dim);
      const theta = new Float64Array(nlag + 1);
      for (let h = 0; h < nlag; h++) theta[h] = r[h] * v;
      theta[s0] = v;
      return theta;
    },

    admissible(theta) {
      if (theta.length !== nlag + 1) return false;
      for (let k = 0; k <= nlag; k++) if (!Number.isFinite(theta[k])) return false;
      return theta[s0] > 0;
    },
  };
}
