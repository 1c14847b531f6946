/**
 * First-order antedependence. Heterogeneous, "adh" (SAS REPEATED TYPE=ANTE(1)): θ = [Var(1)..Var(t),
 * Rho(1)..Rho(t−1)], Σ_ij = sqrt(Var(i) Var(j)) · ∏_{k=min(i,j)}^{max(i,j)−1} Rho(k). Homogeneous, "ad" (as R
 * mmrm's "ad"): θ = [Rho(1)..Rho(t−1), Residual], Σ_ij = Residual · ∏ Rho(k).
 */
import type { CovarianceStructure } from "./structure.js";
import { type CorrelationModel, scaledCorrelationStructure } from "./scaled.js";
import { correlationsInBounds, indexedNames, lagMean, startCorrelation } from "./shared.js";

/**
 * C_ij = ∏_{k=lo}^{hi−1} ρ_k (0-based positions, lo = min(i,j), hi = max(i,j)), leaving out the factors ρ_skip1 and
 * ρ_skip2; 0 if a left-out factor is not in the product.
 */
function productSkipping(theta: Float64Array, r0: number, i: number, j: number, skip1: number, skip2: number): number {
  const lo = Math.min(i, j);
  const hi = Math.max(i, j);
  if (skip1 >= 0 && (skip1 < lo || skip1 >= hi)) return 0;
  if (skip2 >= 0 && (skip2 < lo || skip2 >= hi)) return 0;
  let p = 1;
  for (let k = lo; k < hi; k++) if (k !== skip1 && k !== skip2) p *= theta[r0 + k];
  return p;
}

function antedependenceCorrelation(dim: number): CorrelationModel {
  const nrho = Math.max(0, dim - 1);
  return {
    names: indexedNames("Rho", 1, nrho),
    maps: Array.from({ length: nrho }, () => "tanh" as const),
    corr: (theta, r0, i, j) => productSkipping(theta, r0, i, j, -1, -1),
    corrD1: (theta, r0, m, i, j) => productSkipping(theta, r0, i, j, m, -1),
    corrD2: (theta, r0, m, p, i, j) => (m === p ? 0 : productSkipping(theta, r0, i, j, m, p)),
    corrHasD2: (m, p) => m !== p,
    admissible: (theta, r0) => correlationsInBounds(theta, r0, nrho),
    start(R) {
      // Rho(k) from the adjacent-pair correlation, else the mean lag-1 correlation.
      const fallback = startCorrelation(lagMean(R, dim, 1));
      const rho = new Float64Array(nrho);
      for (let k = 0; k < nrho; k++) {
        const r = R[k * dim + k + 1];
        rho[k] = Number.isFinite(r) ? startCorrelation(r) : fallback;
      }
      return rho;
    },
  };
}

export function adh(dim: number): CovarianceStructure {
  return scaledCorrelationStructure("adh", dim, antedependenceCorrelation(dim), "heterogeneous");
}

export function ad(dim: number): CovarianceStructure {
  return scaledCorrelationStructure("ad", dim, antedependenceCorrelation(dim), "homogeneous");
}
