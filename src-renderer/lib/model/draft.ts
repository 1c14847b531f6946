/**
 * What the model builder's form holds. A draft is turned into the analysis spec by formula.ts and checked by
 * validate.ts; it never holds data, only column names and choices, so it is small and freely copied.
 */
import type { DdfMethod, Method } from "../../../src-core/spec.js";

/** A visit is a factor (one mean per visit, as in an MMRM); a continuous time enters as a number (slopes). */
export type TimeKind = "visit" | "continuous";

/** The random-effects part: none, a random intercept, or a random intercept and slope on the continuous time. */
export type RandomChoice = "none" | "intercept" | "slope" | "slope-uncorrelated";

/** The residual covariance structures the builder offers over the visits within a subject; "none" = iid errors. */
export type StructureChoice = "none" | "us" | "cs" | "csh" | "ar1" | "ar1h" | "ad" | "adh" | "toep" | "toeph";

export interface CovariateChoice {
  column: string;
  /** A numeric column may be entered as a factor; a text column is always a factor. */
  kind: "factor" | "numeric";
  /** Reference level of a factor covariate; null = the first level. */
  reference: string | null;
}

export interface ModelDraft {
  outcome: string | null;
  arm: string | null;
  time: string | null;
  timeKind: TimeKind;
  subject: string | null;
  baseline: string | null;
  covariates: CovariateChoice[];
  /** Arm × visit (or arm × time: separate slopes per arm). */
  armByTime: boolean;
  /** Baseline × visit: the baseline's effect may differ by visit. */
  baselineByTime: boolean;
  random: RandomChoice;
  /** A random intercept per level of this column (a study site), subjects nested in it: (1 | SITEID). */
  siteIntercept: string | null;
  structure: StructureChoice;
  /** Separate covariance parameters per arm: us(AVISIT | ARMCD / USUBJID). */
  perArm: boolean;
  method: Method;
  ddf: DdfMethod;
  /** Reference level of the arm; null = the first level. */
  referenceArm: string | null;
  /** Reference level of the visit; null = the first level. */
  referenceVisit: string | null;
  where: string;
  confidence: number;
  /** LS means of the arm (by visit when the time is a visit factor), with pairwise differences. */
  lsmeans: boolean;
  /**
   * "default": the core's choice (SAS's iteration for an unstructured MMRM, else to the optimum); "optimum":
   * iterate to the optimum (as R); "sas": stop where SAS PROC MIXED stops (its printed digits).
   */
  convergence: "default" | "optimum" | "sas";
}

export const DEFAULT_CONFIDENCE = 0.95;

/** A draft with nothing chosen: the defaults a statistician expects (REML, Kenward-Roger, 95%). */
export function emptyDraft(): ModelDraft {
  return {
    outcome: null, arm: null, time: null, timeKind: "visit", subject: null, baseline: null, covariates: [],
    armByTime: true, baselineByTime: false, random: "none", siteIntercept: null, structure: "none", perArm: false,
    method: "REML", ddf: "kenward-roger", referenceArm: null, referenceVisit: null, where: "",
    confidence: DEFAULT_CONFIDENCE, lsmeans: false, convergence: "default",
  };
}

/** Whether the time enters as a visit factor (the condition for residual structures and LS means by visit). */
export function hasVisitFactor(d: ModelDraft): boolean {
  return d.time !== null && d.timeKind === "visit";
}

/** Every column the draft names, with the part it plays (in form order, for messages). */
export function draftColumns(d: ModelDraft): { role: string; column: string }[] {
  const out: { role: string; column: string }[] = [];
  const add = (role: string, column: string | null): void => { if (column !== null) out.push({ role, column }); };
  add("outcome", d.outcome);
  add("arm", d.arm);
  add(d.timeKind === "visit" ? "visit" : "time", d.time);
  add("subject", d.subject);
  add("baseline", d.baseline);
  for (const c of d.covariates) add("covariate", c.column);
  add("site", d.siteIntercept);
  return out;
}
