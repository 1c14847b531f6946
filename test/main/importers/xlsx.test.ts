import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../../src-main/errors.js";
import type { SourceTable } from "../../../src-main/importers/table.js";
import { sheetTable } from "../../../src-main/importers/xlsx-columns.js";
import { listSheets, openXlsx } from "../../../src-main/importers/xlsx.js";
import { readAll as readSource, readFailure } from "../../helpers/source.js";
import { tempFiles } from "../../helpers/temp.js";

// visits.xlsx and edge-cases.xlsx are written by test/fixtures/xlsx/make-fixtures.R (R's openxlsx); the
// expected values below are the ones that script writes.
const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "xlsx");
const VISITS = join(FIXTURES, "visits.xlsx");
const EDGES = join(FIXTURES, "edge-cases.xlsx");

const { dir, write: temp } = tempFiles("xlsx");

/** Every column's values over all batches, as plain arrays. */
const readAll = async (table: SourceTable) => (await readSource(table)).values;

/** The InputError that opening (and reading) a sheet throws. */
async function failure(path: string, sheet?: string): Promise<string> {
  const message = (await readFailure(() => openXlsx(path, { sheet }), path)).message;
  expect(message).not.toContain("\n");
  return message;
}

describe("listSheets", () => {
  it("gives the sheet names in workbook order", async () => {
    expect(await listSheets(VISITS)).toEqual(["visits", "sites"]);
    expect(await listSheets(EDGES)).toEqual(["empty", "duplicates", "blank-header", "offset", "header-only"]);
  });
});

describe("openXlsx on visits.xlsx", () => {
  let table: SourceTable;
  let values: Record<string, (number | string | null)[]>;
  beforeAll(async () => {
    table = await openXlsx(VISITS);
    values = await readAll(table);
  });

  it("reads the first sheet when none is named, and records which", () => {
    expect(table.format).toBe("xlsx");
    expect(table.options).toEqual({ sheet: "visits", sheets: "visits,sites" });
  });

  it("types each column from its cells", () => {
    expect(table.columns.map((c) => [c.name, c.storage, c.sourceType])).toEqual([
      ["USUBJID", "text", "string"], ["AVISIT", "text", "string"], ["VISITN", "number", "number"], ["FEV1", "number", "number"],
      ["ADT", "text", "date"], ["ADTM", "text", "date"], ["ANL01FL", "text", "boolean"], ["MIXED", "text", "mixed"],
    ]);
    for (const c of table.columns) expect([c.label, c.format, c.length]).toEqual([null, null, null]);
  });

  it("reads the values make-fixtures.R wrote, empty cells as missing", () => {
    expect(values.USUBJID).toEqual(["S01", "S01", "S02", "S02", "S03"]);
    expect(values.AVISIT).toEqual(["VIS1", "VIS2", "VIS1", null, "VIS1"]);
    expect(values.VISITN).toEqual([1, 2, 1, 2, 1]);
    expect(values.FEV1).toEqual([39.97, NaN, 45.5, -0.125, 0.001]);
    expect(values.ADT).toEqual(["2014-01-02", "2014-03-05", null, "2013-12-31", "2000-02-29"]);
    // 23:59:59 comes out of Excel's day fraction as 23:59:58.999 and is rounded to the second.
    expect(values.ADTM).toEqual(["2014-01-02T08:30:00", null, "2014-01-03T23:59:59", "2014-01-04T00:00:00", "2014-01-05T12:00:00"]);
    expect(values.ANL01FL).toEqual(["TRUE", "FALSE", null, "TRUE", "TRUE"]);
    // 3.5 and 1/3 (stored by openxlsx as 0.333333333333333) among strings, written as JavaScript's String(x).
    expect(values.MIXED).toEqual(["low", "3.5", "high", "0.333333333333333", "n/a"]);
  });

  it("reads a named sheet", async () => {
    const sites = await openXlsx(VISITS, { sheet: "sites" });
    expect(sites.options).toEqual({ sheet: "sites", sheets: "visits,sites" });
    expect(sites.columns.map((c) => [c.name, c.storage])).toEqual([["SITEID", "text"], ["N", "number"]]);
    expect(await readAll(sites)).toEqual({ SITEID: ["701", "702"], N: [12, 7] });
  });

  it("reports progress up to the file size", async () => {
    const progress: [number, number][] = [];
    await readAll(await openXlsx(VISITS, {}, (done, total) => progress.push([done, total])));
    const size = statSync(VISITS).size;
    expect(progress.at(-1)).toEqual([size, size]);
  });
});

