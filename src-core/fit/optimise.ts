import { choleskyInPlace, solveCholesky } from "../linalg/cholesky.js";
import type { CovarianceModel } from "./covariance-model.js";
import type { Evaluation, LikelihoodEngine } from "./reml.js";
import { residualPivot } from "./warnings.js";

/**
 * Newton–Raphson / Fisher scoring on f(θ) = −2 log L in the unconstrained parameters φ, with θ = θ(φ),
 * g_φ = Jᵀ g_θ and H_φ = Jᵀ H_θ J (J = ∂θ/∂φ), a backtracking line search, and Levenberg damping when H_φ
 * is not positive definite. Fisher scoring (expected information) while far from the optimum, Newton
 * (observed information) near it. Converged when the Newton decrement g_φᵀ H_φ⁻¹ g_φ < tolerance.
 */
export interface OptimiseOptions {
  maxIterations: number;
  /** Newton decrement on the −2 log L scale. */
  tolerance: number;
  onIteration?: (iteration: number, f: number) => void;
}

export interface OptimiseResult {
  theta: Float64Array;
  evaluation: Evaluation;
  iterations: number;
  evaluations: number;
  converged: boolean;
  decrement: number;
  message: string | null;
  /** a caveat on a converged result (slow convergence near the boundary) */
  warning?: string;
}

/**
 * Boundary detection: under heavy missingness the REML likelihood of a rich structure (UN) can keep
 * increasing towards a singular residual covariance matrix, so there is no interior optimum and Newton steps
 * in the unconstrained parameters crawl towards it indefinitely. The optimiser stops once the smallest
 * correlation pivot of the residual matrix (warnings.ts) is below BOUNDARY_PIVOT and has kept shrinking by a
 * factor of at least BOUNDARY_SHRINK over the last BOUNDARY_WINDOW iterations, after at least
 * BOUNDARY_MIN_ITERATIONS. Newton steps converge quadratically near an interior optimum, so a pivot that
 * still shrinks steadily after that many iterations belongs to a crawl towards the boundary.
 */
const BOUNDARY_PIVOT = 1e-3;
const BOUNDARY_SHRINK = 1.25;
const BOUNDARY_WINDOW = 20;
const BOUNDARY_MIN_ITERATIONS = 40;

/**
 * Slow convergence: near the boundary of the parameter space, Newton steps in the unconstrained parameters can
 * shrink geometrically, so −2 log L keeps decreasing by ever smaller amounts and the default tolerance is never
 * met. After SLOW_ITERATIONS iterations the optimiser accepts the criterion SAS uses by default (CONVH: the
 * Newton decrement relative to |−2 log L| below 1e-8), confirmed with the exact observed information, and says so,
 * unless the residual covariance matrix is nearly singular (then the boundary rule decides).
 */
const SLOW_ITERATIONS = 50;
const SLOW_RELATIVE_DECREMENT = 1e-8;

