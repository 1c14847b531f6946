import { LongitudeError } from "../errors.js";
import type { TermSet } from "../formula/terms.js";
import { listNames } from "./suggest.js";
import { type FittedVariable, levelIndex } from "./variable.js";

type Values = Readonly<Record<string, number | string>>;
type Means = Readonly<Record<string, number>>;

/** A model matrix in columns, with R's column names, and the encoder for one row of new predictor values. */
export interface CodedMatrix {
  readonly names: string[];
  readonly columns: Float64Array[];
  /** For each term of the set (in order), the indices of its columns. */
  readonly termColumns: number[][];
  /** Which factors are coded by all their levels ("dummy") rather than treatment contrasts, per term. */
  readonly dummy: readonly (readonly string[])[];
  encodeRow(values: Values, means: Means): number[];
}

/**
 * R's rule (models.c, TermCode) for coding factor f in a term T: treatment contrasts when T without f is
 * empty or contained in an earlier term, else indicators for all levels. Without an intercept, the first
 * factor of the first term holding a factor is coded by all its levels.
 */
function codingPlan(set: TermSet, isFactor: (label: string) => boolean): boolean[][] {
  const plan = set.terms.map((t, j) =>
    t.variables.map((v) => {
      if (!isFactor(v)) return false;
      const rest = t.variables.filter((w) => w !== v);
      if (rest.length === 0) return false;
      return !set.terms.slice(0, j).some((s) => rest.every((w) => s.variables.includes(w)));
    }),
  );
  if (!set.intercept) {
    const order = set.variables.map((v) => v.label);
    outer: for (let j = 0; j < set.terms.length; j++) {
      const vars = set.terms[j].variables;
      for (const label of order) {
        const k = vars.indexOf(label);
        if (k >= 0 && isFactor(label)) { plan[j][k] = true; break outer; }
      }
    }
  }
  return plan;
}

/** The pieces one variable contributes: names and, per used row or for new values, the column values. */
interface Piece { names: string[]; column(k: number): Float64Array; encode(values: Values, means: Means): number[] }

function piece(v: FittedVariable, dummy: boolean, nobs: number): Piece {
  if (v.kind === "numeric") {
    return { names: v.suffixes.map((s) => v.label + s), column: (k) => v.values[k], encode: (vals, m) => v.encode(vals, m) };
  }
  const f = v.factor;
  const kept = f.info.levels.map((_, k) => k).filter((k) => dummy || k !== f.ref);
  return {
    names: kept.map((k) => v.label + f.info.levels[k]),
    column: (c) => {
      const level = kept[c];
      const out = new Float64Array(nobs);
      for (let i = 0; i < nobs; i++) out[i] = f.index[i] === level ? 1 : 0;
      return out;
    },
    encode: (vals) => {
      const given = vals[v.label];
      if (given === undefined) throw new LongitudeError("bad-spec", `a level of the factor "${v.label}" is needed to build a design row; levels are: ${listNames(f.info.levels)}`);
      const level = levelIndex(f.info, given);
      if (level < 0) throw new LongitudeError("bad-spec", `"${given}" is not a level of ${v.label}; levels are: ${listNames(f.info.levels)}`);
      return kept.map((k) => (k === level ? 1 : 0));
    },
  };
}

/** Builds the model matrix of a term set with treatment coding, columns in R's model.matrix order. */
export function codeTerms(set: TermSet, vars: ReadonlyMap<string, FittedVariable>, nobs: number): CodedMatrix {
  const isFactor = (label: string): boolean => vars.get(label)!.kind === "factor";
  const plan = codingPlan(set, isFactor);
  const names: string[] = [];
  const columns: Float64Array[] = [];
  const termColumns: number[][] = [];
  const termPieces: Piece[][] = [];
  if (set.intercept) { names.push("(Intercept)"); columns.push(new Float64Array(nobs).fill(1)); }
  set.terms.forEach((t, j) => {
    const pieces = t.variables.map((label, k) => piece(vars.get(label)!, plan[j][k], nobs));
    termPieces.push(pieces);
    const own: number[] = [];
    // The first variable varies fastest, as in R.
    const counts = pieces.map((p) => p.names.length);
    const total = counts.reduce((a, b) => a * b, 1);
    for (let c = 0; c < total; c++) {
      let rest = c;
      const idx = counts.map((n) => { const k = rest % n; rest = Math.floor(rest / n); return k; });
      const col = new Float64Array(nobs).fill(1);
      pieces.forEach((p, k) => { const a = p.column(idx[k]); for (let i = 0; i < nobs; i++) col[i] *= a[i]; });
      own.push(columns.length);
      names.push(pieces.map((p, k) => p.names[idx[k]]).join(":"));
      columns.push(col);
    }
    termColumns.push(own);
  });
  const encodeRow = (values: Values, means: Means): number[] => {
    const row: number[] = set.intercept ? [1] : [];
    for (const pieces of termPieces) {
      const parts = pieces.map((p) => p.encode(values, means));
      const total = parts.reduce((a, p) => a * p.length, 1);
      for (let c = 0; c < total; c++) {
        let rest = c;
        let v = 1;
        for (const p of parts) { v *= p[rest % p.length]; rest = Math.floor(rest / p.length); }
        row.push(v);
      }
    }
    return row;
  };
  const dummy = set.terms.map((t, j) => t.variables.filter((_, k) => plan[j][k]));
  return { names, columns, termColumns, dummy, encodeRow };
}
