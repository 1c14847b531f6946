import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitModel } from "../../../src-core/index.js";
import type { AnalysisSpec } from "../../../src-core/spec.js";
import { verifyAudit } from "../../../src-main/db/audit.js";
import { loadDataset } from "../../../src-main/db/datasets.js";
import { openDatabase, type Db } from "../../../src-main/db/open.js";
import { InputError } from "../../../src-main/errors.js";
import { readData } from "../../../src-main/io/read-data.js";
import { importFile } from "../../../src-main/services/import.js";

// The CDISC ADaM pilot files (test/fixtures/cdisc/README.md). Row counts as the issue and the files state
// (Dataset-JSON "records"; the XPT twins hold the same rows).
const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");
const CDISC = join(FIXTURES, "cdisc");
const XLSX = join(FIXTURES, "xlsx", "visits.xlsx");
const dir = mkdtempSync(join(tmpdir(), "longitude-import-"));
const dbPath = join(dir, "study.sqlite");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const spec = (name: string) => JSON.parse(readFileSync(join(CDISC, name), "utf8")) as AnalysisSpec;
/** A fit's JSON without its timing, the one field that differs between two runs. */
const fitJson = (fit: ReturnType<typeof fitModel>) => JSON.stringify({ ...fit, provenance: { ...fit.provenance, milliseconds: 0 } });

function withDb<T>(run: (db: Db) => T): T {
  const { db } = openDatabase(dbPath);
  try { return run(db); } finally { db.close(); }
}

/** Every table's row count, and the audit chain intact: "unchanged" means all of these are equal. */
function snapshot(): Record<string, number> {
  return withDb((db) => {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const counts = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]));
    expect(verifyAudit(db).ok).toBe(true);
    return counts;
  });
}

describe("importing the CDISC pilot files", () => {
  const imported: Record<string, Awaited<ReturnType<typeof importFile>>> = {};
  beforeAll(async () => {
    for (const f of ["adsl.xpt", "adcibc.xpt", "adadas.json", "adcibc.json"]) imported[f] = await importFile(dbPath, { path: join(CDISC, f), study: "CDISCPILOT01" });
  });

  it("stores the right number of rows, the file's SHA-256 and size, in one study", () => {
    expect(Object.fromEntries(Object.entries(imported).map(([f, r]) => [f, r.rows]))).toEqual({ "adsl.xpt": 254, "adcibc.xpt": 730, "adadas.json": 12463, "adcibc.json": 730 });
    for (const [f, r] of Object.entries(imported)) {
      expect(r.sha256).toBe(sha256(join(CDISC, f)));
      expect(r.size).toBe(readFileSync(join(CDISC, f)).length);
      expect(r.name).toBe(f);
      expect(r.studyId).toBe(imported["adsl.xpt"].studyId);
    }
    expect(imported["adadas.json"].columns).toHaveLength(40);
  });

  it("keeps labels and types: XPT and Dataset-JSON labels, character codes stay character, dates as ISO text", () => {
    const col = (f: string, name: string) => imported[f].columnInfo.find((c) => c.name === name)!;
    expect(col("adadas.json", "AVAL")).toMatchObject({ label: "Analysis Value", sourceType: "integer", type: "numeric" });
    expect(col("adadas.json", "SITEID")).toMatchObject({ label: "Study Site Identifier", sourceType: "string", type: "character" });
    expect(col("adcibc.xpt", "SITEID")).toMatchObject({ label: "Study Site Identifier", sourceType: "character", type: "character" });
    expect(col("adcibc.xpt", "TRTSDT")).toMatchObject({ label: "Date of First Exposure to Treatment", sourceType: "date", format: "DATE9.", type: "character" });
    expect(col("adsl.xpt", "AGE")).toMatchObject({ label: "Age", sourceType: "numeric", type: "numeric" });
  });

  it("suggests ADaM roles, and lists the duplicate visits ADCIBC has without the ANL01FL filter", () => {
    expect(imported["adadas.json"].mapping).toEqual({
      subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", time: "ADY", arm: "TRTP", outcome: "AVAL", baseline: "BASE",
      parameter: "PARAMCD", site: "SITEID", filters: ["ITTFL", "EFFFL", "ANL01FL", "DTYPE"],
    });
    // 25 subjects with two rows at a visit, 50 rows (test/core/data/checks.test.ts, checked with R)
    const dup = imported["adcibc.xpt"].findings.find((f) => f.code === "duplicate-visit")!;
    expect([dup.severity, dup.rows.length, dup.subjects.length]).toEqual(["error", 50, 25]);
  });

  it("gives identical fits from the files and from the stored datasets (ADADAS ACTOT, ADCIBC)", async () => {
    const cases: [string, string][] = [["adadas.json", "adadas-actot.spec.json"], ["adcibc.xpt", "adcibc.spec.json"], ["adcibc.json", "adcibc.spec.json"]];
    for (const [file, specFile] of cases) {
      const fromFile = fitModel(await readData(join(CDISC, file)), spec(specFile));
      const stored = withDb((db) => loadDataset(db, imported[file].datasetId).frame);
      const fromDb = fitModel(stored, spec(specFile));
      expect(fromFile.converged).toBe(true);
      expect(fitJson(fromDb)).toBe(fitJson(fromFile));
    }
    // and the XPT and Dataset-JSON forms of ADCIBC are the same data
    const a = fitModel(await readData(join(CDISC, "adcibc.xpt")), spec("adcibc.spec.json"));
    const b = fitModel(await readData(join(CDISC, "adcibc.json")), spec("adcibc.spec.json"));
    expect(fitJson(a)).toBe(fitJson(b));
    expect(a.nobs).toBe(705);
  });

  it("makes a new version when the same file is imported again", async () => {
    const again = await importFile(dbPath, { path: join(CDISC, "adsl.xpt"), study: "CDISCPILOT01" });
    expect([again.name, again.version, again.sha256]).toEqual(["adsl.xpt", 2, imported["adsl.xpt"].sha256]);
  });
});

