import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildDesign } from "../../../src-core/design/index.js";
import { LongitudeError } from "../../../src-core/errors.js";
import { fitModel, type AnalysisSpec, type FitResult } from "../../../src-core/index.js";
import type { Estimable } from "../../../src-core/inference/hypothesis.js";
import { type LsmeanFunctions, lsmeanFunctions } from "../../../src-core/inference/lsmeans.js";
import { choleskyInPlace, solveCholesky } from "../../../src-core/linalg/cholesky.js";
import type { LsmeansSpec } from "../../../src-core/spec.js";
import { readData } from "../../../src-main/io/read-data.js";

const fev = await readData(new URL("../../reference/data/fev_data.csv", import.meta.url).pathname);

/** β̂ and its covariance C, in the design's coefficient order. */
interface Moments { b: readonly number[]; V: readonly (readonly number[])[] }
const moments = (fit: FitResult): Moments => ({ b: fit.coefficients.map((c) => c.estimate), V: fit.vcov });

/** lᵀβ̂ and sqrt(lᵀ C l). */
function estimate(m: Moments, l: Float64Array): { est: number; se: number } {
  const p = l.length;
  let est = 0;
  let v = 0;
  for (let i = 0; i < p; i++) {
    est += l[i] * m.b[i];
    for (let j = 0; j < p; j++) v += l[i] * m.V[i][j] * l[j];
  }
  return { est, se: Math.sqrt(v) };
}

/** The Wald F = (Lβ̂)ᵀ (L C Lᵀ)⁻¹ (Lβ̂) / rows. */
function waldF(m: Moments, L: Float64Array, rows: number): number {
  const p = m.b.length;
  const Lr = Array.from({ length: rows }, (_, i) => L.subarray(i * p, (i + 1) * p));
  const Lb = Float64Array.from(Lr, (r) => estimate(m, r).est);
  const M = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < rows; j++) {
      let s = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += Lr[i][a] * m.V[a][b] * Lr[j][b];
      M[i * rows + j] = s;
    }
  }
  expect(choleskyInPlace(M, rows)).toBe(true);
  const x = Float64Array.from(Lb);
  solveCholesky(M, rows, x);
  return Lb.reduce((s, v, i) => s + v * x[i], 0) / rows;
}

/** Rank of a rows × p matrix by Gaussian elimination with partial pivoting. */
function rank(L: Float64Array, rows: number, p: number): number {
  const a = Array.from({ length: rows }, (_, i) => Array.from(L.subarray(i * p, (i + 1) * p)));
  let r = 0;
  for (let c = 0; c < p && r < rows; c++) {
    let piv = r;
    for (let i = r + 1; i < rows; i++) if (Math.abs(a[i][c]) > Math.abs(a[piv][c])) piv = i;
    if (Math.abs(a[piv][c]) < 1e-10) continue;
    [a[r], a[piv]] = [a[piv], a[r]];
    for (let i = r + 1; i < rows; i++) { const f = a[i][c] / a[r][c]; for (let j = c; j < p; j++) a[i][j] -= f * a[r][j]; }
    r++;
  }
  return r;
}

const keyOf = (levels: Readonly<Record<string, string>>): string => Object.entries(levels).map(([k, v]) => `${k}=${v}`).join(",");

