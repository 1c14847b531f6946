/**
 * ARH(1), heterogeneous first-order autoregressive (SAS REPEATED TYPE=ARH(1)): θ = [Var(1)..Var(t), ARH(1)],
 * Σ_ij = sqrt(Var(i) Var(j)) · ARH(1)^|i−j|.
 */
import { autoregressiveCorrelation } from "./ar1.js";
import { scaledCorrelationStructure } from "./scaled.js";
import type { CovarianceStructure } from "./structure.js";

export function ar1h(dim: number): CovarianceStructure {
  return scaledCorrelationStructure("ar1h", dim, autoregressiveCorrelation(dim, "ARH(1)"), "heterogeneous");
}
