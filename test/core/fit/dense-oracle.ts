import { Matrix, inverse, CholeskyDecomposition } from "ml-matrix";
import { expect } from "vitest";
import type { Evaluation } from "../../../src-core/fit/reml.js";
import { maxRelErr } from "./fixtures.js";
import type { Design } from "../../../src-core/design/design.js";
import { CovarianceModel } from "../../../src-core/fit/covariance-model.js";

/**
 * The slow, plain computation the blocked engine must agree with: V = Σ Z G Zᵀ + W^{-1/2} R W^{-1/2} as one
 * dense N×N matrix, P = V⁻¹ − V⁻¹X(XᵀV⁻¹X)⁻¹XᵀV⁻¹, and the textbook formulas (docs/math/reml.md):
 *   f_REML = log|V| + log|XᵀV⁻¹X| + yᵀPy + (N−p) log 2π,   f_ML = log|V| + yᵀPy + N log 2π
 *   ∂f/∂θ_k = tr(V⁻¹V_k) − [REML] tr(C XᵀV⁻¹V_kV⁻¹X) − yᵀPV_kPy
 *   E[H]_kl = tr(PV_kPV_l) (REML), tr(V⁻¹V_kV⁻¹V_l) (ML)
 *   H_kl = tr(Q V_kl) − tr(Q V_k Q V_l) + 2 yᵀPV_kPV_lPy − yᵀPV_klPy, Q = P (REML) or V⁻¹ (ML).
 * Linear algebra by ml-matrix, independent of the engine's own kernels.
 */
export function denseOracle(design: Design, theta: Float64Array, method: "REML" | "ML") {
  const model = new CovarianceModel(design);
  const N = design.nobs, p = design.p, q = model.nparam;
  const w = design.weights ?? new Float64Array(N).fill(1);
  const build = (which: (c: (typeof model.components)[number], th: Float64Array, pos: Int32Array, out: Float64Array) => boolean): Matrix => {
    const V = Matrix.zeros(N, N);
    for (const c of model.components) {
      const th = model.slice(theta, c);
      if (c.role === "random") {
        const r = design.random[c.index];
        const d = c.structure.dim;
        const G = new Float64Array(d * d);
        if (!which(c, th, Int32Array.from({ length: d }, (_, i) => i), G)) continue;
        for (let i = 0; i < N; i++)
          for (let j = 0; j < N; j++) {
            if (r.groupIndex[i] !== r.groupIndex[j]) continue;
            let s = 0;
            for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) s += r.Z[i * d + a] * G[a * d + b] * r.Z[j * d + b];
            V.set(i, j, V.get(i, j) + s);
          }
      } else if (design.residual === null) {
        const out = new Float64Array(1);
        if (!which(c, th, new Int32Array(1), out)) continue;
        for (let i = 0; i < N; i++) V.set(i, i, V.get(i, i) + out[0] / w[i]);
      } else {
        const res = design.residual;
        const d = c.structure.dim;
        const S = new Float64Array(d * d);
        if (!which(c, th, Int32Array.from({ length: d }, (_, i) => i), S)) continue;
        for (let i = 0; i < N; i++)
          for (let j = 0; j < N; j++) {
            if (res.subjectIndex[i] !== res.subjectIndex[j]) continue;
            if ((res.groupIndex ? res.groupIndex[i] : 0) !== c.index) continue;
            V.set(i, j, V.get(i, j) + S[res.position[i] * d + res.position[j]] / Math.sqrt(w[i] * w[j]));
          }
      }
    }
    return V;
  };
  const owner = (k: number) => model.components.find((c) => k >= c.offset && k < c.offset + c.structure.nparam)!;
  const V = build((c, th, pos, out) => (c.structure.fill(th, pos, out), true));
  const dV = Array.from({ length: q }, (_, k) => build((c, th, pos, out) => c === owner(k) && (c.structure.fillD1(th, k - c.offset, pos, out), true)));
  const d2V = (k: number, l: number) =>
    build((c, th, pos, out) => c === owner(k) && c === owner(l) && c.structure.hasD2(k - c.offset, l - c.offset) && (c.structure.fillD2(th, k - c.offset, l - c.offset, pos, out), true));
  const X = new Matrix(Array.from({ length: N }, (_, i) => Array.from(design.X.subarray(i * p, (i + 1) * p))));
  const y = Matrix.columnVector(Array.from(design.y));
  const Vi = inverse(V);
  const XtViX = X.transpose().mmul(Vi).mmul(X);
  const C = inverse(XtViX);
  const P = Vi.clone().sub(Vi.mmul(X).mmul(C).mmul(X.transpose()).mmul(Vi));
  const logdet = (M0: Matrix) => { const M = M0.clone().add(M0.transpose()).div(2); const L = new CholeskyDecomposition(M).lowerTriangularMatrix; let s = 0; for (let i = 0; i < M.rows; i++) s += 2 * Math.log(L.get(i, i)); return s; };
  const yPy = y.transpose().mmul(P).mmul(y).get(0, 0);
  const reml = method === "REML";
  const f = logdet(V) + (reml ? logdet(XtViX) : 0) + yPy + (reml ? N - p : N) * Math.log(2 * Math.PI);
  const Q = reml ? P : Vi;
  const tr = (M: Matrix) => M.trace();
  const Py = P.mmul(y);
  const gradient = dV.map((Vk) => tr(Q.mmul(Vk)) - Py.transpose().mmul(Vk).mmul(Py).get(0, 0));
  const expected = new Float64Array(q * q), observed = new Float64Array(q * q);
  for (let k = 0; k < q; k++)
    for (let l = 0; l < q; l++) {
      const QkQl = tr(Q.mmul(dV[k]).mmul(Q).mmul(dV[l]));
      expected[k * q + l] = QkQl;
      const Vkl = d2V(k, l);
      observed[k * q + l] = tr(Q.mmul(Vkl)) - QkQl + 2 * Py.transpose().mmul(dV[k]).mmul(P).mmul(dV[l]).mmul(Py).get(0, 0) - Py.transpose().mmul(Vkl).mmul(Py).get(0, 0);
    }
  const beta = C.mmul(X.transpose()).mmul(Vi).mmul(y).to1DArray();
  return { f, gradient, expected, observed, beta, C: C.to1DArray(), matrices: { X, Vi, C, dV, d2V } };
}

/** The engine's expected- and observed-information evaluations at θ agree with the oracle's to 1e-10 relative. */
export function expectOracle(exp: Evaluation, obs: Evaluation, dense: ReturnType<typeof denseOracle>): void {
  expect(exp.ok).toBe(true);
  expect(Math.abs(exp.f - dense.f) / Math.abs(dense.f)).toBeLessThan(1e-10);
  expect(maxRelErr(exp.gradient!, dense.gradient)).toBeLessThan(1e-10);
  expect(maxRelErr(exp.beta, dense.beta)).toBeLessThan(1e-10);
  expect(maxRelErr(exp.C, dense.C)).toBeLessThan(1e-10);
  expect(maxRelErr(obs.information!, dense.observed)).toBeLessThan(1e-10);
  expect(maxRelErr(exp.information!, dense.expected)).toBeLessThan(1e-10);
}
