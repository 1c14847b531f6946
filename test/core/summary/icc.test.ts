/**
 * ICC (src-core/summary/icc.ts, docs/math/summaries.md) against R: performance::icc's adjusted, unadjusted
 * and by-group ICC, and ICC(t) = (g00 + 2 g01 t + g11 t²)/(… + σ²_e) for random slopes, computed by hand
 * from lme4/nlme fits (r/summaries.R → r/summaries.json; R 4.2.2, lme4 1.1.31, nlme 3.1.162).
 * Tolerance 1e-5 relative (see r2.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { VarianceDecomposition } from "../../../src-core/result.js";
import { MAX_CURVE_POINTS, iccSummary } from "../../../src-core/summary/icc.js";
import { R, fitCase, maxRel, nestedKey, relErr, summariesOf } from "./reference.js";

const TOL = 1e-5;

describe("ICC against R", () => {
  it("random intercept (sleepstudy (1 | Subject)): σ²_b/(σ²_b + σ²_e), no curve", () => {
    const c = R.sleep_int;
    const icc = summariesOf(fitCase(c)).icc;
    expect(relErr(icc.adjusted as number, c.icc_adjusted!)).toBeLessThan(TOL);
    expect(relErr(icc.unadjusted as number, c.icc_unadjusted!)).toBeLessThan(TOL);
    const G = c.random![0].G[0][0];
    expect(relErr(icc.adjusted as number, G / (G + c.se))).toBeLessThan(TOL);
    expect(icc.groups).toHaveLength(1);
    expect(relErr(icc.groups[0].share, c.icc_by_group as number)).toBeLessThan(TOL);
    expect(icc.groups[0].curve).toBeNull();
    expect(icc.residualCorrelation).toBeNull();
    expect(icc.reason).toBeNull();
  });

  it("nested (sleepstudy (1 | Subject/Half)): each grouping's share (performance's by_group) and the total", () => {
    const c = R.sleep_nested;
    const icc = summariesOf(fitCase(c)).icc;
    expect(relErr(icc.adjusted as number, c.icc_adjusted!)).toBeLessThan(TOL);
    expect(relErr(icc.unadjusted as number, c.icc_unadjusted!)).toBeLessThan(TOL);
    const byGroup = c.icc_by_group as number[];
    c.random!.forEach((r, k) => {
      const ours = icc.groups.find((g) => nestedKey(g.group) === nestedKey(r.group));
      expect(ours, r.group).toBeDefined();
      expect(relErr(ours!.share, byGroup[k])).toBeLessThan(TOL);
    });
    expect(icc.groups.reduce((s, g) => s + g.share, 0)).toBeCloseTo(icc.adjusted as number, 14);
  });

  for (const key of ["sleep_slope", "orth_slope"]) {
    it(`random slope (${R[key].formula}): ICC(t) at every observed t, and Johnson's adjusted ICC`, () => {
      const c = R[key];
      const icc = summariesOf(fitCase(c)).icc;
      expect(relErr(icc.adjusted as number, c.icc_adjusted!)).toBeLessThan(TOL);
      expect(relErr(icc.unadjusted as number, c.icc_unadjusted!)).toBeLessThan(TOL);
      const curve = icc.groups[0].curve!;
      expect(curve.map((p) => p.at)).toEqual(c.icc_curve!.t.map((t) => [1, t]));
      expect(maxRel(curve.map((p) => p.icc), c.icc_curve!.icc)).toBeLessThan(TOL);
      expect(icc.groups[0].note).toBeNull();
    });
  }

  it("(Days || Subject): a diagonal G gives ICC(t) = (g00 + g11 t²)/(… + σ²_e)", () => {
    const c = R.sleep_diag;
    const icc = summariesOf(fitCase(c)).icc;
    expect(relErr(icc.adjusted as number, c.icc_adjusted!)).toBeLessThan(TOL);
    const g00 = c.random![0].G[0][0], g11 = c.random![1].G[0][0];
    const expected = Array.from({ length: 10 }, (_, t) => (g00 + g11 * t * t) / (g00 + g11 * t * t + c.se));
    expect(maxRel(icc.groups[0].curve!.map((p) => p.icc), expected)).toBeLessThan(TOL);
  });

  it("random intercept with an AR(1) residual (nlme::lme, corAR1): σ²_e is the residual variance", () => {
    const c = R.sleep_ar1;
    const icc = summariesOf(fitCase(c)).icc;
    expect(relErr(icc.adjusted as number, c.icc_adjusted!)).toBeLessThan(TOL);
    // the residual structure's correlation matrix is reported too: AR(1)^|i−j|
    const corr = icc.residualCorrelation![0].matrix;
    expect(relErr(corr[0][1], c.phi!)).toBeLessThan(TOL);
    expect(relErr(corr[2][5], (c.phi!) ** 3)).toBeLessThan(TOL);
  });

  it("MMRM (us residual, no random effects): no ICC, with the reason, and the correlation matrix of R", () => {
    const c = R.fev_us;
    const icc = summariesOf(fitCase(c)).icc;
    expect(icc.adjusted).toBeNull();
    expect(icc.unadjusted).toBeNull();
    expect(icc.groups).toEqual([]);
    expect(icc.reason).toBe(
      "no random effects: the within-subject correlation comes from the residual covariance structure us(AVISIT | USUBJID); see its correlation matrix (residualCorrelation)",
    );
    const rc = icc.residualCorrelation!;
    expect(rc).toHaveLength(1);
    expect(rc[0].group).toBeNull();
    expect(rc[0].levels).toEqual(c.levels);
    const ours = rc[0].matrix.flat(), ref = c.correlation!.flat();
    expect(Math.max(...ours.map((v, i) => Math.abs(v - ref[i])))).toBeLessThan(TOL);
  });
});

describe("iccSummary on hand-made inputs", () => {
  const v = (random: number[]): VarianceDecomposition => ({ fixed: 2, random: random.map((r, k) => ({ group: `g${k}`, terms: [], variance: r })), residual: 1 });

  it("without random effects or a residual structure: the observations are uncorrelated", () => {
    const s = iccSummary(v([]), [], 10, null, null);
    expect(s.adjusted).toBeNull();
    expect(s.reason).toBe("no random effects and an independent residual: the observations are uncorrelated, so there is no intraclass correlation");
  });

  it("many distinct values of the slope: a grid over its range", () => {
    const n = 200;
    const Z = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) { Z[2 * i] = 1; Z[2 * i + 1] = i / 10; }
    const G = [1, 0.1, 0.1, 0.5];
    const s = iccSummary(v([3]), [{ group: "g0", terms: ["(Intercept)", "t"], Z, G }], n, null, null);
    const curve = s.groups[0].curve!;
    expect(curve).toHaveLength(MAX_CURVE_POINTS);
    expect(curve[0].at).toEqual([1, 0]);
    expect(curve[MAX_CURVE_POINTS - 1].at[1]).toBeCloseTo(19.9, 12);
    const t = curve[7].at[1];
    const g = 1 + 0.2 * t + 0.5 * t * t;
    expect(curve[7].icc).toBeCloseTo(g / (g + 1), 14);
    expect(s.groups[0].note).toBe(`200 distinct values of t: the curve is on a grid of ${MAX_CURVE_POINTS} points from 0 to 19.9`);
  });

  it("many distinct rows with two varying columns: no curve, and why", () => {
    const n = 60;
    const Z = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) { Z[3 * i] = 1; Z[3 * i + 1] = i; Z[3 * i + 2] = i * i; }
    const G = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    const s = iccSummary(v([3]), [{ group: "g0", terms: ["(Intercept)", "t", "t2"], Z, G }], n, null, null);
    expect(s.groups[0].curve).toBeNull();
    expect(s.groups[0].note).toBe("60 distinct rows of ((Intercept), t, t2) with more than one varying column: no curve is given");
  });

  it("with two terms, ICC_l(z) counts the other terms' σ²_m in the denominator", () => {
    const Z = Float64Array.from([1, 0, 1, 1]);
    const s = iccSummary(v([3, 0.5]), [
      { group: "g0", terms: ["(Intercept)", "t"], Z, G: [2, 0, 0, 2] },
      { group: "g1", terms: ["(Intercept)"], Z: [1, 1], G: [0.5] },
    ], 2, null, null);
    // at t = 1: zᵀGz = 4, others 0.5, σ²_e 1
    expect(s.groups[0].curve![1].icc).toBeCloseTo(4 / 5.5, 14);
    expect(s.groups[1].curve).toBeNull();
  });
});
