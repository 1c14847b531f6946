import type { DataSummary } from "../data/summary.js";
import type { Finding } from "../data/finding.js";
import type { ContrastRow, CovParameter, FitResult, LsmeanRow, Type3Row } from "../result.js";
import { DDF_NAMES, levelVariables, minus2Label, percent, residualSubject, STRUCTURE_NAMES } from "./labels.js";
import type { Cell, PresentColumn, PresentTable } from "./table.js";

/**
 * Fit results and data summaries as tables (see table.ts): the app shows these, the PDF prints them and the CSV
 * export writes them, so that all three agree. Column keys are stable snake_case names; level columns are named
 * after their variable (e.g. AVISIT).
 */

const text = (key: string, header: string): PresentColumn => ({ key, header, kind: "text" });
const ESTIMATE_COLUMNS: readonly PresentColumn[] = [
  { key: "estimate", header: "Estimate", kind: "estimate" },
  { key: "std_error", header: "Standard Error", kind: "estimate" },
  { key: "df", header: "DF", kind: "df" },
  { key: "t_value", header: "t Value", kind: "statistic" },
  { key: "p_value", header: "Pr > |t|", kind: "p" },
  { key: "lower", header: "Lower", kind: "estimate" },
  { key: "upper", header: "Upper", kind: "estimate" },
];

function confidenceNote(r: FitResult): string {
  return `Lower, Upper: ${percent(r.spec.confidence ?? 0.95)} confidence limits.`;
}

/** Estimate, SE, df, t, p and CI of a row; a non-estimable row keeps its labels and has no numbers (SAS's Non-est). */
function estimateCells(x: { estimate: number; se: number; df: number; t: number; p: number; lower: number; upper: number; estimable?: false }): Cell[] {
  if (x.estimable === false) return ["Non-est", null, null, null, null, null, null];
  return [x.estimate, x.se, x.df, x.t, x.p, x.lower, x.upper];
}

/** SAS's Model Information, Dimensions and Number of Observations, as label/value pairs. */
export function modelTable(r: FitResult, context: { dataName?: string; rowsRead?: number } = {}): PresentTable {
  const residual = r.covariance.residual;
  const rows: [string, Cell][] = [];
  if (context.dataName) rows.push(["Data set", context.dataName]);
  rows.push(["Dependent variable", r.response], ["Formula", r.formula]);
  if (r.spec.where) rows.push(["Where", r.spec.where]);
  if (r.spec.weights) rows.push(["Weight variable", r.spec.weights]);
  const structure = STRUCTURE_NAMES[residual.structure] ?? residual.structure;
  rows.push([r.covariance.random.length > 0 ? "Residual covariance structure" : "Covariance structure", residual.groups ? `${structure}, separate by group` : structure]);
  const subject = residualSubject(r);
  if (subject) rows.push(["Subject effect", subject]);
  if (residual.groups) rows.push(["Groups", residual.groups.map((g) => g.group).join(", ")]);
  for (const re of r.covariance.random) rows.push(["Random effects", `${re.terms.join(", ")} | ${re.group} (unstructured G)`]);
  if (r.covariance.random.length === 0) rows.push(["Random effects", "none"]);
  rows.push(["Estimation method", r.method]);
  rows.push(["Degrees of freedom method", DDF_NAMES[r.ddf] ?? r.ddf]);
  rows.push(["Fixed effects SE method", r.ddf.startsWith("kenward-roger") ? "Kenward-Roger" : "Model-based"]);
  if (r.ddf.startsWith("kenward-roger") || r.ddf === "satterthwaite") rows.push(["Information matrix", r.information === "observed" ? "Observed" : "Expected"]);
  const reference = Object.entries(r.spec.reference ?? {});
  rows.push(["Reference levels", reference.length > 0 ? reference.map(([k, v]) => `${k} = ${v}`).join(", ") : "first level of each factor"]);
  rows.push(["Covariance parameters", r.covariance.parameters.length], ["Columns in X", r.coefficients.length + r.aliased.length]);
  for (const [name, n] of Object.entries(r.ngroups)) rows.push([`Subjects (${name})`, n]);
  if (context.rowsRead !== undefined) rows.push(["Observations read", context.rowsRead]);
  rows.push(["Observations excluded by where", r.nobsFiltered], ["Observations used", r.nobs], ["Observations not used (missing values)", r.nobsNotUsed]);
  return pairs("model", "Model information", rows);
}


