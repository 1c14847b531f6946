/**
 * Independent, homoscedastic residuals (SAS's default R = σ²I): θ = [Residual], Σ = Residual · I for any positions;
 * `pos` only gives the size. Linear in θ. Unconstrained map: Residual = exp(φ).
 */
import type { CovarianceStructure } from "./structure.js";
import {
  meanVariance,
  type ParamMap,
  linearElementwise,
} from "./shared.js";

const MAPS: readonly ParamMap[] = ["log"];

function fillIdentity(scale: number, n: number, out: Float64Array): void {
  out.fill(0, 0, n * n);
  for (let a = 0; a < n; a++) out[a * n + a] = scale;
}

export function iid(dim: number): CovarianceStructure {
  return {
    kind: "iid",
    dim,
    nparam: 1,
    names: ["Residual"],
    ...linearElementwise(MAPS),
    fill: (theta, pos, out) => fillIdentity(theta[0], pos.length, out),
    fillD1: (_theta, _k, pos, out) => fillIdentity(1, pos.length, out),
    start: (S) => Float64Array.of(meanVariance(S, dim)),
    admissible: (theta) => theta.length === 1 && theta[0] > 0 && Number.isFinite(theta[0]),
  };
}
