/**
 * Nakagawa–Schielzeth R² with Johnson's extension (src-core/summary/r2.ts, docs/math/summaries.md) against
 * the same formulas computed in R from lme4/nlme fits of the same models (r/summaries.R → r/summaries.json;
 * R 4.2.2, lme4 1.1.31, nlme 3.1.162).
 *
 * Tolerance: 1e-5 relative. Longitude and R each converge to the REML optimum; their log-likelihoods agree
 * to 1e-8 relative and the variance parameters to about 1e-6, which bounds the agreement of any ratio of them.
 */
import { describe, expect, it } from "vitest";
import type { VarianceDecomposition } from "../../../src-core/result.js";
import { fixedVariance, r2Summary, randomTermVariance, residualVariance } from "../../../src-core/summary/r2.js";
import { R, fitCase, nestedKey, relErr, summariesOf } from "./reference.js";

const TOL = 1e-5;

describe("R² against R (lme4 / nlme, formulas by hand)", () => {
  for (const key of ["sleep_int", "sleep_slope", "sleep_diag", "orth_slope", "sleep_nested", "sleep_ar1", "fev_us"]) {
    const c = R[key];
    it(`${key}: ${c.formula}`, () => {
      const fit = fitCase(c);
      expect(fit.converged).toBe(true);
      expect(relErr(fit.logLik, c.logLik)).toBeLessThan(1e-8);
      const s = summariesOf(fit);
      expect(relErr(s.variances.fixed, c.sf)).toBeLessThan(TOL);
      expect(relErr(s.variances.residual, c.se)).toBeLessThan(TOL);
      expect(relErr(s.r2.marginal as number, c.r2m)).toBeLessThan(TOL);
      expect(relErr(s.r2.conditional as number, c.r2c)).toBeLessThan(TOL);
      expect(s.r2.reason).toBeNull();
    });
  }

  it("Johnson's σ²_l for random slopes: mean of z_iᵀGz_i, not G00 (sleepstudy (Days | Subject))", () => {
    const c = R.sleep_slope;
    const s = summariesOf(fitCase(c));
    expect(relErr(s.variances.random[0].variance, c.random![0].sl)).toBeLessThan(TOL);
    // ≈ 1698 against G00 ≈ 612: the slope's variance grows with Days and counts in the average
    expect(s.variances.random[0].variance).toBeGreaterThan(2 * c.random![0].G[0][0]);
  });

  it("(Days || Subject) is one diagonal term in Longitude and two in lme4: σ²_l is their sum", () => {
    const c = R.sleep_diag;
    const s = summariesOf(fitCase(c));
    expect(s.variances.random).toHaveLength(1);
    expect(relErr(s.variances.random[0].variance, c.random![0].sl + c.random![1].sl)).toBeLessThan(TOL);
  });

  it("nested (1 | Subject/Half): one σ²_l per grouping, matched by name", () => {
    const c = R.sleep_nested;
    const s = summariesOf(fitCase(c));
    expect(s.variances.random).toHaveLength(2);
    for (const r of c.random!) {
      const ours = s.variances.random.find((v) => nestedKey(v.group) === nestedKey(r.group));
      expect(ours, r.group).toBeDefined();
      expect(relErr(ours!.variance, r.sl)).toBeLessThan(TOL);
    }
  });

  it("MMRM (residual structure only): σ²_e is the mean of R_ii over the used rows, and conditional = marginal", () => {
    const c = R.fev_us;
    const s = summariesOf(fitCase(c));
    expect(s.variances.random).toEqual([]);
    expect(s.r2.conditional).toBe(s.r2.marginal);
  });
});

describe("the pieces of the decomposition", () => {
  it("σ²_f uses the divisor N − 1 (R's var(), as MuMIn and insight)", () => {
    expect(fixedVariance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 14);
    expect(fixedVariance([7])).toBeNaN();
  });

  it("σ²_l = tr(Z G Zᵀ)/N", () => {
    // rows (1, 0), (1, 1), (1, 2); G = [[4, 1], [1, 2]]: z'Gz = 4, 8, 16
    const Z = [1, 0, 1, 1, 1, 2];
    expect(randomTermVariance(Z, 2, [4, 1, 1, 2], 3)).toBeCloseTo(28 / 3, 14);
  });

  it("σ²_e is the mean of the per-row residual variances (with weights, σ²/w_i)", () => {
    expect(residualVariance([2 / 0.5, 2 / 1, 2 / 2])).toBeCloseTo(7 / 3, 14);
  });

  it("says why R² is not defined", () => {
    const one: VarianceDecomposition = { fixed: fixedVariance([3]), random: [], residual: 1 };
    const r = r2Summary(one);
    expect(r.marginal).toBeNull();
    expect(r.conditional).toBeNull();
    expect(r.reason).toMatch(/fewer than 2 observations/);
    expect(r2Summary({ fixed: 0, random: [], residual: 0 }).reason).toMatch(/total variance .* is zero/);
  });
});
