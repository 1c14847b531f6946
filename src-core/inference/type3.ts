/**
 * SAS Type III hypotheses for the fixed-effect terms (SAS/STAT User's Guide, "The Four Types of Estimable
 * Functions"; Goodnight 1978), written in the treatment-coded β of Design.coefNames and built from the design's
 * structure alone (term variables, factor levels, column names), so Lβ = 0 does not depend on the coding.
 *
 * Every column j belongs to a term with factors A_j and a continuous part: its covariates, each with its column
 * ("FEV1_BL", "poly(x, 2)2"); the intercept and pure factor terms have none. For one continuous part c, the
 * coefficient of c in the mean is a function of the factor levels z,
 *   h_c(z) = Σ_j β_j Π_{f ∈ A_j} 1[z_f = ℓ_jf]       (over the columns j with continuous part c; ℓ_jf = j's level of f).
 * SAS's containment rule (F is contained in G when both have the same covariates and G has F's factors and
 * more) makes the Type III hypothesis of a term F, with factors A_F and continuous part c,
 *   w_bᵀ m_F = 0 for a basis w_b of W,
 * where m_F(z_F) is the mean of h_c over the levels of the factors not in A_F with equal weights (this makes the
 * hypothesis orthogonal to those of the terms containing F) and W is the set of functions of A_F's levels
 * orthogonal, with equal weights, to every function of A_t ∩ A_F for the terms t with F's covariates that do not
 * contain F, the intercept among them (this takes those terms out). So a factor is tested at covariate 0 when the
 * model has its interaction with a covariate (AVISIT with FEV1_BL:AVISIT), and a covariate by its slope averaged
 * over the levels with equal weights, as in SAS. rows = dim W per column of c: Π (k_f − 1) in a hierarchical
 * model. Without aliasing this is SAS's Type III, and R's Wald test of the term's contr.sum columns.
 *
 * The basis w_b is SAS's: the free symbols of its general form, each 1 at its own cell of A_F and 0 at the
 * others' (Kronecker products of e_i − e_last in a hierarchical model), where SAS's last level is our reference
 * level. F and numDF do not depend on the basis, but the Satterthwaite denDF of a multi-df test does (SAS's too:
 * it splits L along the eigenvectors of LCLᵀ), so a spec whose reference levels are SAS's last levels gets SAS's
 * denDF.
 *
 * Aliased columns count as zero (their β is 0 in the fit): their entries are left out, and rows that become zero
 * or dependent on earlier rows are dropped, so a term whose columns are all aliased gets rows = 0. With empty
 * cells this tests the fitted model's extrapolation to them, which depends on the reference levels and can
 * differ from SAS, whose general form of estimable functions changes with the empty cells.
 */
import type { Design } from "../design/design.js";
import type { Hypothesis } from "./hypothesis.js";

/** A row is dropped when its part independent of the rows kept before is below this times the largest row. */
const RANK_TOLERANCE = 1e-9;

/** A term (or the intercept) as Type III sees it: factors, continuous part, columns. */
interface TermShape {
  readonly factors: readonly string[];
  /** The covariate labels, sorted and joined: terms with the same one are compared by containment. */
  readonly covariates: string;
  readonly columns: readonly ColumnShape[];
}

interface ColumnShape {
  readonly index: number;
  /** Level index of each of the term's factors. */
  readonly levels: ReadonlyMap<string, number>;
  /** The continuous part: each covariate with its column suffix, sorted and joined. */
  readonly key: string;
}

/**
 * Splits a column name into the term's pieces (R's names: label + level or label + column suffix, joined by
 * ":"), trying every level that matches so a level that is a prefix of another cannot mislead it.
 */
