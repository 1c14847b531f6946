/**
 * One replicate of the coverage study: simulate a trial, fit the MMRM once per df method, and keep the 95% CI of
 * the TRT − PBO difference at the last visit.
 */
import { fitModel, type AnalysisSpec, type DdfMethod } from "../../src-core/index.js";
import { trueLastDifference, type Scenario } from "./scenario.js";
import { simulateCoverageTrial } from "./simulate.js";

export const METHODS = ["kenward-roger", "satterthwaite", "residual", "asymptotic"] as const satisfies readonly DdfMethod[];
export type CoverageMethod = (typeof METHODS)[number];

/** Why a fit does not count: it threw, it did not converge, or its interval is not finite. */
export type Exclusion = "error" | "not-converged" | "invalid";

export type MethodOutcome =
  | { ok: true; estimate: number; se: number; df: number; lower: number; upper: number; covered: boolean; warnings: string[] }
  | { ok: false; reason: Exclusion; message: string };

export interface ReplicateRecord {
  rep: number;
  seed: number;
  missingAtLast: number;
  completeLastDifference: number;
  outcomes: Record<CoverageMethod, MethodOutcome>;
}

/** The model of the issue: REML, unstructured covariance over visits, LS-mean differences by visit. */
export function coverageSpec(ddf: CoverageMethod, confidence: number): AnalysisSpec {
  return {
    formula: "Y ~ ARM * VISIT + us(VISIT | SUBJ)",
    method: "REML",
    ddf,
    confidence,
    lsmeans: { specs: ["ARM"], by: ["VISIT"], pairwise: true },
  };
}

/**
 * The TRT − PBO row at the last visit. The label is checked rather than assumed, so a change in how the core
 * orders levels cannot silently flip the sign of the estimate against the true difference.
 */
function lastVisitDifference(contrasts: { label: string; levels: Record<string, string>; estimate: number; se: number; df: number; lower: number; upper: number }[], lastVisit: string) {
  const row = contrasts.find((c) => c.levels.VISIT === lastVisit);
  if (!row) throw new Error(`no LS-mean difference at visit ${lastVisit}`);
  if (row.label === "TRT - PBO") return row;
  if (row.label === "PBO - TRT") return { ...row, estimate: -row.estimate, lower: -row.upper, upper: -row.lower };
  throw new Error(`unexpected difference label "${row.label}"`);
}

export function runReplicate(scenario: Scenario, subjectsPerArm: number, rep: number, seed: number, confidence = 0.95): ReplicateRecord {
  const trial = simulateCoverageTrial(scenario, subjectsPerArm, seed);
  const truth = trueLastDifference(scenario);
  const lastVisit = scenario.visits[scenario.visits.length - 1];
  const outcomes = {} as Record<CoverageMethod, MethodOutcome>;
  // Each method is a separate REML fit, as a user would run it; the estimates agree across methods because the
  // df method does not enter the optimisation (the runner checks that).
  for (const ddf of METHODS) {
    try {
      const fit = fitModel(trial.frame, coverageSpec(ddf, confidence));
      if (!fit.converged) {
        outcomes[ddf] = { ok: false, reason: "not-converged", message: fit.diagnostics.message ?? "not converged" };
        continue;
      }
      const row = lastVisitDifference(fit.contrasts, lastVisit);
      // Asymptotic intervals have df = ∞; anything else that is not finite is an inference failure.
      const finite = [row.estimate, row.se, row.lower, row.upper].every(Number.isFinite) && row.df > 0;
      if (!finite) {
        outcomes[ddf] = { ok: false, reason: "invalid", message: `non-finite interval: se ${row.se}, df ${row.df}, [${row.lower}, ${row.upper}]` };
        continue;
      }
      outcomes[ddf] = {
        ok: true, estimate: row.estimate, se: row.se, df: row.df, lower: row.lower, upper: row.upper,
        covered: row.lower <= truth && truth <= row.upper, warnings: fit.diagnostics.warnings,
      };
    } catch (e) {
      outcomes[ddf] = { ok: false, reason: "error", message: e instanceof Error ? e.message : String(e) };
    }
  }
  return { rep, seed, missingAtLast: trial.missingAtLast, completeLastDifference: trial.completeLastDifference, outcomes };
}
