import { describe, expect, it } from "vitest";
import { LongitudeError } from "../../../src-core/errors.js";
import type { TermNode } from "../../../src-core/formula/ast.js";
import { parseFormula } from "../../../src-core/formula/parse.js";

/** A compact, readable rendering of the tree, to check precedence and nesting. */
function show(n: TermNode): string {
  switch (n.kind) {
    case "variable": return n.label;
    case "call": return `{${n.label}}`;
    case "number": return String(n.value);
    case "paren": return `(${show(n.arg)})`;
    case "sum": return n.left ? `[${show(n.left)} ${n.op} ${show(n.right)}]` : `[${n.op}${show(n.right)}]`;
    case "product": return `[${show(n.left)} ${n.op} ${show(n.right)}]`;
    case "power": return `[${show(n.base)} ^ ${n.exponent}]`;
    case "random": return `<${show(n.lhs)} ${n.double ? "||" : "|"} ${n.nesting.map((g) => g.join(":")).join("/")}>`;
    case "residual": return `<${n.structure} ${n.time.join(",")} | ${n.group ? `${n.group}/` : ""}${n.subject}>`;
  }
}
const rhs = (f: string): string => show(parseFormula(f).rhs);

function syntaxError(f: string): string {
  try { parseFormula(f); } catch (e) {
    expect(e).toBeInstanceOf(LongitudeError);
    expect((e as LongitudeError).code).toBe("formula-syntax");
    expect((e as Error).message).not.toContain("\n");
    return (e as Error).message;
  }
  throw new Error(`no error for ${f}`);
}

describe("parseFormula: precedence and nesting", () => {
  it("reads the response and R's precedence: + below * and /, below :, below ^", () => {
    const ast = parseFormula("FEV1 ~ a + b * c:d ^ 2");
    expect(ast.response).toBe("FEV1");
    expect(show(ast.rhs)).toBe("[a + [b * [c : [d ^ 2]]]]");
    expect(rhs("y ~ a * b / c")).toBe("[[a * b] / c]");
    expect(rhs("y ~ a - b + c")).toBe("[[a - b] + c]");
    expect(rhs("y ~ (a + b)^2")).toBe("[([a + b]) ^ 2]");
  });
  it("reads intercept terms -1, +0 and 1", () => {
    expect(rhs("y ~ -1 + x")).toBe("[[-1] + x]");
    expect(rhs("y ~ x + 0")).toBe("[x + 0]");
    expect(rhs("y ~ 1")).toBe("1");
  });
  it("reads covariate calls with R's labels", () => {
    expect(rhs("y ~ I(x^2) + I(x/2 + -x * (x+1)) + log(x + 1) + exp(x) + sqrt(x)")).toBe(
      "[[[[{I(x^2)} + {I(x/2 + -x * (x + 1))}] + {log(x + 1)}] + {exp(x)}] + {sqrt(x)}]",
    );
    expect(rhs("y ~ poly(x,2) + ns(age, 3) + ns(age, df=4) + poly(t, degree = 3)")).toBe(
      "[[[{poly(x, 2)} + {ns(age, 3)}] + {ns(age, df = 4)}] + {poly(t, degree = 3)}]",
    );
    expect(rhs("y ~ within(x, g) + between(x,g)")).toBe("[{within(x, g)} + {between(x, g)}]");
    expect(rhs("y ~ I(1e5 * x) + I(x - 0.50)")).toBe("[{I(1e+05 * x)} + {I(x - 0.5)}]");
    expect(rhs("y ~ I(log(x)^2)")).toBe("{I(log(x)^2)}");
  });
  it("reads backticked names", () => {
    expect(rhs("y ~ `my var` + `a`")).toBe("[`my var` + a]");
  });
  it("reads random terms lme4 style", () => {
    expect(rhs("y ~ x + (1 + t | g)")).toBe("[x + <[1 + t] | g>]");
    expect(rhs("y ~ (t | g)")).toBe("<t | g>");
    expect(rhs("y ~ (0 + t | g)")).toBe("<[0 + t] | g>");
    expect(rhs("y ~ (t || g)")).toBe("<t || g>");
    expect(rhs("y ~ (1 | site/subject)")).toBe("<1 | site/subject>");
    expect(rhs("y ~ (x | a:b)")).toBe("<x | a:b>");
    expect(rhs("y ~ (1 | a/b:c)")).toBe("<1 | a/b:c>");
  });
  it("reads residual covariance terms", () => {
    for (const s of ["us", "cs", "csh", "ar1", "ar1h", "ad", "adh", "toep", "toeph"]) {
      expect(rhs(`y ~ a + ${s}(AVISIT | USUBJID)`)).toBe(`[a + <${s} AVISIT | USUBJID>]`);
    }
    expect(rhs("y ~ us(AVISIT | ARMCD / USUBJID)")).toBe("<us AVISIT | ARMCD/USUBJID>");
    expect(rhs("y ~ sp_exp(c1, c2 | subject)")).toBe("<sp_exp c1,c2 | subject>");
    const node = parseFormula("y ~ x + ar1(t|s)").rhs;
    expect(node.kind === "sum" && node.right.kind === "residual" && node.right.text).toBe("ar1(t|s)");
  });
});

