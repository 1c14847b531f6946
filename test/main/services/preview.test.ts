/**
 * previewFile (src-main/services/preview.ts): a file read as an import would read it, without storing it.
 *
 * Sources of the expected values: the files themselves — fev_data.csv's lines as written (800 rows, 263 empty
 * FEV1 cells, per test/reference/README and test/main/importers/csv.test.ts), adcibc.json's columns and first
 * record read here with JSON.parse, visits.xlsx's cells as test/fixtures/xlsx/make-fixtures.R writes them —
 * and, for the roles, the suggestions asserted in test/main/importers/mapping.test.ts. Error messages are the
 * importers' own, compared with what readData (the same readers, used by `longitude fit`) says of the same file.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempFiles } from "../../helpers/temp.js";
import type { FilePreview } from "../../../src-main/api/contract.js";
import { InputError } from "../../../src-main/errors.js";
import { readData, readTable } from "../../../src-main/io/read-data.js";
import { previewFile } from "../../../src-main/services/preview.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const FEV = join(ROOT, "test", "reference", "data", "fev_data.csv");
const BCVA = join(ROOT, "test", "reference", "data", "bcva_data.csv");
const ADCIBC = join(ROOT, "test", "fixtures", "cdisc", "adcibc.json");
const VISITS = join(ROOT, "test", "fixtures", "xlsx", "visits.xlsx");

const { dir, write: temp } = tempFiles("preview");

/** The error message a promise rejects with, checking it is an InputError. */
async function failure(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(InputError);
  return (e as Error).message;
}

describe("previewFile on fev_data.csv", () => {
  let p: FilePreview;
  beforeAll(async () => { p = await previewFile(FEV); });

  it("describes the file: name, format, size, detected options, 800 rows", () => {
    expect(p.name).toBe("fev_data.csv");
    expect(p.format).toBe("csv");
    expect(p.size).toBe(statSync(FEV).size);
    expect(p.readOptions).toEqual({ delimiter: ",", decimalComma: false, encoding: "utf-8" });
    expect(p.rows).toBe(800);
    expect(p.sheets).toBeUndefined();
  });

  it("infers the types: identifiers and factors character, measurements numeric", () => {
    expect(p.columnInfo.map((c) => [c.name, c.inferredType, c.type])).toEqual([
      ["USUBJID", "character", "character"], ["AVISIT", "character", "character"], ["ARMCD", "character", "character"],
      ["RACE", "character", "character"], ["SEX", "character", "character"], ["FEV1_BL", "numeric", "numeric"],
      ["FEV1", "numeric", "numeric"], ["WEIGHT", "numeric", "numeric"], ["VISITN", "numeric", "numeric"], ["VISITN2", "numeric", "numeric"],
    ]);
    // A CSV has no labels, declared types, formats or lengths; its cells arrive as text.
    for (const c of p.columnInfo) expect([c.label, c.storage, c.sourceType, c.format, c.length]).toEqual([null, "text", null, null, null]);
  });

  it("types the first 100 rows: numbers as numbers, empty cells as null, text as written", () => {
    expect(p.head.length).toBe(100);
    expect(p.head[0]).toEqual(["PT1", "VIS1", "TRT", "Black or African American", "Female", 25.2714350933994, null, 0.676723117008805, 1, -0.626453810742332]);
    expect(p.head[1]).toEqual(["PT1", "VIS2", "TRT", "Black or African American", "Female", 25.2714350933994, 39.9710497720302, 0.800618554465473, 2, 0.183643324222082]);
    const lines = readFileSync(FEV, "utf8").split("\n").slice(1, 101);
    p.head.forEach((row, i) => {
      const cells = lines[i].trim().split(",").map((c) => (c === "" ? null : c.startsWith('"') ? c.slice(1, -1) : Number(c)));
      expect(row, `row ${i + 1}`).toEqual(cells);
    });
  });

  it("suggests the roles an import would (mapping.test.ts: USUBJID, AVISIT, ARMCD; nothing else)", async () => {
    expect(p.mapping).toEqual({
      subject: "USUBJID", visit: "AVISIT", visitOrder: null, time: null, arm: "ARMCD", outcome: null,
      baseline: null, parameter: null, site: null, filters: [],
    });
    // The columns are those the import (readTable, the same typing) gives.
    expect(p.columnInfo).toEqual((await readTable(FEV)).columns);
  });
});