describe("openXlsx repairs what it can", () => {
  it("names an empty header cell V<position> and trims names", async () => {
    const table = await openXlsx(EDGES, { sheet: "blank-header" });
    expect(table.columns.map((c) => c.name)).toEqual(["ID", "V2", "Y"]);
    expect(await readAll(table)).toEqual({ ID: ["a", "b"], V2: [1, NaN], Y: [2, NaN] });
  });

  it("finds a table placed away from A1 and keeps a blank row inside it as missing", async () => {
    const table = await openXlsx(EDGES, { sheet: "offset" });
    expect(table.columns.map((c) => [c.name, c.sourceType])).toEqual([["K", "number"], ["L", "string"]]);
    expect(await readAll(table)).toEqual({ K: [1, 2, NaN, 4], L: ["x", "y", null, "z"] });
  });

  it("pads ragged rows with missing values and writes mixed cells as text", () => {
    const date = new Date(Date.UTC(2020, 0, 2));
    const table = sheetTable([["a", "b", "c"], [1, "x"], [2], [3, date, true]], "test sheet");
    expect(table.rows).toBe(3);
    expect(table.columns.map((c) => [c.name, c.storage, c.sourceType])).toEqual([["a", "number", "number"], ["b", "text", "mixed"], ["c", "text", "boolean"]]);
    expect(table.values[1].values).toEqual(["x", null, "2020-01-02"]);
    expect(table.values[2].values).toEqual([null, null, "TRUE"]);
    const mixed = sheetTable([["m"], [1e21], [0.1 + 0.2], [false], ["s"]], "test sheet");
    expect(mixed.values[0].values).toEqual(["1e+21", "0.30000000000000004", "FALSE", "s"]);
  });
});

describe("openXlsx refuses bad input with a one-line message", () => {
  it("an unknown sheet, listing the sheets", async () => {
    expect(await failure(VISITS, "Sheet1")).toBe(`data file "${VISITS}" has no sheet named "Sheet1"; its sheets are "visits", "sites"`);
  });

  it("an empty sheet, a header without rows, duplicate names", async () => {
    expect(await failure(EDGES, "empty")).toBe(`data file "${EDGES}": sheet "empty" is empty`);
    expect(await failure(EDGES, "header-only")).toBe(`data file "${EDGES}": sheet "header-only" has a header row but no data rows`);
    expect(await failure(EDGES, "duplicates")).toBe(`data file "${EDGES}": sheet "duplicates" has two columns named "A"; rename one of them`);
  });

  it("a truncated workbook (the first half of its bytes)", async () => {
    const bytes = readFileSync(VISITS);
    const path = temp("truncated.xlsx", bytes.subarray(0, bytes.length >> 1));
    expect(await failure(path)).toMatch(new RegExp(`^data file ".*truncated.xlsx" is not a readable Excel workbook \\(.+\\); open it in Excel and save it again as .xlsx$`));
    await expect(listSheets(path)).rejects.toThrow(/is not a readable Excel workbook/);
  });

  it("random bytes named .xlsx", async () => {
    const random = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251);
    expect(await failure(temp("random.xlsx", random))).toContain("is not a readable Excel workbook");
    expect(await failure(temp("text.xlsx", "USUBJID,AVAL\nS01,3\n"))).toContain("is not a readable Excel workbook");
  });

  it("an Excel 97-2003 .xls file, by its OLE2 signature", async () => {
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);
    const path = temp("old.xlsx", xls);
    expect(await failure(path)).toBe(`data file "${path}" is an Excel 97-2003 .xls file; save it as .xlsx`);
  });

  it("an empty or missing file", async () => {
    const empty = temp("empty.xlsx", "");
    expect(await failure(empty)).toBe(`data file "${empty}" is empty`);
    const missing = join(dir, "missing.xlsx");
    expect(await failure(missing)).toBe(`data file "${missing}" not found`);
  });
});
