/**
 * Structures of the form Σ_ij = scale_ij · C_ij(ρ), C a correlation matrix (C_ii = 1): homogeneous scaling by one
 * Residual, or heterogeneous scaling by sqrt(Var(i) Var(j)). The derivatives with respect to the scale parameters
 * are written here once; each structure supplies only its correlation model. See docs/math/covariance.md.
 */
import type { CovarianceStructure, StructureKind } from "./structure.js";
import {
  correlationEstimate,
  fromUnconstrainedElementwise,
  jacobianElementwise,
  meanVariance,
  type ParamMap,
  startVariances,
  toUnconstrainedElementwise,
} from "./shared.js";

/**
 * A correlation model C(ρ) over positions 0..dim-1 with C_ii = 1. The functions read ρ_m from theta[r0 + m] and
 * are only called for i ≠ j.
 */
export interface CorrelationModel {
  /** SAS names of the correlation parameters, in SAS's order. */
  readonly names: readonly string[];
  /** Map of each correlation parameter to the unconstrained space. */
  readonly maps: readonly ParamMap[];
  corr(theta: Float64Array, r0: number, i: number, j: number): number;
  /** ∂C_ij/∂ρ_m. */
  corrD1(theta: Float64Array, r0: number, m: number, i: number, j: number): number;
  /** ∂²C_ij/∂ρ_m∂ρ_p. */
  corrD2(theta: Float64Array, r0: number, m: number, p: number, i: number, j: number): number;
  /** Whether ∂²C/∂ρ_m∂ρ_p can be non-zero. */
  corrHasD2(m: number, p: number): boolean;
  /** Bound checks on the correlation parameters. */
  admissible(theta: Float64Array, r0: number): boolean;
  /** Starting correlation parameters from R (dim×dim correlation estimate, NaN where unknown). */
  start(R: Float64Array): Float64Array;
}

/**
 * Builds Σ(θ) = s · C(ρ) with θ = [ρ..., Residual] ("homogeneous", as AR(1), SP(EXP), homogeneous ANTE), or
 * Σ_ij = sqrt(Var(i) Var(j)) · C_ij(ρ) with θ = [Var(1)..Var(t), ρ...] ("heterogeneous", as CSH, ARH(1),
 * ANTE(1), TOEPH). Parameter order is SAS's in both cases.
 */
