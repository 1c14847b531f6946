import { cellNumber } from "./cells.js";
import { count, makeFinding, quoteList, roleText, type CheckContext, type Finding } from "./finding.js";
import { visitLevels, visitOrderValues } from "./roles.js";

/** Visit names that by CDISC habit are not scheduled time points. */
const UNSCHEDULED_NAME = /unsched|early\s*term|end\s+of\s+(study|treatment)/i;

/** Below this share of subjects a visit is not taken for a scheduled one (without a schedule). */
export const SPARSE_VISIT_SHARE = 0.05;

/** Considered rows by visit level. */
function rowsByVisit(ctx: CheckContext): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of ctx.rows) {
    const v = roleText(ctx, "visit", r);
    if (v === null) continue;
    const list = out.get(v);
    if (list) list.push(r);
    else out.set(v, [r]);
  }
  return out;
}

/**
 * Why a visit is taken to be off the schedule when no schedule is given, or null. The rule (docs/data-checks.md):
 * its name says unscheduled, early termination or end of study/treatment; or its visitOrder is not a whole
 * number (SDTM/ADaM number unscheduled visits e.g. 3.1); or fewer than 5% of subjects have a row at it (too few
 * to estimate its variance and correlations in an unstructured covariance).
 */
function offScheduleReason(visit: string, orders: readonly number[], subjects: number, allSubjects: number, orderName: string | null): string | null {
  if (UNSCHEDULED_NAME.test(visit)) return "its name marks it as unscheduled or as an end-of-study visit";
  const fraction = orders.find((x) => !Number.isInteger(x));
  if (fraction !== undefined && orderName) return `its ${orderName} is not a whole number (${fraction})`;
  if (subjects < SPARSE_VISIT_SHARE * allSubjects) {
    return `only ${count(subjects, "subject")} of ${allSubjects} (under ${SPARSE_VISIT_SHARE * 100}%) ${subjects === 1 ? "has" : "have"} a row at it`;
  }
  return null;
}

/**
 * visit-outside-schedule (warning): one finding per visit that is not in `schedule` or, without one, that the
 * default rule above flags. Such a visit becomes a level of its own in the model. scheduled-visit-empty (note): a
 * visit of the schedule with no rows.
 */
export function checkSchedule(ctx: CheckContext, schedule: readonly string[] | undefined): Finding[] {
  if (!ctx.column("visit")) return [];
  const byVisit = rowsByVisit(ctx);
  const out: Finding[] = [];
  const visitName = ctx.roles.visit as string;
  const action = "remove it with the where filter or map its rows to a scheduled visit, otherwise it is a visit of its own in the model";
  if (schedule) {
    const wanted = new Set(schedule);
    for (const visit of visitLevels(ctx.frame, ctx.roles, ctx.rows)) {
      if (wanted.has(visit)) continue;
      const rows = byVisit.get(visit)!;
      const message = `${visitName} "${visit}" is not in the schedule (${count(rows.length, "row")}); ${action}`;
      out.push(makeFinding(ctx, "visit-outside-schedule", "warning", message, rows));
    }
    const empty = schedule.filter((v) => !byVisit.has(v));
    if (empty.length > 0) {
      const message = `${count(empty.length, "scheduled visit")} ${empty.length === 1 ? "has" : "have"} no rows: ${quoteList(empty, 10)}`;
      out.push(makeFinding(ctx, "scheduled-visit-empty", "note", message, []));
    }
    return out;
  }
  const orders = visitOrderValues(ctx.frame, ctx.roles, ctx.rows);
  const subjectsAt = (rows: readonly number[]): number => new Set(rows.map((r) => ctx.subjectOf(r)).filter((s) => s !== null)).size;
  const allSubjects = subjectsAt(ctx.rows.filter((r) => roleText(ctx, "visit", r) !== null));
  for (const visit of visitLevels(ctx.frame, ctx.roles, ctx.rows)) {
    const rows = byVisit.get(visit)!;
    const reason = offScheduleReason(visit, orders.get(visit) ?? [], subjectsAt(rows), allSubjects, ctx.roles.visitOrder);
    if (reason === null) continue;
    const message = `${visitName} "${visit}" looks unscheduled: ${reason} (${count(rows.length, "row")}); ${action}`;
    out.push(makeFinding(ctx, "visit-outside-schedule", "warning", message, rows));
  }
  return out;
}

/**
 * visit-order-ambiguous (warning): a visit with several visitOrder values (it is ordered by the smallest), or a
 * visitOrder value shared by several visits (they are ordered by name). The order matters for AR(1)-type
 * covariances, the dropout pattern and which visit counts as baseline.
 */
export function checkVisitOrder(ctx: CheckContext): Finding[] {
  if (!ctx.column("visit") || !ctx.column("visitOrder")) return [];
  const orderName = ctx.roles.visitOrder as string;
  const orders = visitOrderValues(ctx.frame, ctx.roles, ctx.rows);
  const byVisit = rowsByVisit(ctx);
  const out: Finding[] = [];
  const owners = new Map<number, string[]>();
  for (const visit of visitLevels(ctx.frame, ctx.roles, ctx.rows)) {
    const values = orders.get(visit)!;
    for (const x of values) owners.set(x, [...(owners.get(x) ?? []), visit]);
    if (values.length < 2) continue;
    const rows = byVisit.get(visit)!;
    const message = `${ctx.roles.visit} "${visit}" has ${values.length} different ${orderName} values (${values.join(", ")}) ` +
      `in ${count(rows.length, "row")}; it is ordered by the smallest, so give each visit one ${orderName} value`;
    out.push(makeFinding(ctx, "visit-order-ambiguous", "warning", message, rows));
  }
  for (const [x, visits] of owners) {
    if (visits.length < 2) continue;
    const rows = visits.flatMap((v) => byVisit.get(v)!);
    const message = `${count(visits.length, "visit")} share ${orderName} = ${x} (${quoteList(visits)}, ${count(rows.length, "row")}); ` +
      `they are ordered by name, so give each visit its own ${orderName} value or merge them`;
    out.push(makeFinding(ctx, "visit-order-ambiguous", "warning", message, rows));
  }
  return out;
}

/** non-numeric-visit-order (warning): a text visitOrder column with values that do not read as numbers; those rows give no order. */
export function checkVisitOrderNumeric(ctx: CheckContext): Finding[] {
  const col = ctx.column("visitOrder");
  if (!col || col.kind === "numeric") return [];
  const rows = ctx.rows.filter((r) => col.values[r] !== null && col.values[r] !== "" && Number.isNaN(cellNumber(col, r)));
  if (rows.length === 0) return [];
  const examples = [...new Set(rows.map((r) => col.values[r] as string))];
  const message = `${count(rows.length, "value")} of ${ctx.roles.visitOrder} ${rows.length === 1 ? "does" : "do"} not read as a number (${quoteList(examples, 3)}); ` +
    `they give no visit order, so convert the column to numbers`;
  return [makeFinding(ctx, "non-numeric-visit-order", "warning", message, rows)];
}
