import { describe, expect, it } from "vitest";
import { buildBlocks } from "../../../src-core/fit/blocks.js";
import { CovarianceModel } from "../../../src-core/fit/covariance-model.js";
import { outerSplit } from "../../../src-core/fit/outer-split.js";
import { Likelihood } from "../../../src-core/fit/reml.js";
import { startingValues } from "../../../src-core/fit/start.js";
import { likelihoodFor, WoodburyLikelihood } from "../../../src-core/fit/woodbury.js";
import { thetaCovariance } from "../../../src-core/inference/kenward-roger.js";
import { predict } from "../../../src-core/summary/blup.js";
import { denseOracle, expectOracle } from "./dense-oracle.js";
import { maxRelErr as relErr, simulateDesign, type SimOptions } from "./fixtures.js";

/**
 * The Woodbury path (src-core/fit/woodbury.ts, docs/math/reml.md "Large blocks") against the dense oracle
 * (V = ZGZᵀ + R as one N×N matrix, full inverse) at a fixed θ: objective, gradient, β̂, C, both informations
 * and A_k = XᵀV⁻¹V_kV⁻¹X to 1e-10 relative; the Kenward–Roger sum and the BLUPs against the ordinary
 * per-block engine (itself checked against the dense computation in reml.test.ts and kenward-roger.test.ts).
 */
const CASES: [string, SimOptions, number[]][] = [
  ["site intercept + us residual", { seed: 21, subjects: 12, visits: 3, structure: "us", site: 3, missing: 0.2 }, [0]],
  ["site intercept + ar1h residual, weighted", { seed: 22, subjects: 12, visits: 4, structure: "ar1h", site: 4, weights: true, missing: 0.25 }, [0]],
  ["site/subject intercepts + ar1 residual", { seed: 13, subjects: 12, visits: 3, structure: "ar1", randomSlope: false, site: 3, missing: 0.2 }, [0]],
  ["site intercept + subject intercept and slope, iid residual", { seed: 23, subjects: 12, visits: 4, structure: null, randomSlope: true, site: 3, missing: 0.2 }, [0]],
  ["subject intercept and slope, iid residual (units are rows)", { seed: 12, subjects: 10, visits: 5, structure: null, randomSlope: true, weights: true, missing: 0.2 }, [0]],
  ["site intercept + csh per group", { seed: 24, subjects: 16, visits: 3, structure: "csh", groups: 2, site: 4, missing: 0.1 }, [0]],
];

describe("Woodbury path equals the dense oracle at fixed θ", () => {
  for (const [name, o, outer] of CASES)
    for (const method of ["REML", "ML"] as const)
      it(`${name} (${method})`, () => {
        const design = simulateDesign(o);
        const model = new CovarianceModel(design);
        const split = outerSplit(design, "always")!;
        expect(split.outer).toEqual(outer);
        const lik = new WoodburyLikelihood(model, design, split, method);
        const theta = startingValues(design, model).map((v, k) => v * (1 + 0.05 * Math.sin(k + 1)));
        const dense = denseOracle(design, theta, method);
        const exp = lik.evaluate(theta, { gradient: true, information: "expected" });
        const obs = lik.evaluate(theta, { gradient: true, information: "observed" });
        expectOracle(exp, obs, dense);
        const { X, Vi, dV } = dense.matrices;
        const XtVi = X.transpose().mmul(Vi);
        dV.forEach((Vk, k) => expect(relErr(obs.A![k], XtVi.mmul(Vk).mmul(XtVi.transpose()).to1DArray()), `A_${k}`).toBeLessThan(1e-10));
        // the value alone (line search) equals the full evaluation's
        expect(lik.evaluate(theta, { gradient: false, information: "none" }).f).toBe(exp.f);
      });
});

