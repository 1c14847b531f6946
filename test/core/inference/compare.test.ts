/**
 * Model comparison (src-core/inference/compare.ts).
 *
 * Source: test/core/inference/r/compare.out, written by compare.R (lme4 and nlme fits of the same models; the
 * mixture p-value computed there by hand as ½P(χ²_k > LR) + ½P(χ²_{k+1} > LR)). Our fits reach R's optima
 * within about 1e-6 on −2 log L (tolerances: 2e-5 absolute on −2 log L and on LR, 1e-4 relative on p).
 * AIC, AICc and BIC follow SAS (covariance parameters only under REML, BIC with the number of subjects) and
 * are checked against that definition from R's −2 log L.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FALLBACK_ORDER, compareStructures, likelihoodRatioTest } from "../../../src-core/inference/compare.js";
import { LongitudeError } from "../../../src-core/errors.js";
import { readData } from "../../../src-main/io/read-data.js";

const data = (name: string) => readData(new URL(`../../reference/data/${name}`, import.meta.url).pathname);
const sleep = await data("sleepstudy.csv");
const fev = await data("fev_data.csv");

/** compare.out: each line "key name value name value …". */
const R: Record<string, Record<string, number>> = {};
for (const line of readFileSync(new URL("r/compare.out", import.meta.url), "utf8").trim().split("\n")) {
  const [key, ...rest] = line.split(" ");
  const id = key === "structure" ? `structure ${rest.shift()}` : key;
  R[id] = {};
  for (let i = 0; i < rest.length; i += 2) R[id][rest[i]] = Number(rest[i + 1]);
}
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("likelihood-ratio tests against R", () => {
  it("random slope (1 | Subject) vs (Days | Subject), REML: LR, χ²_2 p and the ½χ²_1 + ½χ²_2 mixture p", () => {
    const t = likelihoodRatioTest(sleep, { formula: "Reaction ~ Days + (Days | Subject)" }, { formula: "Reaction ~ Days + (1 | Subject)" }, ["slope", "intercept"]);
    const r = R.slope;
    expect(t.models.map((m) => m.label)).toEqual(["intercept", "slope"]); // ordered smaller first
    expect(t.refit).toBeNull();
    expect(t.df).toBe(2);
    expect(Math.abs(t.models[0].m2logLik - r.m2ll0)).toBeLessThan(2e-5);
    expect(Math.abs(t.models[1].m2logLik - r.m2ll1)).toBeLessThan(2e-5);
    expect(Math.abs(t.statistic - r.LR)).toBeLessThan(2e-5);
    expect(relErr(t.p, r.p)).toBeLessThan(1e-4);
    expect(t.boundary?.dfs).toEqual([1, 2]);
    expect(relErr(t.boundary!.p, r.pmix)).toBeLessThan(1e-4);
    expect(t.warnings).toEqual([]);
  });

  it("uncorrelated slope (Days || Subject): ½χ²_0 + ½χ²_1", () => {
    const t = likelihoodRatioTest(sleep, { formula: "Reaction ~ Days + (1 | Subject)" }, { formula: "Reaction ~ Days + (Days || Subject)" });
    const r = R.diagslope;
    expect(t.df).toBe(1);
    expect(Math.abs(t.statistic - r.LR)).toBeLessThan(2e-5);
    expect(relErr(t.p, r.p)).toBeLessThan(1e-4);
    expect(t.boundary?.dfs).toEqual([0, 1]);
    expect(relErr(t.boundary!.p, r.pmix)).toBeLessThan(1e-4);
  });

  it("different fixed effects: both refitted by ML (nlme::gls ML), no boundary reference", () => {
    const t = likelihoodRatioTest(
      fev,
      { formula: "FEV1 ~ ARMCD + AVISIT + cs(AVISIT | USUBJID)", method: "REML" },
      { formula: "FEV1 ~ ARMCD * AVISIT + cs(AVISIT | USUBJID)", method: "REML" },
    );
    const r = R.fixed;
    expect(t.refit).toBe("ML");
    expect(t.models.map((m) => m.method)).toEqual(["ML", "ML"]);
    expect(t.df).toBe(3);
    expect(Math.abs(t.models[0].m2logLik - r.m2ll0)).toBeLessThan(2e-5);
    expect(Math.abs(t.models[1].m2logLik - r.m2ll1)).toBeLessThan(2e-5);
    expect(relErr(t.p, r.p)).toBeLessThan(1e-4);
    expect(t.boundary).toBeNull();
    expect(t.warnings).toEqual(["the fixed effects differ: both models were refitted by ML (REML likelihoods of different fixed effects are not comparable)"]);
  });

  it("residual structures cs within us: REML, df 10 − 2 = 8, no refit", () => {
    const t = likelihoodRatioTest(fev, { formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + cs(AVISIT | USUBJID)" }, { formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)" });
    expect(t.df).toBe(8);
    expect(Math.abs(t.statistic - (R["structure cs"].m2ll - R["structure us"].m2ll))).toBeLessThan(4e-5);
    expect(t.boundary).toBeNull();
  });
});

