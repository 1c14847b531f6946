import type { ContrastRow, CovParameter, FitResult, LsmeanRow, Type3Row } from "../../src-core/result.js";
import type { ModelSummaries } from "../../src-core/result.js";
import { formatDf, formatE, formatEstimate, formatFitStatistic, formatFixed, formatP, formatStatistic } from "../../src-core/present/format.js";
import { DDF_NAMES, levelVariables, minus2Label, percent, residualSubject, STRUCTURE_NAMES } from "../../src-core/present/labels.js";
import { renderPairs, renderTable, type TextColumn } from "./table.js";

/**
 * The readable report of a fit, with the sections SAS PROC MIXED prints, in its order: Model Information,
 * Dimensions, Number of Observations, Convergence, Covariance Parameter Estimates, Fit Statistics, Solution
 * for Fixed Effects, Type 3 Tests, Least Squares Means, Differences/Contrasts, and warnings.
 *
 * A fit that did not converge says so at the top and at its convergence status, and shows no estimates:
 * the values where the optimiser stopped are not results.
 */
export interface ReportContext {
  /** The data set's name, e.g. the file name. */
  dataName?: string;
  /** Rows read from the data file, before any where filter. */
  rowsRead?: number;
}


export function formatTextReport(result: FitResult, context: ReportContext = {}): string {
  const sections: string[] = [];
  if (!result.converged) sections.push(notConvergedBanner(result));
  sections.push(modelInformation(result, context), dimensions(result), observations(result, context), convergence(result));
  if (result.converged) {
    sections.push(covarianceParameters(result.covariance.parameters), fitStatistics(result));
    sections.push(fixedEffects(result));
    if (result.type3?.length) sections.push(type3(result.type3, "Type 3 Tests of Fixed Effects"));
    if (result.lsmeans?.length) sections.push(lsmeans(result.lsmeans, result.spec.confidence));
    if (result.contrasts?.length) sections.push(contrasts(result.contrasts, result.spec.confidence));
    if (result.slices?.length) sections.push(type3(result.slices, "Tests of Effect Slices"));
    if (result.summaries) sections.push(modelSummaries(result.summaries));
  }
  if (result.diagnostics.warnings.length > 0) sections.push(["Warnings", ...result.diagnostics.warnings.map((w) => `  - ${w}`)].join("\n"));
  return sections.join("\n\n") + "\n";
}

function notConvergedBanner(result: FitResult): string {
  const rule = "*".repeat(72);
  const lines = [
    "THE FIT DID NOT CONVERGE.",
    result.diagnostics.message ? `Reason: ${result.diagnostics.message}` : null,
    "No estimates, standard errors, tests or fit statistics are reported, because",
    "the values where the optimiser stopped are not results.",
  ].filter((l): l is string => l !== null);
  return [rule, ...lines.map((l) => `* ${l}`), rule].join("\n");
}

function modelInformation(r: FitResult, context: ReportContext): string {
  const residual = r.covariance.residual;
  const structure = STRUCTURE_NAMES[residual.structure] ?? residual.structure;
  const subject = residualSubject(r);
  const pairs: [string, string][] = [];
  if (context.dataName) pairs.push(["Data Set", context.dataName]);
  pairs.push(["Dependent Variable", r.response], ["Formula", r.formula]);
  if (r.spec.where) pairs.push(["Where", r.spec.where]);
  if (r.spec.weights) pairs.push(["Weight Variable", r.spec.weights]);
  pairs.push([r.covariance.random.length > 0 ? "Residual Covariance Structure" : "Covariance Structure", residual.groups ? `${structure}, by group` : structure]);
  if (subject) pairs.push(["Subject Effect", subject]);
  if (residual.groups) pairs.push(["Groups", residual.groups.map((g) => g.group).join(", ")]);
  for (const re of r.covariance.random) pairs.push(["Random Effects", `${re.terms.join(", ")} | ${re.group}`]);
  pairs.push(["Estimation Method", r.method]);
  pairs.push(["Fixed Effects SE Method", r.ddf.startsWith("kenward-roger") ? "Kenward-Roger" : "Model-Based"]);
  pairs.push(["Degrees of Freedom Method", DDF_NAMES[r.ddf] ?? r.ddf]);
  if (r.ddf.startsWith("kenward-roger") || r.ddf === "satterthwaite") {
    pairs.push(["Information Matrix", r.information === "observed" ? "Observed" : "Expected"]);
  }
  return renderPairs("Model Information", pairs);
}


