import { cellText, sortLevels } from "./cells.js";
import type { Column, DataFrame } from "./frame.js";
import type { SingleRole, VariableRoles } from "./roles.js";

/** What a data check found. See docs/data-checks.md for each code's rule. */
export type FindingCode =
  | "missing-role"
  | "no-rows"
  | "several-parameters"
  | "duplicate-visit"
  | "arm-changes"
  | "baseline-changes"
  | "missing-value"
  | "visit-outside-schedule"
  | "scheduled-visit-empty"
  | "visit-order-ambiguous"
  | "non-numeric-visit-order"
  | "non-numeric-outcome"
  | "missing-outcome"
  | "no-post-baseline";

/** error: a fit would be wrong or impossible; warning: rows will be excluded or results may mislead; note: for information. */
export type Severity = "error" | "warning" | "note";

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** One readable sentence with counts, saying what to do. */
  readonly message: string;
  /** 1-based row numbers in the file, all of them, ascending. */
  readonly rows: number[];
  /** Subject IDs of those rows, unique, in the model's level order. */
  readonly subjects: string[];
}

/** What every check reads: the data, the roles, and the rows considered. */
export interface CheckContext {
  readonly frame: DataFrame;
  readonly roles: VariableRoles;
  /** 0-based indices of the rows passing the where filter and the parameter selection, ascending. */
  readonly rows: readonly number[];
  /** The column of a role when it is set and present, else null (checkData reports the role). */
  column(role: SingleRole): Column | null;
  /** The subject ID of row r, or null when missing or when there is no subject column. */
  subjectOf(r: number): string | null;
  /** How to keep one row per subject and visit with this dataset's flags, for messages. */
  readonly oneRowHint: string;
}

/** Builds a finding from 0-based rows; its subjects are read from those rows, so the two lists always agree. */
export function makeFinding(ctx: CheckContext, code: FindingCode, severity: Severity, message: string, rows0: Iterable<number>): Finding {
  const rows = [...new Set(rows0)].sort((a, b) => a - b);
  const subjects: string[] = [];
  for (const r of rows) {
    const s = ctx.subjectOf(r);
    if (s !== null) subjects.push(s);
  }
  const subjectCol = ctx.column("subject");
  return {
    code,
    severity,
    message,
    rows: rows.map((r) => r + 1),
    subjects: sortLevels(subjects, subjectCol?.kind === "numeric"),
  };
}

/** "1 row", "12 rows". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** "has" or "have" to agree with n. */
export function has(n: number): string {
  return n === 1 ? "has" : "have";
}

/** A short quoted list of values: "A", "B" and 3 more. */
export function quoteList(values: readonly string[], max = 5): string {
  const shown = values.slice(0, max).map((v) => `"${v}"`).join(", ");
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/** Considered rows grouped by subject (rows with a missing subject are left out), subjects in first-seen order. */
export function rowsBySubject(ctx: CheckContext): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of ctx.rows) {
    const s = ctx.subjectOf(r);
    if (s === null) continue;
    const list = out.get(s);
    if (list) list.push(r);
    else out.set(s, [r]);
  }
  return out;
}

/** Text of a role's cell, or null when the role is unusable or the cell is missing. */
export function roleText(ctx: CheckContext, role: SingleRole, r: number): string | null {
  const col = ctx.column(role);
  return col ? cellText(col, r) : null;
}
