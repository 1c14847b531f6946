import { Matrix, inverse, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { CovarianceModel } from "../../../src-core/fit/covariance-model.js";
import { Likelihood } from "../../../src-core/fit/reml.js";
import { buildBlocks } from "../../../src-core/fit/blocks.js";
import { defaultConvergence, mivque0, sasNewton, SAS_CONVH } from "../../../src-core/fit/sas-newton.js";
import { fitModel } from "../../../src-core/index.js";
import { LongitudeError } from "../../../src-core/errors.js";
import { denseOracle } from "./dense-oracle.js";
import { maxRelErr as relErr, simulateDesign, type SimOptions } from "./fixtures.js";

/**
 * SAS's iteration (src-core/fit/sas-newton.ts). MIVQUE(0) against its textbook definition computed densely:
 * Σ_l tr(QV_kQV_l) θ_l = yᵀQV_kQy with Q = I − X(XᵀX)⁻¹Xᵀ (Rao 1972; the starting values SAS documents).
 */
function denseMivque0(design: ReturnType<typeof simulateDesign>, theta: Float64Array): number[] {
  const { X, dV } = denseOracle(design, theta, "REML").matrices; // dV does not depend on θ for linear structures
  const N = design.nobs;
  const Q = Matrix.eye(N).sub(X.mmul(inverse(X.transpose().mmul(X))).mmul(X.transpose()));
  const y = Matrix.columnVector(Array.from(design.y));
  const q = dV.length;
  const A = new Matrix(q, q), b = new Matrix(q, 1);
  for (let k = 0; k < q; k++) {
    const QVk = Q.mmul(dV[k]);
    for (let l = 0; l < q; l++) A.set(k, l, QVk.mmul(Q).mmul(dV[l]).trace());
    b.set(k, 0, y.transpose().mmul(QVk).mmul(Q).mmul(y).get(0, 0));
  }
  return solve(A, b).to1DArray();
}

describe("MIVQUE(0) starting values", () => {
  for (const structure of ["us", "cs", "toep"] as const)
    it(`${structure}: one scoring step from V = I equals the dense MIVQUE(0) equations to 1e-9`, () => {
      const design = simulateDesign({ seed: 40, subjects: 30, visits: 4, structure, missing: 0.2 });
      const model = new CovarianceModel(design);
      const lik = new Likelihood(model, buildBlocks(design), "REML", design.p, design.nobs);
      const theta = mivque0(lik, model)!;
      expect(theta).not.toBeNull();
      expect(relErr(theta, denseMivque0(design, theta))).toBeLessThan(1e-9);
    });
  it("none for random effects or a structure that is not linear in its parameters", () => {
    for (const o of [{ structure: "ar1" as const }, { structure: null, randomSlope: false }]) {
      const design = simulateDesign({ seed: 41, subjects: 20, visits: 4, ...o });
      const model = new CovarianceModel(design);
      expect(mivque0(new Likelihood(model, buildBlocks(design), "REML", design.p, design.nobs), model)).toBeNull();
    }
  });
});

describe("SAS's Newton-Raphson", () => {
  it("stops at the first iterate whose relative Hessian criterion is at most 1e-8, and not before", () => {
    const design = simulateDesign({ seed: 42, subjects: 60, visits: 5, structure: "us", missing: 0.25 });
    const model = new CovarianceModel(design);
    const lik = new Likelihood(model, buildBlocks(design), "REML", design.p, design.nobs);
    const fs: number[] = [];
    const r = sasNewton(lik, model, mivque0(lik, model)!, { maxIterations: 50, onIteration: (_i, f) => fs.push(f) });
    expect(r.converged).toBe(true);
    expect(r.decrement / Math.abs(r.evaluation.f)).toBeLessThanOrEqual(SAS_CONVH);
    // the iterate before the last one had not met the criterion
    const before = sasNewton(lik, model, mivque0(lik, model)!, { maxIterations: r.iterations - 1 });
    expect(before.converged).toBe(false);
    expect(before.decrement / Math.abs(before.evaluation.f)).toBeGreaterThan(SAS_CONVH);
    // −2 log L never rises along the way
    for (let i = 1; i < fs.length; i++) expect(fs[i]).toBeLessThanOrEqual(fs[i - 1]);
  });

  it("never calls a ridge-damped step converged: under extreme missingness it hands over to the default optimiser", async () => {
    // src-core/data/simulate.ts missingness trial 1007 (200 subjects × 10 visits, UN, about 46% missing): nlme::gls converges
    // to −2 REML log L 4840.6684 (bench/r/missingness-nlme.out). SAS's iteration does not reach a stationary point
    // with a positive definite H here; its ridge-damped decrement once passed for convergence at a point with
    // |g| ≈ 2e4 and a singular residual matrix.
    const { missingnessTrialWith } = await import("../../../src-core/data/simulate.js");
    const data = missingnessTrialWith(200, 10, 1007, 0.25, 0.5);
    const fit = fitModel(data, { formula: "CHG ~ BASE + ARM * AVISIT + us(AVISIT | USUBJID)", ddf: "residual", factors: ["USUBJID"], convergence: "sas" });
    expect(fit.converged).toBe(true);
    expect(fit.m2logLik).toBeCloseTo(4840.6684, 3);
    expect(fit.diagnostics.criterion).toBe("optimum");
    expect(fit.diagnostics.warnings.some((w) => w.startsWith("SAS's iteration did not converge (SAS's Newton-Raphson iteration did not meet its criterion"))).toBe(true);
  });

  it("is the default for unstructured residual covariance without random effects, and only there", () => {
    const criterion = (o: Pick<SimOptions, "structure"> & Partial<SimOptions>) => defaultConvergence(new CovarianceModel(simulateDesign({ seed: 43, subjects: 20, visits: 4, ...o })));
    expect(criterion({ structure: "us" })).toBe("sas");
    expect(criterion({ structure: "us", groups: 2 })).toBe("sas");
    for (const structure of ["cs", "toep", "ar1", "csh", "toeph"] as const) expect(criterion({ structure }), structure).toBe("optimum");
    expect(criterion({ structure: "us", randomSlope: false })).toBe("optimum");
    expect(criterion({ structure: null, randomSlope: true })).toBe("optimum");
  });

  it("an unknown convergence setting is refused with the choices", () => {
    const data = { nrow: 2, names: ["y"], columns: { y: { kind: "numeric" as const, values: Float64Array.from([1, 2]) } } };
    expect(() => fitModel(data, { formula: "y ~ 1", convergence: "loose" as never })).toThrow(
      new LongitudeError("bad-spec", 'unknown convergence "loose": use "optimum" (iterate to the optimum) or "sas" (stop where SAS PROC MIXED stops)'),
    );
  });
});
