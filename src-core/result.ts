import type { AnalysisSpec, DdfMethod, Method } from "./spec.js";

/** The fit result: plain, serialisable, deterministic (see ../shared/design/ARCHITECTURE.md). */
export interface CoefficientRow {
  name: string;
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
  lower: number;
  upper: number;
}

export interface CovParameter {
  /** SAS's name, e.g. "UN(2,1)", "AR(1)", "Residual". */
  name: string;
  /** SAS's Subject column: the subject or grouping variable. */
  subject: string | null;
  /** SAS's Group column for per-group covariance, e.g. "PBO". */
  group: string | null;
  estimate: number;
}

export interface ResidualCovariance {
  structure: string;
  /** iid residual */
  sigma2?: number;
  /** visit structures: levels in order and the estimated matrix over them */
  levels?: string[];
  matrix?: number[][];
  /** per-group structures: one matrix per group */
  groups?: { group: string; matrix: number[][] }[];
  parameters: CovParameter[];
}

export interface RandomCovariance {
  group: string;
  terms: string[];
  matrix: number[][];
  parameters: CovParameter[];
}

export interface BlupSet {
  group: string;
  terms: string[];
  levels: string[];
  /** values[i][j]: level i, term j */
  values: number[][];
  /** prediction variance of each value (diagonal of Var(b̂ − b)) */
  predictionVariance: number[][];
}

/** A Type III F test of a fixed term, or a slice (the term's LS means equal within a `by` group). */
export interface Type3Row { term: string; levels?: Record<string, string>; numDF: number; denDF: number; F: number; p: number }

/** `estimable: false` (and NaN values) when the LS mean or difference is not estimable, SAS's "Non-est". */
export interface LsmeanRow { levels: Record<string, string>; estimate: number; se: number; df: number; t: number; p: number; lower: number; upper: number; estimable?: false }

/** A difference of LS means ("TRT - PBO") or a custom contrast, at the `by` levels. */
export interface ContrastRow { label: string; levels: Record<string, string>; estimate: number; se: number; df: number; t: number; p: number; lower: number; upper: number; estimable?: false }

export interface FitResult {
  converged: boolean;
  method: Method;
  ddf: DdfMethod;
  information: "observed" | "expected";
  formula: string;
  response: string;
  nobs: number;
  nobsNotUsed: number;
  nobsFiltered: number;
  ngroups: Record<string, number>;
  logLik: number;
  m2logLik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** number of covariance parameters and fixed effects counted in AIC/BIC */
  npar: { covariance: number; fixed: number };
  coefficients: CoefficientRow[];
  type3: Type3Row[];
  lsmeans: LsmeanRow[];
  contrasts: ContrastRow[];
  slices: Type3Row[];
  aliased: string[];
  /** model-based covariance of β̂, rows/cols in coefficient order */
  vcov: number[][];
  covariance: {
    residual: ResidualCovariance;
    random: RandomCovariance[];
    /** all parameters in SAS's order (random first, then residual) */
    parameters: CovParameter[];
  };
  blups: BlupSet[];
  /** per used row, in input order */
  observations: {
    row: number[];
    fitted: number[];
    residual: number[];
    conditionalFitted: number[] | null;
    conditionalResidual: number[] | null;
    pearson: number[];
  };
  diagnostics: {
    iterations: number;
    gradientNorm: number;
    relativeGradient: number;
    warnings: string[];
    /** when not converged: why */
    message: string | null;
  };
  provenance: {
    engine: string;
    version: string;
    startTheta: number[];
    finalTheta: number[];
    evaluations: number;
    milliseconds: number;
  };
  spec: AnalysisSpec;
}
