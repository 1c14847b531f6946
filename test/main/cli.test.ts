/**
 * The command line end to end: `node bin/longitude.js ...` in a child process, with the real engine.
 *
 * Bad input must give exit code 2 and exactly one line `error: ...` on stderr, without a stack trace. The
 * messages come from different modules, so the tests match key words rather than exact wording:
 *   - unknown column, non-numeric response, one-level factor, no usable rows: the model frame (src-core/design)
 *   - formula syntax error and its position:                                  the formula parser (src-core/formula)
 *   - two rows for one subject and visit:                                     src-core/design (or src-core/fit/blocks.ts)
 *   - fewer subjects than covariance parameters, crossed random effects:      src-core/design or src-core/fit
 *   - missing data file, bad JSON spec:                                       the CLI (src-main/importers/, io/read-spec.ts)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "longitude.js");
// fev_data.csv: byte-identical copy of ../shared/reference/data/fev_data.csv (R's mmrm package).
const FEV = join(ROOT, "test", "reference", "data", "fev_data.csv");
// SAS PROC MIXED on fev_data: the MMRM the demo runs, with -2 Res Log Like 3386.44987722.
const SAS_MMRM = JSON.parse(readFileSync(join(ROOT, "test", "reference", "expected", "sas_fev_mmrm_us_satterthwaite.json"), "utf8"));

const dir = mkdtempSync(join(tmpdir(), "longitude-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
function specFile(name: string, spec: object): string {
  return file(name, JSON.stringify(spec, null, 2));
}
function longitude(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 110_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const fevLines = readFileSync(FEV, "utf8").split("\n");
// The first 20 subjects (PT1-PT20), 80 rows.
const small = file("small.csv", fevLines.slice(0, 81).join("\n") + "\n");
// The same with two rows repeated: PT2 at VIS2 and PT4 at VIS1, both with an FEV1 value.
const duplicated = file("duplicated.csv", [...fevLines.slice(0, 81), fevLines[6], fevLines[13]].join("\n") + "\n");
// 3 subjects x 4 visits, complete: an unstructured 4x4 covariance has 10 parameters.
const three = file("three.csv", ["subject,visit,y", ...[1, 2, 3].flatMap((s) => [1, 2, 3, 4].map((v) => `S${s},V${v},${(10 + 2 * v + s * 0.7 + ((s * v) % 3)).toFixed(1)}`))].join("\n") + "\n");
// Factors a (4 levels) and b (3 levels) crossed: every a with every b, twice.
const crossed = file("crossed.csv", ["a,b,y", ...[1, 2, 3, 4].flatMap((a) => [1, 2, 3].flatMap((b) => [0, 1].map((k) => `a${a},b${b},${(a * 1.5 + b * 0.8 + k * 0.3 + ((a * b + k) % 4) * 0.25).toFixed(2)}`)))].join("\n") + "\n");

const MMRM = "FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)";

/** One bad-input case: exit 2, one line on stderr starting "error: ", no stack trace, nothing on stdout. */
function expectBadInput(r: ReturnType<typeof longitude>, ...patterns: RegExp[]) {
  expect(r.stderr, r.stderr).toMatch(/^error: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/); // stack frame
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  for (const p of patterns) expect(r.stderr).toMatch(p);
}

describe("longitude --help", () => {
  it("exits 0 and shows the usage", () => {
    const r = longitude(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/longitude fit --data FILE --spec SPEC\.json \[--json\]/);
    expect(r.stderr).toBe("");
  });

  it("rejects an unknown command with exit 2", () => {
    expectBadInput(longitude(["frobnicate"]), /unknown command "frobnicate"/);
  });
});

