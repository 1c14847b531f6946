/**
 * main() in-process, with the core's fitModel replaced by a stand-in, so that the CLI's own behaviour (exit
 * codes, one-line errors, JSON versus report, timing) is tested apart from the fitting engine. The real
 * engine is exercised end to end in cli.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { LongitudeError } from "../../src-core/errors.js";
import type { FitResult } from "../../src-core/result.js";
import { csFixture } from "./report/fixture.js";

const fitModel = vi.fn();
vi.mock("../../src-core/index.js", () => ({ fitModel: (...args: unknown[]) => fitModel(...args) }));
const { main } = await import("../../src-main/cli.js");

const dir = mkdtempSync(join(tmpdir(), "longitude-main-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, "d.csv");
const spec = join(dir, "s.json");
writeFileSync(data, "USUBJID,AVISIT,ARMCD,FEV1\nPT1,VIS1,PBO,30.5\nPT1,VIS2,PBO,\nPT2,VIS1,TRT,\n");
writeFileSync(spec, JSON.stringify({ formula: "FEV1 ~ ARMCD + cs(AVISIT | USUBJID)", reference: { ARMCD: "PBO" } }));

async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env });
  return { code, stdout, stderr };
}

beforeEach(() => {
  fitModel.mockReset();
  fitModel.mockImplementation((): FitResult => csFixture());
});

describe("longitude fit (with a stand-in engine)", () => {
  it("passes the data and the spec to fitModel", async () => {
    await run(["fit", "--data", data, "--spec", spec]);
    expect(fitModel).toHaveBeenCalledTimes(1);
    const [frame, passed] = fitModel.mock.calls[0];
    expect(frame.nrow).toBe(3);
    expect(frame.names).toEqual(["USUBJID", "AVISIT", "ARMCD", "FEV1"]);
    expect(Number.isNaN(frame.columns.FEV1.values[1])).toBe(true);
    expect(passed).toEqual({ formula: "FEV1 ~ ARMCD + cs(AVISIT | USUBJID)", reference: { ARMCD: "PBO" } });
  });

  it("prints the result as JSON with --json, timed, and exits 0", async () => {
    const { code, stdout, stderr } = await run(["fit", `--data=${data}`, `--spec=${spec}`, "--json"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const result = JSON.parse(stdout) as FitResult;
    expect(result.converged).toBe(true);
    expect(result.nobs).toBe(537);
    expect(result.provenance.milliseconds).toBeGreaterThanOrEqual(0);
    expect(result.provenance.milliseconds).not.toBe(12.5); // the fixture's value was replaced by the CLI's timing
  });

  it("prints the text report without --json, naming the data file and counting its rows", async () => {
    const { code, stdout } = await run(["fit", "--data", data, "--spec", spec]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Model Information\n/);
    expect(stdout).toMatch(/Data Set\s+d\.csv/);
    expect(stdout).toMatch(/Number of Observations Read\s+3\n/);
    expect(stdout).toMatch(/Solution for Fixed Effects/);
  });

  it("exits 1 when the fit did not converge: JSON still printed, the report says so", async () => {
    fitModel.mockImplementation((): FitResult => ({ ...csFixture(), converged: false }));
    const json = await run(["fit", "--data", data, "--spec", spec, "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).converged).toBe(false);
    const text = await run(["fit", "--data", data, "--spec", spec]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/THE FIT DID NOT CONVERGE/);
    expect(text.stdout).not.toMatch(/Solution for Fixed Effects/);
  });

  it("turns a LongitudeError into exit 2 and one line on stderr", async () => {
    fitModel.mockImplementation(() => { throw new LongitudeError("unknown-column", 'unknown column "FEV"\nin the formula'); });
    const { code, stdout, stderr } = await run(["fit", "--data", data, "--spec", spec]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe('error: unknown column "FEV" in the formula\n');
  });

  it("turns any other error into exit 3, one line, and the stack only with LONGITUDE_DEBUG=1", async () => {
    fitModel.mockImplementation(() => { throw new TypeError("x is undefined"); });
    const quiet = await run(["fit", "--data", data, "--spec", spec]);
    expect(quiet.code).toBe(3);
    expect(quiet.stderr).toBe("error: internal error: x is undefined\n");
    const debug = await run(["fit", "--data", data, "--spec", spec], { LONGITUDE_DEBUG: "1" });
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/^error: internal error: x is undefined\nTypeError: x is undefined\n\s+at /);
  });

  it("accepts an async fitModel too", async () => {
    fitModel.mockImplementation(async () => csFixture());
    expect((await run(["fit", "--data", data, "--spec", spec, "--json"])).code).toBe(0);
  });
});

describe("longitude command-line errors (exit 2, one line)", () => {
  const cases: [string, string[], RegExp][] = [
    ["unknown command", ["fitt"], /^error: unknown command "fitt"; the commands are fit, report, compare, structures, import, datasets, studies, audit, serve, demo and help/],
    ["no --data", ["fit", "--spec", spec], /^error: fit needs --data FILE, or --dataset ID/],
    ["--data and --dataset", ["fit", "--data", data, "--dataset", "1", "--spec", spec], /^error: fit takes either --data FILE or --dataset ID/],
    ["bad --dataset", ["fit", "--dataset", "x", "--db", join(dir, "a.sqlite"), "--spec", spec], /^error: --dataset takes a dataset number/],
    ["no --spec", ["fit", "--data", data], /^error: fit needs --spec SPEC\.json/],
    ["unknown option", ["fit", "--data", data, "--spec", spec, "--jsn"], /^error: unknown option "--jsn" for "fit"/],
    ["option without value", ["fit", "--data"], /^error: option --data needs a value/],
    ["stray argument", ["fit", data], /^error: unexpected argument/],
    ["missing data file", ["fit", "--data", join(dir, "none.csv"), "--spec", spec], /^error: data file ".*none\.csv" not found\n$/],
    ["missing spec file", ["fit", "--data", data, "--spec", join(dir, "none.json")], /^error: spec file ".*none\.json" not found\n$/],
    ["missing xpt file", ["fit", "--data", join(dir, "adsl.xpt"), "--spec", spec], /^error: data file ".*adsl\.xpt" not found\n$/],
    ["old Excel", ["fit", "--data", join(dir, "old.xls"), "--spec", spec], /^error: data file ".*old\.xls" is an Excel 97-2003 workbook; save it as \.xlsx/],
  ];
  for (const [name, argv, pattern] of cases) {
    it(name, async () => {
      const { code, stdout, stderr } = await run(argv);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.endsWith("\n") && stderr.split("\n").length === 2).toBe(true);
      expect(stderr).toMatch(pattern);
      expect(fitModel).not.toHaveBeenCalled();
    });
  }
});

describe("longitude help and version", () => {
  it("prints help for no arguments, --help, -h and help, and exits 0", async () => {
    for (const argv of [[], ["--help"], ["-h"], ["help"]]) {
      const { code, stdout } = await run(argv);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Usage:\n\s+longitude fit --data FILE --spec SPEC\.json \[--json\]/);
    }
  });

  it("prints a command's help", async () => {
    expect((await run(["fit", "--help"])).stdout).toMatch(/^Usage: longitude fit/);
    expect((await run(["help", "demo"])).stdout).toMatch(/^Usage: longitude demo/);
  });

  it("prints the version from package.json", async () => {
    expect((await run(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
