import type { ResidualKind } from "../covariance/structure.js";
import { LongitudeError } from "../errors.js";
import { type Covariate, type FormulaAst, type TermNode, covariateColumns } from "./ast.js";
import { parseFormula } from "./parse.js";

/** A variable of a model term: a column, or a covariate call such as "I(x^2)" or "poly(x, 2)". */
export interface TermVariable {
  /** The label as R writes it: the column name, or the call, e.g. "poly(x, 2)". */
  readonly label: string;
  /** The column for a plain column variable, else null. */
  readonly column: string | null;
  readonly covariate: Covariate | null;
  /** Columns the variable reads. */
  readonly columns: readonly string[];
}

/** One expanded term: its variables (labels, in order of first appearance) and its R label, e.g. "ARMCD:AVISIT". */
export interface ExpandedTerm {
  readonly label: string;
  readonly variables: readonly string[];
}

/** The fixed part of a formula (or the left side of a random term) after expansion, in R's term order. */
export interface TermSet {
  readonly intercept: boolean;
  readonly terms: readonly ExpandedTerm[];
  /** Every variable, in order of first appearance. */
  readonly variables: readonly TermVariable[];
}

export interface RandomTerm {
  /** The effects, e.g. (1 + Days | Subject) gives an intercept and the term "Days". */
  readonly effects: TermSet;
  /** Columns whose interaction forms the grouping factor, e.g. ["site", "subject"]. */
  readonly group: readonly string[];
  /** The grouping factor as written, e.g. "site:subject". */
  readonly groupLabel: string;
  /** True for (t || g): uncorrelated effects. */
  readonly diagonal: boolean;
  readonly text: string;
}

export interface ResidualTerm {
  readonly structure: ResidualKind;
  /** The time column, or the coordinate columns for sp_exp. */
  readonly time: readonly string[];
  readonly group: string | null;
  readonly subject: string;
  readonly text: string;
}

export interface ModelFormula {
  readonly text: string;
  readonly response: string;
  readonly fixed: TermSet;
  readonly random: readonly RandomTerm[];
  readonly residual: ResidualTerm | null;
}

/** A term while expanding: indices into the variable list, ascending. */
type Bits = number[];
interface Partial { terms: Bits[]; intercept: boolean | null }

const key = (b: Bits): string => b.join(",");
const union = (a: Bits, b: Bits): Bits => [...new Set([...a, ...b])].sort((x, y) => x - y);

function unique(terms: Bits[]): Bits[] {
  const seen = new Set<string>();
  return terms.filter((t) => { const k = key(t); if (seen.has(k)) return false; seen.add(k); return true; });
}

function fail(ast: FormulaAst, pos: number, what: string): never {
  throw new LongitudeError("formula-syntax", `formula syntax error at position ${pos}: ${what} in "${ast.text}"`);
}

