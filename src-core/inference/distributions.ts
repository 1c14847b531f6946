import betainc from "@stdlib/math-base-special-betainc";
import gammainc from "@stdlib/math-base-special-gammainc";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/**
 * Distribution functions used for p-values and confidence limits. Upper tails come from the regularised
 * incomplete beta function directly, so small p-values keep their precision (docs/dependencies.md).
 */

/** Two-sided p-value of a t statistic on df degrees of freedom (df = Infinity: normal). */
export function tTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  if (!Number.isFinite(df)) return 2 * normalCdf(-Math.abs(t), 0, 1);
  if (!(df > 0)) return NaN;
  return betainc(df / (df + t * t), df / 2, 0.5, true, false);
}

/** Upper quantile t_{1−α/2, df} for a two-sided (1−α) interval. */
export function tCritical(confidence: number, df: number): number {
  const prob = 1 - (1 - confidence) / 2;
  if (!Number.isFinite(df)) return normalQuantile(prob, 0, 1);
  return tQuantile(prob, df);
}

/** Upper tail P(F > f) on (d1, d2) df. */
export function fUpper(f: number, d1: number, d2: number): number {
  if (!(f >= 0)) return NaN;
  if (!Number.isFinite(d2)) {
    // d1·F → χ²(d1)
    return chiSquareUpper(d1 * f, d1);
  }
  return betainc(d2 / (d2 + d1 * f), d2 / 2, d1 / 2, true, false);
}

/** Upper tail P(χ²_k > x). */
export function chiSquareUpper(x: number, k: number): number {
  if (!(x >= 0)) return x < 0 ? 1 : NaN;
  return gammainc(x / 2, k / 2, true, true);
}
