/**
 * The demo study (src-main/services/demo.ts), seeded by LongitudeService.open({ seedDemo: true }) on a new
 * database: the simulated FEV1 trial fev_data.csv (R's mmrm package; 800 rows, 10 columns, 200 subjects) and
 * its published MMRM (src-main/demo/fev_mmrm.spec.json).
 *
 * Sources of the expected values: the bundled files themselves (SHA-256 computed here with node:crypto, the
 * spec read here with JSON.parse); the suggested roles of fev_data.csv as asserted in
 * test/main/importers/mapping.test.ts; SAS PROC MIXED's −2 Res Log Likelihood 3386.44987722 in
 * test/reference/expected/sas_fev_mmrm_us_satterthwaite.json, with the 1e-3 log-likelihood tolerance of
 * test/reference/fit.test.ts.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisSpec } from "../../../src-core/index.js";
import type { ServiceEvent } from "../../../src-main/api/contract.js";
import { demoFiles } from "../../../src-main/demo/demo.js";
import { DEMO_STUDY } from "../../../src-main/services/demo.js";
import { LongitudeService } from "../../../src-main/services/service.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const SPEC = JSON.parse(readFileSync(demoFiles().spec, "utf8")) as AnalysisSpec;
const SAS = JSON.parse(readFileSync(join(ROOT, "test", "reference", "expected", "sas_fev_mmrm_us_satterthwaite.json"), "utf8")) as { expected: { m2logLik: number } };
// test/main/importers/mapping.test.ts, "maps what matches in fev_data.csv and leaves the rest unset"
const FEV_ROLES = { subject: "USUBJID", visit: "AVISIT", visitOrder: null, time: null, arm: "ARMCD", outcome: null, baseline: null, parameter: null, site: null, filters: [] };

const dir = mkdtempSync(join(tmpdir(), "longitude-demo-"));
const open: LongitudeService[] = [];
async function openService(name: string, seedDemo: boolean): Promise<LongitudeService> {
  const s = await LongitudeService.open({ dbPath: join(dir, name), seedDemo });
  open.push(s);
  return s;
}
afterAll(() => {
  for (const s of open) if (s.db.open) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the demo study on a new database", () => {
  let service: LongitudeService;
  beforeAll(async () => { service = await openService("first-run.sqlite", true); });

  it("is one study, marked as the demo, named as DEMO_STUDY, with one dataset", async () => {
    const studies = await service.listStudies();
    expect(studies.length).toBe(1);
    expect(studies[0]).toMatchObject({ name: DEMO_STUDY, isDemo: true, datasets: 1 });
    expect(studies[0].name).toBe("Demo study: FEV1 trial (simulated data)");
    expect(studies[0].description).toMatch(/Simulated data: fev_data from the R package mmrm/);
  });

  it("holds fev_data.csv as bundled: 800 rows, 10 columns, the file's SHA-256", async () => {
    const [study] = await service.listStudies();
    const datasets = await service.listDatasets();
    expect(datasets.length).toBe(1);
    const sha = createHash("sha256").update(readFileSync(demoFiles().data)).digest("hex");
    expect(datasets[0]).toMatchObject({ studyId: study.studyId, name: "fev_data.csv", version: 1, format: "csv", rows: 800, columns: 10, sha256: sha });
    expect(sha).toBe("918cbdf0c381505e68bce2232066ae49fb08543cd0267685992a00acd4173450"); // sha256sum test/reference/data/fev_data.csv
    // 263 FEV1 values missing (test/reference/README; csv.test.ts).
    const rows = await service.datasetRows(datasets[0].datasetId, 0, 1000);
    expect(rows.filter((r) => r[6] === null).length).toBe(263);
  });

  it("has one saved analysis: the spec of fev_mmrm.spec.json, with the suggested roles", async () => {
    const [study] = await service.listStudies();
    const [dataset] = await service.listDatasets();
    const analyses = await service.listAnalyses(study.studyId);
    expect(analyses.length).toBe(1);
    expect(analyses[0]).toMatchObject({ studyId: study.studyId, datasetId: dataset.datasetId, name: "MMRM: FEV1 by arm and visit (unstructured)" });
    expect(analyses[0].spec).toEqual(SPEC);
    expect(analyses[0].spec.formula).toBe("FEV1 ~ RACE + SEX + ARMCD * AVISIT + us(AVISIT | USUBJID)");
    expect(analyses[0].roles).toEqual(FEV_ROLES);
    expect((await service.getDataset(dataset.datasetId)).roles).toEqual(FEV_ROLES);
  });

  it("is recorded in the audit trail: study.create (demo), dataset.import, analysis.save; the chain verifies", async () => {
    const log = (await service.listAudit()).reverse();
    expect(log.map((e) => e.action)).toEqual(["study.create", "dataset.import", "analysis.save"]);
    expect(log[0].details).toMatchObject({ name: DEMO_STUDY, demo: true });
    expect(await service.verifyAudit()).toEqual({ ok: true, events: 3 });
  });

  it("fitted through the service, gives SAS's −2 Res Log Likelihood 3386.44987722 (log L within 1e-3)", async () => {
    const { build } = (await import(new URL("../../../bin/build.js", import.meta.url).href)) as { build: (names?: string[]) => void };
    build(["fit-worker"]);
    const [study] = await service.listStudies();
    const [analysis] = await service.listAnalyses(study.studyId);
    const seen: ServiceEvent[] = [];
    const off = service.subscribe((e) => seen.push(e));
    const { jobId } = await service.startFit({ datasetId: analysis.datasetId, spec: analysis.spec, analysisId: analysis.analysisId });
    const fit = await service.waitForFit(jobId);
    off();
    expect(fit).toMatchObject({ datasetId: analysis.datasetId, analysisId: analysis.analysisId, converged: true });
    const sasLogLik = -SAS.expected.m2logLik / 2;
    expect(SAS.expected.m2logLik).toBe(3386.44987722);
    expect(Math.abs(fit.result.logLik - sasLogLik)).toBeLessThanOrEqual(1e-3);
    expect(fit.result.nobs).toBe(537); // 800 rows − 263 missing FEV1
    expect(seen.at(-1)).toEqual({ kind: "fit-done", jobId, fitId: fit.fitId, converged: true });
    expect(await service.listFits(analysis.datasetId)).toEqual([{ fitId: fit.fitId, datasetId: analysis.datasetId, analysisId: analysis.analysisId, converged: true, createdAt: fit.createdAt }]);
    const [event] = await service.listAudit({ limit: 1 });
    expect(event).toMatchObject({ action: "fit.save", studyId: study.studyId, details: { fitId: fit.fitId, analysisId: analysis.analysisId } });
  });

  it("is not made again when the same file is opened again", async () => {
    const before = { studies: await service.listStudies(), datasets: await service.listDatasets(), audit: await service.listAudit() };
    const again = await openService("first-run.sqlite", true);
    expect(await again.listStudies()).toEqual(before.studies);
    expect(await again.listDatasets()).toEqual(before.datasets);
    expect(await again.listAnalyses(before.studies[0].studyId)).toEqual(await service.listAnalyses(before.studies[0].studyId));
    expect(await again.listAudit()).toEqual(before.audit);
    again.close();
  });
});

describe("without seedDemo", () => {
  it("a new database stays empty, and is not seeded later, since it is no longer new", async () => {
    const service = await openService("no-demo.sqlite", false);
    expect(await service.listStudies()).toEqual([]);
    expect(await service.listDatasets()).toEqual([]);
    expect(await service.verifyAudit()).toEqual({ ok: true, events: 0 });
    service.close();
    const later = await openService("no-demo.sqlite", true);
    expect(await later.listStudies()).toEqual([]);
    expect(await later.verifyAudit()).toEqual({ ok: true, events: 0 });
    later.close();
  });
});
