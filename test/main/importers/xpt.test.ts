import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BATCH_ROWS } from "../../../src-main/importers/table.js";
import { openXpt } from "../../../src-main/importers/xpt.js";
import { readAll, readFailure } from "../../helpers/source.js";
import { tempFiles } from "../../helpers/temp.js";

// adsl.xpt, adcibc.xpt and their Dataset-JSON twins adsl.json, adcibc.json: the CDISC ADaM pilot study
// (CDISCPILOT01), copied unchanged from ../shared/reference/data/cdisc (see test/fixtures/cdisc/README.md).
// SAS 9.4 wrote the .xpt files; the .json files hold the same data, written separately, so every cell read
// from an .xpt file is compared with the twin's.
const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");
const ADSL = join(FIXTURES, "cdisc", "adsl.xpt");
const ADCIBC = join(FIXTURES, "cdisc", "adcibc.xpt");
// haven-v5.xpt, haven-v8.xpt: written by R's haven 2.5.1 (through ReadStat) with test/fixtures/xpt/make-fixtures.R;
// the expected values below are the ones that script writes.
const HAVEN_V5 = join(FIXTURES, "xpt", "haven-v5.xpt");
const HAVEN_V8 = join(FIXTURES, "xpt", "haven-v8.xpt");

const { dir, write: temp } = tempFiles("xpt");

type Value = number | string | null;

/** The error openXpt, or reading all rows, throws for this file. */
const failure = (path: string) => readFailure(() => openXpt(path), path);

// The twins differ in one label, which the .xpt file spells as SAS wrote it (`grep -a` on both files shows it).
const XPT_LABELS: Record<string, Record<string, string>> = {
  adcibc: { ITTFL: "Intent-To-Treat Population Flag" }, // adcibc.json: "Intent-to-Treat Population Flag"
};

interface Twin {
  records: number;
  columns: { name: string; label: string; dataType: string }[];
  rows: Value[][];
}

describe("openXpt on the CDISC pilot files, cell by cell against their Dataset-JSON twins", () => {
  for (const [name, path, rows] of [["adsl", ADSL, 254], ["adcibc", ADCIBC, 730]] as const) {
    it(`${name}.xpt: ${rows} rows, the twin's columns, labels and every value`, async () => {
      const twin = JSON.parse(readFileSync(join(FIXTURES, "cdisc", `${name}.json`), "utf8")) as Twin;
      const table = await openXpt(path);
      const read = await readAll(table);

      expect(read.rows).toBe(rows);
      expect(twin.records).toBe(rows);
      expect(table.columns.map((c) => c.name)).toEqual(twin.columns.map((c) => c.name));
      expect(table.columns.map((c) => c.label)).toEqual(twin.columns.map((c) => XPT_LABELS[name]?.[c.name] ?? c.label));

      twin.columns.forEach((tc, j) => {
        const column = table.columns[j];
        const values = read.values[column.name];
        // The twin's dates are SAS numerics with DATE9. in the .xpt, turned into ISO text by the reader.
        if (tc.dataType === "date") expect([column.sourceType, column.format]).toEqual(["date", "DATE9."]);
        for (let r = 0; r < rows; r++) {
          const want = twin.rows[r][j];
          const got = values[r];
          if (column.storage === "number") {
            if (want === null) expect(got, `${column.name}[${r}]`).toBeNaN();
            else expect(Math.abs((got as number) - (want as number)), `${column.name}[${r}]`).toBeLessThanOrEqual(1e-12 * Math.abs(want as number));
          } else {
            // Dataset-JSON writes SAS's missing character value as "", the reader as null.
            expect(got, `${column.name}[${r}]`).toBe(want === "" ? null : want);
          }
        }
      });
    });
  }

  it("describes ADSL's columns and the member as SAS wrote them", async () => {
    const table = await openXpt(ADSL);
    expect(table.format).toBe("xpt");
    expect(table.options).toEqual({
      version: 5, member: "ADSL", memberLabel: "Subject-Level Analysis Dataset", created: "16APR22:20:09:03", sasVersion: "9.4", os: "Linux",
    });
    const byName = (n: string) => table.columns.find((c) => c.name === n);
    expect(byName("USUBJID")).toEqual({ name: "USUBJID", label: "Unique Subject Identifier", storage: "text", sourceType: "character", format: null, length: 11 });
    expect(byName("AGE")).toEqual({ name: "AGE", label: "Age", storage: "number", sourceType: "numeric", format: null, length: 8 });
    expect(byName("TRTSDT")).toEqual({ name: "TRTSDT", label: "Date of First Exposure to Treatment", storage: "text", sourceType: "date", format: "DATE9.", length: 8 });
  });

  it("reports progress as it reads, ending at the file's size", async () => {
    const calls: [number, number][] = [];
    const table = await openXpt(ADCIBC, (read, total) => calls.push([read, total]));
    await readAll(table);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every(([, total]) => total === 290_480)).toBe(true);
    expect(calls.every(([read], i) => i === 0 || read >= calls[i - 1][0])).toBe(true);
    expect(calls.at(-1)).toEqual([290_480, 290_480]);
  });
});

