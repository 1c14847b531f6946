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

/**
 * Model summaries: ICC, Nakagawa–Schielzeth R² and BLUP shrinkage (definitions in docs/math/summaries.md).
 * A summary that a model does not define is null, with the reason in `reason`.
 */
export interface ModelSummaries {
  /** The variance decomposition both ICC and R² are built from. */
  variances: VarianceDecomposition;
  icc: IccSummary;
  r2: R2Summary;
  shrinkage: ShrinkageSummary;
}

export interface VarianceDecomposition {
  /** σ²_f: sample variance (divisor N − 1) of the fixed-effect predictions Xβ̂ over the used rows. */
  fixed: number;
  /** σ²_l per random term: mean over the used rows of z_iᵀ G_l z_i (Johnson 2014). */
  random: { group: string; terms: string[]; variance: number }[];
  /** σ²_e: mean over the used rows of the residual variance R_ii. */
  residual: number;
}

/** ICC of one random term at one row z of its Z (z aligned with the term's `terms`). */
export interface IccPoint { at: number[]; variance: number; icc: number }

export interface IccGroup {
  group: string;
  terms: string[];
  /** σ²_l / (Σσ²_l + σ²_e): this term's share of the variance (performance::icc(by_group = TRUE)). */
  share: number;
  /** Random slopes: the ICC at each distinct observed row of Z (or a grid over the slope's range); else null. */
  curve: IccPoint[] | null;
  /** Why there is no curve for a term with slopes, or how the points were chosen; else null. */
  note: string | null;
}

export interface IccSummary {
  /** Σσ²_l / (Σσ²_l + σ²_e), performance's "adjusted ICC"; null without random effects. */
  adjusted: number | null;
  /** Σσ²_l / (σ²_f + Σσ²_l + σ²_e), performance's "unadjusted ICC"; null without random effects. */
  unadjusted: number | null;
  groups: IccGroup[];
  /** For a residual covariance structure: the correlation matrix of R over its levels (one per group). */
  residualCorrelation: { group: string | null; levels: string[]; matrix: number[][] }[] | null;
  /** Why adjusted/unadjusted are null. */
  reason: string | null;
}

export interface R2Summary {
  /** σ²_f / (σ²_f + Σσ²_l + σ²_e) */
  marginal: number | null;
  /** (σ²_f + Σσ²_l) / (σ²_f + Σσ²_l + σ²_e) */
  conditional: number | null;
  reason: string | null;
}

/** Shrinkage of the BLUPs of one random term, laid out like its BlupSet. */
export interface ShrinkageSet {
  group: string;
  terms: string[];
  /** G_jj: the variance each BLUP is shrunk against. */
  variance: number[];
  /** values[i][j] = PEV_ij / G_jj for level i (BlupSet.levels order) and term j; null where G_jj = 0. */
  values: (number | null)[][];
  /** Per term: mean over levels of values[·][j]. */
  mean: (number | null)[];
  /** Per term: 1 − mean_i(b̂_ij²) / G_jj, the shrinkage seen in the spread of the BLUPs. */
  empirical: (number | null)[];
  /** Why a term's shrinkage is null; else null. */
  note: string | null;
}

export interface ShrinkageSummary {
  sets: ShrinkageSet[];
  /** Why there is no shrinkage (no random effects). */
  reason: string | null;
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
  /** ICC, R² and BLUP shrinkage; absent in results written before they existed. */
  summaries?: ModelSummaries;
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
    /** The stopping rule that gave the estimates: "sas" when SAS's own iteration met its criterion (fit/sas-newton.ts). */
    criterion: "optimum" | "sas";
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