describe("Woodbury path: a zero site variance (singular G)", () => {
  it("at G = 0 the objective, gradient and both informations equal the dense oracle's", () => {
    const design = simulateDesign({ seed: 25, subjects: 16, visits: 3, structure: "us", site: 4, missing: 0.2 });
    const model = new CovarianceModel(design);
    const lik = new WoodburyLikelihood(model, design, outerSplit(design, "always")!, "REML");
    const theta = startingValues(design, model);
    theta[0] = 0; // UN(1,1) of the site intercept
    expectOracle(lik.evaluate(theta, { gradient: true, information: "expected" }), lik.evaluate(theta, { gradient: true, information: "observed" }), denseOracle(design, theta, "REML"));
  });

  it("data without a site effect: the optimum on the boundary (site variance 0), as the per-block engine finds it", async () => {
    const { optimise } = await import("../../../src-core/fit/optimise.js");
    const { simulateTrial } = await import("../../../src-core/data/simulate.js");
    const { buildDesign } = await import("../../../src-core/design/index.js");
    // simulateTrial(400, 4, 2) with SITE = subject mod 4 and no site effect added
    const frame = simulateTrial(400, 4, 2);
    const site = Float64Array.from(frame.columns.USUBJID.values as Float64Array, (s) => s % 4);
    const design = buildDesign({ ...frame, names: [...frame.names, "SITE"], columns: { ...frame.columns, SITE: { kind: "numeric", values: site } } }, {
      formula: "CHG ~ BASE + ARM * AVISIT + (1 | SITE) + us(AVISIT | USUBJID)", factors: ["USUBJID", "SITE"],
    });
    const model = new CovarianceModel(design);
    const opts = { maxIterations: 200, tolerance: 1e-10 };
    const wood = likelihoodFor(design, model, "REML", "always").lik, plain = likelihoodFor(design, model, "REML", "never").lik;
    expect(wood).toBeInstanceOf(WoodburyLikelihood);
    const a = optimise(wood, model, startingValues(design, model), opts), b = optimise(plain, model, startingValues(design, model), opts);
    expect(a.converged && b.converged).toBe(true);
    expect(a.theta[0]).toBeLessThan(1e-12);
    expect(Math.abs(a.evaluation.f - b.evaluation.f)).toBeLessThan(1e-8);
  });
});

describe("Woodbury path: Kenward-Roger sums and predictions equal the per-block engine's", () => {
  for (const [name, o] of CASES)
    it(name, () => {
      const design = simulateDesign(o);
      const model = new CovarianceModel(design);
      const wood = new WoodburyLikelihood(model, design, outerSplit(design, "always")!, "REML");
      const plain = new Likelihood(model, buildBlocks(design), "REML", design.p, design.nobs);
      const theta = startingValues(design, model).map((v, k) => v * (1 + 0.05 * Math.sin(k + 1)));
      const q = model.nparam;
      const W = thetaCovariance(plain.evaluate(theta, { gradient: true, information: "expected" }).information!, q)!;
      for (const second of [true, false]) expect(relErr(wood.krSum(theta, W, second)!, plain.krSum(theta, W, second)!)).toBeLessThan(1e-9);
      // after an exact evaluation at θ, krSum reuses its factorisation and A*_k: the same sums
      wood.evaluate(theta, { gradient: true, information: "observed" });
      for (const second of [true, false]) expect(relErr(wood.krSum(theta, W, second)!, plain.krSum(theta, W, second)!)).toBeLessThan(1e-9);
      const ev = plain.evaluate(theta, { gradient: false, information: "none" });
      const a = predict(design, wood, theta, ev.beta, ev.C), b = predict(design, plain, theta, ev.beta, ev.C);
      expect(relErr(a.pearson, b.pearson)).toBeLessThan(1e-9);
      expect(relErr(a.conditionalFitted!, b.conditionalFitted!)).toBeLessThan(1e-9);
      a.blups.forEach((set, t) => {
        expect(relErr(set.values.flat(), b.blups[t].values.flat()), `BLUPs of ${set.group}`).toBeLessThan(1e-9);
        expect(relErr(set.predictionVariance.flat(), b.blups[t].predictionVariance.flat()), `prediction variances of ${set.group}`).toBeLessThan(1e-9);
      });
    });
});