describe("openXpt on the files make-fixtures.R writes with haven", () => {
  it("haven-v5.xpt: version 5, member VITALS, 6 rows", async () => {
    const table = await openXpt(HAVEN_V5);
    expect(table.options).toMatchObject({ version: 5, member: "VITALS", memberLabel: "Vital signs fixture" });
    expect(table.columns.map((c) => [c.name, c.label, c.storage, c.sourceType, c.format, c.length])).toEqual([
      ["USUBJID", "Unique Subject Identifier", "text", "character", null, 7],
      ["VISIT", null, "number", "numeric", null, 8],
      ["AVAL", "Analysis Value", "number", "numeric", "8.2", 8],
      ["EXTREME", null, "number", "numeric", null, 8],
      ["SPECIAL", null, "number", "numeric", null, 8],
      ["ADT", "Analysis Date", "text", "date", "DATE9.", 8],
      ["ADTM", null, "text", "datetime", "DATETIME20.", 8],
      ["ATM", null, "text", "time", "TIME8.", 8],
    ]);
    const { rows, values } = await readAll(table);
    expect(rows).toBe(6);
    // " S-003" keeps its leading blank; "S-004  " loses its trailing ones, which cannot be told from SAS's
    // padding (USUBJID has length 7 for them); "" is SAS's missing value.
    expect(values.USUBJID).toEqual(["S-001", "S-002", " S-003", "S-004", null, "S-006"]);
    expect(values.VISIT).toEqual([1, 2, 3, 4, 5, 6]);
    // Every double in the IBM range is written exactly (IBM keeps 53 to 56 significant bits), so these are
    // R's doubles, compared with toBe.
    expect(values.AVAL).toEqual([1.5, -2.25, NaN, Math.PI, -123456.789, 0]);
    expect(values.EXTREME.slice(0, 4)).toEqual([1e70, -1e70, 5.4e-79, 0]); // 1e-300: haven wrote 0
    // 1e300: haven clamped it to the largest IBM number, (1 - 16^-14)·16^63, whose nearest double is 2^252
    // (haven itself reads that pattern back as Inf; the bytes say 2^252).
    expect(values.EXTREME[4]).toBe(2 ** 252);
    expect(values.EXTREME[5]).toBe(2 ** -52); // .Machine$double.eps
    // ., .A, .Z and ._ are all missing.
    expect(values.SPECIAL).toEqual([NaN, NaN, NaN, NaN, 42, -0.5]);
    expect(values.ADT).toEqual(["2014-01-02", null, "1960-01-01", "1959-12-31", "2000-02-29", "1900-03-01"]);
    expect(values.ADTM).toEqual(["2014-01-02T08:30:00", null, "1960-01-01T00:00:00", "1959-12-31T23:59:59", "2000-02-29T12:00:00.5", "2038-01-19T03:14:08"]);
    expect(values.ATM).toEqual(["08:30:00", null, "00:00:00", "23:59:59", "12:00:00.25", "00:00:59"]);
  });

  it("haven-v8.xpt: version 8, a 19-character member name, a long column name and label, a 300-byte text", async () => {
    const table = await openXpt(HAVEN_V8);
    expect(table.options).toMatchObject({ version: 8, member: "LONGITUDINAL_VISITS", memberLabel: null });
    expect(table.columns.map((c) => [c.name, c.label, c.storage, c.sourceType, c.format, c.length])).toEqual([
      ["USUBJID", null, "text", "character", null, 5],
      ["CHANGE_FROM_BASELINE", "Change from baseline in the analysis value at this visit", "number", "numeric", null, 8],
      ["ADT", null, "text", "date", "YYMMDD10.", 8],
      ["ADTM", null, "text", "datetime", "E8601DT19.", 8],
      ["COMMENT", null, "text", "character", null, 300],
    ]);
    const { rows, values } = await readAll(table);
    expect(rows).toBe(3);
    expect(values.USUBJID).toEqual(["S-001", "S-001", "S-002"]);
    expect(values.CHANGE_FROM_BASELINE).toEqual([-1.25, NaN, 3]);
    expect(values.ADT).toEqual(["2021-06-30", "2021-07-14", null]);
    expect(values.ADTM).toEqual(["2021-06-30T09:15:00", null, "2021-07-14T23:59:59"]);
    expect(values.COMMENT).toEqual([Array(30).fill("long text").join(" "), null, "café"]); // the trailing blank goes
  });
});

