import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src-core/data/frame.js";
import { buildDesign } from "../../../src-core/design/index.js";
import { type ErrorCode, LongitudeError } from "../../../src-core/errors.js";
import type { AnalysisSpec } from "../../../src-core/spec.js";
import { readCsv } from "./csv.js";

// fev_data.csv is mmrm's fev_data (800 rows, FEV1 missing in 263); counts below are recomputed from the
// file in the test or counted with Python's csv module (262 TRT rows with FEV1), messages are the ones this project chose (docs/formula.md).
const fev = readCsv(new URL("../../reference/data/fev_data.csv", import.meta.url).pathname);

function failure(data: DataFrame, spec: AnalysisSpec, code: ErrorCode): string {
  try { buildDesign(data, spec); } catch (e) {
    expect(e).toBeInstanceOf(LongitudeError);
    expect((e as LongitudeError).code).toBe(code);
    expect((e as Error).message).not.toContain("\n");
    return (e as Error).message;
  }
  throw new Error(`no error for ${spec.formula}`);
}

describe("rows used: where filter and missing values", () => {
  it("leaves out rows with a missing response, one by one, and counts them", () => {
    const d = buildDesign(fev, { formula: "FEV1 ~ ARMCD + us(AVISIT | USUBJID)" });
    const fev1 = (fev.columns.FEV1 as { values: Float64Array }).values;
    const missing = fev1.filter((v) => Number.isNaN(v)).length;
    expect([d.nobs, d.nMissing, d.nFiltered]).toEqual([800 - missing, missing, 0]);
    expect(missing).toBe(263);
    expect(d.rows[0]).toBe(1);
    expect(Array.from(d.y.slice(0, 2))).toEqual([fev1[1], fev1[3]]);
  });
  it("counts rows removed by where separately from rows with missing values", () => {
    const d = buildDesign(fev, { formula: "FEV1 ~ ARMCD", where: 'AVISIT != "VIS4"' });
    const visit = (fev.columns.AVISIT as { values: readonly (string | null)[] }).values;
    const fev1 = (fev.columns.FEV1 as { values: Float64Array }).values;
    const kept = visit.map((v, i) => i).filter((i) => visit[i] !== "VIS4");
    const miss = kept.filter((i) => Number.isNaN(fev1[i])).length;
    expect([d.nFiltered, d.nMissing, d.nobs]).toEqual([800 - kept.length, miss, kept.length - miss]);
  });
  it("weights: rows with a missing, zero or negative weight are left out as missing", () => {
    const data: DataFrame = {
      nrow: 5, names: ["y", "w", "g"],
      columns: {
        y: { kind: "numeric", values: Float64Array.from([1, 2, 3, 4, 5]) },
        w: { kind: "numeric", values: Float64Array.from([1, 0, -1, NaN, 2.5]) },
        g: { kind: "character", values: ["a", "b", "a", "b", "b"] },
      },
    };
    const d = buildDesign(data, { formula: "y ~ 1", weights: "w" });
    expect([d.nobs, d.nMissing, Array.from(d.weights!), Array.from(d.rows)]).toEqual([2, 3, [1, 2.5], [0, 4]]);
    expect(buildDesign(data, { formula: "y ~ 1" }).weights).toBeNull();
  });
  it("drops factor levels that no used row has, and uses the spec's reference level", () => {
    const d = buildDesign(fev, { formula: "FEV1 ~ AVISIT", where: 'AVISIT != "VIS1"', reference: { AVISIT: "VIS3" } });
    expect(d.factors.AVISIT).toEqual({ name: "AVISIT", levels: ["VIS2", "VIS3", "VIS4"], reference: "VIS3" });
    expect(d.coefNames).toEqual(["(Intercept)", "AVISITVIS2", "AVISITVIS4"]);
  });
  it("a numeric column listed in factors: levels in numeric order, labelled as printed", () => {
    const d = buildDesign(fev, { formula: "FEV1 ~ VISITN", factors: ["VISITN"], reference: { VISITN: "2" } });
    expect(d.factors.VISITN).toEqual({ name: "VISITN", levels: ["1", "2", "3", "4"], reference: "2" });
    expect(d.coefNames).toEqual(["(Intercept)", "VISITN1", "VISITN3", "VISITN4"]);
  });
});

