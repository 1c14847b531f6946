/** The CSV writer: 17 significant digits that give back the same double, quoting, and the long results file. */
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { PresentTable } from "../../../src-core/present/table.js";
import { analysisResultsCsv, csvNumber, tableCsv } from "../../../src-main/report/csv.js";

const table: PresentTable = {
  id: "differences", title: "t", labels: 2,
  columns: [{ key: "label", header: "Difference", kind: "text" }, { key: "AVISIT", header: "AVISIT", kind: "text" },
    { key: "estimate", header: "Estimate", kind: "estimate" }, { key: "p_value", header: "p", kind: "p" }],
  rows: [["TRT - PBO", "Week, 8", 0.1 + 0.2, 3.2e-9], ['"A" - B', "VIS2", -4, null]],
};

describe("csvNumber", () => {
  it("writes 17 significant digits, whole numbers plainly, NaN empty", () => {
    expect(csvNumber(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(csvNumber(3.2e-9)).toBe("3.2000000000000001e-9");
    expect(csvNumber(537)).toBe("537");
    expect(csvNumber(NaN)).toBe("");
    expect(csvNumber(-Infinity)).toBe("-Infinity");
    for (const x of [Math.PI, 1 / 3, -2.718281828459045e-300, 4.398543210987654]) expect(Number(csvNumber(x))).toBe(x);
  });
});

describe("tableCsv", () => {
  it("uses the column keys as the header and quotes where CSV needs it", () => {
    expect(tableCsv(table)).toBe('label,AVISIT,estimate,p_value\r\nTRT - PBO,"Week, 8",0.30000000000000004,3.2000000000000001e-9\r\n"""A"" - B",VIS2,-4,\r\n');
  });
});

describe("analysisResultsCsv", () => {
  it("has one row per number: analysis, table, row, labels, statistic, value", () => {
    const rows = Papa.parse<string[]>(analysisResultsCsv("FEV1 MMRM", [table]), { skipEmptyLines: true }).data;
    expect(rows).toEqual([
      ["analysis", "table", "row", "labels", "statistic", "value"],
      ["FEV1 MMRM", "differences", "1", "label=TRT - PBO; AVISIT=Week, 8", "estimate", "0.30000000000000004"],
      ["FEV1 MMRM", "differences", "1", "label=TRT - PBO; AVISIT=Week, 8", "p_value", "3.2000000000000001e-9"],
      ["FEV1 MMRM", "differences", "2", 'label="A" - B; AVISIT=VIS2', "estimate", "-4"],
    ]);
  });
});
