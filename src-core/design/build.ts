import type { DataFrame } from "../data/frame.js";
import { LongitudeError } from "../errors.js";
import { parseFormula } from "../formula/parse.js";
import { type TermSet, expandFormula } from "../formula/terms.js";
import type { AnalysisSpec } from "../spec.js";
import { choleskyInPlace, solveCholesky } from "../linalg/cholesky.js";
import { keptColumns } from "./aliasing.js";
import { fitVariable } from "./covariate.js";
import type { Design, FactorInfo, FixedTermInfo, RandomTermDesign } from "./design.js";
import { type ModelFrame, buildFrame } from "./model-frame.js";
import { codeTerms } from "./model-matrix.js";
import { buildRandom } from "./random.js";
import { buildResidual } from "./residual.js";
import type { FittedVariable } from "./variable.js";

/** Fits every variable of a term set on the used rows; a factor with one level is an error. */
function fitVariables(set: TermSet, frame: ModelFrame, factors: Record<string, FactorInfo>, where: string): Map<string, FittedVariable> {
  const vars = new Map<string, FittedVariable>();
  for (const v of set.variables) {
    const fitted = fitVariable(v, frame, frame.rowNumber);
    if (fitted.kind === "factor") {
      const levels = fitted.factor.info.levels;
      if (levels.length < 2) {
        throw new LongitudeError("single-level-factor", `the factor "${v.label}" in ${where} has only one level ("${levels[0]}") among the ${frame.nobs} used rows; remove it from the formula or change the where filter`);
      }
      factors[v.label] = fitted.factor.info;
    }
    vars.set(v.label, fitted);
  }
  return vars;
}

/** Builds the model frame and design matrices for a spec: see docs/formula.md for the rules. */
export function buildDesign(data: DataFrame, spec: AnalysisSpec): Design {
  const formula = expandFormula(parseFormula(spec.formula));
  const inFormula = `the formula "${spec.formula}"`;
  const columns = new Map<string, string>([[formula.response, inFormula]]);
  const add = (c: string): void => { if (!columns.has(c)) columns.set(c, inFormula); };
  formula.fixed.variables.forEach((v) => v.columns.forEach(add));
  for (const r of formula.random) { r.effects.variables.forEach((v) => v.columns.forEach(add)); r.group.forEach(add); }
  if (formula.residual) {
    formula.residual.time.forEach(add);
    if (formula.residual.group) add(formula.residual.group);
    add(formula.residual.subject);
  }
  const frame = buildFrame(data, spec, formula.response, columns);

  const factors: Record<string, FactorInfo> = {};
  const vars = fitVariables(formula.fixed, frame, factors, "the fixed effects");
  for (const name of Object.keys(spec.reference ?? {})) {
    const v = vars.get(name);
    if (v && v.kind !== "factor") throw new LongitudeError("bad-spec", `"${name}" has a reference level in the spec but is numeric; list it in "factors" to treat it as a factor`);
  }
  const coded = codeTerms(formula.fixed, vars, frame.nobs);
  const kept = keptColumns(coded.columns);
  const newIndex = new Map(kept.map((old, k) => [old, k]));
  const aliased = coded.names.filter((_, j) => !newIndex.has(j));
  const p = kept.length;
  const n = frame.nobs;
  const X = new Float64Array(n * p);
  kept.forEach((old, k) => { const col = coded.columns[old]; for (let i = 0; i < n; i++) X[i * p + k] = col[i]; });
  const terms: FixedTermInfo[] = formula.fixed.terms.map((t, j) => ({
    label: t.label,
    variables: [...t.variables],
    columns: coded.termColumns[j].filter((c) => newIndex.has(c)).map((c) => newIndex.get(c)!),
  }));

  const random: RandomTermDesign[] = formula.random.map((r) => {
    const d = buildRandom(r, frame, fitVariables(r.effects, frame, factors, `the random term ${r.text}`));
    if (d.termNames.length === 0) throw new LongitudeError("bad-spec", `the random term ${r.text} has no effects; write (1 | ${r.groupLabel}) for a random intercept`);
    return d;
  });
  const residual = formula.residual ? buildResidual(formula.residual, frame) : null;

  const covariateMeans: Record<string, number> = {};
  for (const v of vars.values()) {
    if (v.kind !== "numeric") continue;
    for (const c of v.columns) {
      if (c in covariateMeans || frame.isFactor(c)) continue;
      const a = frame.numeric(c, v.label);
      let s = 0;
      for (let i = 0; i < n; i++) s += a[i];
      covariateMeans[c] = s / n;
    }
  }

  const nullBasis = aliasedNullBasis(coded.columns, kept, n);
  return {
    response: formula.response,
    nobs: n,
    rows: frame.rows,
    nFiltered: frame.nFiltered,
    nMissing: frame.nMissing,
    y: frame.y,
    X,
    p,
    coefNames: kept.map((j) => coded.names[j]),
    aliased,
    intercept: formula.fixed.intercept,
    terms,
    factors,
    weights: frame.weights,
    random,
    residual,
    covariateMeans,
    encode(values) {
      const full = coded.encodeRow(values, covariateMeans);
      return Float64Array.from(kept, (j) => full[j]);
    },
    encodeFull(values) {
      return Float64Array.from(coded.encodeRow(values, covariateMeans));
    },
    reduce(lFull) {
      return Float64Array.from(kept, (j) => lFull[j]);
    },
    isEstimable(lFull) {
      return nullBasis.every((v) => {
        let d = 0, ll = 0, vv = 0;
        for (let j = 0; j < v.length; j++) { d += lFull[j] * v[j]; ll += lFull[j] * lFull[j]; vv += v[j] * v[j]; }
        return Math.abs(d) <= ESTIMABLE_TOLERANCE * Math.sqrt(ll * vv);
      });
    },
  };
}

/** Relative tolerance of the estimability check (SAS's SINGULAR= default is 1e-4 on a scaled quantity; this is tighter). */
const ESTIMABLE_TOLERANCE = 1e-6;

/**
 * A basis of the null space of the full model matrix: for each aliased column x_j = Σ_k c_k x_{kept k}, the
 * vector e_j − Σ_k c_k e_{kept k}. A function lᵀβ is estimable when l is orthogonal to all of them (it lies in
 * the row space of X).
 */
function aliasedNullBasis(columns: readonly Float64Array[], kept: readonly number[], n: number): Float64Array[] {
  const keptSet = new Set(kept);
  const aliased = columns.map((_, j) => j).filter((j) => !keptSet.has(j));
  if (aliased.length === 0) return [];
  const pk = kept.length;
  const XtX = new Float64Array(pk * pk);
  for (let a = 0; a < pk; a++)
    for (let b = 0; b <= a; b++) {
      const u = columns[kept[a]], v = columns[kept[b]];
      let t = 0;
      for (let i = 0; i < n; i++) t += u[i] * v[i];
      XtX[a * pk + b] = XtX[b * pk + a] = t;
    }
  if (!choleskyInPlace(XtX, pk)) throw new Error("the kept fixed-effect columns are not linearly independent");
  return aliased.map((j) => {
    const c = new Float64Array(pk);
    for (let a = 0; a < pk; a++) { const u = columns[kept[a]]; let t = 0; for (let i = 0; i < n; i++) t += u[i] * columns[j][i]; c[a] = t; }
    solveCholesky(XtX, pk, c);
    const v = new Float64Array(columns.length);
    v[j] = 1;
    kept.forEach((k, a) => { v[k] = -c[a]; });
    return v;
  });
}
