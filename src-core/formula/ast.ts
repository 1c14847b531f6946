import type { ResidualKind } from "../covariance/structure.js";
import { formatNumber } from "./number.js";

/** Functions allowed inside an arithmetic expression (in I(), log(), poly(), ...). */
export type MathFunction = "log" | "exp" | "sqrt";

/** An arithmetic expression over numeric columns, as inside I(...). `pos` is the 1-based position in the formula. */
export type ArithExpr =
  | { readonly kind: "number"; readonly value: number; readonly pos: number }
  | { readonly kind: "column"; readonly name: string; readonly quoted: boolean; readonly pos: number }
  | { readonly kind: "unary"; readonly op: "-" | "+"; readonly arg: ArithExpr; readonly pos: number }
  | { readonly kind: "binary"; readonly op: "+" | "-" | "*" | "/" | "^"; readonly left: ArithExpr; readonly right: ArithExpr; readonly pos: number }
  | { readonly kind: "paren"; readonly arg: ArithExpr; readonly pos: number }
  | { readonly kind: "call"; readonly fn: MathFunction; readonly arg: ArithExpr; readonly pos: number };

/** A covariate written as a function call in a model term. */
export type Covariate =
  | { readonly fn: "I" | MathFunction; readonly expr: ArithExpr }
  | { readonly fn: "poly"; readonly expr: ArithExpr; readonly degree: number; readonly named: boolean }
  | { readonly fn: "ns"; readonly expr: ArithExpr; readonly df: number; readonly named: boolean }
  | { readonly fn: "within"; readonly x: string; readonly g: string }
  | { readonly fn: "between"; readonly x: string; readonly g: string };

/** A grouping factor of a random term: the interaction of one or more columns, e.g. ["site", "subject"]. */
export type GroupNames = readonly string[];

/** A node of the right-hand side of a formula. */
export type TermNode =
  | { readonly kind: "variable"; readonly name: string; readonly label: string; readonly pos: number }
  | { readonly kind: "call"; readonly covariate: Covariate; readonly label: string; readonly pos: number }
  | { readonly kind: "number"; readonly value: number; readonly pos: number }
  | { readonly kind: "sum"; readonly op: "+" | "-"; readonly left: TermNode | null; readonly right: TermNode; readonly pos: number }
  | { readonly kind: "product"; readonly op: "*" | "/" | ":"; readonly left: TermNode; readonly right: TermNode; readonly pos: number }
  | { readonly kind: "power"; readonly base: TermNode; readonly exponent: number; readonly pos: number }
  | { readonly kind: "paren"; readonly arg: TermNode; readonly pos: number }
  | {
      readonly kind: "random"; readonly lhs: TermNode;
      /** Nesting levels: (1 | a/b:c) gives [["a"], ["b", "c"]]. */
      readonly nesting: readonly GroupNames[];
      readonly double: boolean; readonly pos: number; readonly text: string;
    }
  | {
      readonly kind: "residual"; readonly structure: ResidualKind; readonly time: readonly string[];
      readonly group: string | null; readonly subject: string; readonly pos: number; readonly text: string;
    };

export interface FormulaAst {
  readonly text: string;
  readonly response: string;
  readonly rhs: TermNode;
}

/** Writes a column name as R's deparse does (backticks for non-syntactic names). */
export function nameLabel(name: string, quoted: boolean): string {
  return quoted && !/^[A-Za-z.][A-Za-z0-9._]*$/.test(name) ? `\`${name}\`` : name;
}

/** Deparses an arithmetic expression as R does: spaces around + - *, none around / and ^. */
export function deparseArith(e: ArithExpr): string {
  switch (e.kind) {
    case "number": return formatNumber(e.value);
    case "column": return nameLabel(e.name, e.quoted);
    case "unary": return `${e.op}${deparseArith(e.arg)}`;
    case "paren": return `(${deparseArith(e.arg)})`;
    case "call": return `${e.fn}(${deparseArith(e.arg)})`;
    case "binary": {
      const sep = e.op === "/" || e.op === "^" ? e.op : ` ${e.op} `;
      return `${deparseArith(e.left)}${sep}${deparseArith(e.right)}`;
    }
  }
}

/** The label R gives a covariate call, e.g. "I(x^2)", "poly(x, 2)", "ns(x, df = 3)". */
export function covariateLabel(c: Covariate): string {
  switch (c.fn) {
    case "poly": return `poly(${deparseArith(c.expr)}, ${c.named ? "degree = " : ""}${c.degree})`;
    case "ns": return `ns(${deparseArith(c.expr)}, ${c.named ? "df = " : ""}${c.df})`;
    case "within":
    case "between": return `${c.fn}(${c.x}, ${c.g})`;
    default: return `${c.fn}(${deparseArith(c.expr)})`;
  }
}

/** The columns an arithmetic expression reads, in order of appearance. */
export function arithColumns(e: ArithExpr, out: string[] = []): string[] {
  switch (e.kind) {
    case "column": if (!out.includes(e.name)) out.push(e.name); break;
    case "unary": case "paren": case "call": arithColumns(e.arg, out); break;
    case "binary": arithColumns(e.left, out); arithColumns(e.right, out); break;
    default: break;
  }
  return out;
}

/** The columns a covariate reads. */
export function covariateColumns(c: Covariate): string[] {
  if ("expr" in c) return arithColumns(c.expr);
  return c.x === c.g ? [c.x] : [c.x, c.g];
}
