import type { ResidualKind } from "../covariance/structure.js";

/** A factor (categorical variable) as the model frame codes it. */
export interface FactorInfo {
  readonly name: string;
  /** Levels in model order (sorted, or numeric order for a numeric column listed in `factors`). */
  readonly levels: readonly string[];
  /** The reference level (first level unless `reference` names another). */
  readonly reference: string;
}

/** One fixed-effect term after expansion, e.g. "ARMCD:AVISIT", and the design columns it owns. */
export interface FixedTermInfo {
  readonly label: string;
  /** Variables in the term, e.g. ["ARMCD", "AVISIT"]; a covariate expression such as "I(x^2)" counts as one. */
  readonly variables: readonly string[];
  /** Indices into Design.coefNames (after aliased columns are removed). */
  readonly columns: readonly number[];
}

export interface RandomTermDesign {
  /** The grouping factor as written, e.g. "Subject", "site:subject", "ARM:USUBJID". */
  readonly group: string;
  /** Level index of the grouping factor for each used row. */
  readonly groupIndex: Int32Array;
  readonly groupLevels: readonly string[];
  /** Names of the random-effect columns, e.g. ["(Intercept)", "Days"]. */
  readonly termNames: readonly string[];
  /** Z for this term, row-major nobs × termNames.length. */
  readonly Z: Float64Array;
  /** True for (t || g): independent random effects (diagonal G). */
  readonly diagonal: boolean;
}

export interface ResidualDesign {
  readonly structure: ResidualKind;
  /** The subject variable, e.g. "USUBJID". */
  readonly subject: string;
  readonly subjectIndex: Int32Array;
  readonly subjectLevels: readonly string[];
  /** The time variable (or the coordinate variables for sp_exp). */
  readonly time: readonly string[];
  /** Position of each used row: its time level index, or its index into `coordinates`. */
  readonly position: Int32Array;
  /** Time levels in order (for visit structures). */
  readonly positionLevels: readonly string[];
  /** For sp_exp: distinct coordinate vectors, indexed by position. */
  readonly coordinates: readonly (readonly number[])[] | null;
  /** Per-group covariance (us(time | group / subject)): group variable, levels, and each row's group index. */
  readonly group: string | null;
  readonly groupLevels: readonly string[] | null;
  readonly groupIndex: Int32Array | null;
}

/** The model frame and design matrices: everything the fitting engine needs, for the used rows only. */
export interface Design {
  readonly response: string;
  /** Number of rows used, and the original row index (0-based, in the input data) of each. */
  readonly nobs: number;
  readonly rows: Int32Array;
  /** Rows left out: by the where filter, and for a missing response or covariate. */
  readonly nFiltered: number;
  readonly nMissing: number;
  readonly y: Float64Array;
  /** Fixed-effects design, row-major nobs × p, aliased columns already removed. */
  readonly X: Float64Array;
  readonly p: number;
  readonly coefNames: readonly string[];
  /** Names of columns dropped because they were linearly dependent on earlier columns. */
  readonly aliased: readonly string[];
  readonly intercept: boolean;
  readonly terms: readonly FixedTermInfo[];
  readonly factors: Readonly<Record<string, FactorInfo>>;
  /** Observation weights (SAS WEIGHT), or null. */
  readonly weights: Float64Array | null;
  readonly random: readonly RandomTermDesign[];
  readonly residual: ResidualDesign | null;
  /** Mean over used rows of each numeric variable that enters the fixed part (for LS means at covariate means). */
  readonly covariateMeans: Readonly<Record<string, number>>;
  /**
   * Builds one fixed-effects design row (length p, aliased columns removed) from predictor values: factor
   * variables by level label, numeric variables by value. Used for LS means and predictions.
   */
  encode(values: Readonly<Record<string, number | string>>): Float64Array;
  /** The same row over all columns of the model matrix, aliased ones included (length p + aliased.length). */
  encodeFull(values: Readonly<Record<string, number | string>>): Float64Array;
  /** The entries of a full-length vector at the kept columns (length p). */
  reduce(lFull: Float64Array): Float64Array;
  /** Whether lᵀβ (l over all columns, aliased ones included) is estimable: l lies in the row space of X. */
  isEstimable(lFull: Float64Array): boolean;
}
