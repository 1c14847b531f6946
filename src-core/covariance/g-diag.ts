/**
 * Diagonal G for uncorrelated random effects, (t || g) (SAS RANDOM ... TYPE=VC): θ = one variance per random-effect
 * term, named after the term ("Intercept", "Days"), G = diag(θ). Linear in θ. A variance may be 0 (boundary).
 * Unconstrained map: θ_k = exp(φ_k), so a variance tending to 0 means φ_k → −∞.
 */
import type { CovarianceStructure } from "./structure.js";
import {
  type ParamMap,
  startVariances,
  linearElementwise,
} from "./shared.js";

/** SAS's name for a random-effect term: R's "(Intercept)" is "Intercept"; other names are kept. */
export function sasTermName(term: string): string {
  return term === "(Intercept)" ? "Intercept" : term;
}

export function gDiag(dim: number, termNames?: readonly string[]): CovarianceStructure {
  const maps: ParamMap[] = Array.from({ length: dim }, (): ParamMap => "log");
  const names = Array.from({ length: dim }, (_, k) => (termNames ? sasTermName(termNames[k]) : `Var(${k + 1})`));

  return {
    kind: "g_diag",
    dim,
    nparam: dim,
    names,
    ...linearElementwise(maps),

    fill(theta, pos, out) {
      const n = pos.length;
      out.fill(0, 0, n * n);
      for (let a = 0; a < n; a++) out[a * n + a] = theta[pos[a]];
    },

    fillD1(_theta, k, pos, out) {
      const n = pos.length;
      out.fill(0, 0, n * n);
      for (let a = 0; a < n; a++) if (pos[a] === k) out[a * n + a] = 1;
    },



    start: (S) => startVariances(S, dim),

    admissible(theta) {
      if (theta.length !== dim) return false;
      for (let k = 0; k < dim; k++) if (!(theta[k] >= 0 && Number.isFinite(theta[k]))) return false;
      return true;
    },
  };
}
