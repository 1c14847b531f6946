import type { LikelihoodRatioTest, StructureTable } from "../../src-core/inference/compare.js";
import { formatFitStatistic, formatFixed, formatP } from "../../src-core/present/format.js";
import { renderTable } from "./table.js";

/**
 * Text reports of model comparisons: the likelihood-ratio test (as lme4's anova table, with SAS's fit
 * statistics) and the information criteria over residual structures.
 */
export function formatLrtReport(t: LikelihoodRatioTest): string {
  const sections: string[] = [];
  sections.push(
    renderTable(
      `Likelihood Ratio Test (${t.models[0].method}${t.refit ? ", both models refitted by ML" : ""})`,
      [
        { header: "Model", align: "left" },
        { header: "Formula", align: "left" },
        { header: "Parms", align: "right" },
        { header: "-2 Log Like", align: "right" },
        { header: "AIC", align: "right" },
        { header: "BIC", align: "right" },
        { header: "Chi-Square", align: "right" },
        { header: "DF", align: "right" },
        { header: "Pr > ChiSq", align: "right" },
      ],
      t.models.map((m, i) => [
        m.label,
        m.formula,
        String(m.npar),
        formatFitStatistic(m.m2logLik),
        formatFitStatistic(m.aic),
        formatFitStatistic(m.bic),
        i === 1 ? formatFixed(t.statistic, 2) : "",
        i === 1 ? String(t.df) : "",
        i === 1 ? formatP(t.p) : "",
      ]),
    ),
  );
  if (t.boundary)
    sections.push(
      [
        "Boundary-Aware Test of the Added Random Effect",
        `  Reference: 0.5 ChiSq(${t.boundary.dfs[0]}) + 0.5 ChiSq(${t.boundary.dfs[1]}) (the variance is tested at its boundary, 0)`,
        `  Pr > ChiSq (mixture)  ${formatP(t.boundary.p)}`,
        `  The plain ChiSq(${t.df}) p-value above is conservative for this test.`,
      ].join("\n"),
    );
  if (t.warnings.length > 0) sections.push(["Notes", ...t.warnings.map((w) => `  - ${w}`)].join("\n"));
  return sections.join("\n\n") + "\n";
}

export function formatStructureReport(t: StructureTable): string {
  const table = renderTable(
    `Information Criteria by Residual Covariance Structure (${t.rows[0]?.method ?? "REML"}; smaller is better)`,
    [
      { header: "Structure", align: "left" },
      { header: "Converged", align: "left" },
      { header: "Parms", align: "right" },
      { header: "-2 Log Like", align: "right" },
      { header: "AIC", align: "right" },
      { header: "AICC", align: "right" },
      { header: "BIC", align: "right" },
    ],
    t.rows.map((r) => [r.structure, r.converged ? "yes" : "no", Number.isNaN(r.npar) ? "." : String(r.npar), formatFitStatistic(r.m2logLik), formatFitStatistic(r.aic), formatFitStatistic(r.aicc), formatFitStatistic(r.bic)]),
  );
  const choice = [
    "Choice",
    `  First to converge in the order given (fallback): ${t.fallback ?? "none"}`,
    `  Smallest AIC: ${t.bestAic ?? "none"}`,
    `  Smallest BIC: ${t.bestBic ?? "none"}`,
  ].join("\n");
  const failed = t.rows.filter((r) => !r.converged);
  const notes = failed.length > 0 ? "\n\n" + ["Not converged", ...failed.map((r) => `  - ${r.structure}: ${r.message ?? "no reason given"}`)].join("\n") : "";
  return `${table}\n\n${choice}${notes}\n`;
}