describe("LS means against SAS PROC MIXED (UN MMRM on fev_data)", () => {
  // test/reference/expected/sas_fev_mmrm_us_satterthwaite.json: SAS's LSMEANS ARMCD*AVISIT and the TRT − PBO
  // differences per visit, printed to 4 decimals. Tolerance 1e-4 (a fully converged fit differs from SAS's
  // stopping point by up to about 1e-4; see ARCHITECTURE.md) plus 5e-5 for SAS's rounding. Measured: LS means
  // within 9.4e-5 (estimates) and 6.3e-5 (SEs), differences within 1.24e-4 and 6.1e-5. These come from SAS's
  // stopping point, not from the functions: SAS's ARMCDTRT (the VIS1 difference) is 3.7745, nlme's 3.77440
  // (test/reference/r/fev-un-nlme.out).
  const sas = JSON.parse(readFileSync(new URL("../../reference/expected/sas_fev_mmrm_us_satterthwaite.json", import.meta.url), "utf8")) as {
    spec: AnalysisSpec & { lsmeans: LsmeansSpec };
    expected: {
      lsmeans: { levels: Record<string, string>; estimate: number; se: number }[];
      contrasts: { levels: Record<string, string>; contrast: string; estimate: number; se: number }[];
    };
  };
  const fit = fitModel(fev, sas.spec);
  const design = buildDesign(fev, sas.spec);
  const fns = lsmeanFunctions(design, sas.spec.lsmeans);
  const tol = 1e-4 + 5e-5;

  it("reproduces SAS's LS means by ARMCD and AVISIT, in model order", () => {
    expect(fit.converged).toBe(true);
    expect(fns.lsmeans.map((e) => keyOf(e.levels))).toEqual(
      ["VIS1", "VIS2", "VIS3", "VIS4"].flatMap((v) => ["PBO", "TRT"].map((a) => `ARMCD=${a},AVISIT=${v}`)),
    );
    expect(fns.lsmeans.every((e) => e.label === undefined)).toBe(true);
    for (const row of sas.expected.lsmeans) {
      const e = fns.lsmeans.find((x) => x.levels.ARMCD === row.levels.ARMCD && x.levels.AVISIT === row.levels.AVISIT)!;
      const got = estimate(moments(fit), e.l);
      expect(Math.abs(got.est - row.estimate)).toBeLessThan(tol);
      expect(Math.abs(got.se - row.se)).toBeLessThan(tol);
    }
  });

  it('reproduces SAS\'s differences per visit, labelled "TRT - PBO"', () => {
    expect(fns.differences.map((d) => `${d.label}|${keyOf(d.levels)}`)).toEqual(["VIS1", "VIS2", "VIS3", "VIS4"].map((v) => `TRT - PBO|AVISIT=${v}`));
    for (const row of sas.expected.contrasts) {
      const d = fns.differences.find((x) => x.levels.AVISIT === row.levels.AVISIT)!;
      expect(d.label).toBe(row.contrast);
      const got = estimate(moments(fit), d.l);
      expect(Math.abs(got.est - row.estimate)).toBeLessThan(tol);
      expect(Math.abs(got.se - row.se)).toBeLessThan(tol);
    }
  });
});

/**
 * Cross-check with emmeans on nlme::gls fits of the same models: r/lsmeans.R, output in r/lsmeans.out
 * (R 4.2.2, nlme 3.1.162, emmeans 1.8.4.1). Each case is checked twice:
 * - with R's own β̂ and vcov (printed to 17 digits): this isolates the estimable functions, so the only
 *   error left is emmeans' printing to 10 significant digits; tolerance EXACT = 1e-9 relative;
 * - with Longitude's fit: nlme stops a little short of the REML optimum (its −2 REML log L is 4e-8 above
 *   Longitude's, whose relative gradient is below 1e-15), and the covariance parameters, flat near the optimum,
 *   differ by more than the log-likelihood suggests: measured, the LS means, differences, contrasts, SEs and
 *   slice F differ by at most 6.2e-6 relative (UN; 2.5e-6 for CS), nearly all of it in the SEs. Tolerance
 *   FIT = 2e-5 relative: three times the largest difference measured, and more than 100 times below the
 *   differences between weightings.
 */
const R = new Map<string, [number, number]>();
const rFits = new Map<string, { names: string[]; b: number[]; V: number[][] }>();
const m2ll: number[] = [];
for (const line of readFileSync(new URL("./r/lsmeans.out", import.meta.url), "utf8").split("\n")) {
  const ll = /-2 REML log L ([\d.]+)/.exec(line);
  if (ll) m2ll.push(Number(ll[1]));
  if (line === "" || line.startsWith("#")) continue;
  const [model, weights, kind, key, a, b] = line.split("\t");
  if (weights === "fit") {
    const f = rFits.get(model) ?? { names: [], b: [], V: [] };
    rFits.set(model, f);
    if (kind === "coef") { f.names.push(key); f.b.push(Number(a)); } else f.V.push(a.split(",").map(Number));
  } else R.set(`${model} ${weights} ${kind} ${key}`, [Number(a), Number(b)]);
}
const EXACT = 1e-9;
const FIT = 2e-5;