function parseColumn(name: string, variables: readonly string[], design: Design): (number | string)[] | null {
  const walk = (pos: number, k: number): (number | string)[] | null => {
    if (k === variables.length) return pos === name.length ? [] : null;
    if (k > 0) { if (name[pos] !== ":") return null; pos++; }
    const label = variables[k];
    if (!name.startsWith(label, pos)) return null;
    pos += label.length;
    const factor = Object.hasOwn(design.factors, label) ? design.factors[label] : undefined;
    const options: (number | string)[] = factor ? factor.levels.map((_, i) => i) : suffixes(name, pos);
    for (const o of options) {
      const text = typeof o === "number" ? factor!.levels[o] : o;
      if (!name.startsWith(text, pos)) continue;
      const rest = walk(pos + text.length, k + 1);
      if (rest) return [o, ...rest];
    }
    return null;
  };
  return walk(0, 0);
}

/** Candidate column suffixes of a covariate at pos: none, or a run of digits ("poly(x, 2)1"). */
function suffixes(name: string, pos: number): string[] {
  const out = [""];
  for (let e = pos; e < name.length && name[e] >= "0" && name[e] <= "9"; e++) out.push(name.slice(pos, e + 1));
  return out;
}

function termShapes(design: Design): TermShape[] {
  return design.terms.map((t) => {
    const factors = t.variables.filter((v) => Object.hasOwn(design.factors, v));
    const covariates = t.variables.filter((v) => !Object.hasOwn(design.factors, v));
    const columns = t.columns.map((index): ColumnShape => {
      const parts = parseColumn(design.coefNames[index], t.variables, design);
      if (!parts) throw new Error(`type3: cannot read column "${design.coefNames[index]}" as a column of the term ${t.label}`);
      const levels = new Map<string, number>();
      const cont: string[] = [];
      t.variables.forEach((v, k) => {
        const part = parts[k];
        if (typeof part === "number") levels.set(v, part);
        else cont.push(`${v}\u0000${part}`);
      });
      return { index, levels, key: cont.sort().join("\u0001") };
    });
    return { factors, covariates: [...covariates].sort().join("\u0001"), columns };
  });
}

const containsAll = (outer: readonly string[], inner: readonly string[]): boolean => inner.every((f) => outer.includes(f));

