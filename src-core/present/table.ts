import { formatDf, formatEstimate, formatFitStatistic, formatP, formatStatistic } from "./format.js";

/**
 * A table as the app shows it and the report prints it. Cells hold raw values; `formatCell` turns them into
 * what SAS would print, and the CSV export writes the raw numbers at full precision. The first `labels`
 * columns identify a row (effect, visit, arm, ...); the rest are statistics.
 */
export type CellKind =
  /** free text, e.g. an effect name or a visit label */
  | "text"
  /** whole counts */
  | "count"
  /** estimates, standard errors, bounds, means: SAS's BEST-like format */
  | "estimate"
  /** t and F values: 2 decimals */
  | "statistic"
  /** p-values: PVALUE6.4, `<.0001` */
  | "p"
  /** degrees of freedom */
  | "df"
  /** -2 log L, AIC, BIC: 1 decimal */
  | "fit"
  /** correlations and proportions: 4 decimals */
  | "fraction";

export type Cell = string | number | null;

export interface PresentColumn {
  /** Stable machine name, used as the CSV column name (snake_case). */
  readonly key: string;
  /** What a reader sees. */
  readonly header: string;
  readonly kind: CellKind;
  /** Default: text left, numbers right. Label/value tables print their values on the left. */
  readonly align?: "left" | "right";
}

export interface PresentTable {
  /** Stable machine name, used for the CSV file name and in the analysis results data. */
  readonly id: string;
  readonly title: string;
  readonly columns: readonly PresentColumn[];
  readonly rows: readonly (readonly Cell[])[];
  /** How many leading columns label a row. */
  readonly labels: number;
  /** A sentence under the table, e.g. the confidence level or why a row is empty. */
  readonly note?: string;
}

/** A cell as printed: SAS's formats, "." for a missing number, "" for a missing text. */
export function formatCell(kind: CellKind, value: Cell): string {
  if (value === null) return kind === "text" ? "" : ".";
  if (typeof value === "string") return value;
  switch (kind) {
    case "text": return String(value);
    case "count": return Number.isNaN(value) ? "." : String(value);
    case "estimate": return formatEstimate(value);
    case "statistic": return formatStatistic(value);
    case "p": return formatP(value);
    case "df": return formatDf(value);
    case "fit": return formatFitStatistic(value);
    case "fraction": return Number.isNaN(value) ? "." : value.toFixed(4);
  }
}