/** Convergence status, iterations, gradient and the final -2 log likelihood. */
export function convergenceTable(r: FitResult): PresentTable {
  const d = r.diagnostics;
  const rows: [string, Cell][] = [
    ["Status", r.converged ? "Convergence criteria met" : "DID NOT CONVERGE"],
    ["Criterion", d.criterion === "sas" ? "as SAS PROC MIXED: relative Hessian ≤ 1e-8 (stops where SAS stops)" : "to the optimum: Newton decrement < 1e-10"],
    ["Iterations", d.iterations],
    ["Function evaluations", r.provenance.evaluations],
    ["Relative gradient", d.relativeGradient],
    ["Gradient norm", d.gradientNorm],
  ];
  if (r.converged) rows.push([`Final ${minus2Label(r)}`, r.m2logLik]);
  if (!r.converged && d.message) rows.push(["Reason", d.message]);
  return pairs("convergence", "Convergence", rows);
}

function pairs(id: string, title: string, rows: readonly [string, Cell][]): PresentTable {
  // Values are mixed text and numbers: the "estimate" kind prints numbers with enough digits and text as it is.
  return { id, title, labels: 1, columns: [text("item", "Item"), { key: "value", header: "Value", kind: "estimate", align: "left" }], rows: rows.map(([k, v]) => [k, v]) };
}

export function fitStatisticsTable(r: FitResult): PresentTable {
  const rows: [string, number][] = [[minus2Label(r), r.m2logLik], ["AIC (smaller is better)", r.aic], ["AICC (smaller is better)", r.aicc], ["BIC (smaller is better)", r.bic]];
  return { id: "fit_statistics", title: "Fit statistics", labels: 1, columns: [text("statistic", "Statistic"), { key: "value", header: "Value", kind: "fit" }], rows };
}

export function covarianceParametersTable(parameters: readonly CovParameter[]): PresentTable {
  const hasGroup = parameters.some((p) => p.group !== null);
  const columns = [text("cov_parm", "Cov Parm"), text("subject", "Subject"), ...(hasGroup ? [text("group", "Group")] : []), { key: "estimate", header: "Estimate", kind: "estimate" } as PresentColumn];
  const rows = parameters.map((p) => [p.name, p.subject ?? "", ...(hasGroup ? [p.group ?? ""] : []), p.estimate]);
  return { id: "covariance_parameters", title: "Covariance parameter estimates", labels: columns.length - 1, columns, rows };
}

/** A symmetric matrix over named levels, with its correlations, as SAS prints R and G (and RCORR). */
function matrixTables(id: string, title: string, names: readonly string[], matrix: readonly (readonly number[])[], rowHeader: string): PresentTable[] {
  const columns: PresentColumn[] = [text("row", rowHeader), ...names.map((n, j) => ({ key: `col_${j + 1}`, header: n, kind: "estimate" as const }))];
  const corr = matrix.map((row, i) => row.map((v, j) => v / Math.sqrt(matrix[i][i] * matrix[j][j])));
  return [
    { id, title, labels: 1, columns, rows: matrix.map((row, i) => [names[i], ...row]) },
    { id: `${id}_correlation`, title: `${title}: correlations`, labels: 1, columns: columns.map((c, j) => (j === 0 ? c : { ...c, kind: "fraction" as const })), rows: corr.map((row, i) => [names[i], ...row]) },
  ];
}

/** The estimated residual covariance matrix R over the visits (per group when separate), and the G matrices. */
export function covarianceMatrixTables(r: FitResult): PresentTable[] {
  const out: PresentTable[] = [];
  const res = r.covariance.residual;
  const levels = res.levels ?? [];
  if (res.groups) {
    res.groups.forEach((g, k) => out.push(...matrixTables(`r_matrix_${k + 1}`, `Estimated R matrix (${g.group})`, levels, g.matrix, "Visit")));
  } else if (res.matrix) {
    out.push(...matrixTables("r_matrix", "Estimated R matrix for a subject", levels, res.matrix, "Visit"));
  }
  r.covariance.random.forEach((g, k) => out.push(...matrixTables(`g_matrix_${k + 1}`, `Estimated G matrix (${g.group})`, g.terms, g.matrix, "Effect")));
  return out;
}

