import { cellText, sortLevels } from "./cells.js";
import { count, makeFinding, quoteList, type CheckContext, type Finding } from "./finding.js";

/**
 * no-rows (error): nothing passes the where filter and the parameter selection. The message lists the
 * parameter's values in the data, since a misspelt parameter is the usual cause.
 */
export function checkAnyRows(ctx: CheckContext, where: string | undefined, parameterValue: string | undefined): Finding[] {
  if (ctx.rows.length > 0) return [];
  const { frame, roles } = ctx;
  const parts: string[] = [];
  if (where && where.trim() !== "") parts.push(`the where filter ${where}`);
  let values = "";
  const param = ctx.column("parameter");
  if (parameterValue !== undefined && param) {
    parts.push(`${roles.parameter} == "${parameterValue}"`);
    const seen: string[] = [];
    for (let r = 0; r < frame.nrow; r++) {
      const v = cellText(param, r);
      if (v !== null) seen.push(v);
    }
    values = `; ${roles.parameter} values in the data are ${quoteList(sortLevels(seen, param.kind === "numeric"), 10)}`;
  }
  const message = `no rows pass ${parts.join(" and ") || "the selection"} (${count(frame.nrow, "row")} in the data)${values}; ` +
    "check the filter and the parameter";
  return [makeFinding(ctx, "no-rows", "error", message, [])];
}

/**
 * several-parameters (error): without a parameter value, the rows considered hold more than one value of the
 * parameter column. A BDS dataset stacks parameters; one model analyses one of them.
 */
export function checkOneParameter(ctx: CheckContext, parameterValue: string | undefined): Finding[] {
  const param = ctx.column("parameter");
  if (!param || parameterValue !== undefined) return [];
  const seen = new Set<string>();
  for (const r of ctx.rows) {
    const v = cellText(param, r);
    if (v !== null) seen.add(v);
  }
  if (seen.size < 2) return [];
  const values = sortLevels(seen, param.kind === "numeric");
  const message = `${ctx.roles.parameter} has ${values.length} values in the rows considered (${quoteList(values)}); ` +
    "a model analyses one parameter, so choose one";
  return [makeFinding(ctx, "several-parameters", "error", message, ctx.rows)];
}
