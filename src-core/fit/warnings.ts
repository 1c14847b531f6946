import type { Design } from "../design/design.js";
import type { CovarianceModel } from "./covariance-model.js";

/**
 * Boundary checks at θ̂: a random-effects G or a residual covariance that is singular (a variance at zero,
 * a correlation at ±1). Such fits are reported with a warning, as SAS and lme4 do ("singular fit").
 */
export function boundaryWarnings(model: CovarianceModel, theta: Float64Array, design: Design): string[] {
  const out: string[] = [];
  for (const c of model.components) {
    if (c.structure.kind === "iid") continue;
    const d = c.structure.dim;
    const S = model.fullMatrix(theta, c);
    const label = c.role === "random" ? `random effects for ${c.subject}` : `residual covariance${c.group ? ` (${c.group})` : ""}`;
    const names = c.role === "random" ? design.random[c.index].termNames : null;
    let maxVar = 0;
    for (let i = 0; i < d; i++) maxVar = Math.max(maxVar, S[i * d + i]);
    for (let i = 0; i < d; i++) {
      if (S[i * d + i] <= 1e-8 * maxVar) out.push(`${label}: the variance of ${names ? names[i] : `position ${i + 1}`} is estimated at zero (singular fit)`);
    }
    for (let i = 0; i < d; i++)
      for (let j = 0; j < i; j++) {
        const r = S[i * d + j] / Math.sqrt(S[i * d + i] * S[j * d + j]);
        if (Math.abs(r) > 1 - 1e-6) out.push(`${label}: correlation between ${names ? `${names[i]} and ${names[j]}` : `positions ${j + 1} and ${i + 1}`} is ${r > 0 ? "+1" : "−1"} (singular fit)`);
      }
    const minPivot = correlationPivot(S, d);
    if (d > 2 && minPivot < 1e-8 && !out.some((w) => w.startsWith(label))) out.push(`${label}: the estimated matrix is singular (not positive definite)`);
  }
  return out;
}

/**
 * The smallest pivot of a Cholesky factorisation of the correlation matrix of S (d×d): 1 for a diagonal
 * matrix, 0 for a singular one. It measures how close a covariance matrix is to the boundary of the
 * positive definite cone, beyond what pairwise correlations show.
 */
export function correlationPivot(S: Float64Array, d: number): number {
  const R = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) R[i * d + j] = S[i * d + j] / Math.sqrt(S[i * d + i] * S[j * d + j] || 1);
  let minPivot = Infinity;
  for (let j = 0; j < d; j++) {
    let v = R[j * d + j];
    for (let k = 0; k < j; k++) v -= R[j * d + k] ** 2;
    minPivot = Math.min(minPivot, v);
    const l = Math.sqrt(Math.max(v, 1e-300));
    R[j * d + j] = l;
    for (let i = j + 1; i < d; i++) {
      let s = R[i * d + j];
      for (let k = 0; k < j; k++) s -= R[i * d + k] * R[j * d + k];
      R[i * d + j] = s / l;
    }
  }
  return minPivot;
}

/** The smallest correlation pivot over the model's residual covariance matrices (Infinity when there are none). */
export function residualPivot(model: CovarianceModel, theta: Float64Array): number {
  let out = Infinity;
  for (const c of model.residualComponents) {
    const d = c.structure.dim;
    if (c.structure.kind === "iid" || d < 2) continue;
    out = Math.min(out, correlationPivot(model.fullMatrix(theta, c), d));
  }
  return out;
}