/** R's β̂ and vcov in the order of the design's coefficients (matched by name). */
function rMoments(model: string, coefNames: readonly string[]): Moments {
  const f = rFits.get(model)!;
  expect([...f.names].sort()).toEqual([...coefNames].sort());
  const at = coefNames.map((n) => f.names.indexOf(n));
  return { b: at.map((i) => f.b[i]), V: at.map((i) => at.map((j) => f.V[i][j])) };
}

/**
 * Compares every function in `fns`, evaluated at β̂ and C from `m`, with emmeans' numbers at relative
 * tolerance `tol`; returns the largest relative difference. Also checks that every emmeans number printed
 * for this model and weighting was compared.
 */
function compareWithR(model: string, m: Moments, fns: LsmeanFunctions, weights: string, tol: number): number {
  let worst = 0;
  let compared = 0;
  const rel = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);
  const check = (kind: string, key: string, e: Estimable, sign = 1): void => {
    const want = R.get(`${model} ${weights} ${kind} ${key}`);
    expect(want, `${model} ${weights} ${kind} ${key}`).toBeDefined();
    const got = estimate(m, e.l);
    const err = Math.max(rel(sign * got.est, want![0]), rel(got.se, want![1]));
    expect(err, `${kind} ${key}: ${got.est} ${got.se} vs ${want}`).toBeLessThanOrEqual(tol);
    worst = Math.max(worst, err);
    compared += 2;
  };
  for (const e of fns.lsmeans) check("emmean", keyOf(e.levels), e);
  for (const d of fns.differences) {
    // emmeans lists combinations with the first factor varying fastest, Longitude with it varying slowest, so
    // for several specs factors emmeans' "later - earlier" pair can be Longitude's pair the other way round.
    const key = `${d.label}|${keyOf(d.levels)}`;
    const [later, earlier] = d.label!.split(" - ");
    if (R.has(`${model} ${weights} diff ${key}`)) check("diff", key, d);
    else check("diff", `${earlier} - ${later}|${keyOf(d.levels)}`, d, -1);
  }
  for (const c of fns.contrasts) check("contrast", `${c.label}|${keyOf(c.levels)}`, c);
  for (const s of fns.slices) {
    const want = R.get(`${model} ${weights} slice ${s.term}|${keyOf(s.levels!)}`)!;
    expect(s.rows).toBe(want[1]);
    const err = rel(waldF(m, s.L, s.rows), want[0]);
    expect(err, `slice ${keyOf(s.levels!)}`).toBeLessThanOrEqual(tol);
    worst = Math.max(worst, err);
    compared++;
  }
  const keys = [...R.keys()].filter((k) => k.startsWith(`${model} ${weights} `) && !k.includes(" joint "));
  expect(compared).toBe(keys.length * 2 - fns.slices.length);
  return worst;
}

/** Builds the functions for `spec` and compares them with emmeans using R's fit and Longitude's fit. */
function bothFits(model: string, fit: FitResult, formula: string, spec: LsmeansSpec): void {
  const design = buildDesign(fev, { formula });
  const fns = lsmeanFunctions(design, spec, fev);
  const w = spec.weights ?? "equal";
  expect(compareWithR(model, rMoments(model.replace(/-.*/, ""), design.coefNames), fns, w, EXACT)).toBeLessThan(EXACT);
  expect(compareWithR(model, moments(fit), fns, w, FIT)).toBeLessThan(FIT);
}