describe("outer split: which random terms leave the blocks", () => {
  it("auto keeps blocks of at most 64 rows as they are, and splits larger ones", () => {
    const small = simulateDesign({ seed: 1, subjects: 40, visits: 4, structure: "us", site: 4 }); // blocks of 40 rows
    expect(outerSplit(small, "auto", buildBlocks(small))).toBeNull();
    expect(likelihoodFor(small, new CovarianceModel(small), "REML").lik).toBeInstanceOf(Likelihood);
    const large = simulateDesign({ seed: 1, subjects: 80, visits: 4, structure: "us", site: 2 }); // blocks of 160 rows
    expect(outerSplit(large, "auto", buildBlocks(large))).toEqual({ outer: [0], r: 2 });
    expect(likelihoodFor(large, new CovarianceModel(large), "REML").lik).toBeInstanceOf(WoodburyLikelihood);
  });
  it("no split without a random term that spans several units", () => {
    expect(outerSplit(simulateDesign({ seed: 1, subjects: 10, visits: 3, structure: "us" }), "always")).toBeNull();
    expect(outerSplit(simulateDesign({ seed: 1, subjects: 10, visits: 3, structure: "csh", randomSlope: true }), "always")).toBeNull();
  });
  it("prefers subject units (r = sites) to row units (r = sites + subjects) for site/subject intercepts with an iid residual", () => {
    const d = simulateDesign({ seed: 1, subjects: 12, visits: 3, structure: null, randomSlope: false, site: 3 });
    expect(outerSplit(d, "always")).toEqual({ outer: [0], r: 3 });
  });
});

describe("Woodbury path: the optimum", () => {
  it("REML on blocks of about 130 rows (5 sites × 32 subjects, site intercept + UN): the same θ̂ and −2 log L as the per-block engine", async () => {
    const { optimise } = await import("../../../src-core/fit/optimise.js");
    const design = simulateDesign({ seed: 31, subjects: 160, visits: 4, structure: "us", site: 5, missing: 0.15 });
    const model = new CovarianceModel(design);
    const auto = likelihoodFor(design, model, "REML").lik;
    expect(auto).toBeInstanceOf(WoodburyLikelihood);
    const plain = new Likelihood(model, buildBlocks(design), "REML", design.p, design.nobs);
    const opts = { maxIterations: 200, tolerance: 1e-10 };
    const a = optimise(auto, model, startingValues(design, model), opts), b = optimise(plain, model, startingValues(design, model), opts);
    expect(a.converged && b.converged).toBe(true);
    expect(Math.abs(a.evaluation.f - b.evaluation.f)).toBeLessThan(1e-8);
    expect(relErr(a.theta, b.theta)).toBeLessThan(1e-6);
  });
});

describe("Woodbury path: a multi-centre trial against nlme", () => {
  // bench/r/site-nlme.out (source: nlme::lme, REML, random = ~1 | SITE, corSymm + varIdent within SITE/USUBJID,
  // on bench/r/site-trial.csv = withSites(simulateTrial(300, 4, 11), 7, 12)).
  const nlme = {
    m2logLik: 4692.527962,
    coefficients: {
      "(Intercept)": [4.19489844472, 1.33521903211], BASE: [-0.05022278147, 0.02404849974], ARMTRT: [-0.09614419876, 0.23909595408],
      AVISITVIS02: [0.09296783504, 0.12516587618], AVISITVIS03: [0.54265247616, 0.1884856729], AVISITVIS04: [1.25716953358, 0.24003897919],
      "ARMTRT:AVISITVIS02": [0.7836479276, 0.1767195243], "ARMTRT:AVISITVIS03": [1.13712180184, 0.26672303732], "ARMTRT:AVISITVIS04": [1.16769945886, 0.33903693459],
    } as Record<string, [number, number]>,
  };
  it("−2 REML log L no higher than nlme's and within 1e-3; estimates within 1e-3 of their SE, SEs within 1e-3 relative", async () => {
    const { fitModel } = await import("../../../src-core/index.js");
    const { simulateTrial, withSites } = await import("../../../src-core/data/simulate.js");
    const fit = fitModel(withSites(simulateTrial(300, 4, 11), 7, 12), {
      formula: "CHG ~ BASE + ARM * AVISIT + (1 | SITE) + us(AVISIT | USUBJID)", method: "REML", ddf: "residual",
      factors: ["USUBJID", "SITE"], reference: { ARM: "PBO", AVISIT: "VIS01" },
    });
    expect(fit.converged).toBe(true);
    // nlme's optimiser stops about 6e-5 above the optimum
    expect(fit.m2logLik).toBeLessThanOrEqual(nlme.m2logLik + 1e-6);
    expect(nlme.m2logLik - fit.m2logLik).toBeLessThan(1e-3);
    for (const [name, [est, se]] of Object.entries(nlme.coefficients)) {
      const c = fit.coefficients.find((r) => r.name === name)!;
      expect(Math.abs(c.estimate - est) / se, name).toBeLessThan(1e-3);
      expect(Math.abs(c.se - se) / se, name).toBeLessThan(1e-3);
    }
  });
});