export function scaledCorrelationStructure(
  kind: StructureKind,
  dim: number,
  model: CorrelationModel,
  scaling: "homogeneous" | "heterogeneous",
): CovarianceStructure {
  const hetero = scaling === "heterogeneous";
  const nrho = model.names.length;
  /** Number of scale parameters and index of the first ρ. */
  const nscale = hetero ? dim : 1;
  const r0 = hetero ? dim : 0;
  /** Index of Residual (homogeneous only). */
  const s0 = nrho;
  const nparam = nscale + nrho;
  const names = hetero
    ? [...Array.from({ length: dim }, (_, i) => `Var(${i + 1})`), ...model.names]
    : [...model.names, "Residual"];
  const maps: ParamMap[] = hetero
    ? [...Array.from({ length: dim }, (): ParamMap => "log"), ...model.maps]
    : [...model.maps, "log"];
  const isScale = (k: number): boolean => (hetero ? k < dim : k === s0);

  /** Scale factor g_ij: sqrt(Var(i) Var(j)) or Residual. */
  const scale = (theta: Float64Array, i: number, j: number): number =>
    hetero ? (i === j ? theta[i] : Math.sqrt(theta[i] * theta[j])) : theta[s0];

  return {
    kind,
    dim,
    nparam,
    names,
    linear: false,

    fill(theta, pos, out) {
      const n = pos.length;
      for (let a = 0; a < n; a++) {
        const i = pos[a];
        out[a * n + a] = scale(theta, i, i);
        for (let b = 0; b < a; b++) {
          const j = pos[b];
          const v = scale(theta, i, j) * model.corr(theta, r0, i, j);
          out[a * n + b] = v;
          out[b * n + a] = v;
        }
      }
    },

    fillD1(theta, k, pos, out) {
      const n = pos.length;
      out.fill(0, 0, n * n);
      if (hetero && k < dim) {
        // ∂Σ_kk/∂Var(k) = 1; ∂Σ_kj/∂Var(k) = ½ sqrt(Var(j)/Var(k)) C_kj.
        for (let a = 0; a < n; a++) {
          if (pos[a] !== k) continue;
          out[a * n + a] = 1;
          for (let b = 0; b < n; b++) {
            const j = pos[b];
            if (j === k) continue;
            const v = 0.5 * Math.sqrt(theta[j] / theta[k]) * model.corr(theta, r0, k, j);
            out[a * n + b] = v;
            out[b * n + a] = v;
          }
        }
        return;
      }
      if (!hetero && k === s0) {
        // ∂Σ/∂Residual = C.
        for (let a = 0; a < n; a++) {
          out[a * n + a] = 1;
          for (let b = 0; b < a; b++) {
            const v = model.corr(theta, r0, pos[a], pos[b]);
            out[a * n + b] = v;
            out[b * n + a] = v;
          }
        }
        return;
      }
      // ∂Σ_ij/∂ρ_m = g_ij ∂C_ij/∂ρ_m (zero on the diagonal).
      const m = k - r0;
      for (let a = 0; a < n; a++) {
        const i = pos[a];
        for (let b = 0; b < a; b++) {
          const j = pos[b];
          const v = scale(theta, i, j) * model.corrD1(theta, r0, m, i, j);
          out[a * n + b] = v;
          out[b * n + a] = v;
        }
      }
    },

    fillD2(theta, k0, l0, pos, out) {
      const n = pos.length;
      out.fill(0, 0, n * n);
      const k = Math.min(k0, l0);
      const l = Math.max(k0, l0);
      const kScale = isScale(k);
      const lScale = isScale(l);
      if (kScale && lScale) {
        if (!hetero) return; // Σ is linear in Residual.
        for (let a = 0; a < n; a++) {
          if (pos[a] !== k) continue;
          for (let b = 0; b < n; b++) {
            const j = pos[b];
            if (j === k) continue;
            let v = 0;
            if (k === l) {
              // ∂²Σ_kj/∂Var(k)² = −¼ sqrt(Var(j)) Var(k)^(−3/2) C_kj.
              v = -0.25 * Math.sqrt(theta[j] / theta[k]) / theta[k] * model.corr(theta, r0, k, j);
            } else if (j === l) {
              // ∂²Σ_kl/∂Var(k)∂Var(l) = ¼ (Var(k) Var(l))^(−1/2) C_kl.
              v = (0.25 / Math.sqrt(theta[k] * theta[l])) * model.corr(theta, r0, k, l);
            } else {
              continue;
            }
            out[a * n + b] = v;
            out[b * n + a] = v;
          }
        }
        return;
      }
      if (kScale || lScale) {
        const sk = kScale ? k : l;
        const m = (kScale ? l : k) - r0;
        if (!hetero) {
          // ∂²Σ/∂Residual∂ρ_m = ∂C/∂ρ_m.
          for (let a = 0; a < n; a++) {
            for (let b = 0; b < a; b++) {
              const v = model.corrD1(theta, r0, m, pos[a], pos[b]);
              out[a * n + b] = v;
              out[b * n + a] = v;
            }
          }
          return;
        }
        // ∂²Σ_kj/∂Var(k)∂ρ_m = ½ sqrt(Var(j)/Var(k)) ∂C_kj/∂ρ_m.
        for (let a = 0; a < n; a++) {
          if (pos[a] !== sk) continue;
          for (let b = 0; b < n; b++) {
            const j = pos[b];
            if (j === sk) continue;
            const v = 0.5 * Math.sqrt(theta[j] / theta[sk]) * model.corrD1(theta, r0, m, sk, j);
            out[a * n + b] = v;
            out[b * n + a] = v;
          }
        }
        return;
      }
      // ∂²Σ_ij/∂ρ_m∂ρ_p = g_ij ∂²C_ij/∂ρ_m∂ρ_p.
      if (!model.corrHasD2(k - r0, l - r0)) return;
      for (let a = 0; a < n; a++) {
        const i = pos[a];
        for (let b = 0; b < a; b++) {
          const j = pos[b];
          const v = scale(theta, i, j) * model.corrD2(theta, r0, k - r0, l - r0, i, j);
          out[a * n + b] = v;
          out[b * n + a] = v;
        }
      }
    },

    hasD2(k0, l0) {
      const k = Math.min(k0, l0);
      const l = Math.max(k0, l0);
      const kScale = isScale(k);
      const lScale = isScale(l);
      if (kScale && lScale) return hetero && dim > 1;
      if (kScale || lScale) return dim > 1;
      return model.corrHasD2(k - r0, l - r0);
    },

    toUnconstrained: (theta) => toUnconstrainedElementwise(maps, theta),
    fromUnconstrained: (phi) => fromUnconstrainedElementwise(maps, phi),
    jacobian: (phi) => jacobianElementwise(maps, phi),

    start(S) {
      const rho = model.start(correlationEstimate(S, dim));
      const theta = new Float64Array(nparam);
      if (hetero) {
        theta.set(startVariances(S, dim), 0);
        theta.set(rho, r0);
      } else {
        theta.set(rho, r0);
        theta[s0] = meanVariance(S, dim);
      }
      return theta;
    },

    admissible(theta) {
      if (theta.length !== nparam) return false;
      for (let k = 0; k < nparam; k++) if (!Number.isFinite(theta[k])) return false;
      if (hetero) {
        for (let i = 0; i < dim; i++) if (!(theta[i] > 0)) return false;
      } else if (!(theta[s0] > 0)) {
        return false;
      }
      return model.admissible(theta, r0);
    },
  };
}
