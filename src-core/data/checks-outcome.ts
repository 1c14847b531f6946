import { cellNumber, cellText } from "./cells.js";
import { count, has, makeFinding, quoteList, rowsBySubject, type CheckContext, type Finding } from "./finding.js";
import { visitLevels } from "./roles.js";

/**
 * non-numeric-outcome (error): a text outcome column with values that do not read as numbers ("<5", "ND"); the
 * fit refuses the column until it is converted. missing-outcome (note): rows without an outcome value. They are
 * not a problem for an MMRM, which uses every observed value and is valid when values are missing at random, but
 * the count belongs in the report.
 */
export function checkOutcomeValues(ctx: CheckContext): Finding[] {
  const col = ctx.column("outcome");
  if (!col) return [];
  const name = ctx.roles.outcome as string;
  const out: Finding[] = [];
  if (col.kind === "character") {
    const bad = ctx.rows.filter((r) => cellText(col, r) !== null && Number.isNaN(cellNumber(col, r)));
    if (bad.length > 0) {
      const examples = [...new Set(bad.map((r) => col.values[r] as string))];
      const message = `${count(bad.length, "value")} of the outcome ${name} ${bad.length === 1 ? "does" : "do"} not read as a number ` +
        `(${quoteList(examples, 3)}, first at row ${bad[0] + 1}); the column needs converting to numbers before a fit`;
      out.push(makeFinding(ctx, "non-numeric-outcome", "error", message, bad));
    }
  }
  const missing = ctx.rows.filter((r) => cellText(col, r) === null);
  if (missing.length > 0) {
    const message = `${count(missing.length, "row")} of ${ctx.rows.length} ${has(missing.length)} no ${name} value; ` +
      `the fit leaves ${missing.length === 1 ? "it" : "them"} out, which an MMRM handles under missing at random`;
    out.push(makeFinding(ctx, "missing-outcome", "note", message, missing));
  }
  return out;
}

/**
 * Whether row r is after baseline: its visitOrder is > 0 (a missing visitOrder is not > 0, as in a SAS where),
 * or, without a visitOrder role, its visit is not the first visit in order.
 */
function postBaseline(ctx: CheckContext): (r: number) => boolean {
  const order = ctx.column("visitOrder");
  if (order) return (r) => cellNumber(order, r) > 0;
  const visit = ctx.column("visit")!;
  const first = visitLevels(ctx.frame, ctx.roles, ctx.rows)[0];
  return (r) => {
    const v = cellText(visit, r);
    return v !== null && v !== first;
  };
}

/**
 * no-post-baseline (warning): subjects with no observed outcome at a post-baseline visit. They contribute
 * nothing to an MMRM of change from baseline (to one of the value itself, only a baseline measurement); listing
 * them keeps the loss of whole subjects visible.
 */
export function checkPostBaseline(ctx: CheckContext): Finding[] {
  const outcome = ctx.column("outcome");
  if (!ctx.column("subject") || !ctx.column("visit") || !outcome) return [];
  const after = postBaseline(ctx);
  const found: string[] = [];
  const rows: number[] = [];
  for (const [subject, own] of rowsBySubject(ctx)) {
    if (own.some((r) => after(r) && !Number.isNaN(cellNumber(outcome, r)))) continue;
    found.push(subject);
    rows.push(...own);
  }
  if (found.length === 0) return [];
  const rule = ctx.column("visitOrder") ? `${ctx.roles.visitOrder} > 0` : "after the first visit";
  const message = `${count(found.length, "subject")} ${has(found.length)} no ${ctx.roles.outcome} value after baseline (${rule}; ` +
    `${count(rows.length, "row")}, e.g. subject ${found[0]}); ${found.length === 1 ? "it contributes" : "they contribute"} nothing ` +
    `to an MMRM of change from baseline`;
  return [makeFinding(ctx, "no-post-baseline", "warning", message, rows)];
}
