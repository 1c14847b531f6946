import { choleskyInPlace, inverseFromCholesky } from "../linalg/cholesky.js";
import type { CovarianceModel } from "./covariance-model.js";
import { finiteDerivatives, newtonStep, type OptimiseResult } from "./optimise.js";
import type { LikelihoodEngine } from "./reml.js";

/**
 * PROC MIXED's own iteration, for `"convergence": "sas"` and, by default, unstructured MMRMs (`defaultConvergence`
 * below; docs/math/reml.md, "SAS's iteration"): MIVQUE(0)
 * starting values where they are one linear solve, Newton–Raphson on −2 log L in SAS's covariance parameters with
 * the observed information (a ridge when it is not positive definite, step halving when −2 log L rises or θ leaves
 * the parameter space), stopping at the first iterate whose relative Hessian criterion gᵀH⁻¹g / |f| is at most
 * 1e-8 (SAS's CONVH default) with H positive definite. That iterate is reported as it is, as SAS does: it can lie up to about 1e-5 above the
 * optimum of −2 log L, and reproduces SAS's printed estimates where the default optimiser goes on to the optimum.
 */
export const SAS_CONVH = 1e-8;
/** PROC MIXED's MAXFUNC default: at most this many evaluations of −2 log L (its MAXITER default, 50, is the caller's). */
export const SAS_MAXFUNC = 150;

/**
 * The stopping rule when the spec names none. SAS's iteration where Longitude reproduces PROC MIXED's iterates:
 * models without random effects whose residual covariance is unstructured (alone or per group). There SAS
 * starts from MIVQUE(0) and takes Newton–Raphson steps in the UN(i,j) themselves, with no residual variance
 * profiled out, which is exactly what `sasNewton` does; stopping where SAS stops gives SAS's printed estimates,
 * SEs and df digit for digit (fev_data's MMRMs: test/reference/sas-mmrm.test.ts and
 * kenward-roger-structures.test.ts). Everywhere else SAS's iterates are not reproduced (it profiles the residual
 * variance, and its starting values for non-linear structures and G are not documented), so an early stop
 * would match neither SAS nor R: those fits go on to the optimum.
 */
export function defaultConvergence(model: CovarianceModel): "optimum" | "sas" {
  const unstructured = model.randomComponents.length === 0 && model.residualComponents.every((c) => c.structure.kind === "us");
  return unstructured ? "sas" : "optimum";
}

/**
 * MIVQUE(0): with V(θ) = Σ θ_k V_k linear in θ, the equations Σ_l tr(QV_kQV_l) θ_l = yᵀQV_kQy with
 * Q = I − X(XᵀX)⁻X ᵀ are one Fisher-scoring step of REML from θ_I, the point where V = I:
 * θ = θ_I − E[H]⁻¹ g, E[H] and g evaluated at θ_I. Only for models without random effects whose residual
 * structures are linear in their parameters (UN, CS, TOEP, iid); null otherwise or when the solution is not
 * admissible.
 */
export function mivque0(lik: LikelihoodEngine, model: CovarianceModel): Float64Array | null {
  if (model.randomComponents.length > 0 || !model.components.every((c) => c.structure.linear)) return null;
  const q = model.nparam;
  const thetaI = new Float64Array(q);
  for (const c of model.components) {
    const d = c.structure.dim;
    const I = new Float64Array(d * d);
    for (let i = 0; i < d; i++) I[i * d + i] = 1;
    thetaI.set(c.structure.start(I), c.offset);
  }
  const ev = lik.evaluate(thetaI, { gradient: true, information: "expected", exact: true });
  if (!ev.ok || !ev.information || !ev.gradient) return null;
  const L = ev.information.slice();
  if (!choleskyInPlace(L, q)) return null;
  const Ei = new Float64Array(q * q);
  inverseFromCholesky(L, q, Ei);
  const theta = thetaI.map((v, k) => { let t = 0; for (let l = 0; l < q; l++) t += Ei[k * q + l] * ev.gradient![l]; return v - t; });
  return model.admissible(theta) && lik.evaluate(theta, { gradient: false, information: "none" }).ok ? theta : null;
}

export function sasNewton(lik: LikelihoodEngine, model: CovarianceModel, theta0: Float64Array, opts: { maxIterations: number; onIteration?: (iteration: number, f: number) => void }): OptimiseResult {
  const q = model.nparam;
  const full = { gradient: true, information: "observed", exact: true } as const;
  let theta: Float64Array = theta0.slice();
  let ev = lik.evaluate(theta, full);
  let evaluations = 1;
  if (!ev.ok) return { theta, evaluation: ev, iterations: 0, evaluations, converged: false, decrement: Infinity, message: "the starting values give a covariance matrix that is not positive definite" };
  for (let iter = 0; ; iter++) {
    opts.onIteration?.(iter, ev.f);
    if (!finiteDerivatives(ev)) return { theta, evaluation: ev, iterations: iter, evaluations, converged: false, decrement: Infinity, message: "SAS's Newton-Raphson iteration met a gradient or information that is not finite" };
    const g = ev.gradient!;
    const delta = newtonStep(ev.information!, g, q);
    let decrement = 0;
    for (let k = 0; k < q; k++) decrement -= g[k] * delta[k];
    // SAS takes at least one step: its iteration 0 only evaluates the starting values. The criterion counts only
    // with a positive definite H: with a ridge, gᵀ(H + λI)⁻¹g can be small far from any stationary point.
    if (iter > 0 && decrement >= 0 && decrement / Math.abs(ev.f) <= SAS_CONVH && choleskyInPlace(ev.information!.slice(), q))
      return { theta, evaluation: ev, iterations: iter, evaluations, converged: true, decrement, message: null };
    if (iter === opts.maxIterations)
      return { theta, evaluation: ev, iterations: iter, evaluations, converged: false, decrement, message: `SAS's Newton-Raphson iteration did not meet its criterion (relative Hessian ≤ 1e-8) within ${opts.maxIterations} iterations` };
    // Step halving looks at −2 log L alone; the derivatives are computed once, at the accepted point.
    let next: Float64Array | null = null;
    for (let halvings = 0, alpha = 1; halvings < 30 && !next; halvings++, alpha /= 2) {
      const t = theta.map((v, k) => v + alpha * delta[k]);
      if (!model.admissible(t)) continue;
      const e = lik.evaluate(t, { gradient: false, information: "none" });
      evaluations++;
      if (e.ok && e.f <= ev.f) next = t;
    }
    if (!next) return { theta, evaluation: ev, iterations: iter, evaluations, converged: false, decrement, message: "SAS's Newton-Raphson iteration could not decrease −2 log L before meeting its convergence criterion" };
    if (evaluations >= SAS_MAXFUNC)
      return { theta, evaluation: ev, iterations: iter, evaluations, converged: false, decrement, message: `SAS's Newton-Raphson iteration did not meet its criterion (relative Hessian ≤ 1e-8) within ${SAS_MAXFUNC} evaluations of −2 log L` };
    theta = next;
    ev = lik.evaluate(theta, full);
    evaluations++;
  }
}