/** Expands a term tree as R's terms.formula does: a*b = a + b + a:b, a/b = a + a:b, (a+b)^2, removal with "-". */
function expandSet(ast: FormulaAst, node: TermNode, extra: readonly string[] = []): TermSet {
  const variables: TermVariable[] = [];
  const index = new Map<string, number>();
  const varIndex = (label: string, v: TermVariable): number => {
    let i = index.get(label);
    if (i === undefined) { i = variables.length; index.set(label, i); variables.push(v); }
    return i;
  };
  for (const e of extra) index.set(e, -1);
  const walk = (n: TermNode): Partial => {
    switch (n.kind) {
      case "variable":
        return { terms: [[varIndex(n.label, { label: n.label, column: n.name, covariate: null, columns: [n.name] })]], intercept: null };
      case "call":
        return { terms: [[varIndex(n.label, { label: n.label, column: null, covariate: n.covariate, columns: covariateColumns(n.covariate) })]], intercept: null };
      case "number":
        return { terms: [], intercept: n.value === 1 };
      case "paren":
        return walk(n.arg);
      case "sum": {
        const left: Partial = n.left ? walk(n.left) : { terms: [], intercept: null };
        const right = walk(n.right);
        if (n.op === "+") return { terms: unique([...left.terms, ...right.terms]), intercept: right.intercept ?? left.intercept };
        const drop = new Set(right.terms.map(key));
        const intercept = right.intercept === null ? left.intercept : !right.intercept;
        return { terms: left.terms.filter((t) => !drop.has(key(t))), intercept };
      }
      case "product": {
        const left = walk(n.left);
        const right = walk(n.right);
        if (left.intercept !== null || right.intercept !== null) fail(ast, n.pos, `"${n.op}" cannot combine 0 or 1 with a term; use 1 or 0 only with + or -`);
        const cross: Bits[] = [];
        if (n.op === "/") {
          const all = left.terms.reduce<Bits>((acc, t) => union(acc, t), []);
          for (const r of right.terms) cross.push(union(all, r));
          return { terms: unique([...left.terms, ...cross]), intercept: null };
        }
        for (const l of left.terms) for (const r of right.terms) cross.push(union(l, r));
        return { terms: unique(n.op === "*" ? [...left.terms, ...right.terms, ...cross] : cross), intercept: null };
      }
      case "power": {
        const base = walk(n.base);
        let result = base.terms;
        for (let k = 1; k < n.exponent; k++) {
          const cross: Bits[] = [];
          for (const l of result) for (const r of base.terms) cross.push(union(l, r));
          result = unique([...result, ...cross]);
        }
        return { terms: result, intercept: base.intercept };
      }
      case "random":
      case "residual":
        return fail(ast, n.pos, `the ${n.kind === "random" ? "random-effects" : "covariance"} term ${n.text} can only be added to the model with "+"`);
    }
  };
  const result = walk(node);
  const terms = result.terms
    .filter((t) => t.length > 0)
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.length - b.t.length || a.i - b.i)
    .map(({ t }) => {
      const vars = t.map((j) => variables[j].label);
      return { label: vars.join(":"), variables: vars };
    });
  return { intercept: result.intercept ?? true, terms, variables };
}

/** Splits the top-level sum into fixed nodes, random terms and residual terms (as lme4's findbars/nobars). */
function split(ast: FormulaAst, n: TermNode, fixed: TermNode[], signs: ("+" | "-")[], special: TermNode[], sign: "+" | "-"): void {
  if (n.kind === "sum") {
    if (n.left) split(ast, n.left, fixed, signs, special, "+");
    if ((n.right.kind === "random" || n.right.kind === "residual") && n.op === "-") fail(ast, n.pos, `the term ${n.right.text} can only be added with "+", not removed`);
    split(ast, n.right, fixed, signs, special, n.op);
    return;
  }
  if (n.kind === "random" || n.kind === "residual") { special.push(n); return; }
  fixed.push(n);
  signs.push(sign);
}

/** Expands a parsed formula into fixed terms (R's order), random terms and the residual covariance term. */
export function expandFormula(ast: FormulaAst): ModelFormula {
  const fixedNodes: TermNode[] = [];
  const signs: ("+" | "-")[] = [];
  const special: TermNode[] = [];
  split(ast, ast.rhs, fixedNodes, signs, special, "+");
  let fixedTree: TermNode = { kind: "number", value: 1, pos: 0 };
  fixedNodes.forEach((node, i) => { fixedTree = { kind: "sum", op: signs[i], left: fixedTree, right: node, pos: node.pos }; });
  const fixed = expandSet(ast, fixedTree);
  const random: RandomTerm[] = [];
  let residual: ResidualTerm | null = null;
  let residualPos = 0;
  for (const n of special) {
    if (n.kind === "residual") {
      if (residual) fail(ast, n.pos, `the formula has two covariance terms, ${residual.text} at position ${residualPos} and ${n.text}; keep only one`);
      residual = { structure: n.structure, time: n.time, group: n.group, subject: n.subject, text: n.text };
      residualPos = n.pos;
    } else if (n.kind === "random") {
      const effects = expandSet(ast, n.lhs);
      let group: string[] = [];
      for (const level of n.nesting) {
        group = [...group, ...level.filter((g) => !group.includes(g))];
        random.push({ effects, group, groupLabel: group.join(":"), diagonal: n.double, text: n.text });
      }
    }
  }
  return { text: ast.text, response: ast.response, fixed, random, residual };
}

/** Parses and expands a formula in one step. */
export function formulaTerms(text: string): ModelFormula {
  return expandFormula(parseFormula(text));
}
