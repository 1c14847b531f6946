import { describe, expect, it } from "vitest";
import { buildBlocks } from "../../../src-core/fit/blocks.js";
import { CovarianceModel } from "../../../src-core/fit/covariance-model.js";
import { Likelihood } from "../../../src-core/fit/reml.js";
import { startingValues } from "../../../src-core/fit/start.js";
import { denseOracle } from "./dense-oracle.js";
import { simulateDesign, type SimOptions } from "./fixtures.js";

// Oracle test (issue [1 of 5]): at a fixed θ, the blocked, pattern-cached objective, gradient and
// information equal the dense computation V = ZGZᵀ + R with a full inverse, to 1e-10 relative.
const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
  return num / Math.max(den, 1e-300);
};

const cases: [string, SimOptions][] = [
  ["us", { seed: 1, subjects: 14, visits: 4, structure: "us", missing: 0.25 }],
  ["us per group, weighted", { seed: 2, subjects: 16, visits: 3, structure: "us", groups: 2, weights: true, missing: 0.2 }],
  ["cs", { seed: 3, subjects: 12, visits: 4, structure: "cs", missing: 0.3 }],
  ["csh", { seed: 4, subjects: 12, visits: 4, structure: "csh", missing: 0.3 }],
  ["ar1", { seed: 5, subjects: 12, visits: 5, structure: "ar1", missing: 0.3 }],
  ["ar1h", { seed: 6, subjects: 12, visits: 4, structure: "ar1h", missing: 0.3 }],
  ["ad", { seed: 7, subjects: 12, visits: 4, structure: "ad", missing: 0.3 }],
  ["adh", { seed: 8, subjects: 12, visits: 4, structure: "adh", missing: 0.3 }],
  ["toep", { seed: 9, subjects: 12, visits: 4, structure: "toep", missing: 0.3 }],
  ["toeph", { seed: 10, subjects: 12, visits: 4, structure: "toeph", missing: 0.3 }],
  ["sp_exp", { seed: 11, subjects: 12, visits: 4, structure: "sp_exp", missing: 0.3 }],
  ["random intercept and slope, iid residual, weighted", { seed: 12, subjects: 10, visits: 5, structure: null, randomSlope: true, weights: true, missing: 0.2 }],
  ["nested site/subject random intercepts + ar1", { seed: 13, subjects: 12, visits: 3, structure: "ar1", randomSlope: false, site: 3, missing: 0.2 }],
  ["random slope + csh per group", { seed: 14, subjects: 12, visits: 3, structure: "csh", groups: 2, randomSlope: true }],
];

describe("blocked REML/ML equals the dense oracle at fixed θ", () => {
  for (const [name, o] of cases)
    for (const method of ["REML", "ML"] as const) {
      it(`${name} (${method})`, () => {
        const design = simulateDesign(o);
        const model = new CovarianceModel(design);
        const blocks = buildBlocks(design);
        const lik = new Likelihood(model, blocks, method, design.p, design.nobs, { momentThreshold: Infinity });
        const likMoments = new Likelihood(model, blocks, method, design.p, design.nobs, { momentThreshold: 1 });
        // a θ away from the optimum: perturbed starting values
        const theta = startingValues(design, model).map((v, k) => v * (1 + 0.05 * Math.sin(k + 1)));
        const dense = denseOracle(design, theta, method);
        const exp = lik.evaluate(theta, { gradient: true, information: "expected" });
        const obs = lik.evaluate(theta, { gradient: true, information: "observed" });
        expect(exp.ok).toBe(true);
        expect(Math.abs(exp.f - dense.f) / Math.abs(dense.f)).toBeLessThan(1e-10);
        expect(relErr(exp.gradient!, dense.gradient)).toBeLessThan(1e-10);
        expect(relErr(exp.beta, dense.beta)).toBeLessThan(1e-10);
        expect(relErr(exp.C, dense.C)).toBeLessThan(1e-10);
        expect(relErr(obs.information!, dense.observed)).toBeLessThan(1e-10);
        expect(relErr(exp.information!, dense.expected)).toBeLessThan(1e-10);
        // the same with every pattern evaluated from its moments (blocks.ts / moments.ts)
        const expM = likMoments.evaluate(theta, { gradient: true, information: "expected" });
        const obsM = likMoments.evaluate(theta, { gradient: true, information: "observed" });
        expect(Math.abs(expM.f - dense.f) / Math.abs(dense.f)).toBeLessThan(1e-10);
        expect(relErr(expM.gradient!, dense.gradient)).toBeLessThan(1e-10);
        expect(relErr(expM.beta, dense.beta)).toBeLessThan(1e-10);
        expect(relErr(expM.information!, dense.expected)).toBeLessThan(1e-10);
        expect(relErr(obsM.information!, dense.observed)).toBeLessThan(1e-10);
      });
    }
});