describe("previewFile with options", () => {
  it("takes type overrides: VISITN as character gives its cells as text", async () => {
    const p = await previewFile(FEV, { types: { VISITN: "character", FEV1_BL: "character" } });
    const visitn = p.columnInfo.find((c) => c.name === "VISITN")!;
    expect([visitn.inferredType, visitn.type]).toEqual(["numeric", "character"]);
    expect(p.head.slice(0, 4).map((r) => r[8])).toEqual(["1", "2", "3", "4"]);
    expect(p.head[0][5]).toBe("25.2714350933994");
    // The other columns keep their inferred types.
    expect(p.head[0][6]).toBeNull();
    expect(p.head[0][9]).toBe(-0.626453810742332);
  });

  it("keeps codes that look like numbers as text when told, and says which cell stops a numeric override", async () => {
    const path = temp("sites.csv", "SITEID,SUBJ,AVAL\n701,S1,1.5\n702,S2,NA\n 0703 ,S3,.\n");
    const inferred = await previewFile(path);
    expect(inferred.head).toEqual([[701, "S1", 1.5], [702, "S2", null], [703, "S3", null]]);
    const asText = await previewFile(path, { types: { SITEID: "character" } });
    expect(asText.head.map((r) => r[0])).toEqual(["701", "702", "0703"]);
    const message = `data file "${path}": column "SUBJ" cannot be numeric: data row 1 holds "S1", which is not a number`;
    expect(await failure(previewFile(path, { types: { SUBJ: "numeric" } }))).toBe(message);
    expect(await failure(readData(path, { types: { SUBJ: "numeric" } }))).toBe(message);
  });

  it("honours naStrings, a delimiter and a decimal comma", async () => {
    const path = temp("semicolon.csv", "ID;Y;ARM\nA;1,5;X\nB;-99;Y\nC;NA;Z\n");
    const p = await previewFile(path, { naStrings: ["-99"] });
    expect(p.readOptions).toEqual({ delimiter: ";", decimalComma: true, encoding: "utf-8" });
    // With naStrings given, "NA" is no longer missing, so Y is not numeric: its cells stay text.
    expect(p.columnInfo.map((c) => c.type)).toEqual(["character", "character", "character"]);
    expect(p.head).toEqual([["A", "1,5", "X"], ["B", null, "Y"], ["C", "NA", "Z"]]);
    const q = await previewFile(path, { naStrings: ["-99", "NA"] });
    expect(q.head).toEqual([["A", 1.5, "X"], ["B", null, "Y"], ["C", null, "Z"]]);
    const r = await previewFile(path, { delimiter: ";", decimalComma: false });
    expect(r.columnInfo.map((c) => c.type)).toEqual(["character", "character", "character"]);
    expect(r.head[0]).toEqual(["A", "1,5", "X"]);
  });

  it("shows at most 100 rows of a longer file, and counts them all (bcva_data.csv, 8,605 rows)", async () => {
    const p = await previewFile(BCVA);
    expect(p.rows).toBe(8605);
    expect(p.head.length).toBe(100);
    // USUBJID is quoted ("1") but every cell is a number, so a CSV column is numeric (typing.ts).
    expect(p.head[0]).toEqual([1, 1, "VIS01", "TRT", "White", 103.288759837516, 6.92611570364387]);
  });
});

describe("previewFile on other formats", () => {
  it("adcibc.json: 730 rows, the columns' labels and declared types, the first record typed", async () => {
    const json = JSON.parse(readFileSync(ADCIBC, "utf8")) as { columns: { name: string; label: string }[]; rows: unknown[][] };
    const p = await previewFile(ADCIBC);
    expect(p).toMatchObject({ name: "adcibc.json", format: "dataset-json", rows: 730 });
    expect(p.columnInfo.map((c) => [c.name, c.label])).toEqual(json.columns.map((c) => [c.name, c.label]));
    expect(p.columnInfo.find((c) => c.name === "AVAL")).toMatchObject({ storage: "number", sourceType: "integer", type: "numeric" });
    expect(p.columnInfo.find((c) => c.name === "SITEID")).toMatchObject({ storage: "text", sourceType: "string", type: "character" });
    // Record 1: SITEID "701" stays text (a typed source's string), the empty DTYPE is missing.
    expect(p.head[0]).toEqual(json.rows[0].map((v) => (v === "" ? null : v)));
    expect(p.head[0][1]).toBe("701");
    expect(p.mapping).toMatchObject({ subject: "USUBJID", visit: "AVISIT", arm: "TRTP", outcome: "AVAL", parameter: "PARAMCD", baseline: null });
  });

  it("visits.xlsx: lists the sheets, reads the first or the one named", async () => {
    const p = await previewFile(VISITS);
    expect(p.format).toBe("xlsx");
    expect(p.sheets).toEqual(["visits", "sites"]);
    expect(p.rows).toBe(5);
    // make-fixtures.R: FEV1 = 39.97, NA, 45.5, -0.125, 1e-3; AVISIT row 4 NA.
    expect(p.head.map((r) => r[3])).toEqual([39.97, null, 45.5, -0.125, 0.001]);
    expect(p.head.map((r) => r[1])).toEqual(["VIS1", "VIS2", "VIS1", null, "VIS1"]);
    const sites = await previewFile(VISITS, { sheet: "sites" });
    expect(sites.head).toEqual([["701", 12], ["702", 7]]);
    expect(sites.sheets).toEqual(["visits", "sites"]);
  });
});

describe("previewFile on a bad file: the importer's one-line message", () => {
  const cases: [string, string, (path: string) => string][] = [
    ["ragged.csv", "a,b\n1,2\n3\n", (path) => `data file "${path}": data row 2 has 1 fields but the header has 2; check the delimiter and quotes`],
    ["empty.csv", "", (path) => `data file "${path}" is empty`],
    ["header-only.csv", "a,b\n", (path) => `data file "${path}" has column names but no data rows`],
    ["twice.csv", "a,b,a\n1,2,3\n", (path) => `data file "${path}" has two columns named "a"; rename one of them`],
    ["open-quote.csv", 'a,b\n1,"open\n', (path) => `data file "${path}" cannot be read: a quoted field in data row 1 is never closed; check the quotes`],
  ];
  for (const [name, text, message] of cases)
    it(`${name}: the same message as an import`, async () => {
      const path = temp(name, text);
      const got = await failure(previewFile(path));
      expect(got).not.toContain("\n");
      expect(got).toBe(await failure(readData(path)));
      expect(got).toBe(message(path));
    });

  it("a file that does not exist, and a type Longitude does not read", async () => {
    const missing = join(dir, "nothing-here.csv");
    expect(await failure(previewFile(missing))).toBe(`data file "${missing}" not found`);
    const sav = temp("d.sav", "x");
    expect(await failure(previewFile(sav))).toMatch(/^data file ".*d\.sav" has an unknown type "\.sav"; use \.csv/);
  });
});
