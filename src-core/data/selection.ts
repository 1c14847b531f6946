import { whereMask } from "../design/where.js";
import { LongitudeError } from "../errors.js";
import { cellText } from "./cells.js";
import type { DataFrame } from "./frame.js";
import { roleColumn, type VariableRoles } from "./roles.js";

/** Which rows a check or summary looks at: the analysis's where filter and, for a BDS dataset, one parameter. */
export interface RowSelection {
  where?: string;
  parameterValue?: string;
}

/**
 * The 0-based indices of the rows passing `where` (the fit's own filter, SAS semantics for missing values) and
 * `parameter == parameterValue`. Throws LongitudeError for a bad where filter, or when parameterValue is given
 * without a usable parameter role, so that nothing is silently checked on the wrong rows.
 */
export function selectRows(frame: DataFrame, roles: VariableRoles, options: RowSelection = {}): number[] {
  const keep = options.where && options.where.trim() !== "" ? whereMask(options.where, frame) : null;
  let param = null;
  if (options.parameterValue !== undefined) {
    param = roleColumn(frame, roles, "parameter");
    if (!param) throw new LongitudeError("bad-spec", `a parameter value ("${options.parameterValue}") is given but no parameter column is chosen; choose one, e.g. PARAMCD`);
  }
  const rows: number[] = [];
  for (let r = 0; r < frame.nrow; r++) {
    if (keep && !keep[r]) continue;
    if (param && cellText(param, r) !== options.parameterValue) continue;
    rows.push(r);
  }
  return rows;
}
