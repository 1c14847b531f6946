/**
 * The model's where filter from the row selection of the Explore step. The selection may name the parameter
 * value apart from its where text; a fit has only `where`, so the parameter is written into it, else a
 * stacked BDS dataset would be fitted over all its parameters at once.
 */
import { whereString } from "../import/selection.js";
import { formulaName } from "./formula.js";

export interface SelectionLike {
  readonly where?: string;
  readonly parameterValue?: string;
}

/** Whether a where filter names a column (outside string literals), e.g. PARAMCD in `PARAMCD == "ACTOT"`. */
export function whereNames(where: string, column: string): boolean {
  const code = where.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""');
  const plain = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9._])${plain}($|[^A-Za-z0-9._])`).test(code) || code.includes(`\`${column}\``);
}

/** The model's where filter from a selection (the Import step builds selection.where with import/selection.ts): `PARAM == "value"` joined to the selection's where unless it names PARAM. */
export function whereWithParameter(selection: SelectionLike, parameter: string | null): string {
  const where = (selection.where ?? "").trim();
  if (selection.parameterValue === undefined || parameter === null || whereNames(where, parameter)) return where;
  const param = `${formulaName(parameter)} == ${whereString(selection.parameterValue)}`;
  if (where === "") return param;
  return /\|/.test(where) ? `${param} & (${where})` : `${param} & ${where}`;
}
