/**
 * Estimable functions for LS means (SAS LSMEANS, R's emmeans): the LS means of the `specs` factors within each
 * combination of the `by` factors, their pairwise differences, custom contrasts and slices.
 *
 * An LS mean is the average of design rows (Design.encode) over the reference grid: the specs and by levels
 * fixed, every other fixed-effect factor at each of its levels, numeric covariates at their means. Weights:
 * - "equal" (default, SAS LSMEANS and emmeans): every combination of the averaged-over factors counts once.
 * - "proportional" (emmeans' weights = "proportional"): a combination of the averaged-over factors counts as
 *   often as it occurs in the used rows, over all the data (not within the specs or by levels), so every LS
 *   mean uses the same weights. Rows are counted, whatever the observation weights.
 *
 * Combinations of several factors are listed with the first factor varying slowest, each factor's levels in
 * model order, and labelled by their levels joined by ":" ("TRT:Female").
 */
import type { DataFrame } from "../data/frame.js";
import type { Design, FactorInfo } from "../design/design.js";
import { listNames } from "../design/suggest.js";
import { levelIndex } from "../design/variable.js";
import { LongitudeError } from "../errors.js";
import type { LsmeansSpec } from "../spec.js";
import type { Estimable, Hypothesis } from "./hypothesis.js";

export interface LsmeanFunctions {
  /** One per combination of the specs levels within each by combination; levels = specs and by levels. */
  lsmeans: Estimable[];
  /** With `pairwise`: "<later> - <earlier>" for every pair within each by group; levels = by levels. */
  differences: Estimable[];
  /** The spec's custom contrasts within each by group; levels = by levels. */
  contrasts: Estimable[];
  /** With `slices`: all LS means of specs equal, within each by group (full row rank). */
  slices: Hypothesis[];
}

type Levels = Record<string, string>;

/** Every combination of the factors' levels as level indices, the first factor varying slowest. */
function combinations(factors: readonly FactorInfo[]): number[][] {
  let out: number[][] = [[]];
  for (const f of factors) out = out.flatMap((c) => f.levels.map((_, k) => [...c, k]));
  return out;
}

const levelsOf = (factors: readonly FactorInfo[], combo: readonly number[]): Levels =>
  Object.fromEntries(factors.map((f, j) => [f.name, f.levels[combo[j]]]));

/** The fixed-effect factors of the design, in model order. */
function fixedFactors(design: Design): FactorInfo[] {
  const used = new Set(design.terms.flatMap((t) => t.variables));
  return Object.values(design.factors).filter((f) => used.has(f.name));
}

/** How often each combination of the factors (indexed as `combinations` lists them) occurs in the used rows. */
function frequencies(design: Design, factors: readonly FactorInfo[], data: DataFrame): number[] {
  const counts = new Array<number>(factors.reduce((n, f) => n * f.levels.length, 1)).fill(0);
  for (const r of design.rows) {
    let cell = 0;
    for (const f of factors) {
      const col = data.columns[f.name];
      const k = col ? levelIndex(f, col.values[r] ?? "") : -1;
      if (k < 0) throw new Error(`lsmeans: data row ${r + 1} has no level of ${f.name}; is it the data the design was built from?`);
      cell = cell * f.levels.length + k;
    }
    counts[cell]++;
  }
  return counts;
}

