import type { ResidualKind } from "../covariance/structure.js";
import { LongitudeError } from "../errors.js";
import { type ArithExpr, type Covariate, type FormulaAst, type GroupNames, type MathFunction, type TermNode, covariateLabel, nameLabel } from "./ast.js";
import { type Token, tokenize } from "./tokens.js";

const RESIDUAL_KINDS: readonly ResidualKind[] = ["us", "cs", "csh", "ar1", "ar1h", "ad", "adh", "toep", "toeph", "sp_exp"];
const MATH: readonly MathFunction[] = ["log", "exp", "sqrt"];
const FUNCTIONS = ["I", "log", "exp", "sqrt", "poly", "ns", "within", "between", ...RESIDUAL_KINDS];

/** Recursive-descent parser for R-style model formulas (see docs/formula.md). */
class Parser {
  private i = 0;
  constructor(private readonly text: string, private readonly tokens: Token[]) {}

  private get tok(): Token { return this.tokens[this.i]; }
  private next(): Token { return this.tokens[this.i++]; }
  private isOp(op: string): boolean { return this.tok.type === "op" && this.tok.text === op; }

  fail(pos: number, what: string): never {
    throw new LongitudeError("formula-syntax", `formula syntax error at position ${pos}: ${what} in "${this.text}"`);
  }

