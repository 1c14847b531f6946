/** Aggregates replicate records into the coverage table, and formats it. */
import { METHODS, type CoverageMethod, type Exclusion, type ReplicateRecord } from "./replicate.js";

export interface MethodSummary {
  method: CoverageMethod;
  /** fits that count (converged, finite interval) */
  used: number;
  excluded: Record<Exclusion, number>;
  coverage: number;
  /** Monte Carlo SE of the coverage: sqrt(p(1 − p) / used) */
  mcse: number;
  /** intervals entirely below / above the true difference */
  missBelow: number;
  missAbove: number;
  meanWidth: number;
  /** mean and median df (Infinity for asymptotic) */
  meanDf: number;
  medianDf: number;
  meanSe: number;
  /** mean estimate minus the true difference, and the empirical SD of the estimate, over the used fits */
  bias: number;
  empiricalSd: number;
  /** converged fits that carried warnings, by warning text with digits replaced by # */
  warnings: Record<string, number>;
}

export interface StudySummary {
  replicates: number;
  truth: number;
  meanMissingAtLast: number;
  /** mean and Monte Carlo SE of the complete-data (before dropout) last-visit difference of means, all replicates */
  completeData: { mean: number; mcse: number };
  methods: MethodSummary[];
  /** largest |estimate − Kenward–Roger estimate| over replicates where both fits count (should be ~0) */
  maxEstimateDiscrepancy: number;
  /** replicates where all four fits count, and how many of them have nested intervals z ⊆ residual ⊆ Satterthwaite ⊆ KR */
  nesting: { replicates: number; nested: number };
}

const mean = (x: readonly number[]) => x.reduce((s, v) => s + v, 0) / x.length;

function median(x: readonly number[]): number {
  const s = [...x].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function sd(x: readonly number[]): number {
  const m = mean(x);
  return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1));
}

export function summarise(records: readonly ReplicateRecord[], truth: number): StudySummary {
  const methods = METHODS.map((method): MethodSummary => {
    const excluded: Record<Exclusion, number> = { "error": 0, "not-converged": 0, "invalid": 0 };
    const est: number[] = [], se: number[] = [], df: number[] = [], width: number[] = [];
    let covered = 0, below = 0, above = 0;
    const warnings: Record<string, number> = {};
    for (const r of records) {
      const o = r.outcomes[method];
      if (!o.ok) { excluded[o.reason]++; continue; }
      est.push(o.estimate); se.push(o.se); df.push(o.df); width.push(o.upper - o.lower);
      if (o.covered) covered++;
      else if (o.upper < truth) below++;
      else above++;
      for (const w of o.warnings) { const key = w.replace(/\d+(\.\d+)?(e[-+]?\d+)?/g, "#"); warnings[key] = (warnings[key] ?? 0) + 1; }
    }
    const used = est.length;
    const p = covered / used;
    return {
      method, used, excluded, coverage: p, mcse: Math.sqrt((p * (1 - p)) / used), missBelow: below, missAbove: above,
      meanWidth: mean(width), meanDf: mean(df), medianDf: median(df), meanSe: mean(se),
      bias: mean(est) - truth, empiricalSd: sd(est), warnings,
    };
  });
  let maxEstimateDiscrepancy = 0;
  for (const r of records) {
    const kr = r.outcomes["kenward-roger"];
    if (!kr.ok) continue;
    for (const m of METHODS) {
      const o = r.outcomes[m];
      if (o.ok) maxEstimateDiscrepancy = Math.max(maxEstimateDiscrepancy, Math.abs(o.estimate - kr.estimate));
    }
  }
  // Nested intervals make the differences in coverage between methods counts of discordant replicates.
  const nesting = { replicates: 0, nested: 0 };
  const order = ["asymptotic", "residual", "satterthwaite", "kenward-roger"] as const;
  const tol = 1e-10;
  for (const r of records) {
    const o = order.map((m) => r.outcomes[m]);
    if (!o.every((x) => x.ok)) continue;
    nesting.replicates++;
    let nested = true;
    for (let i = 0; i + 1 < o.length; i++) {
      const a = o[i], b = o[i + 1];
      if (a.ok && b.ok && (a.lower < b.lower - tol || a.upper > b.upper + tol)) nested = false;
    }
    if (nested) nesting.nested++;
  }
  const complete = records.map((r) => r.completeLastDifference);
  return {
    replicates: records.length, truth, meanMissingAtLast: mean(records.map((r) => r.missingAtLast)),
    completeData: { mean: mean(complete), mcse: sd(complete) / Math.sqrt(complete.length) }, methods, maxEstimateDiscrepancy, nesting,
  };
}

const fmtDf = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "inf");

/** The printed table: one row per method, then the estimate's empirical SD against the mean SEs. */
export function formatTable(s: StudySummary, confidence: number): string {
  const pct = (confidence * 100).toFixed(0);
  const lines = [
    `method          used  excluded  coverage  MC SE    miss<  miss>  mean width  mean df  median df  mean SE`,
  ];
  for (const m of s.methods) {
    const ex = m.excluded.error + m.excluded["not-converged"] + m.excluded.invalid;
    lines.push(
      `${m.method.padEnd(14)} ${String(m.used).padStart(5)} ${String(ex).padStart(9)}  ${m.coverage.toFixed(4).padStart(8)}  ${m.mcse.toFixed(4)}  ${String(m.missBelow).padStart(5)}  ${String(m.missAbove).padStart(5)}  ${m.meanWidth.toFixed(3).padStart(10)}  ${fmtDf(m.meanDf).padStart(7)}  ${fmtDf(m.medianDf).padStart(9)}  ${m.meanSe.toFixed(4).padStart(7)}`,
    );
  }
  const kr = s.methods.find((m) => m.method === "kenward-roger")!;
  const model = s.methods.find((m) => m.method === "residual")!;
  lines.push(
    "",
    `coverage = share of ${pct}% CIs containing the true difference ${s.truth}; MC SE = sqrt(p(1-p)/used); miss< / miss> = CIs entirely below / above it`,
    `estimate (KR fits): mean ${(kr.bias + s.truth).toFixed(4)} (bias ${kr.bias.toFixed(4)}), empirical SD ${kr.empiricalSd.toFixed(4)}; ` +
      `mean SE: model-based ${model.meanSe.toFixed(4)} (ratio to empirical SD ${(model.meanSe / model.empiricalSd).toFixed(3)}), ` +
      `Kenward-Roger ${kr.meanSe.toFixed(4)} (ratio ${(kr.meanSe / kr.empiricalSd).toFixed(3)})`,
    `complete data before dropout (difference of last-visit means, all replicates): mean ${s.completeData.mean.toFixed(4)} (MC SE ${s.completeData.mcse.toFixed(4)}): the draws' own deviation from ${s.truth}`,
    `mean share missing at the last visit ${s.meanMissingAtLast.toFixed(4)}; largest |estimate - KR estimate| across methods ${s.maxEstimateDiscrepancy.toExponential(1)}`,
    `intervals nested (asymptotic in residual in satterthwaite in kenward-roger) in ${s.nesting.nested} of the ${s.nesting.replicates} replicates where all four fits count`,
  );
  for (const m of s.methods) {
    const { error, "not-converged": nc, invalid } = m.excluded;
    if (error + nc + invalid > 0) lines.push(`${m.method}: excluded ${nc} not converged, ${error} errors, ${invalid} non-finite intervals`);
  }
  return lines.join("\n");
}
