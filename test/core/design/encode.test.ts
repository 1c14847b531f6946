import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DataFrame } from "../../../src-core/data/frame.js";
import { buildDesign } from "../../../src-core/design/index.js";
import { LongitudeError } from "../../../src-core/errors.js";
import { readCsv } from "./csv.js";

// poly/ns rows at new values: R's predict() on the fitted basis (r/basis.R). Other expectations are
// computed from the definitions (treatment coding, x − group mean, group mean).
const basis = JSON.parse(readFileSync(new URL("./r/basis.json", import.meta.url), "utf8")) as {
  x: number[]; xnew: number[]; poly: { predict: number[][] }[]; ns: { predict: number[][] }[];
};
const fev = readCsv(new URL("../../reference/data/fev_data.csv", import.meta.url).pathname);

function frame(x: number[], g?: string[]): DataFrame {
  const columns: DataFrame["columns"] = {
    y: { kind: "numeric", values: Float64Array.from(x, (v, i) => v * 2 + (i % 3)) },
    x: { kind: "numeric", values: Float64Array.from(x) },
  };
  if (g) return { nrow: x.length, names: ["y", "x", "g"], columns: { ...columns, g: { kind: "character", values: g } } };
  return { nrow: x.length, names: ["y", "x"], columns };
}

describe("encode: one design row from predictor values", () => {
  it("codes factors by label, as the fitted columns", () => {
    const d = buildDesign(fev, { formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT" });
    expect(Array.from(d.encode({ RACE: "White", SEX: "Female", ARMCD: "TRT", AVISIT: "VIS3" }))).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0]);
    // Encoding a used row's values reproduces that row of X.
    const i = 7;
    const r = d.rows[i];
    const get = (c: string): string => (fev.columns[c] as { values: readonly (string | null)[] }).values[r]!;
    const row = d.encode({ RACE: get("RACE"), SEX: get("SEX"), ARMCD: get("ARMCD"), AVISIT: get("AVISIT") });
    expect(Array.from(row)).toEqual(Array.from(d.X.slice(i * d.p, (i + 1) * d.p)));
  });
  it("evaluates poly() and ns() on the fitted basis, as R's predict (also outside the data range)", () => {
    const d = buildDesign(frame(basis.x), { formula: "y ~ poly(x, 3) + ns(x, 4)" });
    basis.xnew.forEach((x, k) => {
      const expected = [1, ...basis.poly[2].predict[k], ...basis.ns[3].predict[k]];
      const got = Array.from(d.encode({ x }));
      got.forEach((v, j) => expect(Math.abs(v - expected[j])).toBeLessThan(1e-10));
    });
  });
  it("evaluates I(), log(), exp(), sqrt() and numeric factor levels given as numbers", () => {
    const d = buildDesign(frame([1, 2, 4, 8, 9, 12]), { formula: "y ~ I(x^2 - 1) + log(x) + exp(x/4) + sqrt(x)" });
    expect(Array.from(d.encode({ x: 3 }))).toEqual([1, 8, Math.log(3), Math.exp(0.75), Math.sqrt(3)]);
    const v = buildDesign(fev, { formula: "FEV1 ~ VISITN", factors: ["VISITN"] });
    expect(Array.from(v.encode({ VISITN: 3 }))).toEqual([1, 0, 1, 0]);
    expect(Array.from(v.encode({ VISITN: "4" }))).toEqual([1, 0, 0, 1]);
  });
  it("within(x, g) and between(x, g): the group mean over the used rows", () => {
    const data = frame([1, 3, 10, 20, NaN, 5], ["a", "a", "b", "b", "b", "c"]);
    const d = buildDesign(data, { formula: "y ~ within(x, g) + between(x, g)" });
    // Used rows: row 5 has x missing. Group means: a 2, b 15, c 5.
    expect(Array.from(d.X)).toEqual([1, -1, 2, 1, 1, 2, 1, -5, 15, 1, 5, 15, 1, 0, 5]);
    expect(Array.from(d.encode({ x: 4, g: "b" }))).toEqual([1, -11, 15]);
    // Without a group: at the overall mean (39 / 5), within is x minus that mean.
    expect(Array.from(d.encode({ x: 9 }))).toEqual([1, 9 - 39 / 5, 39 / 5]);
  });
  it("uses the covariate means for numeric columns not given", () => {
    const d = buildDesign(fev, { formula: "FEV1 ~ FEV1_BL + ARMCD + I(VISITN2^2)" });
    const bl = (fev.columns.FEV1_BL as { values: Float64Array }).values;
    const v2 = (fev.columns.VISITN2 as { values: Float64Array }).values;
    const mean = (a: Float64Array): number => Array.from(d.rows, (r) => a[r]).reduce((s, x) => s + x, 0) / d.nobs;
    expect(Object.keys(d.covariateMeans)).toEqual(["FEV1_BL", "VISITN2"]);
    expect(d.covariateMeans.FEV1_BL).toBeCloseTo(mean(bl), 12);
    expect(d.covariateMeans.VISITN2).toBeCloseTo(mean(v2), 12);
    const row = d.encode({ ARMCD: "PBO" });
    expect(row[1]).toBe(d.covariateMeans.FEV1_BL);
    expect(row[3]).toBe(d.covariateMeans.VISITN2 ** 2);
    expect(row[2]).toBe(0);
    expect(d.encode({ ARMCD: "PBO", "I(VISITN2^2)": 2 })[3]).toBe(2);
  });
  it("leaves out aliased columns", () => {
    const d = buildDesign(fev, { formula: "FEV1 ~ ARMCD:AVISIT" });
    expect(d.aliased).toEqual(["ARMCDTRT:AVISITVIS4"]);
    expect(d.encode({ ARMCD: "TRT", AVISIT: "VIS4" }).length).toBe(d.p);
    expect(Array.from(d.encode({ ARMCD: "PBO", AVISIT: "VIS4" }))).toEqual([1, 0, 0, 0, 0, 0, 0, 1]);
  });
  it("errors for an unknown level or a missing factor", () => {
    const d = buildDesign(fev, { formula: "FEV1 ~ ARMCD" });
    expect(() => d.encode({ ARMCD: "Placebo" })).toThrow(new LongitudeError("bad-spec", '"Placebo" is not a level of ARMCD; levels are: PBO, TRT'));
    expect(() => d.encode({})).toThrow('a level of the factor "ARMCD" is needed to build a design row; levels are: PBO, TRT');
  });
});
