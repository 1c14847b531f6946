/**
 * TOEPH, heterogeneous Toeplitz (SAS REPEATED TYPE=TOEPH): θ = [Var(1)..Var(t), TOEPH(1)..TOEPH(t−1)],
 * Σ_ii = Var(i), Σ_ij = sqrt(Var(i) Var(j)) · TOEPH(|i−j|). Bounds |TOEPH(k)| < 1 do not guarantee positive
 * definiteness; the caller checks it.
 */
import type { CovarianceStructure } from "./structure.js";
import { type CorrelationModel, scaledCorrelationStructure } from "./scaled.js";
import { correlationsInBounds, indexedNames, startLagCorrelations } from "./shared.js";

function toeplitzCorrelation(dim: number): CorrelationModel {
  const nrho = Math.max(0, dim - 1);
  return {
    names: indexedNames("TOEPH", 1, nrho),
    maps: Array.from({ length: nrho }, () => "tanh" as const),
    corr: (theta, r0, i, j) => theta[r0 + Math.abs(i - j) - 1],
    corrD1: (_theta, _r0, m, i, j) => (Math.abs(i - j) - 1 === m ? 1 : 0),
    corrD2: () => 0,
    corrHasD2: () => false,
    admissible: (theta, r0) => correlationsInBounds(theta, r0, nrho),
    start: (R) => startLagCorrelations(R, dim),
  };
}

export function toeph(dim: number): CovarianceStructure {
  return scaledCorrelationStructure("toeph", dim, toeplitzCorrelation(dim), "heterogeneous");
}
