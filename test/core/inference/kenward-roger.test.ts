import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { buildBlocks } from "../../../src-core/fit/blocks.js";
import { CovarianceModel } from "../../../src-core/fit/covariance-model.js";
import { Likelihood } from "../../../src-core/fit/reml.js";
import { startingValues } from "../../../src-core/fit/start.js";
import { KenwardRoger, thetaCovariance } from "../../../src-core/inference/kenward-roger.js";
import { denseOracle } from "../fit/dense-oracle.js";
import { simulateDesign, type SimOptions } from "../fit/fixtures.js";

/**
 * The per-pattern Kenward–Roger (Likelihood.krSum + KenwardRoger) against a slow, dense computation of the
 * same formulas (docs/math/kenward-roger.md) at the same θ, for every structure: V as one N×N matrix,
 *   P_k = −XᵀV⁻¹V_kV⁻¹X, Q_kl = XᵀV⁻¹V_kV⁻¹V_lV⁻¹X, R_kl = XᵀV⁻¹V_klV⁻¹X, the same W for both,
 *   Φ_A = Φ + 2Φ{Σ W_kl(Q_kl − P_kΦP_l − ¼R_kl)}Φ,
 * and the scalar KR df from A1, A2 (ℓ = 1). Agreement to 1e-9 relative.
 */
const cases: [string, SimOptions][] = [
  ["us", { seed: 1, subjects: 14, visits: 4, structure: "us", missing: 0.25 }],
  ["cs", { seed: 3, subjects: 12, visits: 4, structure: "cs", missing: 0.3 }],
  ["csh", { seed: 4, subjects: 12, visits: 4, structure: "csh", missing: 0.3 }],
  ["ar1", { seed: 5, subjects: 12, visits: 5, structure: "ar1", missing: 0.3 }],
  ["ar1h", { seed: 6, subjects: 12, visits: 4, structure: "ar1h", missing: 0.3 }],
  ["ad", { seed: 7, subjects: 12, visits: 4, structure: "ad", missing: 0.3 }],
  ["adh", { seed: 8, subjects: 12, visits: 4, structure: "adh", missing: 0.3 }],
  ["toep", { seed: 9, subjects: 12, visits: 4, structure: "toep", missing: 0.3 }],
  ["toeph", { seed: 10, subjects: 12, visits: 4, structure: "toeph", missing: 0.3 }],
  ["sp_exp", { seed: 11, subjects: 12, visits: 4, structure: "sp_exp", missing: 0.3 }],
  ["us per group, weighted", { seed: 2, subjects: 16, visits: 3, structure: "us", groups: 2, weights: true, missing: 0.2 }],
  ["random intercept and slope", { seed: 12, subjects: 10, visits: 5, structure: null, randomSlope: true, missing: 0.2 }],
  ["random slope + csh per group", { seed: 14, subjects: 12, visits: 3, structure: "csh", groups: 2, randomSlope: true }],
];

const relErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
  return num / den;
};

function denseKr(design: ReturnType<typeof simulateDesign>, theta: Float64Array, linear: boolean, W: Float64Array) {
  const o = denseOracle(design, theta, "REML");
  const { X, Vi, C, dV, d2V } = o.matrices;
  const q = dV.length, p = design.p;
  const Wm = new Matrix(Array.from({ length: q }, (_, k) => Array.from(W.slice(k * q, (k + 1) * q))));
  const XtVi = X.transpose().mmul(Vi), ViX = Vi.mmul(X);
  const P = dV.map((Vk) => XtVi.mmul(Vk).mmul(ViX).mul(-1));
  let U = Matrix.zeros(p, p);
  for (let k = 0; k < q; k++)
    for (let l = 0; l < q; l++) {
      const Qkl = XtVi.mmul(dV[k]).mmul(Vi).mmul(dV[l]).mmul(ViX);
      const term = Qkl.sub(P[k].mmul(C).mmul(P[l]));
      if (!linear) term.sub(XtVi.mmul(d2V(k, l)).mmul(ViX).mul(0.25));
      U = U.add(term.mul(Wm.get(k, l)));
    }
  const PhiA = C.clone().add(C.mmul(U).mmul(C).mul(2));
  // scalar df (ℓ = 1) for the first non-intercept coefficient
  const l = Matrix.zeros(1, p); l.set(0, 1, 1);
  const Theta = l.transpose().mmul(l).div(l.mmul(C).mmul(l.transpose()).get(0, 0));
  const M = P.map((Pk) => Theta.mmul(C).mmul(Pk).mmul(C));
  let A1 = 0, A2 = 0;
  for (let k = 0; k < q; k++) for (let m = 0; m < q; m++) { A1 += Wm.get(k, m) * M[k].trace() * M[m].trace(); A2 += Wm.get(k, m) * M[k].mmul(M[m]).trace(); }
  const B = (A1 + 6 * A2) / 2, g = (2 * A1 - 5 * A2) / (3 * A2), d = 3 + 2 * (1 - g);
  const c1 = g / d, c2 = (1 - g) / d, c3 = (3 - g) / d;
  const E = 1 / (1 - A2), Vs = 2 * (1 + c1 * B) / ((1 - c2 * B) ** 2 * (1 - c3 * B));
  const rho = Vs / (2 * E * E);
  return { PhiA: PhiA.to1DArray(), df: 4 + 3 / (rho - 1) };
}

describe("per-pattern Kenward-Roger equals the dense computation at fixed θ", () => {
  for (const [name, opts] of cases)
    for (const linear of [false, true])
      it(`${name}${linear ? " (linear)" : ""}`, () => {
        const design = simulateDesign(opts);
        const model = new CovarianceModel(design);
        const lik = new Likelihood(model, buildBlocks(design), "REML", design.p, design.nobs);
        const theta = startingValues(design, model).map((v, k) => v * (1 + 0.05 * Math.sin(k + 1)));
        const ev = lik.evaluate(theta, { gradient: true, information: "observed", exact: true });
        const q = model.nparam, p = design.p;
        // Any symmetric W serves to compare the two computations; 2 × the inverse expected information is
        // positive definite away from the optimum too (the observed one need not be).
        const W = thetaCovariance(lik.evaluate(theta, { gradient: true, information: "expected" }).information!, q)!;
        const dense = denseKr(design, theta, linear, W);
        const kr = new KenwardRoger(ev.C, ev.A!, W, lik.krSum(theta, W, !linear)!, p, q);
        expect(relErr(kr.adjusted, dense.PhiA)).toBeLessThan(1e-9);
        const l = new Float64Array(p); l[1] = 1;
        const t = kr.test(l, 1, ev.beta);
        expect(Math.abs(t.denDF - dense.df) / dense.df).toBeLessThan(1e-9);
      });
});
