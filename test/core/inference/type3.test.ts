/**
 * Type III hypotheses (src-core/inference/type3.ts). Each F compared is the Wald F
 *   F = (Lβ̂)ᵀ (L C Lᵀ)⁻¹ (Lβ̂) / rows,
 * with β̂ and C (the model-based covariance of β̂) from fitModel under Satterthwaite: the F SAS prints for
 * Type 3 tests under DDFM=SATTERTHWAITE, which does not depend on the df method.
 *
 * Sources and tolerances:
 *   - SAS PROC MIXED: test/reference/expected/sas_fev_mmrm_us_satterthwaite.json (`type3`, F printed to 2
 *     decimals, DF rounded): numDF exactly, F within 0.006 + 1e-4·F (SAS stops iterating a little short of
 *     the optimum); the multi-df Satterthwaite denDF of the fit within 0.5 of SAS's rounded DF.
 *   - SAS's Type III estimable functions (SAS/STAT User's Guide, "The Four Types of Estimable Functions"):
 *     the rows of L for simple models, exactly (1e-12).
 *   - R: test/core/inference/r/type3.out, written by type3.R (Wald tests of each term's contr.sum columns on
 *     nlme::gls REML fits, checked there against car::Anova(type = 3)). Our converged fit matches R's
 *     -2 REML log L within 1e-6 (the same model); then, at R's covariance parameters (parms, noiter), numDF
 *     exactly and F within 1e-8 relative (R prints 10 significant digits).
 *   - Reference levels: the same model with other reference levels, at the first fit's covariance parameters,
 *     gives the same F within 1e-8 relative.
 *   - Aliasing: a duplicated covariate gets rows = 0 and leaves the other F as R's for the model without it
 *     (1e-8 relative); an empty cell takes one df from the interaction; every L has full row rank.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src-core/data/frame.js";
import { buildDesign, type Design } from "../../../src-core/design/index.js";
import { fitModel, type AnalysisSpec, type FitResult } from "../../../src-core/index.js";
import type { Hypothesis } from "../../../src-core/inference/hypothesis.js";
import { type3Hypotheses } from "../../../src-core/inference/type3.js";
import { readData } from "../../../src-main/io/read-data.js";
import { dataPath, loadCase, specOf } from "../../reference/cases.js";

const fev = await readData(new URL("../../reference/data/fev_data.csv", import.meta.url).pathname);

/** Solves the symmetric positive definite system A x = b (Gaussian elimination; A is small). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    for (let i = c + 1; i < n; i++) {
      const f = M[i][c] / M[c][c];
      for (let j = c; j <= n; j++) M[i][j] -= f * M[c][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let j = i + 1; j < n; j++) s -= M[i][j] * x[j];
    x[i] = s / M[i][i];
  }
  return x;
}

/** The Wald F of a hypothesis from the fit's β̂ and C. */
function waldF(fit: FitResult, h: Hypothesis): number {
  const p = fit.coefficients.length;
  const rows = Array.from({ length: h.rows }, (_, i) => h.L.subarray(i * p, (i + 1) * p));
  const Lb = rows.map((r) => r.reduce((s, v, a) => s + v * fit.coefficients[a].estimate, 0));
  const LCL = rows.map((ri) => rows.map((rj) => {
    let s = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += ri[a] * fit.vcov[a][b] * rj[b];
    return s;
  }));
  const x = solve(LCL, Lb);
  return Lb.reduce((s, v, i) => s + v * x[i], 0) / h.rows;
}

/** Rank of a rows × p matrix by Gaussian elimination with partial pivoting (relative pivot tolerance 1e-10). */
function rank(L: Float64Array, rows: number, p: number): number {
  const a = Array.from({ length: rows }, (_, i) => Array.from(L.subarray(i * p, (i + 1) * p)));
  const scale = Math.max(0, ...L.map(Math.abs));
  let r = 0;
  for (let c = 0; c < p && r < rows; c++) {
    let piv = r;
    for (let i = r + 1; i < rows; i++) if (Math.abs(a[i][c]) > Math.abs(a[piv][c])) piv = i;
    if (Math.abs(a[piv][c]) <= 1e-10 * scale) continue;
    [a[r], a[piv]] = [a[piv], a[r]];
    for (let i = r + 1; i < rows; i++) { const f = a[i][c] / a[r][c]; for (let j = c; j < p; j++) a[i][j] -= f * a[r][j]; }
    r++;
  }
  return r;
}

