/**
 * Column levels for filters and reference levels. Counts read off src-main/demo/fev_data.csv with Python's csv
 * module and collections.Counter (2026-11-21): ARMCD PBO 420, TRT 380; AVISIT 200 rows per visit; FEV1 263
 * empty cells. VISITN is numeric 1–4, so its levels sort as numbers.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { columnLevels } from "../../../src-core/data/column-levels.js";
import { readData } from "../../../src-main/io/read-data.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const fev = await readData(join(ROOT, "src-main", "demo", "fev_data.csv"));

describe("columnLevels", () => {
  it("counts the rows of each level in the fit's level order", () => {
    expect(columnLevels(fev, "ARMCD")).toEqual({ column: "ARMCD", levels: [{ value: "PBO", rows: 420 }, { value: "TRT", rows: 380 }], missing: 0, truncated: false });
    expect(columnLevels(fev, "VISITN").levels).toEqual([1, 2, 3, 4].map((v) => ({ value: String(v), rows: 200 })));
  });

  it("counts missing cells and truncates long lists", () => {
    const fev1 = columnLevels(fev, "FEV1", 10);
    expect(fev1.missing).toBe(263);
    expect(fev1.levels).toHaveLength(10);
    expect(fev1.truncated).toBe(true);
  });

  it("counts only the given rows", () => {
    // rows 0-3 are PT1's four visits (TRT), rows 4-7 PT2's (PBO): the first eight rows of fev_data.csv
    expect(columnLevels(fev, "ARMCD", 500, [0, 1, 2, 3]).levels).toEqual([{ value: "TRT", rows: 4 }]);
    expect(columnLevels(fev, "ARMCD", 500, [0, 4, 5]).levels).toEqual([{ value: "PBO", rows: 2 }, { value: "TRT", rows: 1 }]);
  });

  it("names an unknown column", () => {
    expect(() => columnLevels(fev, "ARM")).toThrow(/ARM/);
  });
});