describe("errors say what to change", () => {
  it("unknown column, with the closest name", () => {
    expect(failure(fev, { formula: "FEV1 ~ ARMCD + FEV" }, "unknown-column")).toBe(
      'unknown column "FEV" in the formula "FEV1 ~ ARMCD + FEV"; did you mean "FEV1"? Columns are: USUBJID, AVISIT, ARMCD, RACE, SEX, FEV1_BL, FEV1, WEIGHT and 2 more',
    );
    expect(failure(fev, { formula: "FEV1 ~ ARMCD + us(AVISIT | SUBJECT)" }, "unknown-column")).toMatch(/^unknown column "SUBJECT" in the formula .*; columns are: USUBJID/);
    expect(failure(fev, { formula: "FEV1 ~ ARMCD", weights: "WT" }, "unknown-column")).toMatch(/^unknown column "WT" in the spec's "weights"/);
    expect(failure(fev, { formula: "FEV1 ~ ARMCD", factors: ["VISIT"] }, "unknown-column")).toMatch(/^unknown column "VISIT" in the spec's "factors"; did you mean "AVISIT"\?/);
  });
  it("a character response", () => {
    expect(failure(fev, { formula: "RACE ~ ARMCD" }, "non-numeric")).toBe('the response "RACE" is not numeric: row 1 has "Black or African American"; choose a numeric response column');
  });
  it("a factor inside arithmetic", () => {
    expect(failure(fev, { formula: "FEV1 ~ I(RACE^2)" }, "non-numeric")).toBe('"RACE" is a character column, so it cannot be used in I(RACE^2); use a numeric column there');
    expect(failure(fev, { formula: "FEV1 ~ log(VISITN)", factors: ["VISITN"] }, "non-numeric")).toBe('"VISITN" is listed in the spec\'s "factors", so it cannot be used in log(VISITN); use a numeric column there');
  });
  it("a non-finite covariate value", () => {
    expect(failure(fev, { formula: "FEV1 ~ log(VISITN2)" }, "bad-data")).toBe(
      'log(VISITN2) is not a finite number at row 6 (VISITN2 = -0.820468384118015); change the expression or filter the row out with "where"',
    );
  });
  it("a factor with a single level among the used rows", () => {
    expect(failure(fev, { formula: "FEV1 ~ ARMCD + AVISIT", where: 'ARMCD == "TRT"' }, "single-level-factor")).toBe(
      'the factor "ARMCD" in the fixed effects has only one level ("TRT") among the 262 used rows; remove it from the formula or change the where filter',
    );
  });
  it("no usable rows, with the counts", () => {
    // 66 rows at VIS1 have FEV1 missing (counted from the file with Python's csv module).
    expect(failure(fev, { formula: "FEV1 ~ ARMCD", where: 'AVISIT == "VIS1" & is.na(FEV1)' }, "no-usable-rows")).toBe(
      "no rows are left to fit: 800 rows in the data, 734 removed by the where filter, 66 with a missing value in the response or a model variable; check the where filter and the columns in the formula",
    );
  });
  it("an unknown reference level lists the levels; a reference on a numeric variable", () => {
    expect(failure(fev, { formula: "FEV1 ~ ARMCD", reference: { ARMCD: "Placebo" } }, "bad-spec")).toBe('the reference level "Placebo" of ARMCD is not among its levels in the used rows: PBO, TRT');
    expect(failure(fev, { formula: "FEV1 ~ FEV1_BL", reference: { FEV1_BL: "1" } }, "bad-spec")).toMatch(/"FEV1_BL" has a reference level in the spec but is numeric; list it in "factors"/);
  });
  it("bad formula and bad where pass through with their codes", () => {
    expect(failure(fev, { formula: "FEV1 ~ (ARMCD" }, "formula-syntax")).toMatch(/position 14/);
    expect(failure(fev, { formula: "FEV1 ~ ARMCD", where: 'ARMCD = "TRT"' }, "bad-where")).toMatch(/position 7/);
  });
});
