import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../../src-main/errors.js";
import { openDatasetJson } from "../../../src-main/importers/dataset-json.js";
import { BATCH_ROWS, type SourceColumn, type SourceTable } from "../../../src-main/importers/table.js";
import { readAll, readFailure, type Read } from "../../helpers/source.js";
import { tempFiles } from "../../helpers/temp.js";

// adadas.json, adcibc.json: the CDISC ADaM pilot study (CDISCPILOT01) in Dataset-JSON 1.1, copied unchanged
// from ../shared/reference/data/cdisc (see test/fixtures/cdisc/README.md). The expected cells below were read
// off the files with Python's json module (record n = rows[n - 1]), independently of this reader.
const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");
const ADADAS = join(FIXTURES, "cdisc", "adadas.json");
const ADCIBC = join(FIXTURES, "cdisc", "adcibc.json");
// all-types.json: written by hand, one column of each Dataset-JSON 1.1 dataType (the pilot has no boolean,
// decimal, double, time or URI column).
const ALL_TYPES = join(FIXTURES, "dataset-json", "all-types.json");

const { dir, write: temp } = tempFiles("dataset-json");

/** A Dataset-JSON document rewritten as Dataset-NDJSON: the metadata on line 1, then one record per line. */
function toNdjson(doc: Record<string, unknown>): string {
  const { rows, ...meta } = doc;
  return [meta, ...(rows as unknown[])].map((x) => JSON.stringify(x)).join("\n") + "\n";
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

function column(table: SourceTable, name: string): SourceColumn {
  const c = table.columns.find((c) => c.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

/** Opens and reads a file, returning the InputError it throws (at opening or while reading). */
async function failure(path: string): Promise<string> {
  const message = (await readFailure(() => openDatasetJson(path), path)).message;
  expect(message).not.toContain("\n");
  return message;
}

describe("openDatasetJson on the CDISC pilot adadas.json", () => {
  let table: SourceTable;
  let read: Read;
  beforeAll(async () => {
    table = await openDatasetJson(ADADAS);
    read = await readAll(table);
  });

  it("reads all 12,463 records and the dataset's own description", () => {
    expect(table.format).toBe("dataset-json");
    expect(read.rows).toBe(12_463);
    expect(table.columns).toHaveLength(40);
    expect(table.options).toMatchObject({
      name: "ADADAS", label: "ADAS-Cog Analysis", datasetJSONVersion: "1.1.0", records: 12_463,
      itemGroupOID: "IG.ADADAS", "sourceSystem.name": "SAS on X64_10PRO", "sourceSystem.version": "9.0401M7",
    });
  });

  it("describes each column as the file declares it", () => {
    expect(column(table, "USUBJID")).toEqual({ name: "USUBJID", label: "Unique Subject Identifier", storage: "text", sourceType: "string", format: null, length: 11 });
    expect(column(table, "TRTSDT")).toEqual({ name: "TRTSDT", label: "Date of First Exposure to Treatment", storage: "text", sourceType: "date", format: "DATE9.", length: null });
    expect(column(table, "AVAL")).toEqual({ name: "AVAL", label: "Analysis Value", storage: "number", sourceType: "integer", format: null, length: null });
    expect(table.columns.slice(0, 4).map((c) => c.name)).toEqual(["STUDYID", "SITEID", "SITEGR1", "USUBJID"]);
  });

  it("keeps the cells: strings, ISO dates, numbers, null as NaN and \"\" as missing", () => {
    const v = read.values;
    // Record 1: 01-701-1015, Word Recall Task at baseline, CHG null, DTYPE "".
    expect([v.USUBJID[0], v.TRTSDT[0], v.AGE[0], v.PARAMCD[0], v.AVAL[0], v.CHG[0], v.ABLFL[0], v.DTYPE[0]])
      .toEqual(["01-701-1015", "2014-01-02", 63, "ACITM01", 3, NaN, "Y", null]);
    // Record 2: Week 8, CHG -1, PCHG -33.3333333333.
    expect([v.AVISIT[1], v.CHG[1], v.PCHG[1]]).toEqual(["Week 8", -1, -33.3333333333]);
    // Record 375: ACTOT of 01-701-1097, a fractional value in a column declared integer; kept as it is.
    expect([v.USUBJID[374], v.PARAMCD[374], v.AVAL[374]]).toEqual(["01-701-1097", "ACTOT", 56.724137931]);
    // Record 12,463, the last: 01-718-1427 at Week 24, PCHG 46.6666666667, AWHI null.
    expect([v.USUBJID[12_462], v.AVISIT[12_462], v.PCHG[12_462], v.AWHI[12_462]]).toEqual(["01-718-1427", "Week 24", 46.6666666667, NaN]);
    // 3,835 records have CHG null.
    expect(v.CHG.filter((x) => Number.isNaN(x))).toHaveLength(3835);
  });
});

describe("openDatasetJson on the CDISC pilot adcibc.json and its NDJSON form", () => {
  let json: SourceTable;
  let readJsonForm: Read;
  beforeAll(async () => {
    json = await openDatasetJson(ADCIBC);
    readJsonForm = await readAll(json);
  });

  it("reads all 730 records with the cells checked by hand", () => {
    expect(readJsonForm.rows).toBe(730);
    expect(json.options).toMatchObject({ name: "ADCIBC", label: "CIBIC+ Analysis", records: 730 });
    const v = readJsonForm.values;
    // Record 5: 01-701-1023, Week 16 carried forward (DTYPE LOCF), AVAL 3 on 2012-09-02.
    expect([v.USUBJID[4], v.AVISIT[4], v.DTYPE[4], v.AVAL[4], v.ADT[4]]).toEqual(["01-701-1023", "Week 16", "LOCF", 3, "2012-09-02"]);
    // Record 730: AVAL 4, AWHI null, DTYPE "".
    expect([v.USUBJID[729], v.AVAL[729], v.AWHI[729], v.DTYPE[729]]).toEqual(["01-718-1427", 4, NaN, null]);
  });

  it("reads the .ndjson conversion to exactly the same table", async () => {
    const path = temp("adcibc.ndjson", toNdjson(readJson(ADCIBC)));
    const ndjson = await openDatasetJson(path);
    expect(ndjson.format).toBe("dataset-ndjson");
    expect(ndjson.columns).toEqual(json.columns);
    expect(ndjson.options).toEqual(json.options);
    expect(await readAll(ndjson)).toEqual(readJsonForm);
  });

  it("reads a Windows-style .ndjson (CRLF, a byte-order mark, blank lines) the same way", async () => {
    const text = "\ufeff" + toNdjson(readJson(ADCIBC)).replaceAll("\n", "\r\n\r\n");
    const ndjson = await openDatasetJson(temp("adcibc-crlf.ndjson", text));
    expect(await readAll(ndjson)).toEqual(readJsonForm);
  });
});

describe("openDatasetJson on every data type", () => {
  it("maps each dataType to its storage and keeps the declared metadata", async () => {
    const table = await openDatasetJson(ALL_TYPES);
    const kinds = table.columns.map((c) => [c.name, c.storage, c.sourceType]);
    expect(kinds).toEqual([
      ["USUBJID", "text", "string"], ["AGE", "number", "integer"], ["WEIGHT", "number", "double"], ["HEIGHT", "number", "float"],
      ["DOSE", "text", "decimal"], ["RANDDT", "text", "date"], ["RANDDTM", "text", "datetime"], ["RANDTM", "text", "time"],
      ["SAFFL", "text", "boolean"], ["CRF", "text", "URI"],
    ]);
    expect(column(table, "CRF").label).toBeNull();
    expect(column(table, "DOSE").length).toBe(8);
  });

  it("reads numbers, decimal text, ISO text and booleans; null and \"\" are missing", async () => {
    const { values: v } = await readAll(await openDatasetJson(ALL_TYPES));
    expect(v.AGE).toEqual([63, NaN, 71]);
    expect(v.WEIGHT).toEqual([54.4, NaN, 0.001]);
    expect(v.HEIGHT).toEqual([147.3, NaN, 0]);
    expect(v.DOSE).toEqual(["0.10", null, null]); // a decimal keeps its digits, trailing zero included
    expect(v.RANDDT).toEqual(["2014-01-02", null, null]); // targetDataType "integer", still ISO text
    expect(v.RANDDTM).toEqual(["2014-01-02T08:30:00", null, null]);
    expect(v.RANDTM).toEqual(["08:30:00", null, null]);
    expect(v.SAFFL).toEqual(["true", "false", null]);
    expect(v.CRF).toEqual(["https://example.org/crf/1015", null, null]);
  });
});

describe("openDatasetJson batches and progress", () => {
  // 40,000 records: more than two batches.
  const n = 40_000;
  const doc = {
    datasetJSONVersion: "1.1.0", records: n, name: "BIG", label: "Many rows",
    columns: [{ itemOID: "IT.ID", name: "ID", dataType: "integer" }, { itemOID: "IT.G", name: "G", dataType: "string" }],
    rows: Array.from({ length: n }, (_, i) => [i + 1, `g${i % 7}`]),
  };

  for (const [name, content] of [["big.json", JSON.stringify(doc)], ["big.ndjson", toNdjson(doc)]] as const) {
    it(`cuts ${name} into batches of at most BATCH_ROWS and reports bytes up to the file size`, async () => {
      const path = temp(name, content);
      const progress: [number, number][] = [];
      const read = await readAll(await openDatasetJson(path, (done, total) => progress.push([done, total])));
      expect(read.batchRows).toEqual([BATCH_ROWS, BATCH_ROWS, n - 2 * BATCH_ROWS]);
      expect(read.values.ID[n - 1]).toBe(n);
      expect(read.values.G[n - 1]).toBe(`g${(n - 1) % 7}`);
      const size = statSync(path).size;
      expect(progress.at(-1)).toEqual([size, size]);
      for (let k = 1; k < progress.length; k++) expect(progress[k][0]).toBeGreaterThanOrEqual(progress[k - 1][0]);
    });
  }

  it("can be read twice, and stops reading when the consumer stops", async () => {
    const table = await openDatasetJson(temp("again.ndjson", toNdjson(doc)));
    for await (const batch of table.batches()) {
      expect(batch.rows).toBe(BATCH_ROWS);
      break;
    }
    expect((await readAll(table)).rows).toBe(n);
  });
});

describe("openDatasetJson refuses malformed files with a one-line message", () => {
  const base = readJson(ALL_TYPES);
  const withRows = (rows: unknown[], extra: Record<string, unknown> = {}) => ({ ...base, ...extra, rows });
  const rows = base.rows as unknown[][];

  it("a record shorter than the column list, in .json and in .ndjson", async () => {
    const doc = withRows([rows[0], rows[1].slice(0, 9), rows[2]]);
    const json = temp("short.json", JSON.stringify(doc));
    const ndjson = temp("short.ndjson", toNdjson(doc));
    expect(await failure(json)).toBe(`data file "${json}": record 2 has 9 values but the dataset has 10 columns`);
    expect(await failure(ndjson)).toBe(`data file "${ndjson}": record 2 has 9 values but the dataset has 10 columns`);
  });

  it("a value of the wrong type, naming the record and the column", async () => {
    const bad = [...rows[2]];
    bad[1] = "71";
    const path = temp("string-age.ndjson", toNdjson(withRows([rows[0], rows[1], bad])));
    expect(await failure(path)).toMatch(/^data file ".*": record 3, column AGE \(integer\) holds "71" where a number or null is expected/);
    const flag = [...rows[0]];
    flag[8] = "Y";
    expect(await failure(temp("flag.json", JSON.stringify(withRows([flag, rows[1], rows[2]])))))
      .toMatch(/record 1, column SAFFL \(boolean\) holds "Y" where true or false or null is expected/);
  });

  it("\"records\" that disagrees with the rows, in .json and in .ndjson", async () => {
    const doc = withRows(rows, { records: 4 });
    const json = temp("records.json", JSON.stringify(doc));
    const ndjson = temp("records.ndjson", toNdjson(doc));
    expect(await failure(json)).toBe(`data file "${json}" says "records": 4 but holds 3 rows; the file may be truncated or edited, so export it again`);
    expect(await failure(ndjson)).toContain(`says "records": 4 but holds 3 rows`);
  });

  it("JSON that is not Dataset-JSON", async () => {
    const path = temp("plain.json", JSON.stringify({ name: "X", data: [[1, 2]] }));
    expect(await failure(path)).toBe(`data file "${path}" is not Dataset-JSON: it has no "columns" list describing the variables; export the dataset as CDISC Dataset-JSON 1.1`);
    expect(await failure(temp("array.json", "[[1, 2], [3, 4]]"))).toContain("is not Dataset-JSON");
    expect(await failure(temp("rows.ndjson", "[1, 2]\n[3, 4]\n"))).toContain("is not Dataset-NDJSON");
    const whole = temp("whole.ndjson", JSON.stringify(base));
    expect(await failure(whole)).toBe(`data file "${whole}" holds a whole Dataset-JSON document with its "rows" on line 1; that is the .json form, so rename the file to .json`);
    expect(await failure(temp("no-rows.json", JSON.stringify({ ...base, rows: undefined })))).toContain(`has no "rows" list`);
    const unknownType = { ...base, columns: [{ name: "A", dataType: "text" }], rows: [], records: 0 };
    expect(await failure(temp("type.json", JSON.stringify(unknownType)))).toContain(`("A") has dataType "text"; Dataset-JSON 1.1 types are integer, double`);
  });

  it("an empty file", async () => {
    for (const name of ["empty.json", "empty.ndjson", "blank.json", "blank.ndjson"]) {
      const path = temp(name, name.startsWith("blank") ? " \n\n  \n" : "");
      expect(await failure(path)).toBe(`data file "${path}" is empty`);
    }
  });

  it("invalid JSON, with its position", async () => {
    const json = temp("broken.json", '{"columns": [\n  {"name": "A", "dataType": "string"},\n]}');
    expect(await failure(json)).toBe(`data file "${json}" is not valid JSON: unexpected "]" at line 3, column 1 (position 53)`);
    const ndjson = temp("broken.ndjson", toNdjson(base).replace(/\n\["01-701-1023".*\n/, '\n["01-701-1023", nul]\n'));
    expect(await failure(ndjson)).toBe(`data file "${ndjson}": line 3 is not valid JSON: unexpected "]" at column 20`);
  });

  it("a file that does not exist", async () => {
    const path = join(dir, "missing.json");
    expect(await failure(path)).toBe(`data file "${path}" not found`);
    expect(await failure(join(dir, "missing.ndjson"))).toContain("not found");
  });
});