describe("parseFormula: syntax errors name the position and what was expected", () => {
  it("an unclosed parenthesis", () => {
    expect(syntaxError("y ~ a + (1 | g")).toBe('formula syntax error at position 15: expected ")" to close "(" opened at position 9, found the end of the formula in "y ~ a + (1 | g"');
  });
  it("a missing response or tilde", () => {
    expect(syntaxError("~ a")).toMatch(/^formula syntax error at position 1: expected the response column before "~"/);
    expect(syntaxError("y a")).toMatch(/^formula syntax error at position 3: expected "~" after the response column, found "a"/);
    expect(syntaxError("log(y) ~ a")).toMatch(/position 4: expected "~" after the response; the response must be a column name/);
  });
  it("a dangling operator and a stray parenthesis", () => {
    expect(syntaxError("y ~ a +")).toMatch(/position 8: expected a column name, a function, "\(" or 1, found the end of the formula/);
    expect(syntaxError("y ~ a)")).toMatch(/position 6: found "\)" with no matching "\("/);
    expect(syntaxError("y ~ a b")).toMatch(/position 7: expected "\+", "-", "\*", ":" or the end of the formula, found "b"/);
  });
  it("unknown functions, bad numbers and characters", () => {
    expect(syntaxError("y ~ foo(x)")).toMatch(/position 5: unknown function "foo"; use one of I, log, exp/);
    expect(syntaxError("y ~ factor(x)")).toMatch(/factor\(\) is not supported; list the column in the spec's "factors" instead/);
    expect(syntaxError("y ~ 2 + x")).toMatch(/position 5: found the number 2; only 1 \(intercept\) and 0/);
    expect(syntaxError("y ~ poly(x, 0)")).toMatch(/position 13: expected the degree of poly\(\) \(a whole number of at least 1\), found "0"/);
    expect(syntaxError("y ~ ns(x)")).toMatch(/position 9: expected "," after the first argument of ns\(\)/);
    expect(syntaxError('y ~ "a"')).toMatch(/position 5: unexpected character """ \(quotes are not used in formulas/);
    expect(syntaxError("y ~ a $ b")).toMatch(/position 7: unexpected character "\$"/);
  });
  it("malformed random and residual terms", () => {
    expect(syntaxError("y ~ (1 | )")).toMatch(/position 10: expected a grouping column after "\|", found "\)"/);
    expect(syntaxError("y ~ us(AVISIT, X | USUBJID)")).toMatch(/position 14: us\(\) takes one time column; only sp_exp\(\) takes several/);
    expect(syntaxError("y ~ ar1(AVISIT)")).toMatch(/position 15: expected "\|" between the time and the subject in ar1\(\)/);
  });
  it("an empty formula", () => {
    expect(() => parseFormula("  ")).toThrow(/the formula is empty/);
  });
});
