import type { Design } from "../design/design.js";
import { choleskyInPlace, inverseFromCholesky } from "../linalg/cholesky.js";
import type { BlupSet } from "../result.js";
import type { LikelihoodEngine, PredictionBasis } from "../fit/reml.js";

/**
 * BLUPs and observation-level predictions at θ̂ (docs/math/reml.md, "BLUPs"):
 *   b̂ = G Zᵀ V⁻¹ (y − Xβ̂),  Var(b̂ − b) = G − G Zᵀ P Z G,  P = V⁻¹ − V⁻¹X C XᵀV⁻¹,
 * computed per block in the whitened coordinates of blocks.ts. Marginal residuals are y − Xβ̂, conditional
 * residuals y − Xβ̂ − Zb̂, and Pearson residuals (y − Xβ̂)/√V_ii.
 */
export interface Predictions {
  blups: BlupSet[];
  fitted: Float64Array;
  conditionalFitted: Float64Array | null;
  pearson: Float64Array;
}

export function predict(design: Design, lik: LikelihoodEngine, theta: Float64Array, beta: Float64Array, C: Float64Array): Predictions {
  const { p, nobs: N } = design;
  const G = lik.gMatrices(theta);
  const sets = design.random.map((r) => {
    const q = r.termNames.length;
    return { values: new Float64Array(r.groupLevels.length * q), pv: new Float64Array(r.groupLevels.length * q), q };
  });
  const fitted = new Float64Array(N);
  for (let i = 0; i < N; i++) { let t = 0; for (let a = 0; a < p; a++) t += design.X[i * p + a] * beta[a]; fitted[i] = t; }
  const conditional = design.random.length > 0 ? fitted.slice() : null;
  const pearson = new Float64Array(N);
  const basis = lik.predictionBasis(theta, beta, C);
  if (!basis) return { blups: [], fitted, conditionalFitted: conditional, pearson: pearson.fill(NaN) };
  // Woodbury path (fit/woodbury.ts): the blocks are the inner units, X carries the outer effects' columns
  // (pa of them), (β̂, û) and C* come from the mixed-model equations; V⁻¹(y − Xβ̂) = D⁻¹(y − Xβ̂ − Uû), and
  // the outer effects' BLUPs and prediction variances are û and diag(C*_uu).
  const pa = basis.p, betaA = basis.beta, CA = basis.C;
  const outerVar = outerVariance(design, basis, G);
  for (const o of basis.outer) {
    const term = design.random[o.term], q = term.termNames.length, set = sets[o.term];
    for (let j = 0; j < term.groupLevels.length * q; j++) { set.values[j] = betaA[o.column + j]; set.pv[j] = CA[(o.column + j) * pa + o.column + j]; }
  }
  const isOuter = new Set(basis.outer.map((o) => o.term));
  const ViXnone = new Float64Array(0);
  for (const g of basis.patterns) {
    const n = g.n;
    const V = new Float64Array(n * n);
    basis.fillV(g, V);
    const Vdiag = Float64Array.from({ length: n }, (_, i) => V[i * n + i]);
    const L = V.slice();
    if (!choleskyInPlace(L, n)) continue;
    const Vi = new Float64Array(n * n);
    inverseFromCholesky(L, n, Vi);
    const r = new Float64Array(n), u = new Float64Array(n);
    const innerRandom = g.parts.some((part) => part.kind === "random" && !isOuter.has(part.component));
    const ViX = innerRandom ? new Float64Array(n * pa) : ViXnone;
    for (let s = 0; s < g.m; s++) {
      const X = g.X.subarray(s * n * pa, (s + 1) * n * pa), y = g.y.subarray(s * n, (s + 1) * n);
      for (let i = 0; i < n; i++) {
        const row = g.rowIndex[s * n + i];
        let t = y[i];
        for (let a = 0; a < p; a++) t -= X[i * pa + a] * betaA[a];
        // whitened marginal residual over whitened sd equals the raw ratio
        pearson[row] = t / Math.sqrt(Vdiag[i] + (outerVar ? outerVar[row] : 0));
        for (let a = p; a < pa; a++) t -= X[i * pa + a] * betaA[a];
        r[i] = t;
      }
      for (let i = 0; i < n; i++) { let t = 0; for (let j = 0; j < n; j++) t += Vi[i * n + j] * r[j]; u[i] = t; }
      if (!innerRandom) continue;
      for (let i = 0; i < n; i++) for (let a = 0; a < pa; a++) { let t = 0; for (let j = 0; j < n; j++) t += Vi[i * n + j] * X[j * pa + a]; ViX[i * pa + a] = t; }
      for (const part of g.parts) {
        if (part.kind !== "random" || isOuter.has(part.component)) continue;
        const term = design.random[part.component];
        const q = term.termNames.length;
        const Gc = G[part.component];
        const k = part.rows.length;
        const level = term.groupIndex[g.rowIndex[s * n + part.rows[0]]];
        // GZᵀ (q × k) in block coordinates
        const GZt = new Float64Array(q * k);
        for (let j = 0; j < q; j++) for (let a = 0; a < k; a++) { let t = 0; for (let l = 0; l < q; l++) t += Gc[j * q + l] * part.Z[a * q + l]; GZt[j * k + a] = t; }
        const set = sets[part.component];
        for (let j = 0; j < q; j++) {
          let b = 0;
          for (let a = 0; a < k; a++) b += GZt[j * k + a] * u[part.rows[a]];
          set.values[level * q + j] = b;
          // Var(b̂_j − b_j) = G_jj − (GZᵀ V⁻¹ Z G)_jj + (GZᵀV⁻¹X) C (XᵀV⁻¹ZG) _jj
          let quad = 0;
          for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) quad += GZt[j * k + a] * Vi[part.rows[a] * n + part.rows[c]] * GZt[j * k + c];
          const h = new Float64Array(pa);
          for (let x = 0; x < pa; x++) { let t = 0; for (let a = 0; a < k; a++) t += GZt[j * k + a] * ViX[part.rows[a] * pa + x]; h[x] = t; }
          let hc = 0;
          for (let x = 0; x < pa; x++) for (let y2 = 0; y2 < pa; y2++) hc += h[x] * CA[x * pa + y2] * h[y2];
          set.pv[level * q + j] = Gc[j * q + j] - quad + hc;
        }
      }
    }
  }
  if (conditional) {
    design.random.forEach((term, t) => {
      const q = term.termNames.length;
      for (let i = 0; i < N; i++) {
        const lv = term.groupIndex[i];
        let s = 0;
        for (let j = 0; j < q; j++) s += term.Z[i * q + j] * sets[t].values[lv * q + j];
        conditional[i] += s;
      }
    });
  }
  const blups: BlupSet[] = design.random.map((term, t) => {
    const q = term.termNames.length;
    return {
      group: term.group,
      terms: [...term.termNames],
      levels: [...term.groupLevels],
      values: term.groupLevels.map((_, i) => Array.from(sets[t].values.subarray(i * q, (i + 1) * q))),
      predictionVariance: term.groupLevels.map((_, i) => Array.from(sets[t].pv.subarray(i * q, (i + 1) * q))),
    };
  });
  return { blups, fitted, conditionalFitted: conditional, pearson };
}

/** Whitened variance of the outer random effects on each row, w_i z_iᵀ G z_i (Woodbury path only). */
function outerVariance(design: Design, basis: PredictionBasis, G: Float64Array[]): Float64Array | null {
  if (basis.outer.length === 0) return null;
  const N = design.nobs, w = design.weights;
  const out = new Float64Array(N);
  for (const o of basis.outer) {
    const term = design.random[o.term], q = term.termNames.length, Gc = G[o.term];
    for (let i = 0; i < N; i++) {
      let t = 0;
      for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) t += term.Z[i * q + a] * Gc[a * q + b] * term.Z[i * q + b];
      out[i] += (w ? w[i] : 1) * t;
    }
  }
  return out;
}
