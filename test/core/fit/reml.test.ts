import { describe, expect, it } from "vitest";
import { buildBlocks } from "../../../src-core/fit/blocks.js";
import { CovarianceModel } from "../../../src-core/fit/covariance-model.js";
import { Likelihood } from "../../../src-core/fit/reml.js";
import { startingValues } from "../../../src-core/fit/start.js";
import { denseOracle, expectOracle } from "./dense-oracle.js";
import { maxRelErr as relErr, ORACLE_CASES, simulateDesign } from "./fixtures.js";

// Oracle test (issue [1 of 5]): at a fixed θ, the blocked, pattern-cached objective, gradient and
// information equal the dense computation V = ZGZᵀ + R with a full inverse, to 1e-10 relative.
describe("blocked REML/ML equals the dense oracle at fixed θ", () => {
  for (const [name, o] of ORACLE_CASES)
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
        expectOracle(exp, obs, dense);
        // the same with every pattern evaluated from its moments (blocks.ts / moments.ts)
        expectOracle(likMoments.evaluate(theta, { gradient: true, information: "expected" }), likMoments.evaluate(theta, { gradient: true, information: "observed" }), dense);
      });
    }
});
