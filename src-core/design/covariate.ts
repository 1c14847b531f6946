import { LongitudeError } from "../errors.js";
import type { ArithExpr } from "../formula/ast.js";
import type { TermVariable } from "../formula/terms.js";
import { listNames } from "./suggest.js";
import { type FittedVariable, type FrameAccess, levelIndex } from "./variable.js";
import { evalNs, fitNs } from "./ns.js";
import { evalPoly, fitPoly } from "./poly.js";

type Values = Readonly<Record<string, number | string>>;
type Means = Readonly<Record<string, number>>;

function evalArith(e: ArithExpr, get: (column: string) => number): number {
  switch (e.kind) {
    case "number": return e.value;
    case "column": return get(e.name);
    case "unary": return e.op === "-" ? -evalArith(e.arg, get) : evalArith(e.arg, get);
    case "paren": return evalArith(e.arg, get);
    case "call": {
      const a = evalArith(e.arg, get);
      return e.fn === "log" ? Math.log(a) : e.fn === "exp" ? Math.exp(a) : Math.sqrt(a);
    }
    case "binary": {
      const a = evalArith(e.left, get);
      const b = evalArith(e.right, get);
      switch (e.op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": return a / b;
        case "^": return a ** b;
      }
    }
  }
}

/** A numeric value for `column` from encode's predictor values, defaulting to its mean over the used rows. */
function numberFrom(values: Values, means: Means, column: string): number {
  const v = values[column];
  if (v === undefined) {
    const m = means[column];
    if (m === undefined) throw new LongitudeError("bad-spec", `a value for "${column}" is needed to build a design row`);
    return m;
  }
  const x = typeof v === "number" ? v : Number(v);
  if (typeof v === "string" && (v.trim() === "" || !Number.isFinite(x))) throw new LongitudeError("bad-spec", `"${column}" is numeric, so its value must be a number, not "${v}"`);
  return x;
}

/** Evaluates an arithmetic expression on every used row; a non-finite result is an error naming the row. */
function evalRows(expr: ArithExpr, frame: FrameAccess, label: string, rowNumber: (i: number) => number): Float64Array {
  const cols = new Map<string, Float64Array>();
  const get = (i: number) => (c: string): number => {
    let a = cols.get(c);
    if (!a) { a = frame.numeric(c, label); cols.set(c, a); }
    return a[i];
  };
  const out = new Float64Array(frame.nobs);
  for (let i = 0; i < frame.nobs; i++) {
    out[i] = evalArith(expr, get(i));
    if (!Number.isFinite(out[i])) {
      const inputs = [...cols.entries()].map(([c, a]) => `${c} = ${a[i]}`).join(", ");
      throw new LongitudeError("bad-data", `${label} is not a finite number at row ${rowNumber(i)} (${inputs}); change the expression or filter the row out with "where"`);
    }
  }
  return out;
}

/** Evaluates a model variable on the used rows and gives the encoder that reproduces it for new values. */
export function fitVariable(v: TermVariable, frame: FrameAccess, rowNumber: (i: number) => number): FittedVariable {
  const label = v.label;
  if (v.column !== null) {
    if (frame.isFactor(v.column)) return { kind: "factor", label, factor: frame.factor(v.column) };
    const column = v.column;
    const values = frame.numeric(column, label);
    return { kind: "numeric", label, suffixes: [""], values: [values], columns: [column], encode: (vals, means) => [numberFrom(vals, means, column)] };
  }
  const c = v.covariate!;
  const columns = [...v.columns];
  if (c.fn === "within" || c.fn === "between") {
    const x = frame.numeric(c.x, label);
    const g = frame.factor(c.g);
    const sums = new Float64Array(g.info.levels.length);
    const counts = new Float64Array(g.info.levels.length);
    for (let i = 0; i < x.length; i++) { sums[g.index[i]] += x[i]; counts[g.index[i]]++; }
    const means = Array.from(sums, (s, k) => s / counts[k]);
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = c.fn === "within" ? x[i] - means[g.index[i]] : means[g.index[i]];
    const encode = (vals: Values, m: Means): number[] => {
      if (vals[label] !== undefined) return [numberFrom(vals, m, label)];
      const gv = vals[c.g];
      const xv = numberFrom(vals, m, c.x);
      if (gv === undefined) return [c.fn === "within" ? xv - m[c.x] : m[c.x]];
      const k = levelIndex(g.info, gv);
      if (k < 0) throw new LongitudeError("bad-spec", `"${gv}" is not a level of ${c.g} used in ${label}; levels are: ${listNames(g.info.levels)}`);
      return [c.fn === "within" ? xv - means[k] : means[k]];
    };
    return { kind: "numeric", label, suffixes: [""], values: [out], columns: [c.x], encode };
  }
  // log(), exp() and sqrt() at the top level are the same call inside an expression.
  const expr: ArithExpr = c.fn === "log" || c.fn === "exp" || c.fn === "sqrt" ? { kind: "call", fn: c.fn, arg: c.expr, pos: 0 } : c.expr;
  const base = evalRows(expr, frame, label, rowNumber);
  const fromValues = (vals: Values, m: Means): number => evalArith(expr, (col) => numberFrom(vals, m, col));
  if (c.fn === "poly" || c.fn === "ns") {
    const k = c.fn === "poly" ? c.degree : c.df;
    const basis = c.fn === "poly" ? fitPoly(base, c.degree, label) : fitNs(base, c.df, label);
    const evalAt = (x: number): number[] => (c.fn === "poly" ? evalPoly(basis as ReturnType<typeof fitPoly>, x) : evalNs(basis as ReturnType<typeof fitNs>, x));
    const values = Array.from({ length: k }, () => new Float64Array(base.length));
    for (let i = 0; i < base.length; i++) evalAt(base[i]).forEach((b, j) => { values[j][i] = b; });
    // As R's model.matrix, a one-column basis is named by its label alone.
    return {
      kind: "numeric", label, suffixes: k === 1 ? [""] : Array.from({ length: k }, (_, j) => String(j + 1)), values, columns,
      encode: (vals, m) => evalAt(fromValues(vals, m)),
    };
  }
  return {
    kind: "numeric", label, suffixes: [""], values: [base], columns,
    encode: (vals, m) => [vals[label] !== undefined ? numberFrom(vals, m, label) : fromValues(vals, m)],
  };
}
