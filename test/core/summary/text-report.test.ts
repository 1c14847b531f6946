/**
 * The "Model Summaries" section of the text report (src-main/report/text.ts) on real fits: the values are
 * the ones icc/r2/shrinkage.test.ts check against R, printed with 4 decimals.
 */
import { describe, expect, it } from "vitest";
import { formatTextReport } from "../../../src-main/report/text.js";
import { R, fitCase } from "./reference.js";

function section(report: string, title: string): string {
  const start = report.indexOf(`\n${title}\n`);
  if (start < 0) throw new Error(`no section "${title}" in\n${report}`);
  const end = report.indexOf("\n\n", start + 1);
  return report.slice(start + 1, end < 0 ? undefined : end);
}

describe("text report: Model Summaries", () => {
  it("random slopes: ICC, its ends over Days, R² and mean shrinkage per term", () => {
    const fit = fitCase(R.sleep_slope);
    const text = section(formatTextReport(fit), "Model Summaries");
    const c = R.sleep_slope;
    const f4 = (x: number) => x.toFixed(4).replace(".", "\\.");
    expect(text).toMatch(/Statistic\s+Group\s+Term\s+Value/);
    expect(text).toMatch(new RegExp(`ICC \\(adjusted\\)\\s+${f4(c.icc_adjusted!)}`));
    expect(text).toMatch(new RegExp(`ICC at Days = 0\\s+Subject\\s+${f4(c.icc_curve!.icc[0])}`));
    expect(text).toMatch(new RegExp(`ICC at Days = 9\\s+Subject\\s+${f4(c.icc_curve!.icc[9])}`));
    expect(text).toMatch(new RegExp(`Marginal R-squared\\s+${f4(c.r2m)}`));
    expect(text).toMatch(new RegExp(`Conditional R-squared\\s+${f4(c.r2c)}`));
    const m = fit.summaries!.shrinkage.sets[0].mean;
    expect(text).toMatch(new RegExp(`Mean BLUP shrinkage\\s+Subject\\s+\\(Intercept\\)\\s+${f4(m[0] as number)}`));
    expect(text).toMatch(new RegExp(`Mean BLUP shrinkage\\s+Subject\\s+Days\\s+${f4(m[1] as number)}`));
  });

  it("MMRM: R² only, and why there is no ICC or shrinkage", () => {
    const text = section(formatTextReport(fitCase(R.fev_us)), "Model Summaries");
    expect(text).not.toMatch(/ICC \(adjusted\)/);
    expect(text).toMatch(new RegExp(`Marginal R-squared\\s+${R.fev_us.r2m.toFixed(4).replace(".", "\\.")}`));
    expect(text).toMatch(/ICC: no random effects: the within-subject correlation comes from the residual covariance structure us\(AVISIT \| USUBJID\)/);
    expect(text).toMatch(/Shrinkage: no random effects: there are no BLUPs to shrink\./);
  });
});
