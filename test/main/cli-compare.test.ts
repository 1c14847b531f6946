/**
 * `longitude compare` and `longitude structures` (src-main/cli.ts, src-main/report/compare.ts), in process
 * with the real engine. The numbers are R's (test/core/inference/r/compare.out, from compare.R): the random
 * slope LRT on sleepstudy has LR 42.8368134 (printed to 2 decimals as SAS prints chi-squares), and the fev
 * structures' −2 REML log L are nlme::gls's (printed to 1 decimal as SAS's fit statistics).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src-main/cli.js";

const ROOT = join(import.meta.dirname, "..", "..");
const SLEEP = join(ROOT, "test", "reference", "data", "sleepstudy.csv");
const FEV = join(ROOT, "test", "reference", "data", "fev_data.csv");
const dir = mkdtempSync(join(tmpdir(), "longitude-compare-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const spec = (name: string, s: object) => { const p = join(dir, name); writeFileSync(p, JSON.stringify(s)); return p; };
const intercept = spec("intercept.json", { formula: "Reaction ~ Days + (1 | Subject)" });
const slope = spec("slope.json", { formula: "Reaction ~ Days + (Days | Subject)" });
const mmrm = spec("mmrm.json", { formula: "FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)", ddf: "kenward-roger" });

async function run(argv: string[]) {
  let stdout = "", stderr = "";
  const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: {} });
  return { code, stdout, stderr };
}

describe("longitude compare", () => {
  it("prints the LRT table and the boundary-aware test; exit 0", async () => {
    const r = await run(["compare", "--data", SLEEP, "--spec", slope, "--with", intercept]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("Likelihood Ratio Test (REML)");
    expect(lines[2]).toMatch(/^ {2}intercept\.json +Reaction ~ Days \+ \(1 \| Subject\) +2 +1786\.5 +1790\.5 +1792\.2$/);
    expect(lines[3]).toMatch(/^ {2}slope\.json +Reaction ~ Days \+ \(Days \| Subject\) +4 +1743\.6 +1751\.6 +1755\.2 +42\.84 +2 +<\.0001$/);
    expect(r.stdout).toContain("Reference: 0.5 ChiSq(1) + 0.5 ChiSq(2)");
  });

  it("--json carries the statistic, df and both p-values", async () => {
    const r = await run(["compare", "--data", SLEEP, "--spec", intercept, "--with", slope, "--json"]);
    const t = JSON.parse(r.stdout);
    expect(Math.abs(t.statistic - 42.836813435)).toBeLessThan(2e-5);
    expect(t.df).toBe(2);
    expect(t.boundary.dfs).toEqual([1, 2]);
    expect(Math.abs(t.boundary.p - 2.79252981711e-10) / 2.79252981711e-10).toBeLessThan(1e-4);
  });

  it("bad input: one spec only, or models that are not nested; exit 2 and one line", async () => {
    const one = await run(["compare", "--data", SLEEP, "--spec", intercept]);
    expect([one.code, one.stdout, one.stderr]).toEqual([2, "", "error: compare needs two specs, --spec A.json and --with B.json; run longitude compare --help\n"]);
    const other = spec("other.json", { formula: "Reaction ~ 1 + (Days | Subject)" });
    const bad = await run(["compare", "--data", SLEEP, "--spec", other, "--with", spec("days.json", { formula: "Reaction ~ Days + (1 | Subject)" })]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: the fixed effects of days.json are not contained in those of other.json: the models are not nested\n");
  });
});

describe("longitude structures", () => {
  it("tabulates the fallback order with R's −2 log L and names the choices; exit 0", async () => {
    const r = await run(["structures", "--data", FEV, "--spec", mmrm]);
    expect(r.code).toBe(0);
    const rows = r.stdout.split("\n").slice(2, 9).map((l) => l.trim().split(/\s+/).slice(0, 4));
    expect(rows).toEqual([
      ["us", "yes", "10", "3386.4"],
      ["toeph", "yes", "7", "3397.1"],
      ["ar1h", "yes", "5", "3404.2"],
      ["csh", "yes", "5", "3398.0"],
      ["toep", "yes", "4", "3520.6"],
      ["ar1", "yes", "2", "3525.1"],
      ["cs", "yes", "2", "3522.0"],
    ]);
    expect(r.stdout).toContain("First to converge in the order given (fallback): us");
    expect(r.stdout).toContain("Smallest BIC: csh");
  });

  it("--structures picks and orders the candidates; an unknown one is bad input", async () => {
    const r = await run(["structures", "--data", FEV, "--spec", mmrm, "--structures", "cs,ar1", "--json"]);
    expect(JSON.parse(r.stdout).rows.map((x: { structure: string }) => x.structure)).toEqual(["cs", "ar1"]);
    const bad = await run(["structures", "--data", FEV, "--spec", mmrm, "--structures", "cs,un"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: unknown residual structure "un": use us, toeph, toep, csh, ar1h, adh, ad, cs, ar1\n$/);
  });
});
