import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Column, DataFrame } from "../../../src-core/data/frame.js";
import { InputError } from "../../../src-main/errors.js";
import { decodeText, parseCsv, readCsv } from "../../../src-main/io/read-csv.js";
import { readData } from "../../../src-main/io/read-data.js";

// fev_data.csv: copied byte for byte from ../shared/reference/data/ (shipped with R's mmrm package).
const FEV = join(import.meta.dirname, "..", "..", "reference", "data", "fev_data.csv");
const dir = mkdtempSync(join(tmpdir(), "longitude-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function temp(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
function numeric(frame: DataFrame, name: string): Float64Array {
  const c: Column = frame.columns[name];
  if (c.kind !== "numeric") throw new Error(`${name} is ${c.kind}`);
  return c.values;
}
function character(frame: DataFrame, name: string): readonly (string | null)[] {
  const c: Column = frame.columns[name];
  if (c.kind !== "character") throw new Error(`${name} is ${c.kind}`);
  return c.values;
}

describe("readCsv on fev_data.csv", () => {
  let fev: DataFrame;
  beforeAll(() => { fev = readCsv(FEV); });

  it("reads 800 rows and the 10 columns in file order", () => {
    expect(fev.nrow).toBe(800);
    expect(fev.names).toEqual(["USUBJID", "AVISIT", "ARMCD", "RACE", "SEX", "FEV1_BL", "FEV1", "WEIGHT", "VISITN", "VISITN2"]);
  });

  it("types the columns: identifiers and factors as character, measurements as numeric", () => {
    const kinds = Object.fromEntries(fev.names.map((n) => [n, fev.columns[n].kind]));
    expect(kinds).toEqual({
      USUBJID: "character", AVISIT: "character", ARMCD: "character", RACE: "character", SEX: "character",
      FEV1_BL: "numeric", FEV1: "numeric", WEIGHT: "numeric", VISITN: "numeric", VISITN2: "numeric",
    });
  });

  it("has 263 missing FEV1 (empty cells), as the reference README states", () => {
    const fev1 = numeric(fev, "FEV1");
    expect(fev1.filter(Number.isNaN).length).toBe(263);
    // sum of the 537 observed values, computed independently with Python's csv module
    expect(fev1.filter((v) => !Number.isNaN(v)).reduce((a, b) => a + b, 0)).toBeCloseTo(22712.90295603176, 8);
  });

  it("reads values exactly as written, quotes removed", () => {
    expect(character(fev, "USUBJID")[0]).toBe("PT1");
    expect(character(fev, "RACE")[0]).toBe("Black or African American");
    expect(Number.isNaN(numeric(fev, "FEV1")[0])).toBe(true);
    expect(numeric(fev, "FEV1")[1]).toBe(39.9710497720302);
    expect(numeric(fev, "FEV1_BL")[0]).toBe(25.2714350933994);
    expect(numeric(fev, "VISITN2")[0]).toBe(-0.626453810742332);
    expect(character(fev, "USUBJID")[799]).toBe("PT200");
    expect(numeric(fev, "FEV1")[799]).toBe(54.2508125737659);
    expect(new Set(character(fev, "RACE"))).toEqual(new Set(["Asian", "Black or African American", "White"]));
  });

  it("is what readData returns for a .csv file", async () => {
    const viaData = await readData(FEV);
    expect(viaData.nrow).toBe(800);
    expect(numeric(viaData, "FEV1")[1]).toBe(39.9710497720302);
  });
});

describe("parseCsv", () => {
  it("detects the delimiter: comma, semicolon, tab, pipe", () => {
    for (const d of [",", ";", "\t", "|"]) {
      const f = parseCsv(["id", "y", "arm"].join(d) + "\n" + ["S1", "1.5", "A"].join(d) + "\n" + ["S2", "2", "B"].join(d) + "\n");
      expect(f.names).toEqual(["id", "y", "arm"]);
      expect(Array.from(numeric(f, "y"))).toEqual([1.5, 2]);
    }
  });

  it("drops a UTF-8 byte-order mark from the first column name", () => {
    const f = parseCsv("\ufeffUSUBJID,FEV1\nPT1,3\n");
    expect(f.names).toEqual(["USUBJID", "FEV1"]);
  });

  it("handles quotes: delimiters, doubled quotes and line breaks inside quoted fields, CRLF line ends", () => {
    const f = parseCsv('id,label,y\r\n"S1","a, b",1\r\n"S2","say ""hi""",2\r\n"S3","two\nlines",3\r\n');
    expect(f.nrow).toBe(3);
    expect(character(f, "label")).toEqual(["a, b", 'say "hi"', "two\nlines"]);
    expect(Array.from(numeric(f, "y"))).toEqual([1, 2, 3]);
  });

  it("types a column as numeric only when every non-missing cell is a number", () => {
    const f = parseCsv("a,b,c,d,e\n1e-3,1,x,007,\n-.5,2,1, 3 ,\n+2,NA,2,4,\n4.,,3,.,\n");
    expect(Array.from(numeric(f, "a"))).toEqual([0.001, -0.5, 2, 4]);
    expect(Array.from(numeric(f, "b"))).toEqual([1, 2, NaN, NaN]); // NA and empty are missing
    expect(character(f, "c")).toEqual(["x", "1", "2", "3"]); // one non-number makes it character
    expect(Array.from(numeric(f, "d"))).toEqual([7, 3, 4, NaN]); // cells are trimmed; SAS's "." is missing
    expect(Array.from(numeric(f, "e"))).toEqual([NaN, NaN, NaN, NaN]); // an empty column is numeric, all missing
  });

  it("keeps strings that only look like numbers in part as character values", () => {
    const f = parseCsv("a,b,c\n0x10,1,1/2\nInfinity,1e,3\n");
    expect(character(f, "a")).toEqual(["0x10", "Infinity"]);
    expect(character(f, "b")).toEqual(["1", "1e"]);
    expect(character(f, "c")).toEqual(["1/2", "3"]);
  });

  it("makes empty and NA cells of a character column missing (null), and trims values", () => {
    const f = parseCsv("arm,flag\nPBO ,Y\n,NA\nTRT,.\n");
    expect(character(f, "arm")).toEqual(["PBO", null, "TRT"]);
    expect(character(f, "flag")).toEqual(["Y", null, "."]); // "." is missing only in numeric columns
  });

  it("honours naStrings", () => {
    const f = parseCsv("y,g\n-99,a\n1,MISSING\n", { naStrings: ["-99", "MISSING"] });
    expect(Array.from(numeric(f, "y"))).toEqual([NaN, 1]);
    expect(character(f, "g")).toEqual(["a", null]);
  });

  it("reads a single-column file", () => {
    const f = parseCsv("y\n1\n2\n");
    expect(f.names).toEqual(["y"]);
    expect(Array.from(numeric(f, "y"))).toEqual([1, 2]);
  });

  it("names an unnamed column V<position> (R's write.csv row names) and skips blank lines", () => {
    const f = parseCsv('"","id","y"\n"1","S1",5\n\n"2","S2",6\n');
    expect(f.names).toEqual(["V1", "id", "y"]);
    expect(f.nrow).toBe(2);
  });

  it("rejects empty input, a header without rows, repeated names, ragged rows and unclosed quotes", () => {
    const fails = (text: string, pattern: RegExp) => {
      expect(() => parseCsv(text, {}, 'data file "x.csv"')).toThrow(InputError);
      expect(() => parseCsv(text, {}, 'data file "x.csv"')).toThrow(pattern);
    };
    fails("", /data file "x\.csv" is empty/);
    fails(" \n\n", /is empty/);
    fails("a,b\n", /header row but no data rows/);
    fails("a,b,a\n1,2,3\n", /two columns named "a"/);
    fails("a,b\n1,2\n3\n", /data row 2 has 1 fields but the header has 2/);
    fails('a,b\n1,"open\n', /cannot be read.*quoted field unterminated/i);
  });
});

describe("decodeText", () => {
  it("reads UTF-8, and falls back to Windows-1252 for bytes that are not UTF-8", () => {
    expect(decodeText(new TextEncoder().encode("Zürich"))).toBe("Zürich");
    expect(decodeText(Uint8Array.from([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68]))).toBe("Zürich"); // Latin-1 ü = 0xFC
  });
});

describe("readCsv and readData errors", () => {
  it("names a file that does not exist", async () => {
    const path = join(dir, "nope.csv");
    expect(() => readCsv(path)).toThrow(InputError);
    expect(() => readCsv(path)).toThrow(`data file "${path}" not found`);
    await expect(readData(path)).rejects.toThrow(`data file "${path}" not found`);
  });

  it("names a path that is a directory", () => {
    const path = join(dir, "folder.csv");
    mkdirSync(path);
    expect(() => readCsv(path)).toThrow(/is a directory/);
  });

  it("says an empty file is empty", () => {
    const path = temp("empty.csv", "");
    expect(() => readCsv(path)).toThrow(`data file "${path}" is empty`);
  });

  it("reads a .tsv file with a tab even when the cells contain commas", async () => {
    const path = temp("t.tsv", "id\tnote\nS1\ta,b\nS2\tc,d\n");
    const f = await readData(path);
    expect(character(f, "note")).toEqual(["a,b", "c,d"]);
  });

  it("reads a Latin-1 file", () => {
    const path = temp("latin1.csv", Uint8Array.from([...Buffer.from("site,y\n"), 0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, ...Buffer.from(",1\n")]));
    expect(character(readCsv(path), "site")).toEqual(["Zürich"]);
  });

  it("says .xpt, .json, .ndjson and .xlsx are not supported yet, and rejects unknown types", async () => {
    for (const ext of [".xpt", ".json", ".ndjson", ".xlsx", ".XPT"]) {
      await expect(readData(join(dir, `d${ext}`))).rejects.toThrow(/not supported yet/);
    }
    await expect(readData(join(dir, "d.sas7bdat"))).rejects.toThrow(/unknown type "\.sas7bdat"/);
  });
});
