/**
 * The whole walk on fev_data, through the real app (`longitude serve`) in Debian's Chromium: open the app,
 * create a study, import fev_data.csv, map the variables, explore, build the MMRM (UN, Kenward-Roger), fit
 * it, read the VIS4 TRT − PBO difference off the screen, export the report and find the same number in the
 * PDF and the CSV.
 *
 * Expected value: SAS PROC MIXED on fev_data (test/reference/expected/sas_fev_mmrm_us_satterthwaite.json, its
 * `source` field): VIS4 TRT − PBO = 4.3985. The model is the same (FEV1 ~ RACE + SEX + ARMCD * AVISIT,
 * UN over AVISIT within USUBJID, REML); the estimate does not depend on the df method. "Within the precision
 * shown": the screen and SAS each round, so they may differ by half a unit in the last digit of each.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, launchBrowser, ROOT, startHost, watchedPage, type Host, type Watched } from "./harness.js";

const FEV = join(ROOT, "test", "reference", "data", "fev_data.csv");
const SAS = JSON.parse(readFileSync(join(ROOT, "test", "reference", "expected", "sas_fev_mmrm_us_satterthwaite.json"), "utf8")) as {
  expected: { contrasts: { levels: { AVISIT: string }; contrast: string; estimate: number }[] };
};
const SAS_VIS4 = SAS.expected.contrasts.find((c) => c.levels.AVISIT === "VIS4" && c.contrast === "TRT - PBO")!.estimate;

const decimals = (text: string) => (text.includes(".") ? text.split(".")[1].length : 0);
/** |a − b| within the rounding of both printed values. */
function withinShown(screen: string, reference: number): void {
  const tolerance = 0.5 * 10 ** -decimals(screen) + 0.5 * 10 ** -decimals(String(reference)) + 1e-12;
  expect(Math.abs(Number(screen) - reference), `${screen} against ${reference}`).toBeLessThanOrEqual(tolerance);
}