export function optimise(lik: LikelihoodEngine, model: CovarianceModel, theta0: Float64Array, opts: OptimiseOptions): OptimiseResult {
  const q = model.nparam;
  let phi = model.toUnconstrained(theta0);
  let theta = model.fromUnconstrained(phi);
  let evaluations = 0;
  let useObserved = false;
  let confirmed = false;
  let ev = lik.evaluate(theta, { gradient: true, information: "expected", exact: false });
  evaluations++;
  if (!ev.ok) return { theta, evaluation: ev, iterations: 0, evaluations, converged: false, decrement: Infinity, message: "the starting values give a covariance matrix that is not positive definite" };
  if (!finiteDerivatives(ev)) return { theta, evaluation: ev, iterations: 0, evaluations, converged: false, decrement: Infinity, message: NON_FINITE };
  let decrement = Infinity;
  let stalled = 0;
  const pivots: number[] = [];
  for (let iter = 1; iter <= opts.maxIterations; iter++) {
    if (!finiteDerivatives(ev)) return { theta, evaluation: ev, iterations: iter - 1, evaluations, converged: false, decrement: Infinity, message: NON_FINITE };
    const g = ev.gradient!, H = ev.information!;
    const J = model.jacobian(phi);
    const gphi = new Float64Array(q);
    const Hphi = new Float64Array(q * q);
    for (let m = 0; m < q; m++) { let t = 0; for (let k = 0; k < q; k++) t += J[k * q + m] * g[k]; gphi[m] = t; }
    const HJ = new Float64Array(q * q);
    for (let k = 0; k < q; k++) for (let m = 0; m < q; m++) { let t = 0; for (let l = 0; l < q; l++) t += H[k * q + l] * J[l * q + m]; HJ[k * q + m] = t; }
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) { let t = 0; for (let k = 0; k < q; k++) t += J[k * q + a] * HJ[k * q + b]; Hphi[a * q + b] = t; }
    const delta = newtonStep(Hphi, gphi, q);
    decrement = 0;
    for (let a = 0; a < q; a++) decrement -= gphi[a] * delta[a];
    opts.onIteration?.(iter, ev.f);
    // Not when the residual matrix is nearly singular: there the boundary rule below decides.
    const slow = iter >= SLOW_ITERATIONS && decrement < SLOW_RELATIVE_DECREMENT * Math.max(1, Math.abs(ev.f)) && residualPivot(model, theta) >= BOUNDARY_PIVOT;
    if (decrement >= 0 && (decrement < opts.tolerance || slow)) {
      // Confirm with the exact observed information, which gives the exact Newton decrement.
      if (confirmed) {
        const warning = decrement < opts.tolerance ? undefined
          : `slow convergence: after ${iter - 1} iterations −2 log L still decreases by about ${(decrement / 2).toExponential(1)} per Newton step; accepted by SAS's criterion (relative Newton decrement ${(decrement / Math.max(1, Math.abs(ev.f))).toExponential(1)} < 1e-8), not the tighter default; the optimum may lie on the boundary of the parameter space (check for a near-singular covariance matrix)`;
        return { theta, evaluation: ev, iterations: iter - 1, evaluations, converged: true, decrement, message: null, ...(warning ? { warning } : {}) };
      }
      useObserved = confirmed = true;
      ev = lik.evaluate(theta, { gradient: true, information: "observed", exact: true });
      evaluations++;
      iter--;
      continue;
    }
    // Backtracking line search on f.
    let alpha = 1;
    let accepted: { phi: Float64Array; theta: Float64Array; f: number } | null = null;
    const slope = -Math.abs(decrement);
    for (let k = 0; k < 40; k++) {
      const phiN = phi.map((v, a) => v + alpha * delta[a]);
      const thetaN = model.fromUnconstrained(phiN);
      const e = lik.evaluate(thetaN, { gradient: false, information: "none" });
      evaluations++;
      // Near the optimum the predicted decrease (decrement / 2) falls below the rounding noise of f, so a
      // full Newton step is taken on the quadratic model alone, as long as f does not rise beyond that noise.
      const noise = 1e-11 * Math.max(1, Math.abs(ev.f));
      const nearOptimum = alpha === 1 && Math.abs(decrement) < 1e-6;
      if (e.ok && (e.f <= ev.f + 1e-4 * alpha * slope || (nearOptimum && e.f <= ev.f + noise))) { accepted = { phi: phiN, theta: thetaN, f: e.f }; break; }
      alpha /= 2;
    }
    if (!accepted) {
      if (!confirmed) { useObserved = confirmed = true; ev = lik.evaluate(theta, { gradient: true, information: "observed", exact: true }); evaluations++; continue; }
      // No decrease possible: at the optimum within rounding, or stuck.
      const ok = decrement < Math.max(opts.tolerance * 1e4, 1e-8 * Math.max(1, Math.abs(ev.f)));
      return { theta, evaluation: ev, iterations: iter, evaluations, converged: ok, decrement, message: ok ? null : "the line search could not decrease −2 log L any further" };
    }
    const improvement = ev.f - accepted.f;
    phi = accepted.phi;
    theta = accepted.theta;
    if (decrement < 0.1) useObserved = true;
    stalled = improvement <= 0 && Math.abs(decrement) >= 1e-6 ? stalled + 1 : 0;
    confirmed = false;
    ev = lik.evaluate(theta, { gradient: true, information: useObserved ? "observed" : "expected", exact: false });
    evaluations++;
    if (!ev.ok) return { theta, evaluation: ev, iterations: iter, evaluations, converged: false, decrement, message: "the covariance matrix became singular" };
    if (stalled >= 5) break;
    const pivot = residualPivot(model, theta);
    pivots.push(pivot);
    const earlier = pivots.length > BOUNDARY_WINDOW ? pivots[pivots.length - 1 - BOUNDARY_WINDOW] : Infinity;
    if (iter >= BOUNDARY_MIN_ITERATIONS && pivot < BOUNDARY_PIVOT && pivot * BOUNDARY_SHRINK < earlier)
      return {
        theta, evaluation: ev, iterations: iter, evaluations, converged: false, decrement,
        message: `no interior optimum: −2 log L keeps decreasing towards a singular residual covariance matrix (smallest correlation pivot ${pivot.toExponential(1)}); use a structure with fewer parameters (for example toeph, ar1h or cs)`,
      };
  }
  const pivot = residualPivot(model, theta);
  const towardsBoundary = pivot < BOUNDARY_PIVOT ? `; the residual covariance matrix is close to singular (smallest correlation pivot ${pivot.toExponential(1)}), so there may be no interior optimum: consider a structure with fewer parameters (for example toeph, ar1h or cs)` : "";
  return { theta, evaluation: ev, iterations: opts.maxIterations, evaluations, converged: false, decrement, message: `no convergence after ${opts.maxIterations} iterations (Newton decrement ${decrement.toExponential(2)})${towardsBoundary}` };
}

const NON_FINITE = "the gradient or information of −2 log L is not finite at the current estimates (a covariance matrix is numerically singular)";

/** Whether the gradient and information of an evaluation are finite (numerical breakdown gives NaN). */
export function finiteDerivatives(ev: Evaluation): boolean {
  const finite = (a: Float64Array | null) => a === null || a.every((v) => Number.isFinite(v));
  return finite(ev.gradient) && finite(ev.information);
}

/** δ = −(H + λI)⁻¹ g with the smallest λ ≥ 0 (from a short ladder) that makes H + λI positive definite. */
export function newtonStep(H: Float64Array, g: Float64Array, q: number): Float64Array {
  let scale = 0;
  for (let a = 0; a < q; a++) scale = Math.max(scale, Math.abs(H[a * q + a]));
  if (!Number.isFinite(scale)) return new Float64Array(q).fill(NaN); // callers check finiteDerivatives first
  for (let lambda = 0; ; lambda = lambda === 0 ? 1e-10 * Math.max(scale, 1e-300) : lambda * 10) {
    const L = H.slice();
    for (let a = 0; a < q; a++) L[a * q + a] += lambda;
    if (choleskyInPlace(L, q)) {
      const d = Float64Array.from(g, (v) => -v);
      solveCholesky(L, q, d);
      return d;
    }
    if (lambda > 1e20 * Math.max(scale, 1)) return Float64Array.from(g, (v) => -v * 1e-6);
  }
}
