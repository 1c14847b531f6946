import { LongitudeError } from "../errors.js";
import { unknownColumnMessage } from "../design/suggest.js";
import { cellText, sortLevels } from "./cells.js";
import type { DataFrame } from "./frame.js";

/** The distinct non-missing values of a column with their row counts, in the model's level order. */
export interface ColumnLevels {
  column: string;
  levels: { value: string; rows: number }[];
  /** Rows where the column is missing. */
  missing: number;
  /** True when the column has more than `limit` distinct values and only the first `limit` are listed. */
  truncated: boolean;
}

/**
 * What a filter or a reference-level choice offers for a column: its levels as a fit would name them (numbers
 * written as R writes them), sorted as the fit sorts them, each with its number of rows among `rows` (0-based;
 * all rows when omitted), so that a choice offered is one the selected rows have.
 */
export function columnLevels(frame: DataFrame, column: string, limit = 500, rows?: readonly number[]): ColumnLevels {
  const col = frame.columns[column];
  if (!col) throw new LongitudeError("unknown-column", unknownColumnMessage(column, "the level list", frame.names));
  const counts = new Map<string, number>();
  let missing = 0;
  const n = rows ? rows.length : frame.nrow;
  for (let i = 0; i < n; i++) {
    const v = cellText(col, rows ? rows[i] : i);
    if (v === null) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const sorted = sortLevels(counts.keys(), col.kind === "numeric");
  return { column, levels: sorted.slice(0, limit).map((value) => ({ value, rows: counts.get(value)! })), missing, truncated: sorted.length > limit };
}