describe.skipIf(!browserAvailable())("the fev_data walk in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "longitude-e2e-fev-"));
  const exportDir = join(dir, "exports", "fev-report");
  let host: Host;
  let browser: Browser;
  let w: Watched;

  beforeAll(async () => {
    host = await startHost(join(dir, "app.sqlite"), join(dir, "exports"));
    browser = await launchBrowser();
    w = await watchedPage(browser, host, "fev");
  });
  afterAll(async () => {
    await browser?.close();
    const code = await host?.stop();
    expect(code).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  let shownVis4 = "";

  it("opens on the study list, with the demo study, titled Longitude", async () => {
    const { page } = w;
    await page.goto(host.url);
    await expect.poll(() => page.title()).toBe("Longitude");
    await page.locator('[data-study-name="Demo study"], [data-study-name]').first().waitFor();
    const names = await page.locator("[data-study-name]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-study-name")));
    expect(names.some((n) => /demo/i.test(n ?? ""))).toBe(true);
    await w.shot("studies");
  });

  it("creates a study, and says plainly why a broken file cannot be read", async () => {
    const { page } = w;
    await page.getByTestId("new-study-name").fill("FEV1 trial (e2e)");
    await page.getByTestId("create-study").click();
    await page.getByTestId("go-import").click();
    await page.getByTestId("file-input").setInputFiles({ name: "broken.xpt", mimeType: "application/octet-stream", buffer: Buffer.from("not a SAS transport file at all") });
    // the importer's own message (src-main/importers/xpt-header.ts), as the command line prints it
    await expect.poll(() => page.getByTestId("notice").innerText()).toContain('data file "broken.xpt" is not a SAS XPORT file');
    await w.shot("import-bad-file");
    await page.getByTestId("notice").getByRole("button").click();
  });

  it("imports fev_data.csv with a preview", async () => {
    const { page } = w;
    await page.getByTestId("file-input").setInputFiles(FEV);
    await page.getByTestId("preview").waitFor();
    await expect.poll(() => page.getByTestId("preview").innerText()).toContain("800");
    await w.shot("import-preview");
    await page.getByTestId("import-button").click();
    await page.getByTestId("data-table").waitFor();
    expect(await page.getByTestId("data-table").getAttribute("data-total")).toBe("800");
  });

  it("maps the variables and checks the data", async () => {
    const { page } = w;
    await page.getByTestId("role-subject").selectOption("USUBJID");
    await page.getByTestId("role-visit").selectOption("AVISIT");
    await page.getByTestId("role-arm").selectOption("ARMCD");
    await page.getByTestId("role-outcome").selectOption("FEV1");
    await page.getByTestId("role-baseline").selectOption("FEV1_BL");
    await page.getByTestId("apply-mapping").click();
    await page.getByTestId("findings").waitFor();
    await w.shot("mapping-checked");
    await page.getByTestId("to-explore").click();
    await page.getByTestId("explore-summary").waitFor();
    await page.getByTestId("spaghetti").locator("svg").first().waitFor();
    // subjects per arm as read off fev_data.csv (Python csv module): PBO 105, TRT 95
    const summary = await page.getByTestId("explore-summary").innerText();
    expect(summary).toMatch(/PBO\s+105/);
    expect(summary).toMatch(/TRT\s+95/);
    await w.shot("explore");
  });

  it("builds the MMRM (UN, Kenward-Roger) and fits it", async () => {
    const { page } = w;
    await page.locator('[data-step="model"]').click();
    await page.getByTestId("template-mmrm").click();
    await page.getByTestId("model-outcome").selectOption("FEV1");
    await page.getByTestId("model-baseline").selectOption("");
    await page.getByTestId("model-covariates").selectOption(["RACE", "SEX"]);
    await page.getByTestId("model-structure").selectOption("us");
    await page.getByTestId("model-ddf").selectOption("kenward-roger");
    await expect.poll(() => page.getByTestId("formula-preview").innerText()).toBe("FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)");
    await w.shot("model");
    await page.getByTestId("fit-button").click();
    await page.getByTestId("convergence").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("convergence").getAttribute("data-converged")).toBe("true");
    await w.shot("results");
  });

  it("shows the VIS4 TRT − PBO difference that SAS prints, within the precision shown", async () => {
    const { page } = w;
    const row = page.locator('[data-table="differences"] tbody tr').filter({ has: page.locator('td[data-key="AVISIT"]', { hasText: /^VIS4$/ }) });
    expect(await row.count()).toBe(1);
    shownVis4 = (await row.locator('td[data-key="estimate"]').innerText()).trim();
    withinShown(shownVis4, SAS_VIS4);
    await row.scrollIntoViewIfNeeded();
    await w.shot("differences");
  });

  it("copies the differences table to the clipboard as the screen shows it", async () => {
    const { page } = w;
    await page.locator('[data-table="differences"] button.copy').click();
    // (this file is type-checked with Node's types: the page's navigator is described here)
    const text = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    const lines = text.trim().split("\n").map((l) => l.split("\t"));
    expect(lines[0].slice(0, 3)).toEqual(["Difference", "AVISIT", "Estimate"]);
    expect(lines.find((l) => l[1] === "VIS4")?.[2]).toBe(shownVis4);
  });

  it("compares residual structures by AIC, as the command line does", async () => {
    // `longitude structures --data fev_data.csv --spec test/fixtures/report/fev-mmrm-kr.spec.json` (2026-11-21):
    // smallest AIC us (3406.4), smallest BIC csh (3424.4), all seven converge
    const { page } = w;
    await page.getByTestId("compare-structures").click();
    await page.getByTestId("structure-table").waitFor({ timeout: 120_000 });
    const choice = await page.getByTestId("structure-choice").innerText();
    expect(choice).toContain("Smallest AIC: Unstructured (UN)");
    expect(choice).toContain("Smallest BIC: Heterogeneous Compound Symmetry (CSH)");
    expect(await page.getByTestId("structure-table").innerText()).toContain("3406.4");
    await page.getByTestId("structure-table").scrollIntoViewIfNeeded();
    await w.shot("structures");
  });

  it("exports the PDF and CSV, and both hold that number", async () => {
    const { page } = w;
    await page.locator('[data-step="report"]').click();
    await page.getByTestId("export-dir").fill(exportDir);
    await page.getByTestId("export-button").click();
    await page.getByTestId("export-files").waitFor({ timeout: 60_000 });
    await w.shot("report-exported");
    for (const f of ["report.pdf", "differences.csv", "ard.csv", "fit.json"]) expect(existsSync(join(exportDir, f)), f).toBe(true);

    const pdf = spawnSync("pdftotext", ["-layout", join(exportDir, "report.pdf"), "-"], { encoding: "utf8" });
    expect(pdf.status).toBe(0);
    const line = pdf.stdout.split("\n").find((l) => /TRT - PBO\s+VIS4\s/.test(l));
    expect(line, "a VIS4 row in the PDF's differences table").toBeDefined();
    const printed = line!.trim().split(/\s+/)[4]; // TRT, -, PBO, VIS4, estimate
    expect(printed).toBe(shownVis4); // the screen and the PDF print the same table

    const diffs = Papa.parse<Record<string, string>>(readFileSync(join(exportDir, "differences.csv"), "utf8").trim(), { header: true }).data;
    const csvVis4 = Number(diffs.find((d) => d.AVISIT === "VIS4")!.estimate);
    withinShown(shownVis4, csvVis4); // the CSV has all digits; the screen rounds it
    expect(Math.abs(csvVis4 - SAS_VIS4)).toBeLessThan(5e-4);
  });

  it("shows the audit trail of the walk, and verifies it", async () => {
    const { page } = w;
    await page.locator('[data-step="audit"]').click();
    const table = await page.getByTestId("audit-table").innerText();
    for (const action of ["study.create", "dataset.import", "fit.save", "report.export"]) expect(table).toContain(action);
    await page.getByTestId("verify-audit").click();
    await expect.poll(() => page.getByTestId("audit-verdict").innerText()).toMatch(/^The audit trail is intact: \d+ events, each hash chained to the one before\.$/);
    await w.shot("audit");
  });

  it("raised no console errors and sent nothing beyond 127.0.0.1", () => {
    expect(w.consoleErrors).toEqual([]);
    expect(w.outside).toEqual([]);
  });
});
