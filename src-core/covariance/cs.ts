/**
 * CS, compound symmetry (SAS REPEATED TYPE=CS): θ = [CS, Residual], Σ = CS·J + Residual·I. Linear in θ. CS may be
 * negative (Σ is positive definite when Residual > 0 and Residual + t·CS > 0; the caller checks).
 * Unconstrained map: CS = φ_1, Residual = exp(φ_2).
 */
import type { CovarianceStructure } from "./structure.js";
import {
  correlationEstimate,
  meanVariance,
  offDiagonalMean,
  type ParamMap,
  startCommonCorrelationBound,
  startCorrelation,
  linearElementwise,
} from "./shared.js";

const MAPS: readonly ParamMap[] = ["identity", "log"];

export function cs(dim: number): CovarianceStructure {
  return {
    kind: "cs",
    dim,
    nparam: 2,
    names: ["CS", "Residual"],
    ...linearElementwise(MAPS),

    fill(theta, pos, out) {
      const n = pos.length;
      const c = theta[0];
      out.fill(c, 0, n * n);
      for (let a = 0; a < n; a++) out[a * n + a] = c + theta[1];
    },

    fillD1(_theta, k, pos, out) {
      const n = pos.length;
      if (k === 0) {
        out.fill(1, 0, n * n);
        return;
      }
      out.fill(0, 0, n * n);
      for (let a = 0; a < n; a++) out[a * n + a] = 1;
    },




    start(S) {
      const v = meanVariance(S, dim);
      const rho = startCorrelation(offDiagonalMean(correlationEstimate(S, dim), dim), startCommonCorrelationBound(dim));
      return Float64Array.of(rho * v, (1 - rho) * v);
    },

    admissible: (theta) => theta.length === 2 && Number.isFinite(theta[0]) && theta[1] > 0 && Number.isFinite(theta[1]),
  };
}