  private found(): string {
    const t = this.tok;
    return t.type === "end" ? "the end of the formula" : `"${t.type === "name" && t.quoted ? `\`${t.text}\`` : t.text}"`;
  }

  private expect(op: string, context: string): Token {
    if (!this.isOp(op)) this.fail(this.tok.pos, `expected "${op}" ${context}, found ${this.found()}`);
    return this.next();
  }

  private closeParen(open: Token): void {
    if (!this.isOp(")")) this.fail(this.tok.pos, `expected ")" to close "(" opened at position ${open.pos}, found ${this.found()}`);
    this.next();
  }

  private name(what: string): Token {
    if (this.tok.type !== "name") this.fail(this.tok.pos, `expected ${what}, found ${this.found()}`);
    return this.next();
  }

  private integer(what: string): number {
    const t = this.tok;
    if (t.type !== "number" || !/^\d+$/.test(t.text) || Number(t.text) < 1) this.fail(t.pos, `expected ${what} (a whole number of at least 1), found ${this.found()}`);
    this.next();
    return Number(t.text);
  }

  formula(): FormulaAst {
    if (this.isOp("~")) this.fail(this.tok.pos, 'expected the response column before "~"');
    const response = this.name("the response column");
    if (this.isOp("(")) this.fail(this.tok.pos, `expected "~" after the response; the response must be a column name, not a function`);
    this.expect("~", "after the response column");
    const rhs = this.sum();
    if (this.tok.type !== "end") {
      const what = this.isOp(")") ? 'found ")" with no matching "("' : `expected "+", "-", "*", ":" or the end of the formula, found ${this.found()}`;
      this.fail(this.tok.pos, what);
    }
    return { text: this.text, response: response.text, rhs };
  }

  private sum(): TermNode {
    let left: TermNode | null = null;
    if (this.isOp("-") || this.isOp("+")) {
      const op = this.next();
      left = { kind: "sum", op: op.text as "+" | "-", left: null, right: this.product(), pos: op.pos };
    } else left = this.product();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next();
      left = { kind: "sum", op: op.text as "+" | "-", left, right: this.product(), pos: op.pos };
    }
    return left;
  }

  private product(): TermNode {
    let left = this.colon();
    while (this.isOp("*") || this.isOp("/")) {
      const op = this.next();
      left = { kind: "product", op: op.text as "*" | "/", left, right: this.colon(), pos: op.pos };
    }
    return left;
  }

  private colon(): TermNode {
    let left = this.power();
    while (this.isOp(":")) {
      const op = this.next();
      left = { kind: "product", op: ":", left, right: this.power(), pos: op.pos };
    }
    return left;
  }

  private power(): TermNode {
    const base = this.primary();
    if (!this.isOp("^")) return base;
    const op = this.next();
    return { kind: "power", base, exponent: this.integer('the power after "^"'), pos: op.pos };
  }

  private primary(): TermNode {
    const t = this.tok;
    if (t.type === "number") {
      this.next();
      const value = Number(t.text);
      if (value !== 0 && value !== 1) this.fail(t.pos, `found the number ${t.text}; only 1 (intercept) and 0 (no intercept) can stand alone, use I(...) for arithmetic`);
      return { kind: "number", value, pos: t.pos };
    }
    if (t.type === "name") {
      this.next();
      if (this.isOp("(") && !t.quoted) return this.call(t);
      return { kind: "variable", name: t.text, label: nameLabel(t.text, t.quoted), pos: t.pos };
    }
    if (this.isOp("(")) {
      const open = this.next();
      const inner = this.sum();
      if (this.isOp("|") || this.isOp("||")) {
        const bar = this.next();
        const nesting = this.nesting();
        this.closeParen(open);
        const text = this.text.slice(open.pos - 1, this.tokens[this.i - 1].pos);
        return { kind: "random", lhs: inner, nesting, double: bar.text === "||", pos: open.pos, text };
      }
      this.closeParen(open);
      return { kind: "paren", arg: inner, pos: open.pos };
    }
    return this.fail(t.pos, `expected a column name, a function, "(" or 1, found ${this.found()}`);
  }

  /** Grouping of a random term: g, a:b, a/b, a/b:c. */
  private nesting(): GroupNames[] {
    const levels: GroupNames[] = [];
    do {
      const names = [this.name("a grouping column after \"|\"").text];
      while (this.isOp(":")) { this.next(); names.push(this.name('a grouping column after ":"').text); }
      levels.push(names);
    } while (this.isOp("/") && this.next());
    return levels;
  }

  private call(fn: Token): TermNode {
    const open = this.next();
    const name = fn.text;
    if ((RESIDUAL_KINDS as readonly string[]).includes(name)) return this.residual(fn, open, name as ResidualKind);
    let covariate: Covariate;
    if (name === "I" || (MATH as readonly string[]).includes(name)) {
      covariate = { fn: name as "I" | MathFunction, expr: this.arith() };
    } else if (name === "poly" || name === "ns") {
      const expr = this.arith();
      this.expect(",", `after the first argument of ${name}()`);
      const argName = name === "poly" ? "degree" : "df";
      let named = false;
      if (this.tok.type === "name" && this.tok.text === argName) { this.next(); this.expect("=", `after "${argName}"`); named = true; }
      const k = this.integer(name === "poly" ? "the degree of poly()" : "the degrees of freedom of ns()");
      covariate = name === "poly" ? { fn: "poly", expr, degree: k, named } : { fn: "ns", expr, df: k, named };
    } else if (name === "within" || name === "between") {
      const x = this.name(`a numeric column as the first argument of ${name}()`).text;
      this.expect(",", `after the first argument of ${name}()`);
      const g = this.name(`a grouping column as the second argument of ${name}()`).text;
      covariate = name === "within" ? { fn: "within", x, g } : { fn: "between", x, g };
    } else if (name === "factor" || name === "as.factor") {
      return this.fail(fn.pos, `${name}() is not supported; list the column in the spec's "factors" instead`);
    } else {
      return this.fail(fn.pos, `unknown function "${name}"; use one of ${FUNCTIONS.join(", ")}`);
    }
    this.closeParen(open);
    return { kind: "call", covariate, label: covariateLabel(covariate), pos: fn.pos };
  }

  private residual(fn: Token, open: Token, structure: ResidualKind): TermNode {
    const time = [this.name(`the time column in ${structure}()`).text];
    while (this.isOp(",")) {
      if (structure !== "sp_exp") this.fail(this.tok.pos, `${structure}() takes one time column; only sp_exp() takes several coordinates`);
      this.next();
      time.push(this.name("a coordinate column").text);
    }
    this.expect("|", `between the time and the subject in ${structure}()`);
    let subject = this.name(`the subject column in ${structure}()`).text;
    let group: string | null = null;
    if (this.isOp("/")) {
      this.next();
      group = subject;
      subject = this.name('the subject column after "/"').text;
    }
    this.closeParen(open);
    const text = this.text.slice(fn.pos - 1, this.tokens[this.i - 1].pos);
    return { kind: "residual", structure, time, group, subject, pos: fn.pos, text };
  }

  private arith(): ArithExpr {
    let left = this.arithTerm();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next();
      left = { kind: "binary", op: op.text as "+" | "-", left, right: this.arithTerm(), pos: op.pos };
    }
    return left;
  }

  private arithTerm(): ArithExpr {
    let left = this.arithUnary();
    while (this.isOp("*") || this.isOp("/")) {
      const op = this.next();
      left = { kind: "binary", op: op.text as "*" | "/", left, right: this.arithUnary(), pos: op.pos };
    }
    return left;
  }

  private arithUnary(): ArithExpr {
    if (this.isOp("-") || this.isOp("+")) {
      const op = this.next();
      return { kind: "unary", op: op.text as "-" | "+", arg: this.arithUnary(), pos: op.pos };
    }
    const base = this.arithPrimary();
    if (!this.isOp("^")) return base;
    const op = this.next();
    return { kind: "binary", op: "^", left: base, right: this.arithUnary(), pos: op.pos };
  }

  private arithPrimary(): ArithExpr {
    const t = this.tok;
    if (t.type === "number") { this.next(); return { kind: "number", value: Number(t.text), pos: t.pos }; }
    if (t.type === "name") {
      this.next();
      if (!this.isOp("(") || t.quoted) return { kind: "column", name: t.text, quoted: t.quoted, pos: t.pos };
      if (!(MATH as readonly string[]).includes(t.text)) this.fail(t.pos, `unknown function "${t.text}" in an expression; use one of ${MATH.join(", ")}`);
      const open = this.next();
      const arg = this.arith();
      this.closeParen(open);
      return { kind: "call", fn: t.text as MathFunction, arg, pos: t.pos };
    }
    if (this.isOp("(")) {
      const open = this.next();
      const arg = this.arith();
      this.closeParen(open);
      return { kind: "paren", arg, pos: open.pos };
    }
    return this.fail(t.pos, `expected a number, a column name or "(", found ${this.found()}`);
  }
}

/** Parses a formula such as "FEV1 ~ ARMCD * AVISIT + us(AVISIT | USUBJID)" into its syntax tree. */
export function parseFormula(text: string): FormulaAst {
  if (text.trim() === "") throw new LongitudeError("formula-syntax", 'the formula is empty; write it as "response ~ terms", e.g. "FEV1 ~ ARMCD * AVISIT"');
  return new Parser(text, tokenize(text)).formula();
}
