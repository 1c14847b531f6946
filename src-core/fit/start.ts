import type { Design } from "../design/design.js";
import { choleskyInPlace, solveCholesky } from "../linalg/cholesky.js";
import type { CovarianceModel } from "./covariance-model.js";

/**
 * Starting values θ₀ (docs/math/reml.md, "Starting values"): ordinary least squares residuals e give the
 * residual variance and, for a visit structure, the moment estimate S_ij = mean of e_i e_j over subjects
 * observed at both visits i and j; each structure turns S into admissible starting parameters. With random
 * effects, half of the residual variance is attributed to the random terms, spread over their columns.
 */
export function startingValues(design: Design, model: CovarianceModel): Float64Array {
  const { nobs: N, p, X, y } = design;
  const w = design.weights;
  const XtX = new Float64Array(p * p);
  const Xty = new Float64Array(p);
  for (let i = 0; i < N; i++) {
    const wi = w ? w[i] : 1;
    for (let a = 0; a < p; a++) {
      const xa = X[i * p + a] * wi;
      if (xa === 0) continue; // dummy columns: most of a row is zero
      Xty[a] += xa * y[i];
      for (let b = 0; b <= a; b++) XtX[a * p + b] += xa * X[i * p + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) XtX[b * p + a] = XtX[a * p + b];
  const beta = Xty.slice();
  if (p > 0 && choleskyInPlace(XtX, p)) solveCholesky(XtX, p, beta);
  const e = new Float64Array(N);
  let ss = 0;
  for (let i = 0; i < N; i++) {
    let t = y[i];
    for (let a = 0; a < p; a++) t -= X[i * p + a] * beta[a];
    e[i] = t * (w ? Math.sqrt(w[i]) : 1);
    ss += e[i] * e[i];
  }
  const sigma2 = Math.max(ss / Math.max(1, N - p), 1e-8);
  const share = model.randomComponents.length > 0 ? 0.5 : 1;
  const theta = new Float64Array(model.nparam);

  for (const c of model.randomComponents) {
    const r = design.random[c.index];
    const q = r.termNames.length;
    const S = new Float64Array(q * q);
    for (let j = 0; j < q; j++) {
      let m2 = 0;
      for (let i = 0; i < N; i++) m2 += r.Z[i * q + j] ** 2;
      m2 /= N;
      S[j * q + j] = (sigma2 * (1 - share)) / model.randomComponents.length / q / Math.max(m2, 1e-12);
    }
    theta.set(c.structure.start(S), c.offset);
  }

  const res = design.residual;
  for (const c of model.residualComponents) {
    const t = c.structure.dim;
    const S = new Float64Array(t * t).fill(NaN);
    if (res === null) {
      S[0] = sigma2 * share;
    } else {
      const sum = new Float64Array(t * t), cnt = new Float64Array(t * t);
      // rows of each subject (in this group)
      const bySubject = new Map<number, number[]>();
      for (let i = 0; i < N; i++) {
        if (res.groupIndex && res.groupIndex[i] !== c.index) continue;
        const s = res.subjectIndex[i];
        let list = bySubject.get(s);
        if (!list) { list = []; bySubject.set(s, list); }
        list.push(i);
      }
      for (const rows of bySubject.values())
        for (const i of rows)
          for (const j of rows) {
            const k = res.position[i] * t + res.position[j];
            sum[k] += e[i] * e[j];
            cnt[k] += 1;
          }
      for (let k = 0; k < t * t; k++) if (cnt[k] > 0) S[k] = (sum[k] / cnt[k]) * share;
      for (let i = 0; i < t; i++) if (!(S[i * t + i] > 0)) S[i * t + i] = sigma2 * share;
    }
    theta.set(c.structure.start(S), c.offset);
  }
  return theta;
}