describe("LS means against emmeans: UN MMRM with a baseline covariate, averaged over RACE and SEX", () => {
  const formula = "FEV1 ~ FEV1_BL + RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)";
  // emmeans works on nlme's optimum; without "optimum" this unstructured MMRM would stop where SAS stops.
  const fit = fitModel(fev, { formula, method: "REML", ddf: "satterthwaite", convergence: "optimum" });
  const contrasts = [{ label: "2 TRT - PBO/2", weights: { TRT: 2, PBO: -0.5 } }];
  const spec = (weights: "equal" | "proportional"): LsmeansSpec => ({ specs: ["ARMCD"], by: ["AVISIT"], pairwise: true, slices: true, weights, contrasts });

  it("fits the same REML optimum as nlme::gls", () => {
    expect(fit.converged).toBe(true);
    // Longitude's optimum is at least as good as nlme's (R prints −2 log L to 10 decimals).
    expect(fit.m2logLik - m2ll[0]).toBeLessThan(1e-9);
    expect(fit.m2logLik - m2ll[0]).toBeGreaterThan(-1e-6);
  });
  it("equal weights: LS means, differences, contrast and slices as emmeans", () => {
    bothFits("us", fit, formula, spec("equal"));
  });
  it("proportional weights: as emmeans weights = \"proportional\" (cell weights = row counts), and not as equal weights", () => {
    bothFits("us", fit, formula, spec("proportional"));
    // The averaged-over factors are unbalanced, so the weightings differ (emmeans: 33.2437 vs 32.9338).
    const eq = R.get("us equal emmean ARMCD=PBO,AVISIT=VIS1")![0];
    const pr = R.get("us proportional emmean ARMCD=PBO,AVISIT=VIS1")![0];
    expect(Math.abs(eq - pr)).toBeGreaterThan(0.3);
  });
});

describe("LS means against emmeans: CS model with two specs factors, covariates only in I() and interactions", () => {
  const formula = "FEV1 ~ ARMCD * SEX + RACE * SEX + AVISIT + I(FEV1_BL^2) + FEV1_BL:AVISIT + cs(AVISIT | USUBJID)";
  const fit = fitModel(fev, { formula, method: "REML", ddf: "satterthwaite" });

  it("fits the same REML optimum as nlme::gls", () => {
    expect(fit.converged).toBe(true);
    expect(fit.m2logLik - m2ll[1]).toBeLessThan(1e-9);
    expect(fit.m2logLik - m2ll[1]).toBeGreaterThan(-1e-6);
  });
  it("ARMCD × SEX by AVISIT (averaged over RACE), both weightings, as emmeans", () => {
    const contrasts: LsmeansSpec["contrasts"] = [
      { label: "interaction", weights: { "PBO:Female": 1, "TRT:Female": -1, "PBO:Male": -1, "TRT:Male": 1 } },
      { label: "TRT Male", weights: { "TRT:Male": 1 } },
    ];
    for (const weights of ["equal", "proportional"] as const) {
      bothFits("cs", fit, formula, { specs: ["ARMCD", "SEX"], by: ["AVISIT"], pairwise: true, slices: true, weights, contrasts });
    }
    const fns = lsmeanFunctions(buildDesign(fev, { formula }), { specs: ["ARMCD", "SEX"], by: ["AVISIT"], pairwise: true });
    // Combinations with the first factor varying slowest; every pair "later - earlier" in that order.
    expect(fns.lsmeans.slice(0, 4).map((e) => keyOf(e.levels))).toEqual(
      ["PBO,SEX=Female", "PBO,SEX=Male", "TRT,SEX=Female", "TRT,SEX=Male"].map((s) => `ARMCD=${s},AVISIT=VIS1`),
    );
    expect(fns.differences.slice(0, 6).map((d) => d.label)).toEqual([
      "PBO:Male - PBO:Female", "TRT:Female - PBO:Female", "TRT:Male - PBO:Female", "TRT:Female - PBO:Male", "TRT:Male - PBO:Male", "TRT:Male - TRT:Female",
    ]);
  });
  it("ARMCD by AVISIT averaged over SEX, RACE and RACE:SEX: proportional uses the joint frequencies (not emmeans' \"outer\")", () => {
    const contrasts = [{ label: "2 TRT - PBO/2", weights: { TRT: 2, PBO: -0.5 } }];
    for (const weights of ["equal", "proportional"] as const) {
      bothFits("cs-armcd", fit, formula, { specs: ["ARMCD"], by: ["AVISIT"], pairwise: true, slices: true, weights, contrasts });
    }
    // emmeans' "outer" (products of the marginal frequencies) differs from "proportional" here by 5.6e-3.
    const outer = R.get("cs-armcd outer emmean ARMCD=PBO,AVISIT=VIS1")![0];
    const prop = R.get("cs-armcd proportional emmean ARMCD=PBO,AVISIT=VIS1")![0];
    expect(Math.abs(outer - prop)).toBeGreaterThan(5e-3);
  });
});

