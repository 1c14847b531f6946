/**
 * Number formats for the text report, following what SAS PROC MIXED prints, so that a reader can lay the
 * two outputs side by side. A missing value (NaN) prints as SAS's ".". The JSON output keeps full precision.
 */

/** Estimates and standard errors: at least 4 decimals and at least 4 significant digits, trailing zeros
 * dropped (SAS prints 30.7774, -0.04231, 0.624, 14.897). Very small or large values use E notation. */
export function formatEstimate(x: number): string {
  if (Number.isNaN(x)) return ".";
  if (!Number.isFinite(x)) return x > 0 ? "Infty" : "-Infty";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e10) return formatE(x);
  const decimals = Math.min(10, Math.max(4, 3 - Math.floor(Math.log10(a))));
  return trimZeros(x.toFixed(decimals));
}

/** t and F values: 2 decimals, as SAS prints them. */
export function formatStatistic(x: number): string {
  if (Number.isNaN(x)) return ".";
  if (!Number.isFinite(x)) return x > 0 ? "Infty" : "-Infty";
  return Math.abs(x) >= 1e10 ? formatE(x) : fixZero(x.toFixed(2));
}

/** p-values in SAS's PVALUE6.4 format: `<.0001` below 0.0001, otherwise 4 decimals. */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return ".";
  if (p < 0.0001) return "<.0001";
  return p.toFixed(4);
}

/** Degrees of freedom: whole numbers as they are (residual, between-within); Satterthwaite and
 * Kenward-Roger df with 2 decimals; infinite df (asymptotic) as SAS's "Infty". */
export function formatDf(df: number): string {
  if (Number.isNaN(df)) return ".";
  if (!Number.isFinite(df)) return "Infty";
  return Number.isInteger(df) ? String(df) : df.toFixed(2);
}

/** Fit statistics (-2 log likelihood, AIC, AICC, BIC): 1 decimal, as SAS prints them. */
export function formatFitStatistic(x: number): string {
  return Number.isNaN(x) ? "." : x.toFixed(1);
}

/** A value printed with a fixed number of decimals (e.g. the final -2 log likelihood with 8, as in SAS's
 * iteration history). */
export function formatFixed(x: number, decimals: number): string {
  return Number.isNaN(x) ? "." : x.toFixed(decimals);
}

/** Small diagnostics such as a relative gradient: 3 significant digits in E notation. */
export function formatE(x: number): string {
  if (Number.isNaN(x)) return ".";
  if (x === 0) return "0";
  const [mantissa, exponent] = x.toExponential(3).split("e");
  return `${trimZeros(mantissa)}E${exponent.replace("+", "")}`;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** toFixed can print "-0.00" for tiny negative values; SAS prints "-0.00" too, but "0.00" reads better. */
function fixZero(s: string): string {
  return /^-0\.0*$/.test(s) ? s.slice(1) : s;
}
