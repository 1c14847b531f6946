import type { FitResult } from "../../../src-main/api/contract.js";
import { formatE } from "../../../src-core/present/format.js";

/**
 * The convergence banner's words: the status in one line, what to do when the fit did not converge, and what
 * each of the engine's warnings means for the results (the engine states the fact; a reader wants the
 * consequence).
 */

export function convergenceLine(r: FitResult): string {
  const d = r.diagnostics;
  if (r.converged) return `Converged in ${d.iterations} iteration${d.iterations === 1 ? "" : "s"} (relative gradient ${formatE(d.relativeGradient)}).`;
  return `The fit did NOT converge${d.message ? `: ${d.message}` : ""}.`;
}

/** Next steps after a fit that did not converge, as a statistician would take them. */
export function notConvergedAdvice(r: FitResult): string[] {
  const advice = [
    "No estimates, tests or LS means are shown, because the values where the optimiser stopped are not results (the report follows the same rule).",
  ];
  const structure = r.covariance.residual.structure;
  if (structure !== "iid" && structure !== "cs" && structure !== "ar1")
    advice.push("Try a simpler residual structure, such as Toeplitz (TOEP), AR(1) or compound symmetry (CS): \"Compare residual structures by AIC\" fits them all.");
  if (r.covariance.random.length > 0) advice.push("Simplify the random effects: drop a random slope, or make the effects uncorrelated ((1 + x || g) instead of (1 + x | g)).");
  advice.push("Check the data for visits with very few observations (the observation counts in Explore): a visit with a handful of values leaves its variance and correlations poorly determined.");
  advice.push("Rescale the outcome if its values are very large or very small (for example a change in units): the optimiser works best with variances near 1 to 10⁴.");
  return advice;
}

/** What a warning from the engine means, or null when the warning says it all. */
export function warningAdvice(warning: string): string | null {
  const w = warning.toLowerCase();
  if (w.includes("estimated at zero"))
    return "A variance was estimated at zero, on the boundary of the parameter space (a singular fit): the data show no variation of this effect beyond the residual. The random effect can be dropped; the other estimates stand, but the df and standard errors of a boundary fit deserve care.";
  if (/correlation between .* is [+−-]1/.test(w))
    return "Two random effects are perfectly correlated (a singular fit): the model has more covariance parameters than the data support. Make the effects uncorrelated (|| instead of |) or drop the slope.";
  if (w.includes("matrix is singular"))
    return "The estimated covariance matrix is singular (on the boundary): a simpler structure, such as Toeplitz or AR(1), will likely fit as well with fewer parameters.";
  if (w.startsWith("slow convergence"))
    return "The fit met SAS's convergence criterion but not Longitude's tighter one. Check the covariance parameters for variances near zero or correlations near ±1; if there are none, the estimates can be used.";
  if (w.includes("information matrix is not positive definite"))
    return "The chosen degrees-of-freedom method could not be computed, usually because a covariance parameter is on its boundary; simplify the covariance structure to get it back.";
  if (w.startsWith("aliased fixed effects"))
    return "Some fixed-effect columns are combinations of others (for example an empty cell of an interaction) and were left out, as SAS does; the estimable LS means and tests are unaffected.";
  if (w.startsWith("converged from the starting values"))
    return "The default starting values failed and the fit converged from alternative ones; check that the covariance estimates are plausible.";
  if (w.includes("noiter"))
    return "The covariance parameters were fixed at the given values (as SAS's PARMS / NOITER), not estimated: −2 log L and the information criteria are those of the fixed values.";
  if (w.startsWith("between-within"))
    return "Only the degrees of freedom are affected; they may differ from SAS's DDFM=BETWITHIN for terms that vary within subjects.";
  return null;
}