const byTerm = (hs: readonly Hypothesis[]): Map<string, Hypothesis> => new Map(hs.map((h) => [h.term, h]));
const relErr = (ours: number, ref: number): number => Math.abs(ours - ref) / Math.abs(ref);

const fitAndHyps = (data: DataFrame, spec: AnalysisSpec): { fit: FitResult; design: Design; hyps: Map<string, Hypothesis> } => {
  const design = buildDesign(data, spec);
  return { fit: fitModel(data, spec), design, hyps: byTerm(type3Hypotheses(design)) };
};

describe("SAS PROC MIXED, fev_data, UN, Satterthwaite", () => {
  // Source: test/reference/expected/sas_fev_mmrm_us_satterthwaite.json, `expected.type3` ("SAS PROC MIXED
  // output (method=reml, type=un, ddfm=satterthwaite) on fev_data, published in the mmrm package's design
  // documents; printed to 4-5 significant digits, DF printed rounded").
  const c = loadCase("sas_fev_mmrm_us_satterthwaite.json");
  const expected = (c.expected as unknown as { type3: Record<string, { numDF: number; denDF_rounded: number; F: number }> }).type3;
  let fit: FitResult;
  let hyps: Map<string, Hypothesis>;
  beforeAll(async () => {
    ({ fit, hyps } = fitAndHyps(await readData(dataPath(c)), specOf(c)));
  });

  it("numDF exactly and F within 0.006 + 1e-4·F for every term", () => {
    expect(fit.converged).toBe(true);
    expect([...hyps.keys()]).toEqual(["RACE", "SEX", "ARMCD", "AVISIT", "ARMCD:AVISIT"]);
    expect([...hyps.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [term, e] of Object.entries(expected)) {
      const h = hyps.get(term)!;
      const F = waldF(fit, h);
      expect(h.rows, term).toBe(e.numDF);
      expect(rank(h.L, h.rows, fit.coefficients.length), term).toBe(h.rows);
      expect(Math.abs(F - e.F), `${term}: ours ${F}, SAS ${e.F}`).toBeLessThanOrEqual(0.006 + 1e-4 * e.F);
    }
  });

  it("multi-df Satterthwaite denDF within 0.5 of SAS's rounded DF (they depend on the rows of L, not only their span)", () => {
    // The spec's reference levels are SAS's last levels here (AVISIT: VIS1, as covparams_sas_visit_order
    // shows), so our rows are SAS's. Rows centred on the mean of the levels instead give AVISIT 143.7.
    for (const [term, e] of Object.entries(expected)) {
      if (e.numDF === 1) continue;
      const row = fit.type3.find((r) => r.term === term)!;
      expect(Math.abs(row.denDF - e.denDF_rounded), `${term}: ours ${row.denDF}, SAS ${e.denDF_rounded}`).toBeLessThanOrEqual(0.5);
    }
  });
});

/** Checks row i of a hypothesis against the coefficients it should have by column name (others 0), to 1e-12. */
function expectRow(design: Design, h: Hypothesis, i: number, want: Record<string, number>): void {
  const row = Array.from(h.L.subarray(i * design.p, (i + 1) * design.p));
  const expected = design.coefNames.map((n) => want[n] ?? 0);
  for (const n of Object.keys(want)) expect(design.coefNames, n).toContain(n);
  row.forEach((v, a) => expect(Math.abs(v - expected[a]), `${h.term} row ${i}, ${design.coefNames[a]}: ${v}`).toBeLessThanOrEqual(1e-12));
}

describe("the rows of L (SAS's Type III estimable functions)", () => {
  // SAS/STAT User's Guide, "The Four Types of Estimable Functions", Type III: coefficients of the terms that do
  // not contain F are 0, and those of the terms containing F make the hypothesis orthogonal to theirs, which
  // averages them over the other factor's levels with equal weights; a covariate's term contains a factor's
  // term only when it has the same covariates. One row per free symbol of SAS's general form: the levels other
  // than the last, which is our reference level. Reference levels: ARMCD PBO, AVISIT VIS1, RACE Asian.
  const spec = (formula: string): AnalysisSpec => ({ formula, reference: { ARMCD: "PBO", AVISIT: "VIS1", RACE: "Asian", SEX: "Male" } });
  const visits = ["VIS2", "VIS3", "VIS4"];

  it("factors: main effects average the interaction over the other factor's levels", () => {
    const design = buildDesign(fev, spec("FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)"));
    const h = byTerm(type3Hypotheses(design));
    expect(h.get("ARMCD")!.rows).toBe(1);
    expectRow(design, h.get("ARMCD")!, 0, { ARMCDTRT: 1, ...Object.fromEntries(visits.map((v) => [`ARMCDTRT:AVISIT${v}`, 1 / 4])) });
    expect(h.get("AVISIT")!.rows).toBe(3);
    visits.forEach((v, i) => expectRow(design, h.get("AVISIT")!, i, { [`AVISIT${v}`]: 1, [`ARMCDTRT:AVISIT${v}`]: 1 / 2 }));
    expect(h.get("ARMCD:AVISIT")!.rows).toBe(3);
    visits.forEach((v, i) => expectRow(design, h.get("ARMCD:AVISIT")!, i, { [`ARMCDTRT:AVISIT${v}`]: 1 }));
    expect(h.get("RACE")!.rows).toBe(2);
    expectRow(design, h.get("RACE")!, 0, { "RACEBlack or African American": 1 });
    expectRow(design, h.get("RACE")!, 1, { RACEWhite: 1 });
  });

  it("covariate by factor: the factor is tested at covariate 0, the covariate by its mean slope", () => {
    const design = buildDesign(fev, spec("FEV1 ~ FEV1_BL + ARMCD * AVISIT + FEV1_BL:AVISIT + us(AVISIT | USUBJID)"));
    const h = byTerm(type3Hypotheses(design));
    expectRow(design, h.get("FEV1_BL")!, 0, { FEV1_BL: 1, ...Object.fromEntries(visits.map((v) => [`FEV1_BL:AVISIT${v}`, 1 / 4])) });
    visits.forEach((v, i) => expectRow(design, h.get("AVISIT")!, i, { [`AVISIT${v}`]: 1, [`ARMCDTRT:AVISIT${v}`]: 1 / 2 }));
    visits.forEach((v, i) => expectRow(design, h.get("FEV1_BL:AVISIT")!, i, { [`FEV1_BL:AVISIT${v}`]: 1 }));
  });

  it("without an intercept: a factor alone tests every level, beside another factor only differences", () => {
    // SAS's general form without the intercept: setting the other factor's coefficients to 0 forces the sum of
    // this factor's coefficients to 0.
    const alone = buildDesign(fev, spec("FEV1 ~ 0 + ARMCD + cs(AVISIT | USUBJID)"));
    const a = byTerm(type3Hypotheses(alone)).get("ARMCD")!;
    expect(a.rows).toBe(2);
    expectRow(alone, a, 0, { ARMCDTRT: 1 });
    expectRow(alone, a, 1, { ARMCDPBO: 1 });
    const both = buildDesign(fev, spec("FEV1 ~ 0 + ARMCD + AVISIT + cs(AVISIT | USUBJID)"));
    const b = byTerm(type3Hypotheses(both));
    expect(b.get("ARMCD")!.rows).toBe(1);
    expectRow(both, b.get("ARMCD")!, 0, { ARMCDTRT: 1, ARMCDPBO: -1 });
    expect(b.get("AVISIT")!.rows).toBe(3);
  });
});

/** test/core/inference/r/type3.out, per model: the tests by term, the covariance parameters, -2 REML log L. */
interface RModel { tests: Map<string, { numDF: number; F: number }>; parms: Record<string, number>; m2logLik: number }

function readR(): Map<string, RModel> {
  const models = new Map<string, RModel>();
  const model = (name: string): RModel => {
    if (!models.has(name)) models.set(name, { tests: new Map(), parms: {}, m2logLik: NaN });
    return models.get(name)!;
  };
  for (const line of readFileSync(new URL("r/type3.out", import.meta.url), "utf8").split("\n")) {
    const ll = /^# (\w+): .*-2 REML log L (\S+)$/.exec(line);
    if (ll) model(ll[1]).m2logLik = Number(ll[2]);
    if (line === "" || line.startsWith("#")) continue;
    const f = line.split("\t");
    if (f[1] === "parm") model(f[0]).parms[f[2]] = Number(f[3]);
    else model(f[0]).tests.set(f[1], { numDF: Number(f[2]), F: Number(f[3]) });
  }
  return models;
}

/** The models of type3.R, in Longitude's syntax. */
const R_MODELS: Record<string, string> = {
  us: "FEV1 ~ FEV1_BL + RACE + SEX + ARMCD * AVISIT + FEV1_BL:AVISIT + us(AVISIT | USUBJID)",
  cs3: "FEV1 ~ RACE + ARMCD * SEX * AVISIT + FEV1_BL:ARMCD + cs(AVISIT | USUBJID)",
  nest: "FEV1 ~ RACE + ARMCD/AVISIT + poly(FEV1_BL, 2) * SEX + cs(AVISIT | USUBJID)",
};
const R = readR();

describe("R: Wald tests of the contr.sum columns, nlme::gls REML fits of fev_data (r/type3.out)", () => {
  for (const [name, formula] of Object.entries(R_MODELS)) {
    const r = R.get(name)!;
    const spec: AnalysisSpec = { formula, method: "REML", ddf: "satterthwaite" };

    it(`${name}: the same model (-2 REML log L within 1e-6 of R's)`, () => {
      const fit = fitModel(fev, spec);
      expect(fit.converged).toBe(true);
      expect(Math.abs(fit.m2logLik - r.m2logLik), `ours ${fit.m2logLik}, R ${r.m2logLik}`).toBeLessThanOrEqual(1e-6);
    });

    it(`${name}: numDF exactly and F within 1e-8 relative at R's covariance parameters`, () => {
      // β̂ and C at R's estimates (parms, noiter), so only the hypotheses can make F differ.
      const { fit, hyps } = fitAndHyps(fev, { ...spec, parms: { values: r.parms, noiter: true } });
      expect(Math.abs(fit.m2logLik - r.m2logLik)).toBeLessThanOrEqual(1e-6);
      expect([...hyps.keys()].sort()).toEqual([...r.tests.keys()].sort());
      for (const [term, e] of r.tests) {
        const h = hyps.get(term)!;
        const F = waldF(fit, h);
        expect(h.rows, term).toBe(e.numDF);
        expect(rank(h.L, h.rows, fit.coefficients.length), term).toBe(h.rows);
        expect(relErr(F, e.F), `${name} ${term}: ours ${F}, R ${e.F}`).toBeLessThanOrEqual(1e-8);
      }
    });
  }
});

describe("reference levels", () => {
  // The same model coded with other reference levels, at the first fit's covariance parameters (parms, noiter):
  // β̂ and C are then exact reparametrisations of the first fit's, and every F must be the same.
  const others = { ARMCD: "TRT", AVISIT: "VIS4", RACE: "White", SEX: "Male" };
  for (const name of ["us", "nest"]) {
    it(`${name}: F unchanged within 1e-8 relative, numDF exactly`, () => {
      const spec: AnalysisSpec = { formula: R_MODELS[name], method: "REML", ddf: "satterthwaite" };
      const a = fitAndHyps(fev, spec);
      const values = Object.fromEntries(a.fit.covariance.parameters.map((q) => [q.name, q.estimate]));
      const b = fitAndHyps(fev, { ...spec, reference: others, parms: { values, noiter: true } });
      // The same θ (the REML log-likelihood does not change under a unimodular change of coding) ...
      expect(Math.abs(b.fit.m2logLik - a.fit.m2logLik)).toBeLessThanOrEqual(1e-8);
      // ... and a different coding.
      expect(b.design.coefNames).not.toEqual(a.design.coefNames);
      expect([...b.hyps.keys()]).toEqual([...a.hyps.keys()]);
      for (const [term, ha] of a.hyps) {
        const hb = b.hyps.get(term)!;
        expect(hb.rows, term).toBe(ha.rows);
        const Fa = waldF(a.fit, ha);
        const Fb = waldF(b.fit, hb);
        expect(relErr(Fb, Fa), `${term}: ${Fa} with the default references, ${Fb} with others`).toBeLessThanOrEqual(1e-8);
      }
    });
  }
});

describe("aliased columns", () => {
  it("a duplicated covariate: its term has no rows; the other terms are R's for the model without it", () => {
    // BL2 = 2·FEV1_BL is aliased with FEV1_BL. Reference: r/type3.out, model "us" (the same model without BL2).
    const bl = fev.columns.FEV1_BL.values as Float64Array;
    const data: DataFrame = {
      nrow: fev.nrow,
      names: [...fev.names, "BL2"],
      columns: { ...fev.columns, BL2: { kind: "numeric", values: bl.map((x) => 2 * x) } },
    };
    const r = R.get("us")!;
    const formula = R_MODELS.us.replace("FEV1_BL + ", "FEV1_BL + BL2 + ");
    const { fit, design, hyps } = fitAndHyps(data, { formula, method: "REML", ddf: "satterthwaite", parms: { values: r.parms, noiter: true } });
    expect(design.aliased).toEqual(["BL2"]);
    expect(hyps.get("BL2")!.rows).toBe(0);
    expect(hyps.get("BL2")!.L.length).toBe(0);
    for (const [term, e] of r.tests) {
      const h = hyps.get(term)!;
      expect(h.rows, term).toBe(e.numDF);
      expect(rank(h.L, h.rows, design.p), term).toBe(h.rows);
      expect(relErr(waldF(fit, h), e.F), term).toBeLessThanOrEqual(1e-8);
    }
  });

  // An empty cell of ARMCD × AVISIT: in the treatment coding the column ARMCDTRT:AVISITVIS4 is zero (TRT at
  // VIS4 empty) or equal to AVISITVIS4 (PBO, the reference, at VIS4 empty), and is dropped either way. The
  // interaction loses one df (SAS's Type III too); the main effects keep theirs.
  for (const arm of ["TRT", "PBO"]) {
    it(`an empty cell (${arm} at VIS4): numDF 2 for ARMCD:AVISIT, full row rank, finite F`, () => {
      const spec: AnalysisSpec = {
        formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)",
        where: `!(ARMCD == "${arm}" & AVISIT == "VIS4")`,
        reference: { ARMCD: "PBO", AVISIT: "VIS1" },
        ddf: "satterthwaite",
      };
      const { fit, design, hyps } = fitAndHyps(fev, spec);
      expect(design.aliased).toEqual(["ARMCDTRT:AVISITVIS4"]);
      expect(Object.fromEntries([...hyps].map(([t, h]) => [t, h.rows]))).toEqual({ RACE: 2, SEX: 1, ARMCD: 1, AVISIT: 3, "ARMCD:AVISIT": 2 });
      for (const [term, h] of hyps) {
        expect(rank(h.L, h.rows, design.p), term).toBe(h.rows);
        const F = waldF(fit, h);
        expect(Number.isFinite(F) && F > 0, `${term}: F = ${F}`).toBe(true);
      }
    });
  }
});
