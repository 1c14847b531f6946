import type { Design } from "../design/design.js";
import type { CovarianceModel } from "../fit/covariance-model.js";
import type { LikelihoodEngine } from "../fit/reml.js";
import type { IccSummary, ModelSummaries, VarianceDecomposition } from "../result.js";
import type { Predictions } from "./blup.js";
import { iccSummary } from "./icc.js";
import { fixedVariance, r2Summary, randomTermVariance, residualVariance } from "./r2.js";
import { shrinkageSummary } from "./shrinkage.js";

/**
 * ICC, R² and BLUP shrinkage of a fitted model at θ̂ (docs/math/summaries.md). Gathers what the pure
 * functions of icc.ts, r2.ts and shrinkage.ts need from the design and the covariance model: Xβ̂ (from the
 * predictions), Z and G per random term, and the residual variance R_ii of every used row.
 */
export function modelSummaries(design: Design, model: CovarianceModel, lik: LikelihoodEngine, theta: Float64Array, pred: Predictions): ModelSummaries {
  const N = design.nobs;
  const G = lik.gMatrices(theta);
  const variances: VarianceDecomposition = {
    fixed: fixedVariance(pred.fitted),
    random: design.random.map((r, t) => ({ group: r.group, terms: [...r.termNames], variance: randomTermVariance(r.Z, r.termNames.length, G[t], N) })),
    residual: residualVariance(residualDiagonal(design, model, theta)),
  };
  const terms = design.random.map((r, t) => ({ group: r.group, terms: r.termNames, Z: r.Z, G: G[t] }));
  return {
    variances,
    icc: iccSummary(variances, terms, N, residualCorrelation(design, model, theta), residualLabel(design)),
    r2: r2Summary(variances),
    shrinkage: shrinkageSummary(pred.blups, G),
  };
}

/** Σ(θ) of one residual component over all its positions (dim × dim, row-major). */
function fullResidual(model: CovarianceModel, theta: Float64Array, k: number): { S: Float64Array; dim: number } {
  const c = model.residualComponents[k];
  return { S: model.fullMatrix(theta, c), dim: c.structure.dim };
}

/**
 * R_ii for every used row: σ²/w_i for an iid residual, Σ[pos_i, pos_i]/w_i for a residual structure (the
 * row's group's Σ for per-group covariance), with w the observation weights (1 without).
 */
function residualDiagonal(design: Design, model: CovarianceModel, theta: Float64Array): Float64Array {
  const N = design.nobs;
  const w = design.weights;
  const out = new Float64Array(N);
  const res = design.residual;
  if (model.residualIid || !res) {
    const sigma2 = theta[model.residualComponents[0].offset];
    for (let i = 0; i < N; i++) out[i] = sigma2 / (w ? w[i] : 1);
    return out;
  }
  const diagonals = model.residualComponents.map((_, k) => {
    const { S, dim } = fullResidual(model, theta, k);
    return Float64Array.from({ length: dim }, (_, a) => S[a * dim + a]);
  });
  for (let i = 0; i < N; i++) {
    const k = res.groupIndex ? res.groupIndex[i] : 0;
    out[i] = diagonals[k][res.position[i]] / (w ? w[i] : 1);
  }
  return out;
}

/** The correlation matrix of each residual structure over its levels (weights cancel in a correlation). */
function residualCorrelation(design: Design, model: CovarianceModel, theta: Float64Array): IccSummary["residualCorrelation"] {
  const res = design.residual;
  if (model.residualIid || !res) return null;
  const levels = res.coordinates ? res.coordinates.map((c) => c.join(",")) : [...res.positionLevels];
  return model.residualComponents.map((_, k) => {
    const { S, dim } = fullResidual(model, theta, k);
    const matrix = Array.from({ length: dim }, (_, a) =>
      Array.from({ length: dim }, (_, b) => S[a * dim + b] / Math.sqrt(S[a * dim + a] * S[b * dim + b])));
    return { group: res.groupLevels ? res.groupLevels[k] : null, levels, matrix };
  });
}

/** The residual term as written in a formula, e.g. "us(AVISIT | USUBJID)", or null for an iid residual. */
function residualLabel(design: Design): string | null {
  const res = design.residual;
  if (!res) return null;
  return `${res.structure}(${res.time.join(", ")} | ${res.group ? `${res.group} / ` : ""}${res.subject})`;
}
