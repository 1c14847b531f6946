/** The analysis spec: the one textual description of a model (see ../shared/design/ARCHITECTURE.md). */
export type Method = "REML" | "ML";
export type DdfMethod = "kenward-roger" | "kenward-roger-linear" | "satterthwaite" | "between-within" | "residual" | "asymptotic";

export interface LsmeansSpec {
  specs: string[];
  by?: string[];
  pairwise?: boolean;
  weights?: "equal" | "proportional";
  /** F test of equal LS means of `specs` within each `by` group (SAS's SLICE). */
  slices?: boolean;
  /**
   * Custom contrasts of the LS means of `specs`, within each `by` group: weights by level label (for several
   * specs, labels joined by ":", e.g. "TRT:F"). Unnamed levels get weight 0.
   */
  contrasts?: { label: string; weights: Record<string, number> }[];
}

export interface AnalysisSpec {
  formula: string;
  method?: Method;
  ddf?: DdfMethod;
  information?: "observed" | "expected";
  reference?: Record<string, string>;
  factors?: string[];
  weights?: string;
  where?: string;
  lsmeans?: LsmeansSpec;
  /** Covariance parameters under SAS's names (as SAS's PARMS statement), or in SAS's order as an array. */
  parms?: { values: Record<string, number> | number[]; noiter?: boolean };
  confidence?: number;
  /**
   * "optimum" (default): iterate to the optimum of −2 log L. "sas": PROC MIXED's own iteration (MIVQUE(0) start,
   * Newton–Raphson, stop at the relative Hessian criterion 1e-8), which stops where SAS stops and so reproduces
   * SAS's printed estimates digit for digit (fit/sas-newton.ts).
   */
  convergence?: "optimum" | "sas";
}
