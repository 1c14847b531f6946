import type { LikelihoodEngine } from "./reml.js";
import type { Design } from "../design/design.js";
import type { ResidualKind } from "../covariance/structure.js";
import { likelihoodFor } from "./woodbury.js";
import { CovarianceModel } from "./covariance-model.js";
import { optimise, type OptimiseOptions, type OptimiseResult } from "./optimise.js";
import { startingValues } from "./start.js";

/**
 * When the optimiser fails from the moment-based start, try again from other starts, in the order a
 * statistician would (docs/math/reml.md, "Starting values"):
 *   1. the moment start with all correlations set to zero (each structure starts from the diagonal);
 *   2. the fitted residual matrix of a simpler structure (CS, then AR(1)) fitted to the same data, handed to
 *      the structure as if it were the moment estimate: "start UN from a CS fit".
 * Returns the first converged result, or the best failure (lowest −2 log L) when none converges.
 */
export interface Attempt { label: string; result: OptimiseResult }

export function fitWithFallbacks(design: Design, model: CovarianceModel, lik: LikelihoodEngine, theta0: Float64Array, opts: OptimiseOptions): { result: OptimiseResult; attempts: Attempt[] } {
  const attempts: Attempt[] = [];
  const run = (label: string, start: Float64Array | null) => {
    if (!start) return null;
    const result = optimise(lik, model, start, opts);
    attempts.push({ label, result });
    return result.converged ? result : null;
  };
  const first = run("moment estimates", theta0);
  if (first) return { result: first, attempts };
  const res = design.residual;
  if (res) {
    const done =
      run("moments without correlations", startFrom(model, (dim) => diagonalOf(design, model, dim))) ??
      (["cs", "ar1"] as ResidualKind[]).filter((k) => k !== res.structure).reduce<OptimiseResult | null>(
        (found, kind) => found ?? run(`a ${kind.toUpperCase()} fit`, startFromSimpler(design, model, kind, lik.method, opts)),
        null,
      );
    if (done) return { result: done, attempts };
  }
  const best = attempts.reduce((a, b) => (b.result.evaluation.f < a.result.evaluation.f ? b : a));
  return { result: best.result, attempts };
}

/** Starting θ when every residual component is started from the dim×dim matrix `S(dim, component)`. */
function startFrom(model: CovarianceModel, S: (dim: number, index: number) => Float64Array | null): Float64Array | null {
  const theta = new Float64Array(model.nparam);
  for (const c of model.components) {
    if (c.role !== "residual") { theta.set(c.structure.start(identity(c.structure.dim)), c.offset); continue; }
    const m = S(c.structure.dim, c.index);
    if (!m) return null;
    theta.set(c.structure.start(m), c.offset);
  }
  return theta;
}

function identity(d: number): Float64Array {
  const I = new Float64Array(d * d);
  for (let i = 0; i < d; i++) I[i * d + i] = 1;
  return I;
}

/** The moment start's matrix with its off-diagonal entries dropped (NaN: "not observed"). */
function diagonalOf(design: Design, model: CovarianceModel, dim: number): Float64Array {
  const theta = startingValues(design, model);
  const full = model.fullMatrix(theta, model.residualComponents[0]);
  const S = new Float64Array(dim * dim).fill(NaN);
  for (let i = 0; i < dim; i++) S[i * dim + i] = full[i * dim + i];
  return S;
}

function startFromSimpler(design: Design, model: CovarianceModel, kind: ResidualKind, method: "REML" | "ML", opts: OptimiseOptions): Float64Array | null {
  const res = design.residual!;
  if (res.coordinates) return null;
  const simple: Design = { ...design, residual: { ...res, structure: kind }, encode: design.encode };
  const m2 = new CovarianceModel(simple);
  const { lik: lik2 } = likelihoodFor(simple, m2, method);
  const r = optimise(lik2, m2, startingValues(simple, m2), opts);
  if (!r.converged) return null;
  return startFrom(model, (_dim, index) => m2.fullMatrix(r.theta, m2.residualComponents[index]));
}