describe("longitude fit: bad input gives exit 2 and one line that says what is wrong", () => {
  it("an unknown column", () => {
    const spec = specFile("unknown-column.json", { formula: "FEV ~ ARMCD + us(AVISIT | USUBJID)" });
    expectBadInput(longitude(["fit", "--data", small, "--spec", spec]), /column/i, /\bFEV\b/);
  });

  it("a non-numeric response", () => {
    const spec = specFile("character-response.json", { formula: "RACE ~ ARMCD + us(AVISIT | USUBJID)" });
    expectBadInput(longitude(["fit", "--data", small, "--spec", spec]), /numeric/i, /\bRACE\b/);
  });

  it("a formula syntax error, with its position", () => {
    const spec = specFile("syntax.json", { formula: "FEV1 ~ ARMCD + * AVISIT + us(AVISIT | USUBJID)" });
    expectBadInput(longitude(["fit", "--data", small, "--spec", spec]), /position/i);
  });

  it("a factor with one level", () => {
    const spec = specFile("one-level.json", { formula: "FEV1 ~ ARMCD + AVISIT + us(AVISIT | USUBJID)", where: 'ARMCD == "PBO"' });
    expectBadInput(longitude(["fit", "--data", small, "--spec", spec]), /\bARMCD\b/, /level/i);
  });

  it("two rows for the same subject and visit: names the pairs and suggests a filter", () => {
    const spec = specFile("duplicates.json", { formula: "FEV1 ~ ARMCD * AVISIT + us(AVISIT | USUBJID)" });
    expectBadInput(longitude(["fit", "--data", duplicated, "--spec", spec]), /\bPT2\b/, /\bVIS2\b/, /\bPT4\b/, /ANL01FL\s*==\s*"Y"/);
  });

  it("no usable rows", () => {
    const spec = specFile("no-rows.json", { formula: "FEV1 ~ ARMCD + us(AVISIT | USUBJID)", where: 'ARMCD == "NONE"' });
    expectBadInput(longitude(["fit", "--data", small, "--spec", spec]), /no (usable )?rows/i);
  });

  it("fewer subjects than covariance parameters", () => {
    const spec = specFile("few-subjects.json", { formula: "y ~ 1 + us(visit | subject)" });
    expectBadInput(longitude(["fit", "--data", three, "--spec", spec]), /subjects/i, /\b3\b/, /\b10\b/);
  });

  it("crossed random effects, not supported yet", () => {
    const spec = specFile("crossed.json", { formula: "y ~ 1 + (1 | a) + (1 | b)" });
    expectBadInput(longitude(["fit", "--data", crossed, "--spec", spec]), /crossed/i);
  });

  it("a data file that does not exist", () => {
    const spec = specFile("ok.json", { formula: MMRM });
    const missing = join(dir, "no-such-file.csv");
    expectBadInput(longitude(["fit", "--data", missing, "--spec", spec]), /not found/, /no-such-file\.csv/);
  });

  it("a spec that is not valid JSON: names the file and the position", () => {
    const spec = file("bad.json", '{ "formula": "FEV1 ~ ARMCD", }');
    expectBadInput(longitude(["fit", "--data", small, "--spec", spec]), /bad\.json/, /not valid JSON/, /position 29/, /line 1, column 30/);
  });

  it("a data format Longitude does not read", () => {
    const spec = specFile("ok2.json", { formula: MMRM });
    expectBadInput(longitude(["fit", "--data", join(dir, "adsl.sas7bdat"), "--spec", spec]), /is a SAS dataset; export it as SAS XPORT \(\.xpt\), CSV or Dataset-JSON/);
  });
});

describe("longitude fit on fev_data's MMRM", () => {
  const spec = specFile("mmrm.json", SAS_MMRM.spec);

  it("--json prints the result: converged, 537 of 800 rows used (263 FEV1 missing), 197 subjects", () => {
    const r = longitude(["fit", "--data", FEV, "--spec", spec, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.converged).toBe(true);
    expect(result.nobs).toBe(537);
    expect(result.nobsNotUsed).toBe(263);
    expect(result.ngroups).toEqual({ USUBJID: 197 });
    // sas_fev_mmrm_us_satterthwaite.json: SAS's -2 Res Log Like; the tolerance for logLik is 1e-3
    expect(Math.abs(result.m2logLik - SAS_MMRM.expected.m2logLik)).toBeLessThan(1e-3);
    expect(result.provenance.milliseconds).toBeGreaterThan(0);
  });

  it("prints the text report without --json", () => {
    const r = longitude(["fit", "--data", FEV, "--spec", spec]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Number of Observations Used\s+537/);
    expect(r.stdout).toMatch(/Convergence criteria met\./);
    expect(r.stdout).toMatch(/-2 Res Log Likelihood\s+3386\.4/);
    expect(r.stdout).toMatch(/ARMCDTRT\s+3\.774/); // SAS: 3.7745
  });
});

describe("longitude demo", () => {
  it("fits the bundled fev_data MMRM and prints the report", () => {
    const r = longitude(["demo"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Data Set\s+fev_data\.csv/);
    expect(r.stdout).toMatch(/Covariance Structure\s+Unstructured/);
    expect(r.stdout).toMatch(/Number of Observations Read\s+800/);
    expect(r.stdout).toMatch(/Solution for Fixed Effects/);
  });
});
