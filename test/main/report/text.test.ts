import { describe, expect, it } from "vitest";
import type { FitResult } from "../../../src-core/result.js";
import { formatTextReport } from "../../../src-main/report/text.js";
import { csFixture } from "./fixture.js";

function section(report: string, title: string): string {
  const start = `\n${report}`.indexOf(`\n${title}\n`);
  if (start < 0) throw new Error(`no section "${title}" in\n${report}`);
  const end = report.indexOf("\n\n", start);
  return report.slice(start, end < 0 ? undefined : end);
}

describe("formatTextReport on a converged fit", () => {
  const report = formatTextReport(csFixture(), { dataName: "fev_data.csv", rowsRead: 800 });

  it("has SAS PROC MIXED's sections in SAS's order", () => {
    const titles = ["Model Information", "Dimensions", "Number of Observations", "Convergence Status",
      "Covariance Parameter Estimates", "Fit Statistics", "Solution for Fixed Effects"];
    const positions = titles.map((t) => report.indexOf(`${t}\n`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(report).not.toMatch(/NOT CONVERGE/);
  });

  it("describes the model", () => {
    const info = section(report, "Model Information");
    expect(info).toMatch(/Data Set\s+fev_data\.csv/);
    expect(info).toMatch(/Dependent Variable\s+FEV1/);
    expect(info).toMatch(/Covariance Structure\s+Compound Symmetry/);
    expect(info).toMatch(/Subject Effect\s+USUBJID/);
    expect(info).toMatch(/Estimation Method\s+REML/);
    expect(info).toMatch(/Degrees of Freedom Method\s+Kenward-Roger/);
  });

  it("counts observations read, used and not used", () => {
    const obs = section(report, "Number of Observations");
    expect(obs).toMatch(/Number of Observations Read\s+800/);
    expect(obs).toMatch(/Number of Observations Used\s+537/);
    expect(obs).toMatch(/Number of Observations Not Used\s+263/);
    expect(section(report, "Dimensions")).toMatch(/Subjects \(USUBJID\)\s+197/);
  });

  it("prints the covariance parameters with SAS's names and digits", () => {
    const cov = section(report, "Covariance Parameter Estimates");
    expect(cov).toMatch(/Cov Parm\s+Subject\s+Estimate/);
    expect(cov).toMatch(/CS\s+USUBJID\s+1\.1388/);
    expect(cov).toMatch(/Residual\s+USUBJID\s+81\.4907/);
    expect(cov).not.toMatch(/Group/); // no per-group covariance here
  });

  it("prints fit statistics as SAS does (sas_fev_cs_kenward-roger.json: -2 Res Log Like 3890.97896859)", () => {
    const fit = section(report, "Fit Statistics");
    expect(fit).toMatch(/-2 Res Log Likelihood\s+3891\.0/);
    expect(fit).toMatch(/AIC \(Smaller is Better\)\s+3895\.0/);
    expect(fit).toMatch(/AICC \(Smaller is Better\)\s+3895\.0/);
    expect(fit).toMatch(/BIC \(Smaller is Better\)\s+3901\.5/);
    expect(section(report, "Convergence Status")).toMatch(/Final -2 Res Log Likelihood\s+3890\.97896859/);
  });

  it("prints the fixed effects with SAS's columns and formats", () => {
    const fixed = section(report, "Solution for Fixed Effects");
    expect(fixed).toMatch(/Effect\s+Estimate\s+Standard Error\s+DF\s+t Value\s+Pr > \|t\|\s+Lower\s+Upper/);
    // sas_fev_cs_kenward-roger.json, ARMCDTRT, printed the way SAS prints it
    expect(fixed).toMatch(/ARMCDTRT\s+4\.1966\s+0\.7965\s+177\.04\s+5\.27\s+<\.0001\s+2\.6248\s+5\.7684/);
    expect(fixed).toMatch(/95% confidence limits/);
  });

  it("aligns number columns on the decimal point", () => {
    const lines = section(report, "Solution for Fixed Effects").split("\n").slice(2, 4);
    // (Intercept) 40.1 / ARMCDTRT 4.1966: the points of the Estimate column share a position
    const point = (line: string, value: string) => line.indexOf(value) + value.indexOf(".");
    expect(point(lines[0], "40.1")).toBe(point(lines[1], "4.1966"));
    expect(point(lines[0], "0.55")).toBe(point(lines[1], "0.7965"));
  });
});

describe("formatTextReport extras", () => {
  it("renders Type 3 tests, LS means and differences when present", () => {
    // Values from sas_fev_mmrm_us_satterthwaite.json (type3 ARMCD:AVISIT, LS mean TRT at VIS2, TRT - PBO at VIS2);
    // the p-values and unrounded df are made up for the test.
    const result = {
      ...csFixture(),
      type3: [{ term: "ARMCD:AVISIT", numDF: 3, denDF: 147.9, F: 0.26, p: 0.8540 }],
      lsmeans: [{ levels: { ARMCD: "TRT", AVISIT: "VIS2" }, estimate: 41.9037, se: 0.6023, df: 143.8, t: 69.57, p: 1e-40, lower: 40.7131, upper: 43.0942 }],
      contrasts: [{ label: "TRT - PBO", levels: { AVISIT: "VIS2" }, estimate: 3.7322, se: 0.8588, df: 144.6, t: 4.35, p: 0.00003, lower: 2.0348, upper: 5.4296 }],
      slices: [{ term: "ARMCD", levels: { AVISIT: "VIS2" }, numDF: 1, denDF: 144.6, F: 18.89, p: 0.00003 }],
    } as FitResult;
    const report = formatTextReport(result);
    expect(section(report, "Type 3 Tests of Fixed Effects")).toMatch(/ARMCD:AVISIT\s+3\s+147\.90\s+0\.26\s+0\.8540/);
    expect(section(report, "Least Squares Means")).toMatch(/ARMCD\s+AVISIT\s+Estimate/);
    expect(section(report, "Least Squares Means")).toMatch(/TRT\s+VIS2\s+41\.9037\s+0\.6023\s+143\.80\s+69\.57\s+<\.0001\s+40\.7131\s+43\.0942/);
    expect(section(report, "Tests of Effect Slices")).toMatch(/ARMCD\s+VIS2\s+1\s+144\.60\s+18\.89\s+<\.0001/);
    expect(section(report, "Differences of Least Squares Means")).toMatch(/TRT - PBO\s+VIS2\s+3\.7322\s+0\.8588\s+144\.60\s+4\.35\s+<\.0001/);
  });

  it("lists warnings, the groups of per-group covariance and aliased columns", () => {
    const base = csFixture();
    const result: FitResult = {
      ...base,
      aliased: ["SEXMale"],
      covariance: {
        ...base.covariance,
        residual: { ...base.covariance.residual, groups: [{ group: "PBO", matrix: [] }, { group: "TRT", matrix: [] }] },
        parameters: base.covariance.parameters.map((p, i) => ({ ...p, group: i === 0 ? "PBO" : "TRT" })),
      },
      diagnostics: { ...base.diagnostics, warnings: ["the correlation of UN(2,1) is at its bound"] },
    };
    const report = formatTextReport(result);
    expect(section(report, "Warnings")).toMatch(/- the correlation of UN\(2,1\) is at its bound/);
    expect(section(report, "Model Information")).toMatch(/Groups\s+PBO, TRT/);
    expect(section(report, "Covariance Parameter Estimates")).toMatch(/CS\s+USUBJID\s+PBO\s+1\.1388/);
    expect(report).toMatch(/Aliased \(linearly dependent, left out\): SEXMale/);
  });
});

describe("formatTextReport on a fit that did not converge", () => {
  const base = csFixture();
  const failed: FitResult = {
    ...base,
    converged: false,
    diagnostics: { ...base.diagnostics, iterations: 200, message: "iteration limit reached with relative gradient 3.2E-3" },
  };
  const report = formatTextReport(failed, { dataName: "fev_data.csv", rowsRead: 800 });

  it("says so at the top, with the reason", () => {
    expect(report.split("\n").slice(0, 3).join("\n")).toMatch(/THE FIT DID NOT CONVERGE/);
    expect(report).toMatch(/Reason: iteration limit reached/);
    expect(section(report, "Convergence Status")).toMatch(/Status\s+DID NOT CONVERGE\./);
  });

  it("shows no estimates, standard errors, tests or fit statistics", () => {
    for (const title of ["Covariance Parameter Estimates", "Fit Statistics", "Solution for Fixed Effects"]) expect(report).not.toContain(title);
    expect(report).not.toContain("4.1966");
    expect(report).not.toContain("81.4907");
    expect(report).not.toContain("<.0001");
  });

  it("still describes the model and the data", () => {
    expect(section(report, "Model Information")).toMatch(/Dependent Variable\s+FEV1/);
    expect(section(report, "Number of Observations")).toMatch(/Used\s+537/);
  });
});