/** Keeps the rows that are linearly independent of the rows kept before them (modified Gram–Schmidt). */
function independentRows(rows: readonly Float64Array[]): Float64Array[] {
  const basis: Float64Array[] = [];
  const kept: Float64Array[] = [];
  const norm = (v: Float64Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  for (const row of rows) {
    const v = Float64Array.from(row);
    for (const q of basis) {
      const d = v.reduce((s, x, j) => s + x * q[j], 0);
      for (let j = 0; j < v.length; j++) v[j] -= d * q[j];
    }
    const n = norm(v);
    if (n <= 1e-10 * norm(row)) continue;
    basis.push(v.map((x) => x / n));
    kept.push(row);
  }
  return kept;
}

/**
 * Builds the LS means and the functions derived from them. `data` (the data the design was built from) is
 * needed only for `weights: "proportional"`, to count the combinations of the averaged-over factors.
 */
export function lsmeanFunctions(design: Design, spec: LsmeansSpec, data?: DataFrame): LsmeanFunctions {
  const factors = fixedFactors(design);
  const byName = new Map(factors.map((f) => [f.name, f]));
  const seen = new Set<string>();
  const factor = (name: string, role: string): FactorInfo => {
    const f = byName.get(name);
    if (!f) {
      const list = factors.length > 0 ? `the model's factors are: ${listNames(factors.map((x) => x.name), 20)}` : "the model's fixed effects have no factors";
      throw new LongitudeError("bad-spec", `lsmeans ${role} "${name}" is not a factor in the model's fixed effects; ${list}`);
    }
    if (seen.has(name)) throw new LongitudeError("bad-spec", `lsmeans names "${name}" more than once in specs and by; name each factor once`);
    seen.add(name);
    return f;
  };
  if (!Array.isArray(spec.specs) || spec.specs.length === 0) throw new LongitudeError("bad-spec", 'lsmeans needs at least one factor in "specs", e.g. { "specs": ["ARMCD"] }');
  const specs = spec.specs.map((s) => factor(s, "specs"));
  const by = (spec.by ?? []).map((s) => factor(s, "by"));
  const weighting = spec.weights ?? "equal";
  if (weighting !== "equal" && weighting !== "proportional") throw new LongitudeError("bad-spec", `unknown lsmeans weights "${String(weighting)}": use "equal" or "proportional"`);

  // The averaged-over cells and their weights (cells of weight 0 left out).
  const others = factors.filter((f) => !seen.has(f.name));
  const counts = weighting === "proportional" && others.length > 0 ? frequencies(design, others, requireData(data)) : null;
  const cells = combinations(others)
    .map((c, k) => ({ levels: levelsOf(others, c), w: counts ? counts[k] : 1 }))
    .filter((c) => c.w > 0);
  const total = cells.reduce((s, c) => s + c.w, 0);
  // Functions are built over all columns of the model matrix, aliased ones included, so that their
  // estimability can be checked; the estimate uses the kept columns (Design.reduce).
  const P = design.p + design.aliased.length;
  const lsmean = (levels: Levels): Float64Array => {
    const l = new Float64Array(P);
    for (const c of cells) {
      const row = design.encodeFull({ ...c.levels, ...levels });
      for (let j = 0; j < l.length; j++) l[j] += (c.w / total) * row[j];
    }
    return l;
  };

  const specCombos = combinations(specs).map((c) => levelsOf(specs, c));
  const labels = specCombos.map((lv) => specs.map((f) => lv[f.name]).join(":"));
  const contrastWeights = (spec.contrasts ?? []).map((c) => ({ label: c.label, w: contrastVector(c, labels, specs) }));

  const out: LsmeanFunctions = { lsmeans: [], differences: [], contrasts: [], slices: [] };
  for (const combo of combinations(by)) {
    const byLevels = levelsOf(by, combo);
    const ls = specCombos.map((lv) => lsmean({ ...lv, ...byLevels }));
    ls.forEach((l, k) => out.lsmeans.push(estimable(design, { ...specCombos[k], ...byLevels }, l)));
    const combine = (w: readonly number[]): Float64Array => {
      const l = new Float64Array(P);
      w.forEach((wk, k) => { if (wk !== 0) for (let j = 0; j < l.length; j++) l[j] += wk * ls[k][j]; });
      return l;
    };
    const diff = (later: number, earlier: number): Float64Array => combine(labels.map((_, k) => (k === later ? 1 : k === earlier ? -1 : 0)));
    if (spec.pairwise) {
      for (let i = 0; i < ls.length; i++) {
        for (let j = i + 1; j < ls.length; j++) out.differences.push(estimable(design, byLevels, diff(j, i), `${labels[j]} - ${labels[i]}`));
      }
    }
    for (const c of contrastWeights) out.contrasts.push(estimable(design, byLevels, combine(c.w), c.label));
    if (spec.slices) {
      // the estimable part of the hypothesis, as SAS tests it
      const rows = independentRows(ls.slice(1).map((_, k) => diff(k + 1, 0)).filter((l) => design.isEstimable(l))).map((l) => design.reduce(l));
      const L = new Float64Array(rows.length * design.p);
      rows.forEach((r, i) => L.set(r, i * design.p));
      out.slices.push({ term: specs.map((f) => f.name).join(":"), levels: byLevels, L, rows: rows.length });
    }
  }
  return out;
}

/** An Estimable from a function over all model-matrix columns: reduced to the kept ones, with its estimability. */
function estimable(design: Design, levels: Levels, lFull: Float64Array, label?: string): Estimable {
  return { levels, ...(label !== undefined ? { label } : {}), l: design.reduce(lFull), ...(design.isEstimable(lFull) ? {} : { estimable: false }) };
}

function requireData(data: DataFrame | undefined): DataFrame {
  if (!data) throw new Error('lsmeans with weights "proportional" needs the data the design was built from');
  return data;
}

/** A custom contrast's weights over the specs combinations (in `labels` order); unnamed combinations get 0. */
function contrastVector(c: { label: string; weights: Record<string, number> }, labels: readonly string[], specs: readonly FactorInfo[]): number[] {
  const w = new Array<number>(labels.length).fill(0);
  for (const [name, value] of Object.entries(c.weights ?? {})) {
    const k = labels.indexOf(name);
    if (k < 0) {
      const what = specs.length === 1 ? `a level of ${specs[0].name}` : `a combination of ${specs.map((f) => f.name).join(":")} (levels joined by ":")`;
      throw new LongitudeError("bad-spec", `lsmeans contrast "${c.label}" names "${name}", which is not ${what}; use one of: ${listNames(labels, 12)}`);
    }
    if (typeof value !== "number" || !Number.isFinite(value)) throw new LongitudeError("bad-spec", `lsmeans contrast "${c.label}" gives "${name}" the weight ${String(value)}; weights must be numbers`);
    w[k] = value;
  }
  return w;
}