export function fixedEffectsTable(r: FitResult): PresentTable {
  const notes = [confidenceNote(r)];
  if (r.aliased.length > 0) notes.push(`Aliased (linearly dependent, left out): ${r.aliased.join(", ")}.`);
  return {
    id: "fixed_effects", title: "Solution for fixed effects", labels: 1, note: notes.join(" "),
    columns: [text("effect", "Effect"), ...ESTIMATE_COLUMNS],
    rows: r.coefficients.map((c) => [c.name, c.estimate, c.se, c.df, c.t, c.p, c.lower, c.upper]),
  };
}

export function type3Table(rows: readonly Type3Row[], id = "type3", title = "Type 3 tests of fixed effects"): PresentTable {
  const vars = levelVariables(rows.map((r) => r.levels ?? {}));
  return {
    id, title, labels: 1 + vars.length,
    columns: [text("effect", "Effect"), ...vars.map((v) => text(v, v)),
      { key: "num_df", header: "Num DF", kind: "df" }, { key: "den_df", header: "Den DF", kind: "df" },
      { key: "f_value", header: "F Value", kind: "statistic" }, { key: "p_value", header: "Pr > F", kind: "p" }],
    rows: rows.map((t) => [t.term, ...vars.map((v) => t.levels?.[v] ?? ""), t.numDF, t.denDF, t.F, t.p]),
  };
}

export function lsmeansTable(r: FitResult, rows: readonly LsmeanRow[] = r.lsmeans): PresentTable {
  const vars = levelVariables(rows.map((x) => x.levels));
  return {
    id: "lsmeans", title: "Least squares means", labels: vars.length, note: confidenceNote(r),
    columns: [...vars.map((v) => text(v, v)), ...ESTIMATE_COLUMNS],
    rows: rows.map((x) => [...vars.map((v) => x.levels[v] ?? ""), ...estimateCells(x)]),
  };
}

/** Differences of LS means (e.g. TRT - PBO at each visit) and custom contrasts. */
export function differencesTable(r: FitResult, rows: readonly ContrastRow[] = r.contrasts): PresentTable {
  const vars = levelVariables(rows.map((x) => x.levels ?? {}));
  return {
    id: "differences", title: "Treatment differences (differences of least squares means)", labels: 1 + vars.length, note: confidenceNote(r),
    columns: [text("label", "Difference"), ...vars.map((v) => text(v, v)), ...ESTIMATE_COLUMNS],
    rows: rows.map((x) => [x.label, ...vars.map((v) => x.levels?.[v] ?? ""), ...estimateCells(x)]),
  };
}

/** ICC, R² and mean BLUP shrinkage (docs/math/summaries.md); every ICC point of a slope model's curve. */
export function summariesTable(r: FitResult): PresentTable | null {
  const s = r.summaries;
  if (!s) return null;
  const rows: Cell[][] = [];
  rows.push(["ICC (adjusted)", "", "", s.icc.adjusted], ["ICC (unadjusted)", "", "", s.icc.unadjusted]);
  for (const g of s.icc.groups) {
    rows.push(["ICC share", g.group, g.terms.join(", "), g.share]);
    for (const p of g.curve ?? []) {
      const at = g.terms.map((t, j) => (t === "(Intercept)" ? null : `${t} = ${p.at[j]}`)).filter((x) => x !== null).join(", ");
      rows.push([`ICC at ${at}`, g.group, g.terms.join(", "), p.icc]);
    }
  }
  rows.push(["Marginal R-squared", "", "", s.r2.marginal], ["Conditional R-squared", "", "", s.r2.conditional]);
  for (const set of s.shrinkage.sets) set.terms.forEach((t, j) => rows.push(["Mean BLUP shrinkage", set.group, t, set.mean[j]]));
  const notes = ["R-squared: Nakagawa-Schielzeth, with Johnson's extension for random slopes. Shrinkage: PEV/G (0 none, 1 complete)."];
  for (const reason of [s.icc.reason && `ICC: ${s.icc.reason}`, s.r2.reason && `R-squared: ${s.r2.reason}`, s.shrinkage.reason && `Shrinkage: ${s.shrinkage.reason}`]) if (reason) notes.push(`${reason}.`);
  return {
    id: "model_summaries", title: "Model summaries", labels: 3, note: notes.join(" "),
    columns: [text("statistic", "Statistic"), text("group", "Group"), text("term", "Term"), { key: "value", header: "Value", kind: "fraction" }],
    rows,
  };
}

