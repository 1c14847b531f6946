import type { ContrastRow, LsmeanRow, Type3Row } from "../result.js";
import { tCritical, tTwoSided } from "./distributions.js";
import type { FixedInference } from "./fixed.js";
import type { Estimable, Hypothesis } from "./hypothesis.js";

/** F-test rows (Type III terms or slices) for hypotheses, under the fit's df method. */
export function testRows(hypotheses: readonly Hypothesis[], inference: FixedInference): Type3Row[] {
  return hypotheses.map((h) => {
    const t = inference.test(h.L, h.rows);
    return { term: h.term, ...(h.levels ? { levels: { ...h.levels } } : {}), numDF: t.numDF, denDF: t.denDF, F: t.F, p: t.p };
  });
}

/** A non-estimable function (SAS prints "Non-est") gets NaN everywhere and `estimable: false`. */
function scalar(e: Estimable, inference: FixedInference, confidence: number) {
  if (e.estimable === false) return { estimate: NaN, se: NaN, df: NaN, t: NaN, p: NaN, lower: NaN, upper: NaN, estimable: false as const };
  const { estimate, se, df } = inference.estimate(e.l);
  const t = estimate / se;
  const crit = tCritical(confidence, df);
  return { estimate, se, df, t, p: tTwoSided(t, df), lower: estimate - crit * se, upper: estimate + crit * se };
}

export function lsmeanRows(functions: readonly Estimable[], inference: FixedInference, confidence: number): LsmeanRow[] {
  return functions.map((e) => ({ levels: { ...e.levels }, ...scalar(e, inference, confidence) }));
}

export function contrastRows(functions: readonly Estimable[], inference: FixedInference, confidence: number): ContrastRow[] {
  return functions.map((e) => ({ label: e.label ?? "", levels: { ...e.levels }, ...scalar(e, inference, confidence) }));
}