function dimensions(r: FitResult): string {
  const pairs: [string, string][] = [
    ["Covariance Parameters", String(r.covariance.parameters.length)],
    ["Columns in X", String(r.coefficients.length + r.aliased.length)],
  ];
  for (const [name, n] of Object.entries(r.ngroups)) pairs.push([`Subjects (${name})`, String(n)]);
  return renderPairs("Dimensions", pairs);
}

function observations(r: FitResult, context: ReportContext): string {
  const read = context.rowsRead ?? r.nobs + r.nobsNotUsed + r.nobsFiltered;
  const pairs: [string, string][] = [["Number of Observations Read", String(read)]];
  if (r.nobsFiltered > 0 || r.spec.where) pairs.push(["Number Excluded by Where", String(r.nobsFiltered)]);
  pairs.push(["Number of Observations Used", String(r.nobs)], ["Number of Observations Not Used", String(r.nobsNotUsed)]);
  return renderPairs("Number of Observations", pairs);
}

function convergence(r: FitResult): string {
  const d = r.diagnostics;
  const pairs: [string, string][] = [
    ["Status", r.converged ? "Convergence criteria met." : "DID NOT CONVERGE."],
    ["Iterations", String(d.iterations)],
    ["Function Evaluations", String(r.provenance.evaluations)],
    ["Relative Gradient", formatE(d.relativeGradient)],
    ["Gradient Norm", formatE(d.gradientNorm)],
  ];
  if (r.converged) pairs.push([`Final ${minus2Label(r)}`, formatFixed(r.m2logLik, 8)]);
  if (!r.converged && d.message) pairs.push(["Reason", d.message]);
  if (r.provenance.milliseconds > 0) pairs.push(["Time", `${formatFixed(r.provenance.milliseconds / 1000, 3)} s`]);
  return renderPairs("Convergence Status", pairs);
}


function covarianceParameters(parameters: readonly CovParameter[]): string {
  const hasGroup = parameters.some((p) => p.group !== null);
  const columns: TextColumn[] = [{ header: "Cov Parm", align: "left" }, { header: "Subject", align: "left" }];
  if (hasGroup) columns.push({ header: "Group", align: "left" });
  columns.push({ header: "Estimate", align: "right" });
  const rows = parameters.map((p) => [p.name, p.subject ?? "", ...(hasGroup ? [p.group ?? ""] : []), formatEstimate(p.estimate)]);
  return renderTable("Covariance Parameter Estimates", columns, rows);
}

function fitStatistics(r: FitResult): string {
  return renderPairs("Fit Statistics", [
    [minus2Label(r), formatFitStatistic(r.m2logLik)],
    ["AIC (Smaller is Better)", formatFitStatistic(r.aic)],
    ["AICC (Smaller is Better)", formatFitStatistic(r.aicc)],
    ["BIC (Smaller is Better)", formatFitStatistic(r.bic)],
  ]);
}

function fixedEffects(r: FitResult): string {
  const confidence = r.spec.confidence ?? 0.95;
  const columns: TextColumn[] = [
    { header: "Effect", align: "left" }, { header: "Estimate", align: "right" }, { header: "Standard Error", align: "right" },
    { header: "DF", align: "right" }, { header: "t Value", align: "right" }, { header: "Pr > |t|", align: "right" },
    { header: "Lower", align: "right" }, { header: "Upper", align: "right" },
  ];
  const rows = r.coefficients.map((c) => [
    c.name, formatEstimate(c.estimate), formatEstimate(c.se), formatDf(c.df), formatStatistic(c.t), formatP(c.p),
    formatEstimate(c.lower), formatEstimate(c.upper),
  ]);
  const notes = [`  Lower, Upper: ${percent(confidence)} confidence limits.`];
  if (r.aliased.length > 0) notes.push(`  Aliased (linearly dependent, left out): ${r.aliased.join(", ")}.`);
  return [renderTable("Solution for Fixed Effects", columns, rows), ...notes].join("\n");
}

function type3(rows: readonly Type3Row[], title: string): string {
  const vars = levelVariables(rows.map((r) => r.levels ?? {}));
  const columns: TextColumn[] = [
    { header: "Effect", align: "left" }, ...vars.map((v): TextColumn => ({ header: v, align: "left" })), { header: "Num DF", align: "right" }, { header: "Den DF", align: "right" },
    { header: "F Value", align: "right" }, { header: "Pr > F", align: "right" },
  ];
  return renderTable(title, columns,
    rows.map((t) => [t.term, ...vars.map((v) => t.levels?.[v] ?? ""), formatDf(t.numDF), formatDf(t.denDF), formatStatistic(t.F), formatP(t.p)]));
}

