import { describe, expect, it } from "vitest";
import { buildBlocks } from "../../../src-core/fit/blocks.js";
import { CovarianceModel } from "../../../src-core/fit/covariance-model.js";
import { optimise } from "../../../src-core/fit/optimise.js";
import { Likelihood } from "../../../src-core/fit/reml.js";
import { startingValues } from "../../../src-core/fit/start.js";
import { denseOracle } from "./dense-oracle.js";
import { simulateDesign, type SimOptions } from "./fixtures.js";
import { fitModel } from "../../../src-core/index.js";
import { simulateCoverageTrial } from "../../../bench/coverage/simulate.js";
import { DEFAULT_SCENARIO } from "../../../bench/coverage/scenario.js";
import { coverageSpec } from "../../../bench/coverage/replicate.js";

// The optimiser must stop at a stationary point of f: the dense oracle's gradient there, scaled by the
// inverse information (the Newton decrement), is at rounding level, and f is no larger than at θ₀.
const cases: [string, SimOptions][] = [
  ["us", { seed: 21, subjects: 30, visits: 4, structure: "us", missing: 0.2 }],
  ["cs", { seed: 22, subjects: 40, visits: 4, structure: "cs", missing: 0.2 }],
  ["csh", { seed: 23, subjects: 40, visits: 4, structure: "csh", missing: 0.2 }],
  ["ar1", { seed: 24, subjects: 40, visits: 5, structure: "ar1", missing: 0.2 }],
  ["ar1h", { seed: 25, subjects: 40, visits: 4, structure: "ar1h", missing: 0.2 }],
  ["ad", { seed: 26, subjects: 40, visits: 4, structure: "ad", missing: 0.2 }],
  ["adh", { seed: 27, subjects: 40, visits: 4, structure: "adh", missing: 0.2 }],
  ["toep", { seed: 28, subjects: 40, visits: 4, structure: "toep", missing: 0.2 }],
  ["toeph", { seed: 29, subjects: 40, visits: 4, structure: "toeph", missing: 0.2 }],
  ["sp_exp", { seed: 30, subjects: 40, visits: 4, structure: "sp_exp", missing: 0.2 }],
  ["us per group, weighted", { seed: 31, subjects: 36, visits: 3, structure: "us", groups: 2, weights: true, missing: 0.2 }],
  ["random intercept and slope", { seed: 32, subjects: 30, visits: 5, structure: null, randomSlope: true }],
  ["site/subject + ar1", { seed: 33, subjects: 40, visits: 3, structure: "ar1", randomSlope: false, site: 5 }],
];

describe("optimise reaches a stationary point of −2 log L", () => {
  for (const [name, o] of cases)
    for (const method of ["REML", "ML"] as const)
      it(`${name} (${method})`, () => {
        const design = simulateDesign(o);
        const model = new CovarianceModel(design);
        const lik = new Likelihood(model, buildBlocks(design), method, design.p, design.nobs);
        const theta0 = startingValues(design, model);
        const res = optimise(lik, model, theta0, { maxIterations: 200, tolerance: 1e-10 });
        expect(res.converged).toBe(true);
        const dense = denseOracle(design, res.theta, method);
        const q = model.nparam;
        // Newton decrement gᵀH⁻¹g with the dense observed Hessian, solved by Gaussian elimination
        const H = Array.from({ length: q }, (_, k) => Array.from({ length: q }, (_, l) => dense.observed[k * q + l]));
        const g = [...dense.gradient];
        const x = solve(H, g);
        const decrement = g.reduce((s, v, k) => s + v * x[k], 0);
        expect(Math.abs(decrement)).toBeLessThan(1e-8);
        expect(dense.f).toBeLessThanOrEqual(denseOracle(design, theta0, method).f);
      });
});

function solve(A: number[][], b: number[]): number[] {
  const n = b.length, M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = 0; r < n; r++) if (r !== c) { const f = M[r][c] / M[c][c]; for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k]; }
  }
  return M.map((r, i) => r[n] / r[i]);
}

/**
 * Slow convergence near the boundary: replicates of the coverage study (bench/coverage, 2 × 8 subjects, UN over
 * 5 visits) on which −2 log L kept decreasing by ~5e-9 per iteration for 200 iterations before this rule
 * existed (bench/coverage/results/un5-2x8-seed20261121-reps2000.json lists them as not converged; the
 * −2 log L after those 200 iterations, printed by the engine then: 227.6086743769, 210.7501570698,
 * 216.4234296585). nlme::gls converged on the same data (docs/validation.md). The fit must now stop as
 * converged under SAS's relative criterion, with a warning, at a −2 log L no more than 1e-8 relative above
 * the 200-iteration value; a crawl with a large decrement (seed 1629080763) must still fail.
 */
describe("slow convergence near the boundary", () => {
  const cases: [number, number][] = [[3549607852, 227.6086743769], [313336990, 210.7501570698], [537566616, 216.4234296585]];
  for (const [seed, after200] of cases) {
    it(`coverage replicate seed ${seed}: converged with a warning`, () => {
      const fit = fitModel(simulateCoverageTrial(DEFAULT_SCENARIO, 8, seed).frame, { ...coverageSpec("residual", 0.95), convergence: "optimum" });
      expect(fit.converged).toBe(true);
      expect(fit.diagnostics.iterations).toBeGreaterThanOrEqual(50);
      expect(fit.diagnostics.warnings.some((w) => w.startsWith("slow convergence: after "))).toBe(true);
      expect(fit.m2logLik - after200).toBeLessThan(1e-8 * after200);
    });
  }
  it("a crawl whose decrement is still large is not called converged", () => {
    const trial = simulateCoverageTrial(DEFAULT_SCENARIO, 8, 1629080763).frame;
    const fit = fitModel(trial, { ...coverageSpec("residual", 0.95), convergence: "optimum" });
    expect(fit.converged).toBe(false);
    expect(fit.diagnostics.message).toMatch(/^no convergence after 200 iterations/);
    // SAS's iteration, the default for this unstructured model, meets SAS's criterion on the same trial, at a
    // lower −2 log L than where the optimiser stalled (194.7491 against 194.7625).
    const sas = fitModel(trial, coverageSpec("residual", 0.95));
    expect(sas.diagnostics.criterion).toBe("sas");
    expect(sas.converged).toBe(true);
    expect(sas.m2logLik).toBeLessThan(fit.m2logLik - 1e-2);
  });
});

describe("numerical breakdown", () => {
  it("a gradient or information that is not finite stops the optimiser with the reason, never as converged", () => {
    const design = simulateDesign({ seed: 3, subjects: 12, visits: 3, structure: "cs" });
    const model = new CovarianceModel(design);
    const lik = new Likelihood(model, buildBlocks(design), "REML", design.p, design.nobs);
    // the real engine, with the information replaced by NaN from the second evaluation on
    let calls = 0;
    const broken = Object.create(lik) as Likelihood;
    broken.evaluate = (theta, o) => {
      const ev = lik.evaluate(theta, o);
      return ++calls > 1 && ev.information ? { ...ev, information: ev.information.map(() => NaN) } : ev;
    };
    const r = optimise(broken, model, startingValues(design, model), { maxIterations: 50, tolerance: 1e-10 });
    expect(r.converged).toBe(false);
    expect(r.message).toBe("the gradient or information of −2 log L is not finite at the current estimates (a covariance matrix is numerically singular)");
  });
});
