import type { SingleRole } from "./roles.js";
import { count, has, makeFinding, quoteList, roleText, rowsBySubject, type CheckContext, type Finding } from "./finding.js";

/**
 * duplicate-visit (error): more than one row for a subject at a visit. An MMRM has one residual per subject and
 * visit; the fit refuses such data, and the usual cause in ADaM is a missing record-selection filter (ANL01FL).
 */
export function checkDuplicateVisits(ctx: CheckContext): Finding[] {
  if (!ctx.column("subject") || !ctx.column("visit")) return [];
  const cells = new Map<string, { subject: string; visit: string; rows: number[] }>();
  for (const r of ctx.rows) {
    const subject = ctx.subjectOf(r);
    const visit = roleText(ctx, "visit", r);
    if (subject === null || visit === null) continue;
    const key = JSON.stringify([subject, visit]);
    const cell = cells.get(key);
    if (cell) cell.rows.push(r);
    else cells.set(key, { subject, visit, rows: [r] });
  }
  const repeated = [...cells.values()].filter((c) => c.rows.length > 1);
  if (repeated.length === 0) return [];
  const rows = repeated.flatMap((c) => c.rows);
  const nSubjects = new Set(repeated.map((c) => c.subject)).size;
  const first = repeated[0];
  const message = `${count(nSubjects, "subject")} ${has(nSubjects)} more than one row at the same ${ctx.roles.visit} ` +
    `(${count(rows.length, "row")} in ${count(repeated.length, "subject-visit pair")}, e.g. subject ${first.subject} has ` +
    `${first.rows.length} rows at "${first.visit}"); keep one row per subject and visit, ${ctx.oneRowHint}`;
  return [makeFinding(ctx, "duplicate-visit", "error", message, rows)];
}

/** Subjects whose non-missing values of a role differ between their rows, with those values. */
function changing(ctx: CheckContext, role: SingleRole): { subject: string; values: string[]; rows: number[] }[] {
  const out: { subject: string; values: string[]; rows: number[] }[] = [];
  for (const [subject, rows] of rowsBySubject(ctx)) {
    const values = new Set<string>();
    for (const r of rows) {
      const v = roleText(ctx, role, r);
      if (v !== null) values.add(v);
    }
    if (values.size > 1) out.push({ subject, values: [...values], rows });
  }
  return out;
}

/**
 * arm-changes (error): a subject with more than one arm value. Arm is a between-subject factor in an MMRM; a
 * subject in two arms makes the treatment comparison wrong (in ADaM, TRTP varies by period in cross-overs).
 */
export function checkArmChanges(ctx: CheckContext): Finding[] {
  if (!ctx.column("subject") || !ctx.column("arm")) return [];
  const found = changing(ctx, "arm");
  if (found.length === 0) return [];
  const rows = found.flatMap((f) => f.rows);
  const e = found[0];
  const message = `${count(found.length, "subject")} ${has(found.length)} more than one ${ctx.roles.arm} value ` +
    `(${count(rows.length, "row")}, e.g. subject ${e.subject}: ${quoteList(e.values)}); a subject must stay in one arm, ` +
    `so check the arm column (in a parallel-group trial, use the planned arm, e.g. TRT01P)`;
  return [makeFinding(ctx, "arm-changes", "error", message, rows)];
}

/**
 * baseline-changes (error): a subject with more than one baseline value. A baseline covariate is one number per
 * subject; different values usually mean several parameters or baseline definitions are mixed.
 */
export function checkBaselineChanges(ctx: CheckContext): Finding[] {
  if (!ctx.column("subject") || !ctx.column("baseline")) return [];
  const found = changing(ctx, "baseline");
  if (found.length === 0) return [];
  const rows = found.flatMap((f) => f.rows);
  const e = found[0];
  const message = `${count(found.length, "subject")} ${has(found.length)} more than one ${ctx.roles.baseline} value ` +
    `(${count(rows.length, "row")}, e.g. subject ${e.subject}: ${e.values.join(", ")}); the baseline must be the same on ` +
    `all of a subject's rows, so select one parameter and one baseline definition with the where filter`;
  return [makeFinding(ctx, "baseline-changes", "error", message, rows)];
}

/** The roles whose missing values make a fit leave a row out (the outcome has its own note). */
const KEY_ROLES: readonly SingleRole[] = ["subject", "visit", "arm", "baseline"];

/** missing-value (warning): rows with no subject, visit, arm or baseline; the fit leaves each of them out. */
export function checkMissingKeys(ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (const role of KEY_ROLES) {
    if (!ctx.column(role)) continue;
    const rows = ctx.rows.filter((r) => roleText(ctx, role, r) === null);
    if (rows.length === 0) continue;
    const message = `${count(rows.length, "row")} ${has(rows.length)} no ${ctx.roles[role]} value (the ${role}); ` +
      `${rows.length === 1 ? "it" : "they"} will be left out of the fit`;
    out.push(makeFinding(ctx, "missing-value", "warning", message, rows));
  }
  return out;
}