const norm = (v: Float64Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

/** The part of v orthogonal to an orthonormal basis (modified Gram–Schmidt, two passes). */
function residual(v: Float64Array, basis: readonly Float64Array[]): Float64Array {
  const r = Float64Array.from(v);
  for (let pass = 0; pass < 2; pass++) {
    for (const q of basis) {
      let d = 0;
      for (let i = 0; i < r.length; i++) d += q[i] * r[i];
      for (let i = 0; i < r.length; i++) r[i] -= d * q[i];
    }
  }
  return r;
}

/**
 * Greedy selection of the vectors independent of those before them: a vector is kept when its part orthogonal
 * to the kept ones has a norm above `threshold`. Returns the kept vectors and an orthonormal basis of their span.
 */
function independent(vectors: readonly Float64Array[], threshold: number): { kept: Float64Array[]; basis: Float64Array[] } {
  const kept: Float64Array[] = [];
  const basis: Float64Array[] = [];
  for (const v of vectors) {
    const r = residual(v, basis);
    const size = norm(r);
    if (size <= threshold) continue;
    basis.push(r.map((x) => x / size));
    kept.push(v);
  }
  return { kept, basis };
}

/**
 * The basis of W = the complement of span(Q) (Q orthonormal) in reduced row echelon form over the cells in
 * order: each vector is 1 at its own (pivot) cell and 0 at the other vectors' cells.
 */
function echelonBasis(Q: readonly Float64Array[], n: number): Float64Array[] {
  // The rows of P = I − QQᵀ span W; P's entries are at most 1 in absolute value.
  const rows = Array.from({ length: n }, (_, i) => {
    const r = new Float64Array(n);
    r[i] = 1;
    for (const q of Q) { const a = q[i]; for (let c = 0; c < n; c++) r[c] -= a * q[c]; }
    return r;
  });
  const basis: Float64Array[] = [];
  for (let c = 0; c < n && rows.length > 0; c++) {
    let best = -1;
    let size = 1e-9;
    rows.forEach((r, i) => { if (Math.abs(r[c]) > size) { size = Math.abs(r[c]); best = i; } });
    if (best < 0) continue;
    const pivot = rows.splice(best, 1)[0];
    const a = pivot[c];
    for (let k = 0; k < n; k++) pivot[k] /= a;
    for (const r of [...rows, ...basis]) {
      const f = r[c];
      if (f !== 0) for (let k = 0; k < n; k++) r[k] -= f * pivot[k];
    }
    basis.push(pivot);
  }
  // Rounding noise of the elimination (the exact entries are simple fractions) is set to zero.
  return basis.map((v) => v.map((x) => (Math.abs(x) < 1e-12 ? 0 : x)));
}

/** The Type III hypothesis of every fixed term, in the order of design.terms (the intercept is not tested). */
export function type3Hypotheses(design: Design): Hypothesis[] {
  const { p } = design;
  const shapes = termShapes(design);
  const all: TermShape[] = design.intercept
    ? [...shapes, { factors: [], covariates: "", columns: [{ index: design.coefNames.indexOf("(Intercept)"), levels: new Map(), key: "" }] }]
    : shapes;

  return design.terms.map((term, t): Hypothesis => {
    const F = shapes[t];
    const group = all.filter((s) => s.covariates === F.covariates);
    const sizes = F.factors.map((f) => design.factors[f].levels.length);
    const strides = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a * b, 1));
    const n = sizes.reduce((a, b) => a * b, 1);
    // The cells of A_F's grid: cell c has rank digit(c, k) for factor k, the first factor varying fastest. A
    // level's rank is its position in the model order with the reference level moved to the end.
    const digit = (c: number, k: number): number => Math.floor(c / strides[k]) % sizes[k];
    const rank = (f: string, level: number): number => {
      const info = design.factors[f];
      const ref = info.levels.indexOf(info.reference);
      return level === ref ? info.levels.length - 1 : level < ref ? level : level - 1;
    };
    const cellOf = (levels: ReadonlyMap<string, number>): number =>
      F.factors.reduce((c, f, k) => c + rank(f, levels.get(f)!) * strides[k], 0);

    // W is the complement of the functions of A_t ∩ A_F for the terms t of the group that do not contain F.
    const removed: Float64Array[] = [];
    for (const s of group) {
      if (containsAll(s.factors, F.factors)) continue;
      const shared = F.factors.map((f, k) => (s.factors.includes(f) ? k : -1)).filter((k) => k >= 0);
      const margins = new Map<string, Float64Array>();
      for (let c = 0; c < n; c++) {
        const id = shared.map((k) => digit(c, k)).join(",");
        let v = margins.get(id);
        if (!v) { v = new Float64Array(n); margins.set(id, v); }
        v[c] = 1;
      }
      removed.push(...margins.values());
    }
    // The margins are 0/1 vectors, so a dependent one leaves a residual of rounding size.
    const W = echelonBasis(independent(removed, 1e-8).basis, n);

    const rows: Float64Array[] = [];
    for (const key of new Set(F.columns.map((c) => c.key))) {
      // Row b of the block is w_bᵀ m_F as a function of β: each column j of F or of a term containing F, at
      // cell(j) of A_F, enters m_F with weight Π 1/k_f over the factors it has beyond A_F.
      const block = W.map(() => new Float64Array(p));
      for (const s of group) {
        if (!containsAll(s.factors, F.factors)) continue;
        const weight = s.factors.filter((f) => !F.factors.includes(f)).reduce((w, f) => w / design.factors[f].levels.length, 1);
        for (const col of s.columns) {
          if (col.key !== key) continue;
          const cell = cellOf(col.levels);
          W.forEach((w, b) => { block[b][col.index] += weight * w[cell]; });
        }
      }
      rows.push(...block);
    }
    const L = independent(rows, RANK_TOLERANCE * Math.max(0, ...rows.map(norm))).kept;
    const out = new Float64Array(L.length * p);
    L.forEach((r, i) => out.set(r, i * p));
    return { term: term.label, L: out, rows: L.length };
  });
}
