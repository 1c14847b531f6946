import { describe, expect, it } from "vitest";
import { formatCell } from "../../../../src-core/present/table.js";
import type { StructureTable } from "../../../../src-main/api/contract.js";
import {
  canCompare, comparisonProgressText, isBestAicRow, refitName, structureChoice, structureCode, structureName, structuresTable, withStructure,
} from "../../../../src-renderer/lib/results/structures.js";
import { tableText } from "../../../../src-renderer/lib/table-text.js";
import { fevStructures } from "../../fixtures/fits.js";

/** The fixture with UN failing as the engine reports it: NaN criteria (null once the table crossed JSON). */
function withFailedUn(nanAs: number | null): StructureTable {
  const t = fevStructures();
  const failed = { ...t.rows[0], converged: false, npar: nanAs as number, m2logLik: nanAs as number, aic: nanAs as number, aicc: nanAs as number, bic: nanAs as number, message: "the covariance matrix became singular" };
  return { ...t, rows: [failed, ...t.rows.slice(1)], fallback: "toeph", bestAic: "csh", bestBic: "csh" };
}

describe("structure names", () => {
  it("gives SAS's name and TYPE= code", () => {
    expect(structureName("us")).toBe("Unstructured (UN)");
    expect(structureName("ar1h")).toBe("Heterogeneous Autoregressive (ARH(1))");
    expect(structureName("toeph")).toBe("Heterogeneous Toeplitz (TOEPH)");
    expect(structureCode("ar1")).toBe("AR(1)");
    expect(structureName("xyz")).toBe("xyz");
  });
});

describe("structuresTable", () => {
  it("lists every structure with its criteria as the engine computed them", () => {
    const t = structuresTable(fevStructures());
    expect(t.id).toBe("structures");
    expect(t.title).toBe("Information criteria by residual covariance structure (REML; smaller is better)");
    expect(t.columns.map((c) => c.header)).toEqual(["Structure", "Converged", "Parameters", "-2 Res Log Likelihood", "AIC", "AICC", "BIC", "Smallest", "Message"]);
    expect(t.rows.map((r) => r[0])).toEqual([
      "Unstructured (UN)", "Heterogeneous Toeplitz (TOEPH)", "Heterogeneous Autoregressive (ARH(1))", "Heterogeneous Compound Symmetry (CSH)",
      "Toeplitz (TOEP)", "Autoregressive (AR(1))", "Compound Symmetry (CS)",
    ]);
    // the demo MMRM: UN has 10 covariance parameters, AIC 3406.4 and BIC 3439.3 (mmrm and SAS agree)
    expect(t.rows[0].slice(1, 7)).toEqual(["yes", 10, 3386.449871162336, 3406.449871162336, 3406.8770556283553, 3439.281908449716]);
    expect(tableText(t).split("\n")[1]).toBe("Unstructured (UN)\tyes\t10\t3386.4\t3406.4\t3406.9\t3439.3\tAIC\t");
  });

  it("marks the smallest AIC and the smallest BIC", () => {
    const table = fevStructures();
    const t = structuresTable(table);
    expect(t.rows.map((r) => r[7])).toEqual(["AIC", "", "", "BIC", "", "", ""]);
    expect(t.rows.filter((r) => isBestAicRow(table, r)).map((r) => r[0])).toEqual(["Unstructured (UN)"]);
    const same = { ...table, bestAic: "csh" as const };
    expect(structuresTable(same).rows[3][7]).toBe("AIC and BIC");
  });

  it.each([["NaN", NaN], ["null (after JSON)", null]])("prints a failed structure's criteria as missing when they arrive as %s", (_label, missing) => {
    const table = withFailedUn(missing);
    const t = structuresTable(table);
    expect(t.rows[0]).toEqual(["Unstructured (UN)", "no", null, null, null, null, null, "", "the covariance matrix became singular"]);
    expect(t.rows[0].map((v, j) => formatCell(t.columns[j].kind, v)).slice(2, 7)).toEqual([".", ".", ".", ".", "."]);
    expect(isBestAicRow(table, t.rows[0])).toBe(false);
    expect(isBestAicRow(table, t.rows[3])).toBe(true);
  });

  it("names ML's -2 log likelihood under ML", () => {
    const table = fevStructures();
    const ml = { ...table, rows: table.rows.map((r) => ({ ...r, method: "ML" as const })) };
    expect(structuresTable(ml).columns[3].header).toBe("-2 Log Likelihood");
    expect(structuresTable(ml).title).toContain("(ML;");
  });
});

describe("structureChoice", () => {
  it("names the best by AIC, by BIC and the fallback", () => {
    expect(structureChoice(fevStructures())).toBe(
      "Smallest AIC: Unstructured (UN). Smallest BIC: Heterogeneous Compound Symmetry (CSH). Fallback choice (the first to converge in the order UN, TOEPH, ARH(1), CSH, TOEP, AR(1), CS): Unstructured (UN).",
    );
  });

  it("says when AIC and BIC agree, and when nothing converged", () => {
    expect(structureChoice(withFailedUn(NaN))).toMatch(/^Smallest AIC: Heterogeneous Compound Symmetry \(CSH\)\. BIC agrees\. Fallback choice .*: Heterogeneous Toeplitz \(TOEPH\)\.$/);
    const none: StructureTable = { ...fevStructures(), fallback: null, bestAic: null, bestBic: null };
    expect(structureChoice(none)).toMatch(/^No structure converged: simplify the model/);
  });
});

describe("withStructure", () => {
  it("replaces the residual term's structure and nothing else", () => {
    expect(withStructure("FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)", "us", "toeph")).toBe("FEV1 ~ RACE + SEX + ARMCD * AVISIT + toeph(AVISIT | USUBJID)");
    // a variable whose name ends in the structure's name is not the term
    expect(withStructure("y ~ bus + cs (AVISIT | USUBJID)", "cs", "ar1")).toBe("y ~ bus + ar1 (AVISIT | USUBJID)");
    expect(withStructure("y ~ status + us(V | S)", "us", "cs")).toBe("y ~ status + cs(V | S)");
  });

  it("names the refit after the fit and the new structure, once", () => {
    expect(refitName("Primary MMRM", "toeph")).toBe("Primary MMRM (TOEPH)");
    expect(refitName("Primary MMRM (TOEPH)", "ar1")).toBe("Primary MMRM (AR(1))");
    expect(refitName("Fit 1 (AR(1))", "us")).toBe("Fit 1 (UN)");
    expect(refitName("Week (4)", "cs")).toBe("Week (4) (CS)");
  });

  it("gives null when there is no such term", () => {
    expect(withStructure("Reaction ~ Days + (Days | Subject)", "us", "cs")).toBeNull();
  });

  it("allows a comparison only for a residual structure over visits", () => {
    expect(canCompare("us")).toBe(true);
    expect(canCompare("iid")).toBe(false);
    expect(canCompare("sp_exp")).toBe(false);
  });
});

describe("comparisonProgressText", () => {
  it("counts the structure being fitted and lists those done", () => {
    expect(comparisonProgressText(null)).toBe("Starting the comparison…");
    expect(comparisonProgressText({ done: 2, total: 7, next: "ar1h" })).toBe("Fitting 3 of 7: Heterogeneous Autoregressive (ARH(1))…");
    expect(comparisonProgressText({ done: 7, total: 7, next: null })).toBe("All 7 structures fitted; tabulating…");
  });
});
