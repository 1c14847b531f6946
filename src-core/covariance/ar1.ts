/**
 * AR(1), first-order autoregressive (SAS REPEATED TYPE=AR(1)): θ = [AR(1), Residual],
 * Σ_ij = Residual · AR(1)^|i−j|. The correlation model is shared with ARH(1) (ar1h.ts).
 */
import type { CovarianceStructure } from "./structure.js";
import { type CorrelationModel, scaledCorrelationStructure } from "./scaled.js";
import { correlationsInBounds, lagMean, startCorrelation } from "./shared.js";

/** C_ij = ρ^|i−j|, with ρ named `name` ("AR(1)" or "ARH(1)"). */
export function autoregressiveCorrelation(dim: number, name: string): CorrelationModel {
  return {
    names: [name],
    maps: ["tanh"],
    corr: (theta, r0, i, j) => Math.pow(theta[r0], Math.abs(i - j)),
    corrD1: (theta, r0, _m, i, j) => {
      const h = Math.abs(i - j);
      return h * Math.pow(theta[r0], h - 1);
    },
    corrD2: (theta, r0, _m, _p, i, j) => {
      const h = Math.abs(i - j);
      return h < 2 ? 0 : h * (h - 1) * Math.pow(theta[r0], h - 2);
    },
    corrHasD2: () => dim > 2,
    admissible: (theta, r0) => correlationsInBounds(theta, r0, 1),
    start: (R) => Float64Array.of(startCorrelation(lagMean(R, dim, 1))),
  };
}

export function ar1(dim: number): CovarianceStructure {
  return scaledCorrelationStructure("ar1", dim, autoregressiveCorrelation(dim, "AR(1)"), "homogeneous");
}
