/**
 * The report's tables from the fev_data MMRM (the demo's spec): the values are the fit's own, at full precision;
 * cells print in SAS's formats; the data-summary tables agree with counts taken straight from the CSV file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { fitModel } from "../../../src-core/index.js";
import { emptyRoles } from "../../../src-core/data/roles.js";
import { summariseData } from "../../../src-core/data/summary.js";
import { formatCell } from "../../../src-core/present/table.js";
import {
  convergenceTable, covarianceMatrixTables, differencesTable, dropoutTable, fixedEffectsTable, lsmeansTable, modelTable, observationCountTable, type3Table,
} from "../../../src-core/present/tables.js";
import type { AnalysisSpec } from "../../../src-core/spec.js";
import { readData } from "../../../src-main/io/read-data.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const CSV = join(ROOT, "src-main", "demo", "fev_data.csv");
const spec = JSON.parse(readFileSync(join(ROOT, "src-main", "demo", "fev_mmrm.spec.json"), "utf8")) as AnalysisSpec;
const frame = await readData(CSV);
const fit = await fitModel(frame, spec);
const rows = Papa.parse<Record<string, string>>(readFileSync(CSV, "utf8"), { header: true, skipEmptyLines: true }).data;

describe("fit tables", () => {
  it("differences: one row per contrast, with the fit's numbers and SAS's columns", () => {
    const t = differencesTable(fit);
    expect(t.columns.map((c) => c.key)).toEqual(["label", "AVISIT", "estimate", "std_error", "df", "t_value", "p_value", "lower", "upper"]);
    expect(t.labels).toBe(2);
    t.rows.forEach((row, i) => {
      const c = fit.contrasts[i];
      expect(row).toEqual([c.label, c.levels.AVISIT, c.estimate, c.se, c.df, c.t, c.p, c.lower, c.upper]);
    });
    expect(t.note).toBe("Lower, Upper: 95% confidence limits.");
  });

  it("fixed effects, LS means and Type 3 carry every row of the fit", () => {
    expect(fixedEffectsTable(fit).rows.map((r) => r[0])).toEqual(fit.coefficients.map((c) => c.name));
    expect(lsmeansTable(fit).rows.map((r) => [r[0], r[1], r[2]])).toEqual(fit.lsmeans.map((l) => [l.levels.ARMCD, l.levels.AVISIT, l.estimate]));
    expect(type3Table(fit.type3).rows.map((r) => [r[0], r[1], r[2]])).toEqual(fit.type3.map((t) => [t.term, t.numDF, t.denDF]));
  });

  it("the R matrix and its correlations over the visits", () => {
    const [r, corr] = covarianceMatrixTables(fit);
    const m = fit.covariance.residual.matrix!;
    expect(r.columns.slice(1).map((c) => c.header)).toEqual(["VIS1", "VIS2", "VIS3", "VIS4"]);
    expect(r.rows[1][3]).toBe(m[1][2]);
    expect(corr.rows[1][3] as number).toBeCloseTo(m[1][2] / Math.sqrt(m[1][1] * m[2][2]), 15);
    expect(corr.rows[2][3]).toBe(1);
  });

  it("convergence names the criterion: SAS's by default for this unstructured MMRM, the optimum on request", async () => {
    const get = (t: ReturnType<typeof convergenceTable>, item: string) => t.rows.find((r) => r[0] === item)?.[1];
    expect(get(convergenceTable(fit), "Criterion")).toBe("as SAS PROC MIXED: relative Hessian ≤ 1e-8 (stops where SAS stops)");
    // the demo spec is the SAS MMRM: SAS's −2 Res Log Like 3386.44987722 (sas_fev_mmrm_us_satterthwaite.json)
    expect(get(convergenceTable(fit), "Final -2 Res Log Likelihood")).toBeCloseTo(3386.44987722, 7);
    const optimum = fitModel(frame, { ...spec, convergence: "optimum" });
    expect(get(convergenceTable(optimum), "Criterion")).toBe("to the optimum: Newton decrement < 1e-10");
    expect(get(convergenceTable(optimum), "Final -2 Res Log Likelihood")).toBeLessThan(3386.44987722);
  });

  it("model information names the structure, the df method, the reference levels and the observations", () => {
    const t = modelTable(fit, { dataName: "fev_data.csv", rowsRead: 800 });
    const get = (item: string) => t.rows.find((r) => r[0] === item)?.[1];
    expect(get("Covariance structure")).toBe("Unstructured");
    expect(get("Degrees of freedom method")).toBe("Satterthwaite");
    expect(get("Reference levels")).toBe("ARMCD = PBO, AVISIT = VIS1, RACE = Asian, SEX = Male");
    // fev_data: 800 rows, 537 with FEV1 observed (the mmrm package's documentation of fev_data)
    expect([get("Observations read"), get("Observations used"), get("Observations not used (missing values)")]).toEqual([800, 537, 263]);
  });
});

describe("data tables", () => {
  const summary = summariseData(frame, { ...emptyRoles(), subject: "USUBJID", visit: "AVISIT", arm: "ARMCD", outcome: "FEV1" });
  const observed = (arm: string, visit: string) => rows.filter((r) => r.ARMCD === arm && r.AVISIT === visit && r.FEV1 !== "NA" && r.FEV1 !== "").length;

  it("observed values per visit and arm equal counts taken from the file", () => {
    const t = observationCountTable(summary);
    expect(t.columns.map((c) => c.header)).toEqual(["AVISIT", "PBO", "TRT"]);
    for (const row of t.rows) expect(row.slice(1)).toEqual([observed("PBO", row[0] as string), observed("TRT", row[0] as string)]);
  });

  it("the dropout pattern counts each subject once, by its last observed visit", () => {
    const t = dropoutTable(summary);
    const subjects = new Set(rows.map((r) => r.USUBJID)).size;
    const total = t.rows.reduce((s, r) => s + (r[1] as number) + (r[2] as number), 0);
    expect(total).toBe(subjects);
    expect(t.rows.at(-1)![0]).toBe("none");
  });
});

describe("formatCell", () => {
  it("prints SAS's formats and missing values", () => {
    expect(formatCell("p", 3.2e-9)).toBe("<.0001");
    expect(formatCell("p", 0.01234)).toBe("0.0123");
    expect(formatCell("df", 145.5512)).toBe("145.55");
    expect(formatCell("statistic", -0.0412)).toBe("-0.04");
    expect(formatCell("estimate", 30.77744)).toBe("30.7774");
    expect(formatCell("fraction", 0.43851)).toBe("0.4385");
    expect(formatCell("estimate", null)).toBe(".");
    expect(formatCell("text", null)).toBe("");
    expect(formatCell("estimate", "Non-est")).toBe("Non-est");
  });
});
