import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { buildBlocks } from "../../../src-core/fit/blocks.js";
import { CovarianceModel } from "../../../src-core/fit/covariance-model.js";
import { Likelihood } from "../../../src-core/fit/reml.js";
import { startingValues } from "../../../src-core/fit/start.js";
import { KenwardRoger, thetaCovariance } from "../../../src-core/inference/kenward-roger.js";
import { denseOracle } from "../fit/dense-oracle.js";
import { maxRelErr as relErr, ORACLE_CASES, simulateDesign } from "../fit/fixtures.js";

/**
 * The per-pattern Kenward–Roger (Likelihood.krSum + KenwardRoger) against a slow, dense computation of the
 * same formulas (docs/math/kenward-roger.md) at the same θ, for every structure: V as one N×N matrix,
 *   P_k = −XᵀV⁻¹V_kV⁻¹X, Q_kl = XᵀV⁻¹V_kV⁻¹V_lV⁻¹X, R_kl = XᵀV⁻¹V_klV⁻¹X, the same W for both,
 *   Φ_A = Φ + 2Φ{Σ W_kl(Q_kl − P_kΦP_l − ¼R_kl)}Φ,
 * and the scalar KR df from A1, A2 (ℓ = 1), on the REML oracle's cases (every structure, per-group covariance,
 * weights, random effects, nesting). Agreement to 1e-9 relative.
 */
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
  for (const [name, opts] of ORACLE_CASES)
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