describe("openXpt on bad input", () => {
  const adsl = readFileSync(ADSL);
  // ADSL's layout, from TS-140: 3 library records, 5 member records (MEMBER, DSCRPTR, two descriptor records,
  // NAMESTR), 49 namestrs of 140 bytes padded to 6,880, the OBS record: the data start at byte 7,600. Then 254
  // rows of 434 bytes (the sum of the 49 lengths), 110,236 bytes padded to 110,240: 117,840 bytes in all.
  const dataStart = 3 * 80 + 5 * 80 + 6880 + 80;
  const rowLength = 434;

  it("states ADSL's layout as assumed below", async () => {
    const table = await openXpt(ADSL);
    expect(table.columns.reduce((sum, c) => sum + (c.length ?? 0), 0)).toBe(rowLength);
    expect(dataStart).toBe(7600);
    expect(adsl.length).toBe(dataStart + Math.ceil((254 * rowLength) / 80) * 80);
  });

  it("an empty file", async () => {
    expect((await failure(temp("empty.xpt", new Uint8Array(0)))).message).toMatch(/^data file ".*empty\.xpt" is empty$/);
  });

  it("random bytes", async () => {
    const random = Uint8Array.from({ length: 4000 }, (_, i) => (i * 2654435761) >>> 24);
    expect((await failure(temp("random.xpt", random))).message).toMatch(
      /^data file ".*random\.xpt" is not a SAS XPORT file \(no "HEADER RECORD\*\*\*\*\*\*\*LIBRARY HEADER RECORD" at the start\)$/,
    );
  });

  it("a CSV file named .xpt", async () => {
    const csv = new TextEncoder().encode("USUBJID,AVAL\n01-701-1015,3\n");
    expect((await failure(temp("csv.xpt", csv))).message).toMatch(/is not a SAS XPORT file/);
  });

  it("a file cut inside the library header", async () => {
    expect((await failure(temp("cut-40.xpt", adsl.subarray(0, 40)))).message).toMatch(/^data file ".*cut-40\.xpt" is truncated: the file ends inside the library header$/);
    expect((await failure(temp("cut-200.xpt", adsl.subarray(0, 200)))).message).toMatch(/is truncated: the file ends inside the library header$/);
  });

  it("a file cut inside the member header (in the variable descriptors)", async () => {
    expect((await failure(temp("cut-3000.xpt", adsl.subarray(0, 3000)))).message).toMatch(/^data file ".*cut-3000\.xpt" is truncated: the file ends inside the header of member "ADSL"$/);
  });

  it("a file cut in the middle of a row", async () => {
    // 60,001 bytes: 52,401 bytes of data, 120 whole rows (52,080 bytes) and 321 bytes of row 121.
    expect((await failure(temp("cut-60001.xpt", adsl.subarray(0, 60_001)))).message).toMatch(
      /^data file ".*cut-60001\.xpt" is truncated: member "ADSL" ends partway through row 121 \(321 of its 434 bytes\)$/,
    );
  });

  it("a file cut at a record boundary in the middle of a row", async () => {
    // 500 records of data: 40,000 bytes = 92 rows (39,928 bytes) and 72 bytes of row 93.
    expect((await failure(temp("cut-records.xpt", adsl.subarray(0, dataStart + 40_000)))).message).toMatch(
      /is truncated: member "ADSL" ends partway through row 93 \(72 of its 434 bytes\)$/,
    );
  });

  it("a file that does not exist", async () => {
    await expect(openXpt(join(dir, "none.xpt"))).rejects.toThrow(/^data file ".*none\.xpt" not found$/);
  });

  it("a directory", async () => {
    await expect(openXpt(dir)).rejects.toThrow(/^data file ".*" is a directory, not a file$/);
  });

  it("a member name the file does not hold", async () => {
    await expect(openXpt(ADSL, undefined, { member: "ADAE" })).rejects.toThrow(/^data file ".*adsl\.xpt" has no member "ADAE"; its members are ADSL$/);
  });
});