describe("slices", () => {
  const design = buildDesign(fev, { formula: "FEV1 ~ ARMCD * RACE + SEX + AVISIT" });
  it("one hypothesis per by group, rows = combinations − 1, of full row rank", () => {
    const fns = lsmeanFunctions(design, { specs: ["ARMCD", "RACE"], by: ["AVISIT"], slices: true });
    expect(fns.slices.map((s) => [s.term, s.levels!.AVISIT, s.rows])).toEqual(["VIS1", "VIS2", "VIS3", "VIS4"].map((v) => ["ARMCD:RACE", v, 5]));
    for (const s of fns.slices) {
      expect(s.L.length).toBe(s.rows * design.p);
      expect(rank(s.L, s.rows, design.p)).toBe(5);
    }
  });
  it("keeps only independent rows when the LS means are linearly dependent", () => {
    // Without by, specs ARMCD and AVISIT in a model with no ARMCD:AVISIT interaction: 8 LS means span only
    // 1 + 1 + 3 directions (intercept, ARMCD, AVISIT), so the slice has 4 rows, not 7.
    const fns = lsmeanFunctions(design, { specs: ["ARMCD", "AVISIT"], slices: true });
    expect(fns.slices).toHaveLength(1);
    expect(fns.slices[0].rows).toBe(4);
    expect(rank(fns.slices[0].L, 4, design.p)).toBe(4);
    expect(fns.slices[0].levels).toEqual({});
  });
});

