import type { Design } from "../design/design.js";
import type { CoefficientRow } from "../result.js";
import { tCritical, tTwoSided } from "./distributions.js";
import type { FixedInference } from "./fixed.js";

/**
 * The fixed-effects table: estimate, SE (from C, or from Φ_A under Kenward–Roger), df by the inference's
 * method, t, p and confidence limits.
 */
export function coefficientTable(design: Design, inference: FixedInference, confidence: number): CoefficientRow[] {
  const p = design.p;
  return design.coefNames.map((name, a) => {
    const l = new Float64Array(p);
    l[a] = 1;
    const { estimate, se, df } = inference.estimate(l);
    const t = estimate / se;
    const crit = tCritical(confidence, df);
    return { name, estimate, se, df, t, p: tTwoSided(t, df), lower: estimate - crit * se, upper: estimate + crit * se };
  });
}
