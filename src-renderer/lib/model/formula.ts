/**
 * A draft as the analysis spec: the R-style formula the core parses (docs/formula.md) and the spec's other
 * fields. Terms are written in the order a trial statistician writes them (baseline, covariates, arm × visit,
 * then random and covariance terms), as in the demo and CDISC specs.
 */
import type { ColumnInfo } from "../../../src-main/api/contract.js";
import type { AnalysisSpec } from "../../../src-core/spec.js";
import { DEFAULT_CONFIDENCE, hasVisitFactor, type ModelDraft } from "./draft.js";

/** Column types as draftSpec needs them: numeric columns used as factors must be listed in "factors". */
export type ColumnTypes = readonly Pick<ColumnInfo, "name" | "type">[];

/** Names the formula and where parsers read without quoting: a letter or a dot (not before a digit) first. */
export function isPlainName(name: string): boolean {
  return /^(?:[A-Za-z]|\.(?![0-9]))[A-Za-z0-9._]*$/.test(name);
}

/** A column name as a formula writes it: in backticks unless plain. A name with a backtick cannot be written. */
export function formulaName(name: string): string {
  return isPlainName(name) ? name : `\`${name}\``;
}

/** The fixed-effect terms, in the order written. */
function fixedTerms(d: ModelDraft): string[] {
  const q = formulaName;
  const terms: string[] = [];
  if (d.baseline !== null) terms.push(q(d.baseline));
  for (const c of d.covariates) terms.push(q(c.column));
  if (d.arm !== null && d.time !== null) terms.push(d.armByTime ? `${q(d.arm)} * ${q(d.time)}` : `${q(d.arm)} + ${q(d.time)}`);
  else if (d.arm !== null) terms.push(q(d.arm));
  else if (d.time !== null) terms.push(q(d.time));
  if (d.baselineByTime && d.baseline !== null && d.time !== null) terms.push(`${q(d.baseline)}:${q(d.time)}`);
  return terms;
}

function randomTerm(d: ModelDraft): string | null {
  if (d.random === "none" || d.subject === null) return null;
  const g = formulaName(d.subject);
  // A slope without a time cannot be written; validation reports it, and the preview shows the intercept.
  if (d.random === "intercept" || d.time === null) return `(1 | ${g})`;
  return `(${formulaName(d.time)} ${d.random === "slope" ? "|" : "||"} ${g})`;
}

function residualTerm(d: ModelDraft): string | null {
  if (d.structure === "none" || d.time === null || d.subject === null) return null;
  const group = d.perArm && d.arm !== null ? `${formulaName(d.arm)} / ` : "";
  return `${d.structure}(${formulaName(d.time)} | ${group}${formulaName(d.subject)})`;
}

/** The formula, e.g. "CHG ~ BASE + ARMCD * AVISIT + us(AVISIT | USUBJID)"; "1" stands for no fixed terms. */
export function draftFormula(d: ModelDraft): string {
  const rhs = fixedTerms(d);
  if (rhs.length === 0) rhs.push("1");
  const random = randomTerm(d);
  const residual = residualTerm(d);
  if (d.siteIntercept !== null) rhs.push(`(1 | ${formulaName(d.siteIntercept)})`);
  if (random) rhs.push(random);
  if (residual) rhs.push(residual);
  return `${d.outcome === null ? "?" : formulaName(d.outcome)} ~ ${rhs.join(" + ")}`;
}

/** Numeric columns the draft uses as factors: the arm, a visit, per-arm groups and factor covariates. */
function numericFactors(d: ModelDraft, columns: ColumnTypes): string[] {
  const numeric = new Set(columns.filter((c) => c.type === "numeric").map((c) => c.name));
  const wanted: string[] = [];
  if (d.arm !== null) wanted.push(d.arm);
  if (hasVisitFactor(d)) wanted.push(d.time as string);
  for (const c of d.covariates) if (c.kind === "factor") wanted.push(c.column);
  return [...new Set(wanted)].filter((c) => numeric.has(c));
}

/** The analysis spec of a draft; optional fields are left out when they hold the core's defaults. */
export function draftSpec(d: ModelDraft, columns: ColumnTypes): AnalysisSpec {
  const spec: AnalysisSpec = { formula: draftFormula(d) };
  const where = d.where.trim();
  if (where !== "") spec.where = where;
  spec.method = d.method;
  spec.ddf = d.ddf;
  const reference: Record<string, string> = {};
  if (d.arm !== null && d.referenceArm !== null) reference[d.arm] = d.referenceArm;
  if (hasVisitFactor(d) && d.referenceVisit !== null) reference[d.time as string] = d.referenceVisit;
  for (const c of d.covariates) if (c.kind === "factor" && c.reference !== null) reference[c.column] = c.reference;
  if (Object.keys(reference).length > 0) spec.reference = reference;
  const factors = numericFactors(d, columns);
  if (factors.length > 0) spec.factors = factors;
  if (d.lsmeans && d.arm !== null) {
    spec.lsmeans = hasVisitFactor(d) ? { specs: [d.arm], by: [d.time as string], pairwise: true } : { specs: [d.arm], pairwise: true };
  }
  if (d.confidence !== DEFAULT_CONFIDENCE) spec.confidence = d.confidence;
  if (d.convergence !== "default") spec.convergence = d.convergence;
  return spec;
}
