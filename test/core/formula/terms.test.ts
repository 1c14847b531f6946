import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LongitudeError } from "../../../src-core/errors.js";
import { formulaTerms } from "../../../src-core/formula/terms.js";

// Expected term labels and intercepts: R 4.2.2 terms.formula(); see r/terms.R.
const ref = JSON.parse(readFileSync(new URL("./r/terms.json", import.meta.url), "utf8")) as { formula: string[]; terms: string[]; intercept: boolean[] }[];

describe("fixed-term expansion as R's terms.formula", () => {
  for (const r of ref) {
    it(r.formula[0], () => {
      const m = formulaTerms(r.formula[0]);
      expect(m.fixed.terms.map((t) => t.label)).toEqual(r.terms);
      expect(m.fixed.intercept).toBe(r.intercept[0]);
    });
  }
  it("lists each term's variables and every variable's columns", () => {
    const m = formulaTerms("y ~ poly(x, 2) * a + I(z / w)");
    expect(m.fixed.terms.map((t) => t.variables)).toEqual([["poly(x, 2)"], ["a"], ["I(z/w)"], ["poly(x, 2)", "a"]]);
    expect(m.fixed.variables.map((v) => [v.label, v.column, v.columns])).toEqual([
      ["poly(x, 2)", null, ["x"]], ["a", "a", ["a"]], ["I(z/w)", null, ["z", "w"]],
    ]);
  });
});

describe("random and residual terms", () => {
  it("separates random terms from the fixed part, with their own expansion", () => {
    const m = formulaTerms("Reaction ~ Days + (Days | Subject)");
    expect(m.fixed.terms.map((t) => t.label)).toEqual(["Days"]);
    expect(m.random).toHaveLength(1);
    const r = m.random[0];
    expect([r.effects.intercept, r.effects.terms.map((t) => t.label), r.group, r.groupLabel, r.diagonal]).toEqual([true, ["Days"], ["Subject"], "Subject", false]);
    expect(formulaTerms("y ~ (0 + t | g)").random[0].effects.intercept).toBe(false);
    expect(formulaTerms("y ~ (1 | g)").random[0].effects.terms).toEqual([]);
    expect(formulaTerms("y ~ (t || g)").random[0].diagonal).toBe(true);
  });
  it("expands nesting (1 | site/subject) into site and site:subject, and keeps a:b as one grouping", () => {
    const m = formulaTerms("y ~ (1 | site/subject) + (x | a:b)");
    expect(m.random.map((r) => [r.groupLabel, r.group])).toEqual([["site", ["site"]], ["site:subject", ["site", "subject"]], ["a:b", ["a", "b"]]]);
  });
  it("normalises the residual term", () => {
    const m = formulaTerms("FEV1 ~ ARMCD * AVISIT + us(AVISIT | ARMCD / USUBJID)");
    expect(m.residual).toEqual({ structure: "us", time: ["AVISIT"], group: "ARMCD", subject: "USUBJID", text: "us(AVISIT | ARMCD / USUBJID)" });
    expect(formulaTerms("y ~ x + sp_exp(c1, c2 | s)").residual).toMatchObject({ structure: "sp_exp", time: ["c1", "c2"], group: null, subject: "s" });
    expect(m.fixed.terms.map((t) => t.label)).toEqual(["ARMCD", "AVISIT", "ARMCD:AVISIT"]);
  });
  it("refuses two residual terms, and random terms inside products", () => {
    const err = (f: string): LongitudeError => { try { formulaTerms(f); } catch (e) { return e as LongitudeError; } throw new Error("no error"); };
    const two = err("y ~ x + us(t | s) + ar1(t | s)");
    expect(two.code).toBe("formula-syntax");
    expect(two.message).toBe('formula syntax error at position 21: the formula has two covariance terms, us(t | s) at position 9 and ar1(t | s); keep only one in "y ~ x + us(t | s) + ar1(t | s)"');
    expect(err("y ~ x * (1 | g)").message).toMatch(/position 9: the random-effects term \(1 \| g\) can only be added to the model with "\+"/);
    expect(err("y ~ x - (1 | g)").message).toMatch(/position 7: the term \(1 \| g\) can only be added with "\+", not removed/);
    expect(err("y ~ x:1").message).toMatch(/position 6: ":" cannot combine 0 or 1 with a term/);
  });
});
