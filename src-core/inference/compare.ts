import type { ResidualKind } from "../covariance/structure.js";
import type { DataFrame } from "../data/frame.js";
import { buildDesign } from "../design/index.js";
import { keptColumns } from "../design/aliasing.js";
import type { Design } from "../design/design.js";
import { LongitudeError } from "../errors.js";
import { fitModel } from "../fit/fit.js";
import { formulaTerms } from "../formula/terms.js";
import type { RandomTerm, ResidualTerm } from "../formula/terms.js";
import type { FitResult } from "../result.js";
import type { AnalysisSpec } from "../spec.js";
import { chiSquareUpper } from "./distributions.js";

/**
 * Model comparison (docs/math/compare.md): likelihood-ratio tests between nested fits, with an ML refit when
 * the fixed effects differ and the χ̄² (mixture) reference when the larger model adds a random effect, and a
 * table of information criteria over candidate residual structures with the usual fallback order.
 */

/** One fitted model in a comparison. */
export interface ModelSummary {
  label: string;
  formula: string;
  method: "REML" | "ML";
  converged: boolean;
  /** covariance parameters + (under ML) fixed effects: the count in AIC and the LRT df */
  npar: number;
  m2logLik: number;
  aic: number;
  aicc: number;
  bic: number;
}

export interface LikelihoodRatioTest {
  /** the smaller model first */
  models: [ModelSummary, ModelSummary];
  /** −2 log L(smaller) − (−2 log L(larger)) */
  statistic: number;
  df: number;
  /** P(χ²_df > statistic): the usual reference, conservative when a variance is tested on its boundary */
  p: number;
  /** when the larger model adds one random effect: the 50:50 mixture of χ²_{k} and χ²_{k+1} (Stram and Lee 1994) */
  boundary: { dfs: [number, number]; p: number } | null;
  /** "ML" when the fixed effects differ and both models were refitted by ML */
  refit: "ML" | null;
  warnings: string[];
}

const dropInference = (spec: AnalysisSpec): AnalysisSpec => {
  const { lsmeans: _l, ...rest } = spec;
  return { ...rest, ddf: "residual" };
};

function summary(label: string, fit: FitResult): ModelSummary {
  const npar = fit.npar.covariance + (fit.method === "ML" ? fit.npar.fixed : 0);
  return { label, formula: fit.formula, method: fit.method, converged: fit.converged, npar, m2logLik: fit.m2logLik, aic: fit.aic, aicc: fit.aicc, bic: fit.bic };
}

function mustConverge(label: string, fit: FitResult): void {
  if (!fit.converged)
    throw new LongitudeError("not-converged", `${label} did not converge (${fit.diagnostics.message ?? "no reason given"}): a likelihood-ratio test needs both fits at their optimum`);
}

/**
 * Likelihood-ratio test of two nested models fitted to the same data. Which one is smaller is decided by the
 * parameter count; the fixed effects of the smaller must lie in the column space of the larger's.
 */