describe("bad files: one line, and the study unchanged", () => {
  const bytes = (n: number, seed: number) => {
    const b = new Uint8Array(n);
    let x = seed;
    for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) % 2147483648; b[i] = (x >>> 16) & 255; }
    return b;
  };
  const file = (name: string, content: string | Uint8Array) => { const p = join(dir, name); writeFileSync(p, content); return p; };
  const adsl = readFileSync(join(CDISC, "adsl.xpt"));
  const xlsx = readFileSync(XLSX);
  const cases: [string, () => string, RegExp][] = [
    ["a truncated XPT", () => file("cut.xpt", adsl.subarray(0, Math.floor(adsl.length * 0.6))), /cut\.xpt" is truncated/],
    ["random bytes named .csv", () => file("random.csv", bytes(5000, 7)), /random\.csv" is not a text file/],
    ["a ragged CSV", () => file("ragged.csv", "USUBJID,AVISIT,AVAL\nS1,W1,3\nS2,W1\nS3,W2,4\n"), /ragged\.csv": data row 2 has 2 fields but the header has 3; check the delimiter and quotes/],
    ["a CSV with an unterminated quote", () => file("quote.csv", 'USUBJID,AVISIT,AVAL\nS1,W1,3\nS3,"W2,4\nS4,W1,5\n'), /quote\.csv" cannot be read: a quoted field in data row 2 is never closed/],
    ["an empty file", () => file("empty.csv", ""), /empty\.csv" is empty/],
    ["an empty .xpt", () => file("empty.xpt", ""), /empty\.xpt" is empty/],
    ["a truncated .xlsx", () => file("cut.xlsx", xlsx.subarray(0, Math.floor(xlsx.length / 2))), /cut\.xlsx" is not a readable Excel workbook/],
    ["a Dataset-JSON row shorter than its columns", () => file("short.json", JSON.stringify({
      datasetJSONVersion: "1.1.0", records: 2, name: "X", label: "x",
      columns: [{ itemOID: "a", name: "USUBJID", label: "s", dataType: "string" }, { itemOID: "b", name: "AVAL", label: "v", dataType: "double" }],
      rows: [["S1", 1], ["S2"]],
    })), /short\.json": record 2 has 1 values but the dataset has 2 columns/],
  ];
  for (const [name, make, pattern] of cases) {
    it(name, async () => {
      const before = snapshot();
      const path = make();
      const err = await importFile(dbPath, { path, study: "CDISCPILOT01" }).then(() => null, (e: unknown) => e as Error);
      expect(err).toBeInstanceOf(InputError);
      expect(err!.message).toMatch(pattern);
      expect(err!.message.includes("\n")).toBe(false);
      expect(snapshot()).toEqual(before);
    });
  }

  it("a bad file for a new study does not create the study", async () => {
    const before = snapshot();
    await expect(importFile(dbPath, { path: file("empty2.csv", ""), study: "A study that must not appear" })).rejects.toThrow(/is empty/);
    expect(snapshot()).toEqual(before);
  });
});

describe("CSV with semicolons and decimal commas", () => {
  it("imports numbers written 12,5 as numbers, and stores the detected options", async () => {
    const path = join(dir, "eu.csv");
    copyFileSync(join(FIXTURES, "csv", "semicolon-decimal-comma.csv"), path);
    const r = await importFile(dbPath, { path, study: "EU" });
    expect(r.readOptions).toEqual({ delimiter: ";", decimalComma: true, encoding: "windows-1252" });
    expect(r.columnInfo.map((c) => `${c.name}:${c.type}`)).toEqual(["USUBJID:character", "AVISIT:character", "TRTP:character", "AVAL:numeric", "BASE:numeric", "SITE:character"]);
    const frame = withDb((db) => loadDataset(db, r.datasetId).frame);
    // the file's values, written by hand (test/fixtures/csv/README.md)
    expect(Array.from(frame.columns.AVAL.values as Float64Array)).toEqual([12.5, 13.25, NaN, -0.75, 1000.5, 7]);
    expect(Array.from(frame.columns.BASE.values as Float64Array)).toEqual([10, 10, 9.5, 9.5, NaN, NaN]);
    expect(frame.columns.TRTP.values).toEqual(["Placebo", "Placebo", "Xanomeline Élevée", "Xanomeline Élevée", "Placebo", "Placebo"]);
  });
});
