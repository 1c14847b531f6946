import { cellText } from "./cells.js";
import { checkRoles } from "./checks-roles.js";
import { checkAnyRows, checkOneParameter } from "./checks-selection.js";
import { checkArmChanges, checkBaselineChanges, checkDuplicateVisits, checkMissingKeys } from "./checks-subjects.js";
import { checkOutcomeValues, checkPostBaseline } from "./checks-outcome.js";
import { checkSchedule, checkVisitOrder, checkVisitOrderNumeric } from "./checks-visits.js";
import type { CheckContext, Finding, Severity } from "./finding.js";
import type { DataFrame } from "./frame.js";
import { SINGLE_ROLES, type SingleRole, type VariableRoles } from "./roles.js";
import { selectRows, type RowSelection } from "./selection.js";

export type { Finding, FindingCode, Severity } from "./finding.js";

export interface CheckOptions extends RowSelection {
  /** The planned visits, as visit labels. Without it, a default rule decides which visits look unscheduled. */
  schedule?: readonly string[];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/** How to keep one row per subject and visit: an ADaM analysis flag when the data have one that is not already in the filter. */
function oneRowHint(frame: DataFrame, roles: VariableRoles, where: string | undefined): string {
  const flag = roles.filters.find((f) => /^ANL\d\dFL$/i.test(f) && f in frame.columns);
  return flag && !(where ?? "").includes(flag) ? `e.g. with the filter ${flag} == "Y"` : "e.g. with the where filter";
}

/**
 * Checks the data before a fit, on the rows passing `where` and, with a parameter role, `parameter ==
 * parameterValue`; row numbers refer to the whole frame. Returns the findings, errors first; an empty list
 * means nothing to report. Problems with the roles are findings (missing-role); a bad where filter throws
 * LongitudeError("bad-where" | "unknown-column"), as the fit would. The rules are in docs/data-checks.md.
 */
export function checkData(frame: DataFrame, given: VariableRoles, options: CheckOptions = {}): Finding[] {
  const { where, parameterValue, schedule } = options;
  const findings = checkRoles(frame, given, parameterValue);
  // Roles naming absent columns are reported above; the checks below run as if they were unset.
  const roles: VariableRoles = { ...given, filters: given.filters.filter((f) => f in frame.columns) };
  for (const role of SINGLE_ROLES) if (roles[role] !== null && !((roles[role] as string) in frame.columns)) roles[role] = null;
  const usable = (role: SingleRole) => (roles[role] === null ? null : frame.columns[roles[role] as string]);
  // The rows to check cannot be chosen without the parameter column; checking all parameters together would
  // report every subject as duplicated.
  if (parameterValue !== undefined && !usable("parameter")) return findings;
  const rows = selectRows(frame, roles, { where, parameterValue });
  const subject = usable("subject");
  const ctx: CheckContext = {
    frame,
    roles,
    rows,
    column: usable,
    subjectOf: subject ? (r) => cellText(subject, r) : () => null,
    oneRowHint: oneRowHint(frame, roles, where),
  };
  const empty = checkAnyRows(ctx, where, parameterValue);
  if (empty.length > 0) return [...findings, ...empty];
  // Across several parameters every subject repeats every visit and has several baselines: those findings
  // would only restate this one, so the checks stop here until one parameter is chosen.
  const parameters = checkOneParameter(ctx, parameterValue);
  if (parameters.length > 0) return [...findings, ...parameters];
  findings.push(
    ...checkDuplicateVisits(ctx),
    ...checkArmChanges(ctx),
    ...checkBaselineChanges(ctx),
    ...checkMissingKeys(ctx),
    ...checkVisitOrderNumeric(ctx),
    ...checkVisitOrder(ctx),
    ...checkSchedule(ctx, schedule),
    ...checkOutcomeValues(ctx),
    ...checkPostBaseline(ctx),
  );
  // Array.prototype.sort is stable: within a severity, findings stay in the order of the checks above.
  return findings.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}