export function likelihoodRatioTest(data: DataFrame, specA: AnalysisSpec, specB: AnalysisSpec, labels: [string, string] = ["model 1", "model 2"]): LikelihoodRatioTest {
  const warnings: string[] = [];
  const methodA = specA.method ?? "REML", methodB = specB.method ?? "REML";
  if (methodA !== methodB) throw new LongitudeError("bad-spec", `the two models use different methods (${methodA} and ${methodB}): give both the same method`);
  const dA = buildDesign(data, specA), dB = buildDesign(data, specB);
  if (dA.nobs !== dB.nobs || dA.rows.some((r, i) => r !== dB.rows[i]))
    throw new LongitudeError(
      "bad-spec",
      `the two models use different observations (${dA.nobs} and ${dB.nobs} rows): a likelihood-ratio test needs the same data; drop rows with a missing covariate from both (a "where" filter)`,
    );
  const sameFixed = spansEqual(dA, dB);
  const refit = !sameFixed && methodA === "REML";
  if (refit) warnings.push("the fixed effects differ: both models were refitted by ML (REML likelihoods of different fixed effects are not comparable)");
  const method = refit ? "ML" : methodA;
  const fitA = fitModel(data, { ...dropInference(specA), method });
  const fitB = fitModel(data, { ...dropInference(specB), method });
  mustConverge(labels[0], fitA);
  mustConverge(labels[1], fitB);
  const models = [
    { s: summary(labels[0], fitA), design: dA, formula: specA.formula },
    { s: summary(labels[1], fitB), design: dB, formula: specB.formula },
  ].sort((x, y) => x.s.npar - y.s.npar);
  const [sA, sB] = [models[0].s, models[1].s];
  const [small, large] = [models[0].design, models[1].design];
  const [fSmall, fLarge] = [models[0].formula, models[1].formula];
  const df = sB.npar - sA.npar;
  if (df === 0) throw new LongitudeError("bad-spec", `both models have ${sA.npar} parameters: a likelihood-ratio test needs one model nested in the other with fewer parameters`);
  if (!columnsWithin(small, large))
    throw new LongitudeError("bad-spec", `the fixed effects of ${sA.label} are not contained in those of ${sB.label}: the models are not nested`);
  const covSmall = formulaTerms(fSmall), covLarge = formulaTerms(fLarge);
  const nested = covarianceNested(covSmall.residual, covSmall.random, covLarge.residual, covLarge.random);
  if (nested === "no") throw new LongitudeError("bad-spec", `the covariance model of ${sA.label} is not a special case of that of ${sB.label}: the models are not nested`);
  if (nested === "unknown") warnings.push(`Longitude cannot verify that the covariance model of ${sA.label} is a special case of that of ${sB.label}; the test is valid only if it is`);

  let statistic = sA.m2logLik - sB.m2logLik;
  if (statistic < 0) {
    if (statistic < -1e-6 * Math.max(1, Math.abs(sB.m2logLik)))
      warnings.push(`the larger model has the higher −2 log L (by ${(-statistic).toPrecision(3)}): it did not reach its optimum, or the models are not nested`);
    statistic = 0;
  }
  const k = sameFixed ? addedRandomEffect(covSmall.residual, covSmall.random, covLarge.residual, covLarge.random, df) : null;
  const boundary = k === null ? null : { dfs: [k.low, k.low + 1] as [number, number], p: 0.5 * chiSquareUpperOrZero(statistic, k.low) + 0.5 * chiSquareUpper(statistic, k.low + 1) };
  return { models: [sA, sB], statistic, df, p: chiSquareUpper(statistic, df), boundary, refit: refit ? "ML" : null, warnings };
}

/** P(χ²_k > x) with χ²_0 the point mass at 0. */
const chiSquareUpperOrZero = (x: number, k: number): number => (k === 0 ? (x > 0 ? 0 : 1) : chiSquareUpper(x, k));

/** True when the two fixed-effects designs span the same columns (each within the other). */
function spansEqual(a: Design, b: Design): boolean {
  return a.p === b.p && columnsWithin(a, b) && columnsWithin(b, a);
}

/**
 * Whether every column of a.X lies in the column space of b.X: appended after b's columns, the aliasing check
 * that builds the designs (R's pivoting rule, design/aliasing.ts) keeps none of them.
 */
function columnsWithin(a: Design, b: Design): boolean {
  const columns = (d: Design) => Array.from({ length: d.p }, (_, j) => Float64Array.from({ length: d.nobs }, (_, i) => d.X[i * d.p + j]));
  return keptColumns([...columns(b), ...columns(a)]).length === b.p;
}

/**
 * Residual structures each structure contains as a special case (same time, subject and group). Every
 * structure contains itself, and the independent residual (no covariance term) is in every structure.
 */
const CONTAINS: Readonly<Record<ResidualKind, readonly ResidualKind[]>> = {
  us: ["cs", "csh", "ar1", "ar1h", "ad", "adh", "toep", "toeph"],
  toeph: ["cs", "csh", "ar1", "ar1h", "toep"],
  toep: ["cs", "ar1"],
  csh: ["cs"],
  ar1h: ["ar1"],
  adh: ["ad", "ar1", "ar1h"],
  ad: ["ar1"],
  cs: [],
  ar1: [],
  sp_exp: [],
};

type Nesting = "yes" | "no" | "unknown";

function covarianceNested(rs: ResidualTerm | null, gs: readonly RandomTerm[], rl: ResidualTerm | null, gl: readonly RandomTerm[]): Nesting {
  let verdict: Nesting = "yes";
  // residual part
  if (rs && !rl) return gl.length > 0 ? "unknown" : "no";
  if (rs && rl) {
    const sameAxes = rs.subject === rl.subject && rs.time.join(",") === rl.time.join(",") && (rs.group === rl.group || rs.group === null);
    if (!sameAxes) return "unknown";
    if (rs.structure !== rl.structure && !CONTAINS[rl.structure].includes(rs.structure)) return "no";
  }
  // random part: each smaller term inside a larger term on the same grouping
  for (const t of gs) {
    const u = gl.find((x) => x.groupLabel === t.groupLabel);
    if (!u) { verdict = "unknown"; continue; }
    const effects = (r: RandomTerm) => [...(r.effects.intercept ? ["(Intercept)"] : []), ...r.effects.terms.map((e) => e.label)];
    const et = effects(t), eu = effects(u);
    if (!et.every((e) => eu.includes(e))) return "no";
    if (u.diagonal && !t.diagonal && et.length > 1) return "no";
  }
  return verdict;
}

