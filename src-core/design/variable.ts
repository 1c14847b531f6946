import type { FactorInfo } from "./design.js";

/** A factor over the used rows: its levels and each row's level index. */
export interface FactorColumn {
  readonly info: FactorInfo;
  readonly index: Int32Array;
  /** Index of the reference level in info.levels. */
  readonly ref: number;
}

/** A model variable evaluated on the used rows: a factor, or one or more numeric columns. */
export type FittedVariable =
  | { readonly kind: "factor"; readonly label: string; readonly factor: FactorColumn }
  | {
      readonly kind: "numeric"; readonly label: string;
      /** Column name suffixes: [""] for one column, ["1", "2"] for poly(x, 2). */
      readonly suffixes: readonly string[];
      /** One array per suffix, over the used rows. */
      readonly values: readonly Float64Array[];
      /** Raw numeric columns the variable reads (for covariate means). */
      readonly columns: readonly string[];
      /** Values of the columns for one set of predictor values. */
      encode(values: Readonly<Record<string, number | string>>, means: Readonly<Record<string, number>>): number[];
    };

/** What the variable evaluator needs from the model frame: used-row values of columns. */
export interface FrameAccess {
  readonly nobs: number;
  /** Used-row values of a numeric column (throws LongitudeError("non-numeric") for a factor column). */
  numeric(column: string, context: string): Float64Array;
  /** The factor for a column (character columns and those listed in `factors`; others become factors by distinct values). */
  factor(column: string): FactorColumn;
  isFactor(column: string): boolean;
}

/** Finds the level index of a label (or, for numeric factors, a number equal to a level). */
export function levelIndex(f: FactorInfo, value: number | string): number {
  const label = String(value);
  let i = f.levels.indexOf(label);
  if (i < 0 && typeof value === "number") i = f.levels.findIndex((l) => Number(l) === value);
  if (i < 0 && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    i = f.levels.findIndex((l) => Number(l) === Number(value));
  }
  return i;
}