/** The BLUPs with their prediction standard errors, one row per level and term. */
export function blupTable(r: FitResult): PresentTable | null {
  if (r.blups.length === 0) return null;
  const rows: Cell[][] = [];
  for (const set of r.blups) set.levels.forEach((level, i) => set.terms.forEach((term, j) => rows.push([set.group, level, term, set.values[i][j], Math.sqrt(set.predictionVariance[i][j])])));
  return {
    id: "blups", title: "Random-effect predictions (BLUPs)", labels: 3,
    columns: [text("group", "Group"), text("level", "Level"), text("term", "Effect"), { key: "estimate", header: "Estimate", kind: "estimate" }, { key: "std_err_pred", header: "Std Err Pred", kind: "estimate" }],
    rows,
  };
}

// ---- data summaries ----------------------------------------------------------------------------------------

export function subjectsTable(s: DataSummary): PresentTable {
  return {
    id: "subjects", title: "Subjects per arm", labels: 1,
    columns: [text("arm", s.arm), { key: "subjects", header: "Subjects", kind: "count" }, { key: "with_outcome", header: `With an observed ${s.outcome}`, kind: "count" }],
    rows: s.arms.map((a) => [a.arm, a.subjects, a.withOutcome]),
  };
}

/** Observed values per visit (rows) and arm (columns): how many there are. */
export function observationCountTable(s: DataSummary): PresentTable {
  const arms = s.arms.map((a) => a.arm);
  const n = new Map(s.cells.map((c) => [JSON.stringify([c.arm, c.visit]), c.n]));
  return {
    id: "observations", title: `Observed ${s.outcome} values per arm and visit`, labels: 1,
    columns: [text("visit", s.visit), ...arms.map((a, j) => ({ key: `n_${j + 1}`, header: a, kind: "count" as const }))],
    rows: s.visits.map((v) => [v, ...arms.map((a) => n.get(JSON.stringify([a, v])) ?? 0)]),
  };
}

export function observedMeansTable(s: DataSummary): PresentTable {
  return {
    id: "observed_means", title: `Observed ${s.outcome} by arm and visit`, labels: 2, note: "SD with divisor n - 1.",
    columns: [text("arm", s.arm), text("visit", s.visit), { key: "n", header: "n", kind: "count" }, { key: "mean", header: "Mean", kind: "estimate" }, { key: "sd", header: "SD", kind: "estimate" }],
    rows: s.cells.map((c) => [c.arm, c.visit, c.n, c.mean, c.sd]),
  };
}

/** Subjects by the last visit at which their outcome was observed. */
export function dropoutTable(s: DataSummary): PresentTable {
  const arms = s.arms.map((a) => a.arm);
  const last = [...s.visits, null];
  const count = new Map(s.dropout.map((d) => [JSON.stringify([d.arm, d.lastVisit]), d.subjects]));
  return {
    id: "dropout", title: "Dropout pattern: subjects by last visit with an observed value", labels: 1,
    columns: [text("last_visit", "Last observed visit"), ...arms.map((a, j) => ({ key: `subjects_${j + 1}`, header: a, kind: "count" as const }))],
    rows: last.map((v) => [v ?? "none", ...arms.map((a) => count.get(JSON.stringify([a, v])) ?? 0)]),
  };
}

export function findingsTable(findings: readonly Finding[]): PresentTable {
  return {
    id: "data_checks", title: "Data checks", labels: 2,
    note: findings.length === 0 ? "No findings: every check passed." : "Rows and Subjects: how many of each a finding concerns; the app lists them.",
    columns: [text("severity", "Severity"), text("code", "Check"), text("message", "Finding"), { key: "rows", header: "Rows", kind: "count" }, { key: "subjects", header: "Subjects", kind: "count" }],
    rows: findings.map((f) => [f.severity, f.code, f.message, f.rows.length, f.subjects.length]),
  };
}
