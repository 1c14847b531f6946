import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../../src-main/errors.js";
import { locateJsonError } from "../../../src-main/io/json-error.js";
import { parseSpec, readSpec } from "../../../src-main/io/read-spec.js";

const dir = mkdtempSync(join(tmpdir(), "longitude-spec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("locateJsonError", () => {
  it("accepts valid JSON", () => {
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}', " [] ", '"s"', "0"]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeNull();
    }
  });

  it("points at the first offending character, with line and column", () => {
    expect(locateJsonError('{"formula": "a ~ b",\n  "method": }')).toEqual({ position: 33, line: 2, column: 13, problem: 'unexpected "}"' });
    expect(locateJsonError('{"a": 1,}')).toMatchObject({ position: 8, problem: 'unexpected "}"' }); // trailing comma
    expect(locateJsonError("{'a': 1}")).toMatchObject({ position: 1, problem: `unexpected "'"` });
    expect(locateJsonError('{"a": 1')).toMatchObject({ position: 7, problem: "unexpected end of file" });
    expect(locateJsonError('{"a": 01}')).toMatchObject({ position: 7 });
    expect(locateJsonError('{"a": 1} x')).toMatchObject({ position: 9, line: 1, column: 10 });
    expect(locateJsonError('{"a": tru}')).toMatchObject({ position: 9 });
  });

  it("agrees with JSON.parse on what is invalid", () => {
    for (const text of ['{"a":1,}', "[1 2]", '{"a" 1}', "nul", '"\\x"', "[01]", "-", "{} {}"]) {
      expect(() => JSON.parse(text)).toThrow();
      expect(locateJsonError(text)).not.toBeNull();
    }
  });
});

describe("parseSpec and readSpec", () => {
  it("returns the spec as written", () => {
    const spec = parseSpec('{"formula": "FEV1 ~ ARMCD", "method": "ML", "reference": {"ARMCD": "PBO"}}');
    expect(spec).toEqual({ formula: "FEV1 ~ ARMCD", method: "ML", reference: { ARMCD: "PBO" } });
  });

  it("names the file and the position of a JSON syntax error", async () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, '{\n  "formula": "FEV1 ~ ARMCD",\n  "method": "REML",\n}\n');
    await expect(readSpec(path)).rejects.toThrow(InputError);
    await expect(readSpec(path)).rejects.toThrow(`spec file "${path}" is not valid JSON: unexpected "}" at line 4, column 1 (position 51)`);
  });

  it("names a spec file that does not exist", async () => {
    const path = join(dir, "missing.json");
    await expect(readSpec(path)).rejects.toThrow(`spec file "${path}" not found`);
  });

  it("rejects an empty spec, a spec that is not an object, and one without a formula", () => {
    expect(() => parseSpec("")).toThrow(/is empty/);
    expect(() => parseSpec("[1]")).toThrow(/must hold a JSON object/);
    expect(() => parseSpec('{"method": "REML"}')).toThrow(/no "formula"/);
    expect(() => parseSpec('{"formula": 3}')).toThrow(/no "formula"/);
  });

  it("rejects misspelt keys rather than ignoring them", () => {
    expect(() => parseSpec('{"formula": "y ~ x", "refernce": {}}')).toThrow(/unknown key "refernce"; the keys are formula, method, ddf/);
  });
});
