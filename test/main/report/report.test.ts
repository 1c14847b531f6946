/**
 * `longitude report` end to end through bin/longitude.js: the PDF read back with poppler's pdftotext and
 * pdffonts, the CSVs against the fit's JSON, byte-identical output under SOURCE_DATE_EPOCH, the same tables from a
 * file and from the study database, a report on the real CDISC ADADAS data, and bad input.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { FitResult } from "../../../src-core/result.js";
import { tempFiles } from "../../helpers/temp.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const CLI = join(ROOT, "bin", "longitude.js");
const FEV = join(ROOT, "src-main", "demo", "fev_data.csv");
const SPEC = join(ROOT, "test", "fixtures", "report", "fev-mmrm-kr.spec.json");
const CDISC = join(ROOT, "test", "fixtures", "cdisc");
const SAS = JSON.parse(readFileSync(join(ROOT, "test", "reference", "expected", "sas_fev_mmrm_us_satterthwaite.json"), "utf8")) as {
  source: string; expected: { contrasts: { levels: { AVISIT: string }; contrast: string; estimate: number }[] };
};
const EPOCH = "1795000000"; // 2026-11-18T11:06:40Z
const { dir } = tempFiles("report");

function longitude(argv: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...argv], { encoding: "utf8", env: { ...process.env, LONGITUDE_DB: "", SOURCE_DATE_EPOCH: EPOCH, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function report(out: string, argv: string[], env: Record<string, string> = {}): void {
  const r = longitude(["report", ...argv, "--out", out], env);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}
const pdftotext = (pdf: string, layout = false) => execFileSync("pdftotext", [...(layout ? ["-layout"] : []), pdf, "-"], { encoding: "utf8" });
const csv = (path: string) => Papa.parse<Record<string, string>>(readFileSync(path, "utf8"), { header: true, skipEmptyLines: true }).data;
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

const fev = join(dir, "fev");
report(fev, ["--data", FEV, "--spec", SPEC, "--name", "FEV1 MMRM (Kenward-Roger)"]);
const fit = JSON.parse(readFileSync(join(fev, "fit.json"), "utf8")) as FitResult;

describe("the PDF", () => {
  const text = pdftotext(join(fev, "report.pdf"));
  const layout = pdftotext(join(fev, "report.pdf"), true);

  it("has the title, the Kenward-Roger method, the data's SHA-256 and the date from SOURCE_DATE_EPOCH", () => {
    expect(text).toContain("FEV1 MMRM (Kenward-Roger)");
    expect(text).toContain("Kenward-Roger");
    expect(text).toContain(sha256(FEV));
    expect(text).toContain("2026-11-18T11:06:40Z");
  });

  it("prints the VIS4 TRT - PBO difference that SAS prints, at 2 decimals", () => {
    // source: SAS PROC MIXED on fev_data (the reference file's `source`); the estimate does not depend on the df method
    const sas = SAS.expected.contrasts.find((c) => c.levels.AVISIT === "VIS4" && c.contrast === "TRT - PBO")!;
    const line = layout.split("\n").find((l) => /TRT - PBO\s+VIS4\s/.test(l));
    expect(line, "a differences row for VIS4").toBeDefined();
    const printed = Number(line!.trim().split(/\s+/)[4]); // TRT, -, PBO, VIS4, estimate
    expect(printed.toFixed(2)).toBe(sas.estimate.toFixed(2));
    expect(printed.toFixed(2)).toBe("4.40");
  });

  it("has a header and 'Page x of y' on every page", () => {
    const pages = text.split("\f").filter((p) => p.trim() !== "");
    expect(pages.length).toBeGreaterThan(5);
    pages.forEach((p, i) => {
      expect(p).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(p).toContain("FEV1 MMRM (Kenward-Roger)");
    });
  });

  it("embeds every font (pdffonts)", () => {
    const lines = execFileSync("pdffonts", [join(fev, "report.pdf")], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      const cols = l.trim().split(/\s+/);
      // name type encoding emb sub uni object ID: emb is the 4th column from the end of "emb sub uni obj gen"
      expect(cols.at(-5), l).toBe("yes");
    }
    expect(lines.some((l) => l.includes("DejaVuSans"))).toBe(true);
  });

  it("has PDF/A-2b metadata", () => {
    const raw = readFileSync(join(fev, "report.pdf")).toString("latin1");
    expect(raw).toContain("<pdfaid:part>2</pdfaid:part>");
    expect(raw).toContain("<pdfaid:conformance>B</pdfaid:conformance>");
    expect(raw).toContain("/OutputIntents");
  });
});

describe("the CSV files", () => {
  it("give the JSON fit's numbers exactly (17 significant digits)", () => {
    const diffs = csv(join(fev, "differences.csv"));
    expect(diffs).toHaveLength(fit.contrasts.length);
    diffs.forEach((row) => {
      const c = fit.contrasts.find((x) => x.label === row.label && x.levels.AVISIT === row.AVISIT)!;
      for (const [key, value] of [["estimate", c.estimate], ["std_error", c.se], ["df", c.df], ["t_value", c.t], ["p_value", c.p], ["lower", c.lower], ["upper", c.upper]] as const) {
        expect(Number(row[key])).toBe(value);
      }
    });
    const fixed = csv(join(fev, "fixed_effects.csv"));
    expect(fixed.map((r) => r.effect)).toEqual(fit.coefficients.map((c) => c.name));
    fixed.forEach((r, i) => expect([Number(r.estimate), Number(r.std_error), Number(r.df)]).toEqual([fit.coefficients[i].estimate, fit.coefficients[i].se, fit.coefficients[i].df]));
    const lsm = csv(join(fev, "lsmeans.csv"));
    expect(lsm).toHaveLength(fit.lsmeans.length);
    for (const r of lsm) expect(Number(r.estimate)).toBe(fit.lsmeans.find((x) => x.levels.ARMCD === r.ARMCD && x.levels.AVISIT === r.AVISIT)!.estimate);
    const cov = csv(join(fev, "covariance_parameters.csv"));
    expect(cov.map((r) => [r.cov_parm, Number(r.estimate)])).toEqual(fit.covariance.parameters.map((p) => [p.name, p.estimate]));
  });

  it("ard.csv has one row per statistic, with the same values", () => {
    const ard = csv(join(fev, "ard.csv"));
    expect(Object.keys(ard[0])).toEqual(["analysis", "table", "row", "labels", "statistic", "value"]);
    const vis4 = fit.contrasts.find((c) => c.levels.AVISIT === "VIS4")!;
    const row = ard.find((r) => r.table === "differences" && r.labels === "label=TRT - PBO; AVISIT=VIS4" && r.statistic === "estimate")!;
    expect(row.row).toBe("4"); // printed in visit order: VIS1..VIS4
    expect(Number(row.value)).toBe(vis4.estimate);
    expect(ard.filter((r) => r.table === "fixed_effects")).toHaveLength(fit.coefficients.length * 7);
  });

  it("observed means equal the means of the data file", () => {
    const data = csv(FEV);
    const y = data.filter((r) => r.ARMCD === "TRT" && r.AVISIT === "VIS4" && r.FEV1 !== "" && r.FEV1 !== "NA").map((r) => Number(r.FEV1));
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const row = csv(join(fev, "observed_means.csv")).find((r) => r.arm === "TRT" && r.visit === "VIS4")!;
    expect(Number(row.n)).toBe(y.length);
    expect(Math.abs(Number(row.mean) - mean)).toBeLessThan(1e-12);
  });
});

describe("reproducible output", () => {
  it("two runs with SOURCE_DATE_EPOCH give identical bytes in every file", () => {
    const again = join(dir, "fev-again");
    report(again, ["--data", FEV, "--spec", SPEC, "--name", "FEV1 MMRM (Kenward-Roger)"]);
    const names = readdirSync(fev).sort();
    expect(readdirSync(again).sort()).toEqual(names);
    for (const n of names) expect(sha256(join(again, n)), n).toBe(sha256(join(fev, n)));
  });

  it("a report from the study database has the same tables as one from the file, and the audit trail", () => {
    const db = join(dir, "study.sqlite");
    const imported = longitude(["import", FEV, "--db", db, "--study", "FEV trial", "--json"]);
    expect(imported.code).toBe(0);
    const stored = join(dir, "fev-db");
    report(stored, ["--db", db, "--dataset", "1", "--spec", SPEC, "--name", "FEV1 MMRM (Kenward-Roger)"]);
    for (const n of readdirSync(fev).filter((f) => f.endsWith(".csv") && f !== "software.csv")) {
      expect(readFileSync(join(stored, n), "utf8"), n).toBe(readFileSync(join(fev, n), "utf8"));
    }
    const text = pdftotext(join(stored, "report.pdf"));
    expect(text).toContain("FEV trial");
    expect(text).toContain("dataset.import");
    expect(text).toContain("fit.save");
    const audit = longitude(["audit", "list", "--db", db]);
    expect(audit.stdout).toContain("report.export");
  });
});

describe("real data: CDISC pilot ADADAS, ACTOT", () => {
  it("writes a report with the TRTP differences per visit", () => {
    const out = join(dir, "adadas");
    report(out, ["--data", join(CDISC, "adadas.json"), "--spec", join(CDISC, "adadas-actot.spec.json")]);
    const result = JSON.parse(readFileSync(join(out, "fit.json"), "utf8")) as FitResult;
    expect(result.converged).toBe(true);
    expect(result.nobs).toBe(539);
    const text = pdftotext(join(out, "report.pdf"));
    expect(text).toContain("adadas-actot");
    expect(text).toContain("Xanomeline High Dose - Placebo");
    // the differences in visit order (AVISITN), not the model's alphabetical level order
    const diffs = csv(join(out, "differences.csv"));
    expect(diffs.length).toBe(result.contrasts.length);
    expect([...new Set(diffs.map((d) => d.AVISIT))]).toEqual(["Week 8", "Week 16", "Week 24"]);
  });
});

describe("bad input", () => {
  it("--out naming a file is refused and the file is left alone", () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "keep");
    const r = longitude(["report", "--data", FEV, "--spec", SPEC, "--out", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: --out ${file} is a file; give a folder for the report\n`);
    expect(readFileSync(file, "utf8")).toBe("keep");
  });

  it("a bad spec writes nothing", () => {
    const spec = join(dir, "bad.spec.json");
    writeFileSync(spec, JSON.stringify({ formula: "FEV1 ~ NOSUCH + us(AVISIT | USUBJID)" }));
    const out = join(dir, "not-written");
    const r = longitude(["report", "--data", FEV, "--spec", spec, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*NOSUCH/);
    expect(existsSync(out)).toBe(false);
  });

  it("a missing --out and a bad SOURCE_DATE_EPOCH get one-line errors", () => {
    expect(longitude(["report", "--data", FEV, "--spec", SPEC]).stderr).toBe("error: report needs --out DIR, the folder to write the report into; run longitude report --help\n");
    const r = longitude(["report", "--data", FEV, "--spec", SPEC, "--out", join(dir, "x")], { SOURCE_DATE_EPOCH: "yesterday" });
    expect(r.stderr).toBe('error: SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01; got "yesterday"\n');
    expect(existsSync(join(dir, "x"))).toBe(false);
  });
});
