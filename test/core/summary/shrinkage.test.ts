/**
 * BLUP shrinkage PEV/G_jj (src-core/summary/shrinkage.ts, docs/math/summaries.md) against R. The prediction
 * variance PEV = diag(G − G Zᵀ P Z G) was computed in R from dense matrices built from the lme4 fit
 * (r/summaries.R → r/summaries.json; R 4.2.2, lme4 1.1.31). The same script checks its dense
 * diag(G − G Zᵀ V⁻¹ Z G) against lme4's own condVar (ranef(m, condVar = TRUE), "postVar") to 1e-14; the
 * difference between the two is the uncertainty of β̂, which PEV counts and condVar does not.
 * Tolerance 1e-5 relative (see r2.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { BlupSet } from "../../../src-core/result.js";
import { shrinkageSummary } from "../../../src-core/summary/shrinkage.js";
import { R, fitCase, maxRel, nestedKey, relErr, summariesOf, type RTerm } from "./reference.js";

const TOL = 1e-5;

/** Rows of an R term's per-level matrix in the order of our levels. */
function inOurOrder(r: RTerm, m: number[][], ourLevels: readonly string[]): number[][] {
  const index = new Map(r.levels.map((l, i) => [nestedKey(l), i]));
  return ourLevels.map((l) => m[index.get(nestedKey(l)) as number]);
}

describe("BLUP shrinkage against R", () => {
  for (const key of ["sleep_int", "sleep_slope", "orth_slope", "sleep_nested"]) {
    const c = R[key];
    it(`${key}: ${c.formula}`, () => {
      const fit = fitCase(c);
      const sh = summariesOf(fit).shrinkage;
      expect(sh.reason).toBeNull();
      for (const r of c.random!) {
        const k = fit.blups.findIndex((b) => nestedKey(b.group) === nestedKey(r.group));
        expect(k, r.group).toBeGreaterThanOrEqual(0);
        const blups = fit.blups[k], set = sh.sets[k];
        const pev = inOurOrder(r, r.pev, blups.levels), b = inOurOrder(r, r.blup, blups.levels);
        const q = r.terms.length;
        expect(set.terms).toEqual(r.terms);
        for (let j = 0; j < q; j++) {
          const G = r.G[j][j];
          expect(relErr(set.variance[j], G)).toBeLessThan(TOL);
          // the prediction variances themselves (BlupSet) and the per-level shrinkage PEV/G_jj
          expect(maxRel(blups.predictionVariance.map((row) => row[j]), pev.map((row) => row[j]))).toBeLessThan(TOL);
          expect(maxRel(set.values.map((row) => row[j] as number), pev.map((row) => row[j] / G))).toBeLessThan(TOL);
          const mean = pev.reduce((s, row) => s + row[j] / G, 0) / pev.length;
          expect(relErr(set.mean[j] as number, mean)).toBeLessThan(TOL);
          const empirical = 1 - b.reduce((s, row) => s + row[j] * row[j], 0) / b.length / G;
          expect(relErr(set.empirical[j] as number, empirical)).toBeLessThan(TOL);
        }
        expect(set.note).toBeNull();
      }
    });
  }

  it("PEV exceeds lme4's condVar by the uncertainty of β̂ (sleepstudy (Days | Subject))", () => {
    const c = R.sleep_slope;
    const r = c.random![0];
    // R's dense Var(b | y) at β̂ fixed equals lme4's condVar
    expect(maxRel(r.postVarDense.flat(), c.lme4_postVar!.flat())).toBeLessThan(1e-12);
    const fit = fitCase(c);
    const ours = fit.blups[0].predictionVariance.flat(), condVar = inOurOrder(r, c.lme4_postVar!, fit.blups[0].levels).flat();
    ours.forEach((v, i) => expect(v).toBeGreaterThan(condVar[i]));
  });

  it("MMRM (no random effects): no shrinkage, with the reason", () => {
    const sh = summariesOf(fitCase(R.fev_us)).shrinkage;
    expect(sh.sets).toEqual([]);
    expect(sh.reason).toBe("no random effects: there are no BLUPs to shrink");
  });
});

describe("shrinkageSummary on hand-made inputs", () => {
  it("a variance at its boundary (G_jj = 0): null shrinkage for that term, and why", () => {
    const set: BlupSet = {
      group: "Subject", terms: ["(Intercept)", "Days"], levels: ["a", "b"],
      values: [[1, 0], [-1, 0]], predictionVariance: [[2, 0], [1, 0]],
    };
    const sh = shrinkageSummary([set], [[4, 0, 0, 0]]);
    const s = sh.sets[0];
    expect(s.values).toEqual([[0.5, null], [0.25, null]]);
    expect(s.mean).toEqual([0.375, null]);
    expect(s.empirical).toEqual([0.75, null]);
    expect(s.note).toBe("the variance of Days | Subject is zero (at its boundary): every BLUP is 0 and shrinkage is not defined");
  });
});
