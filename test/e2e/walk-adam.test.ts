/**
 * The ADaM walk: import ADADAS (CDISC pilot, Dataset-JSON) with the ADaM auto-mapping, choose the ACTOT
 * parameter and the efficacy and analysis flags, and fit the MMRM of change from baseline. Expected values:
 * the same model fitted by the command line (`longitude fit --data adadas.json --spec adadas-actot.spec.json`,
 * the spec of test/fixtures/cdisc, whose where filter is the one the screen builds), so the walk must have
 * selected the same rows and built the same model; the differences on screen must be that fit's, as printed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatEstimate } from "../../src-core/present/format.js";
import type { FitResult } from "../../src-core/result.js";
import { browserAvailable, launchBrowser, ROOT, startHost, watchedPage, type Host, type Watched } from "./harness.js";

const ADADAS = join(ROOT, "test", "fixtures", "cdisc", "adadas.json");
const SPEC = join(ROOT, "test", "fixtures", "cdisc", "adadas-actot.spec.json");

describe.skipIf(!browserAvailable())("the ADaM walk (ADADAS, ACTOT) in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "longitude-e2e-adam-"));
  let host: Host;
  let browser: Browser;
  let w: Watched;
  let cli: FitResult;

  beforeAll(async () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "longitude.js"), "fit", "--data", ADADAS, "--spec", SPEC, "--json"], { encoding: "utf8", maxBuffer: 1 << 28 });
    expect(r.status, r.stderr).toBe(0);
    cli = JSON.parse(r.stdout) as FitResult;
    host = await startHost(join(dir, "app.sqlite"), join(dir, "exports"));
    browser = await launchBrowser();
    w = await watchedPage(browser, host, "adam");
  });
  afterAll(async () => {
    await browser?.close();
    expect(await host?.stop()).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports adadas.json and suggests the ADaM roles", async () => {
    const { page } = w;
    await page.goto(host.url);
    await page.getByTestId("new-study-name").fill("CDISC pilot (e2e)");
    await page.getByTestId("create-study").click();
    await page.getByTestId("go-import").click();
    await page.getByTestId("file-input").setInputFiles(ADADAS);
    await page.getByTestId("preview").waitFor();
    await w.shot("preview");
    await page.getByTestId("import-button").click();
    await page.getByTestId("data-table").waitFor();
    expect(await page.getByTestId("data-table").getAttribute("data-total")).toBe("12463"); // README of test/fixtures/cdisc
    const suggested = Object.fromEntries(await Promise.all(["subject", "visit", "visitOrder", "arm", "baseline", "parameter"].map(async (r) => [r, await page.getByTestId(`role-${r}`).inputValue()])));
    expect(suggested).toEqual({ subject: "USUBJID", visit: "AVISIT", visitOrder: "AVISITN", arm: "TRTP", baseline: "BASE", parameter: "PARAMCD" });
  });

  it("filters on PARAMCD and the population flags", async () => {
    const { page } = w;
    await page.getByTestId("role-outcome").selectOption("CHG");
    await page.getByTestId("parameter-value").selectOption("ACTOT");
    await page.getByTestId("filter-EFFFL").selectOption("Y");
    await page.getByTestId("filter-ANL01FL").selectOption("Y");
    await page.getByTestId("where-extra").fill('AVISITN > 0 & DTYPE != "LOCF"');
    await page.getByTestId("apply-mapping").click();
    await page.getByTestId("findings").waitFor();
    await expect.poll(() => page.getByTestId("where-preview").innerText()).toContain('PARAMCD == "ACTOT"');
    await w.shot("filters-checked");
  });

  it("fits the MMRM of change from baseline on the filtered rows", async () => {
    const { page } = w;
    await page.getByTestId("to-model").click();
    await page.getByTestId("template-mmrm").click();
    await page.getByTestId("model-covariates").selectOption(["SITEGR1"]);
    await page.getByTestId("model-ref-arm").selectOption("Placebo");
    await expect.poll(() => page.getByTestId("formula-preview").innerText()).toBe("CHG ~ BASE + SITEGR1 + TRTP * AVISIT + us(AVISIT | USUBJID)");
    await w.shot("model");
    await page.getByTestId("fit-button").click();
    await page.getByTestId("convergence").waitFor({ timeout: 60_000 });
    expect(await page.getByTestId("convergence").getAttribute("data-converged")).toBe("true");
    await w.shot("results");
  });

  it("shows the command line's differences for the same rows and model", async () => {
    const { page } = w;
    const header = await page.getByTestId("fit-header").innerText();
    expect(header).toContain(`${cli.nobs} used`);
    const rows = await page.locator('[data-table="differences"] tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      label: tr.querySelector('td[data-key="label"]')?.textContent?.trim(),
      visit: tr.querySelector('td[data-key="AVISIT"]')?.textContent?.trim(),
      estimate: tr.querySelector('td[data-key="estimate"]')?.textContent?.trim(),
    })));
    expect(rows).toHaveLength(cli.contrasts.length);
    for (const c of cli.contrasts) {
      const row = rows.find((r) => r.label === c.label && r.visit === c.levels.AVISIT);
      expect(row, `${c.label} at ${c.levels.AVISIT}`).toBeDefined();
      expect(row!.estimate).toBe(formatEstimate(c.estimate));
    }
  });

  it("raised no console errors and sent nothing beyond 127.0.0.1", () => {
    expect(w.consoleErrors).toEqual([]);
    expect(w.outside).toEqual([]);
  });
});
