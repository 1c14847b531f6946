import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempFiles } from "../../helpers/temp.js";
import type { Column, DataFrame } from "../../../src-core/data/frame.js";
import { InputError } from "../../../src-main/errors.js";
import { lastBreakOutsideQuotes } from "../../../src-main/importers/csv.js";
import { readData } from "../../../src-main/io/read-data.js";
import type { ImportOptions } from "../../../src-main/importers/open.js";

// fev_data.csv: copied byte for byte from ../shared/reference/data/ (shipped with R's mmrm package).
const FEV = join(import.meta.dirname, "..", "..", "reference", "data", "fev_data.csv");
const { dir, write: temp } = tempFiles("csv");
let count = 0;
/** Reads `text` as a CSV file through the importer (the way every CSV is read). */
async function parseCsv(text: string | Uint8Array, options: ImportOptions = {}, name?: string): Promise<DataFrame> {
  return readData(temp(name ?? `p${count++}.csv`, text), options);
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

describe("reading fev_data.csv", () => {
  let fev: DataFrame;
  beforeAll(async () => { fev = await readData(FEV); });

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

});

describe("CSV cells and types", () => {
  it("detects the delimiter: comma, semicolon, tab, pipe", async () => {
    for (const d of [",", ";", "\t", "|"]) {
      const f = await parseCsv(["id", "y", "arm"].join(d) + "\n" + ["S1", "1.5", "A"].join(d) + "\n" + ["S2", "2", "B"].join(d) + "\n");
      expect(f.names).toEqual(["id", "y", "arm"]);
      expect(Array.from(numeric(f, "y"))).toEqual([1.5, 2]);
    }
  });

  it("drops a UTF-8 byte-order mark from the first column name", async () => {
    const f = await parseCsv("\ufeffUSUBJID,FEV1\nPT1,3\n");
    expect(f.names).toEqual(["USUBJID", "FEV1"]);
  });

  it("handles quotes: delimiters, doubled quotes and line breaks inside quoted fields, CRLF line ends", async () => {
    const f = await parseCsv('id,label,y\r\n"S1","a, b",1\r\n"S2","say ""hi""",2\r\n"S3","two\nlines",3\r\n');
    expect(f.nrow).toBe(3);
    expect(character(f, "label")).toEqual(["a, b", 'say "hi"', "two\nlines"]);
    expect(Array.from(numeric(f, "y"))).toEqual([1, 2, 3]);
  });

  it("types a column as numeric only when every non-missing cell is a number", async () => {
    const f = await parseCsv("a,b,c,d,e\n1e-3,1,x,007,\n-.5,2,1, 3 ,\n+2,NA,2,4,\n4.,,3,.,\n");
    expect(Array.from(numeric(f, "a"))).toEqual([0.001, -0.5, 2, 4]);
    expect(Array.from(numeric(f, "b"))).toEqual([1, 2, NaN, NaN]); // NA and empty are missing
    expect(character(f, "c")).toEqual(["x", "1", "2", "3"]); // one non-number makes it character
    expect(Array.from(numeric(f, "d"))).toEqual([7, 3, 4, NaN]); // cells are trimmed; SAS's "." is missing
    expect(Array.from(numeric(f, "e"))).toEqual([NaN, NaN, NaN, NaN]); // an empty column is numeric, all missing
  });

  it("keeps strings that only look like numbers in part as character values", async () => {
    const f = await parseCsv("a,b,c\n0x10,1,1/2\nInfinity,1e,3\n");
    expect(character(f, "a")).toEqual(["0x10", "Infinity"]);
    expect(character(f, "b")).toEqual(["1", "1e"]);
    expect(character(f, "c")).toEqual(["1/2", "3"]);
  });

  it("makes empty and NA cells of a character column missing (null), and trims values", async () => {
    const f = await parseCsv("arm,flag\nPBO ,Y\n,NA\nTRT,.\n");
    expect(character(f, "arm")).toEqual(["PBO", null, "TRT"]);
    expect(character(f, "flag")).toEqual(["Y", null, "."]); // "." is missing only in numeric columns
  });

  it("honours naStrings", async () => {
    const f = await parseCsv("y,g\n-99,a\n1,MISSING\n", { naStrings: ["-99", "MISSING"] });
    expect(Array.from(numeric(f, "y"))).toEqual([NaN, 1]);
    expect(character(f, "g")).toEqual(["a", null]);
  });

  it("reads a single-column file", async () => {
    const f = await parseCsv("y\n1\n2\n");
    expect(f.names).toEqual(["y"]);
    expect(Array.from(numeric(f, "y"))).toEqual([1, 2]);
  });

  it("names an unnamed column V<position> (R's write.csv row names) and skips blank lines", async () => {
    const f = await parseCsv('"","id","y"\n"1","S1",5\n\n"2","S2",6\n');
    expect(f.names).toEqual(["V1", "id", "y"]);
    expect(f.nrow).toBe(2);
  });

  it("rejects empty input, a header without rows, repeated names, ragged rows and unclosed quotes", async () => {
    const fails = async (text: string, pattern: RegExp) => {
      const path = temp("x.csv", text);
      await expect(readData(path)).rejects.toThrow(InputError);
      await expect(readData(path)).rejects.toThrow(pattern);
    };
    await fails("", /data file ".*x\.csv" is empty/);
    await fails(" \n\n", /is empty/);
    await fails("a,b\n", /column names but no data rows/);
    await fails("a,b,a\n1,2,3\n", /two columns named "a"/);
    await fails("a,b\n1,2\n3\n", /data row 2 has 1 fields but the header has 2/);
    await fails('a,b\n1,"open\n', /cannot be read: a quoted field in data row 1 is never closed/);
  });
});

describe("encoding", () => {
  it("reads UTF-8, and falls back to Windows-1252 for bytes that are not UTF-8", async () => {
    expect(character(await parseCsv("site\nZürich\n"), "site")).toEqual(["Zürich"]);
    expect(character(await parseCsv(Uint8Array.from([...Buffer.from("site\n"), 0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x0a])), "site")).toEqual(["Zürich"]); // Latin-1 ü = 0xFC
  });
});

describe("readData errors", () => {
  it("names a file that does not exist", async () => {
    const path = join(dir, "nope.csv");
    await expect(readData(path)).rejects.toThrow(InputError);
    await expect(readData(path)).rejects.toThrow(`data file "${path}" not found`);
  });

  it("names a path that is a directory", async () => {
    const path = join(dir, "folder.csv");
    mkdirSync(path);
    await expect(readData(path)).rejects.toThrow(/is a directory/);
  });

  it("says an empty file is empty", async () => {
    const path = temp("empty.csv", "");
    await expect(readData(path)).rejects.toThrow(`data file "${path}" is empty`);
  });

  it("reads a .tsv file with a tab even when the cells contain commas", async () => {
    const path = temp("t.tsv", "id\tnote\nS1\ta,b\nS2\tc,d\n");
    const f = await readData(path);
    expect(character(f, "note")).toEqual(["a,b", "c,d"]);
  });

  it("reads a Latin-1 file", async () => {
    const path = temp("latin1.csv", Uint8Array.from([...Buffer.from("site,y\n"), 0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, ...Buffer.from(",1\n")]));
    expect(character(await readData(path), "site")).toEqual(["Zürich"]);
  });

  it("reads Windows-1252's own characters in 0x80–0x9F (€, curly quotes, dashes), which Node's decoder gets wrong", async () => {
    // 0x80 €, 0x93 “, 0x94 ”, 0x96 – (the Windows-1252 table, WHATWG Encoding Standard)
    const path = temp("cp1252.csv", Uint8Array.from([...Buffer.from("note,y\n"), 0x80, 0x35, 0x20, 0x93, 0x61, 0x94, 0x20, 0x96, ...Buffer.from(",1\n")]));
    expect(character(await readData(path), "note")).toEqual(["€5 “a” –"]);
  });

  it("says what to do with .xls and .sas7bdat files, and rejects unknown types", async () => {
    await expect(readData(join(dir, "d.xls"))).rejects.toThrow(/Excel 97-2003 workbook; save it as \.xlsx/);
    await expect(readData(join(dir, "d.sas7bdat"))).rejects.toThrow(/is a SAS dataset; export it as SAS XPORT/);
    await expect(readData(join(dir, "d.sav"))).rejects.toThrow(/unknown type "\.sav"; use \.csv/);
  });

  it("rejects random bytes named .csv with one line", async () => {
    const bytes = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) { x = (x * 1103515245 + 12345) % 2147483648; bytes[i] = x >>> 16 & 255; }
    const path = temp("random.csv", bytes);
    await expect(readData(path)).rejects.toThrow(`data file "${path}" is not a text file (it holds binary bytes); is it really a CSV file?`);
  });
});

