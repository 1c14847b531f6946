import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoFiles } from "../../src-main/demo/demo.js";
import { parseSpec } from "../../src-main/io/read-spec.js";
import { packageRoot, packageVersion } from "../../src-main/paths.js";

const ROOT = join(import.meta.dirname, "..", "..");

describe("package root and demo files", () => {
  it("finds the package root from a module in any folder below it", () => {
    expect(packageRoot()).toBe(ROOT);
    expect(packageRoot(join(ROOT, "dist", "cli.mjs"))).toBe(ROOT);
    expect(() => packageRoot("/")).toThrow(/cannot find Longitude's package.json/);
    expect(packageVersion()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
  });

  it("bundles fev_data.csv byte for byte as the reference copy", () => {
    const { data } = demoFiles();
    expect(readFileSync(data).equals(readFileSync(join(ROOT, "test", "reference", "data", "fev_data.csv")))).toBe(true);
  });

  it("runs the published SAS analysis: the same formula, method, df and reference levels", () => {
    // test/reference/expected/sas_fev_mmrm_us_satterthwaite.json (SAS PROC MIXED, type=un, ddfm=satterthwaite)
    const sas = JSON.parse(readFileSync(join(ROOT, "test", "reference", "expected", "sas_fev_mmrm_us_satterthwaite.json"), "utf8"));
    const spec = parseSpec(readFileSync(demoFiles().spec, "utf8"));
    expect(spec.formula).toBe("FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)");
    expect(spec.method).toBe("REML");
    expect(spec.ddf).toBe(sas.spec.ddf);
    expect(spec.reference).toEqual(sas.spec.reference);
    expect(spec.lsmeans).toEqual(sas.spec.lsmeans);
  });
});