describe("likelihood-ratio tests: bad input", () => {
  const fails = (f: () => unknown, message: string) => {
    expect(f).toThrow(LongitudeError);
    expect(f).toThrow(message);
  };
  it("models that are not nested", () => {
    fails(
      () => likelihoodRatioTest(fev, { formula: "FEV1 ~ ARMCD + cs(AVISIT | USUBJID)", method: "ML" }, { formula: "FEV1 ~ SEX + AVISIT + cs(AVISIT | USUBJID)", method: "ML" }, ["A", "B"]),
      "the fixed effects of A are not contained in those of B: the models are not nested",
    );
    fails(
      () => likelihoodRatioTest(fev, { formula: "FEV1 ~ ARMCD + csh(AVISIT | USUBJID)" }, { formula: "FEV1 ~ ARMCD + toep(AVISIT | USUBJID)" }, ["A", "B"]),
      "the covariance model of B is not a special case of that of A: the models are not nested",
    );
  });
  it("the same number of parameters", () => {
    fails(() => likelihoodRatioTest(fev, { formula: "FEV1 ~ ARMCD + ar1(AVISIT | USUBJID)" }, { formula: "FEV1 ~ ARMCD + cs(AVISIT | USUBJID)" }), "both models have 2 parameters");
  });
  it("different observations (a covariate missing in one model only)", () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ id: `s${i % 10}`, x: i % 7 === 0 ? null : i, y: i * 0.3 + Math.sin(i) }));
    const names = ["id", "x", "y"];
    const frame = { nrow: rows.length, names, columns: { id: { kind: "character" as const, values: rows.map((r) => r.id) }, x: { kind: "numeric" as const, values: Float64Array.from(rows, (r) => r.x ?? NaN) }, y: { kind: "numeric" as const, values: Float64Array.from(rows, (r) => r.y) } } };
    fails(() => likelihoodRatioTest(frame, { formula: "y ~ 1 + (1 | id)" }, { formula: "y ~ x + (1 | id)" }), "the two models use different observations (30 and 25 rows)");
  });
  it("different methods", () => {
    fails(() => likelihoodRatioTest(sleep, { formula: "Reaction ~ Days + (1 | Subject)", method: "ML" }, { formula: "Reaction ~ Days + (Days | Subject)" }), "the two models use different methods (ML and REML)");
  });
});

describe("information criteria over residual structures (fev, REML) against nlme::gls", () => {
  const table = compareStructures(fev, { formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)", ddf: "kenward-roger" });
  const nparOf: Record<string, number> = { us: 10, toeph: 7, ar1h: 5, csh: 5, toep: 4, ar1: 2, cs: 2 };

  it("fits every structure in the fallback order; −2 log L as R; AIC, AICc, BIC by SAS's definitions", () => {
    expect(table.rows.map((r) => r.structure)).toEqual([...FALLBACK_ORDER]);
    for (const row of table.rows) {
      const r = R[`structure ${row.structure}`];
      expect(row.converged).toBe(true);
      expect(row.npar).toBe(nparOf[row.structure]);
      expect([row.structure, Math.abs(row.m2logLik - r.m2ll) < 2e-5]).toEqual([row.structure, true]);
      const d = row.npar, n = 537 - 11; // REML: N − p
      expect(row.aic).toBeCloseTo(r.m2ll + 2 * d, 4);
      expect(row.aicc).toBeCloseTo(r.m2ll + (2 * d * n) / (n - d - 1), 4);
      expect(row.bic).toBeCloseTo(r.m2ll + d * Math.log(197), 4);
    }
  });

  it("the fallback is the first that converges (us); the smallest AIC and BIC are R's", () => {
    expect(table.fallback).toBe("us");
    const rAic = FALLBACK_ORDER.map((s) => [s, R[`structure ${s}`].m2ll + 2 * nparOf[s]] as const).reduce((a, b) => (b[1] < a[1] ? b : a))[0];
    const rBic = FALLBACK_ORDER.map((s) => [s, R[`structure ${s}`].m2ll + nparOf[s] * Math.log(197)] as const).reduce((a, b) => (b[1] < a[1] ? b : a))[0];
    expect([table.bestAic, table.bestBic]).toEqual([rAic, rBic]);
  });

  it("a structure that cannot be fitted is listed with its message and skipped by the fallback", () => {
    // 8 subjects cannot carry the 10 parameters of us over 4 visits
    const few = { ...fev, columns: { ...fev.columns } };
    const keep = (fev.columns.USUBJID.values as (string | null)[]).map((s) => /^PT[1-8]$/.test(s ?? ""));
    const sub = Object.fromEntries(
      Object.entries(fev.columns).map(([k, c]) => [k, c.kind === "numeric" ? { kind: "numeric" as const, values: c.values.filter((_, i) => keep[i]) } : { kind: "character" as const, values: c.values.filter((_, i) => keep[i]) }]),
    );
    const t = compareStructures({ ...few, nrow: keep.filter(Boolean).length, columns: sub }, { formula: "FEV1 ~ AVISIT + us(AVISIT | USUBJID)" }, ["us", "cs"]);
    expect(t.rows[0].converged).toBe(false);
    expect(t.rows[0].message).toMatch(/^only 8 subjects for 10 covariance parameters in us\(AVISIT \| USUBJID\)/);
    expect(t.rows[1].message).toBeNull();
    expect(t.fallback).toBe("cs");
  });

  it("bad input: no residual term, unknown structure", () => {
    expect(() => compareStructures(sleep, { formula: "Reaction ~ Days + (1 | Subject)" })).toThrow(
      "comparing residual structures needs a residual covariance term in the formula, such as us(AVISIT | USUBJID)",
    );
    expect(() => compareStructures(fev, { formula: "FEV1 ~ AVISIT + us(AVISIT | USUBJID)" }, ["us", "unstructured" as never])).toThrow('unknown residual structure "unstructured"');
  });
});
