import type { Design } from "../design/design.js";
import type { CovarianceModel } from "../fit/covariance-model.js";
import type { Evaluation } from "../fit/reml.js";
import type { CoefficientRow } from "../result.js";
import type { DdfMethod } from "../spec.js";
import { tCritical, tTwoSided } from "./distributions.js";
import { Satterthwaite } from "./satterthwaite.js";

/**
 * The fixed-effects table: estimate, SE from the model-based covariance C = (XᵀV⁻¹X)⁻¹, df by the requested
 * method, t, p and confidence limits. Kenward-Roger and between-within are issue [2 of 5]; until they land,
 * a request for them is answered with Satterthwaite (or residual) df and a warning saying so.
 */
export function coefficientTable(
  design: Design,
  model: CovarianceModel,
  ev: Evaluation,
  ddf: DdfMethod,
  information: "observed" | "expected",
  confidence: number,
  warnings: string[],
): { rows: CoefficientRow[]; vcov: Float64Array; ddfUsed: DdfMethod } {
  const p = design.p;
  let ddfUsed: DdfMethod = ddf;
  if (ddf === "kenward-roger" || ddf === "kenward-roger-linear") {
    ddfUsed = "satterthwaite";
    warnings.push(`${ddf} is not implemented yet: standard errors are model-based and df are Satterthwaite (${information} information)`);
  } else if (ddf === "between-within") {
    ddfUsed = "residual";
    warnings.push("between-within df are not implemented yet: df are residual (N − rank X)");
  }
  const satt = ddfUsed === "satterthwaite" && ev.information && ev.A ? new Satterthwaite(ev.C, ev.A, ev.information, p, model.nparam) : null;
  if (ddfUsed === "satterthwaite" && satt && !satt.thetaCovariance()) warnings.push("the information matrix is not positive definite: Satterthwaite df are not available");
  const rows = design.coefNames.map((name, a) => {
    const estimate = ev.beta[a];
    const se = Math.sqrt(ev.C[a * p + a]);
    let df: number;
    if (ddfUsed === "asymptotic") df = Infinity;
    else if (ddfUsed === "residual") df = design.nobs - p;
    else {
      const l = new Float64Array(p);
      l[a] = 1;
      df = satt ? satt.df(l) : NaN;
    }
    const t = estimate / se;
    const crit = tCritical(confidence, df);
    return { name, estimate, se, df, t, p: tTwoSided(t, df), lower: estimate - crit * se, upper: estimate + crit * se };
  });
  return { rows, vcov: ev.C, ddfUsed };
}
