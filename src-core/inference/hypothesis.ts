/**
 * Linear functions of β that the inference layer estimates and tests. Builders (Type III terms, LS means,
 * differences, slices, custom contrasts) produce them from the design alone; `inference/` turns them into
 * rows with estimates, standard errors and df by the requested method.
 */

/** One estimable function lᵀβ (l has length p, in Design.coefNames order). */
export interface Estimable {
  /** e.g. { ARMCD: "TRT", AVISIT: "VIS1" } for an LS mean; the `by` levels for a difference. */
  readonly levels: Readonly<Record<string, string>>;
  /** e.g. "TRT - PBO" for a difference or a custom contrast's label; absent for an LS mean. */
  readonly label?: string;
  readonly l: Float64Array;
  /** false when lᵀβ is not estimable (l is not in the row space of X, e.g. an LS mean over an empty cell) */
  readonly estimable?: boolean;
}

/** A hypothesis Lβ = 0 with L of full row rank (rows × p, row-major); rows is the numerator df. */
export interface Hypothesis {
  /** The fixed term ("ARMCD:AVISIT") or the slice ("ARMCD") being tested. */
  readonly term: string;
  /** For a slice: the `by` levels it is taken at. */
  readonly levels?: Readonly<Record<string, string>>;
  readonly L: Float64Array;
  readonly rows: number;
}
