/**
 * The study-database commands end to end, through bin/longitude.js: import, datasets, studies, fit --dataset,
 * audit verify, fit --data on every file type, the default database, and their errors (exit 2, one line).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FitResult } from "../../src-core/result.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "bin", "longitude.js");
const CDISC = join(ROOT, "test", "fixtures", "cdisc");
const dir = mkdtempSync(join(tmpdir(), "longitude-cli-data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, "study.sqlite");

function longitude(argv: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...argv], { encoding: "utf8", env: { ...process.env, LONGITUDE_DB: "", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = <T>(argv: string[]): T => {
  const r = longitude(argv);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};
const timeless = (fit: FitResult) => JSON.stringify({ ...fit, provenance: { ...fit.provenance, milliseconds: 0 } });

describe("import, datasets, fit --dataset, audit verify", () => {
  let adcibc: { studyId: number; datasetId: number; name: string; rows: number; columns: string[]; sha256: string; mapping: Record<string, unknown>; findings: { code: string }[] };

  it("import --json prints {studyId, datasetId, name, rows, columns, sha256, mapping, findings}", () => {
    adcibc = json(["import", join(CDISC, "adcibc.xpt"), "--db", db, "--study", "CDISCPILOT01", "--json"]);
    expect(adcibc).toMatchObject({ studyId: 1, datasetId: 1, name: "adcibc.xpt", rows: 730 });
    expect(adcibc.columns).toHaveLength(36);
    expect(adcibc.sha256).toBe(createHash("sha256").update(readFileSync(join(CDISC, "adcibc.xpt"))).digest("hex"));
    expect(adcibc.mapping).toMatchObject({ subject: "USUBJID", visit: "AVISIT", arm: "TRTP", outcome: "AVAL" });
    expect(adcibc.findings.map((f) => f.code)).toContain("duplicate-visit");
    const adadas = json<{ datasetId: number; rows: number }>(["import", join(CDISC, "adadas.json"), "--db", db, "--study", "CDISCPILOT01", "--json"]);
    expect([adadas.datasetId, adadas.rows]).toEqual([2, 12463]);
  });

  it("datasets --json lists {datasetId, name, rows, sha256, ...}", () => {
    const list = json<{ datasetId: number; name: string; rows: number; sha256: string; version: number }[]>(["datasets", "--db", db, "--json"]);
    expect(list.map((d) => [d.datasetId, d.name, d.rows, d.version])).toEqual([[1, "adcibc.xpt", 730, 1], [2, "adadas.json", 12463, 1]]);
    expect(list[0].sha256).toBe(adcibc.sha256);
  });

  it("fit --db --dataset gives the same result as fit --data, for ADCIBC and ADADAS ACTOT", () => {
    for (const [id, file, spec] of [["1", "adcibc.xpt", "adcibc.spec.json"], ["2", "adadas.json", "adadas-actot.spec.json"]]) {
      const stored = json<FitResult>(["fit", "--db", db, "--dataset", id, "--spec", join(CDISC, spec), "--json"]);
      const fromFile = json<FitResult>(["fit", "--data", join(CDISC, file), "--spec", join(CDISC, spec), "--json"]);
      expect(stored.converged).toBe(true);
      expect(timeless(stored)).toBe(timeless(fromFile));
    }
  });

  it("stores each fit --dataset run and audits it; audit verify exits 0 on the intact chain", () => {
    const r = longitude(["audit", "verify", "--db", db]);
    expect(r.code).toBe(0);
    // study.create, two dataset.import, two fit.save
    expect(r.stdout).toBe("The audit trail is intact: 5 events, each linked to the one before.\n");
    const events = json<{ action: string }[]>(["audit", "list", "--db", db, "--json"]);
    expect(events.map((e) => e.action)).toEqual(["fit.save", "fit.save", "dataset.import", "dataset.import", "study.create"]);
  });
});

describe("fit --data reads every supported type", () => {
  it("gives the same ADCIBC fit from .xpt, .json, .ndjson and .xlsx", () => {
    const spec = join(CDISC, "adcibc.spec.json");
    const ndjson = join(dir, "adcibc.ndjson");
    const doc = JSON.parse(readFileSync(join(CDISC, "adcibc.json"), "utf8")) as { rows: unknown[][] } & Record<string, unknown>;
    const { rows, ...meta } = doc;
    writeFileSync(ndjson, [JSON.stringify(meta), ...rows.map((r) => JSON.stringify(r))].join("\n") + "\n");
    const fits = ["adcibc.xpt", "adcibc.json"].map((f) => json<FitResult>(["fit", "--data", join(CDISC, f), "--spec", spec, "--json"]));
    fits.push(json<FitResult>(["fit", "--data", ndjson, "--spec", spec, "--json"]));
    for (const f of fits.slice(1)) expect(timeless(f)).toBe(timeless(fits[0]));
    expect(fits[0].nobs).toBe(705);
  });

  it("fits an .xlsx sheet (test/fixtures/xlsx/visits.xlsx, written by make-fixtures.R)", () => {
    const spec = join(dir, "xlsx.spec.json");
    writeFileSync(spec, JSON.stringify({ formula: "y ~ 1" }));
    const r = longitude(["fit", "--data", join(ROOT, "test", "fixtures", "xlsx", "visits.xlsx"), "--spec", spec]);
    // the fixture has no column y: the error must name the file's columns, proving the sheet was read
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown column "y"/);
  });
});

describe("the default database", () => {
  it("lives in the user data folder ($XDG_CONFIG_HOME/Longitude) and gets the demo study on first use", () => {
    const home = join(dir, "home");
    const studies = JSON.parse(longitude(["studies", "--json"], { XDG_CONFIG_HOME: home, HOME: home }).stdout) as { name: string; isDemo: boolean; datasets: number }[];
    expect(existsSync(join(home, "Longitude", "longitude.sqlite"))).toBe(true);
    expect(studies).toEqual([expect.objectContaining({ name: "Demo study: FEV1 trial (simulated data)", isDemo: true, datasets: 1 })]);
    const again = JSON.parse(longitude(["studies", "--json"], { XDG_CONFIG_HOME: home, HOME: home }).stdout) as unknown[];
    expect(again).toHaveLength(1);
  });

  it("LONGITUDE_DB overrides it", () => {
    const path = join(dir, "env.sqlite");
    longitude(["studies", "--json"], { LONGITUDE_DB: path });
    expect(existsSync(path)).toBe(true);
  });
});

describe("errors: exit 2, one line on stderr, no stack trace", () => {
  const cases: [string, string[], RegExp][] = [
    ["import without a file", ["import", "--db", db], /^error: import needs a FILE/],
    ["import of a missing file", ["import", join(dir, "none.csv"), "--db", db], /^error: data file ".*none\.csv" not found\n$/],
    ["import of an empty file", ["import", (() => { const p = join(dir, "e.csv"); writeFileSync(p, ""); return p; })(), "--db", db], /^error: data file ".*e\.csv" is empty\n$/],
    ["a bad --types", ["import", join(CDISC, "adcibc.xpt"), "--db", db, "--types", "AVAL=float"], /^error: --types takes COLUMN=numeric or COLUMN=character/],
    ["a dataset that does not exist", ["fit", "--db", db, "--dataset", "99", "--spec", join(CDISC, "adcibc.spec.json")], /^error: there is no dataset 99; run longitude datasets to list them\n$/],
    ["--db with --data", ["fit", "--db", db, "--data", join(CDISC, "adcibc.xpt"), "--spec", join(CDISC, "adcibc.spec.json")], /^error: --db goes with --dataset ID/],
    ["an unknown study", ["datasets", "--db", db, "--study", "Nope"], /^error: there is no study named "Nope"\n$/],
    ["audit without a subcommand", ["audit", "--db", db], /^error: audit needs "verify" or "list"/],
    ["a file that is not a database", ["datasets", "--db", join(CDISC, "adcibc.spec.json")], /^error: ".*adcibc\.spec\.json" is not a Longitude database/],
  ];
  for (const [name, argv, pattern] of cases) {
    it(name, () => {
      const r = longitude(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n")).toHaveLength(2);
      expect(r.stderr).toMatch(pattern);
    });
  }
});