/**
 * When the larger model is the smaller one plus one random effect on one grouping (and nothing else differs),
 * the LRT statistic follows ½χ²_k + ½χ²_{k+1} under H0 (Self and Liang 1987; Stram and Lee 1994): k is the
 * number of covariances added with it (the other effects of a correlated term), 0 for an uncorrelated term.
 */
function addedRandomEffect(rs: ResidualTerm | null, gs: readonly RandomTerm[], rl: ResidualTerm | null, gl: readonly RandomTerm[], df: number): { low: number } | null {
  if ((rs === null) !== (rl === null) || (rs && rl && rs.text.replace(/\s/g, "") !== rl.text.replace(/\s/g, ""))) return null;
  const count = (r: RandomTerm) => (r.effects.intercept ? 1 : 0) + r.effects.terms.length;
  let added: { low: number } | null = null;
  for (const u of gl) {
    const t = gs.find((x) => x.groupLabel === u.groupLabel);
    const kt = t ? count(t) : 0, ku = count(u);
    // a one-effect term is the same whether written (1 | g) or (1 || g)
    const sameKind = !t || kt <= 1 || t.diagonal === u.diagonal;
    if (t && kt === ku && sameKind) continue;
    if (added || ku !== kt + 1 || !sameKind) return null;
    added = { low: u.diagonal ? 0 : kt };
  }
  if (gs.some((t) => !gl.some((u) => u.groupLabel === t.groupLabel))) return null;
  return added && added.low + 1 === df ? added : null;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * The order in which a statistician falls back when the unstructured covariance does not converge: from the
 * most general to the most parsimonious, heterogeneous before homogeneous (a common SAP wording).
 */
export const FALLBACK_ORDER: readonly ResidualKind[] = ["us", "toeph", "ar1h", "csh", "toep", "ar1", "cs"];

export interface StructureRow extends ModelSummary {
  structure: ResidualKind;
  /** why the fit failed or did not converge */
  message: string | null;
}

export interface StructureTable {
  rows: StructureRow[];
  /** the first structure in the given order that converged (the fallback choice), or null */
  fallback: ResidualKind | null;
  /** the converged structure with the smallest AIC, and with the smallest BIC */
  bestAic: ResidualKind | null;
  bestBic: ResidualKind | null;
}

/**
 * Fits the spec's model with each residual structure in turn (same fixed effects, same method: REML criteria
 * are comparable because the fixed effects do not change) and tabulates −2 log L, AIC, AICc and BIC.
 */
export function compareStructures(
  data: DataFrame,
  spec: AnalysisSpec,
  structures: readonly ResidualKind[] = FALLBACK_ORDER,
  onProgress?: (done: number, total: number, structure: ResidualKind) => void,
): StructureTable {
  const residual = formulaTerms(spec.formula).residual;
  if (!residual) throw new LongitudeError("bad-spec", "comparing residual structures needs a residual covariance term in the formula, such as us(AVISIT | USUBJID)");
  if (residual.structure === "sp_exp") throw new LongitudeError("bad-spec", "sp_exp() takes coordinates, not visits: comparing visit structures needs a visit term such as us(AVISIT | USUBJID)");
  const unknown = structures.filter((s) => !(s in CONTAINS) || s === "sp_exp");
  if (unknown.length > 0) throw new LongitudeError("bad-spec", `unknown residual structure ${unknown.map((s) => `"${s}"`).join(", ")}: use ${Object.keys(CONTAINS).filter((s) => s !== "sp_exp").join(", ")}`);
  const rows: StructureRow[] = [];
  structures.forEach((structure, i) => {
    const text = structure + residual.text.slice(residual.structure.length);
    const formula = spec.formula.replace(residual.text, text);
    let row: StructureRow;
    try {
      const fit = fitModel(data, { ...dropInference(spec), formula, parms: undefined });
      row = { ...summary(structure, fit), structure, message: fit.converged ? null : fit.diagnostics.message };
    } catch (e) {
      if (!(e instanceof LongitudeError)) throw e;
      row = { label: structure, formula, method: spec.method ?? "REML", converged: false, npar: NaN, m2logLik: NaN, aic: NaN, aicc: NaN, bic: NaN, structure, message: e.message };
    }
    rows.push(row);
    onProgress?.(i + 1, structures.length, structure);
  });
  const ok = rows.filter((r) => r.converged);
  const best = (key: "aic" | "bic") => (ok.length === 0 ? null : ok.reduce((a, b) => (b[key] < a[key] ? b : a)).structure);
  return { rows, fallback: ok[0]?.structure ?? null, bestAic: best("aic"), bestBic: best("bic") };
}
