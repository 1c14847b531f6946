/**
 * CSH, heterogeneous compound symmetry (SAS REPEATED TYPE=CSH): θ = [Var(1)..Var(t), CSH],
 * Σ_ii = Var(i), Σ_ij = sqrt(Var(i) Var(j)) · CSH for i ≠ j.
 */
import type { CovarianceStructure } from "./structure.js";
import { type CorrelationModel, scaledCorrelationStructure } from "./scaled.js";
import { offDiagonalMean, startCommonCorrelationBound, startCorrelation } from "./shared.js";

function commonCorrelation(dim: number): CorrelationModel {
  return {
    names: ["CSH"],
    maps: ["tanh"],
    corr: (theta, r0) => theta[r0],
    corrD1: () => 1,
    corrD2: () => 0,
    corrHasD2: () => false,
    admissible: (theta, r0) => Math.abs(theta[r0]) < 1,
    start: (R) => Float64Array.of(startCorrelation(offDiagonalMean(R, dim), startCommonCorrelationBound(dim))),
  };
}

export function csh(dim: number): CovarianceStructure {
  return scaledCorrelationStructure("csh", dim, commonCorrelation(dim), "heterogeneous");
}