function lsmeans(rows: readonly LsmeanRow[], confidence: number | undefined): string {
  const vars = levelVariables(rows.map((r) => r.levels));
  const withTest = rows.some((r) => r.t !== undefined);
  const columns: TextColumn[] = [
    ...vars.map((v): TextColumn => ({ header: v, align: "left" })),
    { header: "Estimate", align: "right" }, { header: "Standard Error", align: "right" }, { header: "DF", align: "right" },
    ...(withTest ? [{ header: "t Value", align: "right" }, { header: "Pr > |t|", align: "right" }] as TextColumn[] : []),
    { header: "Lower", align: "right" }, { header: "Upper", align: "right" },
  ];
  const body = rows.map((r) => [
    ...vars.map((v) => r.levels[v] ?? ""), r.estimable === false ? "Non-est" : formatEstimate(r.estimate), formatEstimate(r.se), formatDf(r.df),
    ...(withTest ? [formatStatistic(r.t ?? NaN), formatP(r.p ?? NaN)] : []),
    formatEstimate(r.lower), formatEstimate(r.upper),
  ]);
  return [renderTable("Least Squares Means", columns, body), `  Lower, Upper: ${percent(confidence ?? 0.95)} confidence limits.`].join("\n");
}

function contrasts(rows: readonly ContrastRow[], confidence: number | undefined): string {
  const vars = levelVariables(rows.map((r) => r.levels ?? {}));
  const columns: TextColumn[] = [
    { header: "Label", align: "left" }, ...vars.map((v): TextColumn => ({ header: v, align: "left" })),
    { header: "Estimate", align: "right" }, { header: "Standard Error", align: "right" }, { header: "DF", align: "right" },
    { header: "t Value", align: "right" }, { header: "Pr > |t|", align: "right" }, { header: "Lower", align: "right" }, { header: "Upper", align: "right" },
  ];
  const body = rows.map((r) => [
    r.label, ...vars.map((v) => r.levels?.[v] ?? ""), r.estimable === false ? "Non-est" : formatEstimate(r.estimate), formatEstimate(r.se), formatDf(r.df),
    formatStatistic(r.t), formatP(r.p), formatEstimate(r.lower), formatEstimate(r.upper),
  ]);
  return [renderTable("Differences of Least Squares Means", columns, body), `  Lower, Upper: ${percent(confidence ?? 0.95)} confidence limits.`].join("\n");
}



/**
 * ICC, R² and mean BLUP shrinkage (docs/math/summaries.md). For random slopes the ICC depends on the
 * covariate: the first and last points of its curve are printed; the JSON result has all of them.
 */
function modelSummaries(s: ModelSummaries): string {
  const value = (x: number | null) => (x === null ? "." : formatFixed(x, 4));
  const rows: string[][] = [];
  if (s.icc.adjusted !== null) {
    rows.push(["ICC (adjusted)", "", "", value(s.icc.adjusted)], ["ICC (unadjusted)", "", "", value(s.icc.unadjusted)]);
    for (const g of s.icc.groups) {
      if (s.icc.groups.length > 1) rows.push(["ICC share", g.group, "", value(g.share)]);
      const ends = g.curve && g.curve.length > 1 ? [g.curve[0], g.curve[g.curve.length - 1]] : [];
      for (const p of ends) {
        const at = g.terms.map((t, j) => (t === "(Intercept)" ? null : `${t} = ${formatEstimate(p.at[j])}`)).filter((x) => x !== null).join(", ");
        rows.push([`ICC at ${at}`, g.group, "", value(p.icc)]);
      }
    }
  }
  rows.push(["Marginal R-squared", "", "", value(s.r2.marginal)], ["Conditional R-squared", "", "", value(s.r2.conditional)]);
  for (const set of s.shrinkage.sets) set.terms.forEach((t, j) => rows.push(["Mean BLUP shrinkage", set.group, t, value(set.mean[j])]));
  const columns: TextColumn[] = [{ header: "Statistic", align: "left" }, { header: "Group", align: "left" }, { header: "Term", align: "left" }, { header: "Value", align: "right" }];
  const notes = ["  R-squared: Nakagawa-Schielzeth, with Johnson's extension for random slopes. Shrinkage: PEV/G (0 none, 1 complete)."];
  for (const reason of [s.icc.reason && `ICC: ${s.icc.reason}`, s.r2.reason && `R-squared: ${s.r2.reason}`, s.shrinkage.reason && `Shrinkage: ${s.shrinkage.reason}`]) {
    if (reason) notes.push(`  ${reason}.`);
  }
  for (const set of s.shrinkage.sets) if (set.note) notes.push(`  Shrinkage: ${set.note}.`);
  return [renderTable("Model Summaries", columns, rows), ...notes].join("\n");
}
