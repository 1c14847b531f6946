import type { AnalysisSpec, FitProgress } from "../../../src-main/api/contract.js";
import { formatFixed } from "../../../src-core/present/format.js";
import { DDF_NAMES } from "../../../src-core/present/labels.js";

/**
 * Words for a running fit: what the worker is doing, the optimiser's position, the time spent, and what to
 * try when a fit fails. Defaults follow the engine's (REML, Kenward-Roger) so that a spec without them reads
 * the same as the fit it gives.
 */

export function phaseText(progress: FitProgress, spec: AnalysisSpec | null): string {
  const method = spec?.method ?? "REML";
  const ddf = spec?.ddf ?? "kenward-roger";
  switch (progress.phase) {
    case "queued": return "Queued: starting the fit worker";
    case "load": return "Loading the data";
    case "optimise": return `Optimising the ${method} likelihood`;
    case "inference":
      return ddf.startsWith("kenward-roger") || ddf === "satterthwaite"
        ? `Computing ${DDF_NAMES[ddf]} inference (degrees of freedom, tests, LS means)`
        : "Computing tests, LS means and differences";
    case "predict": return "Predicting fitted values, residuals and random effects";
    case "done": return "Storing the fit";
  }
}

/** The phases a fit goes through, with a short name each, for the step list of the progress panel. */
export const FIT_PHASES: readonly { phase: FitProgress["phase"]; label: string }[] = [
  { phase: "queued", label: "Queued" },
  { phase: "load", label: "Load data" },
  { phase: "optimise", label: "Optimise" },
  { phase: "inference", label: "Inference" },
  { phase: "predict", label: "Predict" },
];

/** "Iteration 4: −2 Res Log Likelihood 3386.4499", while optimising; null before the first iteration. */
export function iterationText(progress: FitProgress, spec: AnalysisSpec | null): string | null {
  if (progress.phase !== "optimise" || progress.iteration === undefined) return null;
  const label = (spec?.method ?? "REML") === "REML" ? "−2 Res Log Likelihood" : "−2 Log Likelihood";
  return progress.m2logLik === undefined || !Number.isFinite(progress.m2logLik)
    ? `Iteration ${progress.iteration}`
    : `Iteration ${progress.iteration}: ${label} ${formatFixed(progress.m2logLik, 4)}`;
}

/** 0.4 s, 12 s, 2 min 05 s. */
export function elapsedText(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  const whole = Math.floor(s);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`;
}

/**
 * What to try after a failed fit, from the service's message. The engine's messages already name the problem
 * and the fix; this adds where in the app to make it, and the usual remedy when the covariance cannot be
 * estimated. Most specific first; one general line when nothing matches.
 */
export function failureAdvice(message: string): string[] {
  const m = message.toLowerCase();
  const advice: string[] = [];
  const when = (pattern: RegExp, text: string) => { if (pattern.test(m)) advice.push(text); };
  when(/not positive definite|singular|no interior optimum/,
    "The covariance matrix could not be estimated: try a residual structure with fewer parameters, such as Toeplitz (TOEP), AR(1) or compound symmetry (CS), or drop a random slope.");
  when(/formula syntax error|unknown column .* in the formula/, "Correct the formula in the Model step.");
  when(/where filter error/, "Correct the row selection (the where filter) in the Model step.");
  when(/no rows are left/, "Check the row selection in the Model step, and that the outcome has observed values in the rows it keeps.");
  when(/repeats? a subject's/,
    "Each subject may have one row per visit: select one parameter (PARAMCD) or an analysis flag (such as ANL01FL) in the Model step.");
  when(/not numeric|is numeric, so/, "Choose a different column, or change the column's type when importing the data again.");
  when(/only one level/, "Remove the factor from the formula, or widen the row selection so that it has two levels or more.");
  when(/worker stopped|out of memory/, "The fit worker stopped: the model may need more memory than is free; close other work or fit a simpler covariance structure.");
  if (advice.length === 0) advice.push("Check the model in the Model step (formula, reference levels, row selection) and the data checks in Explore, then fit again.");
  return advice;
}
