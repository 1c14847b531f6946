import type { FitResult } from "../result.js";

/** SAS's names for the covariance structures, as PROC MIXED prints them in Model Information. */
export const STRUCTURE_NAMES: Readonly<Record<string, string>> = {
  iid: "Variance Components",
  us: "Unstructured",
  cs: "Compound Symmetry",
  csh: "Heterogeneous Compound Symmetry",
  ar1: "Autoregressive",
  ar1h: "Heterogeneous Autoregressive",
  ad: "Ante-dependence",
  adh: "Heterogeneous Ante-dependence",
  toep: "Toeplitz",
  toeph: "Heterogeneous Toeplitz",
  sp_exp: "Spatial Exponential",
};

/** SAS's names for the denominator degrees-of-freedom methods. */
export const DDF_NAMES: Readonly<Record<string, string>> = {
  "kenward-roger": "Kenward-Roger",
  "kenward-roger-linear": "Kenward-Roger (linear)",
  satterthwaite: "Satterthwaite",
  "between-within": "Between-Within",
  residual: "Residual",
  asymptotic: "None (asymptotic)",
};

/** "-2 Res Log Likelihood" under REML, "-2 Log Likelihood" under ML. */
export function minus2Label(r: FitResult): string {
  return r.method === "REML" ? "-2 Res Log Likelihood" : "-2 Log Likelihood";
}

/** The subject of the residual covariance structure (SAS's SUBJECT=), if any. */
export function residualSubject(r: FitResult): string | null {
  return r.covariance.residual.parameters.find((p) => p.subject)?.subject ?? null;
}

/** A confidence level as a percentage: 0.95 → "95%". */
export function percent(confidence: number): string {
  return `${+(confidence * 100).toFixed(4)}%`;
}

/** The variables named in a set of level maps, in order of first appearance. */
export function levelVariables(levels: readonly Record<string, string>[]): string[] {
  const seen: string[] = [];
  for (const l of levels) for (const k of Object.keys(l)) if (!seen.includes(k)) seen.push(k);
  return seen;
}