describe("bad input", () => {
  const design = buildDesign(fev, { formula: "FEV1 ~ FEV1_BL + RACE + SEX + ARMCD * AVISIT" });
  const fail = (spec: LsmeansSpec, message: string): void => {
    let error: unknown = null;
    try { lsmeanFunctions(design, spec, fev); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(LongitudeError);
    expect((error as LongitudeError).code).toBe("bad-spec");
    expect((error as LongitudeError).message).toBe(message);
  };
  it("a specs or by variable that is not a factor of the model", () => {
    fail({ specs: ["ARM"] }, 'lsmeans specs "ARM" is not a factor in the model\'s fixed effects; the model\'s factors are: RACE, SEX, ARMCD, AVISIT');
    fail({ specs: ["ARMCD"], by: ["FEV1_BL"] }, 'lsmeans by "FEV1_BL" is not a factor in the model\'s fixed effects; the model\'s factors are: RACE, SEX, ARMCD, AVISIT');
    fail({ specs: ["ARMCD"], by: ["ARMCD"] }, 'lsmeans names "ARMCD" more than once in specs and by; name each factor once');
    fail({ specs: [] }, 'lsmeans needs at least one factor in "specs", e.g. { "specs": ["ARMCD"] }');
  });
  it("a custom contrast naming an unknown level", () => {
    fail({ specs: ["ARMCD"], contrasts: [{ label: "T vs P", weights: { TRT: 1, Placebo: -1 } }] }, 'lsmeans contrast "T vs P" names "Placebo", which is not a level of ARMCD; use one of: PBO, TRT');
    fail(
      { specs: ["ARMCD", "SEX"], contrasts: [{ label: "c", weights: { TRT: 1 } }] },
      'lsmeans contrast "c" names "TRT", which is not a combination of ARMCD:SEX (levels joined by ":"); use one of: PBO:Female, PBO:Male, TRT:Female, TRT:Male',
    );
  });
  it("unknown weights", () => {
    fail({ specs: ["ARMCD"], weights: "cells" as "equal" }, 'unknown lsmeans weights "cells": use "equal" or "proportional"');
  });
  it("proportional weights need the data when a factor is averaged over", () => {
    expect(() => lsmeanFunctions(design, { specs: ["ARMCD"], weights: "proportional" })).toThrow('lsmeans with weights "proportional" needs the data the design was built from');
    const d2 = buildDesign(fev, { formula: "FEV1 ~ ARMCD * AVISIT" });
    expect(lsmeanFunctions(d2, { specs: ["ARMCD"], by: ["AVISIT"], weights: "proportional" }).lsmeans).toHaveLength(8);
  });
});

/**
 * Estimability (an empty cell): fev_data without the TRT rows at VIS4, so ARMCDTRT:AVISITVIS4 is aliased.
 * Source: test/core/inference/r/estimability.out (estimability.R; lme4 REML fit and emmeans, which marks the
 * LS means and differences that are not estimable as NA, SAS's "Non-est"). Estimable ones match within 1e-5
 * relative on the estimate and 1e-4 on the SE (two optimisers reaching the same REML optimum).
 */
describe("LS means with an empty cell: estimability as emmeans (SAS's Non-est)", () => {
  const R = new Map<string, [number, number]>();
  for (const line of readFileSync(new URL("r/estimability.out", import.meta.url), "utf8").split("\n")) {
    const f = line.split("\t");
    if (f.length === 4) R.set(`${f[0]} ${f[1]}`, [Number(f[2]), Number(f[3])]);
  }
  const spec: AnalysisSpec = { formula: "FEV1 ~ ARMCD * AVISIT + (1 | USUBJID)", where: '!(ARMCD == "TRT" & AVISIT == "VIS4")', ddf: "residual" };
  const byVisit = fitModel(fev, { ...spec, lsmeans: { specs: ["ARMCD"], by: ["AVISIT"], pairwise: true, slices: true } });
  const overall = fitModel(fev, { ...spec, lsmeans: { specs: ["ARMCD"] } });

  it("the aliased column is ARMCDTRT:AVISITVIS4", () => {
    expect(byVisit.aliased).toEqual(["ARMCDTRT:AVISITVIS4"]);
  });

  it("LS means and differences: estimable ones as emmeans, the others flagged with NaN values", () => {
    const rows = [
      ...byVisit.lsmeans.map((r) => [`emmean ARMCD=${r.levels.ARMCD},AVISIT=${r.levels.AVISIT}`, r] as const),
      ...byVisit.contrasts.map((r) => [`diff ${r.label.replace(/ /g, "")}|AVISIT=${r.levels.AVISIT}`, r] as const),
      ...overall.lsmeans.map((r) => [`emmean ARMCD=${r.levels.ARMCD}`, r] as const),
    ];
    expect(rows.length).toBe(R.size);
    for (const [key, row] of rows) {
      const [est, se] = R.get(key)!;
      if (Number.isNaN(est)) {
        expect([key, row.estimable, row.estimate, row.se, row.p]).toEqual([key, false, NaN, NaN, NaN]);
      } else {
        expect([key, row.estimable]).toEqual([key, undefined]);
        expect(Math.abs(row.estimate - est) / Math.abs(est)).toBeLessThan(1e-5);
        expect(Math.abs(row.se - se) / se).toBeLessThan(1e-4);
      }
    }
  });

  it("the slice at VIS4 has no estimable part (0 numerator df); the others test TRT − PBO", () => {
    expect(byVisit.slices.map((s) => [s.levels?.AVISIT, s.numDF])).toEqual([["VIS1", 1], ["VIS2", 1], ["VIS3", 1], ["VIS4", 0]]);
  });
});
