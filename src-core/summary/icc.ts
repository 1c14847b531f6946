import type { IccGroup, IccPoint, IccSummary, VarianceDecomposition } from "../result.js";
import { quadraticForm } from "./r2.js";

/**
 * Intraclass correlation from the variance decomposition of r2.ts (docs/math/summaries.md):
 *
 *   adjusted ICC   = Σ_l σ²_l / (Σ_l σ²_l + σ²_e)              (performance::icc, "ICC_adjusted")
 *   unadjusted ICC = Σ_l σ²_l / (σ²_f + Σ_l σ²_l + σ²_e)        (performance::icc, "ICC_unadjusted")
 *   share of term l = σ²_l / (Σ_l σ²_l + σ²_e)                   (performance::icc(by_group = TRUE))
 *
 * For a random intercept alone σ²_l = G_l and the adjusted ICC is σ²_b/(σ²_b + σ²_e), the correlation of
 * two observations of the same group. With random slopes the variance of the random part depends on z, so
 * the ICC is a function of it:
 *
 *   ICC_l(z) = zᵀG_l z / (zᵀG_l z + Σ_{m≠l} σ²_m + σ²_e),   for (1 + t | g): (g00 + 2g01 t + g11 t²) / (… + σ²_e)
 *
 * given at the distinct observed rows z of the term's Z (a grid over the slope's range when there are many).
 */

/** One random term as the ICC needs it: Z (row-major nobs × q) and G (q × q). */
export interface IccTerm {
  group: string;
  terms: readonly string[];
  Z: ArrayLike<number>;
  G: ArrayLike<number>;
}

/** At most this many points on an ICC curve; more distinct covariate values are replaced by a grid. */
export const MAX_CURVE_POINTS = 50;

export function iccSummary(
  v: VarianceDecomposition,
  terms: readonly IccTerm[],
  nobs: number,
  residualCorrelation: IccSummary["residualCorrelation"],
  residualLabel: string | null,
): IccSummary {
  if (terms.length === 0) {
    const reason = residualLabel
      ? `no random effects: the within-subject correlation comes from the residual covariance structure ${residualLabel}; see its correlation matrix (residualCorrelation)`
      : "no random effects and an independent residual: the observations are uncorrelated, so there is no intraclass correlation";
    return { adjusted: null, unadjusted: null, groups: [], residualCorrelation, reason };
  }
  const random = v.random.reduce((s, r) => s + r.variance, 0);
  const within = random + v.residual;
  const groups: IccGroup[] = terms.map((t, l) => {
    const others = random - v.random[l].variance;
    const curve = interceptOnly(t.terms) ? { points: null, note: null } : iccCurve(t, nobs, others + v.residual);
    return { group: t.group, terms: [...t.terms], share: v.random[l].variance / within, curve: curve.points, note: curve.note };
  });
  return {
    adjusted: random / within,
    unadjusted: random / (v.fixed + random + v.residual),
    groups,
    residualCorrelation,
    reason: null,
  };
}

const interceptOnly = (terms: readonly string[]): boolean => terms.length === 1 && terms[0] === "(Intercept)";

/** ICC_l(z) at the distinct rows of Z, sorted; `rest` = Σ_{m≠l} σ²_m + σ²_e. */
function iccCurve(t: IccTerm, nobs: number, rest: number): { points: IccPoint[] | null; note: string | null } {
  const q = t.terms.length;
  const point = (z: number[]): IccPoint => {
    const variance = quadraticForm(z, t.G, q);
    return { at: z, variance, icc: variance / (variance + rest) };
  };
  const rows = distinctRows(t.Z, q, nobs);
  if (rows.length <= MAX_CURVE_POINTS) return { points: rows.map(point), note: null };
  // Many distinct rows: a grid is only meaningful when one column varies (intercept + one slope, or the slope alone).
  const varying = Array.from({ length: q }, (_, j) => j).filter((j) => rows.some((r) => r[j] !== rows[0][j]));
  if (varying.length !== 1) {
    return { points: null, note: `${rows.length} distinct rows of (${t.terms.join(", ")}) with more than one varying column: no curve is given` };
  }
  const j = varying[0];
  const lo = Math.min(...rows.map((r) => r[j]));
  const hi = Math.max(...rows.map((r) => r[j]));
  const points = Array.from({ length: MAX_CURVE_POINTS }, (_, k) => {
    const z = [...rows[0]];
    z[j] = lo + ((hi - lo) * k) / (MAX_CURVE_POINTS - 1);
    return point(z);
  });
  return { points, note: `${rows.length} distinct values of ${t.terms[j]}: the curve is on a grid of ${MAX_CURVE_POINTS} points from ${lo} to ${hi}` };
}

/** The distinct rows of a row-major nobs × q matrix, in lexicographic order. */
function distinctRows(Z: ArrayLike<number>, q: number, nobs: number): number[][] {
  const seen = new Map<string, number[]>();
  for (let i = 0; i < nobs; i++) {
    const z = Array.from({ length: q }, (_, j) => Z[i * q + j]);
    const key = z.join(",");
    if (!seen.has(key)) seen.set(key, z);
  }
  return [...seen.values()].sort((a, b) => {
    for (let j = 0; j < q; j++) if (a[j] !== b[j]) return a[j] - b[j];
    return 0;
  });
}