describe("semicolons, decimal commas and overrides", () => {
  it("reads a semicolon-delimited file with decimal commas as numbers", async () => {
    const f = await parseCsv("USUBJID;AVAL;BASE;SITE\nS1;12,5;10;A\nS2;-0,25;,5;B\nS3;;7,0;C\n");
    expect(Array.from(numeric(f, "AVAL"))).toEqual([12.5, -0.25, NaN]);
    expect(Array.from(numeric(f, "BASE"))).toEqual([10, 0.5, 7]);
    expect(character(f, "SITE")).toEqual(["A", "B", "C"]);
  });

  it("detects `;` in a two-column file that ends with a line break", async () => {
    const f = await parseCsv("ID;Y\nA;1,5\nB;2\n");
    expect(Array.from(numeric(f, "Y"))).toEqual([1.5, 2]);
  });

  it("says when a type override names no column", async () => {
    await expect(parseCsv("site,y\n701,1\n", { types: { SITE: "character" } })).rejects.toThrow(/has no column named "SITE" to set the type of; its columns are site, y/);
  });

  it("does not guess a decimal comma for a comma-delimited file", async () => {
    const f = await parseCsv('id,x\nS1,"1,5"\n');
    expect(character(f, "x")).toEqual(["1,5"]);
  });

  it("takes the user's type overrides, and says which cell stops a column from being numeric", async () => {
    const f = await parseCsv("site,y\n701,1\n702,2\n", { types: { site: "character" } });
    expect(character(f, "site")).toEqual(["701", "702"]);
    await expect(parseCsv("site,y\n701,1\nX1,2\n", { types: { site: "numeric" } }))
      .rejects.toThrow(/column "site" cannot be numeric: data row 2 holds "X1", which is not a number/);
  });
});

describe("streaming", () => {
  it("cuts text only after line breaks outside quotes", () => {
    expect(lastBreakOutsideQuotes('a,b\n1,"x\ny"\n2,"z')).toBe(12);
    expect(lastBreakOutsideQuotes('a,"b\n')).toBe(0);
    expect(lastBreakOutsideQuotes("no break")).toBe(0);
  });

  it("reads a file far larger than one read (1 MiB) and one batch, with quoted line breaks across the cuts", async () => {
    const n = 60_000;
    const lines = ["id,note,y"];
    for (let i = 0; i < n; i++) lines.push(`S${i},"line ${i}\nsecond, ""quoted"" part",${i / 4}`);
    const f = await parseCsv(lines.join("\r\n") + "\r\n");
    expect(f.nrow).toBe(n);
    const y = numeric(f, "y");
    expect(y[0]).toBe(0);
    expect(y[n - 1]).toBe((n - 1) / 4);
    expect(y.reduce((a, b) => a + b, 0)).toBe((n * (n - 1)) / 2 / 4);
    expect(character(f, "note")[54_321]).toBe('line 54321\nsecond, "quoted" part');
  });
});
