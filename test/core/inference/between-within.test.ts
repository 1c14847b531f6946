/**
 * Between–within df (src-core/inference/between-within.ts).
 *
 * Sources and tolerances (df are integers, so compared exactly):
 *   - nlme::lme: test/core/inference/r/between-within.out, written by between-within.R. nlme assigns each term
 *     the df of the level at which it changes, the rule SAS's DDFM=BETWITHIN follows for a single subject
 *     level (SAS/STAT User's Guide, MIXED, MODEL statement, DDFM=BETWITHIN). Every term except the intercept
 *     must match: nlme gives the intercept the within df, SAS the between df (it does not change within a
 *     subject), and Longitude follows SAS.
 *   - SAS's exception for an unstructured R-side covariance with no RANDOM statement: every term gets the
 *     between df, here 197 subjects − rank 5 of the between-subject columns = 192.
 *   - The t and F p-values use these df: checked through the coefficient table's t and p.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitModel, frameFromRecords, type AnalysisSpec } from "../../../src-core/index.js";
import { tTwoSided } from "../../../src-core/inference/distributions.js";
import { readData } from "../../../src-main/io/read-data.js";
import type { DataFrame } from "../../../src-core/data/frame.js";

const frames = new Map<string, DataFrame>();
for (const name of ["fev_data.csv", "sleepstudy.csv", "orthodont.csv"]) frames.set(name, await readData(new URL(`../../reference/data/${name}`, import.meta.url).pathname));
const data = (name: string): DataFrame => frames.get(name)!;

/** nlme's df by case: terms and coefficients. */
function nlmeDf(): Record<string, { term: Record<string, number>; coef: Record<string, number> }> {
  const out: Record<string, { term: Record<string, number>; coef: Record<string, number> }> = {};
  let cur = "";
  for (const line of readFileSync(new URL("r/between-within.out", import.meta.url), "utf8").split("\n")) {
    const head = /^## (\S+)/.exec(line);
    if (head) { cur = head[1]; out[cur] = { term: {}, coef: {} }; continue; }
    const t = /^term (.+) numDF \d+ denDF (\d+)$/.exec(line);
    if (t) out[cur].term[t[1]] = Number(t[2]);
    const c = /^coef (.+) DF (\d+)$/.exec(line);
    if (c) out[cur].coef[c[1]] = Number(c[2]);
  }
  return out;
}
const R = nlmeDf();

/** case, data, spec, and the between df S − r_b (subjects minus the between-subject columns, intercept included) */
const cases: [string, string, AnalysisSpec, number][] = [
  ["orthodont", "orthodont.csv", { formula: "distance ~ age + Sex + (1 | Subject)", ddf: "between-within" }, 27 - 2],
  ["sleepstudy", "sleepstudy.csv", { formula: "Reaction ~ Days + (Days | Subject)", ddf: "between-within" }, 18 - 1],
  ["fev", "fev_data.csv", { formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + (1 | USUBJID)", ddf: "between-within" }, 197 - 5],
];

describe("between-within df against nlme", () => {
  for (const [name, file, spec, between] of cases) {
    it(`${name}: every term but the intercept as nlme; the intercept gets the between df (SAS)`, () => {
      const fit = fitModel(data(file), spec);
      expect(fit.ddf).toBe("between-within");
      const r = R[name];
      for (const row of fit.type3) expect([row.term, row.denDF]).toEqual([row.term, r.term[row.term]]);
      expect(fit.type3.length).toBe(Object.keys(r.term).length - 1);
      for (const c of fit.coefficients) {
        const want = c.name === "(Intercept)" ? between : r.coef[c.name];
        expect([c.name, c.df]).toEqual([c.name, want]);
        expect(c.p).toBeCloseTo(tTwoSided(c.t, want), 12);
      }
    });
  }

  it("an LS mean or difference takes the smallest df among the terms it involves", () => {
    const fit = fitModel(data("fev_data.csv"), {
      formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + (1 | USUBJID)",
      ddf: "between-within",
      lsmeans: { specs: ["ARMCD"], by: ["AVISIT"], pairwise: true },
    });
    // an LS mean involves the intercept (between, 192) and the visit terms (within, 334)
    for (const m of fit.lsmeans) expect(m.df).toBe(192);
    // TRT − PBO at VIS1 involves ARMCDTRT only (between); at later visits also ARMCDTRT:AVISIT (within)
    expect(fit.contrasts.map((c) => c.df)).toEqual([192, 192, 192, 192]);
  });
});

describe("between-within df: SAS's rules beyond nlme", () => {
  it("unstructured R-side covariance only: every term gets the between df 197 − 5 = 192", () => {
    const fit = fitModel(data("fev_data.csv"), { formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)", ddf: "between-within" });
    expect(new Set(fit.coefficients.map((c) => c.df))).toEqual(new Set([192]));
    expect(new Set(fit.type3.map((c) => c.denDF))).toEqual(new Set([192]));
  });

  it("compound symmetry: within terms get N − S − (p − r_b) = 537 − 197 − 6 = 334, between terms 192", () => {
    const fit = fitModel(data("fev_data.csv"), { formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + cs(AVISIT | USUBJID)", ddf: "between-within" });
    expect(Object.fromEntries(fit.type3.map((r) => [r.term, r.denDF]))).toEqual({ RACE: 192, SEX: 192, ARMCD: 192, AVISIT: 334, "ARMCD:AVISIT": 334 });
    expect(fit.diagnostics.warnings.filter((w) => w.includes("between-within"))).toEqual([]);
  });

  it("two different within-subject factors: warns that SAS partitions the within df further", () => {
    const rows = [];
    for (let s = 0; s < 8; s++)
      for (const a of ["a1", "a2"]) for (const b of ["b1", "b2"]) rows.push({ id: `s${s}`, A: a, B: b, y: s * 0.7 + (a === "a2" ? 1 : 0) + (b === "b2" ? 0.5 : 0) + Math.sin(s * 4 + a.length + b.charCodeAt(1)) });
    const fit = fitModel(frameFromRecords(Object.keys(rows[0]), rows), { formula: "y ~ A + B + (1 | id)", ddf: "between-within" });
    // S = 8 subjects, N = 32, between rank 1 (intercept): between 7, within 32 − 8 − 2 = 22
    expect(fit.coefficients.map((c) => c.df)).toEqual([7, 22, 22]);
    expect(fit.diagnostics.warnings).toContain(
      "between-within: SAS partitions the within-subject df over the subject-by-effect interactions (A, B); Longitude gives every within-subject term the unpartitioned 22 df",
    );
  });

  it("no subject to split at: a clear warning and residual df", () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ x: i, y: 2 * i + Math.cos(i) }));
    const fit = fitModel(frameFromRecords(Object.keys(rows[0]), rows), { formula: "y ~ x", ddf: "between-within" });
    expect(fit.ddf).toBe("residual");
    expect(fit.coefficients.map((c) => c.df)).toEqual([8, 8]);
    expect(fit.diagnostics.warnings).toContain("between-within df need a subject (a random effect or a residual covariance term): df are residual (N − rank X)");
  });
});
