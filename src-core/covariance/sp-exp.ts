/**
 * SP(EXP), spatial exponential (SAS REPEATED TYPE=SP(EXP)(c-list)): θ = [SP(EXP), Residual],
 * Σ_ij = Residual · exp(−d_ij / SP(EXP)), d_ij the Euclidean distance between coordinates[i] and coordinates[j].
 */
import type { CovarianceStructure } from "./structure.js";
import { type CorrelationModel, scaledCorrelationStructure } from "./scaled.js";

/** Row-major matrix of Euclidean distances between the points. */
export function distanceMatrix(coordinates: readonly (readonly number[])[]): Float64Array {
  const n = coordinates.length;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const ci = coordinates[i];
      const cj = coordinates[j];
      let s = 0;
      for (let k = 0; k < ci.length; k++) {
        const dk = ci[k] - cj[k];
        s += dk * dk;
      }
      D[i * n + j] = D[j * n + i] = Math.sqrt(s);
    }
  }
  return D;
}

function exponentialCorrelation(D: Float64Array, dim: number): CorrelationModel {
  return {
    names: ["SP(EXP)"],
    maps: ["log"],
    corr: (theta, r0, i, j) => Math.exp(-D[i * dim + j] / theta[r0]),
    // ∂/∂ρ exp(−d/ρ) = exp(−d/ρ) d/ρ².
    corrD1: (theta, r0, _m, i, j) => {
      const d = D[i * dim + j];
      const rho = theta[r0];
      return (Math.exp(-d / rho) * d) / (rho * rho);
    },
    // ∂²/∂ρ² exp(−d/ρ) = exp(−d/ρ) (d²/ρ⁴ − 2d/ρ³).
    corrD2: (theta, r0, _m, _p, i, j) => {
      const d = D[i * dim + j];
      const rho = theta[r0];
      const u = d / rho;
      return (Math.exp(-u) * u * (u - 2)) / (rho * rho);
    },
    corrHasD2: () => dim > 1,
    admissible: (theta, r0) => theta[r0] > 0 && Number.isFinite(theta[r0]),
    start(R) {
      // Least squares through the origin of −log r_ij on d_ij (r clamped to [0.05, 0.9]): 1/ρ = Σ d·(−log r) / Σ d².
      let sdl = 0;
      let sdd = 0;
      let sd = 0;
      let npairs = 0;
      for (let i = 0; i < dim; i++) {
        for (let j = 0; j < i; j++) {
          const d = D[i * dim + j];
          if (!(d > 0)) continue;
          sd += d;
          npairs++;
          const r = R[i * dim + j];
          if (!Number.isFinite(r)) continue;
          const rc = Math.min(0.9, Math.max(0.05, r));
          sdl += d * -Math.log(rc);
          sdd += d * d;
        }
      }
      if (sdd > 0) return Float64Array.of(sdd / sdl);
      return Float64Array.of(npairs > 0 ? sd / npairs : 1);
    },
  };
}

export function spExp(coordinates: readonly (readonly number[])[]): CovarianceStructure {
  const dim = coordinates.length;
  return scaledCorrelationStructure("sp_exp", dim, exponentialCorrelation(distanceMatrix(coordinates), dim), "homogeneous");
}
